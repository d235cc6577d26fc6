"""Locking an account after repeated wrong passwords (django-axes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from axes.utils import reset as reset_axes
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD

SIGN_IN = reverse("accounts:sign-in")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _no_earlier_failures(db: None) -> Iterator[None]:
    reset_axes()
    yield
    reset_axes()


def _fail(client: Client, email: str = "manager@wtp.example", times: int = 1) -> int:
    """Try a wrong password; return the status of the last answer."""
    status = 0
    for _ in range(times):
        status = client.post(SIGN_IN, {"username": email, "password": "wrong guess"}).status_code
    return status


def _sign_in(client: Client, email: str = "manager@wtp.example") -> int:
    return client.post(SIGN_IN, {"username": email, "password": TEST_PASSWORD}).status_code


def test_the_limit_is_five_failures_for_thirty_minutes() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 0.5


@pytest.mark.usefixtures("business_team_member")
def test_it_still_lets_the_person_in_after_four_failures(client: Client) -> None:
    assert _fail(client, times=4) == 200

    assert _sign_in(client) == 302


@pytest.mark.usefixtures("business_team_member")
def test_it_locks_an_account_after_five_failures(client: Client) -> None:
    _fail(client, times=5)

    response = client.post(SIGN_IN, {"username": "manager@wtp.example", "password": TEST_PASSWORD})

    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("business_team_member")
def test_the_lockout_page_uses_the_service_layout(client: Client) -> None:
    _fail(client, times=5)

    response = client.post(SIGN_IN, {"username": "manager@wtp.example", "password": TEST_PASSWORD})

    html = response.content.decode()
    assert 'class="govuk-template' in html
    assert "you cannot sign in for 30 minutes" in html


@pytest.mark.usefixtures("business_team_member")
def test_it_counts_failures_whatever_the_case_of_the_email_address(client: Client) -> None:
    for email in ["manager@wtp.example", "Manager@wtp.example", "MANAGER@WTP.EXAMPLE"]:
        _fail(client, email, times=1)
    _fail(client, "manager@WTP.example", times=2)

    assert _sign_in(client) == 429


@pytest.mark.usefixtures("business_team_member")
def test_it_leaves_other_accounts_alone(client: Client, auditor: User) -> None:
    _fail(client, times=5)

    assert _sign_in(client, auditor.email) == 302


@pytest.mark.usefixtures("business_team_member")
def test_it_unlocks_the_account_after_thirty_minutes(client: Client) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        _fail(client, times=5)
        traveller.shift(dt.timedelta(minutes=31))

        assert _sign_in(client) == 302


@pytest.mark.usefixtures("business_team_member")
def test_each_attempt_while_locked_starts_the_thirty_minutes_again(client: Client) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        _fail(client, times=5)
        traveller.shift(dt.timedelta(minutes=29))
        assert _sign_in(client) == 429

        traveller.shift(dt.timedelta(minutes=29))
        assert _sign_in(client) == 429

        traveller.shift(dt.timedelta(minutes=31))
        assert _sign_in(client) == 302


@pytest.mark.usefixtures("business_team_member")
def test_a_successful_sign_in_clears_earlier_failures(client: Client) -> None:
    _fail(client, times=4)
    assert _sign_in(client) == 302
    client.logout()

    _fail(client, times=4)

    assert _sign_in(client) == 302
