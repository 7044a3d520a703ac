"""SQL views of the tracker database for the tools that query it (datasette, psql, BI tools).

``deal_pairs``    one row per partner pair over the deals that are not negated (a, b,
                  deals, reports, first, last, types): the weighted edge list, the same
                  table as ``pipeline.network.pair_table`` (a test holds them equal);
``deal_reports``  one row per report of a deal with its sides, group, sentence and source.

Views are not part of the migration chain: ``migrate.upgrade`` drops them before it
runs migrations and creates them again afterwards at the head revision, so a migration
that rebuilds a table (SQLite's batch mode) never trips over a view that reads it. To
change a view, change it here and add a migration (an empty one will do), so that
every database upgrades to the new definition.
"""
from __future__ import annotations

from sqlalchemy.engine import Connection

VIEW_NAMES = ("deal_pairs", "deal_reports")

# Pairs per docs/DESIGN.md: both sides named, every a with every b; one side named and no
# group, everyone on it with everyone else; never a party with itself; never from a
# negated deal. Within a pair a < b.
_PAIR_DEALS = """
WITH pair_deals AS (
  SELECT DISTINCT x.deal_id, x.canonical AS a, y.canonical AS b
  FROM deal_parties x
  JOIN deal_parties y ON y.deal_id = x.deal_id AND x.canonical < y.canonical
  JOIN deals d ON d.deal_id = x.deal_id
  WHERE d.status <> 'negated'
    AND (x.side <> y.side
         OR (x.side = y.side AND d.group_label IS NULL
             AND NOT EXISTS (SELECT 1 FROM deal_parties z WHERE z.deal_id = x.deal_id AND z.side <> x.side)))
)"""

_SQL = {
    "sqlite": {
        "deal_pairs": _PAIR_DEALS + """
SELECT p.a, p.b, COUNT(DISTINCT p.deal_id) AS deals, COUNT(e.deal_id) AS reports,
       CAST(MIN(e.day) AS TEXT) AS first, CAST(MAX(e.day) AS TEXT) AS last,
       (SELECT group_concat(t, '; ') FROM (
          SELECT DISTINCT d2.type AS t FROM pair_deals q JOIN deals d2 ON d2.deal_id = q.deal_id
          WHERE q.a = p.a AND q.b = p.b ORDER BY t)) AS types
FROM pair_deals p LEFT JOIN deal_evidence e ON e.deal_id = p.deal_id
GROUP BY p.a, p.b""",
        "deal_reports": """
SELECT e.rowid AS evidence_rowid, e.deal_id, d.type, e.status, d.status AS deal_status,
       (SELECT group_concat(canonical, '; ') FROM (SELECT canonical FROM deal_parties
          WHERE deal_id = e.deal_id AND side = 'a' ORDER BY canonical)) AS side_a,
       (SELECT group_concat(canonical, '; ') FROM (SELECT canonical FROM deal_parties
          WHERE deal_id = e.deal_id AND side = 'b' ORDER BY canonical)) AS side_b,
       d.group_label, d.group_count, e.sentence, e.published, e.day, doc.title, doc.url, doc.outlet,
       e.doc_id, e.start, e."end", doc.run_id
FROM deal_evidence e JOIN deals d ON d.deal_id = e.deal_id JOIN documents doc ON doc.doc_id = e.doc_id""",
    },
    "postgresql": {
        "deal_pairs": _PAIR_DEALS + """
SELECT p.a, p.b, COUNT(DISTINCT p.deal_id) AS deals, COUNT(e.deal_id) AS reports,
       CAST(MIN(e.day) AS TEXT) AS first, CAST(MAX(e.day) AS TEXT) AS last,
       string_agg(DISTINCT d.type, '; ' ORDER BY d.type) AS types
FROM pair_deals p JOIN deals d ON d.deal_id = p.deal_id LEFT JOIN deal_evidence e ON e.deal_id = p.deal_id
GROUP BY p.a, p.b""",
        "deal_reports": """
SELECT e.deal_id, d.type, e.status, d.status AS deal_status,
       (SELECT string_agg(canonical, '; ' ORDER BY canonical) FROM deal_parties
          WHERE deal_id = e.deal_id AND side = 'a') AS side_a,
       (SELECT string_agg(canonical, '; ' ORDER BY canonical) FROM deal_parties
          WHERE deal_id = e.deal_id AND side = 'b') AS side_b,
       d.group_label, d.group_count, e.sentence, e.published, e.day, doc.title, doc.url, doc.outlet,
       e.doc_id, e.start, e."end", doc.run_id
FROM deal_evidence e JOIN deals d ON d.deal_id = e.deal_id JOIN documents doc ON doc.doc_id = e.doc_id""",
    },
}


def drop_views(conn: Connection) -> None:
    for name in reversed(VIEW_NAMES):
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")


def create_views(conn: Connection) -> None:
    """(Re)create every view for the connection's dialect."""
    sql = _SQL[conn.dialect.name]
    drop_views(conn)
    for name in VIEW_NAMES:
        conn.exec_driver_sql(f"CREATE VIEW {name} AS {sql[name]}")
