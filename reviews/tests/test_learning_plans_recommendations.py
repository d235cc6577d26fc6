"""Recommendations: numbering, themes taken from the learning or named, and learning of the
review only; through the actions and the pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.learning.plans import make_recommendation
from reviews.actions.learning.plans.learning import record_learning
from reviews.actions.learning.plans.themes import retire_theme
from reviews.event_types import EventType, describe
from reviews.models import Learning, Recommendation, Review, Theme
from reviews.tests import learning_plans_setup as setup
from reviews.tests.factories import make_review
from reviews.tests.learning_plans_setup import NOW


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


def test_recommendations_are_numbered_in_order_and_take_the_learnings_themes(
    recommendation: Recommendation, review: Review, business_team_member: User
) -> None:
    second = make_recommendation(review, by=business_team_member, text="Audit the practice.")

    assert (recommendation.number, second.number) == (1, 2)
    assert sorted(theme.name for theme in recommendation.themes.all()) == [
        "Education and attendance",
        "Information sharing",
    ]
    assert list(second.themes.all()) == []
    event = review.events.filter(type=EventType.RECOMMENDATION_MADE).first()
    assert event is not None
    assert describe(event) == "Made recommendation 2"


def test_a_recommendation_may_name_its_own_themes_but_not_retired_ones(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    retire_theme(themes["Transitions"], by=business_team_member)

    chosen = make_recommendation(
        review, by=business_team_member, text="Text", themes=[themes["Escalation"]]
    )
    with pytest.raises(ActionError, match="retired"):
        make_recommendation(
            review, by=business_team_member, text="Text", themes=[themes["Transitions"]]
        )

    assert list(chosen.themes.all()) == [themes["Escalation"]]


def test_a_recommendation_links_only_learning_of_its_review(
    review: Review, business_team_member: User, partnership: Partnership, themes: dict[str, Theme]
) -> None:
    other = make_review(partnership=partnership, by=business_team_member, pseudonym="Child B")
    elsewhere = record_learning(
        other,
        by=business_team_member,
        source=Learning.Source.OTHER,
        summary="Elsewhere.",
        themes=[themes["Neglect"]],
        scope=Learning.Scope.MULTI_AGENCY,
    )

    with pytest.raises(ActionError) as refused:
        make_recommendation(review, by=business_team_member, text="Text", learning=[elsewhere])

    assert refused.value.field == "learning"
    assert not Recommendation.objects.filter(review=review).exists()


def test_recommendations_through_the_pages_default_to_the_learnings_themes(
    client: Client, review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    learning = record_learning(
        review,
        by=business_team_member,
        source=Learning.Source.OTHER,
        summary="Fathers were not seen.",
        themes=[themes["Fathers and male carers"]],
        scope=Learning.Scope.MULTI_AGENCY,
    )
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:recommendation-add", kwargs={"pk": review.pk}),
        {"version": "0", "text": "Invite fathers.", "learning": [str(learning.pk)]},
    )

    assert response.status_code == 302
    made = Recommendation.objects.get()
    assert list(made.themes.all()) == [themes["Fathers and male carers"]]
    edit = reverse(
        "reviews:recommendation-edit", kwargs={"pk": review.pk, "recommendation_pk": made.pk}
    )
    stale = client.post(edit, {"version": "0", "text": "Other."})
    saved = client.post(edit, {"version": "1", "text": "Invite fathers and male carers."})
    assert stale.status_code == 409
    assert saved.status_code == 302
    assert Recommendation.objects.get().text == "Invite fathers and male carers."
