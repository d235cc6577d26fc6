"""A notification being recorded, kept between question pages.

Nothing reaches the review tables until "Save and open the rapid review". The answers are one
JSON-serialisable dict (dates as ISO strings) kept in a server-side ``NotificationDraft`` row;
the session holds only that row's id under ``SESSION_KEY``, never a child's details (issue 18;
reviews.views.notification_session). Whatever is read back is checked as strictly as a form:
a draft that is malformed, expired or from an older version of these pages raises
``StaleDraft`` and the flow starts again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django import forms

from reviews.actions.notification import MAX_CHILDREN, ChildDetails
from reviews.forms.notification.areas import AreasForm
from reviews.forms.notification.questions import (
    AbuseOrNeglectForm,
    CriterionForm,
    DatesForm,
    HarmForm,
    IncidentDateForm,
    ProceedReasonForm,
    dates_problems,
)
from reviews.models import AbuseOrNeglect, Criterion, Harm, Plan, Sex
from reviews.reads.notification import age_on

SESSION_KEY = "notification-draft"
SAVED_KEY = "notification-saved"  # the review just opened, for the confirmation page
DRAFT_VERSION = 2  # 2: the local authorities chosen (issue 14)

# The questions in the order they are asked; "child" pages sit under "children".
QUESTIONS = (
    "children",
    "incident-date",
    "harm",
    "areas",
    "criterion",
    "abuse-or-neglect",
    "proceed-reason",
    "dates",
)
CHECK = "check"


@dataclass(frozen=True)
class Question:
    """A question page that sets some of the draft's answers from one form."""

    form: type[forms.Form]
    template: str
    answers: tuple[str, ...]


QUESTION_PAGES = {
    "incident-date": Question(IncidentDateForm, "incident_date", ("incident_date",)),
    "harm": Question(HarmForm, "harm", ("harm",)),
    "areas": Question(
        AreasForm, "areas", ("incident_authority", "incident_area", "home_authority", "home_area")
    ),
    "criterion": Question(CriterionForm, "criterion", ("criterion",)),
    "abuse-or-neglect": Question(AbuseOrNeglectForm, "abuse_or_neglect", ("abuse_or_neglect",)),
    "proceed-reason": Question(ProceedReasonForm, "proceed_reason", ("proceed_reason",)),
    "dates": Question(
        DatesForm, "dates", ("la_aware_on", "panel_notified_on", "partnership_told_on")
    ),
}


# Where a refusal of the save action is put right.
FIELD_QUESTIONS = {
    "incident_date": "incident-date",
    "harm": "harm",
    "incident_area": "areas",
    "home_area": "areas",
    "incident_authority": "areas",
    "home_authority": "areas",
    "criterion": "criterion",
    "abuse_or_neglect": "abuse-or-neglect",
    "proceed_reason": "proceed-reason",
    "la_aware_on": "dates",
    "panel_notified_on": "dates",
    "partnership_told_on": "dates",
}

_TEXT_LIMITS = {
    "pseudonym": 100,
    "real_name": 200,
    "ethnicity": 100,
    "disability": 300,
    "incident_area": 200,
    "home_area": 200,
    "proceed_reason": 5000,
}


class StaleDraft(Exception):  # noqa: N818  a state of the draft, not a programming error
    """The draft cannot be trusted or has expired: start again."""


def _text(data: dict[str, Any], name: str, *, optional: bool = False) -> str | None:
    value = data[name]
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > _TEXT_LIMITS.get(name, 200):
        raise StaleDraft(name)
    return value


def _choice(data: dict[str, Any], name: str, choices: Any) -> str | None:
    value = data[name]
    if value is None:
        return None
    if not isinstance(value, str) or value not in choices.values:
        raise StaleDraft(name)
    return value


def _date(data: dict[str, Any], name: str) -> dt.date | None:
    value = data[name]
    if value is None:
        return None
    if not isinstance(value, str):
        raise StaleDraft(name)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise StaleDraft(name) from None


