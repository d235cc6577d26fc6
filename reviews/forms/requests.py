"""Forms for answering a request for information, and for following the requests up."""

from __future__ import annotations

from django import forms

from reviews.forms.govuk_date import GovukDateField
from reviews.forms.review import VersionedForm

ANSWER_LIMIT = 20000  # InformationRequest.involvement and the other answer fields


def _answer(label: str, hint: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=ANSWER_LIMIT,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"{label} must be {ANSWER_LIMIT:,} characters or fewer",
        },
    )


class ReturnDraftForm(VersionedForm):
    """The structured answer. Every part may be empty in a draft; submitting checks them."""

    involvement = _answer(
        "Your organisation's involvement",
        "Who in your organisation knew the child and family, when, and what they did.",
    )
    analysis = _answer(
        "Analysis of your practice",
        "What went well, what could have been better and why: factual, relevant and "
        "analytical, not only a list of contacts.",
    )
    immediate_actions = _answer(
        "Immediate actions taken",
        "Anything your organisation has already done to keep children safe since the incident.",
    )
    learning = _answer(
        "Learning already identified",
        "Learning your organisation has found so far, and who it has been shared with.",
    )


class ChronologyEntryForm(forms.Form):
    happened_on = GovukDateField(
        label="Date",
        required_message="Enter the date it happened",
        help_text="For example, 27 3 2026",
    )
    what_happened = forms.CharField(
        label="What happened",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what happened",
            "max_length": "What happened must be 5,000 characters or fewer",
        },
    )
    source = forms.CharField(
        label="Source (optional)",
        help_text="Where this is recorded, for example the school's safeguarding log.",
        required=False,
        max_length=300,
        error_messages={"max_length": "Source must be 300 characters or fewer"},
    )


class FileForm(forms.Form):
    """One file. Its type and size are checked by the action (reviews.uploads, imports)."""

    file = forms.FileField(
        label="Upload a file",
        allow_empty_file=True,  # an empty file gets the service's own message
        max_length=1000,
        error_messages={
            "required": "Select a file",
            "invalid": "The selected file could not be read. Try again",
            "missing": "Select a file",
            "max_length": "The selected file's name is too long. Rename it and try again",
        },
    )


class MoreDetailForm(forms.Form):
    reason = forms.CharField(
        label="What more detail is needed",
        help_text="The contributor sees this at the top of their return. "
        "Use the case code and pseudonym, never a real name.",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what more detail is needed",
            "max_length": "What more detail is needed must be 5,000 characters or fewer",
        },
    )
