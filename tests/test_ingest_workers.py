"""``kdeal ingest --workers``: extraction in worker processes, the same database as one process.

Pages come from a real HTTP server (pytest-httpserver) and go into a real
SQLite file; more pages than one worker batch, so the pool really runs.
"""
from __future__ import annotations

import textwrap

import pytest
import sqlalchemy as sa
from dbsupport import rows, snapshot
from kdeal.pipeline.cli import main
from kdeal.pipeline.ingest import WORKER_BATCH_PAGES, ingest
from kdeal.pipeline.options import ExtractOptions
from kdeal.pipeline.sources import load_sources
from sitesupport import NAMES, Site, page_html, sources_file, write_companies

PAGES = 3 * WORKER_BATCH_PAGES + 2  # several batches, the last one short


@pytest.fixture(scope="module")
def companies(tmp_path_factory):
    return write_companies(tmp_path_factory.mktemp("ingest-workers-names"))


@pytest.fixture(scope="module")
def options(companies):
    from kdeal.pipeline.nlp import get_nlp

    opts = ExtractOptions(company_files=(str(companies),))
    get_nlp(opts)  # built once for the module: forked workers inherit it
    return opts


def _sqlite(tmp_path, name: str) -> str:
    return f"sqlite:///{tmp_path / name}"


def _in_write_order(url: str) -> dict[str, list[tuple]]:
    """What the tests compare besides the sorted snapshot: the order rows were written in."""
    return {
        "documents": rows(url, "SELECT doc_id FROM documents ORDER BY rowid"),
        "run_errors": rows(url, "SELECT code, origin FROM run_errors ORDER BY rowid"),
        "fetch_state": rows(url, "SELECT url, status, error_code FROM fetch_state ORDER BY rowid"),
        "runs": rows(url, "SELECT status, documents, mentions, deals, errors, fetched, not_modified, unchanged "
                           "FROM runs ORDER BY run_id"),
    }


def test_two_workers_write_the_same_database_in_the_same_order_as_one(httpserver, tmp_path, options):
    site = Site(httpserver, n=PAGES)
    site.gone.add("/news/5")  # a failing page among the others keeps its place
    config = load_sources(sources_file(tmp_path, site))
    one, two = _sqlite(tmp_path, "one.sqlite"), _sqlite(tmp_path, "two.sqlite")
    s1 = ingest(config, one, options=options, show_progress=False, workers=1)
    s2 = ingest(config, two, options=options, show_progress=False, workers=2)
    assert (s2.candidates, s2.fetched, s2.documents, len(s2.errors)) == (PAGES, PAGES - 1, PAGES - 1, 1)
    assert (s1.documents, s1.mentions, s1.deals, s1.reports) == (s2.documents, s2.mentions, s2.deals, s2.reports)
    assert s2.reports >= PAGES - 1 and 0 < s2.deals < s2.reports  # pages restate deals of earlier pages
    assert [e.to_json() for e in s1.errors] == [e.to_json() for e in s2.errors]
    assert snapshot(one) == snapshot(two)
    assert _in_write_order(one) == _in_write_order(two)
    assert [d for (d,) in _in_write_order(two)["documents"]] == \
        [site.url(f"/news/{i}") for i in range(PAGES) if i != 5]

    # The next run with workers fetches conditionally and extracts only the changed page.
    site.pages["/news/7"] = page_html(7, NAMES[4], NAMES[5])
    again = ingest(config, two, options=options, show_progress=False, workers=2)
    assert (again.fetched, again.not_modified, again.documents, len(again.errors)) == (1, PAGES - 2, 1, 1)
    parties = {r[2] for r in snapshot(two)["deal_parties"]}
    assert {NAMES[4], NAMES[5]} <= parties


CRASH_PLUGIN = textwrap.dedent('''
    """A component that kills its process on a marker word: a stand-in for a native crash."""
    import os
    from spacy.language import Language

    @Language.component("test_ingest_crash_on_marker")
    def crash_on_marker(doc):
        if "폭발표지" in doc.text:
            os._exit(3)
        return doc
''')


def test_a_page_that_kills_its_worker_is_skipped_and_the_others_are_stored(httpserver, tmp_path, monkeypatch,
                                                                           companies):
    import importlib

    from kdeal.pipeline.nlp import build_nlp

    (tmp_path / "kdeal_test_ingest_crash.py").write_text(CRASH_PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("kdeal_test_ingest_crash")
    opts = ExtractOptions(company_files=(str(companies),),
                          components=("kdeal_companies", "kdeal_quantities", "kdeal_deals",
                                      "test_ingest_crash_on_marker"))
    nlp = build_nlp(opts)  # the workers are forked with it; this process never extracts in pool mode
    site = Site(httpserver, n=PAGES)
    site.pages["/news/9"] = page_html(9, NAMES[0], NAMES[1], extra="폭발표지 문장이다.")
    url = _sqlite(tmp_path, "crash.sqlite")
    summary = ingest(load_sources(sources_file(tmp_path, site)), url, options=opts, nlp=nlp,
                     show_progress=False, workers=2)
    assert summary.documents == PAGES - 1
    assert [(e.code.value, e.doc_id) for e in summary.errors] == [("E140-extract", site.url("/news/9"))]
    assert "killed its worker" in summary.errors[0].message
    docs = [d for (d,) in rows(url, "SELECT doc_id FROM documents ORDER BY rowid")]
    assert docs == [site.url(f"/news/{i}") for i in range(PAGES) if i != 9]
    assert rows(url, "SELECT status, errors FROM runs") == [("ok", 1)]


def test_the_ingest_command_takes_workers(httpserver, tmp_path, companies, capsys):
    site = Site(httpserver, n=PAGES)
    url = _sqlite(tmp_path, "cli.sqlite")
    assert main(["ingest", "--sources", str(sources_file(tmp_path, site)), "--db", url,
                 "--companies", str(companies), "--no-progress", "--no-store", "--workers", "2"]) == 0
    assert f"{PAGES} documents written" in capsys.readouterr().err
    assert len(rows(url, "SELECT doc_id FROM documents")) == PAGES
