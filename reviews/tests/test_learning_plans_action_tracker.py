"""The partnership's action tracker: what each person sees, the filters, overdue actions, the
counts, a fixed number of queries, and the review overview's "Learning and actions" section."""

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
from conftest import WebAs, sign_in
from reviews.actions.learning.plans import (
    add_action,
    complete_action,
    make_recommendation,
    raise_immediate_action,
)
from reviews.actions.learning.plans.learning import record_learning
from reviews.actions.learning.plans.themes import add_common_themes
from reviews.models import Learning, PlanAction, Recommendation, Review, ReviewRole, Theme
from reviews.process import Step
from reviews.tests.factories import join, make_review
from tests.page_checks import error_links

NOW = dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
LATER = dt.datetime(2026, 5, 20, 10, 0, tzinfo=dt.UTC)
TRACKER = "/reviews/actions/"


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def themes(partnership: Partnership, business_team_member: User) -> dict[str, Theme]:
    add_common_themes(partnership, by=business_team_member)
    return {theme.name: theme for theme in Theme.objects.filter(partnership=partnership)}


@pytest.fixture
def review(
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
) -> Review:
    review = make_review(partnership=partnership, by=business_team_member)
    join(
        review,
        agency_contributor,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=business_team_member,
        organisation=school,
    )
    return review


