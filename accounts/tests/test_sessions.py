"""Sessions end after 30 minutes without a request, and when the browser closes."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.helpers import sign_in

HOME = reverse("home")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_the_idle_limit_is_thirty_minutes() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_it_sends_a_session_idle_for_31_minutes_to_sign_in(
    client: Client, business_team_member: User
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, business_team_member)
        assert client.get(HOME).status_code == 200

        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:sign-in')}?next=/"


def test_it_keeps_a_session_active_every_20_minutes_signed_in(
    client: Client, business_team_member: User
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, business_team_member)
        # Two hours in all: far past 30 minutes from signing in, never 30 minutes idle.
        for _ in range(6):
            traveller.shift(dt.timedelta(minutes=20))
            response = client.get(HOME)
            assert response.status_code == 200
            assert "Priya Test" in response.content.decode()


def test_an_expired_session_needs_the_code_again(
    client: Client, business_team_member: User
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, business_team_member)
        traveller.shift(dt.timedelta(minutes=31))
        client.post(
            reverse("accounts:sign-in"),
            {"username": business_team_member.email, "password": "correct horse battery staple"},
        )

        response = client.get(HOME)

    assert response["Location"] == reverse("accounts:enter-code")


def test_the_session_cookie_ends_with_the_browser_and_is_hidden_from_scripts(
    client: Client, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    cookie = client.get(HOME).cookies[settings.SESSION_COOKIE_NAME]

    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_signing_in_starts_a_new_session(client: Client, business_team_member: User) -> None:
    anonymous_session = client.session
    anonymous_session["seen_by"] = "someone else"
    anonymous_session.save()
    before = anonymous_session.session_key

    sign_in(client, business_team_member)

    assert client.session.session_key != before
    assert "seen_by" in client.session  # the same session, under a new key
