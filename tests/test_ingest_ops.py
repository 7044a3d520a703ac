"""What operators see: kdeal runs, the metrics textfile, the database from KDEAL_DB or the sources
file, [extract] settings, the error-rate exit code, the raw store and its offline rerun."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from dbsupport import db_url  # noqa: F401
from hostsupport import MultiSite, multi_sources
from kdeal.pipeline.cli import EXIT_TOO_MANY_ERRORS, main
from prometheus_client.parser import text_string_to_metric_families
from sitesupport import write_companies


@pytest.fixture(scope="module")
def companies(tmp_path_factory):
    return write_companies(tmp_path_factory.mktemp("ops-names"))


@pytest.fixture(scope="module", autouse=True)
def _warm(companies):
    from kdeal.pipeline.nlp import get_nlp
    from kdeal.pipeline.options import ExtractOptions

    get_nlp(ExtractOptions(company_files=(str(companies),)))  # the CLI reuses the cached pipeline


@pytest.fixture
def site():
    s = MultiSite(hosts=2, pages=3).start()
    yield s
    s.stop()


def _ingest(*args: str) -> int:
    return main(["ingest", "--no-progress", "--workers", "1", *args])


def _metrics(path) -> dict[tuple[str, tuple], float]:
    out = {}
    for family in text_string_to_metric_families(path.read_text(encoding="utf-8")):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def test_runs_lists_every_run_with_its_sources_and_skipped_pages(tmp_path, site, db_url, companies, capsys):
    site.status["/news/2"] = 404
    src = multi_sources(tmp_path, site, delay=0.0, concurrency=2, recheck_after=0)
    for _ in range(2):
        assert _ingest("--sources", str(src), "--db", db_url, "--companies", str(companies), "--no-store") == 0
    capsys.readouterr()
    assert main(["runs", "--db", db_url, "--last", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    runs = [line for line in out[1:] if line.split()[0].isdigit()]
    assert [r.split()[:2] for r in runs] == [["2", "ok"], ["1", "ok"]]
    assert out[0].split()[:3] == ["run", "status", "started"]
    first = out[out.index(runs[1]):]
    assert any("source site0: 3 candidates, 2 fetched" in line and "1 failed" in line for line in first)
    assert any("skipped: E202-http-status 2" in line for line in first)


def test_runs_shows_how_long_each_run_and_each_source_took(tmp_path, site, db_url, companies, capsys):
    """Each source's duration is recorded with its counts: with a 0.3 s delay per host, a source's
    three pages come at least 0.6 s apart, and no source took longer than its run."""
    src = multi_sources(tmp_path, site, delay=0.3, concurrency=2)
    assert _ingest("--sources", str(src), "--db", db_url, "--companies", str(companies), "--no-store") == 0
    from kdeal.pipeline.runs import list_runs

    (run,) = list_runs(db_url)
    per_source = {s.source: s.counts.seconds for s in run.sources}
    run_seconds = run.seconds
    assert sorted(per_source) == ["site0", "site1"]
    assert all(0.6 <= secs <= run_seconds for secs in per_source.values()), (per_source, run_seconds)
    capsys.readouterr()
    assert main(["runs", "--db", db_url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert float(out[1].split()[4]) == pytest.approx(run_seconds, abs=0.051)  # the run's secs column
    for name, secs in per_source.items():
        line = next(line for line in out if f"source {name}:" in line)
        assert line.endswith(f" reports, {secs:.1f}s")


def test_metrics_are_a_prometheus_textfile_with_the_last_success(tmp_path, site, db_url, companies):
    src = multi_sources(tmp_path, site, delay=0.0, concurrency=2)
    prom = tmp_path / "kdeal.prom"
    assert _ingest("--sources", str(src), "--db", db_url, "--companies", str(companies), "--no-store",
                   "--metrics", str(prom)) == 0
    m = _metrics(prom)
    assert m[("kdeal_ingest_pages", (("outcome", "fetched"),))] == 6
    assert m[("kdeal_ingest_documents_written", ())] == 6
    assert m[("kdeal_ingest_status", (("status", "ok"),))] == 1
    assert m[("kdeal_ingest_deal_reports", ())] >= m[("kdeal_ingest_deals_new", ())] >= 1
    first_success = m[("kdeal_ingest_last_success_timestamp_seconds", ())]
    assert first_success > 0
    site.status["/rss.xml"] = 500  # every feed broken: the run fails, the last success stays the first run's
    assert _ingest("--sources", str(src), "--db", db_url, "--companies", str(companies), "--no-store",
                   "--metrics", str(prom)) == EXIT_TOO_MANY_ERRORS
    m = _metrics(prom)
    assert m[("kdeal_ingest_status", (("status", "failed"),))] == 1
    assert m[("kdeal_ingest_pages", (("outcome", "failed"),))] == 2
    assert m[("kdeal_ingest_skipped", (("code", "E202-http-status"),))] == 2
    assert m[("kdeal_ingest_error_rate", ())] == 1.0
    assert m[("kdeal_ingest_last_success_timestamp_seconds", ())] == first_success


def test_a_run_where_most_pages_fail_exits_3_and_is_recorded_failed(tmp_path, site, companies, capsys):
    url = f"sqlite:///{tmp_path / 't.sqlite'}"
    for i in range(3):
        site.status[f"/news/{i}"] = 503
    src = multi_sources(tmp_path, site, delay=0.0, concurrency=2)
    assert _ingest("--sources", str(src), "--db", url, "--companies", str(companies), "--no-store") == 3
    assert "run 1 [failed]" in capsys.readouterr().err
    eng = sa.create_engine(url)
    with eng.connect() as c:
        status, message, failed = c.execute(sa.text("SELECT status, message, failed_pages FROM runs")).one()
    eng.dispose()
    assert (status, failed) == ("failed", 6) and "6 of 6 pages failed" in message
    # Allowed to fail that much, the same run is ok.
    assert _ingest("--sources", str(src), "--db", url, "--companies", str(companies), "--no-store",
                   "--max-error-rate", "1") == 0


def test_the_database_comes_from_kdeal_db_or_the_sources_file(tmp_path, site, companies, monkeypatch):
    configured = tmp_path / "from-file.sqlite"
    env = tmp_path / "from-env.sqlite"
    src = multi_sources(tmp_path, site, delay=0.0, concurrency=2,
                        extra=f'\n[database]\nurl = "sqlite:///{configured}"\n'
                              f'\n[extract]\ncompanies = ["{companies}"]\nworkers = 1\nwindow_days = 10\n')
    monkeypatch.delenv("KDEAL_DB", raising=False)
    assert main(["ingest", "--sources", str(src), "--no-progress", "--no-store"]) == 0
    assert configured.exists()
    monkeypatch.setenv("KDEAL_DB", f"sqlite:///{env}")
    assert main(["ingest", "--sources", str(src), "--no-progress", "--no-store"]) == 0
    assert env.exists()
    eng = sa.create_engine(f"sqlite:///{env}")
    with eng.connect() as c:
        parties = set(c.execute(sa.text("SELECT canonical FROM deal_parties")).scalars())
    eng.dispose()
    assert parties and parties <= {"가온테크", "누리바이오", "다솜로보틱스", "라온소재", "마루에너지", "바다식품"}


def test_ingest_archives_every_page_and_extract_from_store_gives_the_same_deals(tmp_path, site, companies):
    url = f"sqlite:///{tmp_path / 't.sqlite'}"
    store = tmp_path / "store"
    src = multi_sources(tmp_path, site, delay=0.0, concurrency=2)
    assert _ingest("--sources", str(src), "--db", url, "--companies", str(companies), "--store", str(store)) == 0
    site.stop()  # offline from here on
    out = tmp_path / "replay"
    assert main(["extract", "--from-store", str(store), "--out", str(out), "--companies", str(companies),
                 "--no-progress", "--workers", "1"]) == 0
    replayed = sorted((d["doc_id"], d["evidence"]["start"], d["evidence"]["sentence"])
                      for d in map(json.loads, (out / "deals.jsonl").read_text(encoding="utf-8").splitlines()))
    eng = sa.create_engine(url)
    with eng.connect() as c:
        stored = sorted(tuple(r) for r in c.execute(sa.text("SELECT doc_id, start, sentence FROM deal_evidence")))
        docs = sorted(c.execute(sa.text("SELECT doc_id FROM documents")).scalars())
    eng.dispose()
    assert replayed == stored and len(stored) >= 6
    assert sorted({d for d, _, _ in replayed}) == docs  # the feeds were archived but are not articles
