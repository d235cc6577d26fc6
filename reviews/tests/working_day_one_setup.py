"""What the working day 1 tests share: a rapid review opened by a real notification, the people
the steps need, and readers for the outbox and its calendar files.

The clock: the partnership was told on Friday 6 March 2026 (working day 0), so working day 1
is Monday 9 March, working day 5 Friday 13 March and working day 11 Monday 23 March.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.core.mail import EmailMessage
from icalendar import Calendar, Event

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import employ, give_role, make_user
from reviews.actions.notification import ChildDetails, record_notification
from reviews.actions.working_day_one import RequestsSent, send_requests
from reviews.models import AbuseOrNeglect, Criterion, Harm, Review, Sex

WORKING_DAY_ONE = dt.datetime(2026, 3, 9, 10, tzinfo=dt.UTC)  # Monday 9 March 2026
INCIDENT = dt.date(2026, 3, 1)
RECEIVED = dt.date(2026, 3, 6)
WORKING_DAY_FIVE = dt.date(2026, 3, 13)
WORKING_DAY_ELEVEN = dt.date(2026, 3, 23)
# Distinctive, so that a test finding it in an email or a calendar file cannot be a coincidence.
PSEUDONYM = "Child Zephyrine"


def open_rapid_review(partnership: Partnership, *, by: User) -> Review:
    """Record a notification (incident 1 March 2026), which opens the rapid review."""
    return record_notification(
        partnership=partnership,
        by=by,
        children=[ChildDetails(pseudonym=PSEUDONYM, sex=Sex.FEMALE, age_years=4)],
        incident_date=INCIDENT,
        harm=Harm.SERIOUSLY_HARMED,
        incident_area="Wexmoor",
        home_area="Wexmoor",
        criterion=Criterion.IN_AREA,
        abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
        proceed_reason="",
        la_aware_on=dt.date(2026, 3, 2),
        panel_notified_on=dt.date(2026, 3, 5),
        partnership_told_on=RECEIVED,
    )


def staff(organisation: Organisation, name: str) -> User:
    """Make a person who works at an organisation."""
    slug = name.lower().replace(" ", ".")
    return employ(
        make_user(
            partnership=organisation.partnership, email=f"{slug}@wexmoor.example", full_name=name
        ),
        organisation,
    )


def holder(partnership: Partnership, role: PartnershipRole.Role, name: str) -> User:
    """Make a person who holds a partnership-wide role (a chair, a legal representative)."""
    slug = name.lower().replace(" ", ".")
    return give_role(
        make_user(partnership=partnership, email=f"{slug}@wexmoor.example", full_name=name), role
    )


def ask_partners(
    review: Review, *, by: User, contributors: dict[Organisation, User]
) -> RequestsSent:
    """Send the statutory partners their requests through the real action."""
    return send_requests(review, by=by, contributors=contributors)


def mail_to(address: str) -> list[EmailMessage]:
    """Return the messages in the test outbox addressed to one person."""
    return [message for message in mail.outbox if address in message.to]


def body_of(message: EmailMessage) -> str:
    return str(message.body)


def calendar_in(message: EmailMessage) -> tuple[Calendar, str]:
    """Return the calendar file attached to a message, parsed, with its content type."""
    (attachment,) = [each for each in message.attachments if not isinstance(each, bytes)]
    filename, content, mimetype = attachment
    assert str(filename).endswith(".ics")
    text = content.decode() if isinstance(content, bytes) else str(content)
    return Calendar.from_ical(text), str(mimetype)


def attendees_of(event: Event) -> list[Any]:
    """Return an event's ATTENDEE values as a list (icalendar gives one alone, not in a list)."""
    value: Any = event.get("ATTENDEE", [])
    return list(value) if isinstance(value, list) else [value]
