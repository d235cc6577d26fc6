"""The questions of a serious incident notification, one a page, and the checks between its
dates (reviews.forms.notification.fields says how every field speaks)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from reviews import moment
from reviews.dates_in_words import long_date
from reviews.forms.govuk_date import GovukDateField
from reviews.forms.notification.fields import ErrorsInFieldOrder, choice_field, text_field
from reviews.models import AbuseOrNeglect, Criterion, Harm, Plan, Sex
from reviews.reads.notification import age_on

MAX_AGE_YEARS = 25  # the model's own limit (care leavers are supported up to 25)
ADULT_AGE = 18  # an age from here asks for confirmation
YES_NO = [("yes", "Yes"), ("no", "No")]


class ChildForm(ErrorsInFieldOrder):
    """One child the notification covers."""

    pseudonym = text_field(
        "Pseudonym",
        max_length=100,
        required="Enter a pseudonym for the child",
        hint="How the child is referred to in this review, for example Child A. Never a real name.",
        name_like=True,
    )
    real_name = text_field(
        "Real name (optional)",
        max_length=200,
        hint="Kept apart from the review: only the business team can see it, and every look is "
        "logged.",
        name_like=True,
    )
    age_years = forms.IntegerField(
        label="Age in years",
        required=False,
        min_value=0,
        max_value=MAX_AGE_YEARS,
        help_text="At the time of the incident. Leave empty if you give the date of birth.",
        error_messages={
            "invalid": "Age must be a whole number of years, like 7",
            "min_value": "Age must be 0 or more",
            "max_value": f"Age must be {MAX_AGE_YEARS} or less",
        },
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        help_text="If you know it. It is kept with the real name, not in the review; the age at "
        "the incident is worked out from it. For example, 27 3 2015.",
    )
    sex = choice_field("Sex", Sex.choices, required="Select the child's sex")
    ethnicity = text_field(
        "Ethnicity (optional)", max_length=100, hint="As recorded by the local authority."
    )
    disability = text_field(
        "Disability (optional)", max_length=300, hint="Any disability or special educational need."
    )
    looked_after = choice_field(
        "Was the child looked after by the local authority?",
        YES_NO,
        required="Select yes if the child was looked after by the local authority",
    )
    plan = choice_field(
        "Was the child on a plan?", Plan.choices, required="Select the child's plan, if any"
    )
    # Shown with the error once the age is 18 or over: the review is about a child, so an adult's
    # age is more often a typing mistake (a care leaver's review is the exception).
    confirm_age = forms.BooleanField(
        label="Yes, the age is right: they were 18 or over at the incident", required=False
    )

    def __init__(
        self,
        *args: Any,
        taken: frozenset[str] = frozenset(),
        incident_date: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.taken = {name.casefold() for name in taken}
        self.incident_date = incident_date
        self.adult_age: int | None = None  # the age, once it is 18 or over

    def clean_pseudonym(self) -> str:
        pseudonym: str = self.cleaned_data["pseudonym"].strip()
        if pseudonym.casefold() in self.taken:
            raise forms.ValidationError(f"Another child is already called {pseudonym}")
        return pseudonym

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        age, born = data.get("age_years"), data.get("date_of_birth")
        if "age_years" in data and "date_of_birth" in data:
            if age is None and born is None:
                self.add_error("age_years", "Enter the child's age or their date of birth")
            elif age is not None and born is not None:
                self.add_error(
                    "age_years", "Enter the child's age or their date of birth, not both"
                )
            else:
                self._check_adult(data, age, born)
        return data

    def _check_adult(self, data: dict[str, Any], age: int | None, born: dt.date | None) -> None:
        """Ask for confirmation of an age of 18 or over (at the incident, or today while the
        incident date is not yet given: an age today of under 18 was under 18 then too)."""
        if born is not None:
            age = age_on(born, self.incident_date or moment.today())
        if age is None or age < ADULT_AGE:
            return
        self.adult_age = age
        if not data.get("confirm_age"):
            field = "age_years" if born is None else "date_of_birth"
            self.add_error(
                field,
                f"The child would be {age}, which is 18 or over: check the "
                f"{'age' if born is None else 'date of birth'}, or confirm it is right",
            )


class AddAnotherChildForm(forms.Form):
    add_another = choice_field(
        "Do you need to add another child?",
        YES_NO,
        required="Select yes if you need to add another child",
    )


class RemoveChildForm(forms.Form):
    confirm = choice_field(
        "Are you sure you want to remove this child?",
        YES_NO,
        required="Select yes if you want to remove this child",
    )


class IncidentDateForm(forms.Form):
    incident_date = GovukDateField(
        label="Date of the incident",
        required_message="Enter the date of the incident",
        help_text="The day the child died or was seriously harmed. For example, 27 3 2026.",
    )


class HarmForm(forms.Form):
    harm = choice_field(
        "Did the child die or were they seriously harmed?",
        Harm.choices,
        required="Select whether the child died or was seriously harmed",
    )


class CriterionForm(forms.Form):
    criterion = choice_field(
        "Which statutory criterion does the notification meet?",
        Criterion.choices,
        required="Select which statutory criterion the notification meets",
        hint="The duty to notify is in the Children Act 2004, section 16C; the rapid review "
        "follows under Working Together to Safeguard Children 2023, chapter 5.",
    )


class AbuseOrNeglectForm(forms.Form):
    abuse_or_neglect = choice_field(
        "Is abuse or neglect known or suspected?",
        AbuseOrNeglect.choices,
        required="Select whether abuse or neglect is known or suspected",
    )


def reason_field() -> forms.CharField:
    field = text_field(
        "Why does the review go ahead?",
        max_length=5000,
        required="Enter why the review goes ahead although no statutory criterion is met",
        hint="Recorded with the review and shown with the notification.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    field.validators.append(_long_enough)
    return field


def _long_enough(value: str) -> None:
    if len(value.strip()) < 10:  # noqa: PLR2004  a reason of a few words, not "x"
        raise forms.ValidationError("Reason must be at least 10 characters", code="min_length")


class ProceedReasonForm(forms.Form):
    proceed_reason = reason_field()


class DatesForm(ErrorsInFieldOrder):
    """The three dates of the notification, checked against each other and the incident."""

    la_aware_on = GovukDateField(
        label="Date the local authority became aware",
        help_text="For example, 2 3 2026.",
    )
    panel_notified_on = GovukDateField(
        label="Date the local authority notified the National Panel",
        help_text="The law asks for this within 5 working days of becoming aware.",
    )
    partnership_told_on = GovukDateField(
        label="Date the local authority told the partnership",
        help_text="The date the partnership received the notification.",
    )

    def __init__(self, *args: Any, incident_date: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.incident_date = incident_date

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for message, field in dates_problems(
            incident_date=self.incident_date,
            la_aware_on=data.get("la_aware_on"),
            panel_notified_on=data.get("panel_notified_on"),
            partnership_told_on=data.get("partnership_told_on"),
        ):
            self.add_error(field, message)
        return data


def dates_problems(
    *,
    incident_date: dt.date | None,
    la_aware_on: dt.date | None,
    panel_notified_on: dt.date | None,
    partnership_told_on: dt.date | None,
) -> list[tuple[str, str]]:
    """Say what is wrong between the dates, as (message, field) pairs."""
    problems: list[tuple[str, str]] = []
    if la_aware_on is None:
        return problems
    if incident_date is not None and incident_date > la_aware_on:
        problems.append(
            (
                "Date the local authority became aware must be the same as or after the date "
                f"of the incident, {long_date(incident_date)}",
                "la_aware_on",
            )
        )
    if panel_notified_on is not None and panel_notified_on < la_aware_on:
        problems.append(
            (
                "Date the local authority notified the National Panel must be the same as or "
                "after the date it became aware",
                "panel_notified_on",
            )
        )
    if partnership_told_on is not None and partnership_told_on < la_aware_on:
        problems.append(
            (
                "Date the local authority told the partnership must be the same as or after "
                "the date it became aware",
                "partnership_told_on",
            )
        )
    return problems
