"""Signing in with an email address and password."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD


def _is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.usefixtures("otp_off")
def test_it_signs_in_with_email_and_password(client: Client, business_team_member: User) -> None:
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": "Manager@WTP.example", "password": TEST_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Priya Test" in home.content.decode()


def test_it_shows_the_sign_in_page(client: Client) -> None:
    response = client.get(reverse("accounts:sign-in"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("accounts:password-reset") in html


def test_it_ignores_the_case_and_spaces_of_the_email_address(
    client: Client, business_team_member: User
) -> None:
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": "  MANAGER@wtp.EXAMPLE ", "password": TEST_PASSWORD},
    )

    assert response.status_code == 302
    assert _is_signed_in(client)


def test_it_names_the_problem_with_a_wrong_password(
    client: Client, business_team_member: User
) -> None:
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": "manager@wtp.example", "password": "not the password"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a correct email address and password" in html
    assert "<title>Error: Sign in" in html
    assert not _is_signed_in(client)


def test_it_gives_the_same_answer_for_an_unknown_email_address(
    client: Client, business_team_member: User
) -> None:
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": "nobody@wtp.example", "password": TEST_PASSWORD},
    )

    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    assert not _is_signed_in(client)


def test_it_asks_for_both_fields(client: Client) -> None:
    response = client.post(reverse("accounts:sign-in"), {"username": "", "password": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html


def test_it_asks_for_an_email_address_in_the_right_format(client: Client) -> None:
    response = client.post(
        reverse("accounts:sign-in"), {"username": "priya", "password": TEST_PASSWORD}
    )

    assert "Enter an email address in the correct format" in response.content.decode()


def test_it_refuses_a_switched_off_account(client: Client, business_team_member: User) -> None:
    business_team_member.is_active = False
    business_team_member.save(update_fields=["is_active"])

    response = client.post(
        reverse("accounts:sign-in"),
        {"username": "manager@wtp.example", "password": TEST_PASSWORD},
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not _is_signed_in(client)
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.usefixtures("otp_off")
def test_it_returns_to_the_page_asked_for(client: Client, business_team_member: User) -> None:
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": "manager@wtp.example", "password": TEST_PASSWORD, "next": "/privacy/"},
    )

    assert response["Location"] == "/privacy/"


@pytest.mark.usefixtures("otp_off")
@pytest.mark.parametrize(
    "next_url", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)"]
)
def test_it_refuses_to_send_the_person_to_another_site(
    client: Client, business_team_member: User, next_url: str
) -> None:
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": "manager@wtp.example", "password": TEST_PASSWORD, "next": next_url},
    )

    assert response["Location"] == reverse("home")


def test_it_keeps_the_page_asked_for_in_the_sign_in_form(client: Client) -> None:
    response = client.get(reverse("accounts:sign-in"), {"next": "/privacy/"})

    assert '<input type="hidden" name="next" value="/privacy/">' in response.content.decode()


def test_it_does_not_cache_the_sign_in_page(client: Client) -> None:
    response = client.get(reverse("accounts:sign-in"))

    assert "no-store" in response["Cache-Control"]
