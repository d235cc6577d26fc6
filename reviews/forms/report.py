"""Forms of the rapid review report page: uploading a version, approving, sending back, comparing.

An approval names the version twice, by its id and its number, so that what the person read is
what they approve: a page left open while a newer version was added is refused, not applied to
the newer one (reviews.actions.report).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from reviews.reads.report import Signatory

LARGEST_ID = 2**31 - 1
MAX_TEXT = 5000


def signatory_code(signatory: Signatory) -> str:
    """The value a form posts for a part in the chain: "subgroup-chair", "partner-12"."""
    if signatory.organisation is not None:
        return f"partner-{signatory.organisation.pk}"
    return str(signatory.role)


class UploadReportForm(forms.Form):
    file = forms.FileField(
        label="Upload the edited report",
        allow_empty_file=True,  # an empty file gets the service's own message
        max_length=1000,
        error_messages={
            "required": "Select the edited report",
            "invalid": "The selected file could not be read. Try again",
            "missing": "Select the edited report",
            "max_length": "The selected file's name is too long. Rename it and try again",
        },
    )
    note = forms.CharField(
        label="What changed in this version",
        help_text="For example: amended with the partners' decision of 23 March. Use the case "
        "code and pseudonym, never a real name.",
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what changed in this version",
            "max_length": f"What changed must be {MAX_TEXT:,} characters or fewer",
        },
    )


class ApprovalForm(forms.Form):
    """Approve one version in one of the parts the person holds."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=LARGEST_ID,
        error_messages={
            "required": "Choose the version of the report",
            "invalid": "Choose the version of the report",
            "min_value": "Choose the version of the report",
            "max_value": "Choose the version of the report",
        },
    )
    number = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=LARGEST_ID,
        error_messages={
            "required": "Choose the version of the report",
            "invalid": "Choose the version of the report",
            "min_value": "Choose the version of the report",
            "max_value": "Choose the version of the report",
        },
    )
    role = forms.ChoiceField(
        label="You sign as",
        required=False,
        error_messages={"invalid_choice": "Choose the part you sign the report in"},
    )

    def __init__(self, *args: Any, signatories: Sequence[Signatory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signatories = {signatory_code(each): each for each in signatories}
        role = cast(forms.ChoiceField, self.fields["role"])
        role.choices = [(code, each.as_role) for code, each in self.signatories.items()]

    def clean_role(self) -> str:
        code = str(self.cleaned_data.get("role") or "")
        if not code and len(self.signatories) == 1:
            return next(iter(self.signatories))
        if not code:
            raise forms.ValidationError("Choose the part you sign the report in")
        return code

    @property
    def signatory(self) -> Signatory:
        return self.signatories[self.cleaned_data["role"]]


class SendBackForm(ApprovalForm):
    reason = forms.CharField(
        label="Why are you sending it back?",
        help_text="Say what must change. The business team reads this on the report page.",
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why you are sending the report back",
            "max_length": f"The reason must be {MAX_TEXT:,} characters or fewer",
        },
    )


class CompareForm(forms.Form):
    """Which two versions to compare: ``?from=2&to=3``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these fields cannot be declared as class attributes.
        for name, label in (("from", "Compare version"), ("to", "with version")):
            self.fields[name] = forms.IntegerField(
                label=label,
                min_value=1,
                max_value=LARGEST_ID,
                error_messages={
                    "required": f"Choose the version to compare {name}",
                    "invalid": f"Choose the version to compare {name}",
                    "min_value": f"Choose the version to compare {name}",
                    "max_value": f"Choose the version to compare {name}",
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from") is not None and data.get("from") == data.get("to"):
            self.add_error("to", "Choose two different versions to compare")
        return data


__all__ = [
    "ApprovalForm",
    "CompareForm",
    "SendBackForm",
    "UploadReportForm",
    "signatory_code",
]
