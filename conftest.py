"""Fixtures every test module can use: a partnership, its organisations and named personas.

Personas (as in Healthchecks' base test case) make every access test read like a sentence:
the business team member may, the outsider from another partnership may not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_webtest import DjangoTestApp
from pytest_django import Settings

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import (
    employ,
    give_role,
    make_organisation,
    make_partnership,
    make_user,
)

Kind = Organisation.Kind
Role = PartnershipRole.Role


@pytest.fixture(autouse=True)
def _isolated_media(tmp_path: Path, settings: Settings) -> None:
    """Uploaded and generated files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def partnership(db: None) -> Partnership:
    return make_partnership(name="Wexmoor Test Partnership", short_name="WTP", code_prefix="WT")


@pytest.fixture
def other_partnership(db: None) -> Partnership:
    return make_partnership(name="Northfen Test Partnership", short_name="NTP", code_prefix="NT")


@pytest.fixture
def police(partnership: Partnership) -> Organisation:
    return make_organisation(
        partnership=partnership, name="Wexmoor Police", kind=Kind.POLICE, is_statutory_partner=True
    )


@pytest.fixture
def icb(partnership: Partnership) -> Organisation:
    return make_organisation(
        partnership=partnership, name="Wexmoor ICB", kind=Kind.ICB, is_statutory_partner=True
    )


@pytest.fixture
def childrens_social_care(partnership: Partnership) -> Organisation:
    return make_organisation(
        partnership=partnership,
        name="Wexmoor Children's Services",
        kind=Kind.CHILDRENS_SOCIAL_CARE,
        is_statutory_partner=True,
    )


@pytest.fixture
def school(partnership: Partnership) -> Organisation:
    return make_organisation(partnership=partnership, name="Hollin Test School", kind=Kind.SCHOOL)


@pytest.fixture
def business_team_member(partnership: Partnership) -> User:
    return give_role(
        make_user(email="manager@wtp.example", full_name="Priya Test", partnership=partnership),
        Role.BUSINESS_TEAM,
    )


@pytest.fixture
def partner_lead(partnership: Partnership, police: Organisation) -> User:
    """The police lead: a statutory partner, but not the business team."""
    return employ(
        make_user(email="lead@police.example", full_name="Hannah Test", partnership=partnership),
        police,
    )


@pytest.fixture
def agency_contributor(partnership: Partnership, school: Organisation) -> User:
    return employ(
        make_user(email="dsl@school.example", full_name="Colin Test", partnership=partnership),
        school,
    )


@pytest.fixture
def independent_author(partnership: Partnership) -> User:
    return make_user(
        email="author@reviewer.example", full_name="Imogen Test", partnership=partnership
    )


@pytest.fixture
def auditor(partnership: Partnership) -> User:
    return give_role(
        make_user(email="audit@wtp.example", full_name="Martin Test", partnership=partnership),
        Role.AUDITOR,
    )


@pytest.fixture
def outsider(other_partnership: Partnership) -> User:
    """A business team member of another partnership: must never see ours."""
    return give_role(
        make_user(
            email="manager@ntp.example", full_name="Leah Test", partnership=other_partnership
        ),
        Role.BUSINESS_TEAM,
    )


@pytest.fixture
def otp_off(settings: Settings) -> None:
    """Switch the second factor off, for tests about something else."""
    settings.OTP_REQUIRED = False


def pytest_report_header() -> str:
    return f"database: {settings.DATABASES['default']['ENGINE']}"


def sign_in(client: Client, user: User) -> Client:
    """Sign a test client in as this person, second factor confirmed, as the real flow does."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Test authenticator", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def signed_in() -> Callable[[Client, User], Client]:
    return sign_in


WebAs = Callable[[User], DjangoTestApp]


def web_app_as(user: User) -> DjangoTestApp:
    """A browser-like client (WebTest) signed in as this person, second factor confirmed.

    Page tests submit forms through it exactly as the page renders them (``page.forms[...]``,
    ``form.submit()``), so a field the page lacks, or a missing CSRF token, fails the test. It
    is django-webtest's app without its settings patches: CSRF is checked as in production,
    and the person is signed in through a real session, never a header.
    """
    app = DjangoTestApp()
    client = sign_in(Client(), user)
    app.set_cookie(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    return app


@pytest.fixture
def web_as(db: None) -> WebAs:
    return web_app_as
