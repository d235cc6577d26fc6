"""The period of the statistics page, sent as GET forms: a financial year from a list, or any
start and end dates typed in GOV.UK date inputs. Each error names its field and the problem."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from django import forms

from reviews.forms.govuk_date import GovukDateField
from reviews.reads.statistics import Period
from reviews.reads.statistics.tables import EARLIEST, LATEST, LONGEST

FIRST_YEAR: Final = 2018  # rapid reviews and CSPRs began with Working Together 2018


def year_choices(today: dt.date, chosen: int | None = None) -> list[tuple[int, str]]:
    """Every financial year from 2018 to this one, newest first (and the chosen one, if older)."""
    latest = Period.financial_year_of(today).start.year
    years = set(range(FIRST_YEAR, latest + 1)) | ({chosen} if chosen else set())
    return [(year, Period.financial_year(year).label) for year in sorted(years, reverse=True)]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages={
            "required": "Choose a financial year",
            "invalid_choice": "Choose a financial year from the list",
        },
    )

    def __init__(self, *args: Any, today: dt.date, chosen: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(today, chosen)  # type: ignore[attr-defined]


class DatesForm(forms.Form):
    """Any period: both dates included, at most ten years long."""

    start = GovukDateField(label="Start date", past_only=False)
    end = GovukDateField(label="End date", past_only=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        for name, day in (("start", start), ("end", end)):
            if isinstance(day, dt.date) and not EARLIEST <= day <= LATEST:
                label = self.fields[name].label or name
                self.add_error(name, f"{label} must be between 2000 and 2100")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and not self.errors:
            if end < start:
                self.add_error("end", "End date must be the same as or after the start date")
            elif end - start > LONGEST:
                self.add_error("end", "End date must be at most 10 years after the start date")
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])
