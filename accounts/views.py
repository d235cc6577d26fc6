"""Signing in, the second factor, signing out and locked-out accounts."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import actions
from accounts.forms import CodeForm, SignInForm
from accounts.middleware import is_verified, otp_not_required
from accounts.models import User


def _next_url(request: HttpRequest) -> str:
    """Where to go after signing in: the page asked for, if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(viewname: str, next_url: str) -> str:
    # Encoded, so that a next URL with its own query string ("?q=a&page=2") survives whole.
    return (
        f"{reverse(viewname)}?{urlencode({'next': next_url}, safe='/')}"
        if next_url
        else reverse(viewname)
    )


@login_not_required
@sensitive_post_parameters("password")
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        auth_login(request, user)
        if settings.OTP_REQUIRED:
            step = "accounts:enter-code" if user_has_device(user) else "accounts:set-up-code"
            return redirect(_with_next(step, next_url))
        return redirect(next_url)
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url})


@otp_not_required
@sensitive_post_parameters("code")
@never_cache
def enter_code(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the person's authenticator app (django-otp throttles guesses)."""
    if is_verified(request.user):
        return redirect(_next_url(request))
    if not user_has_device(request.user):
        return redirect("accounts:set-up-code")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", "The security code is wrong or has expired. Enter the newest one.")
    return render(request, "accounts/enter_code.html", {"form": form, "next": _next_url(request)})


# The session's own set-up: the id of the unconfirmed device whose secret it was shown.
SET_UP_DEVICE_KEY = "accounts_set_up_device"


@otp_not_required
@sensitive_post_parameters("code")
@never_cache
def set_up_code(request: HttpRequest) -> HttpResponse:
    """Register an authenticator app: show its secret as a QR code, then confirm one code."""
    user = request.user
    if not isinstance(user, User):  # the middleware signs everyone in before this page
        return redirect(settings.LOGIN_URL)
    if user_has_device(user):
        return redirect("accounts:enter-code")
    form = CodeForm(request.POST if request.method == "POST" else None)
    device = actions.unconfirmed_device(user, request.session.get(SET_UP_DEVICE_KEY))
    if device is not None and request.method == "POST" and form.is_valid():
        confirmed = actions.confirm_second_factor(user, device.pk, form.cleaned_data["code"])
        if confirmed is not None:
            del request.session[SET_UP_DEVICE_KEY]
            otp_login(request, confirmed)
            return show_backup_codes(request, user, _next_url(request))
        form.add_error("code", "The security code is wrong or has expired. Enter the newest one.")
    elif device is None:
        # A new set-up, or this session's was replaced by a set-up in another session.
        device = actions.start_second_factor_set_up(user)
        request.session[SET_UP_DEVICE_KEY] = device.pk
        if form.is_bound and form.is_valid():
            form.add_error("code", SET_UP_AGAIN)
    return render(request, "accounts/set_up_code.html", _set_up_context(request, form, device))


def show_backup_codes(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Make the person's backup codes and show them this once, in this answer: never kept in
    the session, never stored as typed."""
    codes = actions.create_backup_codes(user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": next_url})


SET_UP_AGAIN = (
    "The set-up was started again, so that code is for an old key. "
    "Scan the new QR code, then enter the code your app shows."
)


def _set_up_context(request: HttpRequest, form: CodeForm, device: TOTPDevice) -> dict[str, Any]:
    secret = base64.b32encode(device.bin_key).decode("ascii")
    qr = segno.make(device.config_url, error="m")
    return {
        "form": form,
        "next": _next_url(request),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
    }


@login_not_required
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Answer a sign-in from a locked account (django-axes' AXES_LOCKOUT_CALLABLE)."""
    return render(request, "accounts/locked_out.html", status=429)
