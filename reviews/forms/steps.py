"""Forms for a step's page (done, extended, reopened), holds, and the dashboard's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator

from reviews.actions.steps import MAX_EXTENSION_WORKING_DAYS
from reviews.forms.govuk_date import GovukDateField
from reviews.forms.notification.fields import ErrorsInFieldOrder, text_field
from reviews.models import ReviewKind


def _reason(label: str, required: str, max_length: int = 2000) -> forms.CharField:
    return text_field(
        label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CompleteStepForm(forms.Form):
    completed_on = GovukDateField(
        label="Date it was done",
        help_text="For example, 9 3 2026.",
    )
    note = text_field(
        "Note (optional)",
        max_length=5000,
        hint="Anything the team should know, without names.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtendDeadlineForm(ErrorsInFieldOrder):
    working_days = forms.IntegerField(
        label="Extend by this many working days",
        required=False,
        min_value=1,
        max_value=MAX_EXTENSION_WORKING_DAYS,
        error_messages={
            "invalid": "Working days must be a whole number, like 2",
            "min_value": "Working days must be 1 or more",
            "max_value": f"Working days must be {MAX_EXTENSION_WORKING_DAYS} or fewer",
        },
    )
    new_date = GovukDateField(
        label="Or a new due date",
        required=False,
        past_only=False,
        help_text="Give working days or a new date, not both. For example, 3 4 2026.",
    )
    extension_reason = _reason(
        "Why is more time needed?", "Enter why the deadline is being extended"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "working_days" in data and "new_date" in data:
            given = [data["working_days"] is not None, data["new_date"] is not None]
            if not any(given):
                self.add_error("working_days", "Enter a number of working days or a new due date")
            elif all(given):
                self.add_error(
                    "working_days", "Enter a number of working days or a new due date, not both"
                )
        return data


class ReopenStepForm(forms.Form):
    reopen_reason = _reason(
        "Why is the step being reopened?", "Enter why the step is being reopened"
    )


class StartHoldForm(forms.Form):
    start = GovukDateField(
        label="Date the hold starts",
        help_text="Deadlines counted from the review's clock stop from this day. For example, "
        "12 3 2026.",
    )
    hold_reason = _reason(
        "Why is the review on hold?",
        "Enter why the review is on hold",
    )


class EndHoldForm(forms.Form):
    end = GovukDateField(
        label="Date the hold ends",
        help_text="The last day on hold. For example, 20 3 2026.",
    )


class DashboardFilterForm(forms.Form):
    """The reviews list's filters, sent as a GET form."""

    STATUSES = [("open", "Open"), ("closed", "Closed"), ("all", "Open and closed")]

    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "All kinds"), *ReviewKind.choices],
        error_messages={"invalid_choice": "Choose a kind of review from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=STATUSES,
        error_messages={"invalid_choice": "Choose open, closed or both"},
    )
    case_code = forms.CharField(
        label="Case code",
        required=False,
        max_length=12,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9]*$", message="Case code must only include letters and numbers"
            )
        ],
        error_messages={"max_length": "Case code must be 12 characters or fewer"},
    )
    overdue = forms.BooleanField(label="Only reviews with overdue steps", required=False)
