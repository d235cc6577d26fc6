"""Calendar files for meetings: they parse back, keep UK time, and name no child."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from reviews.calendar_files import Attendee, Invitation, Method, build_ics, uid_host
from reviews.tests.working_day_one_setup import attendees_of

LONDON = ZoneInfo("Europe/London")


def _invitation(**changes: object) -> Invitation:
    values: dict[str, object] = {
        "uid": "3f1c-test@reviews.wexmoor.example",
        "sequence": 0,
        "starts_at": dt.datetime(2026, 3, 23, 10, 0, tzinfo=LONDON),
        "duration_minutes": 90,
        "summary": "AWT26 decision meeting",
        "page_url": "https://reviews.wexmoor.example/reviews/1/meeting/",
        "organiser_name": "Wexmoor Test Partnership",
        "organiser_email": "reviews@wexmoor.example",
        "attendees": [
            Attendee("Hannah Test", "lead@police.example"),
            Attendee("Lena Legal", "lena@legal.example"),
        ],
        "location": "Room 2, County Hall",
        "online_link": "https://meet.wexmoor.example/abc",
        "stamp": dt.datetime(2026, 3, 9, 10, tzinfo=dt.UTC),
    }
    values.update(changes)
    return Invitation(**values)  # type: ignore[arg-type]


def _event(ics: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.events
    return calendar, event


def test_an_invitation_parses_back_with_everything_a_calendar_needs() -> None:
    calendar, event = _event(build_ics(_invitation()))

    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert str(event["UID"]) == "3f1c-test@reviews.wexmoor.example"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 23, 10, 0, tzinfo=LONDON)
    assert event.decoded("DTEND") == dt.datetime(2026, 3, 23, 11, 30, tzinfo=LONDON)
    assert event.decoded("DTSTAMP") == dt.datetime(2026, 3, 9, 10, tzinfo=dt.UTC)
    assert str(event["SUMMARY"]) == "AWT26 decision meeting"
    assert str(event["LOCATION"]) == "Room 2, County Hall"
    assert str(event["URL"]) == "https://meet.wexmoor.example/abc"
    assert "https://reviews.wexmoor.example/reviews/1/meeting/" in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == "mailto:reviews@wexmoor.example"
    attendees = attendees_of(event)
    assert [str(each) for each in attendees] == [
        "mailto:lead@police.example",
        "mailto:lena@legal.example",
    ]
    assert attendees[0].params["CN"] == "Hannah Test"
    assert attendees[0].params["RSVP"] == "TRUE"


def test_the_time_zone_is_described_by_its_rule_so_summer_time_is_right() -> None:
    # Clocks go forward on Sunday 29 March 2026: 10:00 in London is 09:00 UTC after it.
    summer = _invitation(starts_at=dt.datetime(2026, 3, 30, 9, 0, tzinfo=dt.UTC))

    ics = build_ics(summer)
    calendar, event = _event(ics)

    assert b"DTSTART;TZID=Europe/London:20260330T100000" in ics
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    assert {str(part["TZNAME"]) for part in zone.subcomponents} == {"BST", "GMT"}
    assert event.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(2026, 3, 30, 9, tzinfo=dt.UTC)


def test_an_update_keeps_the_uid_and_carries_the_new_sequence() -> None:
    _calendar, first = _event(build_ics(_invitation()))
    _calendar, second = _event(build_ics(_invitation(sequence=3)))

    assert first["UID"] == second["UID"]
    assert second["SEQUENCE"] == 3


def test_a_cancellation_says_so_for_calendar_clients() -> None:
    cancel = _invitation(method=Method.CANCEL, attendees=[Attendee("Colin Test", "c@x.example")])

    calendar, event = _event(build_ics(cancel))

    assert calendar["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert cancel.content_type == "text/calendar; method=CANCEL"


def test_an_online_only_meeting_gives_the_link_as_its_location() -> None:
    _calendar, event = _event(build_ics(_invitation(location="")))

    assert str(event["LOCATION"]) == "https://meet.wexmoor.example/abc"


def test_hostile_text_stays_text_and_cannot_add_properties() -> None:
    hostile = "Room 1\r\nATTENDEE:mailto:intruder@evil.example;<script>"

    ics = build_ics(_invitation(location=hostile))
    _calendar, event = _event(ics)

    assert [str(each) for each in attendees_of(event)] == [
        "mailto:lead@police.example",
        "mailto:lena@legal.example",
    ]
    assert "intruder@evil.example" in str(event["LOCATION"])


def test_the_uid_host_comes_from_the_site_address() -> None:
    assert uid_host("https://reviews.wexmoor.example/") == "reviews.wexmoor.example"
    assert uid_host("http://127.0.0.1:8000") == "127.0.0.1"
    assert uid_host("") == "localhost"
