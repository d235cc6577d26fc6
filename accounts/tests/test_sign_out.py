"""Signing out: a POST from the button in the header; a GET (a link, a prefetch) does nothing."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.helpers import sign_in, sign_in_with_password

SIGN_OUT = reverse("accounts:sign-out")
HOME = reverse("home")


def test_it_signs_out_on_post(client: Client, business_team_member: User) -> None:
    sign_in(client, business_team_member)

    response = client.post(SIGN_OUT)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signed-out")
    assert client.get(HOME)["Location"] == f"{reverse('accounts:sign-in')}?next=/"


def test_it_shows_the_signed_out_page(client: Client, business_team_member: User) -> None:
    sign_in(client, business_team_member)

    response = client.post(SIGN_OUT, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "You have signed out" in html
    # Signed out, the header names the service rather than the partnership.
    assert "Wexmoor Test Partnership" not in html


def test_it_does_not_sign_out_on_get(client: Client, business_team_member: User) -> None:
    sign_in(client, business_team_member)

    response = client.get(SIGN_OUT)

    assert response.status_code == 405
    assert client.get(HOME).status_code == 200


def test_it_needs_the_csrf_token(business_team_member: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(business_team_member)

    response = client.post(SIGN_OUT)

    assert response.status_code == 403
    assert "_auth_user_id" in client.session


def test_a_person_who_has_given_only_a_password_can_sign_out(
    client: Client, business_team_member: User
) -> None:
    sign_in_with_password(client, business_team_member)

    response = client.post(SIGN_OUT)

    assert response["Location"] == reverse("accounts:signed-out")
    assert "_auth_user_id" not in client.session


def test_the_header_has_a_sign_out_button_not_a_link(
    client: Client, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    html = client.get(HOME).content.decode()

    assert f'<form method="post" action="{SIGN_OUT}" class="app-sign-out">' in html
    assert f'href="{SIGN_OUT}"' not in html
