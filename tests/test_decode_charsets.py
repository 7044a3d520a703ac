"""Bytes to text on the real charset fixtures and on hand-made edge cases."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from kdeal.pipeline.decode import declared_charset, decode_bytes
from kdeal.pipeline.parse import parse_response

from kdeal.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def _hangul_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum("\uac00" <= c <= "\ud7a3" for c in letters) / max(1, len(letters))


def test_euc_kr_feed_items_decode_to_hangul():
    data = (FIXTURES / "chardet__acnnewswire.net.xml").read_bytes()
    decoded = decode_bytes(data)
    assert decoded.encoding == "cp949" and "\ufffd" not in decoded.text
    articles = parse_response(data, "https://feed.example/rss", "application/rss+xml")
    assert len(articles) == 8
    assert "계약을 체결" in articles[0].title
    assert all("\ufffd" not in a.text for a in articles)


def test_cp949_page_without_any_declaration_decodes_to_hangul():
    data = (FIXTURES / "chardet___chromium_windows-949_with_no_encoding_specified.html").read_bytes()
    assert declared_charset(data) is None
    decoded = decode_bytes(data)
    assert decoded.encoding == "cp949"
    assert "한나라당은 2월 임시국회에서" in decoded.text


def test_page_declaring_euc_kr_but_sending_utf8_is_read_as_utf8():
    data = (FIXTURES / "htmldate__1538026996.html").read_bytes()
    assert declared_charset(data).lower() == "euc-kr"
    decoded = decode_bytes(data, declared="euc-kr")  # the HTTP header can lie the same way
    assert decoded.encoding == "utf-8"
    assert "코로나19 극복을 위한 특별모금이 이어지고 있다" in decoded.text


def test_http_header_charset_is_used_when_the_bytes_are_not_utf8():
    text = "<html><body><p>협력사 열 곳과 계약을 맺었다.</p></body></html>"
    data = text.encode("cp949")
    articles = parse_response(data, "https://x.example/a", "text/html; charset=EUC-KR")
    assert "협력사 열 곳과 계약을 맺었다." in articles[0].text


@pytest.mark.parametrize("bom,encoding", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                          (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_byte_order_marks_win_over_declarations(bom, encoding):
    text = '<meta charset="euc-kr"><p>업무협약</p>'
    decoded = decode_bytes(bom + text.encode(encoding), declared="euc-kr")
    assert "업무협약" in decoded.text and not decoded.text.startswith("\ufeff")


def test_mostly_undecodable_bytes_are_a_decode_error():
    data = bytes(range(0x80, 0x100)) * 200
    try:
        decoded = decode_bytes(data)
    except InputError as e:
        assert e.error.code.value == "E110-decode"
    else:  # a detector may claim a single-byte charset; it must then not be Hangul
        assert _hangul_share(decoded.text) < 0.5


def test_a_default_latin1_header_does_not_turn_korean_bytes_into_mojibake():
    data = "<html><body><p>협력사 스무 곳과 공동 개발 계약을 맺었다.</p></body></html>".encode("cp949")
    decoded = decode_bytes(data, declared="ISO-8859-1")
    assert decoded.encoding == "cp949" and "공동 개발 계약" in decoded.text


def test_real_latin1_text_stays_latin1():
    data = "<p>Café crème brûlée à la carte</p>".encode("latin-1")
    decoded = decode_bytes(data, declared="ISO-8859-1")
    assert decoded.text == "<p>Café crème brûlée à la carte</p>"
