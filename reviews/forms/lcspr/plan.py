"""The LCSPR's plan: a planned date for each step with no statutory deadline, in one form.

The fields are the plan's steps (reads.lcspr.plan.plan_for), each a GOV.UK date input that
may be left empty; the dates' rules are the action's (actions.lcspr.planning.plan).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms

from reviews.forms.govuk_date import GovukDateField
from reviews.reads.lcspr.plan import PlannedStep

MAX_INT = 2**31 - 1


class PlanForm(forms.Form):
    """One optional date per planned step, and the plan's version the form started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_INT)

    def __init__(self, *args: Any, plan: Sequence[PlannedStep], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        for row in plan:
            self.fields[row.field] = GovukDateField(
                label=f"“{row.title}” planned for", required=False, past_only=False
            )

    def planned(self) -> dict[str, dt.date | None]:
        """The dates entered, by step key (None: no planned date)."""
        return {row.key: self.cleaned_data.get(row.field) for row in self.plan}
