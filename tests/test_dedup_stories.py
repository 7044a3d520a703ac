"""Near-duplicate grouping: one syndicated release is one story; different stories stay apart."""
from __future__ import annotations

import itertools
from pathlib import Path

from kdeal.pipeline.dedup import StoryIndex, group_stories, shingles, signature, similarity, story_id_of
from kdeal.pipeline.parse import parse_response

from kdeal.records import Article

FIXTURES = Path(__file__).parent / "fixtures" / "html"

# A press release written for this test (no real companies).
RELEASE = (
    "가온테크는 나래소프트와 스마트 물류 플랫폼 공동 개발을 위한 업무협약을 체결했다고 12일 밝혔다. "
    "이번 협약에 따라 두 회사는 창고 자동화 솔루션과 배송 경로 최적화 기술을 결합해 중소 유통사 30여 곳에 "
    "공급할 계획이다. 가온테크는 하드웨어 설계와 현장 구축을, 나래소프트는 데이터 분석과 운영 소프트웨어를 맡는다. "
    "양사는 내년 상반기까지 시범 사업을 마치고 하반기부터 본격적인 상용 서비스를 시작할 예정이다. "
    "가온테크 대표는 \"두 회사의 강점을 모아 물류 현장의 비용을 크게 낮추겠다\"고 말했다."
)


def _outlet_copy(n: int) -> Article:
    """How outlets rewrap a release: dateline, byline, copyright line, paragraphing."""
    heads = ["", "[서울=뉴스와이어] ", "(서울=연합) ", "【서울=가상일보】 "]
    tails = ["", "\n\n김기자 기자 kim@example.com", "\n\n<저작권자 ⓒ 가상경제, 무단전재 및 재배포 금지>",
             "\n\n박기자 기자\n\n무단 전재-재배포 금지"]
    body = RELEASE if n % 2 else RELEASE.replace(". ", ".\n\n")
    return Article(doc_id=f"outlet{n}", text=heads[n % 4] + body + tails[(n // 2) % 4],
                   url=f"https://outlet{n}.example/news/1", outlet=f"outlet{n}")


def test_a_release_carried_by_ten_outlets_is_one_story_with_ten_sources():
    stories = group_stories(_outlet_copy(n) for n in range(10))
    assert len(stories) == 1
    assert stories[0].doc_ids == tuple(f"outlet{n}" for n in range(10))
    assert len(set(stories[0].urls)) == 10


def test_different_real_articles_are_different_stories():
    articles = [parse_response(p.read_bytes(), f"file:///{p.name}", "text/html")[0]
                for p in sorted(FIXTURES.glob("*.html"))]
    stories = group_stories(articles)
    assert len(stories) == len(articles)
    sigs = [signature(a.text) for a in articles]
    assert max(similarity(a, b) for a, b in itertools.combinations(sigs, 2)) < 0.2


def test_a_different_release_on_the_same_topic_is_another_story():
    other = RELEASE.replace("나래소프트", "다온시스템").replace("스마트 물류 플랫폼", "전기차 충전 인프라") \
        .replace("창고 자동화 솔루션과 배송 경로 최적화 기술", "급속 충전기와 요금 정산 시스템") \
        .replace("중소 유통사 30여 곳", "공공 주차장 200여 곳").replace("물류 현장의 비용", "충전 대기 시간")
    stories = group_stories([Article("a", RELEASE), Article("b", other)])
    assert len(stories) == 2


def test_story_ids_are_stable_and_returned_on_add():
    index = StoryIndex()
    first = index.add(_outlet_copy(0))
    assert index.add(_outlet_copy(5)) == first
    assert first == story_id_of(signature(_outlet_copy(0).text))
    assert index.add(Article("empty", "… !")) is None


def test_spacing_and_punctuation_do_not_change_the_signature():
    assert shingles("가온테크, 나래소프트와 협약") == shingles("가온테크 나래소프트와  협약!")
    assert similarity(signature("가온테크, 나래소프트와 협약을 맺었다"), signature("가온테크 나래소프트와  협약을 맺었다!")) == 1.0
    assert signature("") is None
