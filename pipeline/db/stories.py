"""Stories in the tracker: copies of one text (a syndicated press release) share a ``story_id``.

A story is named after the SimHash fingerprint of its first document; its
band keys go into ``story_bands``, so a new document reads only the stories
that share a band with it and joins the nearest one within the distance, or
starts a story of its own. Deals reported by documents of one story are one
deal whatever their dates (see ``sink.write_result``).
"""
from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from ..dedup import DEFAULT_MAX_DISTANCE, band_keys, closest, simhash
from . import schema as s
from .dialect import insert_ignore


def story_for(conn: Connection, text: str, max_distance: int = DEFAULT_MAX_DISTANCE) -> str | None:
    """The story of ``text`` (made if there is none yet); None for a text without word characters."""
    fp = simhash(text)
    if fp == 0:
        return None
    keys = band_keys(fp, max_distance)
    b = s.story_bands.c
    near = conn.execute(select(b.story_id).where(or_(*[and_(b.band == i, b.key == k)
                                                      for i, k in enumerate(keys)])).distinct()).scalars()
    story = closest(fp, {sid: int(sid, 16) for sid in near}, max_distance)
    if story is not None:
        return story
    story = f"{fp:016x}"
    insert_ignore(conn, s.story_bands, [{"band": i, "key": k, "story_id": story} for i, k in enumerate(keys)])
    return story
