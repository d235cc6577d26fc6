"""Helpers for tests that sign people in: authenticator devices, their codes, real sign-ins.

Used by the accounts tests, the cross-cutting tests under tests/ and the browser journeys.
"""

from __future__ import annotations

import base64

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD


def give_device(user: User) -> TOTPDevice:
    """Register a confirmed authenticator app for a person, as set-up would have done."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """Return the code the person's authenticator app shows now (time_machine moves "now")."""
    device.refresh_from_db()
    return code_for_key(device.bin_key, digits=device.digits)


def code_for_key(key: bytes, *, digits: int = 6) -> str:
    return f"{totp(key, digits=digits):0{digits}d}"


def code_for_secret(secret: str) -> str:
    """Return the current code for a base32 key as the set-up page shows it ("ABCD EFGH ...")."""
    return code_for_key(base64.b32decode(secret.replace(" ", "")))


def sign_in_with_password(client: Client, user: User, *, next_url: str = "") -> str:
    """Give the email address and password on the real page; return where it sends the person."""
    data = {"username": user.email, "password": TEST_PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("accounts:sign-in"), data)
    assert response.status_code == 302, response.content.decode()
    return str(response["Location"])


def sign_in(client: Client, user: User) -> TOTPDevice:
    """Sign in through the real pages: password, then a code from the person's device.

    Give the person a device first if they have none. Return the device.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or give_device(user)
    sign_in_with_password(client, user)
    response = client.post(reverse("accounts:enter-code"), {"code": code_for(device)})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("home")
    return device
