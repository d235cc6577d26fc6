"""The recovery path for a lost authenticator (issue 18, item 4; README "Lost authenticator"):
someone in the partnership's business team resets a colleague's second factor. The app and
backup codes go, the colleague's sessions end, they set up again at their next sign-in, and
the reset is recorded with who did it and why. Nobody resets their own, or anyone's outside
their partnership, and nobody outside the business team resets anyone (404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountEvent, PartnershipRole, User
from accounts.tests.factories import give_role, make_user
from accounts.tests.second_factor_setup import enrol, page_form, sign_in_with_password
from conftest import WebAs

PEOPLE = reverse("accounts:people")
Kind = AccountEvent.Kind


@pytest.fixture(autouse=True)
def _pinned_time() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def _reset_url(person: User) -> str:
    return reverse("accounts:reset-second-factor", kwargs={"pk": person.pk})


def test_the_business_team_resets_a_colleagues_lost_authenticator(
    web_as: WebAs, business_team_member: User, partner_lead: User
) -> None:
    colleague_browser, _ = enrol(partner_lead)
    assert colleague_browser.get(reverse("home"), status=200)
    manager = web_as(business_team_member)

    form_page = manager.get(PEOPLE).click(href=_reset_url(partner_lead))
    form = page_form(form_page)
    form["reason"] = "Hannah phoned: her work phone was stolen; identity checked by call-back."
    done = form.submit(status=302).follow()

    assert "Hannah Test&#39;s security code has been reset" in done.text
    assert not TOTPDevice.objects.filter(user=partner_lead).exists()
    assert not StaticDevice.objects.filter(user=partner_lead).exists()
    event = AccountEvent.objects.get(user=partner_lead, kind=Kind.SECOND_FACTOR_RESET)
    assert event.detail["by"] == business_team_member.pk
    assert event.detail["by_name"] == "Priya Test"
    assert event.detail["reason"].startswith("Hannah phoned")
    assert event.detail["sessions"] == 1
    # Their session has ended, and signing in again starts the set-up.
    assert (
        reverse("accounts:sign-in") in colleague_browser.get(reverse("home"), status=302).location
    )
    _, next_page = sign_in_with_password(partner_lead)
    assert "Set up your security code" in next_page.text
    # The manager's own session goes on.
    assert manager.get(PEOPLE, status=200)


def test_a_reset_needs_a_reason(
    web_as: WebAs, business_team_member: User, partner_lead: User
) -> None:
    enrol(partner_lead)
    manager = web_as(business_team_member)

    refused = page_form(manager.get(_reset_url(partner_lead))).submit(status=400)

    assert "Enter why you are resetting their security code" in refused.text
    assert TOTPDevice.objects.filter(user=partner_lead, confirmed=True).exists()
    assert not AccountEvent.objects.filter(kind=Kind.SECOND_FACTOR_RESET).exists()


def test_nobody_resets_their_own_or_outside_their_partnership_or_outside_the_team(
    web_as: WebAs, business_team_member: User, partner_lead: User, outsider: User
) -> None:
    enrol(partner_lead)
    # Another partnership's business team: our people are not found.
    web_as(outsider).get(_reset_url(partner_lead), status=404)
    assert partner_lead.full_name not in web_as(outsider).get(PEOPLE).text
    # Not the business team: no list, no reset, not even of the business team.
    lead = web_as(partner_lead)
    lead.get(PEOPLE, status=404)
    lead.get(_reset_url(business_team_member), status=404)
    # Their own: not found (they make new backup codes instead).
    web_as(business_team_member).get(_reset_url(business_team_member), status=404)

    assert TOTPDevice.objects.filter(user=partner_lead, confirmed=True).exists()
    assert not AccountEvent.objects.filter(kind=Kind.SECOND_FACTOR_RESET).exists()


def test_the_people_page_costs_the_same_queries_for_more_people(
    web_as: WebAs, business_team_member: User
) -> None:
    assert business_team_member.partnership is not None
    manager = web_as(business_team_member)
    counts = []
    for _ in range(2):
        for _ in range(3):
            give_role(
                make_user(partnership=business_team_member.partnership),
                PartnershipRole.Role.AUDITOR,
            )
        with CaptureQueriesContext(connection) as queries:
            manager.get(PEOPLE, status=200)
        counts.append(len(queries))
    assert counts[0] == counts[1]
