"""Factories for people and organisations: each makes a valid row with fictional values.

Plain typed functions rather than factory_boy classes: they read as what they make, and
mypy --strict checks every call.
"""

from __future__ import annotations

import itertools

from accounts.models import Membership, Organisation, Partnership, PartnershipRole, User

TEST_PASSWORD = "correct horse battery staple"  # not a real credential

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


def make_partnership(
    *, name: str | None = None, short_name: str | None = None, code_prefix: str | None = None
) -> Partnership:
    n = _next()
    return Partnership.objects.create(
        name=name or f"Testshire {n} Safeguarding Children Partnership",
        short_name=short_name or f"TS{n}",
        code_prefix=code_prefix or "".join(chr(65 + int(d)) for d in f"{n % 1000:03d}"),
    )


def make_organisation(
    *,
    partnership: Partnership,
    name: str | None = None,
    kind: Organisation.Kind = Organisation.Kind.OTHER,
    is_statutory_partner: bool = False,
) -> Organisation:
    return Organisation.objects.create(
        partnership=partnership,
        name=name or f"Testshire agency {_next()}",
        kind=kind,
        is_statutory_partner=is_statutory_partner,
    )


def make_user(
    *,
    partnership: Partnership | None,
    email: str | None = None,
    full_name: str | None = None,
    password: str = TEST_PASSWORD,
) -> User:
    n = _next()
    return User.objects.create_user(
        email or f"person{n}@testshire.example",
        password,
        full_name=full_name or f"Test Person {n}",
        partnership=partnership,
    )


def give_role(user: User, role: PartnershipRole.Role) -> User:
    """Give a person a partnership-wide role in their own partnership."""
    assert user.partnership is not None
    PartnershipRole.objects.create(user=user, partnership=user.partnership, role=role)
    return user


def employ(
    user: User,
    organisation: Organisation,
    job_title: str = "",
    *,
    safeguarding_partner: bool | None = None,
) -> User:
    """Employ a person at an organisation. Someone employed at a statutory partner is, unless
    ``safeguarding_partner=False``, one of its delegated safeguarding partners (Working
    Together 2023), so tests that make them its lead on a review may: pass False for someone
    who only answers its requests."""
    Membership.objects.create(user=user, organisation=organisation, job_title=job_title)
    if safeguarding_partner is None:
        safeguarding_partner = organisation.is_statutory_partner
    if safeguarding_partner:
        make_safeguarding_partner(user, organisation)
    return user


def make_safeguarding_partner(
    user: User, organisation: Organisation, *, lead: bool = False
) -> User:
    """Name a person the statutory partner's lead (or a delegated) safeguarding partner."""
    role = PartnershipRole.Role
    PartnershipRole.objects.get_or_create(
        user=user,
        partnership=organisation.partnership,
        organisation=organisation,
        role=role.LEAD_SAFEGUARDING_PARTNER if lead else role.DELEGATED_SAFEGUARDING_PARTNER,
    )
    return user
