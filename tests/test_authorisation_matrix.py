"""Every page against every kind of person: who gets in, who is refused, and how.

The rows live in tests/matrix/, one module per topic. Adding a URL without a row fails
``test_every_url_is_in_the_matrix``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import transaction
from django.http.response import HttpResponseBase
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pytest_django import DjangoDbBlocker, Settings

import tests.matrix
from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import (
    employ,
    give_role,
    make_organisation,
    make_partnership,
    make_user,
)
from conftest import sign_in
from reviews.models import ReviewKind, ReviewRole
from reviews.tests.factories import join, make_review
from tests.matrix import PERSONAS, Row, World

# Sign-in pages are public by design (tests/test_every_page_needs_sign_in.py); the admin is
# for staff only; the statements are public; a participant's feedback link needs no account
# (reviews/tests/test_lcspr_events_feedback_access.py), nor a calendar feed, whose token is the
# credential (reviews/tests/test_feeds_links.py).
OUTSIDE_THE_MATRIX = {"accounts", "admin", "accessibility", "privacy", "feedback", "calendar-feed"}

TOPICS = [
    importlib.import_module(f"tests.matrix.{module.name}")
    for module in pkgutil.iter_modules(tests.matrix.__path__)
]
Kind = Organisation.Kind
Role = PartnershipRole.Role
MATRIX: dict[str, Row] = {name: row for topic in TOPICS for name, row in topic.ROWS.items()}


def _url_names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _url_names(pattern.url_patterns, namespace)
        elif pattern.name:
            yield f"{prefix}{pattern.name}"


def test_every_url_is_in_the_matrix() -> None:
    names = {
        name
        for name in _url_names(get_resolver().url_patterns)
        if name.split(":")[0] not in OUTSIDE_THE_MATRIX
    }
    assert names == set(MATRIX), "Add each new page to tests/matrix/ with who may reach it"


def test_every_row_names_every_persona() -> None:
    for name, row in MATRIX.items():
        assert set(row.expect) == set(PERSONAS), name


@pytest.fixture(scope="module")
def matrix_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, matrix_media: Path
) -> Iterator[World]:
    """Build the world once for the module, in a transaction rolled back at the end.

    Each case runs inside its own savepoint (the ``django_db`` mark nests in this transaction),
    so a POST in one case is undone before the next: building the world once instead of once
    per case takes the matrix from most of the suite's time to a small part of it.
    """
    with (
        override_settings(MEDIA_ROOT=matrix_media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _matrix_media_for_each_case(settings: Settings, matrix_media: Path) -> None:
    """Files the world uploaded stay reachable (the root conftest gives each test its own)."""
    settings.MEDIA_ROOT = matrix_media


def _build_world() -> World:
    partnership = make_partnership(
        name="Wexmoor Test Partnership", short_name="WTP", code_prefix="WT"
    )
    other_partnership = make_partnership(
        name="Northfen Test Partnership", short_name="NTP", code_prefix="NT"
    )
    police, icb, childrens_social_care = (
        make_organisation(partnership=partnership, name=name, kind=kind, is_statutory_partner=True)
        for name, kind in [
            ("Wexmoor Police", Kind.POLICE),
            ("Wexmoor ICB", Kind.ICB),
            ("Wexmoor Children's Services", Kind.CHILDRENS_SOCIAL_CARE),
        ]
    )
    school = make_organisation(partnership=partnership, name="Hollin Test School", kind=Kind.SCHOOL)

    def person(key: str, within: Partnership = partnership) -> User:
        return make_user(partnership=within, email=f"{key}@wtp.example", full_name=key)

    team = give_role(person("business-team"), Role.BUSINESS_TEAM)
    review = make_review(partnership=partnership, by=team)
    lcspr = make_review(
        partnership=partnership, by=team, kind=ReviewKind.LCSPR, rapid_review=review
    )
    people: dict[str, User] = {
        "business-team": team,
        "auditor": give_role(person("auditor"), Role.AUDITOR),
        "other-partnership": give_role(person("outsider", other_partnership), Role.BUSINESS_TEAM),
        "same-partnership-non-member": employ(person("bystander"), police),
    }
    for key, role, organisation in [
        ("business-team-lead", ReviewRole.BUSINESS_TEAM_LEAD, None),
        ("partner-lead", ReviewRole.STATUTORY_PARTNER_LEAD, police),
        ("agency-contributor", ReviewRole.AGENCY_CONTRIBUTOR, school),
        ("legal", ReviewRole.LEGAL_REPRESENTATIVE, None),
        ("subgroup-chair", ReviewRole.SUBGROUP_CHAIR, None),
        ("partnership-chair", ReviewRole.PARTNERSHIP_CHAIR, None),
        ("panel-member", ReviewRole.PANEL_MEMBER, None),
    ]:
        people[key] = person(key)
        if organisation is not None:
            employ(people[key], organisation)
        for each in (review, lcspr):
            join(each, people[key], role, by=team, organisation=organisation)
    # The author takes part in the LCSPR only; on the rapid review they have no part at all.
    people["author"] = person("author")
    join(lcspr, people["author"], ReviewRole.INDEPENDENT_AUTHOR, by=team)
    give_role(people["subgroup-chair"], Role.CSPR_SUBGROUP_MEMBER)

    member_to_remove = join(lcspr, person("to-be-removed"), ReviewRole.PANEL_MEMBER, by=team)
    world = World(
        partnership=partnership,
        review=review,
        lcspr=lcspr,
        member_to_remove=member_to_remove,
        people=people,
        organisations={
            "police": police,
            "icb": icb,
            "csc": childrens_social_care,
            "school": school,
        },
    )
    for topic in TOPICS:
        if hasattr(topic, "setup"):
            topic.setup(world)
    # Some rows make their object on first use, after every topic's setup; make them all now,
    # in the world's transaction, not inside the first case's savepoint that is rolled back.
    for row in MATRIX.values():
        row.kwargs(world)
    return world


def _sent_to_sign_in(response: HttpResponseBase) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:sign-in")
    )


OUTCOME: dict[str, Callable[[HttpResponseBase], bool]] = {
    "ok": lambda response: (
        response.status_code == 200
        or (response.status_code == 302 and not _sent_to_sign_in(response))
    ),
    "forbidden": lambda response: response.status_code == 403,
    "hidden": lambda response: response.status_code == 404,
    "sign-in": _sent_to_sign_in,
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_person_reaches_only_what_their_part_allows(
    client: Client, world: World, name: str, persona: str
) -> None:
    row = MATRIX[name]
    if persona != "anonymous":
        sign_in(client, world.people[persona])
    url = reverse(name, kwargs=row.kwargs(world) or None)
    if row.method == "post":
        response = client.post(url, row.data(world))
    else:
        response = client.get(url, row.data(world))

    expected = row.expect[persona]
    assert OUTCOME[expected](response), (
        f"{persona} on {name}: expected {expected}, got {response.status_code}"
    )


@pytest.mark.django_db
def test_the_author_has_no_part_in_the_rapid_review_before_the_lcspr(
    client: Client, world: World
) -> None:
    sign_in(client, world.people["author"])

    assert client.get(reverse("reviews:detail", kwargs={"pk": world.review.pk})).status_code == 404
    assert client.get(reverse("reviews:detail", kwargs={"pk": world.lcspr.pk})).status_code == 200
