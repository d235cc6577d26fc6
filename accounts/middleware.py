"""Second factor enforcement: a signed-in person who has not confirmed a one-time code sees
nothing but the pages that let them confirm one (or sign out). And no browser or proxy keeps a
copy of what a signed-in person was shown, or of the pages that sign people in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin
from django_otp import user_has_device

OTP_EXEMPT_ATTRIBUTE = "otp_not_required"


def is_verified(user: object) -> bool:
    """Say whether this session confirmed a one-time code (django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def otp_not_required(view_func: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view that a password-only session may reach (code set-up, sign-out)."""
    setattr(view_func, OTP_EXEMPT_ATTRIBUTE, True)
    return view_func


class RequireOTPMiddleware(MiddlewareMixin):
    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not settings.OTP_REQUIRED or not user.is_authenticated:
            return None
        if is_verified(user):
            return None
        if getattr(view_func, OTP_EXEMPT_ATTRIBUTE, False):
            return None
        if getattr(view_func, "login_required", True) is False:
            return None  # public pages: privacy notice, accessibility statement
        if user_has_device(user):
            return redirect("accounts:enter-code")
        return redirect("accounts:set-up-code")


class NoStoreMiddleware:
    """Send ``Cache-Control: no-store, private`` with every response to a signed-in person
    (pages, downloads, exports, redirects) and with every page of signing in, the second factor
    and password reset (the ``accounts`` routes), so that no shared computer's browser cache or
    proxy keeps a copy. Static files never reach it: WhiteNoise answers them earlier.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        match = request.resolver_match
        # Also after signing in or out during this request (request.user has changed).
        if signed_in or request.user.is_authenticated or (match and match.namespace == "accounts"):
            patch_cache_control(response, no_store=True, private=True)
        return response
