"""The absolute lifetime of a signed-in session (on top of the idle limit, SESSION_COOKIE_AGE).

Signing in stores the moment in the session (``user_logged_in``, so every way of signing in
counts); the first request after ``SESSION_ABSOLUTE_SECONDS`` signs the person out and sends
them to sign in again, with a message saying why. A signed-in session without the moment (one
older than this rule) is treated as too old.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SIGNED_IN_AT_KEY = "accounts_signed_in_at"


def record_sign_in(sender: object, request: HttpRequest | None, **kwargs: Any) -> None:
    """Store the moment of signing in (connected to ``user_logged_in`` in AccountsConfig)."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()


def signed_in_too_long_ago(request: HttpRequest) -> bool:
    signed_in_at = request.session.get(SIGNED_IN_AT_KEY)
    if not isinstance(signed_in_at, int | float):
        return True
    return timezone.now().timestamp() - signed_in_at >= settings.SESSION_ABSOLUTE_SECONDS


def signed_out_message() -> str:
    hours = settings.SESSION_ABSOLUTE_SECONDS / 3600
    length = f"{hours:g} hours" if hours != 1 else "1 hour"
    return f"You have been signed out because you signed in more than {length} ago. Sign in again."


class SessionLifetimeMiddleware:
    """Sign out a session older than SESSION_ABSOLUTE_SECONDS, however active it has been.

    After MessageMiddleware (for the message), before any view or second-factor check.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and signed_in_too_long_ago(request):
            logout(request)
            messages.info(request, signed_out_message())
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
