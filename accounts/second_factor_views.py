"""Backup codes (signing in with one, making new ones) and the business team's reset of a
lost authenticator (README, "Lost authenticator"; issue 18, item 4)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import user_has_device

from accounts import actions
from accounts.forms import BackupCodeForm, ResetSecondFactorForm
from accounts.middleware import is_verified, otp_not_required
from accounts.models import PartnershipRole, User
from accounts.views import _next_url, show_backup_codes


def _person(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # sign-in and the second factor come first
        raise Http404("No such page.")
    return user


@otp_not_required
@sensitive_post_parameters("code")
@never_cache
def enter_backup_code(request: HttpRequest) -> HttpResponse:
    """Sign in with a backup code instead of the authenticator app's code."""
    if is_verified(request.user):
        return redirect(_next_url(request))
    user = request.user
    if not isinstance(user, User) or not user_has_device(user):
        return redirect("accounts:set-up-code")
    form = BackupCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        used = actions.use_backup_code(user, form.cleaned_data["code"])
        if used is not None:
            device, left = used
            otp_login(request, device)
            word = "code" if left == 1 else "codes"
            messages.info(
                request,
                f"You signed in with a backup code. You have {left} backup {word} left.",
            )
            return redirect(_next_url(request))
        form.add_error("code", "The backup code is wrong or has been used. Enter another one.")
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/enter_backup_code.html", context)


@never_cache
def backup_codes(request: HttpRequest) -> HttpResponse:
    """How many backup codes the person has left, and making new ones (the old stop working)."""
    user = _person(request)
    if request.method == "POST":
        return show_backup_codes(request, user, "")
    left = actions.backup_codes_left(user)
    return render(request, "accounts/backup_codes_left.html", {"left": left})


def _business_team_partnership(user: User) -> int:
    """The partnership whose business team this person is in; 404 for anyone else."""
    held = PartnershipRole.objects.filter(
        user=user, role=PartnershipRole.Role.BUSINESS_TEAM, partnership=user.partnership_id
    ).exists()
    if user.partnership_id is None or not held:
        raise Http404("No such page.")
    return user.partnership_id


@never_cache
def reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """The business team resets a colleague's second factor (never their own)."""
    user = _person(request)
    partnership = _business_team_partnership(user)
    person = get_object_or_404(User.objects.exclude(pk=user.pk), pk=pk, partnership=partnership)
    form = ResetSecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.reset_second_factor(person, by=user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            f"{person.full_name}'s security code has been reset. They will set up their "
            "authenticator app again when they next sign in.",
        )
        return redirect("accounts:people")
    status = 400 if form.errors else 200
    context = {"form": form, "person": person}
    return render(request, "accounts/reset_second_factor.html", context, status=status)


@never_cache
def people(request: HttpRequest) -> HttpResponse:
    """The people of the business team's partnership, each with a reset link."""
    user = _person(request)
    partnership = _business_team_partnership(user)
    listed = User.objects.filter(partnership=partnership, is_active=True).exclude(pk=user.pk)
    return render(request, "accounts/people.html", {"people": list(listed)})
