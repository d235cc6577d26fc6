"""Forms for an LCSPR's itinerary, participants, learning events and the feedback page.

The forms check what was typed (types, lengths, choices from the lists offered); the rules
(dates against the review, who may be invited) are the actions' to keep, and their refusals
come back to the field they name (reviews.actions.lcspr).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from reviews.calendar_files import learning_event_name
from reviews.forms.govuk_date import GovukDateField
from reviews.models import DRAFT_ITINERARY, EventKind, Participant
from reviews.reads.lcspr.events import field_for

LONDON = ZoneInfo("Europe/London")
TEXT_LIMIT = 10_000
ANSWER_LIMIT = 5000
DURATIONS = [
    (60, "1 hour"),
    (90, "1 hour 30 minutes"),
    (120, "2 hours"),
    (180, "3 hours"),
    (240, "4 hours"),
    (360, "6 hours"),
]


def _version(*, minimum: int = 1) -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=minimum, max_value=2**31 - 1)


def _text(
    label: str, *, limit: int = TEXT_LIMIT, required: bool = False, called: str = "", **kw: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea,
        error_messages={
            "required": f"Enter {(called or label).lower()}",
            "max_length": f"{called or label} must be {limit:,} characters or fewer",
        },
        **kw,
    )


def _choices(field: forms.Field) -> forms.TypedChoiceField | forms.TypedMultipleChoiceField:
    if not isinstance(field, forms.TypedChoiceField | forms.TypedMultipleChoiceField):
        raise TypeError("Expected a typed choice field")
    return field


class DraftItineraryForm(forms.Form):
    """A planned date for each item of the draft itinerary (fields named by field_for(kind))."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in DRAFT_ITINERARY:
            name = learning_event_name(kind)
            self.fields[field_for(kind)] = GovukDateField(
                label=name[:1].upper() + name[1:],
                required_message=f"Enter the planned date of the {name}",
                past_only=False,
            )

    def planned(self) -> dict[str, dt.date]:
        return {kind: self.cleaned_data[field_for(kind)] for kind in DRAFT_ITINERARY}


class AddItemForm(forms.Form):
    kind = forms.ChoiceField(
        label="What to add",
        choices=EventKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what to add to the itinerary",
            "invalid_choice": "Choose what to add from the list",
        },
    )
    planned_on = GovukDateField(
        label="Planned date",
        required_message="Enter the planned date",
        past_only=False,
    )


class PlannedDateForm(forms.Form):
    version = _version()
    planned_on = GovukDateField(
        label="Planned date", required_message="Enter the planned date", past_only=False
    )


class ConfirmItineraryForm(forms.Form):
    confirmed_on = GovukDateField(
        label="Date the review panel confirmed the itinerary",
        required_message="Enter the date the review panel confirmed the itinerary",
    )
    adjustments = _text(
        "Adjustments the panel made (optional)",
        called="Adjustments",
        help_text="For example an event moved, added or dropped.",
    )
    sensitivities = _text(
        "Sensitivities the panel noted (optional)",
        called="Sensitivities",
        help_text="For example a practitioner under investigation or bereaved. No child's name.",
    )


