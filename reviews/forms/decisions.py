"""Forms for the partners' decisions (working day 9) and the decision meeting (working day 11).

The forms check what was typed (answers from the choices offered, text present and not too
long); the rules of the review (who speaks for whom, who attended) are the actions' to keep,
and their refusals come back to the field they name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from accounts.models import Organisation, User
from reviews.actions.decisions import (
    QUESTIONS,
    RATIONALES,
    TEXT_LIMIT,
    Presence,
    choose_answer,
    enter_rationale,
    too_long,
)
from reviews.forms.govuk_date import GovukDateField
from reviews.models import LCSPR_CRITERIA, Answer, JointDecision

LARGEST_VERSION: Final = 2**31 - 1
# The legend of each question a partner answers, and a hint under it.
LEGENDS: Final[dict[str, tuple[str, str]]] = {
    **{
        prefix: (
            f"Does the case meet {QUESTIONS[prefix]}?",
            "Regulation 11{}: {}".format(*words.split(" ", 1)),
        )
        for prefix, words in LCSPR_CRITERIA
    },
    "lcspr_criteria_met": (
        "Are the criteria for a local child safeguarding practice review met?",
        "Meeting the criteria does not force a review: say what you think should happen and why.",
    ),
    "national_criteria_may_be_met": (
        "May the case need a national review?",
        "For example, improvements needed, issues needing a change in law or guidance, or "
        "recurrent themes.",
    ),
}


class NamedText(forms.CharField):
    """A text box whose every message names it; null characters are refused by name too."""

    def __init__(self, *, label: str, what: str, missing: str = "", **kwargs: Any) -> None:
        super().__init__(
            label=label,
            max_length=TEXT_LIMIT,
            widget=forms.Textarea,
            required=bool(missing),
            error_messages={"required": missing, "max_length": too_long(what)},
            **kwargs,
        )
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]
        self.validators.append(
            ProhibitNullCharactersValidator(
                message=f"{what[0].upper()}{what[1:]} must not contain null characters"
            )
        )


def _answer(question: str) -> forms.ChoiceField:
    message = choose_answer(question)
    return forms.ChoiceField(
        label=LEGENDS[question][0],
        help_text=LEGENDS[question][1],
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


def _version() -> forms.IntegerField:
    stale = "This page is out of date: reload it and enter your answers again"
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        max_value=LARGEST_VERSION,
        error_messages={
            "required": stale,
            "invalid": stale,
            "min_value": stale,
            "max_value": stale,
        },
    )


class PartnerDecisionForm(forms.Form):
    """One statutory partner's own decision: each criterion, then overall, with reasons."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"] = _version()
        for name, question in RATIONALES.items():
            self.fields[question] = _answer(question)
            # Each box names its question: six boxes all labelled "Rationale" cannot be told
            # apart by someone who hears the labels or lists the form's fields.
            self.fields[name] = NamedText(
                label=f"Rationale for {QUESTIONS[question]}",
                what=f"the rationale for {QUESTIONS[question]}",
                missing=enter_rationale(question),
            )

    def answers(self) -> dict[str, str]:
        """Return every answer and rationale, keyed by the decision's field names."""
        return {name: self.cleaned_data[name] for name in (*QUESTIONS, *RATIONALES)}


LCSPR_TO_START: Final = [("yes", "Yes, an LCSPR will start"), ("no", "No")]


