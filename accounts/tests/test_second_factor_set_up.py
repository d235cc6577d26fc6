"""Setting up the second factor (accounts.actions): each set-up has its own secret, and the
confirmed set-up is recorded in the account's append-only record."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountEvent, User
from accounts.tests.helpers import code_for_secret, sign_in_with_password

SET_UP_CODE = reverse("accounts:set-up-code")
HOME = reverse("home")
SECRET = re.compile(r'<code class="app-secret">([A-Z2-7 ]+)</code>')


@pytest.fixture(autouse=True)
def _pinned_time() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def _secret(client: Client) -> str:
    found = SECRET.findall(client.get(SET_UP_CODE).content.decode())
    assert len(found) == 1
    return str(found[0])


def test_two_sessions_setting_up_at_once_are_shown_different_secrets(
    business_team_member: User,
) -> None:
    first, second = Client(), Client()
    sign_in_with_password(first, business_team_member)
    sign_in_with_password(second, business_team_member)

    first_secret = _secret(first)
    second_secret = _secret(second)

    assert first_secret != second_secret
    # The later set-up replaced the earlier, unconfirmed one.
    assert TOTPDevice.objects.filter(user=business_team_member).count() == 1


def test_a_code_for_a_replaced_secret_is_refused_and_a_new_secret_shown(
    business_team_member: User,
) -> None:
    first, second = Client(), Client()
    sign_in_with_password(first, business_team_member)
    sign_in_with_password(second, business_team_member)
    old = _secret(first)
    _secret(second)

    response = first.post(SET_UP_CODE, {"code": code_for_secret(old)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "The set-up was started again" in page
    new = SECRET.findall(page)[0]
    assert new != old
    assert not TOTPDevice.objects.filter(user=business_team_member, confirmed=True).exists()
    confirmed = first.post(SET_UP_CODE, {"code": code_for_secret(new)})
    assert f'href="{HOME}"' in confirmed.content.decode()  # the backup codes, then on


def test_confirming_the_set_up_is_recorded(client: Client, business_team_member: User) -> None:
    sign_in_with_password(client, business_team_member)
    secret = _secret(client)

    response = client.post(SET_UP_CODE, {"code": code_for_secret(secret)})

    assert "Your backup codes" in response.content.decode()
    device = TOTPDevice.objects.get(user=business_team_member, confirmed=True)
    event = AccountEvent.objects.filter(user=business_team_member).first()
    assert event is not None
    assert event.kind == AccountEvent.Kind.SECOND_FACTOR_SET_UP
    assert event.detail == {"device": device.persistent_id, "name": "Authenticator app"}


def test_a_wrong_code_records_nothing(client: Client, business_team_member: User) -> None:
    sign_in_with_password(client, business_team_member)
    secret = _secret(client)
    wrong = f"{(int(code_for_secret(secret)) + 1) % 1_000_000:06d}"

    client.post(SET_UP_CODE, {"code": wrong})

    assert not AccountEvent.objects.exists()


def test_the_record_is_append_only(client: Client, business_team_member: User) -> None:
    sign_in_with_password(client, business_team_member)
    client.post(SET_UP_CODE, {"code": code_for_secret(_secret(client))})
    event = AccountEvent.objects.filter(user=business_team_member).first()
    assert event is not None

    with pytest.raises(DatabaseError), transaction.atomic():
        AccountEvent._base_manager.filter(pk=event.pk).update(kind="something-else")
