"""Backup codes (issue 18, item 4): ten single-use codes offered when the authenticator app is
set up and shown only then; the second-factor page takes one instead of the app's code, once,
saying how many are left; making new codes stops the old ones. Every change is recorded."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_webtest import DjangoTestApp

from accounts.models import AccountEvent, User
from accounts.tests.second_factor_setup import (
    CODE,
    enrol,
    page_form,
    sign_in_with_backup_code,
    sign_in_with_password,
)

BACKUP_CODES = reverse("accounts:backup-codes")
Kind = AccountEvent.Kind


@pytest.fixture(autouse=True)
def _pinned_time() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def _kinds(user: User) -> list[str]:
    return list(AccountEvent.objects.filter(user=user).values_list("kind", flat=True))


def test_setting_up_shows_ten_codes_once_and_keeps_none_of_them(
    business_team_member: User,
) -> None:
    app, codes = enrol(business_team_member)

    assert len(codes) == len(set(codes)) == 10
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & ({code.replace("-", "") for code in codes} | set(codes))
    for row in Session.objects.all():
        decoded = json.dumps(SessionStore().decode(row.session_data))
        assert not any(code in decoded for code in codes)
    assert _kinds(business_team_member) == [Kind.SECOND_FACTOR_SET_UP, Kind.BACKUP_CODES_CREATED]
    # Continuing goes on; the codes are never shown again.
    page = app.get(BACKUP_CODES)
    assert "You have 10 backup codes left" in page.text
    assert not CODE.findall(page.text)


def test_a_backup_code_signs_in_once_and_says_how_many_are_left(
    business_team_member: User,
) -> None:
    _, codes = enrol(business_team_member)

    home = sign_in_with_backup_code(business_team_member, codes[3].upper().replace("-", " "))

    assert "You signed in with a backup code. You have 9 backup codes left." in home.text
    assert home.request.path == reverse("home")
    used = AccountEvent.objects.filter(user=business_team_member, kind=Kind.BACKUP_CODE_USED)
    assert [event.detail["left"] for event in used] == [9]

    again = sign_in_with_backup_code(business_team_member, codes[3], status=200)

    assert "The backup code is wrong or has been used" in again.text
    assert used.count() == 1
    assert StaticToken.objects.count() == 9


def test_a_made_up_code_is_refused(business_team_member: User) -> None:
    enrol(business_team_member)

    refused = sign_in_with_backup_code(business_team_member, "abcd-efgh-ijkm", status=200)

    assert "The backup code is wrong or has been used" in refused.text
    assert Kind.BACKUP_CODE_USED not in _kinds(business_team_member)


def test_making_new_codes_stops_the_old_ones(business_team_member: User) -> None:
    app, old = enrol(business_team_member)

    shown = page_form(app.get(BACKUP_CODES)).submit(status=200)

    new = CODE.findall(shown.text)
    assert len(new) == 10
    assert not set(new) & set(old)
    assert _kinds(business_team_member).count(Kind.BACKUP_CODES_CREATED) == 2
    sign_in_with_backup_code(business_team_member, old[0], status=200)
    # A refused code makes the next try wait a moment (django-otp's throttling).
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 1, tzinfo=dt.UTC), tick=False):
        sign_in_with_backup_code(business_team_member, new[0])


def test_the_code_pages_need_the_password_and_the_codes_page_a_code(
    business_team_member: User,
) -> None:
    enrol(business_team_member)
    visitor = DjangoTestApp()
    for url in (reverse("accounts:enter-backup-code"), BACKUP_CODES):
        assert reverse("accounts:sign-in") in visitor.get(url, status=302).location
    app, _ = sign_in_with_password(business_team_member)
    assert reverse("accounts:enter-code") in app.get(BACKUP_CODES, status=302).location
    assert _kinds(business_team_member).count(Kind.BACKUP_CODES_CREATED) == 1
