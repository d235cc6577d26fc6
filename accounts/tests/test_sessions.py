"""Sessions end after 30 minutes without a request, when the browser closes, and 12 hours after
signing in however active they are."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from accounts.models import User
from accounts.sessions import SIGNED_IN_AT_KEY
from accounts.tests.helpers import sign_in
from conftest import sign_in as force_sign_in

HOME = reverse("home")
REVIEWS = reverse("reviews:list")
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


def _stay_active(client: Client, traveller: time_machine.Traveller, *, hours: int) -> None:
    """A request every 20 minutes: never idle long enough for the idle limit."""
    for _ in range(hours * 3):
        traveller.shift(dt.timedelta(minutes=20))
        assert client.get(HOME).status_code == 200


def test_the_absolute_limit_is_twelve_hours() -> None:
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60


def test_an_active_session_ends_twelve_hours_after_signing_in(
    client: Client, business_team_member: User
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, business_team_member)
        # Active every 20 minutes, so never idle: still signed in just before 12 hours.
        _stay_active(client, traveller, hours=11)
        for _ in range(2):
            traveller.shift(dt.timedelta(minutes=20))
            assert client.get(HOME).status_code == 200
        traveller.shift(dt.timedelta(minutes=19, seconds=59))
        assert client.get(HOME).status_code == 200

        traveller.shift(dt.timedelta(seconds=1))
        response = client.get(f"{REVIEWS}?page=2")
        sign_in_page = client.get(response["Location"])
        afterwards = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:sign-in')}?next=/reviews/%3Fpage%3D2"
    assert "because you signed in more than 12 hours ago" in sign_in_page.content.decode()
    assert afterwards.status_code == 302  # signed out, not only redirected once
    assert afterwards["Location"].startswith(reverse("accounts:sign-in"))


def test_signing_in_again_starts_a_new_twelve_hours(
    client: Client, business_team_member: User
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, business_team_member)
        _stay_active(client, traveller, hours=11)
        traveller.shift(dt.timedelta(minutes=1))  # a new code for the authenticator app
        sign_in(client, business_team_member)

        _stay_active(client, traveller, hours=11)


def test_a_session_with_an_old_or_missing_sign_in_moment_is_signed_out(
    client: Client, business_team_member: User
) -> None:
    force_sign_in(client, business_team_member)
    session = client.session
    session[SIGNED_IN_AT_KEY] -= 12 * 60 * 60 + 1
    session.save()
    assert client.get(HOME).status_code == 302

    force_sign_in(client, business_team_member)
    assert client.get(HOME).status_code == 200
    session = client.session
    del session[SIGNED_IN_AT_KEY]  # a session from before the limit existed
    session.save()
    assert client.get(HOME).status_code == 302


def test_the_limit_is_a_setting(
    client: Client, business_team_member: User, settings: Settings
) -> None:
    settings.SESSION_ABSOLUTE_SECONDS = 60 * 60
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, business_team_member)
        for minutes in (20, 20, 19):
            traveller.shift(dt.timedelta(minutes=minutes))
            assert client.get(HOME).status_code == 200
        traveller.shift(dt.timedelta(minutes=1))
        response = client.get(HOME)
        page = client.get(response["Location"])

    assert "because you signed in more than 1 hour ago" in page.content.decode()
