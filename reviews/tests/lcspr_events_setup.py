"""An LCSPR ready for its itinerary and learning events, built through the real actions, for
the test_lcspr_events_* modules.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import employ, make_user
from reviews.actions.lcspr.events.invitations import arrange_learning_event
from reviews.actions.lcspr.events.itinerary import draft_itinerary
from reviews.actions.lcspr.events.participants import add_participant
from reviews.models import EventKind, LearningEvent, Participant, Review, ReviewKind, ReviewRole
from reviews.reads.lcspr.events import default_itinerary
from reviews.tests.factories import join, make_review

LONDON = ZoneInfo("Europe/London")
PSEUDONYM = "Child Quill"
# The LCSPR starts on Friday 6 March 2026; the tests run on Wednesday 1 April 2026.
TODAY = dt.datetime(2026, 4, 1, 12, 0, tzinfo=LONDON)
# The practitioner event is planned for Monday 20 April 2026 (45 days on, a weekday).
EVENT_START = dt.datetime(2026, 4, 20, 9, 30, tzinfo=LONDON)
AFTER_THE_EVENT = dt.datetime(2026, 4, 21, 12, 0, tzinfo=LONDON)


@dataclass
class Case:
    review: Review
    team: User
    author: User
    panel_member: User
    partner_lead: User
    agency_contributor: User
    police: Organisation


def lcspr_case(
    partnership: Partnership,
    *,
    team: User,
    police: Organisation,
    school: Organisation,
    partner_lead: User,
    agency_contributor: User,
    author: User,
) -> Case:
    rapid = make_review(partnership=partnership, by=team, pseudonym=PSEUDONYM)
    review = make_review(
        partnership=partnership,
        by=team,
        kind=ReviewKind.LCSPR,
        rapid_review=rapid,
        pseudonym=PSEUDONYM,
    )
    panel_member = employ(
        make_user(partnership=partnership, email="panel@icb.example", full_name="Pia Panel"),
        police,
    )
    join(review, author, ReviewRole.INDEPENDENT_AUTHOR, by=team)
    join(review, panel_member, ReviewRole.PANEL_MEMBER, by=team)
    join(review, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    join(review, agency_contributor, ReviewRole.AGENCY_CONTRIBUTOR, by=team, organisation=school)
    return Case(
        review=review,
        team=team,
        author=author,
        panel_member=panel_member,
        partner_lead=partner_lead,
        agency_contributor=agency_contributor,
        police=police,
    )


def drafted(case: Case) -> dict[str, LearningEvent]:
    """Draft the itinerary with the dates offered; return its items by kind."""
    events = draft_itinerary(case.review, by=case.author, planned=default_itinerary(case.review))
    return {event.kind: event for event in events}


def participant(
    case: Case,
    name: str,
    *,
    kind: Participant.Kind = Participant.Kind.PRACTITIONER,
    email: str | None = None,
    sensitive: bool = False,
    note: str = "",
) -> Participant:
    return add_participant(
        case.review,
        by=case.author,
        kind=kind,
        name=name,
        job_title="Social worker",
        organisation=case.police,
        email=f"{name.split(maxsplit=1)[0].lower()}@wexmoor.example" if email is None else email,
        sensitive=sensitive,
        sensitivity_note=note,
    )


def mail_to(address: str) -> list[EmailMessage]:
    return [message for message in mail.outbox if address in message.to]


__all__ = [
    "AFTER_THE_EVENT",
    "APRIL_FIRST",
    "EVENT_START",
    "TODAY",
    "Case",
    "EventKind",
    "arrange",
    "case",
    "drafted",
    "event",
    "lcspr_case",
    "mail_to",
    "participant",
    "review_url",
    "url",
]


def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
    partner_lead: User,
    agency_contributor: User,
    independent_author: User,
) -> Case:
    return lcspr_case(
        partnership,
        team=business_team_member,
        police=police,
        school=school,
        partner_lead=partner_lead,
        agency_contributor=agency_contributor,
        author=independent_author,
    )


def event(case: Case) -> LearningEvent:
    return drafted(case)[EventKind.PRACTITIONER_EVENT]


def url(name: str, case: Case, event: LearningEvent) -> str:
    return reverse(f"reviews:{name}", kwargs={"pk": case.review.pk, "event_pk": event.pk})


def arrange(
    event: LearningEvent, by: User, people: list[Participant], **changes: object
) -> LearningEvent:
    current = LearningEvent.objects.get(pk=event.pk)
    values: dict[str, object] = {
        "expected_version": current.version,
        "starts_at": EVENT_START,
        "duration_minutes": 180,
        "location": "Room 4, Wexmoor Civic Centre",
        "areas_to_explore": "Information sharing",
        "invitees": people,
    }
    values.update(changes)
    return arrange_learning_event(current, by=by, **values)  # type: ignore[arg-type]


APRIL_FIRST = dt.date(2026, 4, 1)


def review_url(name: str, case: Case, **kwargs: int) -> str:
    return reverse(f"reviews:{name}", kwargs={"pk": case.review.pk, **kwargs})
