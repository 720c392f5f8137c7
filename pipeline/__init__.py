"""Extraction pipeline for Vietnamese public plans (KẾ HOẠCH) and related documents."""
from .api import Extraction, extract, extract_many, find_inputs, to_dataframes

__all__ = ["Extraction", "extract", "extract_many", "find_inputs", "to_dataframes"]
