"""Extraction pipeline for Vietnamese public plans (KẾ HOẠCH) and related documents."""
__version__ = "0.2.0"

__all__ = ["Extraction", "extract", "extract_many", "find_inputs", "to_dataframes"]


def __getattr__(name):  # the stages load only when used, so `plans --help` starts fast
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
