"""Second factor enforcement: a signed-in person who has not confirmed a one-time code sees
nothing but the pages that let them confirm one (or sign out)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
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
