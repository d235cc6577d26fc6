"""Backup codes for the second factor (issue 18, item 4; ADR "backup codes are stored hashed").

Ten single-use codes, shown once when they are made. django-otp's ``StaticToken`` keeps its
tokens as typed; here each is kept as the first 16 hex digits of its SHA-256 instead, so a copy
of the database does not give anyone a way in. The codes are random (60 bits each), so a fast
hash is enough: there is no password to guess. The ``StaticDevice`` named ``DEVICE_NAME``
still does the rest: throttling guesses, using a token up, and marking the session verified.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # base32, lower case: nothing to confuse 0 with
GROUPS, GROUP_LENGTH = 3, 4
HOW_MANY = 10
DEVICE_NAME = "Backup codes"


def new_code() -> str:
    """A fresh code as the person reads it: ``abcd-efgh-jkmn``."""
    letters = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(letters[i : i + GROUP_LENGTH] for i in range(0, len(letters), GROUP_LENGTH))


def normalised(typed: str) -> str:
    """The code as typed, without spaces or hyphens and in lower case."""
    return "".join(typed.split()).replace("-", "").lower()


def stored_form(code: str) -> str:
    """What is stored for a code (StaticToken.token holds 16 characters)."""
    return hashlib.sha256(normalised(code).encode()).hexdigest()[:16]
