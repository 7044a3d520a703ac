"""Name lists: KRX-listed companies, mecab-ko-dic group names and user CSV files.

Names are matched on characters with an Aho-Corasick automaton (Kiwi may cut a
name into several morphemes, so matching token by token misses mentions) and
the recogniser then checks the match against token boundaries.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

import ahocorasick

KRX_FILE = "krx_listed_2026-03-22.csv"
MECAB_GROUP_FILE = "mecab-ko-dic_Group.csv"


@dataclass(frozen=True)
class Entry:
    """One known name and what it stands for."""

    name: str
    canonical: str
    kind: str = "company"
    code: str | None = None
    source: str = ""


def _data_path(name: str) -> Path:
    return Path(str(resources.files("extractors") / "data" / name))


def read_krx(path: Path | None = None) -> Iterator[Entry]:
    """KRX listing: name and stock code."""
    with open(path or _data_path(KRX_FILE), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            name = (row.get("name") or "").strip()
            if name:
                yield Entry(name, name, "company", (row.get("code") or "").strip() or None, "krx")


def read_mecab_group(path: Path | None = None) -> Iterator[Entry]:
    """mecab-ko-dic Group.csv: the surface form is the first column."""
    with open(path or _data_path(MECAB_GROUP_FILE), encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            if row and row[0].strip():
                name = row[0].strip()
                yield Entry(name, name, "company", None, "mecab-ko-dic")


def read_user_csv(path: str | Path) -> Iterator[Entry]:
    """A user list: a header with ``name`` and optional ``canonical``, ``kind``, ``code``.

    A file without a header is read as one name per line.
    """
    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        sample = f.read(4096)
        f.seek(0)
        first = sample.splitlines()[0] if sample else ""
        if "name" in [c.strip().lower() for c in first.split(",")]:
            for row in csv.DictReader(f):
                row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                name = row.get("name", "")
                if name:
                    yield Entry(name, row.get("canonical") or name, row.get("kind") or "company",
                                row.get("code") or None, f"user:{path.name}")
        else:
            for line in f:
                name = line.strip()
                if name and not name.startswith("#"):
                    yield Entry(name, name, "company", None, f"user:{path.name}")


class Gazetteer:
    """Known names with a character automaton over them.

    Later entries do not replace earlier ones for the same name, except that
    user entries (given last) win: a user knows their own data best.
    """

    def __init__(self, entries: Iterable[Entry], min_chars: int = 2):
        self.entries: dict[str, Entry] = {}
        for e in entries:
            if len(e.name) < min_chars:
                continue
            if e.name not in self.entries or e.source.startswith("user:"):
                self.entries[e.name] = e
        self._automaton = ahocorasick.Automaton()
        for name, entry in self.entries.items():
            self._automaton.add_word(name, entry)
        if self.entries:
            self._automaton.make_automaton()

    @classmethod
    def default(cls, user_files: Iterable[str | Path] = ()) -> "Gazetteer":
        entries: list[Entry] = list(read_krx()) + list(read_mecab_group())
        for p in user_files:
            entries.extend(read_user_csv(p))
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, name: str) -> bool:
        return name in self.entries

    def get(self, name: str) -> Entry | None:
        return self.entries.get(name)

    def find(self, text: str) -> Iterator[tuple[int, int, Entry]]:
        """All (start, end, entry) occurrences in ``text``, overlapping ones included."""
        if not self.entries:
            return
        for end_idx, entry in self._automaton.iter(text):
            end = end_idx + 1
            yield end - len(entry.name), end, entry
