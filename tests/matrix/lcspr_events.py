"""Who reaches an LCSPR's itinerary, participants, learning events and feedback answers.

Everyone taking part in the LCSPR (agencies aside) reads the itinerary, the participants and
each event; the author and the business team draft, arrange, invite and record
(Permission.AUTHOR_WORK); the business team on the panel's behalf or a panel member or partner
lead confirms the itinerary; the business team records the briefing and the events done; the
feedback answers are the review team's only (Permission.VIEW_PRIVATE). The public feedback page
is outside the matrix (it needs no account: reviews/tests/test_lcspr_events_feedback_access.py).

The setup, through the real actions: the itinerary drafted; two participants; the practitioner
event arranged and held with one attendee (feedback not yet asked); the manager event arranged;
a second manager event held (so the practitioner and manager events are both held).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from reviews import moment
from reviews.actions.lcspr.events.invitations import arrange_learning_event, record_event_held
from reviews.actions.lcspr.events.itinerary import add_itinerary_item, draft_itinerary
from reviews.actions.lcspr.events.participants import add_participant
from reviews.models import EventKind, LearningEvent, Participant
from reviews.reads.lcspr.events import default_itinerary
from reviews.tests.form_data import date_fields
from tests.matrix import ALL_REVIEW_ROLES, BUSINESS_TEAM_AND_LEAD, Row, World

READERS = ALL_REVIEW_ROLES
AUTHORS = BUSINESS_TEAM_AND_LEAD | {"author": "ok"}
CONFIRMERS = BUSINESS_TEAM_AND_LEAD | {"partner-lead": "ok", "panel-member": "ok"}
RUNNERS = BUSINESS_TEAM_AND_LEAD


def setup(world: World) -> None:
    team, review = world.people["business-team"], world.lcspr
    events = {
        event.kind: event
        for event in draft_itinerary(review, by=team, planned=default_itinerary(review))
    }
    practitioner = add_participant(
        review,
        by=team,
        kind=Participant.Kind.PRACTITIONER,
        name="Dana Fieldworker",
        job_title="Social worker",
        organisation=world.organisations["csc"],
        email="dana.fieldworker@csc.example",
    )
    manager = add_participant(
        review,
        by=team,
        kind=Participant.Kind.MANAGER,
        name="Morgan Teamlead",
        organisation=world.organisations["police"],
        email="morgan.teamlead@police.example",
        sensitive=True,
        sensitivity_note="Recently bereaved.",
    )
    soon = timezone.now().replace(microsecond=0) + dt.timedelta(days=14)
    held = arrange_learning_event(
        events[EventKind.PRACTITIONER_EVENT],
        by=team,
        expected_version=1,
        starts_at=soon,
        duration_minutes=180,
        location="Room 4, Wexmoor Civic Centre",
        areas_to_explore="Information sharing",
        invitees=[practitioner],
    )
    with moment.at(soon + dt.timedelta(hours=4)):  # held once it has started (issue 14)
        record_event_held(
            held,
            by=team,
            expected_version=held.version,
            held_on=timezone.localdate(soon),
            attended=[practitioner.pk],
        )
    arranged = arrange_learning_event(
        events[EventKind.MANAGER_EVENT],
        by=team,
        expected_version=1,
        starts_at=soon + dt.timedelta(days=7),
        duration_minutes=120,
        location="Room 1, Wexmoor Police HQ",
        areas_to_explore="Supervision",
        invitees=[manager],
    )
    second = add_itinerary_item(
        review, by=team, kind=EventKind.MANAGER_EVENT, planned_on=review.origin
    )
    record_event_held(
        second, by=team, expected_version=1, held_on=timezone.localdate(), attended=[]
    )
    world.extras["events"] = {
        "held": held.pk,
        "arranged": arranged.pk,
        # Not arranged: recorded held today (an arranged one cannot be before it starts).
        "unarranged": events[EventKind.FURTHER_INFORMATION].pk,
    }
    world.extras["participant"] = manager.pk


def _event(which: str) -> Any:
    def kwargs(world: World) -> dict[str, Any]:
        return {"pk": world.lcspr.pk, "event_pk": world.extras["events"][which]}

    return kwargs


def _participant(world: World) -> dict[str, Any]:
    return {"pk": world.lcspr.pk, "participant_pk": world.extras["participant"]}


def _today(name: str) -> dict[str, str]:
    return date_fields(name, timezone.localdate())


def _add_item(world: World) -> dict[str, Any]:
    return {"kind": "pre-meeting", **date_fields("planned_on", world.lcspr.origin)}


def _confirm(world: World) -> dict[str, Any]:
    return {"adjustments": "Manager event moved a week later.", **_today("confirmed_on")}


def _new_participant(world: World) -> dict[str, Any]:
    return {"kind": "practitioner", "name": "Robin Healthvisitor", "email": "robin@icb.example"}


def _change_participant(world: World) -> dict[str, Any]:
    current = Participant.objects.get(pk=world.extras["participant"])
    return {
        "version": str(current.version),
        "kind": "manager",
        "name": "Morgan Teamlead",
        "job_title": "Detective inspector",
        "email": current.email,
        "sensitive": "on",
        "sensitivity_note": "Recently bereaved.",
        "support_in_place": "on",
    }


def _arrange(world: World) -> dict[str, Any]:
    event = LearningEvent.objects.get(pk=world.extras["events"]["arranged"])
    return {
        "version": str(event.version),
        "start_time": "10:00",
        "duration_minutes": "180",
        "location": "Room 2, Wexmoor Police HQ",
        "areas_to_explore": "Supervision\nEscalation",
        "invitees": [str(world.extras["participant"])],
        **date_fields("date", timezone.localdate() + dt.timedelta(days=30)),
    }


def _planned(world: World) -> dict[str, Any]:
    event = LearningEvent.objects.get(pk=world.extras["events"]["arranged"])
    return {
        "version": str(event.version),
        **date_fields("planned_on", world.lcspr.origin + dt.timedelta(days=90)),
    }


def _held(world: World) -> dict[str, Any]:
    event = LearningEvent.objects.get(pk=world.extras["events"]["unarranged"])
    return {"version": str(event.version), **_today("held_on")}


ROWS: dict[str, Row] = {
    "reviews:itinerary": Row(READERS),
    "reviews:itinerary-draft": Row(AUTHORS),
    "reviews:itinerary-add": Row(AUTHORS, method="post", data=_add_item),
    "reviews:itinerary-confirm": Row(CONFIRMERS, method="post", data=_confirm),
    "reviews:learning-events-complete": Row(
        RUNNERS, method="post", data=lambda world: _today("completed_on")
    ),
    "reviews:learning-event": Row(READERS, kwargs=_event("arranged")),
    "reviews:itinerary-date": Row(AUTHORS, method="post", kwargs=_event("arranged"), data=_planned),
    "reviews:learning-event-held": Row(
        AUTHORS, method="post", kwargs=_event("unarranged"), data=_held
    ),
    "reviews:feedback-send": Row(AUTHORS, method="post", kwargs=_event("held")),
    "reviews:feedback-answers": Row(AUTHORS, kwargs=_event("held")),
    "reviews:participants": Row(READERS),
    "reviews:participant-edit": Row(
        AUTHORS, method="post", kwargs=_participant, data=_change_participant
    ),
    "reviews:participants-briefed": Row(
        RUNNERS, method="post", data=lambda world: _today("briefed_on")
    ),
}
