"""The tracker database: companies, mentions, deals and evidence (SQLite or PostgreSQL)."""
from .schema import metadata
from .sink import DbSink, connect, write_result

__all__ = ["metadata", "DbSink", "connect", "write_result"]
