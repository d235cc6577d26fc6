"""Each statutory partner's own decision (working day 9): recording it and correcting it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from accounts.models import Organisation, Partnership, User
from conftest import WebAs, sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.decisions import QUESTIONS, RATIONALES, record_partner_decision
from reviews.event_types import EventType
from reviews.models import LCSPR_CRITERIA, Event, PartnerDecision
from reviews.tests import decisions_partner_setup as setup
from reviews.tests.decisions_partner_setup import decision_url, decisions_list_url
from reviews.tests.decisions_setup import WORKING_DAY_EIGHT, Case, answers, decide, decision_form


@pytest.fixture(autouse=True)
def _on_working_day_eight() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_EIGHT, tick=False):
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


def _events(case: Case, event_type: EventType) -> list[Event]:
    return list(Event.objects.filter(review=case.review, type=event_type.value).order_by("pk"))


def test_the_form_asks_each_criterion_and_both_overall_questions(
    client: Client, case: Case, partner_lead: User
) -> None:
    sign_in(client, partner_lead)

    page = client.get(decision_url(case, "police")).content.decode()

    for _prefix, words in LCSPR_CRITERIA:
        letter, criterion = words.split(" ", 1)
        assert f"Does the case meet criterion {letter}?" in page
        assert f"Regulation 11{letter}: {criterion}" in page
    assert "Are the criteria for a local child safeguarding practice review met?" in page
    assert "May the case need a national review?" in page
    assert "Thursday 19 March 2026" in page


def test_each_rationale_box_is_labelled_with_its_question_and_the_form_saves_as_rendered(
    web_as: WebAs, case: Case, partner_lead: User
) -> None:
    page = web_as(partner_lead).get(decision_url(case, "police"))
    labels = {
        str(label["for"]): label.get_text(" ", strip=True)
        for label in page.html.select("label[for$=_rationale]")
    }
    [form] = [form for form in page.forms.values() if "version" in form.fields]
    for name in RATIONALES:
        form[name] = f"Written for {labels[f'id_{name}']}."
    for question in QUESTIONS:
        form[question] = "yes"

    saved = form.submit()

    assert labels == {
        "id_improvements_rationale": "Rationale for criterion (a)",
        "id_recurrent_themes_rationale": "Rationale for criterion (b)",
        "id_joint_working_rationale": "Rationale for criterion (c)",
        "id_panel_referred_rationale": "Rationale for criterion (d)",
        "id_lcspr_rationale": "Rationale for whether the LCSPR criteria are met",
        "id_national_rationale": "Rationale for whether the national review criteria may be met",
    }
    assert saved.status_code == 302
    decision = PartnerDecision.objects.get(review=case.review, organisation=case.partners["police"])
    assert decision.recurrent_themes_rationale == "Written for Rationale for criterion (b)."
    (event,) = _events(case, EventType.PARTNER_DECISION_RECORDED)
    assert event.actor == partner_lead


def test_a_partner_lead_records_their_own_decision(
    client: Client, case: Case, partner_lead: User
) -> None:
    sign_in(client, partner_lead)

    response = client.post(
        decision_url(case, "police"), decision_form(lcspr_criteria_met="not-sure")
    )

    assert response.status_code == 302
    assert response["Location"] == decisions_list_url(case)
    decision = PartnerDecision.objects.get(review=case.review, organisation=case.partners["police"])
    assert decision.lcspr_criteria_met == "not-sure"
    assert decision.recorded_by == partner_lead
    assert decision.history.count() == 1
    assert decision.history.get().history_user == partner_lead
    (event,) = _events(case, EventType.PARTNER_DECISION_RECORDED)
    assert event.actor == partner_lead
    assert event.detail["organisation"] == "Wexmoor Police"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"recurrent_themes_rationale": "  "}, "Enter the rationale for criterion (b)"),
        ({"improvements": "maybe"}, "Choose yes, no or not sure yet for criterion (a)"),
        ({"panel_referred": ""}, "Choose yes, no or not sure yet for criterion (d)"),
        (
            {"lcspr_rationale": "x" * 10001},
            "The rationale for whether the LCSPR criteria are met must be 10,000 characters or "
            "fewer",
        ),
        (
            {"national_rationale": "before\x00after"},
            "The rationale for whether the national review criteria may be met must not contain "
            "null characters",
        ),
        ({"version": "several"}, "This page is out of date: reload it"),
        ({"version": "-1"}, "This page is out of date: reload it"),
    ],
)
def test_bad_answers_are_refused_with_a_message_naming_the_question(
    client: Client, case: Case, partner_lead: User, changes: dict[str, str], message: str
) -> None:
    sign_in(client, partner_lead)

    response = client.post(decision_url(case, "police"), {**decision_form(), **changes})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: " in page
    assert message in page
    assert not PartnerDecision.objects.exists()


def test_hostile_text_is_kept_as_typed_and_shown_escaped(
    client: Client, case: Case, partner_lead: User
) -> None:
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    decide(case, "police", lcspr_rationale=hostile)
    sign_in(client, partner_lead)

    page = client.get(decisions_list_url(case)).content.decode()

    assert PartnerDecision.objects.get().lcspr_rationale == hostile
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script>alert" not in page


def test_correcting_a_decision_names_the_changed_fields_and_history_keeps_the_words(
    client: Client, case: Case, partner_lead: User
) -> None:
    decide(case, "police", lcspr_rationale="First thoughts.")
    sign_in(client, partner_lead)

    response = client.post(
        decision_url(case, "police"),
        decision_form(
            version=1, lcspr_rationale="Second thoughts.", national_criteria_may_be_met="no"
        ),
    )

    assert response.status_code == 302
    decision = PartnerDecision.objects.get()
    assert (decision.version, decision.lcspr_rationale) == (2, "Second thoughts.")
    (event,) = _events(case, EventType.PARTNER_DECISION_CHANGED)
    assert event.detail["changes"] == ["lcspr_rationale", "national_criteria_may_be_met"]
    assert "thoughts" not in str(event.detail)
    history = list(decision.history.order_by("history_date"))
    assert [each.lcspr_rationale for each in history] == ["First thoughts.", "Second thoughts."]
    assert history[-1].history_user == partner_lead


def test_saving_the_same_answers_again_changes_nothing(case: Case, partner_lead: User) -> None:
    decide(case, "police")

    record_partner_decision(
        case.review,
        organisation=case.partners["police"],
        by=partner_lead,
        expected_version=1,
        answers=answers(),
    )

    assert PartnerDecision.objects.get().version == 1
    assert PartnerDecision.objects.get().history.count() == 1
    assert not _events(case, EventType.PARTNER_DECISION_CHANGED)


def test_a_stale_version_is_refused_and_nothing_is_overwritten(
    client: Client, case: Case, partner_lead: User
) -> None:
    decide(case, "police")
    record_partner_decision(
        case.review,
        organisation=case.partners["police"],
        by=partner_lead,
        expected_version=1,
        answers=answers(lcspr_rationale="Saved in another tab."),
    )
    sign_in(client, partner_lead)

    response = client.post(
        decision_url(case, "police"), decision_form(version=1, lcspr_rationale="Mine.")
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved a change while you were editing" in page
    assert "Saved in another tab." in page
    assert 'name="version" value="2"' in page
    assert PartnerDecision.objects.get().lcspr_rationale == "Saved in another tab."
    (refused,) = _events(case, EventType.EDIT_REFUSED)
    assert refused.detail["record"] == "partner decision"


def test_two_first_recordings_clash_rather_than_make_two_decisions(
    case: Case, partner_lead: User
) -> None:
    decide(case, "police")

    with pytest.raises(EditConflict):
        decide(case, "police", lcspr_rationale="A second first recording.")

    assert PartnerDecision.objects.count() == 1


def test_nobody_but_the_partners_own_lead_records_its_decision(
    case: Case, business_team_member: User, partner_lead: User
) -> None:
    for person, kind in [(business_team_member, "police"), (partner_lead, "icb")]:
        with pytest.raises(ActionError, match="lead or delegated safeguarding partner"):
            record_partner_decision(
                case.review,
                organisation=case.partners[kind],
                by=person,
                expected_version=0,
                answers=answers(),
            )

    assert not PartnerDecision.objects.exists()
