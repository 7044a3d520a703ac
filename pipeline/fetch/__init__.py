"""Polite, bounded fetching over HTTP(S) (the fetch stage)."""
from .fetcher import Fetcher, FetchResult, parse_retry_after
from .policy import FetchPolicy
from .urls import refusal

__all__ = ["Fetcher", "FetchPolicy", "FetchResult", "parse_retry_after", "refusal"]
