"""Who is told before and around an LCSPR's publication (Working Together): the notice no later
than N working days before, to the Panel and the Secretary of State (and Ofsted); publishing
only the improvements with its justification; a delay with when and how the Panel and the
Secretary of State were told why. Forms submitted as the publication page renders them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from accounts.models import Organisation, Partnership, User
from conftest import WebAs
from reviews.actions import ActionError
from reviews.actions.lcspr.publication.publishing import (
    delay_publication,
    plan_publication,
    record_published,
)
from reviews.models import Publication, Review
from reviews.tests import lcspr_publication_setup as setup
from reviews.tests.lcspr_publication_setup import (
    PLANNED,
    TODAY,
    at,
    final_draft_checked,
    noticed,
    url,
)
from reviews.tests.panel_forms_setup import fill_date, form_posting_to

NEW_DATE = dt.date(2026, 11, 16)  # after the six-month date, Sunday 6 September 2026


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with at(TODAY):
        yield


@pytest.fixture
def lcspr(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    agency_contributor: User,
    school: Organisation,
) -> Review:
    return setup.lcspr(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
        agency_contributor=agency_contributor,
        school=school,
    )


def test_the_page_says_no_later_than(
    web_as: WebAs, lcspr: Review, business_team_member: User
) -> None:
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)

    page = web_as(business_team_member).get(url("reviews:publication", lcspr))

    rule = " ".join(page.html.select_one("[data-testid=notice-rule]").get_text().split())
    assert "no later than 7 working days before publication" in rule
    assert "the National Panel and the Secretary of State, and to Ofsted" in rule


@pytest.mark.parametrize(
    ("improvements_only", "justification", "refused", "kept"),
    [
        (True, "", True, ""),
        (True, "   ", True, ""),
        (
            True,
            "The family's safety would be at risk.",
            False,
            "The family's safety would be at risk.",
        ),
        # Only kept where it is needed.
        (False, "Not needed", False, ""),
    ],
)
def test_publishing_only_the_improvements_needs_its_justification(
    lcspr: Review,
    business_team_member: User,
    improvements_only: bool,
    justification: str,
    refused: bool,
    kept: str,
) -> None:
    noticed(lcspr, business_team_member)
    final_draft_checked(lcspr, business_team_member)

    def publish() -> Publication:
        return record_published(
            lcspr,
            by=business_team_member,
            published_on=TODAY,
            where="https://wexmoor.example/lcspr",
            improvements_only=improvements_only,
            improvements_justification=justification,
            gaps_confirmed=True,
            gaps_reason="The partners agreed to publish on the date set.",
        )

    if refused:
        with pytest.raises(ActionError) as refusal:
            publish()
        assert refusal.value.field == "improvements_justification"
        return
    assert publish().improvements_justification == kept


def test_the_justification_is_given_and_shown_on_the_page(
    web_as: WebAs, lcspr: Review, business_team_member: User
) -> None:
    noticed(lcspr, business_team_member)
    final_draft_checked(lcspr, business_team_member)
    app = web_as(business_team_member)
    form = form_posting_to(
        app.get(url("reviews:publication", lcspr)), url("reviews:publication-publish", lcspr)
    )
    fill_date(form, "published_on", TODAY)
    form["where"] = "https://wexmoor.example/lcspr"
    form["improvements_only"] = True

    refused = form.submit(status=400)
    again = form_posting_to(refused, url("reviews:publication-publish", lcspr))
    again["improvements_justification"] = "Publishing would identify the child's siblings."
    again["gaps_confirmed"] = True
    again["gaps_reason"] = "The partners agreed to publish on the date set."
    shown = again.submit().follow()

    assert "Enter why publishing the report is inappropriate" in refused.text
    summary = " ".join(shown.html.select_one("#published ~ dl").get_text().split())
    assert "Publishing would identify the child's siblings." in summary


def test_a_delay_records_when_and_how_the_panel_was_told(
    web_as: WebAs, lcspr: Review, business_team_member: User
) -> None:
    app = web_as(business_team_member)
    form = form_posting_to(
        app.get(url("reviews:publication", lcspr)), url("reviews:publication-delay", lcspr)
    )
    fill_date(form, "new_date", NEW_DATE)
    form["reason"] = "The criminal trial is listed for October."
    fill_date(form, "told_on", TODAY)

    refused = form.submit(status=400)
    again = form_posting_to(refused, url("reviews:publication-delay", lcspr))
    again["told_how"] = "A letter to the Panel and an email to the Department for Education"
    page = again.submit().follow()

    assert "Enter how the National Panel and the Secretary of State were told why" in refused.text
    told = " ".join(page.html.select_one("[data-testid=delay-told]").get_text().split())
    assert "Wednesday 20 May 2026" in told
    assert "A letter to the Panel" in told
    publication = Publication.objects.get(review=lcspr)
    assert publication.delay_told_on == TODAY


@pytest.mark.parametrize(
    ("told_on", "told_how", "field"),
    [
        (TODAY, "", "told_how"),
        (TODAY, "x" * 501, "told_how"),
        (TODAY + dt.timedelta(days=1), "Letter", "told_on"),
        (dt.date(2026, 3, 1), "Letter", "told_on"),  # before the review started
    ],
)
def test_a_delay_refuses_a_missing_or_impossible_telling(
    lcspr: Review, business_team_member: User, told_on: dt.date, told_how: str, field: str
) -> None:
    with pytest.raises(ActionError) as refusal:
        delay_publication(
            lcspr,
            by=business_team_member,
            new_date=NEW_DATE,
            reason="The inquest is adjourned.",
            told_on=told_on,
            told_how=told_how,
        )
    assert refusal.value.field == field
