"""Forms for the National Panel's correspondence, the outcome and its communication.

The forms check what was typed (types, lengths, choices from the lists offered); the rules
(dates against one another, what must come first) are the actions' to keep, and their refusals
come back to the field they name (reviews.actions.panel, reviews.actions.panel.outcome).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from reviews.forms.govuk_date import GovukDateField
from reviews.models import Communication, NationalReview, OutcomeKind

TEXT_LIMIT = 10000
YES_NO = [("yes", "Yes"), ("no", "No")]


def _version() -> forms.IntegerField:
    """The version the person started from; 0 when nothing was recorded yet."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)


def _text(
    label: str,
    *,
    required_message: str,
    limit: int = TEXT_LIMIT,
    called: str = "",
    **kwargs: Any,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        widget=forms.Textarea,
        error_messages={
            "required": required_message,
            "max_length": f"{called or label} must be {limit:,} characters or fewer",
        },
        **kwargs,
    )


def _yes_no(label: str, *, required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


def yes_no(value: bool) -> str:
    """Write a yes/no answer as the radios post it, for a form's initial values."""
    return "yes" if value else "no"


class SubmissionForm(forms.Form):
    """The report sent to the National Panel: which version, when, to whom."""

    version = _version()
    report_version = forms.TypedChoiceField(
        label="Version of the report sent",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the version of the report that was sent",
            "invalid_choice": "Choose a version of the report from the list",
        },
    )
    sent_on = GovukDateField(
        label="Date sent", required_message="Enter the date the report was sent to the Panel"
    )
    sent_to = forms.CharField(
        label="Sent to",
        max_length=300,
        help_text="For example the National Panel's mailbox.",
        error_messages={
            "required": "Enter who the report was sent to",
            "max_length": "Sent to must be 300 characters or fewer",
        },
    )

    def __init__(self, *args: Any, versions: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["report_version"]
        if not isinstance(field, forms.TypedChoiceField):
            raise TypeError("SubmissionForm's report_version field changed type")
        field.choices = list(versions)


class AcknowledgementForm(forms.Form):
    """The Panel's receipt, and the date it will consider the case."""

    version = _version()
    acknowledged_on = GovukDateField(
        label="Date acknowledged",
        required_message="Enter the date the Panel acknowledged the report",
    )
    consideration_date = GovukDateField(
        label="Date the Panel will consider the case",
        required_message="Enter the date the Panel will consider the case",
        past_only=False,
        help_text="The Panel's response is due 10 days after this date.",
    )
    panel_reference = forms.CharField(
        label="The Panel's reference number (optional)",
        required=False,
        max_length=100,
        help_text="As the Panel's acknowledgement gives it.",
        error_messages={"max_length": "The Panel's reference must be 100 characters or fewer"},
    )


class ResponseForm(forms.Form):
    """What the Panel answered, with its letter."""

    version = _version()
    received_on = GovukDateField(
        label="Date received", required_message="Enter the date the Panel's response was received"
    )
    more_information_needed = _yes_no(
        "Does the Panel need more information?",
        required_message="Choose whether the Panel needs more information",
    )
    agrees_with_conclusions = _yes_no(
        "Does the Panel agree with the partners' conclusions?",
        required_message="Choose whether the Panel agrees with the partners' conclusions",
    )
    national_review = forms.ChoiceField(
        label="Will there be a national review?",
        choices=NationalReview.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether there will be a national review",
            "invalid_choice": "Choose whether there will be a national review",
        },
    )
    summary = _text(
        "Summary of the response",
        required_message="Enter a summary of the Panel's response",
        help_text="Use the case code and pseudonym, never a real name.",
    )
    letter = forms.FileField(
        label="The Panel's letter",
        required=False,
        allow_empty_file=True,  # an empty file gets the service's own message
        max_length=1000,
        error_messages={
            "invalid": "The selected file could not be read. Try again",
            "missing": "Select the Panel's letter",
            "max_length": "The selected file's name is too long. Rename it and try again",
        },
    )


class ReconvenedForm(forms.Form):
    """The meeting held because the Panel's view differs from the partners'."""

    held_on = GovukDateField(
        label="Date the meeting was held", required_message="Enter the date the meeting was held"
    )
    next_course_of_action = _text(
        "Next course of action", required_message="Enter the next course of action"
    )
    response_to_panel = _text(
        "The partnership's response to the Panel",
        required_message="Enter the partnership's response to the Panel",
    )
    attendance = _text(
        "Who attended",
        required_message="Enter who attended the meeting",
        limit=5000,
        help_text="Names and roles, one a line.",
    )
    response_sent_on = GovukDateField(
        label="Date the response went to the Panel (optional)",
        required=False,
        help_text="Leave empty if it has not gone yet: it can be recorded later.",
    )


