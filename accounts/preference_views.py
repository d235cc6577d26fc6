"""The "Email reminders" page: each person chooses a daily digest or a weekly summary."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import User
from accounts.preferences import ReminderFrequencyForm, choose_reminder_frequency


def reminder_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    form = ReminderFrequencyForm(
        request.POST or None, initial={"frequency": user.reminder_frequency}
    )
    if request.method == "POST" and form.is_valid():
        choose_reminder_frequency(user, form.cleaned_data["frequency"])
        messages.success(request, "Your email reminders are saved.")
        return redirect("accounts:reminders")
    return render(request, "accounts/reminders.html", {"form": form})
