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

from accounts.forms import CodeForm, SignInForm
from accounts.middleware import is_verified, otp_not_required


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


@otp_not_required
@sensitive_post_parameters("code")
@never_cache
def set_up_code(request: HttpRequest) -> HttpResponse:
    """Register an authenticator app: show its secret as a QR code, then confirm one code."""
    user = request.user
    if user_has_device(user):
        return redirect("accounts:enter-code")
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", "The security code is wrong or has expired. Enter the newest one.")
    secret = base64.b32encode(device.bin_key).decode("ascii")
    qr = segno.make(device.config_url, error="m")
    context: dict[str, Any] = {
        "form": form,
        "next": _next_url(request),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
    }
    return render(request, "accounts/set_up_code.html", context)


@login_not_required
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Answer a sign-in from a locked account (django-axes' AXES_LOCKOUT_CALLABLE)."""
    return render(request, "accounts/locked_out.html", status=429)
