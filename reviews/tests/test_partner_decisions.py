"""Each statutory partner's own decision (working day 9): recording it, correcting it, and the
blind rule that keeps partners from reading each other's decisions too early."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation
from conftest import WebAs, sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.decisions import QUESTIONS, RATIONALES, record_partner_decision
from reviews.event_types import EventType
from reviews.models import (
    LCSPR_CRITERIA,
    Event,
    PartnerDecision,
    ReviewKind,
    ReviewRole,
    StepRecord,
)
from reviews.tests.decisions_setup import (
    WORKING_DAY_EIGHT,
    WORKING_DAY_NINE,
    WORKING_DAY_TEN,
    Case,
    answers,
    decide,
    decision_form,
    ready_for_decisions,
)
from reviews.tests.factories import join, make_review
from reviews.tests.working_day_one_setup import staff

SECRET = "Zanzibar-only rationale of the ICB"


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
    return ready_for_decisions(
        partnership,
        team=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        police_lead=partner_lead,
    )


def _url(case: Case, kind: str) -> str:
    return reverse(
        "reviews:partner-decision",
        kwargs={"pk": case.review.pk, "organisation_pk": case.partners[kind].pk},
    )


def _list(case: Case) -> str:
    return reverse("reviews:partner-decisions", kwargs={"pk": case.review.pk})


def _events(case: Case, event_type: EventType) -> list[Event]:
    return list(Event.objects.filter(review=case.review, type=event_type.value).order_by("pk"))


def test_the_form_asks_each_criterion_and_both_overall_questions(
    client: Client, case: Case, partner_lead: User
) -> None:
    sign_in(client, partner_lead)

    page = client.get(_url(case, "police")).content.decode()

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
    page = web_as(partner_lead).get(_url(case, "police"))
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

    response = client.post(_url(case, "police"), decision_form(lcspr_criteria_met="not-sure"))

    assert response.status_code == 302
    assert response["Location"] == _list(case)
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

    response = client.post(_url(case, "police"), {**decision_form(), **changes})

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

    page = client.get(_list(case)).content.decode()

    assert PartnerDecision.objects.get().lcspr_rationale == hostile
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script>alert" not in page


def test_correcting_a_decision_names_the_changed_fields_and_history_keeps_the_words(
    client: Client, case: Case, partner_lead: User
) -> None:
    decide(case, "police", lcspr_rationale="First thoughts.")
    sign_in(client, partner_lead)

    response = client.post(
        _url(case, "police"),
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

    response = client.post(_url(case, "police"), decision_form(version=1, lcspr_rationale="Mine."))

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
        with pytest.raises(ActionError, match="lead on"):
            record_partner_decision(
                case.review,
                organisation=case.partners[kind],
                by=person,
                expected_version=0,
                answers=answers(),
            )

    assert not PartnerDecision.objects.exists()


def test_a_partner_lead_cannot_read_another_partners_decision_before_recording_their_own(
    client: Client, case: Case, partner_lead: User
) -> None:
    decide(case, "icb", lcspr_rationale=SECRET)
    sign_in(client, partner_lead)

    listing = client.get(_list(case)).content.decode()
    meeting = client.get(reverse("reviews:decision-meeting", kwargs={"pk": case.review.pk}))

    assert 'data-testid="blind"' in listing
    assert SECRET not in listing
    assert f'data-other="{case.partners["icb"].pk}"' not in listing
    assert client.get(_url(case, "icb")).status_code == 404
    assert meeting.status_code == 200
    assert SECRET not in meeting.content.decode()


def test_posting_to_another_partners_decision_before_it_is_visible_is_answered_as_missing(
    client: Client, case: Case, partner_lead: User
) -> None:
    sign_in(client, partner_lead)

    response = client.post(_url(case, "icb"), decision_form())

    assert response.status_code == 404
    assert not PartnerDecision.objects.exists()


def test_the_blind_rule_lifts_for_a_partner_once_their_own_decision_is_recorded(
    client: Client, case: Case, partner_lead: User
) -> None:
    decide(case, "icb", lcspr_rationale=SECRET)
    decide(case, "police")
    sign_in(client, partner_lead)

    listing = client.get(_list(case)).content.decode()
    other = client.get(_url(case, "icb"))

    assert 'data-testid="blind"' not in listing
    assert f'data-other="{case.partners["icb"].pk}"' in listing
    assert other.status_code == 200
    assert SECRET in other.content.decode()
    assert 'name="version"' not in other.content.decode()


def test_another_partners_decision_stays_read_only_once_visible(
    client: Client, case: Case, partner_lead: User
) -> None:
    decide(case, "icb", lcspr_rationale=SECRET)
    decide(case, "police")
    sign_in(client, partner_lead)

    response = client.post(_url(case, "icb"), decision_form(version=1, lcspr_rationale="Hijack"))

    assert response.status_code == 403
    assert PartnerDecision.objects.get(organisation=case.partners["icb"]).lcspr_rationale == SECRET


def test_the_blind_rule_holds_on_working_day_nine_and_lifts_once_it_has_passed(
    client: Client, case: Case, partner_lead: User
) -> None:
    decide(case, "icb", lcspr_rationale=SECRET)

    with time_machine.travel(WORKING_DAY_NINE, tick=False):
        sign_in(client, partner_lead)
        on_the_day = client.get(_url(case, "icb")).status_code
        listing_on_the_day = client.get(_list(case)).content.decode()
    with time_machine.travel(WORKING_DAY_TEN, tick=False):
        sign_in(client, partner_lead)  # sessions end after 30 idle minutes
        after = client.get(_url(case, "icb"))
        listing_after = client.get(_list(case)).content.decode()

    assert on_the_day == 404
    assert 'data-testid="blind"' in listing_on_the_day
    assert SECRET not in listing_on_the_day
    assert after.status_code == 200
    assert SECRET in after.content.decode()
    assert 'data-testid="blind"' not in listing_after
    assert f'data-other="{case.partners["icb"].pk}"' in listing_after


def test_the_business_team_sees_who_has_decided_with_the_due_date(
    client: Client, case: Case, business_team_member: User
) -> None:
    decide(case, "police")
    sign_in(client, business_team_member)

    page = client.get(_list(case)).content.decode()
    with time_machine.travel(WORKING_DAY_TEN, tick=False):
        sign_in(client, business_team_member)  # sessions end after 30 idle minutes
        late = client.get(_list(case)).content.decode()

    assert 'Due <time datetime="2026-03-19">Thursday 19 March 2026</time>' in page
    police_row = page.split(f'data-partner="{case.partners["police"].pk}"')[1].split("</tr>")[0]
    icb_row = page.split(f'data-partner="{case.partners["icb"].pk}"')[1].split("</tr>")[0]
    assert "Decided" in police_row
    assert "To do" in icb_row
    assert late.count('govuk-tag--red">Late') == 2


def test_the_business_team_reads_a_decision_but_cannot_record_or_change_one(
    client: Client, case: Case, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    before = client.post(_url(case, "icb"), decision_form())
    decide(case, "icb", lcspr_rationale=SECRET)

    read = client.get(_url(case, "icb"))
    after = client.post(_url(case, "icb"), decision_form(version=1, lcspr_rationale="Overruled"))

    assert before.status_code == 404
    assert read.status_code == 200
    assert SECRET in read.content.decode()
    assert after.status_code == 403
    assert PartnerDecision.objects.get().lcspr_rationale == SECRET


def test_the_step_is_done_the_day_every_partner_asked_has_decided(case: Case) -> None:
    decide(case, "police")
    decide(case, "icb")
    waiting = StepRecord.objects.filter(review=case.review, key="partner-decisions").exists()

    decide(case, "csc")

    assert not waiting
    step = StepRecord.objects.get(review=case.review, key="partner-decisions")
    assert step.completed_on == WORKING_DAY_EIGHT.date()


def test_a_second_childrens_services_not_asked_is_not_waited_for(
    case: Case, partnership: Partnership
) -> None:
    make_organisation(
        partnership=partnership,
        name="Calder Children's Social Care",
        kind=Organisation.Kind.CHILDRENS_SOCIAL_CARE,
        is_statutory_partner=True,
    )

    for kind in ("police", "icb", "csc"):
        decide(case, kind)

    assert StepRecord.objects.get(review=case.review, key="partner-decisions").completed_on


def test_every_statutory_partner_is_needed_when_none_was_asked(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    partner_lead: User,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    icb_lead = staff(icb, "Ivor Health")
    for lead, organisation in [(partner_lead, police), (icb_lead, icb)]:
        join(
            review,
            lead,
            ReviewRole.STATUTORY_PARTNER_LEAD,
            by=business_team_member,
            organisation=organisation,
        )

    record_partner_decision(
        review, organisation=police, by=partner_lead, expected_version=0, answers=answers()
    )
    waiting = StepRecord.objects.filter(review=review, key="partner-decisions").exists()
    record_partner_decision(
        review, organisation=icb, by=icb_lead, expected_version=0, answers=answers()
    )

    assert not waiting
    assert StepRecord.objects.get(review=review, key="partner-decisions").completed_on


def test_people_without_a_part_or_with_the_wrong_part_are_refused(
    client: Client,
    case: Case,
    agency_contributor: User,
    outsider: User,
    school: Organisation,
) -> None:
    join(
        case.review,
        agency_contributor,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=case.team,
        organisation=school,
    )
    decide(case, "police")

    sign_in(client, agency_contributor)
    contributor = [
        client.get(_list(case)).status_code,
        client.get(_url(case, "police")).status_code,
    ]
    sign_in(client, outsider)
    stranger = [client.get(_list(case)).status_code, client.post(_url(case, "police")).status_code]

    assert contributor == [403, 403]
    assert stranger == [404, 404]


def test_an_organisation_that_is_not_a_statutory_partner_here_is_not_found(
    client: Client,
    case: Case,
    partner_lead: User,
    school: Organisation,
    other_partnership: Partnership,
) -> None:
    elsewhere = make_organisation(
        partnership=other_partnership,
        name="Northfen Police",
        kind=Organisation.Kind.POLICE,
        is_statutory_partner=True,
    )
    sign_in(client, partner_lead)

    for organisation_pk in (school.pk, elsewhere.pk, 2**63):
        url = reverse(
            "reviews:partner-decision",
            kwargs={"pk": case.review.pk, "organisation_pk": organisation_pk},
        )
        assert client.get(url).status_code == 404
        assert client.post(url, decision_form()).status_code == 404
    assert not PartnerDecision.objects.exists()


def test_an_lcspr_has_no_partner_decisions(
    client: Client, case: Case, business_team_member: User
) -> None:
    lcspr = make_review(
        partnership=case.review.partnership,
        by=business_team_member,
        kind=ReviewKind.LCSPR,
        rapid_review=case.review,
    )
    sign_in(client, business_team_member)

    assert (
        client.get(reverse("reviews:partner-decisions", kwargs={"pk": lcspr.pk})).status_code == 404
    )


def test_the_list_page_makes_the_same_number_of_queries_however_many_decisions(
    client: Client, case: Case, business_team_member: User, partner_lead: User
) -> None:
    decide(case, "police")
    counts: list[int] = []
    for person in (business_team_member, partner_lead):
        sign_in(client, person)
        with CaptureQueriesContext(connection) as few:
            assert client.get(_list(case)).status_code == 200
        counts.append(len(few.captured_queries))
    decide(case, "icb")
    decide(case, "csc")
    for index, person in enumerate((business_team_member, partner_lead)):
        sign_in(client, person)
        with CaptureQueriesContext(connection) as many:
            page = client.get(_list(case))
        assert page.status_code == 200
        assert len(many.captured_queries) == counts[index]
