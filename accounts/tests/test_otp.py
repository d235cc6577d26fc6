"""The second factor: a time-based one-time code after the password, for every account."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.tests.helpers import (
    code_for,
    code_for_secret,
    give_device,
    sign_in,
    sign_in_with_password,
)

ENTER_CODE = reverse("accounts:enter-code")
SET_UP_CODE = reverse("accounts:set-up-code")
HOME = reverse("home")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def pinned_time() -> Iterator[time_machine.Traveller]:
    """Pin the clock, so a code computed in a test is the one the view expects."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_every_account_needs_a_code() -> None:
    assert settings.OTP_REQUIRED is True


def test_it_sends_a_person_without_a_device_to_set_one_up(
    client: Client, business_team_member: User
) -> None:
    assert sign_in_with_password(client, business_team_member) == f"{SET_UP_CODE}?next=/"


def test_it_asks_a_person_with_a_device_for_a_code(
    client: Client, business_team_member: User
) -> None:
    give_device(business_team_member)

    assert sign_in_with_password(client, business_team_member) == f"{ENTER_CODE}?next=/"


@pytest.mark.parametrize("path", [HOME, "/admin/", "/reviews/"])
def test_until_the_code_is_given_pages_send_the_person_to_the_code_page(
    client: Client, business_team_member: User, path: str
) -> None:
    # tests/test_every_page_needs_sign_in.py checks this for every routed page.
    give_device(business_team_member)
    sign_in_with_password(client, business_team_member)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == ENTER_CODE


def test_until_a_device_is_set_up_pages_send_the_person_to_set_one_up(
    client: Client, business_team_member: User
) -> None:
    sign_in_with_password(client, business_team_member)

    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == SET_UP_CODE


def test_it_refuses_a_wrong_code_with_a_message(client: Client, business_team_member: User) -> None:
    device = give_device(business_team_member)
    sign_in_with_password(client, business_team_member)

    response = client.post(ENTER_CODE, {"code": _wrong(code_for(device))})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The security code is wrong or has expired" in html
    assert client.get(HOME)["Location"] == ENTER_CODE


def test_it_asks_for_six_digits(client: Client, business_team_member: User) -> None:
    give_device(business_team_member)
    sign_in_with_password(client, business_team_member)

    response = client.post(ENTER_CODE, {"code": "12ab"})

    assert "Enter the security code as 6 digits" in response.content.decode()


def test_a_right_code_lets_the_person_in(client: Client, business_team_member: User) -> None:
    device = give_device(business_team_member)
    sign_in_with_password(client, business_team_member)

    response = client.post(ENTER_CODE, {"code": code_for(device)})

    assert response.status_code == 302
    assert response["Location"] == HOME
    home = client.get(HOME)
    assert home.status_code == 200
    assert "Priya Test" in home.content.decode()


def test_a_code_works_once(
    client: Client, business_team_member: User, pinned_time: time_machine.Traveller
) -> None:
    device = give_device(business_team_member)
    code = code_for(device)
    sign_in_with_password(client, business_team_member)
    client.post(ENTER_CODE, {"code": code})
    client.logout()

    sign_in_with_password(client, business_team_member)
    response = client.post(ENTER_CODE, {"code": code})

    assert response.status_code == 200
    assert client.get(HOME)["Location"] == ENTER_CODE


def test_it_slows_down_guessing(
    client: Client, business_team_member: User, pinned_time: time_machine.Traveller
) -> None:
    device = give_device(business_team_member)
    sign_in_with_password(client, business_team_member)
    client.post(ENTER_CODE, {"code": _wrong(code_for(device))})
    client.post(ENTER_CODE, {"code": _wrong(code_for(device))})

    # Straight after two wrong guesses even the right code is refused...
    refused = client.post(ENTER_CODE, {"code": code_for(device)})
    assert refused.status_code == 200

    # ...and accepted once the wait is over.
    pinned_time.shift(dt.timedelta(seconds=5))
    accepted = client.post(ENTER_CODE, {"code": code_for(device)})
    assert accepted.status_code == 302


def test_set_up_shows_the_key_of_a_new_unconfirmed_device(
    client: Client, business_team_member: User
) -> None:
    sign_in_with_password(client, business_team_member)

    response = client.get(SET_UP_CODE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "I cannot scan the QR code" in html
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=business_team_member)
    assert device.confirmed is False
    secret = re.search(r'<code class="app-secret">([A-Z2-7 ]+)</code>', html)
    assert secret is not None
    assert code_for_secret(secret.group(1)) == code_for(device)


