"""The form recording an LCSPR's rapid review circulated (to whom and when). The rules are the
action's (reviews.actions.lcspr.planning.panel_view)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from reviews.forms.govuk_date import GovukDateField


class CirculatedForm(forms.Form):
    circulated_on = GovukDateField(
        label="Date circulated", required_message="Enter the date the rapid review was circulated"
    )
    sent_to = forms.TypedMultipleChoiceField(
        label="Who it was circulated to",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose people from the list"},
    )
    others = forms.CharField(
        label="Anyone else (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        help_text="Name and role, one a line.",
        error_messages={"max_length": "Anyone else must be 1,000 characters or fewer"},
    )

    def __init__(self, *args: Any, people: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sent_to"]
        if not isinstance(field, forms.TypedMultipleChoiceField):
            raise TypeError("CirculatedForm's sent_to field changed type")
        field.choices = list(people)
