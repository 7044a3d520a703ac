"""Name lists: KRX-listed companies, mecab-ko-dic group names and user CSV files.

Names are matched on characters with an Aho-Corasick automaton (Kiwi may cut a
name into several morphemes, so matching token by token misses mentions) and
the recogniser then checks the match against token boundaries.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

import ahocorasick

from kdeal.errors import KdealError
from kdeal.records import MENTION_KINDS

from .evidence import KnownForms, known_forms, non_company_reason
from .normalise import normalise

KRX_FILE = "krx_listed_2026-03-22.csv"
MECAB_GROUP_FILE = "mecab-ko-dic_Group.csv"
# Which konec train forms are known companies (``read_known_companies``); chosen on the
# cross-validated KLUE half (pipeline/train_ner.py): three sightings, a company in 60% of them.
KNOWN_COMPANY_MIN_FREQ, KNOWN_COMPANY_SHARE = 3, 0.6
ALIASES_FILE = "aliases.csv"
INSTITUTIONS_FILE = "institutions.csv"


@dataclass(frozen=True)
class Entry:
    """One known name and what it stands for."""

    name: str
    canonical: str
    kind: str = "company"
    code: str | None = None
    source: str = ""


def _data_path(name: str) -> Path:
    return Path(str(resources.files("kdeal.extractors") / "data" / name))


_PREFERRED_SHARE = re.compile(r"(?:\d?우B?|우\(전환\))$")


def read_krx(path: Path | None = None) -> Iterator[Entry]:
    """KRX listing: name and stock code.

    Preferred-share listings ("…우", "…2우B") are the same company as
    their common share and never how news names it, so they are skipped.
    """
    with open(path or _data_path(KRX_FILE), encoding="utf-8", newline="") as f:
        rows = [((r.get("name") or "").strip(), (r.get("code") or "").strip()) for r in csv.DictReader(f)]
    names = {n for n, _ in rows}
    for name, code in rows:
        if not name:
            continue
        base = _PREFERRED_SHARE.sub("", name)
        if base != name and base in names:
            continue
        yield Entry(name, name, "company", code or None, "krx")


def read_mecab_group(path: Path | None = None) -> Iterator[Entry]:
    """mecab-ko-dic Group.csv: the surface form is the first column."""
    with open(path or _data_path(MECAB_GROUP_FILE), encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            if row and row[0].strip():
                name = row[0].strip()
                yield Entry(name, name, "company", None, "mecab-ko-dic")


def parse_user_list(text: str, origin: str) -> Iterator[Entry]:
    """A user list, already decoded: a header with ``name`` and optional ``canonical``,
    ``kind``, ``code``, or one name per line without a header.

    Reading and decoding the file is the pipeline's job (``pipeline.company_lists``).
    A list that cannot be used stops the run with one clear line: silently dropping a
    user's names would make every later run quietly wrong.
    """
    label = Path(origin).name
    lines = text.lstrip("\ufeff").splitlines()
    first = lines[0] if lines else ""
    if "name" in [c.strip().lower() for c in first.split(",")]:
        for n, row in enumerate(csv.DictReader(lines), 2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
            name = row.get("name", "")
            kind = row.get("kind") or "company"
            if kind not in MENTION_KINDS:
                raise KdealError(f"company list {origin}, line {n}: unknown kind {kind!r} "
                                 f"(use one of {', '.join(MENTION_KINDS)})")
            if name:
                yield Entry(name, row.get("canonical") or name, kind, row.get("code") or None, f"user:{label}")
    else:
        for line in lines:
            name = line.strip()
            if name and not name.startswith("#"):
                yield Entry(name, name, "company", None, f"user:{label}")


def read_aliases(path: Path | None = None) -> Iterator[Entry]:
    """Short or informal names of listed companies ("삼성SDS" for 삼성에스디에스).

    ``alias,canonical`` per line; the canonical name is looked up in the KRX
    list later so that the alias carries the stock code too.
    """
    with open(path or _data_path(ALIASES_FILE), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            alias = (row.get("alias") or "").strip()
            canonical = (row.get("canonical") or "").strip()
            if alias and canonical:
                yield Entry(alias, canonical, (row.get("kind") or "company").strip() or "company",
                            None, "aliases")


def read_institutions(path: Path | None = None) -> Iterator[Entry]:
    """Public bodies, broadcasters and the press, which news names by a bare word ("경찰", "국토부").

    ``name,canonical,kind,class`` per line. These names are ordinary nouns in
    Kiwi's dictionary, so the gazetteer layer takes them without asking for a
    proper-noun tag, as it does for a user's own list.
    """
    with open(path or _data_path(INSTITUTIONS_FILE), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            name = (row.get("name") or "").strip()
            if name:
                yield Entry(name, (row.get("canonical") or "").strip() or name,
                            (row.get("kind") or "").strip() or "organization", None, "institutions")


def read_known_companies(forms: KnownForms | None = None) -> Iterator[Entry]:
    """Companies the KLUE-NER *train* set names (konec, ``evidence.known_forms``, the lexicon
    the recogniser has already read): forms seen at least ``KNOWN_COMPANY_MIN_FREQ`` times, a
    company in at least ``KNOWN_COMPANY_SHARE`` of them ("코레일", "이케아", "세븐일레븐").

    A form seen once or twice is too often an annotation slip, and a form the annotators
    split between a company and something else ("구글" the search service, "삼성" the
    baseball team) is left to the context and the model.
    """
    for form, k in (forms if forms is not None else known_forms()).forms.items():
        # The counts first: they rule out all but a few hundred of the 23k forms, each of which
        # ``non_company_reason`` would otherwise judge (a tenth of a second of every start-up).
        if k.total < KNOWN_COMPANY_MIN_FREQ or k.counts.get("company", 0) < KNOWN_COMPANY_SHARE * k.total:
            continue
        if non_company_reason(form) is not None:
            continue  # an acronym, index or generic noun the annotators once called a company
        yield Entry(form, form, "company", None, "konec")


def near_keys(name: str) -> Iterator[str]:
    """One key per syllable position with that syllable blanked: names one edit apart share a key."""
    for i in range(len(name)):
        yield f"{name[:i]}\x00{name[i + 1:]}"


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
        # An alias or user entry naming a listed company inherits its stock code.
        by_name = {e.canonical: e for e in self.entries.values() if e.code}
        for name, e in list(self.entries.items()):
            if e.code is None and e.canonical in by_name:
                self.entries[name] = Entry(e.name, e.canonical, e.kind, by_name[e.canonical].code, e.source)
        self._automaton = ahocorasick.Automaton()
        for name, entry in self.entries.items():
            self._automaton.add_word(name, entry)
        if self.entries:
            self._automaton.make_automaton()
        self._near: dict[str, list[Entry]] = {}
        for name, entry in self.entries.items():
            if len(name) >= 4:
                for key in near_keys(name):
                    self._near.setdefault(key, []).append(entry)

    @classmethod
    def default(cls, user_entries: Iterable[Entry] = ()) -> "Gazetteer":
        # The first list naming a string wins: a listed company keeps its stock code ("SBS"),
        # and a broadcaster or ministry is an organisation even where mecab-ko-dic lists it. A
        # company the news annotators keep naming (konec) is that before it is a mecab-ko-dic
        # group name, which may also be an ordinary word; a name the alias list holds is left to
        # it (with its canonical name), as before.
        aliases = list(read_aliases())
        aliased = {e.name for e in aliases}
        known = [e for e in read_known_companies() if e.name not in aliased]
        entries: list[Entry] = (list(read_krx()) + list(read_institutions()) + known + list(read_mecab_group())
                                + aliases)
        entries.extend(user_entries)
        return cls(entries)

    def near(self, name: str) -> list[Entry]:
        """Entries one syllable substitution away from ``name`` (names of 4+ syllables only)."""
        if name in self.entries or len(name) < 4:
            return []
        found: dict[str, Entry] = {}
        for key in near_keys(name):
            for e in self._near.get(key, ()):
                found[e.name] = e
        return list(found.values())

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


class KiwiLexicon:
    """What Kiwi's own dictionary says about a word, asked once per word.

    A name that is also an ordinary noun in Kiwi's dictionary ("대상", "노을")
    needs context before it counts as a company; a word Kiwi has never seen
    (out of vocabulary) is likely a name. ``kiwi`` is passed in so that the
    pipeline's single Kiwi instance is reused.
    """

    def __init__(self, kiwi: object):
        # A Kiwi instance, or a function returning one (so it is built only when first asked).
        self._kiwi = kiwi
        self._cache: dict[str, tuple[tuple[str, str, bool], ...]] = {}

    @property
    def kiwi(self) -> Any:
        if callable(self._kiwi) and not hasattr(self._kiwi, "tokenize"):
            self._kiwi = self._kiwi()
        return self._kiwi

    def analyse(self, word: str) -> tuple[tuple[str, str, bool], ...]:
        """(form, tag, out_of_vocabulary) of each morpheme of ``word`` analysed alone."""
        got = self._cache.get(word)
        if got is None:
            got = tuple((t.form, t.tag, bool(t.oov)) for t in self.kiwi.tokenize(word))  # type: ignore[attr-defined]
            self._cache[word] = got
        return got

    def is_common_noun(self, word: str) -> bool:
        """One known common noun (NNG) in Kiwi's dictionary."""
        morphs = self.analyse(word)
        return len(morphs) == 1 and morphs[0][1] == "NNG" and not morphs[0][2] and morphs[0][0] == word

    def is_unknown(self, word: str) -> bool:
        """Kiwi had to guess at least one morpheme of ``word``."""
        return any(oov for _f, _t, oov in self.analyse(word))

    def needs_registering(self, name: str) -> bool:
        """Kiwi would cut or guess this name: it is not one word of Kiwi's dictionary."""
        morphs = self.analyse(name)
        return not (len(morphs) == 1 and not morphs[0][2])

    def register(self, names: Iterable[str], known: "UserWordList | None" = None) -> int:
        """Add names Kiwi would cut or guess as user proper nouns, so tokens align with them.

        Names that Kiwi already knows as one word are left alone: registering
        "대상" as a proper noun would mistag every ordinary use of the word.
        ``known`` answers that question for the bundled names without asking
        Kiwi, so that Kiwi is set up only once per process (asking first and
        adding after costs a second set-up of ≈3 s). Returns how many were added.
        """
        candidates = [n for n in dict.fromkeys(names) if len(n) >= 3 and " " not in n]
        if known is not None and known.fingerprint == kiwi_fingerprint():
            todo = [n for n in candidates if n in known.words]
            rest = [n for n in candidates if n not in known.universe]
        else:
            todo, rest = [], candidates
        # All questions first, then all additions: Kiwi rebuilds its index on the
        # first analysis after a dictionary change, so interleaving costs ~30 ms a name.
        todo += [n for n in rest if self.needs_registering(n)]
        added = sum(1 for name in todo if self.kiwi.add_user_word(name, "NNP"))  # type: ignore[attr-defined]
        self._cache.clear()
        return added


