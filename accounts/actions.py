"""The only writers of a person's second factor: starting to set up an authenticator app, and
confirming it with a code from the app (which is recorded as an ``AccountEvent``)."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountEvent, User

DEVICE_NAME = "Authenticator app"


def start_second_factor_set_up(user: User) -> TOTPDevice:
    """A new authenticator secret for this person, replacing any they had not confirmed.

    Each set-up has its own secret: a second session setting up at the same time replaces the
    first one's unconfirmed device rather than being shown the same secret.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device: TOTPDevice = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def unconfirmed_device(user: User, device_id: object) -> TOTPDevice | None:
    """This person's unconfirmed device with this id (from their session), if it still exists."""
    if not isinstance(device_id, int):
        return None
    found: TOTPDevice | None = TOTPDevice.objects.filter(
        pk=device_id, user=user, confirmed=False
    ).first()
    return found


def confirm_second_factor(user: User, device_id: int, code: str) -> TOTPDevice | None:
    """Confirm this person's unconfirmed device with a code from their app, and record it.

    Returns the confirmed device, or None when the code is wrong or the device was replaced by
    another set-up in the meantime.
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(pk=device_id, user=user, confirmed=False)
            .first()
        )
        if device is None or not device.verify_token(code):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        AccountEvent.objects.create(
            user=user,
            kind=AccountEvent.Kind.SECOND_FACTOR_SET_UP,
            detail={"device": device.persistent_id, "name": device.name},
        )
    return device