class ParticipantForm(forms.Form):
    kind = forms.ChoiceField(
        label="Who they are",
        choices=Participant.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who the participant is",
            "invalid_choice": "Choose who the participant is from the list",
        },
    )
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={
            "required": "Enter the participant's name",
            "max_length": "Name must be 200 characters or fewer",
        },
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "Job title must be 200 characters or fewer"},
    )
    organisation = forms.TypedChoiceField(
        label="Organisation (optional)",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        help_text="Invitations and the feedback link are sent here.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    sensitive = forms.BooleanField(
        label="Their involvement is sensitive",
        required=False,
        help_text="For example a practitioner under investigation or bereaved.",
    )
    sensitivity_note = _text(
        "Why it is sensitive",
        limit=2000,
        help_text="Only the review team (business team and author) can read this.",
    )
    support_in_place = forms.BooleanField(label="Support is in place", required=False)

    def __init__(self, *args: Any, organisations: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["organisation"]).choices = [
            ("", "Not from an organisation"),
            *organisations,
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("sensitive") and not cleaned.get("sensitivity_note", "").strip():
            self.add_error("sensitivity_note", "Say why the participant's involvement is sensitive")
        return cleaned


class ChangeParticipantForm(ParticipantForm):
    version = _version()


class BriefedForm(forms.Form):
    briefed_on = GovukDateField(
        label="Date briefed", required_message="Enter the date the participants were briefed"
    )
    note = _text("Note (optional)", called="Note", limit=5000)


class CompleteEventsForm(forms.Form):
    completed_on = GovukDateField(
        label="Date the learning events were completed",
        required_message="Enter the date the learning events were completed",
    )


class ArrangeEventForm(forms.Form):
    version = _version()
    date = GovukDateField(
        label="Date of the event", required_message="Enter the date of the event", past_only=False
    )
    start_time = forms.TimeField(
        label="Start time",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text="Use the 24-hour clock, for example 09:30.",
        error_messages={
            "required": "Enter the start time of the event",
            "invalid": "Enter the start time in the 24-hour clock, for example 09:30",
        },
    )
    duration_minutes = forms.TypedChoiceField(
        label="How long it lasts",
        coerce=int,
        choices=DURATIONS,
        initial=180,
        error_messages={
            "required": "Choose how long the event lasts",
            "invalid_choice": "Choose how long the event lasts from the list",
        },
    )
    location = forms.CharField(
        label="Place",
        max_length=300,
        help_text="For example, Room 4, Wexmoor Civic Centre.",
        error_messages={
            "required": "Enter where the event takes place",
            "max_length": "Place must be 300 characters or fewer",
        },
    )
    areas_to_explore = _text(
        "Areas of learning to explore",
        help_text="One a line. Sent to the participants with their invitation: no names.",
    )
    invitees = forms.TypedMultipleChoiceField(
        label="Who to invite",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one participant to invite",
            "invalid_choice": "Choose participants to invite from the list",
        },
    )

    def __init__(self, *args: Any, people: Sequence[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        _choices(self.fields["invitees"]).choices = [
            (person.pk, f"{person.name} ({person.get_kind_display().lower()})") for person in people
        ]

    def starts_at(self) -> dt.datetime:
        """Return the start as a moment in UK time."""
        return dt.datetime.combine(
            self.cleaned_data["date"], self.cleaned_data["start_time"], tzinfo=LONDON
        )

    def chosen(self) -> list[Participant]:
        return [self.people[pk] for pk in self.cleaned_data["invitees"]]


class HeldForm(forms.Form):
    version = _version()
    held_on = GovukDateField(
        label="Date held", required_message="Enter the date the event was held"
    )
    attended = forms.TypedMultipleChoiceField(
        label="Who attended",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave unticked anyone invited who did not attend.",
        error_messages={"invalid_choice": "Choose people who were invited"},
    )
    notes = _text("Notes (optional)", called="Notes")

    def __init__(self, *args: Any, invited: Sequence[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["attended"]).choices = [(person.pk, person.name) for person in invited]


class FeedbackForm(forms.Form):
    """The participant's answers, on the public page: short, and at least one given."""

    what_helped = _text(
        "What helped you and others work with the family?",
        limit=ANSWER_LIMIT,
        called="Your answer on what helped",
    )
    what_got_in_the_way = _text(
        "What got in the way?", limit=ANSWER_LIMIT, called="Your answer on what got in the way"
    )
    learning = _text(
        "What learning will you take from the event?",
        limit=ANSWER_LIMIT,
        called="Your answer on learning",
    )
    support_needed = _text(
        "Is there any support you need after the event? (optional)",
        limit=ANSWER_LIMIT,
        called="Your answer on support",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answered = any(
            str(cleaned.get(name, "")).strip()
            for name in ("what_helped", "what_got_in_the_way", "learning")
        )
        if not self.errors and not answered:
            self.add_error("what_helped", "Answer at least one of the first three questions")
        return cleaned
