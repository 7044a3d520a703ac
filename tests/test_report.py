"""``kdeal report``: the offline HTML page, rendered and clicked in Debian's headless Chromium."""
from __future__ import annotations

import json
import re

import pytest
from browsersupport import Browser
from kdeal.pipeline.cli import main
from kdeal.pipeline.frames import frames_of_results, load_frames
from kdeal.pipeline.network import pair_table
from kdeal.pipeline.report import evidence_marks, render_report, report_data
from viewsupport import COMPANIES, NEGATED_PARTNER, extract_news

from kdeal.records import Article, Deal, DocResult, Evidence, Party, Source

NODE_NAMES = "[...document.querySelectorAll('#graph g.node.company')].map(n => n.dataset.name)"
CARDS = "[...document.querySelectorAll('#cards article.deal')]"


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    return extract_news(tmp_path_factory.mktemp("news"))


@pytest.fixture(scope="module")
def page(news, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["-q", "report", "--db", news.db_url, "--out", str(out)]) == 0
    return out


@pytest.fixture
def browser(tmp_path):
    with Browser(tmp_path / "profile") as b:
        yield b


def _centre(browser, selector):
    return browser.evaluate(f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
                            ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")


def test_the_page_is_one_file_that_fetches_nothing(page):
    html = page.read_text(encoding="utf-8")
    assert "default-src 'none'" in html  # the browser refuses every fetch
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)
    assert "d3js.org v7" in html  # the vendored library is inlined


