"""The national-scale generator and the page benchmark run end to end at a tiny scale (timings
are not checked here), and the audit rows they append in bulk keep their chains intact."""

from __future__ import annotations

import pytest

from accounts.chain import bulk_append, first_break
from accounts.models import Partnership, User
from bench import national, pages
from reviews.event_types import EventType
from reviews.models import (
    AccessLogEntry,
    ChronologyEntry,
    Event,
    PlanAction,
    Review,
    StepRecord,
)
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def test_the_generator_makes_the_rows_it_reports_with_intact_chains() -> None:
    counts = national.build((3,))

    made = {
        "reviews": Review.objects.count(),
        "step records": StepRecord.objects.count(),
        "chronology entries": ChronologyEntry.objects.count(),
        "plan actions": PlanAction.objects.count(),
        "events": Event.objects.count(),
        "access log entries": AccessLogEntry.objects.count(),
    }
    assert made == {
        "reviews": 3,
        "step records": 3 * 16,
        "chronology entries": 3 * 5 * 6,
        "plan actions": 3 * 3,
        "events": 100 + 2 * 75,
        "access log entries": 3 * 4,
    }
    assert {name: counts.rows[name] for name in made} == made
    assert first_break(Event) == (None, 250)
    assert first_break(AccessLogEntry) == (None, 12)


def test_bulk_append_continues_a_chain_that_save_began(
    partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    before = Event.objects.count()
    assert before >= 1

    bulk_append(
        Event,
        [
            Event(review=review, type=EventType.DETAILS_CHANGED, actor=business_team_member)
            for _ in range(5)
        ],
        batch_size=2,
    )
    Event.objects.create(review=review, type=EventType.DETAILS_CHANGED)

    assert first_break(Event) == (None, before + 6)


def test_the_page_benchmark_signs_in_and_times_every_page() -> None:
    national.build((2,))

    rows = pages.run(rounds=2)

    assert [row.page for row in rows] == list(pages.PAGES)
    assert all(row.reviews == 2 and len(row.timing.wall) == 2 for row in rows)
    assert "history (100 events)" in pages.report(rows)
