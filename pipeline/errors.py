"""Typed errors. The CLI turns each into one line: file, reason, what to do."""
from __future__ import annotations


class PlansError(Exception):
    """Base class of the pipeline's own errors."""


class InputError(PlansError):
    """A file that cannot be read as a plan. Carries the path, the reason and a hint."""

    def __init__(self, path: str, reason: str, hint: str = ""):
        super().__init__(f"{path}: {reason}" + (f" ({hint})" if hint else ""))
        self.path = path
        self.reason = reason
        self.hint = hint


class GoldError(PlansError):
    """A gold annotation file that does not follow ../shared/gold/README.md."""
