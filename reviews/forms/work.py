"""Everyone's work: the filters, sent as a GET form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator


class WorkFilterForm(forms.Form):
    """Filter the partnership's work by the person or organisation who acts, or a case code.
    The choices are the people and organisations the list names."""

    person = forms.TypedChoiceField(
        label="Person",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a person from the list"},
    )
    organisation = forms.TypedChoiceField(
        label="Organisation",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an organisation from the list"},
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

    def __init__(
        self,
        *args: Any,
        people: list[tuple[int, str]],
        organisations: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Everyone"), *people]  # type: ignore[attr-defined]
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", "Every organisation"),
            *organisations,
        ]
