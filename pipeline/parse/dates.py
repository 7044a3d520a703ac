"""Publication dates as ISO 8601 with a time zone.

Korean outlets write dates many ways ("2025-05-15T20:00:52.000+0900",
"2023-11-02 20:06:13", "2020.03.04 17:31", RFC 822 in feeds). A time without
a zone on a Korean site is Korea time (UTC+9, no daylight saving), so the
caller passes that zone as the default; a bare date stays a date, because
inventing a time of day would be false precision.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

KST = timezone(timedelta(hours=9))

_ISO_NUMERIC = re.compile(
    r"(?P<y>\d{4})[-./년]\s*(?P<m>\d{1,2})[-./월]\s*(?P<d>\d{1,2})일?"
    r"(?:[T\s]+(?:(?P<ampm>오전|오후|AM|PM)\s*)?(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?", re.I)


def _zone(text: str | None) -> timezone | None:
    if not text:
        return None
    if text.upper() == "Z":
        return timezone.utc
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def to_iso(value: str | None, default_tz: timezone | None = KST) -> str | None:
    """ISO 8601 for a date string, or None when it is not a date.

    A datetime without a zone gets ``default_tz`` (None leaves it naive).
    """
    if not value:
        return None
    value = value.strip()
    m = _ISO_NUMERIC.search(value)
    if m:
        try:
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
            if m["H"] is None:
                return date(y, mo, d).isoformat()
            hour = int(m["H"])
            if m["ampm"] and m["ampm"].upper() in ("오후", "PM") and hour < 12:
                hour += 12
            if m["ampm"] and m["ampm"].upper() in ("오전", "AM") and hour == 12:
                hour = 0
            dt = datetime(y, mo, d, hour, int(m["M"]), int(m["S"] or 0))
        except ValueError:
            return None
        tz = _zone(m["tz"]) or default_tz
        return (dt.replace(tzinfo=tz) if tz else dt).isoformat()
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if dt.tzinfo is None and default_tz is not None:
        dt = dt.replace(tzinfo=default_tz)
    return dt.isoformat()
