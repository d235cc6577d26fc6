"""The GOV.UK date input as a Django form field: day, month and year in three boxes.

Posted as ``<name>-day``, ``<name>-month`` and ``<name>-year``, as the Design System's
``govukDateInput`` names them. The messages follow the Design System's pattern for dates:
"Enter ...", "... must include a month", "... must be a real date", "... must be today or in
the past". Render with the ``date_input`` macro of reviews/jinja2/reviews/notification/_fields.html.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict

from reviews import moment

PARTS = ("day", "month", "year")
_DIGITS = re.compile(r"^\d{1,4}$")
_EARLIEST_YEAR = 1900


class DatePartsWidget(forms.Widget):
    """Read the three boxes of a GOV.UK date input; rendering is left to the Jinja macro."""

    def value_from_datadict(
        self, data: Mapping[str, Any], files: MultiValueDict[str, UploadedFile[Any]], name: str
    ) -> dict[str, str]:
        return {part: str(data.get(f"{name}-{part}", "")).strip()[:20] for part in PARTS}

    def value_omitted_from_data(
        self, data: Mapping[str, Any], files: MultiValueDict[str, UploadedFile[Any]], name: str
    ) -> bool:
        return not any(f"{name}-{part}" in data for part in PARTS)


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with messages that name the date.

    ``label`` is the date's name at the start of a sentence ("Date of birth"), ``required``
    the message for nothing entered ("Enter the date of birth"). ``past_only`` refuses a date
    after today.
    """

    widget = DatePartsWidget

    def __init__(
        self,
        *,
        label: str,
        required_message: str | None = None,
        past_only: bool = True,
        **kwargs: Any,
    ) -> None:
        self.past_only = past_only
        messages = {"required": required_message or f"Enter the {label.lower()}"}
        super().__init__(label=label, error_messages=messages, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, Mapping):
            return None
        parts = {part: str(value.get(part, "") or "").strip() for part in PARTS}
        if not any(parts.values()):
            return None
        name = str(self.label)
        missing = [part for part in PARTS if not parts[part]]
        if missing:
            raise forms.ValidationError(
                f"{name} must include a {' and a '.join(missing)}", code="incomplete"
            )
        if not all(_DIGITS.match(parts[part]) for part in PARTS):
            raise forms.ValidationError(f"{name} must be a real date", code="invalid")
        if len(parts["year"]) != 4:  # noqa: PLR2004  a year is written in full
            raise forms.ValidationError(f"Year in {name.lower()} must include 4 numbers")
        try:
            day = dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid") from None
        if day.year < _EARLIEST_YEAR:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid")
        return day

    def validate(self, value: Any) -> None:
        super().validate(value)
        if self.past_only and isinstance(value, dt.date) and value > moment.today():
            raise forms.ValidationError(f"{self.label} must be today or in the past", code="future")
