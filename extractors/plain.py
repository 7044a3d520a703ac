"""Records as plain values (dicts, tuples, strings, numbers) and back.

What a component leaves on a ``Doc`` must survive ``DocBin(store_user_data=True)``,
which writes ``doc.user_data`` with msgpack: frozen dataclasses cannot go there, their
plain form can. ``to_plain`` is lossless (every field, internal ones included, unlike
``to_json``, which is the output contract), and ``from_plain`` rebuilds equal records
from the field types, so a field added to a record needs no change here.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")


# Values msgpack writes as they are (checked first: most fields are one of these).
_SCALARS = (str, int, float, bool, type(None))


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...] | None:
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def to_plain(value: Any) -> Any:
    """A dataclass as a dict of its fields, recursively; tuples and lists become lists."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, (tuple, list)):
        return [to_plain(v) for v in value]
    names = _field_names(type(value))
    if names is None:
        return value
    return {name: to_plain(getattr(value, name)) for name in names}


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(hint: Any, value: Any) -> Any:
    """``value`` (plain) as the type ``hint`` says: dataclasses, optionals and tuples of them."""
    if value is None:
        return None
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_plain(hint, value)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        item = args[0] if args else Any
        return tuple(_convert(item, v) for v in value)
    if origin is list:
        return [_convert(args[0] if args else Any, v) for v in value]
    return value


def from_plain(cls: type[T], data: dict[str, Any]) -> T:
    """The record of type ``cls`` whose plain form is ``data`` (as made by ``to_plain``)."""
    hints = _hints(cls)
    return cls(**{k: _convert(hints.get(k, Any), v) for k, v in data.items()})  # type: ignore[call-arg]
