"""Hand-built DocResults for the tracker tests: made-up names, no Kiwi needed."""
from __future__ import annotations

import hashlib

from kdeal.records import (
    Article,
    Deal,
    DocResult,
    Evidence,
    Group,
    Mention,
    Party,
    Source,
    make_deal_id,
)


def filler(doc_id: str, chars: int = 48) -> str:
    """Syllables that differ from document to document, so two documents built here are different
    texts (not copies of one story) unless a test says otherwise."""
    digest = hashlib.sha256(doc_id.encode("utf-8")).digest() * 2
    return "".join(chr(0xAC00 + (digest[i] * 41 + digest[i + 1]) % 11172) for i in range(chars))


def doc(doc_id: str, parties: list[tuple[str, str]], *, published: str | None = "2026-03-02",
        url: str | None = None, deal_type: str = "partnership", status: str = "done",
        group: Group | None = None, title: str | None = None) -> DocResult:
    """A one-sentence document in which the named parties (name, side) make one deal."""
    sentence = "".join(n for n, _ in parties) + " 협약 체결"
    text = f"{title or doc_id} 보도. {filler(doc_id)}. {sentence}."
    start = text.index(sentence)
    mentions, ps, pos = [], [], start
    for name, side in parties:
        mentions.append(Mention(doc_id, pos, pos + len(name), name, name, "company", source="test"))
        ps.append(Party(name, name, "company", side, pos, pos + len(name)))
        pos += len(name)
    article = Article(doc_id=doc_id, text=text, url=url, title=title, published=published,
                      origin=f"test:{doc_id}")
    deals = ()
    if ps:
        ev = Evidence(sentence, start, start + len(sentence))
        deal_id = make_deal_id(doc_id, deal_type, tuple(ps), group, ev.start)
        deals = (Deal(deal_id, doc_id, deal_type, status, tuple(ps), ev, group=group,
                      source=Source.of(article)),)
    return DocResult(article=article, mentions=tuple(mentions), deals=deals)
