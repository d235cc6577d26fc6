"""An LCSPR's publication deadline wherever it appears, and the step links its review page gives
each part."""

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
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews.models import Review, ReviewRole
from reviews.process import Step
from reviews.tests import lcspr_planning_start_setup as setup
from reviews.tests.factories import join
from reviews.tests.lcspr_planning_start_setup import DECIDED_ON, TODAY, record_old_lcspr


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def rapid_review(partnership: Partnership, business_team_member: User) -> Review:
    return setup.rapid_review(partnership=partnership, business_team_member=business_team_member)


def test_the_review_page_shows_when_to_publish_and_links_the_rapid_review(
    client: Client, partnership: Partnership, business_team_member: User, rapid_review: Review
) -> None:
    lcspr = record_old_lcspr(partnership, business_team_member, rapid_review=rapid_review)
    sign_in(client, business_team_member)

    page = client.get(reverse("reviews:detail", kwargs={"pk": lcspr.pk})).content.decode()

    assert "Publish by Thursday 25 March 2027" in page
    rapid_url = reverse("reviews:detail", kwargs={"pk": rapid_review.pk})
    assert f'href="{rapid_url}">{rapid_review.case_code}</a>' in page


def test_the_rapid_review_is_named_but_not_linked_for_someone_with_no_part_in_it(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    rapid_review: Review,
) -> None:
    lcspr = record_old_lcspr(partnership, business_team_member, rapid_review=rapid_review)
    join(lcspr, independent_author, ReviewRole.INDEPENDENT_AUTHOR, by=business_team_member)
    sign_in(client, independent_author)

    page = client.get(reverse("reviews:detail", kwargs={"pk": lcspr.pk})).content.decode()

    assert rapid_review.case_code in page
    assert reverse("reviews:detail", kwargs={"pk": rapid_review.pk}) + '"' not in page


def test_the_list_shows_when_each_lcspr_must_be_published(
    client: Client, partnership: Partnership, business_team_member: User, rapid_review: Review
) -> None:
    record_old_lcspr(partnership, business_team_member)
    sign_in(client, business_team_member)

    page = client.get(reverse("reviews:list")).content.decode()

    assert page.count('data-testid="publish-by"') == 1
    assert "Publish by Thursday 25 March 2027" in page


def test_the_list_makes_the_same_number_of_queries_however_many_lcsprs(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    record_old_lcspr(partnership, business_team_member)
    sign_in(client, business_team_member)
    client.get(reverse("reviews:list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("reviews:list"))
    for day in range(1, 5):
        record_old_lcspr(
            partnership, business_team_member, decided_on=DECIDED_ON - dt.timedelta(days=day)
        )
    with CaptureQueriesContext(connection) as five:
        page = client.get(reverse("reviews:list")).content.decode()

    assert page.count('data-testid="publish-by"') == 5
    assert len(five) == len(one)


def test_the_review_page_makes_the_same_number_of_queries_however_many_steps_are_done(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    lcspr = record_old_lcspr(partnership, business_team_member)
    sign_in(client, business_team_member)
    url = reverse("reviews:detail", kwargs={"pk": lcspr.pk})
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    from reviews.actions import complete_step  # noqa: PLC0415  only this test needs it

    for key in (Step.PANEL_VIEW_CONFIRMED, Step.RAPID_REVIEW_CIRCULATED, Step.AUTHOR_COMMISSIONED):
        complete_step(lcspr, key=key, by=business_team_member, completed_on=TODAY)
    with CaptureQueriesContext(connection) as after:
        client.get(url)

    assert len(after) == len(before)


def _links(client: Client, lcspr: Review) -> set[str]:
    page = client.get(reverse("reviews:detail", kwargs={"pk": lcspr.pk})).content.decode()
    keys = {
        Step.TERMS_OF_REFERENCE: reverse("reviews:terms", kwargs={"pk": lcspr.pk}),
        Step.AUTHOR_COMMISSIONED: reverse("reviews:author", kwargs={"pk": lcspr.pk}),
        Step.INTRODUCTION_MEETING: reverse("reviews:introduction-meeting", kwargs={"pk": lcspr.pk}),
        Step.PANEL_VIEW_CONFIRMED: reverse(
            "reviews:step", kwargs={"pk": lcspr.pk, "key": Step.PANEL_VIEW_CONFIRMED}
        ),
    }
    return {key for key, url in keys.items() if f'href="{url}"' in page}


def test_each_part_finds_the_steps_it_acts_on_linked(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    lcspr = record_old_lcspr(partnership, business_team_member)
    join(lcspr, independent_author, ReviewRole.INDEPENDENT_AUTHOR, by=business_team_member)
    join(
        lcspr,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    chair = make_user(partnership=partnership, full_name="Clara Chairwood")
    join(lcspr, chair, ReviewRole.SUBGROUP_CHAIR, by=business_team_member)

    assert _links(sign_in(client, business_team_member), lcspr) == {
        Step.TERMS_OF_REFERENCE,
        Step.AUTHOR_COMMISSIONED,
        Step.INTRODUCTION_MEETING,
        Step.PANEL_VIEW_CONFIRMED,
    }
    assert _links(sign_in(Client(), independent_author), lcspr) == {
        Step.TERMS_OF_REFERENCE,
        Step.INTRODUCTION_MEETING,
    }
    assert _links(sign_in(Client(), partner_lead), lcspr) == {Step.TERMS_OF_REFERENCE}
    assert _links(sign_in(Client(), chair), lcspr) == set()
