"""Actions on a recommendation and immediate actions raised at a step: owners, due dates, the
emails sent and the refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.learning.plans import raise_immediate_action
from reviews.actions.panel.outcome import close_review
from reviews.event_types import EventType, describe
from reviews.models import PlanAction, Recommendation, Review, Theme
from reviews.process import Step
from reviews.tests import learning_plans_setup as setup
from reviews.tests.learning_plans_setup import DUE, NOW, TODAY, add_test_action


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def themes(partnership: Partnership, business_team_member: User) -> dict[str, Theme]:
    return setup.themes(partnership=partnership, business_team_member=business_team_member)


@pytest.fixture
def review(
    partnership: Partnership,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
    agency_contributor: User,
    school: Organisation,
) -> Review:
    return setup.review(
        partnership=partnership,
        business_team_member=business_team_member,
        partner_lead=partner_lead,
        police=police,
        agency_contributor=agency_contributor,
        school=school,
    )


@pytest.fixture
def recommendation(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> Recommendation:
    return setup.recommendation(
        review=review, business_team_member=business_team_member, themes=themes
    )


def test_an_action_emails_the_organisations_people_and_the_lead(
    recommendation: Recommendation,
    business_team_member: User,
    school: Organisation,
    agency_contributor: User,
    partnership: Partnership,
    review: Review,
    mailoutbox: list[mail.EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    lead = make_user(partnership=partnership, email="head@school.example", full_name="Hal Head")

    with django_capture_on_commit_callbacks(execute=True):
        action = add_test_action(recommendation, business_team_member, school, lead=lead)

    assert sorted(message.to[0] for message in mailoutbox) == [
        "dsl@school.example",
        "head@school.example",
    ]
    body = mailoutbox[0].body
    assert review.case_code in body
    assert f"/reviews/{review.pk}/actions/{action.pk}/" in body
    assert "Brief staff" not in body  # what is to be done stays behind sign-in
    event = review.events.get(type=EventType.ACTION_ADDED)
    assert describe(event) == "Added an action for Hollin Test School, due Friday 1 May 2026"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"due_on": TODAY - dt.timedelta(days=1)}, "due_on"),
        ({"due_on": TODAY + dt.timedelta(days=365 * 6)}, "due_on"),
        ({"description": "  "}, "description"),
        ({"description": "x" * 10_001}, "description"),
        ({"lead_name": ""}, "lead_name"),
        ({"lead_name": "x" * 201}, "lead_name"),
    ],
)
def test_an_action_is_refused_with_the_field_named(
    recommendation: Recommendation,
    business_team_member: User,
    school: Organisation,
    changes: dict[str, object],
    field: str,
) -> None:
    with pytest.raises(ActionError) as refused:
        add_test_action(recommendation, business_team_member, school, **changes)

    assert refused.value.field == field
    assert not PlanAction.objects.exists()


def test_an_action_due_today_is_allowed(
    recommendation: Recommendation, business_team_member: User, school: Organisation
) -> None:
    assert (
        add_test_action(recommendation, business_team_member, school, due_on=TODAY).due_on == TODAY
    )


def test_an_action_belongs_to_an_organisation_and_lead_of_the_partnership(
    recommendation: Recommendation, business_team_member: User, other_partnership: Partnership
) -> None:
    foreign = Organisation.objects.create(
        partnership=other_partnership, name="Northfen Police", kind=Organisation.Kind.POLICE
    )
    stranger = make_user(partnership=other_partnership, email="x@ntp.example")
    school = Organisation.objects.get(name="Hollin Test School")

    with pytest.raises(ActionError) as wrong_organisation:
        add_test_action(recommendation, business_team_member, foreign)
    with pytest.raises(ActionError) as wrong_lead:
        add_test_action(recommendation, business_team_member, school, lead=stranger)

    assert (wrong_organisation.value.field, wrong_lead.value.field) == ("organisation", "lead")


def test_an_immediate_action_is_raised_at_a_step_of_the_reviews_process(
    review: Review, business_team_member: User, police: Organisation
) -> None:
    action = raise_immediate_action(
        review,
        by=business_team_member,
        step=Step.DECISION_MEETING,
        description="Review the open cases of the same household.",
        organisation=police,
        lead_name="Detective inspector",
        due_on=DUE,
    )

    assert action.is_immediate
    assert action.raised_at_step == Step.DECISION_MEETING
    event = review.events.get(type=EventType.IMMEDIATE_ACTION_RAISED)
    assert describe(event) == "Raised an immediate action for Wexmoor Police"
    with pytest.raises(ActionError) as refused:
        raise_immediate_action(
            review,
            by=business_team_member,
            step=Step.PUBLISHED,  # an LCSPR step: not in a rapid review
            description="x",
            organisation=police,
            lead_name="x",
            due_on=DUE,
        )
    assert refused.value.field == "step"


def test_no_immediate_action_on_a_closed_review(
    review: Review, business_team_member: User, police: Organisation
) -> None:
    close_review(review, by=business_team_member)

    with pytest.raises(ActionError, match="closed"):
        raise_immediate_action(
            review,
            by=business_team_member,
            step=Step.DECISION_MEETING,
            description="x",
            organisation=police,
            lead_name="x",
            due_on=DUE,
        )


def test_the_step_page_links_to_the_immediate_action_form_which_raises_it(
    client: Client, review: Review, business_team_member: User, police: Organisation
) -> None:
    sign_in(client, business_team_member)
    step_page = client.get(
        reverse("reviews:step", kwargs={"pk": review.pk, "key": Step.CONFIRM_SCOPE})
    ).content.decode()
    url = reverse("reviews:immediate-action", kwargs={"pk": review.pk})

    form = client.get(url, {"step": Step.CONFIRM_SCOPE})
    response = client.post(
        f"{url}?step=confirm-scope",
        {
            "description": "Check the siblings are safe.",
            "organisation": str(police.pk),
            "lead_name": "Sergeant",
            "due_on-day": str(DUE.day),
            "due_on-month": str(DUE.month),
            "due_on-year": str(DUE.year),
        },
    )
    unknown = client.get(url, {"step": "no-such-step"})

    assert f"{url}?step=confirm-scope" in step_page
    assert form.status_code == 200
    assert "Raised at the step: Confirm the period under review." in form.content.decode()
    assert response.status_code == 302
    assert PlanAction.objects.get().raised_at_step == Step.CONFIRM_SCOPE
    assert unknown.status_code == 404
