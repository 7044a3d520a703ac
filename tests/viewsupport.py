"""An invented news corpus for the researchers' views (report, exports, browse).

Made-up companies and sentences: pairs, a counted group, a planned and a negated
deal, a supply contract with an amount, a three-party consortium, on dates across
two months, each with a source URL. ``extracted`` runs the real pipeline over it
once per test session (JSONL output folder and a tracker SQLite database).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

NEWS = (
    ("n1", "2026-03-02", "가온전자는 누리바이오와 업무협약을 체결했다."),
    ("n2", "2026-03-05", "하람전자는 15개 협력사와 상생협약을 맺었다."),
    ("n3", "2026-03-09", "가온전자와 다솜로보틱스㈜는 자율주행 로봇을 공동 개발하기로 했다."),
    ("n4", "2026-04-01", "누리바이오는 라온제약㈜과 200억원 규모의 공급 계약을 맺었다."),
    ("n5", "2026-04-03", "가온전자는 새봄테크와의 합작 계획을 철회했다."),
    ("n6", "2026-04-20", "(주)한빛소재, 누리바이오, 가온전자가 컨소시엄을 구성했다."),
    ("n7", "2026-04-22", "가온전자는 누리바이오와 업무협약을 체결했다고 밝혔다."),
)
COMPANIES = ("가온전자", "누리바이오", "다솜로보틱스", "라온제약", "한빛소재", "하람전자")
NEGATED_PARTNER = "새봄테크"  # only in a withdrawn deal: no partner pair


def write_news(path: Path) -> Path:
    lines = [json.dumps({"id": i, "text": text, "published": day, "title": f"기사 {i}",
                         "url": f"https://news.example/{i}", "outlet": "예시신문"}, ensure_ascii=False)
             for i, day, text in NEWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Extracted:
    out: Path  # kdeal extract --out folder
    db_url: str  # the tracker database it also wrote


def extract_news(base: Path, db_url: str | None = None) -> Extracted:
    from kdeal.pipeline.cli import main

    news = write_news(base / "news.jsonl")
    out = base / "out"
    db_url = db_url or f"sqlite:///{base / 'tracker.sqlite'}"
    assert main(["-q", "extract", str(news), "--out", str(out), "--db", db_url, "--workers", "1"]) == 0
    return Extracted(out, db_url)
