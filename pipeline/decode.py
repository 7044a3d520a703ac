"""Bytes to text, trusting neither the HTTP header nor the meta tag blindly.

Korean pages often declare EUC-KR and send UTF-8, or send CP949 with no
declaration at all. Valid UTF-8 of any length is almost never an accident, so
it wins over any declaration; then the declared charset (EUC-KR widened to
CP949, its superset); then detection.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from kdeal.errors import DocError, ErrorCode, InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_DECL = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""", re.I)

# Korean legacy encodings are all decoded as CP949, which is a superset of them.
_WIDEN = {"euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949", "ksc5601": "cp949",
          "ks_c_5601": "cp949", "x-windows-949": "cp949", "windows-949": "cp949", "uhc": "cp949"}


# Charsets that decode any byte sequence, so a wrong declaration never shows as an error.
_SINGLE_BYTE = {"iso8859-1", "cp1252", "ascii", "latin-1", "iso8859-15"}


def _reads_as_korean(data: bytes) -> bool:
    """The bytes decode as CP949 and most non-ASCII characters are Hangul syllables."""
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) > 127]
    if len(wide) < 4:
        return False
    hangul = sum(1 for c in wide if "\uac00" <= c <= "\ud7a3")
    return hangul / len(wide) >= 0.6


@dataclass(frozen=True)
class Decoded:
    """The text, the encoding it was read with and the one declared; ``replaced`` counts the invalid
    byte sequences that became U+FFFD (a repair the caller must report)."""

    text: str
    encoding: str
    declared: str | None
    replaced: int = 0


def _lenient(data: bytes, encoding: str, declared: str | None) -> Decoded:
    """``data`` decoded with invalid sequences replaced, counting them (U+FFFD already in the text
    is not a repair: it survives a decode that drops what is invalid)."""
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    return Decoded(text, encoding, declared, replaced)


def _normalise(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _WIDEN.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares in its first bytes (XML declaration or meta tag)."""
    head = data[:4096]
    m = _XML_DECL.search(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first block: not a text document."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, declared: str | None = None, origin: str = "<bytes>") -> Decoded:
    """Decode ``data``; ``declared`` is the HTTP header charset if there was one."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _lenient(data, enc, declared)
    in_doc = declared_charset(data)
    claim = declared or in_doc
    try:
        return Decoded(data.decode("utf-8"), "utf-8", claim)
    except UnicodeDecodeError:
        pass
    for cand in (_normalise(declared), _normalise(in_doc), "cp949"):
        if cand in _SINGLE_BYTE and _reads_as_korean(data):
            # Servers default to ISO-8859-1 in the header; a single-byte charset never
            # fails to decode, so it cannot be trusted over bytes that read as Korean.
            return Decoded(data.decode("cp949"), "cp949", claim)
        if cand and cand not in ("utf-8",):
            try:
                return Decoded(data.decode(cand), cand, claim)
            except (UnicodeDecodeError, LookupError):
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return Decoded(str(best), best.encoding, claim)
    # Mostly UTF-8 with a few broken bytes is still the most useful reading.
    decoded = _lenient(data, "utf-8", claim)
    if decoded.replaced > max(10, len(decoded.text) // 100):
        raise InputError(ErrorCode.DECODE, origin, "cannot tell the character encoding")
    return decoded


def replaced_warning(decoded: Decoded, origin: str, doc_id: str | None = None) -> DocError | None:
    """The warning to record when decoding replaced invalid bytes, else None."""
    if not decoded.replaced:
        return None
    return DocError(ErrorCode.REPLACED_BYTES, origin,
                    f"{decoded.replaced:,} invalid byte sequence(s) in {decoded.encoding} replaced by U+FFFD; "
                    f"the rest of the text was read", doc_id)
