"""A person's choice of how the reminders reach them: the form and the one action that saves it."""

from __future__ import annotations

from django import forms
from django.db import transaction

from accounts.models import User


class ReminderFrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How do you want to hear about what is due?",
        choices=User.ReminderFrequency.choices,
        error_messages={"required": "Choose a daily digest or a weekly summary."},
    )


def choose_reminder_frequency(user: User, frequency: str) -> None:
    """Save the person's choice (daily digest, or a weekly summary plus overdue items)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(reminder_frequency=User.ReminderFrequency(frequency))
