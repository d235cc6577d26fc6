"""Every list of reviews links only to pages that open: reviews.permissions.reviews_for is the
one answer to "which reviews may this person open", for the reviews list and for the themes
across reviews alike. An agency contributor's part is their own request, not the review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django_webtest import DjangoTestApp
from webtest import TestResponse

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import employ, give_role, make_user
from conftest import WebAs
from reviews.models import ORGANISATION_ROLES, Review, ReviewKind, ReviewRole
from reviews.permissions import Permission, can, reviews_for
from reviews.tests.factories import join, make_review
from reviews.tests.learning_rows import add_learning, theme


@pytest.fixture
def contributor(partnership: Partnership, school: Organisation) -> User:
    """A school's safeguarding lead who sits on the CSPR subgroup (and so sees the themes)."""
    person = employ(
        make_user(partnership=partnership, email="dsl2@school.example", full_name="Ada Test"),
        school,
    )
    return give_role(person, PartnershipRole.Role.CSPR_SUBGROUP_MEMBER)


@pytest.fixture
def two_reviews(
    partnership: Partnership, business_team_member: User, contributor: User, school: Organisation
) -> tuple[Review, Review]:
    """One review the contributor answers a request on, and one they sit on the panel of;
    both with learning on neglect in 2026."""
    team = business_team_member
    neglect = theme(partnership, "Neglect")
    answered = make_review(partnership=partnership, by=team, origin=dt.date(2026, 3, 2))
    join(answered, contributor, ReviewRole.AGENCY_CONTRIBUTOR, by=team, organisation=school)
    panel = make_review(
        partnership=partnership, by=team, origin=dt.date(2026, 4, 6), pseudonym="Child P"
    )
    join(panel, contributor, ReviewRole.PANEL_MEMBER, by=team)
    for review in (answered, panel):
        add_learning(review, by=team, summary="Visits were not followed up", themes=[neglect])
    return answered, panel


def _links_in_main(page: TestResponse) -> list[str]:
    main = page.html.find("main")
    hrefs = {str(link["href"]) for link in main.find_all("a", href=True)}
    return sorted(href for href in hrefs if href.startswith("/"))


def _every_link_opens(app: DjangoTestApp, page: TestResponse) -> list[str]:
    links = _links_in_main(page)
    refused = {href: app.get(href, expect_errors=True).status_int for href in links}
    assert {href: status for href, status in refused.items() if status != 200} == {}
    return links


def test_the_reviews_list_links_an_agency_contributor_only_to_what_opens(
    web_as: WebAs, contributor: User, two_reviews: tuple[Review, Review]
) -> None:
    answered, panel = two_reviews
    app = web_as(contributor)

    page = app.get(reverse("reviews:list"))

    links = _every_link_opens(app, page)
    assert reverse("reviews:detail", kwargs={"pk": panel.pk}) in links
    assert reverse("reviews:detail", kwargs={"pk": answered.pk}) not in links


def test_the_themes_across_reviews_link_an_agency_contributor_only_to_what_opens(
    web_as: WebAs, contributor: User, two_reviews: tuple[Review, Review], partnership: Partnership
) -> None:
    answered, panel = two_reviews
    app = web_as(contributor)
    neglect = theme(partnership, "Neglect")
    url = reverse("reviews:themes-across-detail", kwargs={"theme_pk": neglect.pk, "year": 2026})

    page = app.get(url)

    assert f'data-case-code="{answered.case_code}"' in page.text  # counted, but not linked
    links = _every_link_opens(app, page)
    assert reverse("reviews:detail", kwargs={"pk": panel.pk}) in links
    assert reverse("reviews:detail", kwargs={"pk": answered.pk}) not in links


@pytest.mark.parametrize("permission", list(Permission))
def test_the_reviews_held_agree_with_can_for_every_part(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    outsider: User,
    permission: Permission,
) -> None:
    team = business_team_member
    review = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR)
    make_review(partnership=partnership, by=team, pseudonym="Child Z")  # the team's alone
    people = [team, outsider]
    for role in ReviewRole:
        person = make_user(partnership=partnership, email=f"{role.value}@wtp.example")
        speaks_for = police if role in ORGANISATION_ROLES else None
        join(review, person, role, by=team, organisation=speaks_for)
        people.append(person)

    for person in people:
        held = set(reviews_for(person, permission))
        expected = {each for each in Review.objects.all() if can(person, permission, each)}
        assert held == expected, (person.email, permission)
