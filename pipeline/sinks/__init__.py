"""Sinks: where results go. Exporters are separate from extraction.

Every sink takes ``DocResult`` and ``DocError`` records and serialises the
same fields (the ``to_json`` of the records), so the formats cannot drift.
"""
from .base import MultiSink, Sink
from .files import CsvDealsSink, JsonlSink, OutputDir, StreamSink

__all__ = ["Sink", "MultiSink", "JsonlSink", "CsvDealsSink", "OutputDir", "StreamSink"]
