"""Nothing a signed-in person is sent, and no page of signing in, is kept by a browser or
proxy: every such response carries Cache-Control: no-store, private
(accounts.middleware.NoStoreMiddleware). Static files keep WhiteNoise's own caching."""

from __future__ import annotations

import pytest
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from accounts.models import Partnership, User
from accounts.tests.helpers import give_device, sign_in_with_password
from conftest import sign_in
from reviews.tests.factories import make_review


def _no_store(response: HttpResponseBase) -> bool:
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"no-store", "private"} <= directives


def test_every_response_to_a_signed_in_person_says_no_store(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    sign_in(client, business_team_member)

    for url in (
        reverse("reviews:detail", kwargs={"pk": review.pk}),
        reverse("home"),
        # A public statement has no decorator of its own: the middleware marks it.
        reverse("accessibility"),
        reverse("reviews:themes-export", kwargs={"fmt": "xlsx"}),
        reverse("reviews:themes-export", kwargs={"fmt": "csv"}),
        "/reviews/no-such-page/",
    ):
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert _no_store(response), url


@pytest.mark.django_db
def test_the_pages_of_signing_in_say_no_store(client: Client, business_team_member: User) -> None:
    for url in (
        reverse("accounts:sign-in"),
        reverse("accounts:password-reset"),
        reverse("accounts:password-reset-sent"),
        reverse("accounts:signed-out"),
    ):
        assert _no_store(client.get(url)), url

    give_device(business_team_member)
    sign_in_with_password(client, business_team_member)
    assert _no_store(client.get(reverse("accounts:enter-code")))
    # The second-factor redirect of a password-only session, too.
    assert _no_store(client.get(reverse("home")))


@pytest.mark.django_db
def test_a_public_page_to_someone_signed_out_is_left_alone(client: Client) -> None:
    response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_static_file_keeps_its_own_caching(
    settings: Settings, client: Client, business_team_member: User
) -> None:
    settings.WHITENOISE_USE_FINDERS = True
    sign_in(client, business_team_member)

    response = client.get("/static/app.css")

    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "private" not in response["Cache-Control"]
