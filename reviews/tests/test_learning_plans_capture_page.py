"""The learning page: who reads and records learning, and its refusals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions.learning.plans import add_action, make_recommendation
from reviews.actions.learning.plans.learning import change_learning
from reviews.actions.learning.plans.themes import retire_theme
from reviews.models import InformationRequest, Learning, Review, ReviewRole, Theme
from reviews.process import Step
from reviews.tests import learning_plans_capture_setup as setup
from reviews.tests.factories import join
from reviews.tests.learning_plans_capture_setup import NOW, SUMMARY, record


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def themes(partnership: Partnership, business_team_member: User) -> dict[str, Theme]:
    return setup.themes(partnership=partnership, business_team_member=business_team_member)


@pytest.fixture
def review(
    partnership: Partnership, business_team_member: User, partner_lead: User, police: Organisation
) -> Review:
    return setup.review(
        partnership=partnership,
        business_team_member=business_team_member,
        partner_lead=partner_lead,
        police=police,
    )


@pytest.fixture
def school_request(
    review: Review, business_team_member: User, agency_contributor: User, school: Organisation
) -> InformationRequest:
    return setup.school_request(
        review=review,
        business_team_member=business_team_member,
        agency_contributor=agency_contributor,
        school=school,
    )


def _form(theme: Theme, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "version": "0",
        "source": Step.DECISION_MEETING,
        "summary": SUMMARY,
        "themes": [str(theme.pk)],
        "scope": "multi-agency",
    }
    return data | changes


def test_a_partner_lead_records_learning_and_everyone_on_the_review_reads_it(
    client: Client,
    review: Review,
    partner_lead: User,
    business_team_member: User,
    themes: dict[str, Theme],
) -> None:
    sign_in(client, partner_lead)

    response = client.post(
        reverse("reviews:learning-add", kwargs={"pk": review.pk}),
        _form(themes["Neglect"], summary="<b>Hostile</b> summary"),
    )
    page = client.get(reverse("reviews:learning", kwargs={"pk": review.pk})).content.decode()

    assert response.status_code == 302
    assert "&lt;b&gt;Hostile&lt;/b&gt; summary" in page
    assert "<b>Hostile</b>" not in page
    assert Learning.objects.get().recorded_by == partner_lead


def test_the_agency_return_is_preselected_from_the_return_page(
    client: Client,
    review: Review,
    business_team_member: User,
    school_request: InformationRequest,
    themes: dict[str, Theme],
) -> None:
    sign_in(client, business_team_member)
    request_page = client.get(
        reverse("reviews:request", kwargs={"pk": review.pk, "request_pk": school_request.pk})
    ).content.decode()
    add_url = reverse("reviews:learning-add", kwargs={"pk": review.pk})

    form = client.get(add_url, {"request": school_request.pk}).content.decode()

    assert f"{add_url}?request={school_request.pk}" in request_page
    assert f'<option value="{school_request.pk}" selected' in form
    assert 'value="agency-return" checked' in form


def test_the_form_refuses_with_messages_naming_the_fields(
    client: Client, review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:learning-add", kwargs={"pk": review.pk}),
        {"version": "0", "source": "agency-return", "scope": "single-agency", "summary": ""},
    )

    body = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Enter a summary of the learning",
        "Choose at least one theme",
        "Choose the agency return it came from",
        "Choose the agency the learning is for",
    ):
        assert message in body
    assert not Learning.objects.exists()


def test_a_retired_theme_is_not_offered_for_new_learning(
    client: Client, review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    retire_theme(themes["Safe sleep"], by=business_team_member)
    sign_in(client, business_team_member)

    form = client.get(reverse("reviews:learning-add", kwargs={"pk": review.pk})).content.decode()

    assert "Neglect" in form
    assert "Safe sleep" not in form


def test_editing_from_a_stale_page_gets_409_showing_both(
    client: Client,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    themes: dict[str, Theme],
) -> None:
    learning = record(review, business_team_member, [themes["Neglect"]])
    change_learning(
        learning,
        by=partner_lead,
        expected_version=1,
        source=learning.source,
        summary="Their summary",
        themes=[themes["Neglect"]],
        scope=learning.scope,
    )
    sign_in(client, business_team_member)
    url = reverse("reviews:learning-edit", kwargs={"pk": review.pk, "learning_pk": learning.pk})

    response = client.post(url, _form(themes["Neglect"], version="1", summary="My summary"))

    body = response.content.decode()
    assert response.status_code == 409
    assert "Their summary" in body
    assert "My summary" in body
    assert 'name="version" value="2"' in body


def test_an_agency_contributor_and_legal_may_not_record_learning(
    client: Client,
    review: Review,
    business_team_member: User,
    school_request: InformationRequest,
    agency_contributor: User,
    themes: dict[str, Theme],
    partnership: Partnership,
) -> None:
    legal = User.objects.create_user(
        "legal@wtp.example", "pw-not-used-1234", full_name="Lee Legal", partnership=partnership
    )
    join(review, legal, ReviewRole.LEGAL_REPRESENTATIVE, by=business_team_member)
    add_url = reverse("reviews:learning-add", kwargs={"pk": review.pk})

    sign_in(client, agency_contributor)
    contributor = client.post(add_url, _form(themes["Neglect"]))
    contributor_page = client.get(reverse("reviews:learning", kwargs={"pk": review.pk}))
    sign_in(client, legal)
    legal_post = client.post(add_url, _form(themes["Neglect"]))
    legal_page = client.get(reverse("reviews:learning", kwargs={"pk": review.pk}))

    assert (contributor.status_code, contributor_page.status_code) == (403, 403)
    assert (legal_post.status_code, legal_page.status_code) == (403, 200)
    assert not Learning.objects.exists()


def test_an_outsider_is_told_the_review_does_not_exist(
    client: Client, review: Review, outsider: User, themes: dict[str, Theme]
) -> None:
    sign_in(client, outsider)

    page = client.get(reverse("reviews:learning", kwargs={"pk": review.pk}))
    post = client.post(
        reverse("reviews:learning-add", kwargs={"pk": review.pk}), _form(themes["Neglect"])
    )

    assert (page.status_code, post.status_code) == (404, 404)


def test_the_learning_page_makes_the_same_queries_for_one_or_many(
    client: Client,
    review: Review,
    business_team_member: User,
    themes: dict[str, Theme],
    police: Organisation,
) -> None:
    sign_in(client, business_team_member)
    url = reverse("reviews:learning", kwargs={"pk": review.pk})

    def add(count: int) -> None:
        for number in range(count):
            learning = record(review, business_team_member, [themes["Neglect"]])
            recommendation = make_recommendation(
                review, by=business_team_member, text=f"Do {number}", learning=[learning]
            )
            add_action(
                recommendation,
                by=business_team_member,
                description="Act",
                organisation=police,
                lead_name="Inspector",
                due_on=NOW.date(),
            )

    add(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(one)