class ResponseSentForm(forms.Form):
    """The date the partnership's response went to the Panel, recorded after the meeting."""

    response_sent_on = GovukDateField(
        label="Date the response went to the Panel",
        required_message="Enter the date the response went to the Panel",
    )


class InformationRequestForm(forms.Form):
    """The Panel's request for more information: when it came, what it asks, when it is due."""

    version = _version()
    requested_on = GovukDateField(
        label="Date the request was received",
        required_message="Enter the date the Panel's request was received",
    )
    asks = _text(
        "What the Panel asks for",
        required_message="Enter what the Panel asks for",
        limit=5000,
        help_text="Use the case code and pseudonym, never a real name.",
    )
    due_on = GovukDateField(
        label="Date the information is due by",
        required_message="Enter the date the information is due by",
        past_only=False,
    )


class SuppliedForm(forms.Form):
    """The date the information asked for went to the Panel."""

    version = _version()
    supplied_on = GovukDateField(
        label="Date the information was supplied",
        required_message="Enter the date the information was supplied",
    )


class ResubmittedForm(forms.Form):
    """The date the rapid review went back to the Panel."""

    version = _version()
    resubmitted_on = GovukDateField(
        label="Date the review was resubmitted",
        required_message="Enter the date the review was resubmitted",
    )


class PanelExtensionForm(forms.Form):
    """An extension of a national expectation, agreed with the National Panel."""

    step = forms.ChoiceField(
        label="Which deadline",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the deadline the Panel agreed to extend",
            "invalid_choice": "Choose a deadline from the list",
        },
    )
    agreed_with_panel_on = GovukDateField(
        label="Date the Panel agreed it",
        required_message="Enter the date the Panel agreed the extension",
    )
    new_date = GovukDateField(
        label="New date", required_message="Enter the new date", past_only=False
    )
    reason = _text(
        "Reason", required_message="Enter why the deadline is being extended", limit=2000
    )

    def __init__(self, *args: Any, steps: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["step"]
        if not isinstance(field, forms.ChoiceField):
            raise TypeError("PanelExtensionForm's step field changed type")
        field.choices = list(steps)


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label="Outcome of the review",
        choices=OutcomeKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the outcome of the review",
            "invalid_choice": "Choose the outcome of the review",
        },
    )
    decided_on = GovukDateField(
        label="Date of the decision",
        required_message="Enter the date of the decision",
        help_text="An LCSPR's clock starts on this date: it must be published within six "
        "calendar months.",
    )
    rationale = _text("Rationale", required_message="Enter the rationale for the outcome")
    actions_instead = _text(
        "Actions taken instead of a review",
        required_message="Enter the actions taken to address the learning instead of a review",
        required=False,
        help_text="Required when there is no further review: the action taken or under way "
        "to address the learning.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == OutcomeKind.NO_REVIEW and not cleaned.get("actions_instead"):
            self.add_error(
                "actions_instead",
                "Enter the actions taken to address the learning instead of a review",
            )
        return cleaned


class CommunicationForm(forms.Form):
    audience = forms.ChoiceField(
        label="Who was it communicated to?",
        choices=Communication.Audience.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who it was communicated to",
            "invalid_choice": "Choose who it was communicated to",
        },
    )
    about = forms.CharField(
        label="What was communicated",
        max_length=200,
        help_text="For example: the outcome of the rapid review and its rationale.",
        error_messages={
            "required": "Enter what was communicated",
            "max_length": "What was communicated must be 200 characters or fewer",
        },
    )
    method = forms.CharField(
        label="How it was communicated",
        max_length=200,
        help_text="For example: letter, meeting, phone call.",
        error_messages={
            "required": "Enter how it was communicated",
            "max_length": "How it was communicated must be 200 characters or fewer",
        },
    )
    communicated_on = GovukDateField(
        label="Date communicated", required_message="Enter the date it was communicated"
    )
    note = _text(
        "Note (optional)",
        required_message="",
        called="Note",
        limit=5000,
        required=False,
        help_text="Use the case code and pseudonym, never a real name.",
    )
