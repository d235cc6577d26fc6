"""The decision meeting (working day 11): attendance, legal advice, the joint decision and
dissent, and the refusals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.decisions import Presence, record_decision_meeting
from reviews.event_types import EventType
from reviews.models import Attendance, Dissent, JointDecision, StepRecord
from reviews.process import Step
from reviews.tests import decisions_meeting_setup as setup
from reviews.tests.decisions_meeting_setup import events, meeting_url, post
from reviews.tests.decisions_setup import (
    AFTER_THE_MEETING,
    MEETING_DAY,
    Case,
    hold_meeting,
    meeting_form,
)
from reviews.tests.working_day_one_setup import WORKING_DAY_ONE, open_rapid_review


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


def test_without_a_meeting_the_page_says_so_and_links_to_arranging_it(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        review = open_rapid_review(partnership, by=business_team_member)
    sign_in(client, business_team_member)
    url = reverse("reviews:decision-meeting", kwargs={"pk": review.pk})

    page = client.get(url)

    assert page.status_code == 200
    assert "The decision meeting has not been arranged yet" in page.content.decode()
    assert reverse("reviews:meeting", kwargs={"pk": review.pk}) in page.content.decode()
    assert client.post(url, {}).status_code == 404


def test_the_business_team_records_the_meeting_and_the_step_is_done_that_day(
    client: Client, case: Case, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    response = post(client, case)

    assert response.status_code == 302
    decision = JointDecision.objects.get(meeting=case.meeting)
    assert (decision.lcspr_criteria_met, decision.national_criteria_met) == ("yes", "no")
    assert decision.lcspr_to_start is True
    assert decision.held_on == MEETING_DAY
    assert decision.history.get().history_user == business_team_member
    assert Attendance.objects.filter(meeting=case.meeting, attended=True).count() == 4
    police_row = Attendance.objects.get(meeting=case.meeting, user=case.leads["police"])
    assert police_row.organisation == case.partners["police"]
    assert len(events(case, EventType.JOINT_DECISION_RECORDED)) == 1
    (attendance,) = events(case, EventType.ATTENDANCE_RECORDED)
    assert "Lena Counsel" in attendance.detail["attended"]
    step = StepRecord.objects.get(review=case.review, key=Step.DECISION_MEETING)
    assert step.completed_on == MEETING_DAY


def test_the_page_flags_a_missing_partner_and_a_missing_legal_representative(
    client: Client, case: Case, business_team_member: User
) -> None:
    hold_meeting(case, absent=(case.leads["icb"], case.legal))
    sign_in(client, business_team_member)

    page = client.get(meeting_url(case)).content.decode()

    assert page.count('data-testid="gap"') == 2
    assert "Nobody from integrated care board attended." in page
    assert "The local authority legal representative did not attend." in page


def test_nothing_is_flagged_when_every_partner_and_legal_attended(
    client: Client, case: Case, business_team_member: User
) -> None:
    hold_meeting(case)
    sign_in(client, business_team_member)

    assert 'data-testid="gap"' not in client.get(meeting_url(case)).content.decode()


def test_a_dissent_is_recorded_with_who_spoke_for_the_partner_and_why(
    client: Client, case: Case, business_team_member: User
) -> None:
    icb = case.partners["icb"]
    sign_in(client, business_team_member)

    response = post(
        client,
        case,
        dissenters=[str(icb.pk)],
        **{f"dissent_{icb.pk}": "The ICB thinks a national review is needed."},
    )
    page = client.get(meeting_url(case)).content.decode()

    assert response.status_code == 302
    dissent = Dissent.objects.get()
    assert (dissent.organisation, dissent.person) == (icb, case.leads["icb"])
    (event,) = events(case, EventType.DISSENT_RECORDED)
    assert event.detail["organisation"] == "Wexmoor ICB"
    assert f'data-dissent="{icb.pk}"' in page
    assert "The ICB thinks a national review is needed." in page
    assert dissent.history.get().history_user == business_team_member


def test_withdrawing_a_dissent_is_a_traced_change(
    client: Client, case: Case, business_team_member: User
) -> None:
    icb = case.partners["icb"]
    hold_meeting(case, dissents={icb: "Recorded against the wrong partner."})
    dissent_id = Dissent.objects.get().pk
    sign_in(client, business_team_member)

    response = post(client, case, version="1")

    assert response.status_code == 302
    assert not Dissent.objects.exists()
    (event,) = events(case, EventType.JOINT_DECISION_CHANGED)
    assert event.detail["changes"] == ["dissents"]
    gone = Dissent.history.filter(id=dissent_id).order_by("history_date")
    assert [each.history_type for each in gone] == ["+", "-"]
    assert JointDecision.objects.get().history.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"legal_advice": ""}, "Enter the legal advice given at the meeting"),
        (
            {"lcspr_criteria_met": "perhaps"},
            "Choose yes, no or not sure yet for whether the LCSPR criteria are met",
        ),
        ({"lcspr_to_start": "maybe"}, "Choose whether an LCSPR will start"),
        ({"rationale": "y" * 10001}, "The rationale must be 10,000 characters or fewer"),
        ({"legal_advice": "a\x00b"}, "The legal advice must not contain null characters"),
        (
            {"lcspr_to_start": "no", "action_on_learning": " "},
            "Enter the action taken or under way to address the learning, as no LCSPR will start",
        ),
        ({"held_on-day": "24"}, "Date the meeting was held must be today or in the past"),
        ({"held_on-month": "13"}, "Date the meeting was held must be a real date"),
        ({"dissenters": ["999999"]}, "Choose the partners that disagreed from the list"),
        ({"dissenters": ["Wexmoor ICB"]}, "Choose the partners that disagreed from the list"),
        ({"version": "<script>"}, "This page is out of date"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(
    client: Client,
    case: Case,
    business_team_member: User,
    changes: dict[str, Any],
    message: str,
) -> None:
    sign_in(client, business_team_member)

    response = post(client, case, **changes)

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: " in page
    assert message in page
    assert not JointDecision.objects.exists()
    assert not Attendance.objects.exists()


def test_hostile_text_is_kept_as_typed_and_shown_escaped(
    client: Client, case: Case, business_team_member: User
) -> None:
    hostile = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"
    sign_in(client, business_team_member)

    post(client, case, legal_advice=hostile)
    page = client.get(meeting_url(case)).content.decode()

    assert JointDecision.objects.get().legal_advice == hostile
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;" in page
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page


def test_each_invitees_attendance_must_be_given(
    client: Client, case: Case, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    data = meeting_form(case)
    del data[f"attendance_{case.legal.pk}"]

    response = client.post(meeting_url(case), data)

    assert response.status_code == 400
    assert "Choose whether Lena Counsel attended" in response.content.decode()


def test_a_dissent_without_reasons_is_refused(
    client: Client, case: Case, business_team_member: User
) -> None:
    icb = case.partners["icb"]
    sign_in(client, business_team_member)

    response = post(client, case, dissenters=[str(icb.pk)])

    assert response.status_code == 400
    assert "Enter the reasons Wexmoor ICB gave for disagreeing" in response.content.decode()
    assert not Dissent.objects.exists()


def test_a_dissent_from_a_partner_nobody_attended_for_is_refused(
    client: Client, case: Case, business_team_member: User
) -> None:
    icb = case.partners["icb"]
    sign_in(client, business_team_member)

    response = post(
        client,
        case,
        dissenters=[str(icb.pk)],
        **{f"dissent_{icb.pk}": "Reasons.", f"attendance_{case.leads['icb'].pk}": "apologies"},
    )

    assert response.status_code == 400
    assert "Nobody from Wexmoor ICB is recorded as attending" in response.content.decode()
    assert not JointDecision.objects.exists()


def test_a_dissent_from_an_organisation_that_is_not_a_partner_here_is_refused(
    case: Case, school: Organisation
) -> None:
    with pytest.raises(ActionError, match="not a statutory partner") as refusal:
        hold_meeting(case, dissents={school: "We disagree."})

    assert refusal.value.field == "dissenters"
    assert not JointDecision.objects.exists()


def test_no_lcspr_without_the_action_on_the_learning_is_refused_by_the_action(
    case: Case,
) -> None:
    with pytest.raises(ActionError) as refusal:
        record_decision_meeting(
            case.meeting,
            by=case.team,
            expected_version=0,
            held_on=MEETING_DAY,
            attendance=dict.fromkeys(case.meeting.invitees.all(), Presence.ATTENDED),
            legal_advice="Advice.",
            lcspr_criteria_met="no",
            national_criteria_met="no",
            lcspr_to_start=False,
            rationale="Learning is already being acted on.",
            action_on_learning="",
            dissents={},
        )

    assert refusal.value.field == "action_on_learning"
