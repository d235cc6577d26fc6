"""Who reads the decision meeting's record, each partner's own decision side by side, the draft
report tabled, and the page's queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions.decisions import Presence, record_decision_meeting
from reviews.actions.working_day_one import arrange_meeting
from reviews.models import JointDecision, ReviewKind, ReviewRole
from reviews.tests import decisions_meeting_setup as setup
from reviews.tests.decisions_meeting_setup import meeting_url, post
from reviews.tests.decisions_setup import (
    AFTER_THE_MEETING,
    MEETING_DAY,
    WORKING_DAY_EIGHT,
    Case,
    decide,
    hold_meeting,
)
from reviews.tests.factories import join, make_review
from reviews.tests.working_day_one_setup import staff


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


def test_partner_leads_read_the_record_but_cannot_make_it(
    client: Client, case: Case, partner_lead: User
) -> None:
    hold_meeting(case)
    sign_in(client, partner_lead)

    page = client.get(meeting_url(case))
    refused = post(client, case, version="1", rationale="Rewritten by a partner.")

    assert page.status_code == 200
    assert 'data-testid="joint"' in page.content.decode()
    assert 'name="version"' not in page.content.decode()
    assert refused.status_code == 403
    assert JointDecision.objects.get().rationale == "Two agencies did not share what they knew."


def test_the_legal_representative_reads_the_record_but_cannot_make_it(
    client: Client, case: Case
) -> None:
    sign_in(client, case.legal)

    assert client.get(meeting_url(case)).status_code == 200
    assert post(client, case).status_code == 403
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
    contributor = (client.get(meeting_url(case)).status_code, post(client, case).status_code)
    sign_in(client, outsider)
    stranger = (client.get(meeting_url(case)).status_code, post(client, case).status_code)

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

    page = client.get(meeting_url(case)).content.decode()

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

    page = client.get(meeting_url(case)).content.decode()

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
    monkeypatch.setattr(
        "reviews.views.decisions.meeting.optional_url", lambda name, **kwargs: address
    )
    sign_in(client, business_team_member)

    page = client.get(meeting_url(case)).content.decode()

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
        assert client.get(meeting_url(case)).status_code == 200

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
        page = client.get(meeting_url(case))

    assert page.status_code == 200
    assert page.content.decode().count("data-column=") == 3
    assert len(many.captured_queries) == len(few.captured_queries)