@pytest.fixture
def recommendation(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> Recommendation:
    learning = record_learning(
        review,
        by=business_team_member,
        source=Learning.Source.OTHER,
        summary="Escalation was slow.",
        themes=[themes["Escalation"]],
        scope=Learning.Scope.MULTI_AGENCY,
    )
    # Its own theme differs from its learning's: the filter finds it by either.
    return make_recommendation(
        review,
        by=business_team_member,
        text="Use the escalation policy.",
        learning=[learning],
        themes=[themes["Professional curiosity"]],
    )


def _add(
    recommendation: Recommendation,
    by: User,
    organisation: Organisation,
    *,
    description: str = "Numbered action",
    days: int = 30,
) -> PlanAction:
    return add_action(
        recommendation,
        by=by,
        description=description,
        organisation=organisation,
        lead_name="A lead",
        due_on=TODAY + dt.timedelta(days=days),
    )


@pytest.fixture
def actions(
    recommendation: Recommendation,
    business_team_member: User,
    school: Organisation,
    police: Organisation,
    review: Review,
) -> dict[str, PlanAction]:
    soon = _add(recommendation, business_team_member, school, description="School soon", days=5)
    done = _add(recommendation, business_team_member, school, description="School done", days=5)
    done = complete_action(
        done,
        by=business_team_member,
        expected_version=1,
        completed_on=TODAY,
        evidence_note="Done.",
    )
    later = _add(recommendation, business_team_member, police, description="Police later", days=90)
    immediate = raise_immediate_action(
        review,
        by=business_team_member,
        step=Step.DECISION_MEETING,
        description="Police immediate",
        organisation=police,
        lead_name="Sergeant",
        due_on=TODAY + dt.timedelta(days=5),
    )
    return {"soon": soon, "done": done, "later": later, "immediate": immediate}


def _shown(client: Client, **filters: str | int) -> list[str]:
    response = client.get(TRACKER, filters)
    assert response.status_code == 200
    body = response.content.decode()
    return sorted(
        name
        for name in ("School soon", "School done", "Police later", "Police immediate")
        if name in body
    )


def test_the_tracker_is_at_its_address() -> None:
    assert reverse("reviews:action-tracker") == TRACKER


def test_the_business_team_sees_every_action_and_an_agency_only_its_own(
    client: Client,
    actions: dict[str, PlanAction],
    business_team_member: User,
    agency_contributor: User,
    outsider: User,
) -> None:
    sign_in(client, business_team_member)
    everything = _shown(client)
    sign_in(client, agency_contributor)
    own = _shown(client)
    sign_in(client, outsider)
    nothing = _shown(client)

    assert everything == ["Police immediate", "Police later", "School done", "School soon"]
    assert own == ["School done", "School soon"]
    assert nothing == []


def test_filters_by_organisation_theme_status_and_case_code(
    client: Client,
    actions: dict[str, PlanAction],
    business_team_member: User,
    police: Organisation,
    themes: dict[str, Theme],
    partnership: Partnership,
) -> None:
    other = make_review(partnership=partnership, by=business_team_member, pseudonym="Child B")
    raise_immediate_action(
        other,
        by=business_team_member,
        step=Step.DECISION_MEETING,
        description="Other review action",
        organisation=police,
        lead_name="Sergeant",
        due_on=TODAY,
    )
    sign_in(client, business_team_member)
    code = actions["soon"].review.case_code

    assert _shown(client, organisation=police.pk, case_code=code.lower()) == [
        "Police immediate",
        "Police later",
    ]
    # The recommendation's own theme and its learning's theme both find its actions.
    by_own_theme = _shown(client, theme=themes["Professional curiosity"].pk)
    by_learning_theme = _shown(client, theme=themes["Escalation"].pk)
    assert by_own_theme == by_learning_theme == ["Police later", "School done", "School soon"]
    assert _shown(client, theme=themes["Neglect"].pk) == []
    assert _shown(client, status="awaiting-confirmation") == ["School done"]
    assert "Other review action" not in client.get(TRACKER, {"case_code": code}).content.decode()
    assert "Other review action" in client.get(TRACKER, {"case_code": "WT"}).content.decode()


def test_overdue_actions_are_tagged_counted_and_filtered(
    client: Client, actions: dict[str, PlanAction], business_team_member: User
) -> None:
    with time_machine.travel(LATER, tick=False):
        sign_in(client, business_team_member)  # a session from seven weeks ago has expired
        overdue = _shown(client, status="overdue")
        page = client.get(TRACKER).content.decode()

    # Due in 5 days and still open (awaiting confirmation is still open); the police action
    # due in 90 days is not overdue yet.
    assert overdue == ["Police immediate", "School done", "School soon"]
    assert page.count('data-testid="overdue"') == 3
    assert 'data-testid="count-overdue"><strong class="govuk-tag govuk-tag--red">3<' in page
    assert 'data-testid="count-total">4<' in page
    assert 'data-testid="count-awaiting">1<' in page


def test_a_filter_not_in_the_list_is_refused(
    client: Client, actions: dict[str, PlanAction], business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    response = client.get(TRACKER, {"organisation": "999999", "status": "lost"})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose an organisation from the list" in body
    assert "Choose a status from the list" in body


@pytest.mark.parametrize("persona", ["business_team_member", "partner_lead"])
def test_the_link_from_a_review_without_actions_shows_no_actions(
    web_as: WebAs,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
    persona: str,
) -> None:
    join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    app = web_as(business_team_member if persona == "business_team_member" else partner_lead)
    learning = app.get(reverse("reviews:learning", kwargs={"pk": review.pk}))

    tracker = learning.click("Every action of this review in the action tracker")

    assert tracker.status_code == 200
    assert error_links(tracker.text) == []
    assert "No actions" in tracker.html.select_one("[data-testid=no-actions]").get_text()
    [filters] = [form for form in tracker.forms.values() if "case_code" in form.fields]
    assert filters["case_code"].value == review.case_code


def test_searching_a_review_the_person_may_not_see_finds_nothing(
    client: Client,
    actions: dict[str, PlanAction],
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    police: Organisation,
) -> None:
    hidden = make_review(partnership=partnership, by=business_team_member, pseudonym="Child H")
    raise_immediate_action(
        hidden,
        by=business_team_member,
        step=Step.DECISION_MEETING,
        description="Hidden review action",
        organisation=police,
        lead_name="Sergeant",
        due_on=TODAY,
    )
    sign_in(client, agency_contributor)

    response = client.get(TRACKER, {"case_code": hidden.case_code})

    assert response.status_code == 200
    assert "Hidden review action" not in response.content.decode()
    assert "School soon" not in response.content.decode()  # the whole code: that review alone
    assert 'data-testid="no-actions"' in response.content.decode()


def test_the_tracker_makes_the_same_queries_for_one_action_or_thirty(
    client: Client,
    recommendation: Recommendation,
    business_team_member: User,
    school: Organisation,
) -> None:
    sign_in(client, business_team_member)
    _add(recommendation, business_team_member, school)
    with CaptureQueriesContext(connection) as one:
        assert client.get(TRACKER).status_code == 200
    for _ in range(29):
        _add(recommendation, business_team_member, school)
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(TRACKER)

    assert response.content.decode().count("Numbered action") == 30
    assert len(thirty) == len(one)


def test_the_navigation_and_the_dashboard_link_to_the_tracker(
    client: Client, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)

    dashboard = client.get(reverse("reviews:list")).content.decode()

    assert 'data-testid="action-tracker-link"' in dashboard
    assert f'href="{TRACKER}"' in dashboard.split("</header>")[0]


def test_the_review_overview_counts_learning_and_tags_overdue_actions(
    client: Client, actions: dict[str, PlanAction], business_team_member: User, review: Review
) -> None:
    sign_in(client, business_team_member)
    url = reverse("reviews:detail", kwargs={"pk": review.pk})

    now = client.get(url).content.decode()
    with time_machine.travel(LATER, tick=False):
        sign_in(client, business_team_member)
        later = client.get(url).content.decode()

    section = now.split('data-testid="learning-summary"')[1].split("</ul>")[0]
    assert "Learning recorded: 1" in section
    assert "Recommendations: 1" in section
    assert "Actions: 4" in section
    assert 'data-testid="overdue-actions"' not in now
    assert 'govuk-tag--red" data-testid="overdue-actions">3 overdue' in later
    assert reverse("reviews:learning", kwargs={"pk": review.pk}) in now
