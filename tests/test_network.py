"""The partner network: the weighted pair table and the GraphML/GEXF exports."""
from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest
from kdeal.pipeline.cli import main
from kdeal.pipeline.frames import load_frames
from kdeal.pipeline.network import PAIR_COLUMNS, company_table, pair_table
from viewsupport import NEGATED_PARTNER, extract_news

import kdeal
from kdeal.records import partner_pairs


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    return extract_news(tmp_path_factory.mktemp("news"))


def _pairs_of_lines(path):
    """Partner pairs straight from deals.jsonl, for comparison with the tracker's table."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if d["status"] == "negated":
            continue
        parties = [(p["canonical"], p["side"]) for p in d["parties"]]
        a = [n for n, s in parties if s == "a"]
        b = [n for n, s in parties if s == "b"]
        for pair in partner_pairs(a, b, d["group"] is not None):
            out.setdefault(pair, set()).add(d["type"])
    return out


def test_pair_table_counts_deals_reports_dates_and_types(news):
    pairs = pair_table(load_frames(news.db_url))
    assert list(pairs.columns) == PAIR_COLUMNS
    expected = _pairs_of_lines(news.out / "deals.jsonl")
    assert {(a, b) for a, b in zip(pairs["a"], pairs["b"])} == set(expected)
    top = pairs.iloc[0]
    # n1 and n7 are one deal reported twice, n6 another (the consortium): 2 deals, 3 reports
    assert (top["a"], top["b"], top["deals"], top["reports"]) == ("가온전자", "누리바이오", 2, 3)
    assert (top["first"], top["last"]) == ("2026-03-02", "2026-04-22")
    assert top["types"] == "; ".join(sorted(expected[("가온전자", "누리바이오")]))
    assert NEGATED_PARTNER not in set(pairs["a"]) | set(pairs["b"])


def test_company_table_sizes_nodes_by_deals(news):
    companies = company_table(load_frames(news.db_url)).set_index("canonical")
    assert companies.loc["가온전자", "deals"] == 3  # n1 and n7 (one deal, two reports), n3, n6; n5 was withdrawn
    assert companies.loc["하람전자", "partners"] == 0  # a group deal: partners unnamed
    assert NEGATED_PARTNER not in companies.index


def test_in_memory_results_give_the_same_pairs_as_the_tracker(news):
    texts = [json.loads(x) for x in (news.out.parent / "news.jsonl").read_text(encoding="utf-8").splitlines()]
    frame = pd.DataFrame(texts)
    mine = pair_table(kdeal.to_frames(kdeal.extract(frame, id_column="id")))
    tracked = pair_table(load_frames(news.db_url))
    # the tracker merges a deal reported twice (n1, n7) into one row; reports count statements in both
    assert mine[["a", "b", "reports"]].equals(tracked[["a", "b", "reports"]])


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_read_back_with_networkx(news, tmp_path, fmt, capsys):
    out = tmp_path / f"net.{fmt}"
    assert main(["export", "--db", news.db_url, "--format", fmt, "--out", str(out)]) == 0
    assert "companies and" in capsys.readouterr().err
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    pairs = pair_table(load_frames(news.db_url))
    assert graph.number_of_edges() == len(pairs)
    assert graph.number_of_nodes() == len(company_table(load_frames(news.db_url)))
    edge = graph.edges["가온전자", "누리바이오"]
    assert int(edge["reports"]) == 3 and int(edge["deals"]) == 2 and edge["first"] == "2026-03-02"
    assert float(edge["weight"]) == 3
    assert int(graph.nodes["가온전자"]["deals"]) == 3


def test_pairs_table_in_every_tabular_format(news, tmp_path):
    for fmt in ("csv", "parquet"):
        out = tmp_path / f"pairs.{fmt}"
        assert main(["-q", "export", "--db", news.db_url, "--format", fmt, "--table", "pairs", "--out", str(out)]) == 0
        frame = pd.read_csv(out) if fmt == "csv" else pd.read_parquet(out)
        assert list(frame.columns) == PAIR_COLUMNS and len(frame) >= 5
    assert main(["-q", "export", "--db", news.db_url, "--format", "csv", "--table", "pairs", "--type", "supply",
                 "--out", str(tmp_path / "c.csv")]) == 0
    assert pd.read_csv(tmp_path / "c.csv")[["a", "b"]].values.tolist() == [["누리바이오", "라온제약"]]
