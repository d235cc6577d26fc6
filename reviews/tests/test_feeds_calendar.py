"""What a calendar feed holds: valid RFC 5545 that icalendar reads back, deadlines as all-day
events and meetings at their London times, a higher SEQUENCE when a date moves, done work
gone, other people's reviews never, a child's details never, and a row in the access log for
every fetch; in the same number of queries for 1 review as for 20."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from accounts.models import Organisation, Partnership, User
from reviews.actions import complete_step, extend_deadline
from reviews.actions.feeds import reset_feed
from reviews.calendar_files import uid_host
from reviews.models import AccessLogEntry, CalendarFeed, FeedKind, Review
from reviews.process import Step
from reviews.tests import working_day_one_meeting_setup as setup
from reviews.tests.factories import make_review
from reviews.tests.feeds_setup import events_of, link_of, sequence, stamp, start
from reviews.tests.working_day_one_meeting_setup import (
    TEN_ON_WORKING_DAY_ELEVEN,
    arrange,
    person_named,
)
from reviews.tests.working_day_one_setup import (
    PSEUDONYM,
    WORKING_DAY_FIVE,
    WORKING_DAY_ONE,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_working_day_one() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        yield


@pytest.fixture
def review(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    school: Organisation,
    agency_contributor: User,
) -> Review:
    return setup.review(
        partnership=partnership,
        business_team_member=business_team_member,
        police=police,
        icb=icb,
        school=school,
        agency_contributor=agency_contributor,
        legal=setup.legal(partnership=partnership),
    )


def fetch(feed: CalendarFeed) -> tuple[Calendar, bytes]:
    response = Client(REMOTE_ADDR="192.0.2.7").get(link_of(feed), HTTP_USER_AGENT="Test calendar")
    assert response.status_code == 200
    return Calendar.from_ical(response.content), response.content


def personal(user: User) -> CalendarFeed:
    return reset_feed(user, FeedKind.PERSONAL)


def step_uid(review: Review, key: Step) -> str:
    return f"review-{review.pk}:step:{key}@{uid_host(settings.SITE_URL)}"


def test_every_event_has_what_rfc_5545_requires(review: Review, business_team_member: User) -> None:
    pat = person_named("Pat Constable")
    arrange(review, business_team_member, [pat])

    calendar, body = fetch(personal(pat))

    events = calendar.events
    assert len(events) >= 2
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert required in event, (required, event.get("SUMMARY"))
        assert stamp(event).utcoffset() == dt.timedelta(0)
    assert len({str(event["UID"]) for event in events}) == len(events)
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert b"METHOD:" not in body  # a published calendar, not an invitation


def test_a_deadline_is_all_day_and_a_meeting_is_at_its_london_time(
    review: Review, business_team_member: User
) -> None:
    pat = person_named("Pat Constable")
    arrange(review, business_team_member, [pat])

    calendar, body = fetch(personal(pat))

    events = calendar.events
    meeting = next(e for e in events if "decision meeting" in str(e["SUMMARY"]))
    deadlines = [e for e in events if e is not meeting]
    assert start(meeting) == TEN_ON_WORKING_DAY_ELEVEN
    assert b"DTSTART;TZID=Europe/London:20260323T100000\r\n" in body
    assert meeting.decoded("DTEND") - start(meeting) == dt.timedelta(minutes=90)
    assert WORKING_DAY_FIVE in {start(e) for e in deadlines}
    assert b"DTSTART;VALUE=DATE:20260313\r\n" in body
    for deadline in deadlines:
        assert type(start(deadline)) is dt.date
        assert deadline.decoded("DTEND") == start(deadline) + dt.timedelta(days=1)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_entries_name_the_case_code_and_never_the_child(
    review: Review, business_team_member: User
) -> None:
    calendar, body = fetch(personal(business_team_member))

    assert PSEUDONYM.encode() not in body
    summaries = [str(event["SUMMARY"]) for event in calendar.events]
    assert summaries
    assert all(summary.startswith(review.case_code) for summary in summaries)


def test_a_moved_deadline_keeps_its_uid_with_a_higher_sequence(
    review: Review, business_team_member: User
) -> None:
    feed = personal(business_team_member)
    before = events_of(fetch(feed)[0])
    uid = step_uid(review, Step.INFORMATION_RETURNED)
    assert start(before[uid]) == WORKING_DAY_FIVE
    assert sequence(before[uid]) == 0
    # Fetching again with nothing changed changes nothing.
    assert sequence(events_of(fetch(feed)[0])[uid]) == 0

    with time_machine.travel(WORKING_DAY_ONE + dt.timedelta(hours=2), tick=False):
        extend_deadline(
            review,
            key=Step.INFORMATION_RETURNED,
            by=business_team_member,
            reason="The police asked for two more days.",
            working_days=2,
        )
        after = events_of(fetch(feed)[0])

    assert start(after[uid]) == dt.date(2026, 3, 17)
    assert sequence(after[uid]) == 1
    assert stamp(after[uid]) == WORKING_DAY_ONE + dt.timedelta(hours=2)
    unmoved = set(before) & set(after) - {uid}
    assert unmoved
    for other in unmoved:
        assert sequence(after[other]) == sequence(before[other])
        assert stamp(after[other]) == stamp(before[other])


def test_done_work_drops_off_the_feed(review: Review, business_team_member: User) -> None:
    feed = personal(business_team_member)
    uid = step_uid(review, Step.CONFIRM_SCOPE)
    assert uid in events_of(fetch(feed)[0])

    complete_step(
        review, key=Step.CONFIRM_SCOPE, by=business_team_member, completed_on=WORKING_DAY_ONE.date()
    )

    assert uid not in events_of(fetch(feed)[0])


def test_a_meeting_drops_off_for_someone_no_longer_invited(
    review: Review, business_team_member: User
) -> None:
    pat, isla = person_named("Pat Constable"), person_named("Isla Nurse")
    meeting = arrange(review, business_team_member, [pat, isla])
    feed = personal(isla)
    assert any("decision meeting" in str(e["SUMMARY"]) for e in fetch(feed)[0].events)

    arrange(review, business_team_member, [pat], expected_version=meeting.version)

    assert not any("decision meeting" in str(e["SUMMARY"]) for e in fetch(feed)[0].events)


def test_other_peoples_reviews_never_appear(
    review: Review, business_team_member: User, partnership: Partnership, outsider: User
) -> None:
    elsewhere = make_review(partnership=partnership, by=business_team_member, pseudonym="Child B")
    pat = person_named("Pat Constable")

    _calendar, body = fetch(personal(pat))
    _calendar, theirs = fetch(personal(outsider))

    assert review.case_code.encode() in body
    assert elsewhere.case_code.encode() not in body
    assert review.case_code.encode() not in theirs


def test_the_partnership_feed_holds_every_deadline(
    review: Review, business_team_member: User, partnership: Partnership
) -> None:
    arrange(review, business_team_member, [person_named("Pat Constable")])
    feed = reset_feed(business_team_member, FeedKind.PARTNERSHIP, partnership=partnership)

    events = events_of(fetch(feed)[0])

    assert step_uid(review, Step.INFORMATION_RETURNED) in events
    # The agencies' returns too, though others make them; and deadlines only, no meetings.
    assert any(f"review-{review.pk}:request:" in uid for uid in events)
    assert all(type(start(event)) is dt.date for event in events.values())


def test_each_fetch_is_in_the_access_log(review: Review, business_team_member: User) -> None:
    pat = person_named("Pat Constable")
    feed = personal(pat)

    fetch(feed)
    fetch(feed)

    rows = AccessLogEntry.objects.filter(user=pat).order_by("pk")
    assert len(rows) == 2
    for row in rows:
        assert row.action == AccessLogEntry.Action.EXPORTED_DATA
        assert row.partnership_id == review.partnership_id
        assert review.case_code in row.target
        assert row.ip_address == "192.0.2.7"
        assert row.user_agent == "Test calendar"


def _queries_for(feed: CalendarFeed) -> int:
    with CaptureQueriesContext(connection) as queries:
        fetch(feed)
    return len(queries)


def test_the_feed_takes_the_same_queries_for_one_review_as_for_twenty(
    partnership: Partnership, business_team_member: User, outsider: User
) -> None:
    make_review(partnership=partnership, by=business_team_member)
    one = _queries_for(personal(business_team_member))

    other = outsider.partnership
    assert other is not None
    for number in range(20):
        make_review(partnership=other, by=outsider, pseudonym=f"Child {number}")
    twenty = _queries_for(personal(outsider))

    assert one == twenty
