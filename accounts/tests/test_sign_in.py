"""Signing in with an email address and password."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD


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


def test_it_names_the_problem_with_a_wrong_password(
    client: Client, business_team_member: User
) -> None:
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": "manager@wtp.example", "password": "not the password"},
    )

    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
