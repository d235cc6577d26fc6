"""What the Panel page shows of each round of "more information needed" and of the
extensions agreed with the Panel, with the default forms for someone who acts (the posts are
reviews.views.panel.information)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.forms import Form

from reviews import moment
from reviews.forms.panel import (
    InformationRequestForm,
    PanelExtensionForm,
    ResponseSentForm,
    ResubmittedForm,
    SuppliedForm,
)
from reviews.models import Extension, InformationRound, PanelResponse, Review
from reviews.models.calendar import working_calendar_for
from reviews.process import RuleSettings
from reviews.schedule import Schedule

REQUEST_LABELS = {
    "requested_on": "Date the request was received",
    "asks": "What the Panel asks for",
    "due_on": "Date the information is due by",
    "supplied_on": "Date the information was supplied",
    "resubmitted_on": "Date the review was resubmitted",
}


@dataclass(frozen=True)
class RoundRow:
    """One round as the page shows it, with its tag (a state of reviews/steps/_state.html)."""

    round: InformationRound
    state: str


def round_state(each: InformationRound, today: dt.date, soon: dt.date) -> str:
    """Done once the information is supplied (late when after its due date); otherwise
    overdue, due today, due soon or not yet due, as every due item is tagged."""
    if each.supplied_on is not None:
        return "done-late" if each.supplied_on > each.due_on else "done-on-time"
    if each.due_on < today:
        return "overdue"
    if each.due_on == today:
        return "due-today"
    return "due-soon" if each.due_on <= soon else "not-yet-due"


def extension_steps(schedule: Schedule) -> list[tuple[str, str]]:
    """The steps whose deadline the Panel may agree to extend: not done, with a due date."""
    return [
        (step.key, f"{step.title}" + (" (national)" if step.plan.national else ""))
        for step in schedule.steps
        if step.completed is None and step.due is not None
    ]


def round_prefix(number: int) -> str:
    """The prefix of one round's forms: several rounds' forms share the page."""
    return f"round-{number}"


def _round_forms(rounds: list[InformationRound]) -> dict[str, Form]:
    forms: dict[str, Form] = {}
    for each in rounds:
        prefix = round_prefix(each.number)
        forms[f"request-{each.number}"] = InformationRequestForm(
            prefix=prefix,
            initial={
                "version": each.version,
                "requested_on": each.requested_on,
                "asks": each.asks,
                "due_on": each.due_on,
            },
        )
        forms[f"supplied-{each.number}"] = SuppliedForm(
            prefix=prefix, initial={"version": each.version, "supplied_on": each.supplied_on}
        )
        if each.supplied_on is not None:
            forms[f"resubmitted-{each.number}"] = ResubmittedForm(
                prefix=prefix,
                initial={"version": each.version, "resubmitted_on": each.resubmitted_on},
            )
    return forms


def panel_extras(
    review: Review, schedule: Schedule, response: PanelResponse | None, *, acting: bool
) -> tuple[dict[str, Any], dict[str, Form]]:
    """What the page shows of the rounds and the agreed extensions, and the default forms
    for someone who acts."""
    today = moment.today()
    partnership = review.partnership
    soon = working_calendar_for(partnership).add_working_days(
        today, RuleSettings.of(partnership).due_soon_working_days
    )
    rounds = list(InformationRound.objects.filter(review=review).select_related("recorded_by"))
    asked = response is not None and response.more_information_needed
    can_ask = asked and (not rounds or rounds[-1].resubmitted_on is not None)
    forms: dict[str, Form] = {}
    steps = extension_steps(schedule)
    if acting:
        forms.update(_round_forms(rounds))
        if can_ask:
            forms["information"] = InformationRequestForm(initial={"version": 0})
        forms["response_sent"] = ResponseSentForm()
        if steps:
            forms["extension"] = PanelExtensionForm(steps=steps)
    context = {
        "rounds": [RoundRow(each, round_state(each, today, soon)) for each in rounds],
        "more_information_asked": asked,
        "agreed_extensions": list(
            Extension.objects.filter(review=review, agreed_with_panel=True).select_related(
                "granted_by"
            )
        ),
        "step_titles": {step.key: step.title for step in schedule.steps},
    }
    return context, forms