def _id(data: dict[str, Any], name: str) -> int | None:
    value = data[name]
    if value is not None and (type(value) is not int or value < 1):
        raise StaleDraft(name)
    return value


@dataclass
class ChildAnswer:
    pseudonym: str
    sex: str
    plan: str
    looked_after: bool
    age_years: int | None = None
    date_of_birth: dt.date | None = None
    real_name: str = ""
    ethnicity: str = ""
    disability: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date_of_birth"] = self.date_of_birth.isoformat() if self.date_of_birth else None
        return data

    @classmethod
    def from_json(cls, data: Any) -> ChildAnswer:
        if not isinstance(data, dict) or set(data) != {f.name for f in fields(cls)}:
            raise StaleDraft("child")
        age = data["age_years"]
        if age is not None and (type(age) is not int or not 0 <= age <= 25):  # noqa: PLR2004
            raise StaleDraft("age_years")
        if not isinstance(data["looked_after"], bool):
            raise StaleDraft("looked_after")
        return cls(
            pseudonym=_text(data, "pseudonym") or "",
            sex=_choice(data, "sex", Sex) or "",
            plan=_choice(data, "plan", Plan) or "",
            looked_after=data["looked_after"],
            age_years=age,
            date_of_birth=_date(data, "date_of_birth"),
            real_name=_text(data, "real_name") or "",
            ethnicity=_text(data, "ethnicity") or "",
            disability=_text(data, "disability") or "",
        )

    @classmethod
    def from_form(cls, data: dict[str, Any]) -> ChildAnswer:
        """Make the answer from a valid ChildForm's cleaned data."""
        return cls(
            pseudonym=data["pseudonym"],
            real_name=data["real_name"].strip(),
            age_years=data["age_years"],
            date_of_birth=data["date_of_birth"],
            sex=data["sex"],
            ethnicity=data["ethnicity"].strip(),
            disability=data["disability"].strip(),
            looked_after=data["looked_after"] == "yes",
            plan=data["plan"],
        )

    def initial(self) -> dict[str, Any]:
        """Return the ChildForm's initial values, to change this child."""
        return asdict(self) | {"looked_after": "yes" if self.looked_after else "no"}

    def details(self) -> ChildDetails:
        return ChildDetails(
            pseudonym=self.pseudonym,
            sex=self.sex,
            age_years=self.age_years,
            date_of_birth=self.date_of_birth,
            real_name=self.real_name,
            ethnicity=self.ethnicity,
            disability=self.disability,
            looked_after=self.looked_after,
            plan=self.plan,
        )


_DATES = ("incident_date", "la_aware_on", "panel_notified_on", "partnership_told_on")


