"""Gazetteer data: reading the bundled and user lists, lookups, near misses."""
from __future__ import annotations

from kdeal.extractors.gazetteer import (
    Entry,
    Gazetteer,
    read_aliases,
    read_krx,
    read_mecab_group,
)
from kdeal.pipeline.company_lists import read_company_list


def test_krx_list_has_codes_and_skips_preferred_shares():
    entries = {e.name: e for e in read_krx()}
    assert len(entries) > 2500
    assert entries["에코프로비엠"].code == "247540"
    assert all(not n.endswith(("우", "우B")) or n[:-1] not in entries for n in entries)


def test_mecab_group_names_are_read_from_the_first_column():
    names = [e.name for e in read_mecab_group()]
    assert len(names) > 3000 and all("," not in n for n in names)


def test_aliases_carry_the_code_of_their_listed_name():
    g = Gazetteer(list(read_krx()) + list(read_aliases()))
    e = g.get("삼성바이오")
    assert e is not None and e.canonical == "삼성바이오로직스" and e.code == "207940"


def test_user_csv_without_header_is_one_name_per_line(tmp_path):
    p = tmp_path / "names.csv"
    p.write_text("# my list\n가온테크\n누리바이오\n", encoding="utf-8")
    assert [e.name for e in read_company_list(p)] == ["가온테크", "누리바이오"]


def test_user_entries_win_over_bundled_ones(tmp_path):
    p = tmp_path / "names.csv"
    p.write_text("name,canonical,kind\n가온테크,가온테크놀로지,company\n", encoding="utf-8")
    g = Gazetteer([Entry("가온테크", "가온테크", source="krx"), *read_company_list(p)])
    assert g.get("가온테크").canonical == "가온테크놀로지"


def test_find_reports_every_occurrence_with_offsets():
    g = Gazetteer([Entry("가온테크", "가온테크"), Entry("누리바이오", "누리바이오")])
    text = "가온테크와 누리바이오, 그리고 가온테크"
    assert [(s, e, x.name) for s, e, x in g.find(text)] == [(0, 4, "가온테크"), (6, 11, "누리바이오"),
                                                            (17, 21, "가온테크")]


def test_near_finds_names_one_syllable_apart_only():
    g = Gazetteer([Entry("가온전자", "가온전자"), Entry("다솜푸드", "다솜푸드")])
    assert [e.name for e in g.near("가운전자")] == ["가온전자"]
    assert g.near("가운전기") == []
    assert g.near("가온전자") == []  # an exact name is not a near miss


def test_shipped_kiwi_user_word_list_matches_what_kiwi_says_now():
    """The precomputed list lets Kiwi set up once per process; it must not drift from Kiwi."""
    from kdeal.extractors.gazetteer import (
        KiwiLexicon,
        UserWordList,
        bundled_names,
        kiwi_fingerprint,
    )
    from kiwipiepy import Kiwi

    shipped = UserWordList.read()
    assert shipped is not None and shipped.fingerprint == kiwi_fingerprint(), "run `make kiwi-words`"
    fresh = UserWordList.compute(KiwiLexicon(Kiwi(num_workers=1)), bundled_names())
    assert fresh.universe == shipped.universe
    assert fresh.words == shipped.words


def test_register_with_a_precomputed_list_adds_only_listed_words_and_asks_about_the_rest():
    from kdeal.extractors.gazetteer import KiwiLexicon, UserWordList, kiwi_fingerprint

    class FakeKiwi:
        def __init__(self):
            self.added, self.asked = [], []

        def tokenize(self, word):
            self.asked.append(word)

            class T:
                form, tag, oov = word, "NNG", False
            return [T()]  # one known word: nothing to register

        def add_user_word(self, word, tag):
            self.added.append(word)
            return True

    kiwi = FakeKiwi()
    known = UserWordList(kiwi_fingerprint(), frozenset({"가온테크", "누리"}), frozenset({"가온테크"}))
    assert KiwiLexicon(kiwi).register(["가온테크", "누리", "다솜푸드"], known=known) == 1
    assert kiwi.added == ["가온테크"] and kiwi.asked == ["다솜푸드"]


def test_user_list_saved_as_cp949_is_read(tmp_path):
    p = tmp_path / "list.csv"
    p.write_bytes("name,canonical\n가온테크,가온테크놀로지\n".encode("cp949"))
    assert [(e.name, e.canonical) for e in read_company_list(p)] == [("가온테크", "가온테크놀로지")]


def test_unusable_user_lists_stop_with_a_clear_error(tmp_path):
    import pytest

    from kdeal.errors import KdealError

    binary = tmp_path / "bin.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    bad_kind = tmp_path / "kind.csv"
    bad_kind.write_text("name,kind\n가온테크,vendor\n", encoding="utf-8")
    with pytest.raises(KdealError, match="looks binary"):
        list(read_company_list(binary))
    with pytest.raises(KdealError, match=r"line 2: unknown kind 'vendor'"):
        list(read_company_list(bad_kind))


def test_known_companies_are_konec_forms_seen_often_and_mostly_as_companies():
    from kdeal.extractors.evidence import KnownForms
    from kdeal.extractors.gazetteer import read_known_companies

    forms = {
        "가온마트": {"OGG_ECONOMY": 3},  # three sightings, all companies
        "누리소프트": {"OGG_ECONOMY": 2, "AFW_OTHER_PRODUCTS": 1},  # two of three: enough
        "다솜": {"OGG_ECONOMY": 1, "PS_NAME": 2},  # mostly a person
        "별빛랩": {"OGG_ECONOMY": 2},  # seen twice only
        "MOU": {"OGG_ECONOMY": 5},  # an acronym, whatever an annotator once said
    }
    got = {e.name: (e.kind, e.source) for e in read_known_companies(KnownForms(forms))}
    assert got == {"가온마트": ("company", "konec"), "누리소프트": ("company", "konec")}


def test_default_gazetteer_prefers_the_institutions_list_to_the_known_companies():
    from kdeal.extractors.gazetteer import Gazetteer

    g = Gazetteer.default()
    assert g.get("금융당국").source == "institutions"
    assert g.get("OECD").kind == "organization"


def test_default_gazetteer_prefers_the_known_companies_to_mecab_group_names():
    """A name both lists hold is the konec company (self-evident to the model), unless an alias
    names it (the alias keeps its canonical name)."""
    from kdeal.extractors.gazetteer import (Gazetteer, read_aliases, read_institutions, read_known_companies,
                                            read_krx, read_mecab_group)

    mecab = {e.name for e in read_mecab_group()}
    aliased = {e.name for e in read_aliases()}
    first = {e.name for e in (*read_krx(), *read_institutions())}  # lists that come before both
    known = {e.name for e in read_known_companies()}
    both = [n for n in known if n in mecab and n not in aliased | first]
    assert both, "the lists share names"
    g = Gazetteer.default()
    assert all(g.get(n).source == "konec" for n in both)


def test_an_alias_of_a_known_company_keeps_its_canonical_name(monkeypatch):
    from kdeal.extractors import gazetteer as gz

    earlier = {e.name for e in (*gz.read_krx(), *gz.read_institutions(), *gz.read_mecab_group())}
    name = next(n for n in (e.name for e in gz.read_known_companies()) if n not in earlier)
    alias = gz.Entry(name, "누리가온홀딩스", "company", None, "aliases")
    monkeypatch.setattr(gz, "read_aliases", lambda *a, **k: iter([alias]))
    got = gz.Gazetteer.default().get(name)
    assert (got.canonical, got.source) == ("누리가온홀딩스", "aliases")