def test_set_up_confirms_the_device_with_a_right_code(
    client: Client, business_team_member: User
) -> None:
    sign_in_with_password(client, business_team_member)
    client.get(SET_UP_CODE)
    device = TOTPDevice.objects.get(user=business_team_member)

    response = client.post(SET_UP_CODE, {"code": code_for(device)})

    # Confirmed: the backup codes are shown, once, with a way on (test_backup_codes.py).
    assert response.status_code == 200
    assert "Your backup codes" in response.content.decode()
    assert f'href="{HOME}"' in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(HOME).status_code == 200


def test_set_up_refuses_a_wrong_code(client: Client, business_team_member: User) -> None:
    sign_in_with_password(client, business_team_member)
    client.get(SET_UP_CODE)
    device = TOTPDevice.objects.get(user=business_team_member)

    response = client.post(SET_UP_CODE, {"code": _wrong(code_for(device))})

    assert response.status_code == 200
    assert "The security code is wrong or has expired" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get(HOME)["Location"] == SET_UP_CODE


def test_set_up_keeps_the_same_key_when_the_page_is_shown_again(
    client: Client, business_team_member: User
) -> None:
    sign_in_with_password(client, business_team_member)
    first = client.get(SET_UP_CODE).content.decode()
    second = client.get(SET_UP_CODE).content.decode()

    key = re.compile(r'<code class="app-secret">([A-Z2-7 ]+)</code>')
    assert key.findall(first) == key.findall(second)
    assert TOTPDevice.objects.filter(user=business_team_member).count() == 1


def test_a_person_with_a_device_cannot_set_up_another(
    client: Client, business_team_member: User
) -> None:
    give_device(business_team_member)
    sign_in_with_password(client, business_team_member)

    response = client.get(SET_UP_CODE)

    assert response["Location"] == ENTER_CODE
    assert TOTPDevice.objects.filter(user=business_team_member).count() == 1


def test_after_set_up_the_next_sign_in_asks_for_a_code(
    client: Client, business_team_member: User, pinned_time: time_machine.Traveller
) -> None:
    sign_in_with_password(client, business_team_member)
    client.get(SET_UP_CODE)
    device = TOTPDevice.objects.get(user=business_team_member)
    client.post(SET_UP_CODE, {"code": code_for(device)})
    client.logout()
    pinned_time.shift(dt.timedelta(minutes=1))

    assert sign_in_with_password(client, business_team_member).startswith(ENTER_CODE)


def test_it_keeps_the_page_asked_for_through_both_steps(
    client: Client, business_team_member: User
) -> None:
    device = give_device(business_team_member)
    wanted = "/admin/?search=Wexmoor&page=2"

    # The admin sends people to its own login page, which sends them on to ours.
    sign_in_page = client.get(wanted, follow=True)
    assert sign_in_page.redirect_chain[-1][0].startswith(reverse("accounts:sign-in"))
    assert f'name="next" value="{wanted.replace("&", "&amp;")}"' in sign_in_page.content.decode()

    code_page_url = sign_in_with_password(client, business_team_member, next_url=wanted)
    code_page = client.get(code_page_url)
    assert f'name="next" value="{wanted.replace("&", "&amp;")}"' in code_page.content.decode()

    response = client.post(code_page_url, {"code": code_for(device), "next": wanted})
    assert response["Location"] == wanted


@pytest.mark.parametrize("next_url", ["https://elsewhere.example/", "//elsewhere.example/reviews/"])
def test_it_refuses_to_send_the_person_to_another_site_after_the_code(
    client: Client, business_team_member: User, next_url: str
) -> None:
    device = give_device(business_team_member)
    code_page_url = sign_in_with_password(client, business_team_member, next_url=next_url)
    assert "elsewhere" not in code_page_url

    response = client.post(ENTER_CODE, {"code": code_for(device), "next": next_url})

    assert response["Location"] == HOME


def test_the_code_page_sends_a_verified_person_on(
    client: Client, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    response = client.get(ENTER_CODE)

    assert response["Location"] == HOME


def test_the_code_pages_are_not_cached(client: Client, business_team_member: User) -> None:
    sign_in_with_password(client, business_team_member)

    assert "no-store" in client.get(SET_UP_CODE)["Cache-Control"]
