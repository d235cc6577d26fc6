"""Working-day arithmetic for statutory deadlines: pure functions, no ORM.

Counting convention (domain.md): working day 0 is the clock's origin date, whatever day of the
week it is; working day N is the N-th working day after it.
"""

from __future__ import annotations

from enum import StrEnum


class Region(StrEnum):
    """Bank-holiday calendars a partnership can follow."""

    ENGLAND_AND_WALES = "england-and-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()
