"""Stories in the tracker: copies of one text (a syndicated press release) share a ``story_id``.

A story keeps the MinHash signature of its first document (``stories``) and
its LSH band keys (``story_bands``): a new document reads only the stories
that share a band with it and joins the most similar one at or above the
threshold, or starts a story of its own. Deals reported by documents of one
story are one deal whatever their dates (see ``sink.write_result``).
"""
from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from ..dedup import DEFAULT_THRESHOLD, band_keys, decode, encode, signature, similarity, story_id_of
from . import schema as s
from .dialect import insert_ignore


def story_for(conn: Connection, doc_id: str, text: str, threshold: float = DEFAULT_THRESHOLD) -> str | None:
    """The story of ``text`` (made if there is none yet); None for a text without word characters."""
    sig = signature(text)
    if sig is None:
        return None
    keys = band_keys(sig)
    b = s.story_bands.c
    near = conn.execute(select(s.stories.c.story_id, s.stories.c.signature).where(s.stories.c.story_id.in_(
        select(b.story_id).where(or_(*[and_(b.band == i, b.key == k) for i, k in enumerate(keys)]))))).all()
    scored = sorted((-similarity(sig, decode(signature_hex)), story_id) for story_id, signature_hex in near)
    if scored and -scored[0][0] >= threshold:
        return scored[0][1]
    story = story_id_of(sig)
    insert_ignore(conn, s.stories, [{"story_id": story, "signature": encode(sig), "first_doc_id": doc_id}])
    insert_ignore(conn, s.story_bands, [{"band": i, "key": k, "story_id": story} for i, k in enumerate(keys)])
    return story
