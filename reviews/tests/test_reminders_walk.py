"""One rapid review walked through its 15 working days and past them on a controlled clock:
who receives which email on which day, none at a weekend or on a bank holiday, and the
escalation after the partnership's set number of working days."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import give_role, make_user
from reviews.deadlines import WorkingCalendar
from reviews.models import ReviewRole, SentReminder
from reviews.tests.conftest import ask_agency
from reviews.tests.factories import join, make_review
from reviews.tests.reminders_setup import walk

pytestmark = pytest.mark.django_db

ORIGIN = dt.date(2026, 3, 6)  # Friday; working day 15 is Friday 27 March
LAST = dt.date(2026, 4, 7)  # past Good Friday (3 April) and Easter Monday (6 April)


def test_a_rapid_reviews_reminders_day_by_day(
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    chair = give_role(
        make_user(email="chair@wtp.example", full_name="Cara Chair", partnership=partnership),
        PartnershipRole.Role.PARTNERSHIP_CHAIR,
    )
    review = make_review(partnership=partnership, by=business_team_member, origin=ORIGIN)
    join(review, business_team_member, ReviewRole.BUSINESS_TEAM_LEAD, by=business_team_member)
    request = ask_agency(review, school, by=business_team_member, contributor=agency_contributor)
    assert request.due_on == dt.date(2026, 3, 13)
    key = f"review-{review.pk}:request:{request.pk}"

    told = walk(django_capture_on_commit_callbacks, ORIGIN, LAST)

    calendar = WorkingCalendar.build()
    assert all(calendar.is_working_day(day) for day in told)  # no weekend, no bank holiday
    assert dt.date(2026, 4, 3) not in told
    assert dt.date(2026, 4, 6) not in told
    school_days = {
        day: people[agency_contributor.email]
        for day, people in told.items()
        if agency_contributor.email in people
    }
    assert sorted(school_days) == [dt.date(2026, 3, 11), dt.date(2026, 3, 13), dt.date(2026, 3, 16)]
    assert school_days[dt.date(2026, 3, 11)] == [(key, "before")]
    assert school_days[dt.date(2026, 3, 13)] == [(key, "due-today")]
    assert school_days[dt.date(2026, 3, 16)] == [(key, "overdue")]
    # Overdue by two working days on Tuesday 17 March: the business team lead, and, the school
    # having no lead on the review, the partnership chair.
    escalated = {
        (day, address)
        for day, people in told.items()
        for address, keys in people.items()
        if (key, "escalation") in keys
    }
    assert escalated == {
        (dt.date(2026, 3, 17), business_team_member.email),
        (dt.date(2026, 3, 17), chair.email),
    }
    assert told[dt.date(2026, 3, 17)][chair.email] == [(key, "escalation")]
    # Each person, item and stage once in all those days.
    rows = list(SentReminder.objects.values_list("recipient_id", "key", "stage", "due_on"))
    assert len(rows) == len(set(rows))
    # The business team lead hears of the review's own steps as they come due.
    lead_keys = defaultdict(set)
    for _day, people in told.items():
        for item_key, stage in people.get(business_team_member.email, []):
            lead_keys[stage].add(item_key)
    assert any(":step:" in each for each in lead_keys["due-today"])
