"""Forms for starting an LCSPR, its terms of reference, the author and the introduction meeting.

The forms check what was typed (types, lengths, choices from the lists offered); the rules
(dates against the review, who may be chosen, what must come first) are the actions' to keep
(reviews.actions.lcspr), and their refusals come back to the field they name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from reviews.forms.govuk_date import GovukDateField

TEXT_LIMIT = 10_000
NOTE_LIMIT = 5000
MAX_INT = 2**31 - 1


def _version() -> forms.IntegerField:
    """The version the person started from; 0 when nothing was recorded yet."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_INT)


def _text(
    label: str,
    *,
    limit: int = TEXT_LIMIT,
    required_message: str = "",
    textarea: bool = True,
    **kwargs: Any,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=bool(required_message),
        widget=forms.Textarea if textarea else forms.TextInput,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {limit:,} characters or fewer",
        },
        **kwargs,
    )


def _choices(field: forms.Field) -> forms.TypedChoiceField | forms.TypedMultipleChoiceField:
    if not isinstance(field, forms.TypedChoiceField | forms.TypedMultipleChoiceField):
        raise TypeError("Expected a typed choice field")
    return field


class RecordLcsprForm(forms.Form):
    """An LCSPR decided before the service was in use."""

    pseudonym = _text(
        "Pseudonym",
        limit=100,
        required_message="Enter the pseudonym",
        textarea=False,
        help_text="How the child is referred to in this review, for example Child A. "
        "Never a real name.",
    )
    summary = _text(
        "Summary",
        limit=5000,
        required_message="Enter a short summary",
        help_text="A short description with no names, addresses or dates of birth.",
    )
    decided_on = GovukDateField(
        label="Date of the decision to start the review",
        required_message="Enter the date of the decision to start the review",
        help_text="The review's clock starts on this date: it must be published within six "
        "calendar months of it. For example, 25 9 2026",
    )
    rapid_review = forms.TypedChoiceField(
        label="Rapid review that led to it",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="If the rapid review is recorded in this service.",
        error_messages={"invalid_choice": "Choose a rapid review from the list"},
    )

    def __init__(self, *args: Any, rapid_reviews: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["rapid_review"]).choices = [("", "None"), *rapid_reviews]


class TermsForm(forms.Form):
    """A new version of the terms of reference."""

    period_start = GovukDateField(
        label="Start of the period under review",
        required_message="Enter the start of the period under review",
    )
    period_end = GovukDateField(
        label="End of the period under review",
        required_message="Enter the end of the period under review",
    )
    practitioner_involvement = _text(
        "How practitioners will be involved",
        required_message="Enter how practitioners will be involved",
    )
    manager_involvement = _text(
        "How managers will be involved", required_message="Enter how managers will be involved"
    )
    family_involvement = _text(
        "How family members will be involved",
        required_message="Enter how family members will be involved",
    )
    themes = _text(
        "Themes to explore",
        required_message="Enter at least one theme to explore",
        help_text="One a line. They become the agenda of the learning events.",
    )
    note = _text(
        "What changed and why",
        limit=NOTE_LIMIT,
        help_text="For a new version: what is different from the last one.",
    )


class AgreeTermsForm(forms.Form):
    """A review panel member's agreement to the version they read."""

    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_INT)
    comment = _text("Comment (optional)", limit=NOTE_LIMIT)


class TermsAgreedForm(forms.Form):
    """The business team records the terms agreed by the panel; while some of the panel have
    not agreed, with the reason (the action refuses it without one)."""

    version = _version()
    reason = _text(
        "Why the terms are agreed without them",
        limit=2000,
        help_text="For example: agreed at the panel meeting, with the police lead's agreement "
        "to follow in writing.",
    )


class CommissionForm(forms.Form):
    """The independent author's commission."""

    version = _version()
    author = forms.TypedChoiceField(
        label="Independent author",
        coerce=int,
        help_text="They need an account in this partnership. They will see this review only.",
        error_messages={
            "required": "Choose the independent author",
            "invalid_choice": "Choose the independent author from the list",
        },
    )
    author_organisation = _text(
        "Author's organisation",
        limit=200,
        textarea=False,
        help_text="If they work for one.",
    )
    starts_on = GovukDateField(
        label="Start of the commission",
        required_message="Enter the start of the commission",
        past_only=False,
    )
    ends_on = GovukDateField(
        label="End of the commission",
        required_message="Enter the end of the commission",
        past_only=False,
    )
    contract_reference = _text(
        "Contract reference",
        limit=100,
        required_message="Enter the contract reference",
        textarea=False,
    )

    def __init__(self, *args: Any, people: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["author"]).choices = [("", "Choose a person"), *people]


class IntroductionMeetingForm(forms.Form):
    """The introduction meeting with key partners."""

    version = _version()
    held_on = GovukDateField(
        label="Date of the meeting", required_message="Enter the date of the meeting"
    )
    attendees = forms.TypedMultipleChoiceField(
        label="Who attended",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People taking part in the review.",
        error_messages={"invalid_choice": "Choose who attended from the list"},
    )
    others_present = _text(
        "Others present",
        limit=2000,
        help_text="Anyone present without an account, one a line, with their role.",
    )
    agreed = _text("What was agreed", required_message="Enter what was agreed")

    def __init__(self, *args: Any, people: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["attendees"]).choices = list(people)
