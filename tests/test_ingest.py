"""``kdeal ingest``: incremental, idempotent ingestion from a real HTTP server (SQLite and PostgreSQL)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from dbsupport import count_rows, db_url, snapshot  # noqa: F401
from kdeal.pipeline.cli import main
from kdeal.pipeline.ingest import ingest
from kdeal.pipeline.options import ExtractOptions
from kdeal.pipeline.sources import load_sources
from sitesupport import Site, page_html, sources_file, write_companies


@pytest.fixture(scope="module")
def companies(tmp_path_factory):
    return write_companies(tmp_path_factory.mktemp("ingest-names"))


@pytest.fixture(scope="module")
def options(companies):
    from kdeal.pipeline.nlp import get_nlp

    opts = ExtractOptions(company_files=(str(companies),))
    get_nlp(opts)  # load once for the module; ingest() and the CLI reuse the cached pipeline
    return opts


def _run(site: Site, tmp_path, url: str, options, **kw):
    config = load_sources(sources_file(tmp_path, site))
    return ingest(config, url, options=options, show_progress=False, **kw)


def _runs(url: str) -> list[tuple]:
    eng = sa.create_engine(url)
    with eng.connect() as c:
        rows = c.execute(sa.text("SELECT status, documents, fetched, not_modified, unchanged, errors "
                                 "FROM runs ORDER BY run_id")).all()
    eng.dispose()
    return [tuple(r) for r in rows]


def test_first_ingest_stores_every_page_and_the_second_fetches_conditionally_and_writes_nothing(
        httpserver, tmp_path, db_url, options):
    site = Site(httpserver, n=3)
    first = _run(site, tmp_path, db_url, options)
    assert (first.candidates, first.fetched, first.documents) == (3, 3, 3)
    assert first.deals >= 3
    before = snapshot(db_url, volatile=True)
    second = _run(site, tmp_path, db_url, options)
    assert (second.fetched, second.not_modified, second.documents) == (0, 3, 0)
    assert site.not_modified == 3
    assert snapshot(db_url, volatile=True) == before
    assert _runs(db_url) == [("ok", 3, 3, 0, 0, 0), ("ok", 0, 0, 3, 0, 0)]
    assert count_rows(db_url, "fetch_state") == 3


def test_only_a_changed_page_is_extracted_again(httpserver, tmp_path, db_url, options):
    site = Site(httpserver, n=3)
    _run(site, tmp_path, db_url, options)
    site.pages["/news/1"] = page_html(1, "마루에너지", "바다식품")
    again = _run(site, tmp_path, db_url, options)
    assert (again.fetched, again.not_modified, again.documents) == (1, 2, 1)
    parties = {r[2] for r in snapshot(db_url)["deal_parties"]}
    assert {"마루에너지", "바다식품"} <= parties


def test_without_etags_an_identical_body_is_recognised_by_its_hash_and_not_extracted(
        httpserver, tmp_path, db_url, options):
    site = Site(httpserver, n=2, etags=False)
    _run(site, tmp_path, db_url, options)
    before = snapshot(db_url)
    again = _run(site, tmp_path, db_url, options)
    assert (again.fetched, again.unchanged, again.documents) == (2, 2, 0)
    assert snapshot(db_url) == before


def test_a_failing_page_is_recorded_in_the_run_and_the_others_are_stored(httpserver, tmp_path, db_url, options):
    site = Site(httpserver, n=3)
    site.gone.add("/news/2")
    summary = _run(site, tmp_path, db_url, options)
    assert summary.documents == 2 and len(summary.errors) == 1
    eng = sa.create_engine(db_url)
    with eng.connect() as c:
        err = c.execute(sa.text("SELECT code, origin FROM run_errors")).one()
        state = c.execute(sa.text("SELECT status, error_code FROM fetch_state WHERE url LIKE '%/news/2'")).one()
    eng.dispose()
    assert err[0] == "E202-http-status" and err[1].endswith("/news/2")
    assert tuple(state) == (404, "E202-http-status")
    assert _runs(db_url)[0][0] == "ok"
    site.gone.clear()
    retry = _run(site, tmp_path, db_url, options)
    assert retry.documents == 1 and not retry.errors


def test_the_cli_ingests_exits_zero_and_can_repeat_on_a_schedule(httpserver, tmp_path, db_url, options,
                                                                   companies, capsys):
    site = Site(httpserver, n=2)
    src = sources_file(tmp_path, site)
    assert main(["ingest", "--sources", str(src), "--db", db_url, "--companies", str(companies),
                 "--no-progress", "--no-store"]) == 0  # no raw store under the checkout's corpus/
    assert "2 documents written" in capsys.readouterr().err
    assert main(["ingest", "--sources", str(src), "--db", db_url, "--companies", str(companies),
                 "--no-progress", "--no-store", "--every", "1s", "--max-runs", "2"]) == 0
    assert [r[:4] for r in _runs(db_url)] == [("ok", 2, 2, 0), ("ok", 0, 0, 2), ("ok", 0, 0, 2)]


def test_a_broken_sources_file_fails_the_run_with_one_line(tmp_path, db_url, capsys):
    bad = tmp_path / "sources.toml"
    bad.write_text("[[source]]\nname = 'x'\nkind = 'carrier-pigeon'\n", encoding="utf-8")
    assert main(["ingest", "--sources", str(bad), "--db", db_url]) == 1
    assert "kdeal: error:" in capsys.readouterr().err


def test_an_ingest_killed_earlier_is_marked_abandoned_by_the_next_one(httpserver, tmp_path, db_url, options):
    from datetime import datetime, timezone

    from kdeal.pipeline.db.sink import connect

    eng = connect(db_url)
    with eng.begin() as c:
        c.execute(sa.text("INSERT INTO runs (command, started_at, status, documents, mentions, deals, errors, "
                          "pid, host) VALUES ('ingest --sources s.toml', :t, 'running', 5, 0, 0, 0, 99999, 'gone')"),
                  {"t": datetime(2026, 1, 1, tzinfo=timezone.utc)})
    eng.dispose()
    _run(Site(httpserver, n=1), tmp_path, db_url, options)
    assert [r[0] for r in _runs(db_url)] == ["abandoned", "ok"]


def test_a_local_folder_source_is_ingested_incrementally_by_file_hash(tmp_path, db_url, options):
    from kdeal.pipeline.sources import parse_sources

    folder = tmp_path / "press"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    text = "가온테크는 누리바이오와 신소재 공동개발 업무협약을 체결했다. 가온테크와 누리바이오는 2027년까지 협력한다."
    (folder / "a" / "release.txt").write_text(text, encoding="utf-8")
    (folder / "b" / "release.txt").write_text(text.replace("누리바이오", "마루에너지"), encoding="utf-8")
    config = parse_sources(f'[[source]]\nname = "archive"\nkind = "local"\npath = "{folder}"\n')
    first = ingest(config, db_url, options=options, show_progress=False)
    assert (first.candidates, first.documents) == (2, 2)  # same file name in two folders: two documents
    again = ingest(config, db_url, options=options, show_progress=False)
    assert (again.unchanged, again.documents) == (2, 0)
    (folder / "b" / "release.txt").write_text(text.replace("누리바이오", "바다식품"), encoding="utf-8")
    third = ingest(config, db_url, options=options, show_progress=False)
    assert (third.unchanged, third.documents) == (1, 1)
    assert count_rows(db_url, "documents") == 2
