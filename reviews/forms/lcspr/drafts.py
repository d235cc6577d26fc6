"""Forms of the LCSPR's drafts: uploading a version, commenting, answering, recording the draft
presented and the final agreed, and signing off.

The forms check what was typed (types, lengths, choices from the lists offered); the rules
(which version, open comments, who speaks for whom) are the actions' to keep
(reviews.actions.lcspr.drafts.versions and .sign_off), and their refusals come back to the
field named.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from accounts.models import Organisation
from reviews.forms.govuk_date import GovukDateField
from reviews.models import DraftComment

MAX_NOTE = 5000
MAX_TEXT = 10_000
MAX_WHERE = 200


def _text(label: str, *, required: str, limit: int, called: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        widget=forms.Textarea,
        error_messages={
            "required": required,
            "max_length": f"{called} must be {limit:,} characters or fewer",
        },
        **kwargs,
    )


class UploadDraftForm(forms.Form):
    file = forms.FileField(
        label="Upload the draft report",
        allow_empty_file=True,  # an empty file gets the service's own message
        max_length=1000,
        error_messages={
            "required": "Select the draft report",
            "invalid": "The selected file could not be read. Try again",
            "missing": "Select the draft report",
            "max_length": "The selected file's name is too long. Rename it and try again",
        },
    )
    note = forms.CharField(
        label="What changed in this version (optional)",
        help_text="Use the case code and pseudonym, never a real name.",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea,
        error_messages={"max_length": f"What changed must be {MAX_NOTE:,} characters or fewer"},
    )


def _organisation_field(
    choices: Sequence[Organisation], *, label: str, message: str
) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[(each.pk, each.name) for each in choices],
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class _WithOrganisation(forms.Form):
    """A form naming one of the organisations offered; ``organisation`` is then the object."""

    organisation_label = "Organisation"
    organisation_message = "Choose the organisation"

    def __init__(self, *args: Any, organisations: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {each.pk: each for each in organisations}
        self.fields["organisation"] = _organisation_field(
            organisations, label=self.organisation_label, message=self.organisation_message
        )
        self.order_fields(["organisation"])

    @property
    def organisation(self) -> Organisation:
        return self.organisations[cast(int, self.cleaned_data["organisation"])]


class CommentForm(forms.Form):
    topic = forms.ChoiceField(
        label="What is your comment about?",
        choices=DraftComment.Topic.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what your comment is about",
            "invalid_choice": "Choose what your comment is about",
        },
    )
    where = forms.CharField(
        label="Where in the draft (optional)",
        help_text="The section, page or paragraph.",
        required=False,
        max_length=MAX_WHERE,
        error_messages={"max_length": f"Where must be {MAX_WHERE} characters or fewer"},
    )
    text = _text(
        "Your comment",
        required="Enter your comment",
        limit=MAX_TEXT,
        called="The comment",
        help_text="Use the case code and pseudonym, never a real name.",
    )

    def __init__(
        self, *args: Any, organisations: Sequence[Organisation] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {each.pk: each for each in organisations}
        if len(organisations) > 1:
            self.fields["organisation"] = _organisation_field(
                organisations,
                label="You comment for",
                message="Choose the organisation you comment for",
            )

    @property
    def organisation(self) -> Organisation | None:
        if "organisation" in self.cleaned_data:
            return self.organisations[cast(int, self.cleaned_data["organisation"])]
        if len(self.organisations) == 1:
            return next(iter(self.organisations.values()))
        return None


ANSWERS = [
    (DraftComment.Status.RESOLVED.value, "The draft was changed"),
    (DraftComment.Status.ANSWERED.value, "No change was made"),
]


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    status = forms.ChoiceField(
        label="Your answer",
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the draft was changed",
            "invalid_choice": "Choose whether the draft was changed",
        },
    )
    response = _text(
        "Your response",
        required="Enter your response to the comment",
        limit=MAX_TEXT,
        called="The response",
        help_text="What was changed, or why no change was made.",
    )


class PresentedForm(forms.Form):
    presented_on = GovukDateField(
        label="Date presented to the CSPR subgroup",
        required_message="Enter the date the draft was presented to the CSPR subgroup",
    )


class FinalForm(forms.Form):
    agreed_on = GovukDateField(
        label="Date the review panel agreed it",
        required_message="Enter the date the review panel agreed the final draft",
    )
    reason = forms.CharField(
        label="Why it is the final draft without everyone's agreement",
        help_text="Only while some of the review panel have not agreed it on its agreement page.",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )


class SignForm(_WithOrganisation):
    organisation_label = "You sign off for"
    organisation_message = "Choose the organisation you sign off for"


class OnBehalfForm(_WithOrganisation):
    organisation_label = "Organisation that signed off"
    organisation_message = "Choose the organisation that signed off"

    note = _text(
        "How it signed off",
        required="Say how the organisation signed off, for example by email and when",
        limit=MAX_NOTE,
        called="The note",
        help_text="For example: by email from the police strategic lead on 3 November.",
    )


__all__ = [
    "ANSWERS",
    "AnswerForm",
    "CommentForm",
    "FinalForm",
    "OnBehalfForm",
    "PresentedForm",
    "SignForm",
    "UploadDraftForm",
]
