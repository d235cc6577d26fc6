"""Calendar invitations (.ics, RFC 5545 with iTIP, RFC 5546) for a review's meetings.

`build_ics` is pure: plain values in, bytes out. `meeting_invitation` gathers those values from
a meeting already loaded (with its review and partnership), so the file attached to an email
and the one downloaded from the meeting page are the same. An invitation names the case code
and links to the meeting page behind sign-in; it never carries a child's pseudonym or details,
because calendar entries are copied to phones and shared calendars outside the service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from enum import StrEnum
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from accounts.models import User
from reviews.mail import absolute_url
from reviews.models import EventKind, LearningEvent, Meeting, MeetingKind

LONDON = ZoneInfo("Europe/London")
PRODUCT_ID = "-//Safeguarding practice reviews//Meetings//EN"
CONTENT_TYPE = "text/calendar; method={method}"


class Method(StrEnum):
    """What the file asks of a calendar client (iTIP methods)."""

    REQUEST = "REQUEST"  # a new invitation, or an update of one the client already holds
    CANCEL = "CANCEL"  # the meeting is off for the attendees listed


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


@dataclass(frozen=True)
class Invitation:
    """Everything a calendar entry for one meeting holds."""

    uid: str
    sequence: int
    starts_at: dt.datetime
    duration_minutes: int
    summary: str
    page_url: str
    organiser_name: str
    organiser_email: str
    attendees: Sequence[Attendee]
    location: str = ""
    online_link: str = ""
    method: Method = Method.REQUEST
    stamp: dt.datetime | None = None  # when the file was made; now, if not given

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPE.format(method=self.method.value)


def uid_host(site_url: str) -> str:
    """Return the host part of a meeting's UID, from the service's address (RFC 5545 3.8.4.7)."""
    return urlsplit(site_url).hostname or "localhost"


def _london_timezone() -> Timezone:
    """Describe Europe/London by its rule, as calendar clients themselves write it.

    A rule (last Sunday of March and of October) rather than a list of dated changes keeps the
    file short and right for every year.
    """
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", dt.datetime(1970, 3, 29, 1, 0))  # noqa: DTZ001  floating, by the RFC
    summer.add("tzoffsetfrom", dt.timedelta(hours=0))
    summer.add("tzoffsetto", dt.timedelta(hours=1))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", dt.datetime(1970, 10, 25, 2, 0))  # noqa: DTZ001  floating, by the RFC
    winter.add("tzoffsetfrom", dt.timedelta(hours=1))
    winter.add("tzoffsetto", dt.timedelta(hours=0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = name
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = value
    return address


def _description(invitation: Invitation) -> str:
    lines = [invitation.summary + "."]
    if invitation.online_link:
        lines.append(f"Join online: {invitation.online_link}")
    if invitation.page_url:
        lines.append(f"Details (sign in needed): {invitation.page_url}")
    return "\n".join(lines)


def build_ics(invitation: Invitation) -> bytes:
    """Return the .ics file for one meeting: a VCALENDAR with one VEVENT."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", invitation.method.value)
    calendar.add_component(_london_timezone())

    event = Event()
    event.add("uid", invitation.uid)
    event.add("sequence", invitation.sequence)
    event.add("dtstamp", (invitation.stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC))
    event.add("dtstart", invitation.starts_at.astimezone(LONDON))
    event.add("dtend", invitation.ends_at.astimezone(LONDON))
    event.add("summary", invitation.summary)
    event.add("location", invitation.location or invitation.online_link)
    if invitation.online_link or invitation.page_url:
        event.add("url", invitation.online_link or invitation.page_url)
    event.add("description", _description(invitation))
    event.add("organizer", _address(invitation.organiser_email, invitation.organiser_name))
    for attendee in invitation.attendees:
        event.add(
            "attendee",
            _address(
                attendee.email,
                attendee.name,
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp="TRUE",
            ),
        )
    if invitation.method is Method.CANCEL:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics


SUMMARIES = {
    MeetingKind.DECISION: "decision meeting",
    MeetingKind.RECONVENED: "reconvened meeting",
}


def meeting_summary(meeting: Meeting) -> str:
    """Return the entry's title: the case code and the kind of meeting, nothing about the child."""
    return f"{meeting.review.case_code} {SUMMARIES[MeetingKind(meeting.kind)]}"


def ics_filename(meeting: Meeting) -> str:
    return f"{meeting.review.case_code}-{meeting.kind}.ics"


def meeting_invitation(
    meeting: Meeting, *, attendees: Sequence[User], method: Method = Method.REQUEST
) -> Invitation:
    """Describe a meeting as a calendar entry for these attendees."""
    organiser_name, organiser_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return Invitation(
        uid=meeting.uid,
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        summary=meeting_summary(meeting),
        page_url=absolute_url(reverse("reviews:meeting", kwargs={"pk": meeting.review_id})),
        organiser_name=organiser_name or meeting.review.partnership.name,
        organiser_email=organiser_email or settings.DEFAULT_FROM_EMAIL,
        attendees=[Attendee(name=user.full_name, email=user.email) for user in attendees],
        location=meeting.location,
        online_link=meeting.online_link,
        method=method,
    )


def learning_event_name(kind: str) -> str:
    """Name an LCSPR itinerary item in running text: "practitioner learning event"."""
    if kind == EventKind.PRE_MEETING:
        return "pre-meeting"
    label = str(EventKind(kind).label)
    return label[:1].lower() + label[1:]


def learning_event_filename(event: LearningEvent) -> str:
    return f"{event.review.case_code}-{event.kind}.ics"


def learning_event_invitation(
    event: LearningEvent, *, attendee: Attendee, method: Method = Method.REQUEST
) -> Invitation:
    """Describe an LCSPR learning event as a calendar entry for one participant.

    Participants are not users, so the entry links to no page, and each participant gets an
    entry naming only themselves: who else takes part in a review is not theirs to know.
    """
    if event.starts_at is None:
        raise ValueError("A learning event needs a start time before it can be in a calendar.")
    organiser_name, organiser_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return Invitation(
        uid=event.uid,
        sequence=event.sequence,
        starts_at=event.starts_at,
        duration_minutes=event.duration_minutes,
        summary=f"{event.review.case_code} {learning_event_name(event.kind)}",
        page_url="",
        organiser_name=organiser_name or event.review.partnership.name,
        organiser_email=organiser_email or settings.DEFAULT_FROM_EMAIL,
        attendees=[attendee],
        location=event.location,
        method=method,
    )
