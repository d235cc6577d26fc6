"""Small things every review view needs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from accounts.models import User
from reviews.actions import Look
from reviews.models import Review, ReviewKind
from reviews.permissions import Permission, get_review_for


def look_from(request: HttpRequest) -> Look:
    """Where a request came from, for the access log.

    REMOTE_ADDR, not X-Forwarded-For: a header the client sets cannot be trusted. Behind a
    proxy, configure it to set REMOTE_ADDR (see README, "Deploying").
    """
    return Look(
        ip_address=request.META.get("REMOTE_ADDR") or None,
        user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:300],
    )


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for links to other pages of the same list."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def person(request: HttpRequest) -> User:
    """The signed-in person (every review view is behind the sign-in middleware)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def lcspr_for(request: HttpRequest, pk: int, permission: Permission) -> tuple[User, Review]:
    """Fetch the LCSPR for this person (reviews.permissions.get_review_for), answering a rapid
    review as if the page did not exist: its pages belong to an LCSPR only."""
    user = person(request)
    review = get_review_for(user, pk, permission)
    if review.kind != ReviewKind.LCSPR:
        raise Http404("This page belongs to an LCSPR.")
    return user, review
