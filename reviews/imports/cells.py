"""One cell of a chronology: its date read in the forms people write, its text tidied."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

EARLIEST_YEAR = 1900
EXAMPLE_DATE = "27/03/2026"

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_TIME = r"(?:[T ]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{4}}){_TIME}$")
_SHORT_YEAR = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}$")
_ISO = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$")
_IN_WORDS = re.compile(
    r"^(?:[a-z]+day,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$", re.IGNORECASE
)


def parse_date(value: Any, *, today: dt.date | None = None) -> dt.date:
    """Read one date cell; a ValueError's message says what is wrong with it."""
    if isinstance(value, dt.datetime):
        day = value.date()
        shown = f"{day:%d/%m/%Y}"
    elif isinstance(value, dt.date):
        day, shown = value, f"{value:%d/%m/%Y}"
    elif value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("the date is empty")
    elif isinstance(value, str):
        shown = " ".join(value.split())[:40]
        day = _date_from_text(shown)
    else:
        shown = str(value)[:40]
        raise ValueError(
            f"the date {shown} is not a date this service can read: write it like {EXAMPLE_DATE}"
        )
    if day.year < EARLIEST_YEAR:
        raise ValueError(f"the date {shown} is not a real date")
    if today is not None and day > today:
        raise ValueError(f"the date {shown} is in the future")
    return day


def _date_from_text(text: str) -> dt.date:
    parts: tuple[int, int, int] | None = None
    if match := _DAY_MONTH_YEAR.match(text):
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif match := _ISO.match(text):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif (match := _IN_WORDS.match(text)) and match[2].lower() in _MONTHS:
        parts = (int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
    elif _SHORT_YEAR.match(text):
        raise ValueError(f"the date {text} needs a 4-digit year, like {EXAMPLE_DATE}")
    if parts is None:
        raise ValueError(
            f"the date “{text}” is not in a form this service can read: "
            f"write it like {EXAMPLE_DATE}"
        )
    try:
        return dt.date(*parts)
    except ValueError:
        raise ValueError(f"the date {text} is not a real date") from None


def clean_text(value: Any) -> str:
    """Turn a cell into text: no control characters but line breaks and tabs, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cs"})
    return "".join(kept).strip()
