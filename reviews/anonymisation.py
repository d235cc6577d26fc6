"""Find a case's real identifiers in a report's text, before the report is published.

Pure functions over text: no ORM, no I/O. The values to look for come from the identities held
for the case (reviews.models.IdentityRecord, turned into ``IdentityValues`` by
reviews.actions.lcspr.drafts.anonymisation). The scan errs towards finding too much: a name
part that is also an ordinary word ("Rose", "Hill") is reported, and the business team judges
each hit.

Every search is case-insensitive, on word boundaries, and tolerant of how a word processor
writes text: runs of spaces and line breaks, non-breaking spaces, curly or straight
apostrophes, hyphens or dashes. The pseudonym ("Child G") is never looked for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

CONTEXT = 40  # characters of text shown either side of a hit
MIN_NAME_PART = 3  # letters: shorter parts ("Jo", "Li") would hit ordinary words everywhere
MIN_ADDRESS_PART = 5  # characters: "Flat 2" counts, "UK" does not
MIN_ALIAS = 2  # letters

_APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014"
# A UK postcode: outward code (A9, A99, A9A, AA9, AA99, AA9A), then the inward code (9AA).
POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})(?![A-Za-z0-9])"
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_SEPTEMBER = 9  # also written "Sept"


class HitKind(StrEnum):
    NAME = "name"
    ALIAS = "alias"
    ADDRESS = "address"
    DATE_OF_BIRTH = "date of birth"
    SCHOOL = "school"


@dataclass(frozen=True)
class IdentityValues:
    """The identifying values held for one person in the case."""

    real_name: str
    aliases: tuple[str, ...] = ()
    date_of_birth: dt.date | None = None
    address: str = ""
    school: str = ""


@dataclass(frozen=True)
class Identifier:
    """One value looked for: its kind, the value as held, and the pattern that finds it."""

    kind: HitKind
    value: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Hit:
    """A place in the text where an identifier appears.

    ``start`` and ``end`` index the text scanned; ``before`` and ``after`` are up to
    ``CONTEXT`` characters either side, with runs of whitespace made single spaces.
    """

    kind: HitKind
    text: str
    start: int
    end: int
    before: str
    after: str

    @property
    def context(self) -> str:
        return " ".join(f"{self.before}{self.text}{self.after}".split())


def _letters(value: str) -> int:
    return sum(character.isalpha() for character in value)


def _flexible(value: str) -> str:
    """A regular expression for ``value`` as any word processor might have written it."""
    pieces: list[str] = []
    for word in value.split():
        escaped = []
        for character in word:
            if character in _APOSTROPHES:
                escaped.append(f"[{re.escape(_APOSTROPHES)}]")
            elif character in _DASHES:
                escaped.append(f"\\s*[{re.escape(_DASHES)}]\\s*")
            else:
                escaped.append(re.escape(character))
        pieces.append("".join(escaped))
    return r"\s+".join(pieces)


def _bounded(expression: str) -> re.Pattern[str]:
    # Lookarounds rather than \b: a value may start or end with a non-word character.
    return re.compile(rf"(?<!\w)(?:{expression})(?!\w)", re.IGNORECASE)


def _name_parts(name: str) -> Iterator[str]:
    for word in name.split():
        yield word
        pieces = [piece for piece in re.split(f"[{re.escape(_DASHES)}]", word) if piece]
        if len(pieces) > 1:
            yield from pieces


def _address_parts(address: str) -> Iterator[str]:
    for written in re.split(r"[,\n\r]+", address):
        part = " ".join(written.split())
        if len(part) >= MIN_ADDRESS_PART:
            yield part
        # "12 Larch Way" is as identifying without its number.
        street = re.sub(r"^(?:flat\s+)?\d+[a-z]?\s+", "", part, flags=re.IGNORECASE)
        if street != part and len(street) >= MIN_ADDRESS_PART:
            yield street


def _date_expression(day: dt.date) -> str:
    """Every common way of writing ``day``: 27/03/2019, 2019-03-27, 27th March 2019, ..."""
    d = rf"0?{day.day}"
    m = rf"0?{day.month}"
    year = str(day.year)
    short_year = rf"(?:{year}|{year[2:]})"
    month_name = _MONTHS[day.month - 1]
    abbreviations = [month_name[:3], "Sept"] if day.month == _SEPTEMBER else [month_name[:3]]
    short = "|".join(abbreviations)
    month_words = rf"(?:{month_name}|(?:{short})\.?)"
    return "|".join(
        (
            rf"{d}\s*([/.\-])\s*{m}\s*\1\s*{short_year}",
            rf"{year}\s*([/.\-])\s*{m}\s*\2\s*{d}",
            rf"{d}{_ORDINAL}\s+(?:of\s+)?{month_words},?\s+{year}",
            rf"{month_words}\s+{d}{_ORDINAL},?\s+{year}",
        )
    )


def split_aliases(aliases: str) -> tuple[str, ...]:
    """The aliases of an identity as held: one string, separated with commas."""
    return tuple(alias.strip() for alias in aliases.split(",") if alias.strip())


def identifiers(identities: Iterable[IdentityValues]) -> list[Identifier]:
    """Every value to look for, once each, longest first (so a full name wins over its parts)."""
    found: dict[tuple[HitKind, str], Identifier] = {}

    def add(kind: HitKind, value: str, expression: str | None = None) -> None:
        value = " ".join(value.split())
        key = (kind, value.casefold())
        if value and key not in found:
            found[key] = Identifier(kind, value, _bounded(expression or _flexible(value)))

    for identity in identities:
        name = " ".join(identity.real_name.split())
        if _letters(name) >= MIN_NAME_PART or len(name.split()) > 1:
            add(HitKind.NAME, name)
        for part in _name_parts(name):
            if _letters(part) >= MIN_NAME_PART:
                add(HitKind.NAME, part)
        for alias in identity.aliases:
            if _letters(alias) >= MIN_ALIAS:
                add(HitKind.ALIAS, alias)
        # Postcodes first: written with or without the space, so the address part that is
        # only a postcode is then already covered.
        for outward, inward in POSTCODE.findall(identity.address):
            add(HitKind.ADDRESS, f"{outward} {inward}".upper(), rf"{outward}\s*{inward}")
        for part in _address_parts(identity.address):
            add(HitKind.ADDRESS, part)
        if identity.date_of_birth is not None:
            add(
                HitKind.DATE_OF_BIRTH,
                identity.date_of_birth.isoformat(),
                _date_expression(identity.date_of_birth),
            )
        if _letters(identity.school) >= MIN_NAME_PART:
            add(HitKind.SCHOOL, identity.school)
    return sorted(found.values(), key=lambda each: -len(each.value))


def _around(text: str, start: int, end: int) -> tuple[str, str]:
    before = re.sub(r"\s+", " ", text[max(0, start - CONTEXT) : start])
    after = re.sub(r"\s+", " ", text[end : end + CONTEXT])
    return before, after


def find_identifiers(text: str, identities: Iterable[IdentityValues]) -> list[Hit]:
    """Return every place ``text`` names one of these identities, in the order they appear.

    Where matches overlap (a full name and its surname), the longest is kept, so each place
    in the text is reported once.
    """
    matches: list[tuple[int, int, HitKind]] = []
    for identifier in identifiers(identities):
        matches.extend(
            (match.start(), match.end(), identifier.kind)
            for match in identifier.pattern.finditer(text)
            if match.end() > match.start()
        )
    # Longest first at each start, then drop any match inside one already kept.
    matches.sort(key=lambda each: (each[0], -(each[1] - each[0])))
    hits: list[Hit] = []
    reach = -1
    for found_at, end, found_kind in matches:
        if end <= reach:
            continue
        start, kind = found_at, found_kind
        if start < reach:  # overlaps the previous hit without being inside it: merge
            previous = hits.pop()
            start, kind = previous.start, previous.kind
        before, after = _around(text, start, end)
        hits.append(Hit(kind, text[start:end], start, end, before, after))
        reach = end
    return hits
