"""The fields every notification form builds on, also used by other topics' forms.

Every message names the field and says what to do. Free text refuses HTML tags: nothing typed
here is ever shown as markup, and a tag in a pseudonym or an authority's name is a mistake or
an attack, so the person is told rather than the text silently kept.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.forms.utils import ErrorDict

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
# Names and pseudonyms: letters (any alphabet), digits, spaces and ordinary punctuation.
_NAME = "^[\\w\\s'\u2019.,()&-]+$"


def no_tags(label: str) -> RegexValidator:
    return RegexValidator(
        _TAG,
        inverse_match=True,
        message=f"{label} must not include HTML tags such as <script>",
        code="tags",
    )


def text_field(
    label: str,
    *,
    max_length: int,
    required: str | None = None,
    hint: str = "",
    name_like: bool = False,
    widget: type[forms.Widget] | forms.Widget | None = None,
) -> forms.CharField:
    """Make a text field whose every message names it ("Pseudonym must be ...")."""
    name = label.removesuffix(" (optional)")
    # A name's characters are limited anyway; a tag is named as such, once.
    validators = [no_tags(name)]
    if name_like:
        validators.append(
            RegexValidator(
                f"{_TAG.pattern}|{_NAME}",
                message=f"{name} must only include letters, numbers, spaces, hyphens, "
                "apostrophes, full stops, commas, brackets and ampersands",
                code="characters",
            )
        )
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=max_length,
        help_text=hint,
        widget=widget,
        validators=validators,
        error_messages={
            "required": required or "",
            "max_length": f"{name} must be {max_length:,} characters or fewer",
            "null_characters_not_allowed": f"{name} must not include null characters",
        },
    )


class ErrorsInFieldOrder(forms.Form):
    """List errors in the order of the fields, as the error summary should, even those found
    by ``clean()`` after every field's own checks."""

    _errors: ErrorDict | None

    def full_clean(self) -> None:
        super().full_clean()
        if self._errors:
            order = {name: index for index, name in enumerate(self.fields)}
            ordered = sorted(self._errors.items(), key=lambda item: order.get(item[0], -1))
            self._errors = ErrorDict(ordered, renderer=self.renderer)


def choice_field(label: str, choices: Any, *, required: str, hint: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        help_text=hint,
        error_messages={"required": required, "invalid_choice": required},
    )