USER_WORDS_FILE = "kiwi_user_words.tsv"


def kiwi_fingerprint() -> str:
    """The Kiwi release whose dictionary a precomputed word list describes."""
    from importlib.metadata import version

    return f"kiwipiepy {version('kiwipiepy')}; kiwipiepy-model {version('kiwipiepy-model')}"


@dataclass(frozen=True)
class UserWordList:
    """Which bundled gazetteer names Kiwi does not know as one word (precomputed).

    ``universe``: every name the list has an answer for; ``words``: those to
    register. Valid only for the Kiwi release named by ``fingerprint``;
    regenerate with ``make kiwi-words`` after upgrading kiwipiepy.
    """

    fingerprint: str
    universe: frozenset[str]
    words: frozenset[str]

    @classmethod
    def read(cls, path: Path | None = None) -> "UserWordList | None":
        path = path or _data_path(USER_WORDS_FILE)
        if not path.is_file():
            return None
        fingerprint = ""
        universe: set[str] = set()
        words: set[str] = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# kiwi: "):
                fingerprint = line[len("# kiwi: "):].strip()
            elif line and not line.startswith("#"):
                name, _, flag = line.partition("\t")
                universe.add(name)
                if flag == "1":
                    words.add(name)
        return cls(fingerprint, frozenset(universe), frozenset(words))

    @classmethod
    def compute(cls, lexicon: KiwiLexicon, names: Iterable[str]) -> "UserWordList":
        universe = frozenset(n for n in names if len(n) >= 3 and " " not in n)
        words = frozenset(n for n in universe if lexicon.needs_registering(n))
        return cls(kiwi_fingerprint(), universe, words)

    def write(self, path: Path) -> None:
        lines = ["# Bundled gazetteer names and whether Kiwi needs them as user words (1) or not (0).",
                 "# Generated by `make kiwi-words` (python -m kdeal.extractors.gazetteer); do not edit.",
                 f"# kiwi: {self.fingerprint}"]
        lines += [f"{n}\t{1 if n in self.words else 0}" for n in sorted(self.universe)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def bundled_names() -> list[str]:
    """The normalised names of the bundled gazetteer, as the recogniser registers them."""
    return [normalise(n) for n in Gazetteer.default().entries]


if __name__ == "__main__":  # regenerate the precomputed user-word list
    from kiwipiepy import Kiwi

    target = _data_path(USER_WORDS_FILE)
    UserWordList.compute(KiwiLexicon(Kiwi(num_workers=1)), bundled_names()).write(target)
    print(f"wrote {target}")
