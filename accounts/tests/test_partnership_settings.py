"""The partnership's rule settings are stored by accounts and read by reviews: the stored
choices and the vocabulary reviews computes with must stay alike (accounts does not import
reviews, so this test is where the two meet)."""

from __future__ import annotations

from accounts.models import Partnership
from reviews.deadlines import Region
from reviews.process import ClockOrigin


def test_the_calendar_regions_stored_are_the_regions_reviews_computes_with() -> None:
    stored = [(choice.value, choice.label) for choice in Partnership.CalendarRegion]

    assert stored == [(region.value, region.label) for region in Region]


def test_the_clock_origins_stored_are_the_origins_reviews_computes_with() -> None:
    stored = [(choice.value, choice.label) for choice in Partnership.ClockOrigin]

    assert stored == [(origin.value, origin.label) for origin in ClockOrigin]