def test_chromium_draws_the_companies_and_the_partner_graph(page, news, browser, tmp_path):
    browser.open(page.as_uri())
    names = browser.evaluate(NODE_NAMES)
    assert set(COMPANIES) <= set(names) and NEGATED_PARTNER not in names
    pairs = pair_table(load_frames(news.db_url))
    assert browser.evaluate("document.querySelectorAll('#graph g.edge:not(.hub-link)').length") == len(pairs)
    drawn = browser.evaluate("(() => { const r = document.querySelector('#graph .viewport').getBoundingClientRect();"
                             " const s = document.querySelector('#graph').getBoundingClientRect();"
                             " return [r.width, r.height, r.left >= s.left - 1, r.right <= s.right + 1]; })()")
    assert drawn[0] > 100 and drawn[1] > 100 and drawn[2] and drawn[3]  # laid out, and fitted into view
    assert browser.evaluate("document.querySelector('#hubs li').textContent") == "하람전자 — 15개 협력사"
    # n1 and n7 report one deal (one row, two reports); the withdrawn deal is hidden until asked for
    assert browser.evaluate(f"{CARDS}.length") == 5
    shot = browser.screenshot(tmp_path / "report.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    urls = browser.requested_urls()
    assert all(u.startswith(("file://", "data:")) for u in urls), urls  # data: the date input's own icon


def test_clicking_a_company_shows_its_deals_with_highlighted_evidence(page, browser):
    browser.open(page.as_uri())
    x, y = _centre(browser, '#graph g.node[data-name="라온제약"] circle')
    browser.click(x, y)
    browser.wait_for("document.getElementById('evidence-title').textContent.startsWith('라온제약')")
    cards = browser.evaluate(f"{CARDS}.map(c => c.textContent)")
    assert len(cards) == 1 and "200억원" in cards[0]
    marks = browser.evaluate("[...document.querySelectorAll('#cards mark')].map(m => [m.className, m.firstChild.textContent])")
    assert marks == [["ent ent-A", "누리바이오"], ["ent ent-B", "라온제약㈜"], ["ent ent-QTY", "200억원"]]
    link = browser.evaluate("document.querySelector('#cards .source a').href")
    assert link == "https://news.example/n4"


def test_clicking_a_partner_line_lists_every_deal_of_the_pair(page, browser):
    browser.open(page.as_uri())
    x, y = _centre(browser, '#graph g.edge[data-pair="가온전자|누리바이오"] line.hit')
    browser.click(x, y)
    browser.wait_for("document.getElementById('evidence-title').textContent.startsWith('가온전자 — 누리바이오')")
    assert browser.evaluate(f"{CARDS}.length") == 2  # n1 and n7 are one deal, n6 another
    assert browser.evaluate("document.querySelector('#graph g.edge.selected').dataset.pair") == "가온전자|누리바이오"


def test_filters_by_type_status_and_date(page, browser):
    browser.open(page.as_uri())

    def toggle(value):
        x, y = _centre(browser, f'#filters input[value="{value}"]')
        browser.click(x, y)

    toggle("negated")
    browser.wait_for(f"{CARDS}.length === 6")
    assert NEGATED_PARTNER not in browser.evaluate(NODE_NAMES)  # shown as evidence, never as a partner
    toggle("partnership")
    browser.wait_for(f"{CARDS}.length === 4")
    assert "하람전자" not in browser.evaluate(NODE_NAMES)
    browser.evaluate("(() => { const i = document.getElementById('date-from'); i.value = '2026-04-01';"
                     " i.dispatchEvent(new Event('change')); })()")
    browser.wait_for(f"{CARDS}.length === 3")
    days = browser.evaluate(f"{CARDS}.map(c => c.querySelector('.source').textContent.slice(-10))")
    assert all(d >= "2026-04-01" for d in days)


def test_a_report_from_the_output_folder_holds_the_same_deals(news, page, tmp_path):
    out = tmp_path / "folder.html"
    assert main(["-q", "report", "--from", str(news.out), "--out", str(out)]) == 0

    def data(path):
        text = path.read_text(encoding="utf-8")
        raw = re.search(r'<script type="application/json" id="kdeal-data">(.*?)</script>', text, re.S).group(1)
        d = json.loads(raw)
        return {k: v for k, v in d.items() if k not in ("generated", "origin")}

    mine, tracked = data(out), data(page)
    assert {x["id"] for x in mine["deals"]} >= {x["id"] for x in tracked["deals"]}
    assert mine["companies"] == tracked["companies"]


def test_data_cannot_inject_markup_or_script(tmp_path, browser):
    name = "<img src=x onerror=window.pwned=1>"
    sentence = f"{name}와 가온전자가 </script><script>window.pwned=2</script> 협약"
    article = Article("x", sentence, url="javascript:window.pwned=3", title="<b>제목</b>", published="2026-01-02")
    deal = Deal("d1", "x", "partnership", "done",
                (Party(name, name, "company", "a"), Party("가온전자", "가온전자", "company", "b")),
                Evidence(sentence, 0, len(sentence)), source=Source.of(article))
    html = render_report(report_data(frames_of_results([DocResult(article, deals=(deal,))]), "test"))
    page = tmp_path / "r.html"
    page.write_text(html, encoding="utf-8")
    browser.open(page.as_uri())
    assert browser.evaluate("window.pwned === undefined")
    assert name in browser.evaluate(NODE_NAMES)
    assert browser.evaluate("document.querySelectorAll('#cards a').length") == 0  # not an http(s) URL
    assert browser.evaluate("document.querySelector('#cards .source').textContent").startswith("<b>제목</b>")


def test_marks_prefer_the_longer_span_and_never_overlap():
    marks = evidence_marks("가온전자홀딩스와 가온전자", [("가온전자", "A"), ("가온전자홀딩스", "B")])
    assert [(m.start, m.end, m.label) for m in marks] == [(0, 7, "B"), (9, 13, "A")]


def test_report_without_input_is_one_line_error(tmp_path, capsys):
    assert main(["report", "--from", str(tmp_path), "--out", str(tmp_path / "r.html")]) == 1
    assert "no deals.jsonl" in capsys.readouterr().err
    assert main(["report", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}", "--out", str(tmp_path / "r.html")]) == 1
    assert not (tmp_path / "r.html").exists()


def test_the_seed_column_renders_with_its_partner_companies_and_groups(gold_dir, tmp_path, browser):
    """Measured against the gold file at run time (no gold name is written here)."""
    gold = json.loads((gold_dir / "seed" / "gold.json").read_text(encoding="utf-8"))
    out = tmp_path / "seed"
    assert main(["-q", "extract", str(gold_dir / "seed" / "article.txt"), "--out", str(out), "--workers", "1"]) == 0
    assert main(["-q", "report", "--from", str(out), "--out", str(tmp_path / "seed.html")]) == 0
    browser.open((tmp_path / "seed.html").as_uri())
    names = set(browser.evaluate(NODE_NAMES))
    assert {n for pair in gold["pairs"] for n in pair} <= names
    assert browser.evaluate("document.querySelectorAll('#graph g.edge:not(.hub-link)').length") >= len(gold["pairs"])
    assert browser.evaluate("document.querySelectorAll('#hubs li').length") == len(gold["group_deals"])
    browser.screenshot(tmp_path / "seed.png")
