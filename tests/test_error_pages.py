"""Error pages: 403, 404 and 500 in the service's GOV.UK layout, with the right status."""

from __future__ import annotations

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse
from pytest_django import Settings

from accounts.models import User
from accounts.tests.helpers import sign_in
from config import urls as service_urls


@login_not_required
def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


@login_not_required
def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("Something went wrong")


# The service's routes and handlers, plus two pages that fail (used with pytest.mark.urls).
urlpatterns = [
    path("test-errors/forbidden/", _forbidden),
    path("test-errors/broken/", _broken),
    *service_urls.urlpatterns,
]
handler403 = service_urls.handler403
handler404 = service_urls.handler404
handler500 = service_urls.handler500


def _assert_in_the_service_layout(html: str) -> None:
    assert '<html lang="en" class="govuk-template">' in html
    assert 'class="govuk-generic-header' in html
    assert "Accessibility statement" in html
    assert "Privacy notice" in html
    assert 'href="/static/app.css"' in html
    # No GOV.UK branding: no crown, no crown favicon, no Crown copyright.
    assert "govuk-header__logotype" not in html
    assert "favicon.ico" not in html
    assert "Crown copyright" not in html


@pytest.mark.django_db
def test_a_missing_page_gives_the_404_page(client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found \N{EN DASH} Safeguarding practice reviews</title>" in html
    _assert_in_the_service_layout(html)


def test_a_missing_page_names_the_partnership_to_a_signed_in_person(
    client: Client, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    response = client.get("/reviews/no-such-review/")

    assert response.status_code == 404
    assert "Wexmoor Test Partnership" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_refusal_gives_the_403_page(client: Client) -> None:
    response = client.get("/test-errors/forbidden/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot see this page" in html
    _assert_in_the_service_layout(html)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_failure_gives_the_500_page() -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/test-errors/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "Something went wrong" not in html
    _assert_in_the_service_layout(html)


def test_the_service_routes_name_the_handlers() -> None:
    assert service_urls.handler400 == "reviews.views.pages.bad_request"
    assert service_urls.handler403 == "reviews.views.pages.forbidden"
    assert service_urls.handler404 == "reviews.views.pages.not_found"
    assert service_urls.handler500 == "reviews.views.pages.server_error"


@pytest.mark.django_db
def test_a_stale_form_gets_a_page_that_says_what_happened() -> None:
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(reverse("accounts:sign-in"), {"username": "a@b.example"})

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert "govuk-template" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/reviews/", "/sign-in/", "/no-such-page/"])
def test_a_host_the_service_does_not_answer_to_gets_the_400_page(
    path: str, settings: Settings
) -> None:
    settings.ALLOWED_HOSTS = ["reviews.example.org"]
    client = Client(raise_request_exception=False)

    response = client.get(path, HTTP_HOST="evil.example")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Sorry, the service could not understand that request" in html
    assert "evil.example" not in html
    _assert_in_the_service_layout(html)


def test_a_signed_in_person_with_a_bad_host_gets_the_400_page(
    client: Client, business_team_member: User, settings: Settings
) -> None:
    sign_in(client, business_team_member)
    settings.ALLOWED_HOSTS = ["reviews.example.org"]

    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "Priya Test" not in response.content.decode()
