"""The layout every page shares: the partnership's name, no GOV.UK crown, the service's icon."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.helpers import sign_in

FRONTEND = Path(settings.BASE_DIR) / "frontend"


def test_the_header_names_the_persons_partnership(
    client: Client, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    html = client.get(reverse("home")).content.decode()

    assert (
        '<a href="/" class="govuk-generic-header__homepage-link">\n'
        "        Wexmoor Test Partnership\n"
    ) in html
    assert "\N{EN DASH} Wexmoor Test Partnership</title>" in html


@pytest.mark.django_db
def test_the_header_names_the_service_before_signing_in(client: Client) -> None:
    html = client.get(reverse("accounts:sign-in")).content.decode()

    assert "Safeguarding practice reviews" in html
    assert "Wexmoor" not in html


@pytest.mark.django_db
def test_there_is_no_gov_uk_crown_or_branding(client: Client) -> None:
    html = client.get(reverse("accounts:sign-in")).content.decode()

    assert "govuk-header__logotype" not in html
    assert "govuk-logo" not in html
    assert "Crown copyright" not in html
    assert "govuk-icon" not in html
    assert "manifest.json" not in html


@pytest.mark.django_db
def test_the_icon_is_the_services_own(client: Client) -> None:
    html = client.get(reverse("accounts:sign-in")).content.decode()

    assert '<link rel="icon" sizes="any" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert "favicon.ico" not in html
    assert "govuk/assets/images/favicon" not in html


def test_the_build_copies_the_icon_from_the_source() -> None:
    icon = (FRONTEND / "src" / "favicon.svg").read_text()
    assert icon.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "favicon.svg" in (FRONTEND / "build.mjs").read_text()
    # GOV.UK Frontend's own favicon is the crown; ours must not be a copy of it.
    crown = FRONTEND / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets"
    crown_icon = crown / "images" / "favicon.svg"
    if crown_icon.exists():
        assert icon != crown_icon.read_text()


def test_the_footer_links_to_the_statements(client: Client, business_team_member: User) -> None:
    sign_in(client, business_team_member)

    html = client.get(reverse("home")).content.decode()

    assert (
        '<a class="govuk-footer__link" href="/accessibility/">Accessibility statement</a>' in html
    )
    assert '<a class="govuk-footer__link" href="/privacy/">Privacy notice</a>' in html
