"""Production settings pass Django's deployment checks; every response carries the headers."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.helpers import sign_in

BASE_DIR = Path(settings.BASE_DIR)


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SESSION_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "reviews.wexmoor.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        }
    )
    env.update(overrides)
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  fixed arguments, this repository's manage.py
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]

    result = _manage(env, "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the DJANGO_SECRET_KEY environment variable." in (
        result.stderr
    )


def test_production_settings_harden_cookies_and_transport(tmp_path: Path) -> None:
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_NAME",
        "OTP_REQUIRED",
    ]
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(repr([getattr(settings, name) for name in {names!r}]))"
    )
    result = subprocess.run(  # noqa: S603  fixed arguments
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(
        [False, True, 31_536_000, True, True, True, "__Host-sessionid", True]
    )


@pytest.mark.django_db
def test_a_page_carries_the_security_headers(client: Client) -> None:
    response = client.get(reverse("accounts:sign-in"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_a_page_carries_a_strict_content_security_policy(client: Client) -> None:
    response = client.get(reverse("accounts:sign-in"))

    policy = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, _, value = directive.strip().partition(" ")
        policy[name] = value
    assert policy["default-src"] == "'self'"
    assert re.fullmatch(r"'self' 'nonce-[\w+/=-]+'", policy["script-src"])
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_one_inline_script_carries_the_nonce_of_its_response(
    client: Client, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    first = client.get(reverse("home"))
    second = client.get(reverse("home"))

    nonces = []
    for response in (first, second):
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        assert nonce is not None
        html = response.content.decode()
        inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert inline_scripts == [f' nonce="{nonce.group(1)}"']
        nonces.append(nonce.group(1))
    assert nonces[0] != nonces[1]


@pytest.mark.django_db
def test_pages_carry_no_inline_styles_or_event_handlers(
    client: Client, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    for url in [reverse("home"), reverse("accessibility"), reverse("privacy")]:
        html = client.get(url).content.decode()
        assert "<style" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url
        assert not re.search(r'\sstyle="', html), url


@pytest.mark.django_db
def test_the_csrf_cookie_is_hidden_from_scripts(client: Client) -> None:
    response = client.get(reverse("accounts:sign-in"))

    assert response.cookies[settings.CSRF_COOKIE_NAME]["httponly"] is True
    assert response.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"
