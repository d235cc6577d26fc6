"""Pages render with the static files storage production uses, after collectstatic.

Production serves hashed file names from a manifest (WhiteNoise's compressed manifest storage),
which refuses any name not in the manifest: a template that asks for a folder, or a file the
build does not make, answers 500 in production and nowhere else. .ci/deploy-check deploys the
service for real; this is the quick version of the same check inside the suite.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from accounts.models import Partnership, User
from config.settings import base
from conftest import sign_in
from reviews.tests.factories import make_review


@pytest.fixture
def collected(settings: Settings, tmp_path: Path) -> None:
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": base.STORAGES["staticfiles"]}
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.mark.usefixtures("collected")
def test_the_sign_in_page_links_hashed_static_files(client: Client) -> None:
    response = client.get(reverse("accounts:sign-in"))

    assert response.status_code == 200
    assert re.search(r'href="/static/app\.[0-9a-f]{12}\.css"', response.content.decode())


@pytest.mark.usefixtures("collected")
def test_signed_in_pages_render(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    sign_in(client, business_team_member)

    for url in (
        reverse("home"),
        reverse("reviews:list"),
        reverse("reviews:detail", kwargs={"pk": review.pk}),
        reverse("accessibility"),
    ):
        assert client.get(url).status_code == 200, url
