"""The demo partnership: loads again without duplicates, refuses a live service, signs in."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from accounts.models import Membership, Organisation, Partnership, PartnershipRole, User
from accounts.tests.helpers import code_for
from demo.partnership import DEMO_PASSWORD, PARTNERSHIP, PEOPLE, load_demo_data
from reviews.clock import schedules_for
from reviews.models import Outcome, OutcomeKind, PanelResponse, Reconvened, Review, ReviewKind
from reviews.process import Step

BUSINESS_MANAGER = "business.manager@wcscp.example"


def _counts() -> dict[str, int]:
    return {
        "partnerships": Partnership.objects.count(),
        "organisations": Organisation.objects.count(),
        "people": User.objects.count(),
        "memberships": Membership.objects.count(),
        "roles": PartnershipRole.objects.count(),
    }


@pytest.mark.django_db
def test_it_loads_a_partnership_and_one_person_for_each_role() -> None:
    people = load_demo_data()

    assert len(people) == len(PEOPLE) + 1
    assert User.objects.count() == len(people)
    partnership = Partnership.objects.get(short_name=PARTNERSHIP["short_name"])
    assert partnership.name == "Wexmoor and Calderbridge Safeguarding Children Partnership"
    assert {role.role for role in PartnershipRole.objects.filter(partnership=partnership)} == set(
        PartnershipRole.Role
    )
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())
    assert all(user.email.endswith(".example") for user in User.objects.all())


@pytest.mark.django_db
def test_it_loads_again_without_making_duplicates() -> None:
    load_demo_data()
    first = _counts()

    load_demo_data()

    assert _counts() == first


@pytest.mark.django_db
def test_it_leaves_a_changed_password_alone() -> None:
    load_demo_data()
    manager = User.objects.get(email=BUSINESS_MANAGER)
    manager.set_password("a password the manager chose")
    manager.save()

    load_demo_data()

    manager.refresh_from_db()
    assert manager.check_password("a password the manager chose")


@pytest.mark.django_db
def test_the_command_refuses_when_debug_is_off(settings: Settings) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="Refusing to create demo accounts"):
        call_command("seed_demo_data", stdout=StringIO())

    assert User.objects.count() == 0


@pytest.mark.django_db
def test_the_command_runs_without_debug_when_told_to(settings: Settings) -> None:
    settings.DEBUG = False
    out = StringIO()

    call_command("seed_demo_data", "--allow-without-debug", stdout=out)

    assert User.objects.filter(email=BUSINESS_MANAGER).exists()
    assert f"password for all: {DEMO_PASSWORD}" in out.getvalue()


@pytest.mark.django_db
def test_the_command_runs_twice_with_debug_on(settings: Settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo_data", stdout=StringIO())
    first = _counts()

    call_command("seed_demo_data", stdout=StringIO())

    assert _counts() == first


@pytest.mark.django_db
def test_the_business_manager_signs_in_and_sees_the_home_page(client: Client) -> None:
    load_demo_data()

    signed_in = client.post(
        reverse("accounts:sign-in"), {"username": BUSINESS_MANAGER, "password": DEMO_PASSWORD}
    )
    assert signed_in["Location"].startswith(reverse("accounts:set-up-code"))
    client.get(signed_in["Location"])
    device = TOTPDevice.objects.get(user__email=BUSINESS_MANAGER)
    confirmed = client.post(reverse("accounts:set-up-code"), {"code": code_for(device)})
    assert "Your backup codes" in confirmed.content.decode()  # shown once, then home

    home = client.get(reverse("home"))

    assert home.status_code == 200
    assert client.session["_auth_user_id"] == str(device.user_id)
    assert "Wexmoor and Calderbridge Safeguarding Children Partnership" in home.content.decode()


@pytest.mark.django_db
def test_the_demo_shows_rapid_reviews_at_every_stage_and_each_outcome() -> None:
    load_demo_data()
    partnership = Partnership.objects.get(short_name=PARTNERSHIP["short_name"])
    reviews = Review.objects.filter(partnership=partnership).select_related("partnership")
    schedules = schedules_for(reviews)
    next_steps = {
        review.pseudonym: (step.key if (step := schedules[review.pk].next_deadline()) else None)
        for review in reviews
        if review.kind == ReviewKind.RAPID_REVIEW and review.is_open
    }

    assert next_steps == {
        "Child A": Step.CONFIRM_SCOPE,  # working day 1
        "Child B": Step.INFORMATION_RETURNED,  # returns late
        "Child C": Step.PARTNER_DECISIONS,  # combined report circulated
        "Child D": Step.PARTNER_DECISIONS,  # two partners have decided
        "Child E": Step.REPORT_AGREED,  # in approval
        "Child F": Step.PANEL_RESPONSE,  # waiting for the National Panel
    }
    assert sorted(Outcome.objects.values_list("kind", flat=True)) == sorted(OutcomeKind.values)
    lcspr = Review.objects.get(partnership=partnership, kind=ReviewKind.LCSPR, pseudonym="Child G")
    assert Outcome.objects.get(lcspr=lcspr).kind == OutcomeKind.LCSPR
    assert PanelResponse.objects.filter(agrees_with_conclusions=False).count() == 1
    assert Reconvened.objects.count() == 1
