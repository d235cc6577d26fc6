"""The decision meeting (working day 11): attendance, legal advice, the joint decision and
dissent, each partner's own decision side by side, and every correction traced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.decisions import Presence, record_decision_meeting
from reviews.actions.working_day_one import arrange_meeting
from reviews.event_types import EventType
from reviews.models import (
    Attendance,
    Dissent,
    Event,
    JointDecision,
    ReviewKind,
    ReviewRole,
    StepRecord,
)
from reviews.tests.decisions_setup import (
    AFTER_THE_MEETING,
    MEETING_DAY,
    WORKING_DAY_EIGHT,
    Case,
    decide,
    hold_meeting,
    meeting_form,
    ready_for_decisions,
)
from reviews.tests.factories import join, make_review
from reviews.tests.working_day_one_setup import WORKING_DAY_ONE, open_rapid_review, staff


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
    return ready_for_decisions(
        partnership,
        team=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        police_lead=partner_lead,
    )


def _url(case: Case) -> str:
    return reverse("reviews:decision-meeting", kwargs={"pk": case.review.pk})


def _events(case: Case, event_type: EventType) -> list[Event]:
    return list(Event.objects.filter(review=case.review, type=event_type.value).order_by("pk"))


def _post(client: Client, case: Case, **changes: Any) -> Any:
    return client.post(_url(case), meeting_form(case, **changes))


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

    response = _post(client, case)

    assert response.status_code == 302
    decision = JointDecision.objects.get(meeting=case.meeting)
    assert (decision.lcspr_criteria_met, decision.national_criteria_met) == ("yes", "no")
    assert decision.lcspr_to_start is True
    assert decision.held_on == MEETING_DAY
    assert decision.history.get().history_user == business_team_member
    assert Attendance.objects.filter(meeting=case.meeting, attended=True).count() == 4
    police_row = Attendance.objects.get(meeting=case.meeting, user=case.leads["police"])
    assert police_row.organisation == case.partners["police"]
    assert len(_events(case, EventType.JOINT_DECISION_RECORDED)) == 1
    (attendance,) = _events(case, EventType.ATTENDANCE_RECORDED)
    assert "Lena Counsel" in attendance.detail["attended"]
    step = StepRecord.objects.get(review=case.review, key="decision-meeting")
    assert step.completed_on == MEETING_DAY


def test_the_page_flags_a_missing_partner_and_a_missing_legal_representative(
    client: Client, case: Case, business_team_member: User
) -> None:
    hold_meeting(case, absent=(case.leads["icb"], case.legal))
    sign_in(client, business_team_member)

    page = client.get(_url(case)).content.decode()

    assert page.count('data-testid="gap"') == 2
    assert "Nobody from integrated care board attended." in page
    assert "The local authority legal representative did not attend." in page


def test_nothing_is_flagged_when_every_partner_and_legal_attended(
    client: Client, case: Case, business_team_member: User
) -> None:
    hold_meeting(case)
    sign_in(client, business_team_member)

    assert 'data-testid="gap"' not in client.get(_url(case)).content.decode()


def test_a_dissent_is_recorded_with_who_spoke_for_the_partner_and_why(
    client: Client, case: Case, business_team_member: User
) -> None:
    icb = case.partners["icb"]
    sign_in(client, business_team_member)

    response = _post(
        client,
        case,
        dissenters=[str(icb.pk)],
        **{f"dissent_{icb.pk}": "The ICB thinks a national review is needed."},
    )
    page = client.get(_url(case)).content.decode()

    assert response.status_code == 302
    dissent = Dissent.objects.get()
    assert (dissent.organisation, dissent.person) == (icb, case.leads["icb"])
    (event,) = _events(case, EventType.DISSENT_RECORDED)
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

    response = _post(client, case, version="1")

    assert response.status_code == 302
    assert not Dissent.objects.exists()
    (event,) = _events(case, EventType.JOINT_DECISION_CHANGED)
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

    response = _post(client, case, **changes)

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

    _post(client, case, legal_advice=hostile)
    page = client.get(_url(case)).content.decode()

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

    response = client.post(_url(case), data)

    assert response.status_code == 400
    assert "Choose whether Lena Counsel attended" in response.content.decode()


def test_a_dissent_without_reasons_is_refused(
    client: Client, case: Case, business_team_member: User
) -> None:
    icb = case.partners["icb"]
    sign_in(client, business_team_member)

    response = _post(client, case, dissenters=[str(icb.pk)])

    assert response.status_code == 400
    assert "Enter the reasons Wexmoor ICB gave for disagreeing" in response.content.decode()
    assert not Dissent.objects.exists()


def test_a_dissent_from_a_partner_nobody_attended_for_is_refused(
    client: Client, case: Case, business_team_member: User
) -> None:
    icb = case.partners["icb"]
    sign_in(client, business_team_member)

    response = _post(
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


def test_correcting_the_record_names_what_changed_and_history_keeps_the_old_values(
    client: Client, case: Case, business_team_member: User
) -> None:
    hold_meeting(case)
    sign_in(client, business_team_member)

    response = _post(
        client,
        case,
        version="1",
        rationale="Corrected rationale.",
        **{f"attendance_{case.legal.pk}": "apologies"},
    )

    assert response.status_code == 302
    decision = JointDecision.objects.get()
    assert (decision.version, decision.rationale) == (2, "Corrected rationale.")
    (event,) = _events(case, EventType.JOINT_DECISION_CHANGED)
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
    assert len(_events(case, EventType.ATTENDANCE_RECORDED)) == 2


def test_saving_the_same_record_again_changes_nothing(
    client: Client, case: Case, business_team_member: User
) -> None:
    hold_meeting(case)
    sign_in(client, business_team_member)

    response = _post(client, case, version="1")

    assert response.status_code == 302
    assert JointDecision.objects.get().version == 1
    assert not _events(case, EventType.JOINT_DECISION_CHANGED)


def test_a_stale_version_is_refused_and_nothing_is_overwritten(
    client: Client, case: Case, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    hold_meeting(case)

    response = _post(client, case, version="0", rationale="Typed while someone else saved.")

    assert response.status_code == 409
    assert "Someone else saved a change while you were editing" in response.content.decode()
    assert JointDecision.objects.get().rationale == "Two agencies did not share what they knew."
    (refused,) = _events(case, EventType.EDIT_REFUSED)
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

    assert StepRecord.objects.get(review=case.review, key="decision-meeting").completed_on == (
        earlier
    )
    assert _events(case, EventType.JOINT_DECISION_CHANGED)[0].detail["changes"] == ["held_on"]
    assert len(_events(case, EventType.STEP_REOPENED)) == 1


def test_partner_leads_read_the_record_but_cannot_make_it(
    client: Client, case: Case, partner_lead: User
) -> None:
    hold_meeting(case)
    sign_in(client, partner_lead)

    page = client.get(_url(case))
    refused = _post(client, case, version="1", rationale="Rewritten by a partner.")

    assert page.status_code == 200
    assert 'data-testid="joint"' in page.content.decode()
    assert 'name="version"' not in page.content.decode()
    assert refused.status_code == 403
    assert JointDecision.objects.get().rationale == "Two agencies did not share what they knew."


def test_the_legal_representative_reads_the_record_but_cannot_make_it(
    client: Client, case: Case
) -> None:
    sign_in(client, case.legal)

    assert client.get(_url(case)).status_code == 200
    assert _post(client, case).status_code == 403
    assert not JointDecision.objects.exists()


def test_agency_contributors_and_outsiders_are_refused(
    client: Client, case: Case, agency_contributor: User, outsider: User, school: Organisation
) -> None:
    join(
        case.review,
        agency_contributor,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=case.team,
        organisation=school,
    )
    sign_in(client, agency_contributor)
    contributor = (client.get(_url(case)).status_code, _post(client, case).status_code)
    sign_in(client, outsider)
    stranger = (client.get(_url(case)).status_code, _post(client, case).status_code)

    assert contributor == (403, 403)
    assert stranger == (404, 404)
    assert not JointDecision.objects.exists()


def test_an_lcspr_has_no_decision_meeting_page(
    client: Client, case: Case, business_team_member: User
) -> None:
    lcspr = make_review(
        partnership=case.review.partnership,
        by=business_team_member,
        kind=ReviewKind.LCSPR,
        rapid_review=case.review,
    )
    sign_in(client, business_team_member)

    url = reverse("reviews:decision-meeting", kwargs={"pk": lcspr.pk})
    assert client.get(url).status_code == 404


def test_the_business_team_sees_every_partners_decision_side_by_side(
    client: Client, case: Case, business_team_member: User
) -> None:
    with time_machine.travel(WORKING_DAY_EIGHT, tick=False):
        for kind in ("police", "icb"):
            decide(case, kind, lcspr_rationale=f"The {kind} view in its own words.")
    sign_in(client, business_team_member)

    page = client.get(_url(case)).content.decode()

    for kind in ("police", "icb"):
        assert f'data-column="{case.partners[kind].pk}"' in page
        assert f"The {kind} view in its own words." in page
    assert "Not yet decided: Wexmoor Children&#39;s Services." in page


def test_a_partner_lead_sees_the_others_decisions_once_working_day_nine_has_passed(
    client: Client, case: Case, partner_lead: User
) -> None:
    with time_machine.travel(WORKING_DAY_EIGHT, tick=False):
        decide(case, "icb", lcspr_rationale="The ICB's view in its own words.")
    sign_in(client, partner_lead)

    page = client.get(_url(case)).content.decode()

    assert "The ICB&#39;s view in its own words." in page


@pytest.mark.parametrize(("address", "shown"), [("/reviews/report-stand-in/", True), (None, False)])
def test_the_draft_report_is_tabled_from_the_page_once_the_report_page_exists(
    client: Client,
    case: Case,
    business_team_member: User,
    monkeypatch: pytest.MonkeyPatch,
    address: str | None,
    shown: bool,
) -> None:
    monkeypatch.setattr("reviews.views.decisions.optional_url", lambda name, **kwargs: address)
    sign_in(client, business_team_member)

    page = client.get(_url(case)).content.decode()

    assert ('href="/reviews/report-stand-in/" data-testid="table-report"' in page) is shown
    assert ("Table the draft report" in page) is shown


def test_the_page_makes_the_same_number_of_queries_however_many_people_and_decisions(
    client: Client, case: Case, business_team_member: User, partnership: Partnership
) -> None:
    with time_machine.travel(WORKING_DAY_EIGHT, tick=False):
        decide(case, "police")
    hold_meeting(case)
    sign_in(client, business_team_member)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(case)).status_code == 200

    more = [staff(case.partners["police"], f"Officer Number{n}") for n in range(3)]
    for person in more:
        join(case.review, person, ReviewRole.PANEL_MEMBER, by=case.team)
    meeting = arrange_meeting(
        case.review,
        by=case.team,
        expected_version=1,
        starts_at=AFTER_THE_MEETING + dt.timedelta(days=1),
        duration_minutes=90,
        location="Room 2, County Hall",
        online_link="",
        invitees=[*case.meeting.invitees.all(), *more],
    )
    with time_machine.travel(WORKING_DAY_EIGHT, tick=False):
        decide(case, "icb")
        decide(case, "csc")
    record_decision_meeting(
        meeting,
        by=case.team,
        expected_version=1,
        held_on=MEETING_DAY,
        attendance=dict.fromkeys(meeting.invitees.all(), Presence.ATTENDED),
        legal_advice="Advice.",
        lcspr_criteria_met="yes",
        national_criteria_met="no",
        lcspr_to_start=True,
        rationale="Reasons.",
        action_on_learning="",
        dissents={case.partners["icb"]: "Disagreed.", case.partners["csc"]: "Also."},
    )
    with CaptureQueriesContext(connection) as many:
        page = client.get(_url(case))

    assert page.status_code == 200
    assert page.content.decode().count("data-column=") == 3
    assert len(many.captured_queries) == len(few.captured_queries)
