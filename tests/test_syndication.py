"""One deal, one row: a deal restated in one document, or carried by copies of one press release
on several outlets, is one ``deals`` row with one evidence row per statement (SQLite and PostgreSQL).

The release and the outlets are invented; pages come from real servers on
127.0.0.2.. and go through real extraction.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from dbsupport import count_rows, db_url, rows  # noqa: F401
from hostsupport import MultiSite, multi_sources
from kdeal.pipeline.db.migrate import upgrade
from kdeal.pipeline.db.sink import connect, create_db_engine
from kdeal.pipeline.ingest import ingest
from kdeal.pipeline.options import ExtractOptions
from kdeal.pipeline.sources import load_sources
from sitesupport import write_companies

RELEASE = ("가온테크는 누리바이오와 물류 자동화 업무협약을 체결했다고 12일 밝혔다. 두 회사는 창고 로봇과 배송 경로 "
           "최적화 기술을 결합해 중소 유통사에 공급할 계획이다. 가온테크는 하드웨어 설계와 현장 구축을, 누리바이오는 "
           "데이터 분석과 운영 소프트웨어를 맡는다. 양사는 내년 상반기까지 시범 사업을 마치고 하반기부터 본격적인 상용 "
           "서비스를 시작할 예정이다. 시범 사업은 수도권 물류센터 세 곳에서 진행되며 하루 처리 물량을 기존보다 "
           "30% 이상 늘리는 것이 목표다. 창고 로봇은 선반을 통째로 옮겨 작업자가 걷는 거리를 줄이고, 경로 최적화 "
           "기술은 배송 차량의 운행 거리를 줄여 연료비를 아낀다. 업계에서는 인력난을 겪는 중소 유통사의 수요가 클 "
           "것으로 보고 있다. 회사 측은 올해 안에 전담 조직을 꾸리고 관련 인력을 채용할 방침이라고 설명했다. "
           "가온테크 대표는 누리바이오와의 업무협약 체결로 사업이 커질 것이라고 말했다.")
HEADS = ["", "[서울=가상뉴스와이어] ", "(서울=가상통신) "]
TAILS = ["", "김기자 기자 kim@example.com", "<저작권자 ⓒ 가상경제, 무단전재 및 재배포 금지>"]
DATES = ["2026-01-12", "2026-05-20", "2026-11-02"]  # months apart: far outside the 30-day window


def _page(n: int) -> str:
    body = "".join(f"<p>{s}.</p>" for s in (HEADS[n] + RELEASE).split(". ") if s)
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>가온테크, 누리바이오와 업무협약</title>'
            f'<meta property="article:published_time" content="{DATES[n]}T09:00:00+09:00"></head>'
            f"<body><article><h1>가온테크, 누리바이오와 업무협약</h1>{body}<p>{TAILS[n]}</p></article></body></html>")


@pytest.fixture(scope="module")
def options(tmp_path_factory):
    from kdeal.pipeline.nlp import get_nlp

    opts = ExtractOptions(company_files=(str(write_companies(tmp_path_factory.mktemp("synd-names"))),))
    get_nlp(opts)
    return opts


@pytest.fixture
def outlets():
    site = MultiSite(hosts=3, pages=1).start()
    for n in range(3):
        site.bodies[f"{site.base(n)}/news/0"] = _page(n)
    yield site
    site.stop()


def test_a_release_carried_by_three_outlets_is_one_story_and_one_deal(tmp_path, outlets, db_url, options):
    src = multi_sources(tmp_path, outlets, delay=0.0, concurrency=3)
    summary = ingest(load_sources(src), db_url, options=options, show_progress=False)
    assert summary.documents == 3
    stories = rows(db_url, "SELECT DISTINCT story_id FROM documents")
    assert len(stories) == 1 and stories[0][0] is not None
    deals = rows(db_url, "SELECT deal_id FROM deals")
    assert len(deals) == 1
    evidence = rows(db_url, "SELECT doc_id, sentence FROM deal_evidence ORDER BY doc_id, start")
    assert len({d for d, _ in evidence}) == 3  # every copy reports it
    assert len(evidence) == summary.reports and summary.deals == 1
    assert len(evidence) == 2 * 3  # each copy states it twice (the lead and the chief's quote)


def test_a_different_release_on_another_outlet_stays_another_story(tmp_path, outlets, db_url, options):
    outlets.bodies[f"{outlets.base(2)}/news/0"] = (
        '<!doctype html><html><head><meta charset="utf-8"><title>다솜로보틱스 투자</title></head><body><article>'
        "<p>다솜로보틱스는 라온소재와 전기차 충전 인프라 구축을 위한 업무협약을 체결했다고 3일 밝혔다.</p>"
        "<p>두 회사는 공공 주차장 200여 곳에 급속 충전기와 요금 정산 시스템을 설치한다.</p></article></body></html>")
    src = multi_sources(tmp_path, outlets, delay=0.0, concurrency=3)
    ingest(load_sources(src), db_url, options=options, show_progress=False)
    assert len(rows(db_url, "SELECT DISTINCT story_id FROM documents")) == 2
    assert count_rows(db_url, "deals") == 2


def test_existing_documents_are_put_into_stories_by_the_migration(db_url):
    eng = create_db_engine(db_url)
    upgrade(eng, "0002")
    now = datetime(2026, 1, 5, tzinfo=timezone.utc)
    texts = {"wire": RELEASE, "paper": HEADS[1] + RELEASE + TAILS[1], "other": "다솜로보틱스는 라온소재에 투자했다. " * 5}
    with eng.begin() as c:
        for i, (doc_id, text) in enumerate(texts.items()):
            c.execute(sa.text("INSERT INTO documents (doc_id, content_sha256, text, updated_at, first_seen_at) "
                              "VALUES (:d, :h, :t, :now, :now)"), {"d": doc_id, "h": str(i), "t": text, "now": now})
    eng.dispose()
    connect(db_url).dispose()  # opening upgrades to the head
    story = dict(rows(db_url, "SELECT doc_id, story_id FROM documents"))
    assert story["wire"] == story["paper"] != story["other"]
    assert count_rows(db_url, "stories") == 2 and count_rows(db_url, "story_bands") == 2 * 16  # 16 bands each


RESTATED = ('<!doctype html><html><head><meta charset="utf-8"><title>가온테크, 누리바이오와 업무협약 체결</title>'
            '<meta property="article:published_time" content="2026-03-12T09:00:00+09:00"></head><body><article>'
            "<p>가온테크는 누리바이오와 물류 자동화 업무협약을 체결했다고 12일 밝혔다.</p>"
            "<p>가온테크 대표는 누리바이오와의 업무협약 체결로 사업이 커질 것이라고 말했다.</p></article></body></html>")
FOLLOW_UP = ('<!doctype html><html><head><meta charset="utf-8"><title>물류 로봇 시장 커진다</title>'
             '<meta property="article:published_time" content="2026-03-20T09:00:00+09:00"></head><body><article>'
             "<p>중소 유통사의 창고 자동화 수요가 늘면서 관련 업체들의 협력이 이어지고 있다.</p>"
             "<p>앞서 가온테크는 누리바이오와 업무협약을 체결했다.</p></article></body></html>")


def test_a_deal_restated_in_one_article_and_again_in_another_is_one_row_with_a_report_each(
        tmp_path, db_url, options):
    site = MultiSite(hosts=1, pages=2).start()
    try:
        site.bodies[f"{site.base(0)}/news/0"] = RESTATED
        site.bodies[f"{site.base(0)}/news/1"] = FOLLOW_UP
        src = multi_sources(tmp_path, site, delay=0.0, concurrency=1)
        summary = ingest(load_sources(src), db_url, options=options, show_progress=False)
    finally:
        site.stop()
    assert count_rows(db_url, "deals") == 1
    evidence = rows(db_url, "SELECT doc_id FROM deal_evidence")
    assert sorted(d.rsplit("/", 1)[1] for (d,) in evidence) == ["0", "0", "1"]
    assert (summary.deals, summary.reports) == (1, 3)
    assert "1 new deals, 3 deal reports" in summary.line()
