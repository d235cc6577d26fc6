"""Forms for themes, learning, recommendations, actions and the action tracker.

The forms check what was typed (types, lengths, choices from the lists offered); the rules are
the actions' (reviews.actions.learning), and their refusals come back to the field they name.
Choices are passed in by the view as (id, words) pairs, so an id from elsewhere is refused as
"not one of the choices".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.validators import RegexValidator

from reviews.forms.govuk_date import GovukDateField
from reviews.models import ActionStatus, Learning

Choices = Sequence[tuple[int | str, str]]
TEXT_LIMIT = 10_000


def _version() -> forms.IntegerField:
    """The version the person started from (0 for something new)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1, initial=0)


def _text(
    label: str,
    *,
    required_message: str = "",
    limit: int = TEXT_LIMIT,
    called: str = "",
    textarea: bool = True,
    **kwargs: Any,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        widget=forms.Textarea if textarea else forms.TextInput,
        error_messages={
            "required": required_message,
            "max_length": f"{called or label} must be {limit:,} characters or fewer",
        },
        **kwargs,
    )


def _choice(label: str, message: str, **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


def _several(label: str, message: str, **kwargs: Any) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": message, "invalid_choice": message, "invalid_list": message},
        **kwargs,
    )


def _set_choices(form: forms.Form, name: str, choices: Choices) -> None:
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    field.choices = list(choices)


class NewThemeForm(forms.Form):
    """A theme to add: a new theme has no version to check."""

    name = _text(
        "Name",
        required_message="Enter the theme's name",
        limit=100,
        textarea=False,
        called="The theme's name",
    )
    description = _text(
        "Description (optional)", called="The description", limit=2000, required=False
    )


class ThemeForm(NewThemeForm):
    """A theme changed: the version the person started from guards against a lost update."""

    version = _version()


class LearningForm(forms.Form):
    version = _version()
    source = forms.ChoiceField(
        label="Where did the learning come from?",
        choices=Learning.Source.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the learning came from",
            "invalid_choice": "Choose where the learning came from",
        },
    )
    source_request = _choice(
        "The agency return",
        "Choose the agency return from the list",
        required=False,
        empty_value=None,
        help_text="For learning from an agency return.",
    )
    source_detail = _text(
        "More about the source (optional)",
        called="More about the source",
        limit=300,
        textarea=False,
        required=False,
        help_text="For example: the practitioners' learning event on 4 June.",
    )
    summary = _text(
        "Summary of the learning",
        required_message="Enter a summary of the learning",
        limit=300,
        called="The summary",
        textarea=False,
        help_text="Use the case code and pseudonym, never a real name.",
    )
    detail = _text("Detail (optional)", called="The detail", required=False)
    themes = _several("Themes", "Choose at least one theme")
    scope = forms.ChoiceField(
        label="Is the learning single-agency or multi-agency?",
        choices=Learning.Scope.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the learning is single-agency or multi-agency",
            "invalid_choice": "Choose whether the learning is single-agency or multi-agency",
        },
    )
    organisation = _choice(
        "The agency",
        "Choose the agency from the list",
        required=False,
        empty_value=None,
        help_text="For single-agency learning.",
    )

    def __init__(
        self,
        *args: Any,
        requests: Choices,
        themes: Choices,
        organisations: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "source_request", [("", "Choose a return"), *requests])
        _set_choices(self, "themes", themes)
        _set_choices(self, "organisation", [("", "Choose an agency"), *organisations])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("source") == Learning.Source.AGENCY_RETURN and not cleaned.get(
            "source_request"
        ):
            self.add_error("source_request", "Choose the agency return it came from")
        if cleaned.get("scope") == Learning.Scope.SINGLE_AGENCY and not cleaned.get("organisation"):
            self.add_error("organisation", "Choose the agency the learning is for")
        return cleaned


class RecommendationForm(forms.Form):
    version = _version()
    text = _text(
        "Recommendation",
        required_message="Enter the recommendation",
        called="The recommendation",
        help_text="Use the case code and pseudonym, never a real name.",
    )
    learning = _several(
        "The learning it answers (optional)",
        "Choose learning from the list",
        required=False,
    )
    themes = _several(
        "Themes (optional)",
        "Choose themes from the list",
        required=False,
        help_text="Leave them all unticked to use the themes of the learning it answers.",
    )

    def __init__(self, *args: Any, learning: Choices, themes: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "learning", learning)
        _set_choices(self, "themes", themes)


class ActionForm(forms.Form):
    """A new action: for a recommendation, or an immediate corrective action at a step."""

    description = _text(
        "What is to be done",
        required_message="Enter what is to be done",
        called="The action",
        help_text="Use the case code and pseudonym, never a real name.",
    )
    organisation = _choice("Organisation that owns it", "Choose the organisation from the list")
    lead_name = _text(
        "Named lead",
        required_message="Enter the named lead",
        called="The named lead",
        limit=200,
        textarea=False,
        help_text="The person who leads the action, and their role.",
    )
    lead = _choice(
        "The lead's account (optional)",
        "Choose the lead's account from the list",
        required=False,
        empty_value=None,
        help_text="If the lead uses this service, they can record progress themselves.",
    )
    due_on = GovukDateField(
        label="Due date", required_message="Enter the due date", past_only=False
    )

    def __init__(self, *args: Any, organisations: Choices, people: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "organisation", [("", "Choose an organisation"), *organisations])
        _set_choices(self, "lead", [("", "No account"), *people])


class ProgressForm(forms.Form):
    version = _version()
    status = forms.ChoiceField(
        label="Status",
        choices=[
            (ActionStatus.NOT_STARTED.value, ActionStatus.NOT_STARTED.label),
            (ActionStatus.IN_PROGRESS.value, ActionStatus.IN_PROGRESS.label),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the status",
            "invalid_choice": "Choose not started or in progress",
        },
    )
    progress_note = _text("Progress so far (optional)", called="The progress note", required=False)


class CompletionForm(forms.Form):
    version = _version()
    completed_on = GovukDateField(
        label="Date completed", required_message="Enter the date the action was completed"
    )
    evidence_note = _text(
        "Evidence of completion",
        required_message="Enter the evidence that the action is complete",
        called="The evidence of completion",
        help_text="What was done and how it shows. Add documents below if there are any.",
    )


class ConfirmForm(forms.Form):
    version = _version()


class ReasonForm(forms.Form):
    version = _version()
    reason = _text(
        "Reason",
        required_message="Enter the reason",
        called="The reason",
        limit=2000,
        help_text="Use the case code and pseudonym, never a real name.",
    )


OVERDUE = "overdue"


class TrackerFilterForm(forms.Form):
    organisation = _choice(
        "Organisation", "Choose an organisation from the list", required=False, empty_value=None
    )
    theme = _choice("Theme", "Choose a theme from the list", required=False, empty_value=None)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), (OVERDUE, "Overdue"), *ActionStatus.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    # A search, not a list of every review: a whole case code finds that review's actions,
    # part of one every review whose code has it (WT26: this year's).
    case_code = forms.CharField(
        label="Case code",
        help_text="Or part of one",
        required=False,
        max_length=12,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9]*$", message="Case code must only include letters and numbers"
            )
        ],
        error_messages={"max_length": "Case code must be 12 characters or fewer"},
    )

    def __init__(
        self,
        *args: Any,
        organisations: Choices,
        themes: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "organisation", [("", "Any organisation"), *organisations])
        _set_choices(self, "theme", [("", "Any theme"), *themes])
