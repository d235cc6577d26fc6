"""The LCSPR's final draft agreed by each review panel member (as the terms of reference are),
each agency's confirmation of factual accuracy, and comments about "any other issues"
(guidance: panel members clarify factual accuracy, how learning is presented and any other
issues; the final draft is agreed by the child practice review panel). Forms are submitted as
the pages render them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from webtest import Form

from accounts.models import Organisation, Partnership, User
from conftest import WebAs, sign_in
from reviews.actions import ActionError
from reviews.actions.lcspr.drafts.agreements import agree_as_final, confirm_factual_accuracy
from reviews.event_types import EventType
from reviews.models import (
    DraftComment,
    DraftReport,
    FactualAccuracyConfirmation,
    FinalDraftAgreement,
)
from reviews.tests import lcspr_drafts_setup as setup
from reviews.tests.lcspr_drafts_setup import LcsprCase, comment_on, upload


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> LcsprCase:
    return setup.case(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        school=school,
    )


def _url(name: str, case: LcsprCase, number: int) -> str:
    return reverse(name, kwargs={"pk": case.lcspr.pk, "number": number})


def _form(page: object, action: str) -> Form:
    forms = page.forms.values()  # type: ignore[attr-defined]
    return next(form for form in forms if form.action == action)


def _two_versions(case: LcsprCase) -> tuple[DraftReport, DraftReport]:
    return upload(case.lcspr, case.author, "Version one."), upload(
        case.lcspr, case.author, "Version two."
    )


# --- the final draft, agreed member by member -------------------------------------------------


def _by_team(case: LcsprCase, drafts: tuple[DraftReport, DraftReport]) -> None:
    agree_as_final(drafts[1], by=case.team)


def _by_author(case: LcsprCase, drafts: tuple[DraftReport, DraftReport]) -> None:
    agree_as_final(drafts[1], by=case.author)


def _an_older_version(case: LcsprCase, drafts: tuple[DraftReport, DraftReport]) -> None:
    agree_as_final(drafts[0], by=case.panel_member)


def _with_a_comment_open(case: LcsprCase, drafts: tuple[DraftReport, DraftReport]) -> None:
    comment_on(case, drafts[1])
    agree_as_final(drafts[1], by=case.panel_member)


def _twice(case: LcsprCase, drafts: tuple[DraftReport, DraftReport]) -> None:
    agree_as_final(drafts[1], by=case.panel_member)
    agree_as_final(drafts[1], by=case.panel_member)


AgreeCase = Callable[[LcsprCase, tuple[DraftReport, DraftReport]], None]


@pytest.mark.parametrize(
    ("attempt", "message"),
    [
        (_by_team, "Only review panel members and statutory partner leads"),
        (_by_author, "Only review panel members and statutory partner leads"),
        (_an_older_version, "has been replaced by version 2"),
        (_with_a_comment_open, "has 1 open comment"),
        (_twice, "You have already agreed version 2"),
    ],
)
def test_agreeing_the_final_draft_is_refused(
    case: LcsprCase, attempt: AgreeCase, message: str
) -> None:
    drafts = _two_versions(case)

    with pytest.raises(ActionError, match=message):
        attempt(case, drafts)


@pytest.mark.parametrize(
    ("who", "speaks_for_police"), [("police_lead", True), ("panel_member", False)]
)
def test_a_member_agrees_with_the_organisation_they_speak_for(
    case: LcsprCase, police: Organisation, who: str, speaks_for_police: bool
) -> None:
    _, newest = _two_versions(case)
    person: User = getattr(case, who)

    agreement = agree_as_final(newest, by=person, comment="  Content.  ")

    assert (agreement.person, agreement.comment) == (person, "Content.")
    assert agreement.organisation == (police if speaks_for_police else None)
    event = case.lcspr.events.get(type=EventType.FINAL_DRAFT_MEMBER_AGREED)
    assert event.detail["number"] == 2


def test_the_panel_member_agrees_on_the_page_as_rendered(web_as: WebAs, case: LcsprCase) -> None:
    _, newest = _two_versions(case)
    address = _url("reviews:draft-agreement", case, newest.number)
    version_page = web_as(case.panel_member).get(_url("reviews:draft", case, newest.number))
    assert address in {link["href"] for link in version_page.html.select("a")}

    page = version_page.click(href=address)
    form = _form(page, address)
    form["comment"] = "The learning is clear."
    shown = form.submit().follow()

    agreed = " ".join(shown.html.select_one("[data-testid=agreed]").get_text().split())
    still = " ".join(shown.html.select_one("[data-testid=still-to-agree]").get_text().split())
    assert "Ezra Test" in agreed
    assert "The learning is clear." in agreed
    assert case.police_lead.full_name in still
    assert "Ezra Test" not in still
    assert not [each for each in shown.forms.values() if each.action == address]
    assert FinalDraftAgreement.objects.get(draft=newest).person == case.panel_member


@pytest.mark.parametrize(("who", "status"), [("school_contributor", 403), ("chair", 200)])
def test_the_agreement_page_is_read_by_everyone_but_the_agencies(
    web_as: WebAs, case: LcsprCase, who: str, status: int
) -> None:
    draft = upload(case.lcspr, case.author, "Version one.")
    page = web_as(getattr(case, who)).get(
        _url("reviews:draft-agreement", case, draft.number), status=status
    )
    if status == 200:
        assert not [each for each in page.forms.values() if "agreement" in each.action]


def test_a_refused_agreement_says_why_on_the_page(web_as: WebAs, case: LcsprCase) -> None:
    _, newest = _two_versions(case)
    address = _url("reviews:draft-agreement", case, newest.number)
    form = _form(web_as(case.police_lead).get(address), address)
    comment_on(case, newest)

    refused = form.submit(status=409)

    assert "has 1 open comment" in refused.text
    assert not FinalDraftAgreement.objects.exists()


# --- factual accuracy, agency by agency -------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "organisation", "number", "field", "message"),
    [
        ("police_lead", "school", 2, "organisation", "You do not speak for"),
        ("panel_member", "police", 2, "organisation", "You do not speak for"),
        ("police_lead", "police", 1, None, "has been replaced by version 2"),
    ],
)
def test_confirming_factual_accuracy_is_refused(
    case: LcsprCase,
    police: Organisation,
    school: Organisation,
    who: str,
    organisation: str,
    number: int,
    field: str | None,
    message: str,
) -> None:
    drafts = _two_versions(case)
    chosen = {"police": police, "school": school}[organisation]

    with pytest.raises(ActionError, match=message) as refusal:
        confirm_factual_accuracy(drafts[number - 1], by=getattr(case, who), organisation=chosen)

    assert refusal.value.field == field


def test_each_agency_confirms_once_dated_and_by_whom(
    case: LcsprCase, police: Organisation, school: Organisation
) -> None:
    _, newest = _two_versions(case)

    police_said = confirm_factual_accuracy(newest, by=case.police_lead, organisation=police)
    school_said = confirm_factual_accuracy(
        newest, by=case.school_contributor, organisation=school, note="Checked by the head."
    )
    with pytest.raises(ActionError, match="already confirmed version 2") as again:
        confirm_factual_accuracy(newest, by=case.police_lead, organisation=police)

    assert (police_said.person, school_said.person) == (case.police_lead, case.school_contributor)
    assert school_said.note == "Checked by the head."
    assert police_said.confirmed_at is not None
    assert again.value.field == "organisation"
    assert case.lcspr.events.filter(type=EventType.FACTUAL_ACCURACY_CONFIRMED).count() == 2


def test_the_partner_lead_confirms_on_the_page_as_rendered(
    web_as: WebAs, case: LcsprCase, police: Organisation
) -> None:
    _, newest = _two_versions(case)
    address = _url("reviews:draft-accuracy", case, newest.number)
    app = web_as(case.police_lead)
    form = _form(app.get(address), address)

    refused = form.submit(status=400)
    again = _form(refused, address)
    again["organisation"] = str(police.pk)
    shown = again.submit().follow()

    assert "Choose the organisation you confirm for" in refused.text
    row = shown.html.select_one(f"[data-organisation='{police.pk}']")
    assert "Confirmed by" in row.get_text()
    assert case.police_lead.full_name in row.get_text()
    assert FactualAccuracyConfirmation.objects.get(draft=newest).organisation == police


# --- any other issues -------------------------------------------------------------------------


def test_a_comment_about_any_other_issues_is_stored_and_shown(
    web_as: WebAs, case: LcsprCase
) -> None:
    draft = upload(case.lcspr, case.author, "Version one.")
    address = _url("reviews:draft-comment", case, draft.number)
    app = web_as(case.panel_member)
    form = _form(app.get(_url("reviews:draft", case, draft.number)), address)
    form["topic"] = DraftComment.Topic.OTHER_ISSUES.value
    form["text"] = "The panel should consider the school's transport arrangements."

    shown = form.submit().follow()

    comment = DraftComment.objects.get(draft=draft)
    assert comment.topic == DraftComment.Topic.OTHER_ISSUES
    assert "Any other issues for the author or the panel" in shown.text
    event = case.lcspr.events.get(type=EventType.DRAFT_COMMENTED)
    assert event.detail["topic"] == "any other issues for the author or the panel"


def test_the_pages_make_the_same_number_of_queries_however_many_have_agreed(
    client: Client, case: LcsprCase, police: Organisation, school: Organisation
) -> None:
    _, newest = _two_versions(case)
    sign_in(client, case.chair)

    def count(name: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(name, case, newest.number)).status_code == 200
        return len(queries)

    before = (count("reviews:draft-agreement"), count("reviews:draft-accuracy"))
    agree_as_final(newest, by=case.panel_member)
    agree_as_final(newest, by=case.police_lead)
    confirm_factual_accuracy(newest, by=case.police_lead, organisation=police)
    confirm_factual_accuracy(newest, by=case.school_contributor, organisation=school)

    assert (count("reviews:draft-agreement"), count("reviews:draft-accuracy")) == before
