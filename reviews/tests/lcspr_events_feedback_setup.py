"""What the feedback link tests share: an LCSPR whose learning event was held.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.core import mail
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from reviews.actions.lcspr.events.feedback import send_feedback_links
from reviews.actions.lcspr.events.invitations import arrange_learning_event, record_event_held
from reviews.models import EventKind, LearningEvent, Participant
from reviews.tests.lcspr_events_setup import EVENT_START, Case, drafted, lcspr_case, participant

LINK = re.compile(r"http://127\.0\.0\.1:8000(/feedback/([A-Za-z0-9_-]+)/)")

ANSWERS = {
    "what_helped": "The chronology was shared early.",
    "what_got_in_the_way": "Nobody owned the referral.",
    "learning": "Escalate sooner.",
    "support_needed": "",
}


def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
    partner_lead: User,
    agency_contributor: User,
    independent_author: User,
) -> Case:
    with time_machine.travel(EVENT_START - dt.timedelta(days=19), tick=False):
        return lcspr_case(
            partnership,
            team=business_team_member,
            police=police,
            school=school,
            partner_lead=partner_lead,
            agency_contributor=agency_contributor,
            author=independent_author,
        )


def people(case: Case) -> dict[str, Participant]:
    return {
        "dana": participant(case, "Dana Field"),
        "sam": participant(case, "Sam Manager", kind=Participant.Kind.MANAGER),
        "kit": participant(case, "Kit Nomail", email=""),
        "absent": participant(case, "Alex Absent"),
    }


def held(case: Case, people: dict[str, Participant]) -> LearningEvent:
    """The practitioner event, held on Monday 20 April 2026; everyone but Alex attended."""
    with time_machine.travel(EVENT_START - dt.timedelta(days=19), tick=False):
        event = drafted(case)[EventKind.PRACTITIONER_EVENT]
        event = arrange_learning_event(
            event,
            by=case.author,
            expected_version=1,
            starts_at=EVENT_START,
            duration_minutes=180,
            location="Room 4",
            areas_to_explore="",
            invitees=list(people.values()),
        )
    return record_event_held(
        event,
        by=case.author,
        expected_version=event.version,
        held_on=EVENT_START.date(),
        attended=[people[name].pk for name in ("dana", "sam", "kit")],
    )


def send_links(
    case: Case, event: LearningEvent, capture: DjangoCaptureOnCommitCallbacks
) -> dict[str, str]:
    """Send the links; return each recipient's link path."""
    mail.outbox.clear()
    with capture(execute=True):
        send_feedback_links(event, by=case.author)
    links: dict[str, str] = {}
    for message in mail.outbox:
        found = LINK.search(str(message.body))
        assert found is not None
        links[message.to[0]] = found.group(1)
    return links


def links(
    case: Case,
    held: LearningEvent,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> dict[str, str]:
    return send_links(case, held, django_capture_on_commit_callbacks)


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]
