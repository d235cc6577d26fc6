"""The only writers of a person's second factor: starting to set up an authenticator app,
confirming it with a code from the app, backup codes (made, used), and the business team's
reset of a lost authenticator; each change is recorded as an ``AccountEvent``."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import backup_codes
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


def create_backup_codes(user: User) -> list[str]:
    """Make the person's ten backup codes, replacing any they had; return them to show once."""
    codes = [backup_codes.new_code() for _ in range(backup_codes.HOW_MANY)]
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=backup_codes.DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        for code in codes:
            StaticToken.objects.create(device=device, token=backup_codes.stored_form(code))
        AccountEvent.objects.create(
            user=user,
            kind=AccountEvent.Kind.BACKUP_CODES_CREATED,
            detail={"device": device.persistent_id, "count": len(codes)},
        )
    return codes


def use_backup_code(user: User, typed: str) -> tuple[StaticDevice, int] | None:
    """Sign in with one of the person's backup codes, using it up; return the device and how
    many codes are left, or None for a wrong, used or throttled code."""
    with transaction.atomic():
        device = (
            StaticDevice.objects.select_for_update()
            .filter(user=user, name=backup_codes.DEVICE_NAME, confirmed=True)
            .first()
        )
        if device is None or not device.verify_is_allowed()[0]:
            return None
        if not device.verify_token(backup_codes.stored_form(typed)):
            return None
        left = int(device.token_set.count())
        AccountEvent.objects.create(
            user=user,
            kind=AccountEvent.Kind.BACKUP_CODE_USED,
            detail={"device": device.persistent_id, "left": left},
        )
    return device, left


def backup_codes_left(user: User) -> int:
    """How many unused backup codes the person has (a read, for their backup codes page)."""
    tokens = StaticToken.objects.filter(device__user=user, device__name=backup_codes.DEVICE_NAME)
    return int(tokens.count())


def reset_second_factor(person: User, *, by: User, reason: str) -> None:
    """The business team's recovery for a lost authenticator: remove the person's app and
    backup codes and end their sessions, so that they set up again at their next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=person).delete()
        StaticDevice.objects.filter(user=person).delete()
        ended = end_sessions_of(person)
        AccountEvent.objects.create(
            user=person,
            kind=AccountEvent.Kind.SECOND_FACTOR_RESET,
            detail={"by": by.pk, "by_name": by.full_name, "reason": reason, "sessions": ended},
        )


def end_sessions_of(person: User) -> int:
    """Delete every unexpired session signed in as this person; return how many."""
    now = timezone.now()
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=now).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(person.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)
