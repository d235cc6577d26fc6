"""An event in words: its sentence, its kind's name, and sentence case that keeps acronyms."""

from __future__ import annotations

import re
from typing import Any, Protocol

from reviews.event_types.kinds import EventType
from reviews.event_types.titles import TITLES
from reviews.event_types.wording import WORDING

# Words that keep their capitals wherever they appear: role labels are stored lower-cased in
# some events ("cspr subgroup chair"), and sentence case must not undo an acronym either.
_CAPITALS: dict[str, str] = {
    "cspr": "CSPR",
    "lcspr": "LCSPR",
    "lcsprs": "LCSPRs",
    "icb": "ICB",
    "wd": "WD",
}
_NATIONAL_PANEL = re.compile(r"\bnational panel\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")


def restore_capitals(text: str) -> str:
    """Put the capitals back into acronyms and "National Panel"; leave every other letter."""
    text = _WORD.sub(lambda word: _CAPITALS.get(word.group().lower(), word.group()), text)
    return _NATIONAL_PANEL.sub("National Panel", text)


def sentence_case(text: str) -> str:
    """Capitalise the first letter only (unlike str.capitalize, which lowers every other one),
    keeping acronyms in capitals."""
    text = restore_capitals(text)
    return text[:1].upper() + text[1:]


def title(event_type: str) -> str:
    """The name of a kind of event in a list of kinds, in words."""
    try:
        return TITLES[EventType(event_type)]
    except ValueError:
        return sentence_case(event_type.replace("-", " "))


class _EventLike(Protocol):
    type: str
    detail: Any


def describe(event: _EventLike) -> str:
    """Say what an event means in plain words, using the values its detail holds."""
    try:
        template = WORDING[EventType(event.type)]
    except ValueError:
        return sentence_case(event.type.replace("-", " "))
    detail = dict(event.detail) if isinstance(event.detail, dict) else {}
    if isinstance(detail.get("role"), str):
        # Member events store the role's label lower-cased, acronyms included.
        detail["role"] = restore_capitals(detail["role"])
    try:
        return template.format(**detail)
    except (KeyError, IndexError):
        return template.split("{", 1)[0].strip() or event.type
