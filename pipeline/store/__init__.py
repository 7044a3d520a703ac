"""The raw store: every fetched response archived as WARC, with an index.

Extraction can always be rerun from here with no network, and every record
can be traced to the exact bytes it came from.
"""
from .raw import DEFAULT_ROOT, RawStore, RecordLocation, StoredRecord
from .replay import articles_from_store

__all__ = ["DEFAULT_ROOT", "RawStore", "RecordLocation", "StoredRecord", "articles_from_store"]
