"""Provenance: kdeal version, schema version and recognition model on every record and run;
run id and fetch time on what ingest stored (SQLite and PostgreSQL)."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from dbsupport import db_url  # noqa: F401
from kdeal.pipeline.db import connect
from kdeal.pipeline.db.migrate import upgrade
from kdeal.pipeline.db.sink import create_db_engine
from kdeal.pipeline.export import deal_objects
from kdeal.pipeline.frames import load_frames
from kdeal.pipeline.ingest import ingest
from kdeal.pipeline.options import ExtractOptions
from kdeal.pipeline.provenance import RunInfo, options_model_id
from kdeal.pipeline.sources import load_sources
from sitesupport import Site, sources_file, write_companies

import kdeal
from kdeal.records import SCHEMA_VERSION


@pytest.fixture(scope="module")
def options(tmp_path_factory):
    from kdeal.pipeline.nlp import get_nlp

    opts = ExtractOptions(company_files=(str(write_companies(tmp_path_factory.mktemp("names"))),))
    get_nlp(opts)
    return opts


def _rows(url: str, sql: str) -> list[tuple]:
    eng = sa.create_engine(url)
    with eng.connect() as c:
        rows = [tuple(r) for r in c.execute(sa.text(sql))]
    eng.dispose()
    return rows


def test_ingest_records_the_run_and_the_fetch_on_documents_runs_and_exported_reports(
        httpserver, tmp_path, db_url, options):
    site = Site(httpserver, n=2)
    summary = ingest(load_sources(sources_file(tmp_path, site)), db_url, options=options, show_progress=False)
    [(run_id, version, schema, model, opts)] = _rows(
        db_url, "SELECT run_id, kdeal_version, schema_version, model_id, options FROM runs")
    assert (run_id, version, schema) == (summary.run_id, kdeal.__version__, SCHEMA_VERSION)
    assert model == options_model_id(options) and model.startswith("crf-")
    assert json.loads(opts)["company_files"] == list(options.company_files)
    docs = _rows(db_url, "SELECT run_id, fetched_at FROM documents")
    assert len(docs) == 2 and {r for r, _ in docs} == {run_id} and all(f and f.endswith("+00:00") for _, f in docs)
    reports = [r for d in deal_objects(load_frames(db_url)) for r in d["reports"]]
    assert reports and {(r["run_id"], r["model_id"], r["kdeal_version"]) for r in reports} == {
        (run_id, model, kdeal.__version__)}
    assert all(r["fetched_at"] for r in reports)


def test_ingested_articles_carry_run_and_fetch_time_into_every_record(httpserver, tmp_path, options, monkeypatch):
    from kdeal.pipeline import ingest_job as ingest_module  # where ingest extracts

    seen = []
    real = ingest_module.extract

    def spy(nlp, items, batch_size=64):
        for r in real(nlp, items, batch_size=batch_size):
            seen.append(r)
            yield r

    site = Site(httpserver, n=1)
    url = f"sqlite:///{tmp_path / 't.sqlite'}"
    monkeypatch.setattr(ingest_module, "extract", spy)
    summary = ingest(load_sources(sources_file(tmp_path, site)), url, options=options, show_progress=False)
    records = [x for r in seen for x in (*r.deals, *r.mentions)]
    assert records and {(x.provenance.run_id, x.provenance.model_id) for x in records} == {
        (summary.run_id, options_model_id(options))}
    assert all(x.to_json()["fetched_at"] == seen[0].article.fetched_at for x in records)


def test_the_model_id_follows_the_model_and_the_name_lists_not_their_paths(tmp_path, options):
    other = tmp_path / "copy"
    other.mkdir()
    copy = other / "names.csv"
    copy.write_bytes(open(options.company_files[0], "rb").read())
    rules = options_model_id(ExtractOptions(company_model="none"))
    assert rules.startswith("rules-") and rules != options_model_id(ExtractOptions())
    assert options_model_id(ExtractOptions(company_files=(str(copy),))) == options_model_id(options)
    assert options_model_id(options) != options_model_id(ExtractOptions())
    assert RunInfo.of(options, kdeal.load(options)).model_id == options_model_id(options)


def test_an_older_database_gains_the_provenance_columns_keeping_its_rows(db_url):
    eng = create_db_engine(db_url)
    upgrade(eng, "0002")
    with eng.begin() as c:
        c.execute(sa.text("INSERT INTO runs (command, started_at, status, documents, mentions, deals, errors) "
                          "VALUES ('run', CURRENT_TIMESTAMP, 'ok', 0, 0, 0, 0)"))
    eng.dispose()
    connect(db_url).dispose()
    assert _rows(db_url, "SELECT command, kdeal_version, model_id, options FROM runs") == [("run", None, None, None)]
