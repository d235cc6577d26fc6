"""Pages that belong to the service as a whole: home, statements, error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader

from reviews.views.work import your_work


def home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's starting point: what they must do next (reviews.views.work)."""
    return your_work(request)


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not hasattr(request, "user"):
        # Refused by a middleware before the person was looked up (a Host header not in
        # ALLOWED_HOSTS fails in CommonMiddleware): rendered without the request, whose host
        # and session must not be touched again.
        return HttpResponseBadRequest(loader.get_template("400.html").render())
    return render(request, "400.html", status=400)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form was stale or came from elsewhere (Django's CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: whatever failed (the database, the session) must not be
    # touched again while apologising for it.
    return HttpResponseServerError(loader.get_template("500.html").render())