class DecisionMeetingForm(forms.Form):
    """Who attended the decision meeting, the legal advice, the joint decision and dissent."""

    version = _version()
    held_on = GovukDateField(
        label="Date the meeting was held", required_message="Enter the date the meeting was held"
    )
    legal_advice = NamedText(
        label="Legal advice given",
        what="the legal advice",
        missing="Enter the legal advice given at the meeting",
        help_text="The local authority legal representative's advice, as recorded.",
    )
    lcspr_criteria_met = forms.ChoiceField(
        label="Did the partners agree that the criteria for an LCSPR are met?",
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": choose_answer("lcspr_criteria_met"),
            "invalid_choice": choose_answer("lcspr_criteria_met"),
        },
    )
    national_criteria_met = forms.ChoiceField(
        label="Did the partners agree that the criteria for a national review are met?",
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose yes, no or not sure yet for whether the national criteria are met",
            "invalid_choice": "Choose yes, no or not sure yet for whether the national criteria "
            "are met",
        },
    )
    lcspr_to_start = forms.ChoiceField(
        label="Will an LCSPR start?",
        choices=LCSPR_TO_START,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether an LCSPR will start",
            "invalid_choice": "Choose whether an LCSPR will start",
        },
    )
    action_on_learning = NamedText(
        label="Action taken or under way to address the learning",
        what="the action on the learning",
        help_text="Needed when no LCSPR starts: the evidence of what is being done instead.",
    )
    rationale = NamedText(
        label="Rationale for the joint decision",
        what="the rationale",
        missing="Enter the rationale for the joint decision",
    )
    dissenters = forms.TypedMultipleChoiceField(
        label="Partners that disagreed with the decision",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty if every partner agreed.",
        error_messages={
            "invalid_choice": "Choose the partners that disagreed from the list",
            "invalid": "Choose the partners that disagreed from the list",
        },
    )

    def __init__(
        self,
        *args: Any,
        invitees: Sequence[tuple[User, str]],
        partners: Sequence[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.invitees = {user.pk: user for user, _parts in invitees}
        self.partners = {organisation.pk: organisation for organisation in partners}
        for user, parts in invitees:
            message = f"Choose whether {user.full_name} attended"
            self.fields[self.attendance_field(user)] = forms.ChoiceField(
                label=user.full_name,
                help_text=parts,
                choices=Presence.choices,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )
        field = self.fields["dissenters"]
        if isinstance(field, forms.TypedMultipleChoiceField):
            field.choices = [(organisation.pk, organisation.name) for organisation in partners]
        for organisation in partners:
            self.fields[self.dissent_field(organisation)] = NamedText(
                label=f"Reasons {organisation.name} gave for disagreeing",
                what=f"{organisation.name}'s reasons",
            )
        # The error summary lists problems in the order the page asks the questions.
        self.order_fields(
            [
                "version",
                "held_on",
                *(self.attendance_field(user) for user, _parts in invitees),
                "legal_advice",
                "lcspr_criteria_met",
                "national_criteria_met",
                "lcspr_to_start",
                "action_on_learning",
                "rationale",
                "dissenters",
            ]
        )

    @staticmethod
    def attendance_field(user: User) -> str:
        return f"attendance_{user.pk}"

    @staticmethod
    def dissent_field(organisation: Organisation) -> str:
        return f"dissent_{organisation.pk}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        no_lcspr = cleaned.get("lcspr_to_start") == "no"
        if (
            no_lcspr
            and not cleaned.get("action_on_learning")
            and "action_on_learning" not in self.errors
        ):
            self.add_error(
                "action_on_learning",
                "Enter the action taken or under way to address the learning, as no LCSPR "
                "will start",
            )
        for pk in cleaned.get("dissenters") or []:
            organisation = self.partners[pk]
            name = self.dissent_field(organisation)
            if name not in self.errors and not cleaned.get(name):
                self.add_error(name, f"Enter the reasons {organisation.name} gave for disagreeing")
        return cleaned

    def attendance(self) -> dict[User, Presence]:
        return {
            user: Presence(self.cleaned_data[self.attendance_field(user)])
            for user in self.invitees.values()
        }

    def dissents(self) -> dict[Organisation, str]:
        return {
            self.partners[pk]: self.cleaned_data[self.dissent_field(self.partners[pk])]
            for pk in self.cleaned_data["dissenters"]
        }

    def decision(self) -> dict[str, Any]:
        """Return the joint decision's values, as record_decision_meeting takes them."""
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "legal_advice": data["legal_advice"],
            "lcspr_criteria_met": data["lcspr_criteria_met"],
            "national_criteria_met": data["national_criteria_met"],
            "lcspr_to_start": data["lcspr_to_start"] == "yes",
            "rationale": data["rationale"],
            "action_on_learning": data["action_on_learning"],
        }


def presence_of(attended: bool, apologies: bool) -> str:
    """Return the choice an Attendance row stands for."""
    if attended:
        return Presence.ATTENDED.value
    return Presence.APOLOGIES.value if apologies else Presence.ABSENT.value


def initial_for_meeting(
    decision: JointDecision,
    attendance: Mapping[int, tuple[bool, bool]],
    dissents: Mapping[int, str],
) -> dict[str, Any]:
    """Return the form's starting values from what is saved: the decision, each person's
    (attended, apologies) and each dissenting organisation's reasons, by id."""
    initial: dict[str, Any] = {
        "version": decision.version,
        **{name: getattr(decision, name) for name in ("held_on", "legal_advice", "rationale")},
        "lcspr_criteria_met": decision.lcspr_criteria_met,
        "national_criteria_met": decision.national_criteria_met,
        "lcspr_to_start": "yes" if decision.lcspr_to_start else "no",
        "action_on_learning": decision.action_on_learning,
        "dissenters": list(dissents),
    }
    initial.update({f"attendance_{pk}": presence_of(*flags) for pk, flags in attendance.items()})
    initial.update({f"dissent_{pk}": reasons for pk, reasons in dissents.items()})
    return initial
