"""The reviews list, a review's overview and its history page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews import actions
from reviews.models import ReviewRole
from reviews.tests.factories import join, make_review


def test_the_list_shows_only_reviews_the_person_takes_part_in(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    mine = make_review(partnership=partnership, by=business_team_member, pseudonym="Child A")
    make_review(partnership=partnership, by=business_team_member, pseudonym="Child Z")
    join(
        mine,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    sign_in(client, partner_lead)

    page = client.get(reverse("reviews:list")).content.decode()

    assert f'href="/reviews/{mine.pk}/">{mine.case_code}</a>' in page
    assert "Child Z" not in page


def test_case_codes_follow_the_partnership_pattern(
    partnership: Partnership, business_team_member: User
) -> None:
    codes = [
        make_review(partnership=partnership, by=business_team_member).case_code for _ in range(3)
    ]

    assert codes == ["AWT26", "BWT26", "CWT26"]


def test_the_history_lists_events_newest_first_in_plain_words_and_filters(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    actions.update_review_details(
        review, by=business_team_member, expected_version=1, pseudonym="Child Q", summary=""
    )
    sign_in(client, business_team_member)
    url = reverse("reviews:history", kwargs={"pk": review.pk})

    everything = client.get(url).content.decode()
    only_members = client.get(url, {"type": "member-added"}).content.decode()
    by_lead = client.get(url, {"person": str(business_team_member.pk), "type": "member-removed"})
    by_stranger = client.get(url, {"person": make_user(partnership=partnership).pk})

    changed = everything.index("Changed the review&#39;s details")
    added = everything.index("Added Hannah Test as statutory partner lead")
    opened = everything.index("Opened the review")
    assert changed < added < opened
    assert "“Child A” became “Child Q”" in everything
    versions = everything[everything.index('data-testid="versions"') :]
    assert versions.index("Child Q") < versions.index("Child A")  # newest first
    assert everything.count("Earlier versions of the details") == 1
    assert "Added Hannah Test" in only_members
    assert "Opened the review" not in only_members
    assert "Nothing matches these filters" in by_lead.content.decode()
    assert by_stranger.status_code == 400
    assert "Choose a person from the list" in by_stranger.content.decode()


def test_pages_make_the_same_number_of_queries_however_much_data(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    sign_in(client, business_team_member)
    urls = [
        reverse("reviews:list"),
        reverse("reviews:detail", kwargs={"pk": review.pk}),
        reverse("reviews:history", kwargs={"pk": review.pk}),
        reverse("reviews:members", kwargs={"pk": review.pk}),
    ]
    before = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        before[url] = len(queries.captured_queries)

    for n in range(12):
        make_review(partnership=partnership, by=business_team_member, pseudonym=f"Child {n}")
        person = make_user(partnership=partnership)
        join(review, person, ReviewRole.PANEL_MEMBER, by=business_team_member)

    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries.captured_queries) == before[url], url


@pytest.mark.parametrize("pk", [0, 999999, 2**40])
def test_a_review_that_does_not_exist_is_not_found(
    client: Client, business_team_member: User, pk: int
) -> None:
    sign_in(client, business_team_member)

    assert client.get(reverse("reviews:detail", kwargs={"pk": pk})).status_code == 404
