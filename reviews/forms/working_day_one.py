"""Forms for working day 1 of a rapid review: period, timeline, requests, agencies, meeting.

The forms check what was typed (types, formats, choices from the lists offered); the rules of
the review (dates against the incident, who may answer for whom) are the actions' to keep,
and their refusals come back to the field they name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import Organisation, User
from reviews.forms.govuk_date import GovukDateField


def _typed_choices(field: forms.Field) -> forms.TypedChoiceField | forms.TypedMultipleChoiceField:
    if not isinstance(field, forms.TypedChoiceField | forms.TypedMultipleChoiceField):
        raise TypeError("Expected a typed choice field")
    return field


class PeriodForm(forms.Form):
    """Confirm the period under review (working day 1, with the CSPR subgroup chair)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    start = GovukDateField(
        label="Start of the period", required_message="Enter the date the period starts"
    )
    end = GovukDateField(
        label="End of the period", required_message="Enter the date the period ends"
    )
    chair = forms.TypedChoiceField(
        label="Who confirmed the period",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who confirmed the period under review",
            "invalid_choice": "Choose who confirmed the period from the list",
        },
    )
    confirmed_on = GovukDateField(
        label="Date confirmed", required_message="Enter the date the period was confirmed"
    )

    def __init__(self, *args: Any, chairs: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _typed_choices(self.fields["chair"]).choices = list(chairs)


class TimelineForm(forms.Form):
    """Confirm the timeline and its deadlines with the partners."""

    confirmed_on = GovukDateField(
        label="Date confirmed with the partners",
        required_message="Enter the date the timeline was confirmed with the partners",
    )


class SendRequestsForm(forms.Form):
    """Choose the statutory partners to ask, and for each the person who will answer."""

    organisations = forms.TypedMultipleChoiceField(
        label="Statutory partners to ask",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one statutory partner to ask",
            "invalid_choice": "Choose statutory partners from the list",
        },
    )
    due_on = GovukDateField(
        label="Date the information is due",
        required=False,
        past_only=False,
        help_text="The date for returning information has passed: set a new one.",
    )

    def __init__(
        self,
        *args: Any,
        organisations: Sequence[Organisation],
        people: Mapping[int, Sequence[User]],
        needs_due_date: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations_by_pk = {organisation.pk: organisation for organisation in organisations}
        self.people = people
        self.needs_due_date = needs_due_date
        self.fields["due_on"].required = needs_due_date
        _typed_choices(self.fields["organisations"]).choices = [
            (organisation.pk, organisation.name) for organisation in organisations
        ]
        for organisation in organisations:
            self.fields[self.contributor_field(organisation)] = forms.TypedChoiceField(
                label=f"Who will answer for {organisation.name}",
                coerce=int,
                required=False,
                choices=[("", "Choose a person"), *self._people_choices(organisation)],
                error_messages={
                    "invalid_choice": f"Choose a person who works at {organisation.name}"
                },
            )

    @staticmethod
    def contributor_field(organisation: Organisation) -> str:
        return f"contributor_{organisation.pk}"

    def _people_choices(self, organisation: Organisation) -> list[tuple[int, str]]:
        return [(user.pk, user.full_name) for user in self.people.get(organisation.pk, ())]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for pk in cleaned.get("organisations") or []:
            organisation = self.organisations_by_pk[pk]
            name = self.contributor_field(organisation)
            if name not in self.errors and not cleaned.get(name):
                self.add_error(name, f"Choose who will answer for {organisation.name}")
        return cleaned

    def contributors(self) -> dict[Organisation, User]:
        """Return each ticked organisation with the person chosen to answer for it."""
        chosen: dict[Organisation, User] = {}
        for pk in self.cleaned_data["organisations"]:
            organisation = self.organisations_by_pk[pk]
            wanted = self.cleaned_data[self.contributor_field(organisation)]
            chosen[organisation] = next(
                user for user in self.people[organisation.pk] if user.pk == wanted
            )
        return chosen


class AddAgencyForm(forms.Form):
    """Ask a further agency that a statutory partner named."""

    organisation = forms.TypedChoiceField(
        label="Agency",
        coerce=int,
        error_messages={
            "required": "Choose the agency to ask",
            "invalid_choice": "Choose an agency from the list",
        },
    )
    named_by = forms.TypedChoiceField(
        label="Statutory partner that named it",
        coerce=int,
        error_messages={
            "required": "Choose the statutory partner that named the agency",
            "invalid_choice": "Choose a statutory partner from the list",
        },
    )
    contributor = forms.TypedChoiceField(
        label="Who will answer for the agency",
        coerce=int,
        error_messages={
            "required": "Choose who will answer for the agency",
            "invalid_choice": "Choose a person from the list",
        },
    )
    due_on = GovukDateField(
        label="Date the information is due",
        required=False,
        past_only=False,
        help_text="The date for returning information has passed: set a new one.",
    )

    def __init__(
        self,
        *args: Any,
        agencies: Sequence[Organisation],
        partners: Sequence[Organisation],
        people: Mapping[int, Sequence[User]],
        needs_due_date: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {agency.pk: agency for agency in agencies}
        self.partners = {partner.pk: partner for partner in partners}
        self.people = people
        self.needs_due_date = needs_due_date
        self.fields["due_on"].required = needs_due_date
        _typed_choices(self.fields["organisation"]).choices = [
            ("", "Choose an agency"),
            *((agency.pk, agency.name) for agency in agencies),
        ]
        _typed_choices(self.fields["named_by"]).choices = [
            ("", "Choose a statutory partner"),
            *((partner.pk, partner.name) for partner in partners),
        ]
        _typed_choices(self.fields["contributor"]).choices = [
            ("", "Choose a person"),
            *(
                (user.pk, f"{user.full_name} ({agency.name})")
                for agency in agencies
                for user in people.get(agency.pk, ())
            ),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        agency_pk, person_pk = cleaned.get("organisation"), cleaned.get("contributor")
        if agency_pk is not None and person_pk is not None:
            agency = self.agencies[agency_pk]
            if person_pk not in {user.pk for user in self.people.get(agency_pk, ())}:
                self.add_error("contributor", f"Choose someone who works at {agency.name}")
        return cleaned

    @property
    def agency(self) -> Organisation:
        return self.agencies[self.cleaned_data["organisation"]]

    @property
    def partner(self) -> Organisation:
        return self.partners[self.cleaned_data["named_by"]]

    @property
    def person(self) -> User:
        pk = self.cleaned_data["contributor"]
        return next(user for user in self.people[self.agency.pk] if user.pk == pk)


LONDON = ZoneInfo("Europe/London")
DURATIONS = [(30, "30 minutes"), (60, "1 hour"), (90, "1 hour 30 minutes"), (120, "2 hours")]
DURATIONS += [(150, "2 hours 30 minutes"), (180, "3 hours"), (240, "4 hours")]


class MeetingForm(forms.Form):
    """Arrange (or change) the working day 11 decision meeting and choose who to invite."""

    # 0 while no meeting exists yet; afterwards the meeting's version (optimistic concurrency).
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1
    )
    date = GovukDateField(
        label="Date of the meeting",
        required_message="Enter the date of the meeting",
        past_only=False,
    )
    start_time = forms.TimeField(
        label="Start time",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text="Use the 24-hour clock, for example 14:00.",
        error_messages={
            "required": "Enter the start time of the meeting",
            "invalid": "Enter the start time in the 24-hour clock, for example 14:00",
        },
    )
    duration_minutes = forms.TypedChoiceField(
        label="How long it lasts",
        coerce=int,
        choices=DURATIONS,
        initial=90,
        error_messages={
            "required": "Choose how long the meeting lasts",
            "invalid_choice": "Choose how long the meeting lasts from the list",
        },
    )
    location = forms.CharField(
        label="Place",
        required=False,
        max_length=300,
        help_text="For example, Room 2, County Hall. Leave empty if the meeting is online only.",
        error_messages={"max_length": "Place must be 300 characters or fewer"},
    )
    online_link = forms.URLField(
        label="Online meeting link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="The https:// link to join, if people can join online.",
        error_messages={
            "invalid": "Enter the online meeting link as a web address starting https://",
            "max_length": "Online meeting link must be 500 characters or fewer",
        },
    )
    invitees = forms.TypedMultipleChoiceField(
        label="Who to invite",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one person to invite",
            "invalid_choice": "Choose people to invite from the list",
        },
    )

    def __init__(self, *args: Any, people: Sequence[tuple[User, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {user.pk: user for user, _label in people}
        _typed_choices(self.fields["invitees"]).choices = [
            (user.pk, f"{user.full_name} ({parts})") for user, parts in people
        ]

    def clean_online_link(self) -> str:
        link: str = self.cleaned_data["online_link"]
        if link and not link.lower().startswith("https://"):
            raise ValidationError("Online meeting link must start with https://")
        return link

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            "location" not in self.errors
            and "online_link" not in self.errors
            and not cleaned.get("location", "").strip()
            and not cleaned.get("online_link")
        ):
            self.add_error("location", "Enter a place for the meeting, an online link, or both")
        return cleaned

    def starts_at(self) -> dt.datetime:
        """Return the start as a moment in UK time."""
        return dt.datetime.combine(
            self.cleaned_data["date"], self.cleaned_data["start_time"], tzinfo=LONDON
        )

    def chosen_invitees(self) -> list[User]:
        return [self.people[pk] for pk in self.cleaned_data["invitees"]]
