"""Pages that belong to the service as a whole: home, statements, error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's starting point; it becomes the dashboard of their reviews."""
    return render(request, "reviews/home.html")


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: whatever failed (the database, the session) must not be
    # touched again while apologising for it.
    return HttpResponseServerError(loader.get_template("500.html").render())
