"""Forms for sharing a review's learning: which document to generate, and a record of how an
organisation shared the learning.

The forms check what was typed (types, ranges, lengths, choices from the lists offered); the
rules (who may record for which organisation, dates against the review) are the action's
(reviews.actions.learning.sharing), and its refusals come back to the field they name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from reviews.actions.learning.sharing import MAX_PRACTITIONERS, NOTE_LIMIT
from reviews.forms.govuk_date import GovukDateField
from reviews.models import Dissemination, DocumentKind

LEARNING_DOCUMENT_CHOICES = [
    (DocumentKind.SEVEN_MINUTE_BRIEFING.value, DocumentKind.SEVEN_MINUTE_BRIEFING.label),
    (DocumentKind.LEARNING_ON_ONE_PAGE.value, DocumentKind.LEARNING_ON_ONE_PAGE.label),
]
_CHOOSE_DOCUMENT = "Choose the 7-minute briefing or the learning on one page"
_PRACTITIONERS = f"Practitioners reached must be a whole number from 0 to {MAX_PRACTITIONERS:,}"


class GenerateLearningDocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Document",
        choices=LEARNING_DOCUMENT_CHOICES,
        error_messages={"required": _CHOOSE_DOCUMENT, "invalid_choice": _CHOOSE_DOCUMENT},
    )


class DisseminationForm(forms.Form):
    """How one organisation shared the learning: when, how, and with how many practitioners."""

    organisation = forms.TypedChoiceField(
        label="Organisation",
        coerce=int,
        error_messages={
            "required": "Choose the organisation that shared the learning",
            "invalid_choice": "Choose an organisation from the list",
        },
    )
    shared_on = GovukDateField(
        label="Date shared", required_message="Enter the date the learning was shared"
    )
    method = forms.ChoiceField(
        label="How it was shared",
        choices=Dissemination.Method.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how the learning was shared",
            "invalid_choice": "Choose how the learning was shared",
        },
    )
    practitioners_reached = forms.IntegerField(
        label="Practitioners reached",
        min_value=0,
        max_value=MAX_PRACTITIONERS,
        help_text="How many practitioners took part or received it. Enter 0 if you do not know.",
        error_messages={
            "required": "Enter how many practitioners were reached",
            "invalid": _PRACTITIONERS,
            "min_value": _PRACTITIONERS,
            "max_value": _PRACTITIONERS,
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea,
        help_text="For example which teams took part. No names of children or families.",
        error_messages={"max_length": f"Note must be {NOTE_LIMIT:,} characters or fewer"},
    )

    def __init__(self, *args: Any, organisations: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        if not isinstance(field, forms.TypedChoiceField):
            raise TypeError("DisseminationForm's organisation field changed type")
        field.choices = [("", "Choose an organisation"), *organisations]
        if len(organisations) == 1 and not self.is_bound:
            self.initial.setdefault("organisation", organisations[0][0])
