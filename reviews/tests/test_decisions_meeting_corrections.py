"""Corrections to the decision meeting's record: what changed named, history kept, stale
versions refused, the step moved with the date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import EditConflict
from reviews.actions.decisions import Presence, record_decision_meeting
from reviews.event_types import EventType
from reviews.models import Attendance, JointDecision, StepRecord
from reviews.process import Step
from reviews.tests import decisions_meeting_setup as setup
from reviews.tests.decisions_meeting_setup import events, post
from reviews.tests.decisions_setup import AFTER_THE_MEETING, MEETING_DAY, Case, hold_meeting


@pytest.fixture(autouse=True)
def _after_the_meeting() -> Iterator[None]:
    with time_machine.travel(AFTER_THE_MEETING, tick=False):
        yield


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    partner_lead: User,
) -> Case:
    return setup.case(
        partnership=partnership,
        business_team_member=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        partner_lead=partner_lead,
    )


def test_correcting_the_record_names_what_changed_and_history_keeps_the_old_values(
    client: Client, case: Case, business_team_member: User
) -> None:
    hold_meeting(case)
    sign_in(client, business_team_member)

    response = post(
        client,
        case,
        version="1",
        rationale="Corrected rationale.",
        **{f"attendance_{case.legal.pk}": "apologies"},
    )

    assert response.status_code == 302
    decision = JointDecision.objects.get()
    assert (decision.version, decision.rationale) == (2, "Corrected rationale.")
    (event,) = events(case, EventType.JOINT_DECISION_CHANGED)
    assert event.detail["changes"] == ["attendance", "rationale"]
    assert "Corrected" not in str(event.detail)
    history = list(decision.history.order_by("history_date"))
    assert [each.rationale for each in history] == [
        "Two agencies did not share what they knew.",
        "Corrected rationale.",
    ]
    legal_row = Attendance.objects.get(user=case.legal)
    assert (legal_row.attended, legal_row.apologies) == (False, True)
    assert legal_row.history.count() == 2
    assert len(events(case, EventType.ATTENDANCE_RECORDED)) == 2


def test_saving_the_same_record_again_changes_nothing(
    client: Client, case: Case, business_team_member: User
) -> None:
    hold_meeting(case)
    sign_in(client, business_team_member)

    response = post(client, case, version="1")

    assert response.status_code == 302
    assert JointDecision.objects.get().version == 1
    assert not events(case, EventType.JOINT_DECISION_CHANGED)


def test_a_stale_version_is_refused_and_nothing_is_overwritten(
    client: Client, case: Case, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    hold_meeting(case)

    response = post(client, case, version="0", rationale="Typed while someone else saved.")

    assert response.status_code == 409
    assert "Someone else saved a change while you were editing" in response.content.decode()
    assert JointDecision.objects.get().rationale == "Two agencies did not share what they knew."
    (refused,) = events(case, EventType.EDIT_REFUSED)
    assert refused.detail["record"] == "joint decision"
    with pytest.raises(EditConflict):
        hold_meeting(case)


def test_a_corrected_meeting_date_moves_the_step(case: Case) -> None:
    hold_meeting(case)
    earlier = MEETING_DAY - dt.timedelta(days=3)

    record_decision_meeting(
        case.meeting,
        by=case.team,
        expected_version=1,
        held_on=earlier,
        attendance=dict.fromkeys(case.meeting.invitees.all(), Presence.ATTENDED),
        legal_advice="The legal representative advised that the criteria are met.",
        lcspr_criteria_met="yes",
        national_criteria_met="no",
        lcspr_to_start=True,
        rationale="Two agencies did not share what they knew.",
        action_on_learning="",
        dissents={},
    )

    assert StepRecord.objects.get(review=case.review, key=Step.DECISION_MEETING).completed_on == (
        earlier
    )
    assert events(case, EventType.JOINT_DECISION_CHANGED)[0].detail["changes"] == ["held_on"]
    assert len(events(case, EventType.STEP_REOPENED)) == 1