@dataclass
class Draft:
    """The answers so far; None where a question is not answered yet."""

    children: list[ChildAnswer] = field(default_factory=list)
    children_done: bool = False
    incident_date: dt.date | None = None
    harm: str | None = None
    incident_area: str | None = None
    home_area: str | None = None
    # The partnership's local authority (its id) each is in; None when outside it.
    incident_authority: int | None = None
    home_authority: int | None = None
    criterion: str | None = None
    abuse_or_neglect: str | None = None
    proceed_reason: str | None = None
    la_aware_on: dt.date | None = None
    panel_notified_on: dt.date | None = None
    partnership_told_on: dt.date | None = None

    # Writing and reading back the kept answers.

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"version": DRAFT_VERSION}
        for each in fields(self):
            value = getattr(self, each.name)
            if each.name == "children":
                value = [child.to_json() for child in self.children]
            elif isinstance(value, dt.date):
                value = value.isoformat()
            data[each.name] = value
        return data

    @classmethod
    def from_json(cls, data: Any) -> Draft:
        """Read a draft back, refusing anything this code did not write (StaleDraft)."""
        expected = {"version", *(each.name for each in fields(cls))}
        if not isinstance(data, dict) or set(data) != expected:
            raise StaleDraft("keys")
        if data["version"] != DRAFT_VERSION:
            raise StaleDraft("version")
        children = data["children"]
        if not isinstance(children, list) or len(children) > MAX_CHILDREN:
            raise StaleDraft("children")
        if not isinstance(data["children_done"], bool):
            raise StaleDraft("children_done")
        return cls(
            children=[ChildAnswer.from_json(child) for child in children],
            children_done=data["children_done"],
            harm=_choice(data, "harm", Harm),
            incident_area=_text(data, "incident_area", optional=True),
            home_area=_text(data, "home_area", optional=True),
            incident_authority=_id(data, "incident_authority"),
            home_authority=_id(data, "home_authority"),
            criterion=_choice(data, "criterion", Criterion),
            abuse_or_neglect=_choice(data, "abuse_or_neglect", AbuseOrNeglect),
            proceed_reason=_text(data, "proceed_reason", optional=True),
            **{name: _date(data, name) for name in _DATES},
        )

    # Where the person is in the flow.

    @property
    def meets_criteria(self) -> bool | None:
        """Say whether a statutory criterion is met; None until both questions are answered."""
        if self.criterion is None or self.abuse_or_neglect is None:
            return None
        return self.criterion != Criterion.NONE and self.abuse_or_neglect != AbuseOrNeglect.NEITHER

    def applies(self, question: str) -> bool:
        if question == "proceed-reason":
            return self.meets_criteria is False
        return question in QUESTIONS

    def answered(self, question: str) -> bool:
        return {
            "children": bool(self.children) and self.children_done,
            "incident-date": self.incident_date is not None,
            "harm": self.harm is not None,
            "areas": self.incident_area is not None and self.home_area is not None,
            "criterion": self.criterion is not None,
            "abuse-or-neglect": self.abuse_or_neglect is not None,
            "proceed-reason": bool(self.proceed_reason),
            "dates": None
            not in (self.la_aware_on, self.panel_notified_on, self.partnership_told_on),
        }[question]

    def next_question(self) -> str:
        """Return the first question still to answer ("child" to add the first), or "check"."""
        for question in QUESTIONS:
            if self.applies(question) and not self.answered(question):
                return "child" if question == "children" and not self.children else question
        return CHECK

    def previous_question(self, question: str) -> str | None:
        """Return the question asked before this one (for the back link), or None."""
        if question not in QUESTIONS:  # a child's own pages come back to the list
            return "children" if self.children else None
        index = QUESTIONS.index(question)
        for earlier in reversed(QUESTIONS[:index]):
            if self.applies(earlier):
                return earlier
        return None

    def problems(self) -> list[tuple[str, str]]:
        """Say what must be put right before saving, as (message, question) pairs.

        Each question is checked on its own page; these are the checks between answers that
        a later change can break (a date of birth after a changed incident date, ...).
        """
        found: list[tuple[str, str]] = []
        if self.incident_date is not None:
            for index, child in enumerate(self.children, start=1):
                if child.date_of_birth is None:
                    continue
                if child.date_of_birth > self.incident_date:
                    found.append(
                        (
                            f"{child.pseudonym}'s date of birth is after the incident",
                            f"child-{index}",
                        )
                    )
                elif age_on(child.date_of_birth, self.incident_date) > 25:  # noqa: PLR2004
                    found.append(
                        (
                            f"{child.pseudonym} would be over 25 at the incident: check the date "
                            "of birth",
                            f"child-{index}",
                        )
                    )
        found.extend(
            (message, "dates")
            for message, _field in dates_problems(
                incident_date=self.incident_date,
                la_aware_on=self.la_aware_on,
                panel_notified_on=self.panel_notified_on,
                partnership_told_on=self.partnership_told_on,
            )
        )
        return found

    def age_at_incident(self, child: ChildAnswer) -> int | None:
        if child.date_of_birth is not None and self.incident_date is not None:
            return age_on(child.date_of_birth, self.incident_date)
        return child.age_years
