"""Forms of the LCSPR's agreements: a review panel member agreeing a version as the final draft,
an agency confirming a version factually accurate, and the business team recording who agreed
the media strategy. The forms check what was typed; the rules are the actions'
(reviews.actions.lcspr.drafts.agreements, reviews.actions.lcspr.publication.media_agreements).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from accounts.models import Organisation
from reviews.forms.govuk_date import GovukDateField
from reviews.forms.notification.fields import text_field

MAX_NOTE = 5000
MAX_REPRESENTATIVE = 200


class AgreeFinalForm(forms.Form):
    """A review panel member's agreement of the version they read as the final draft."""

    comment = text_field(
        "Comment (optional)",
        max_length=MAX_NOTE,
        hint="Anything the panel should know about your agreement. No names.",
        widget=forms.Textarea,
    )


def _organisations(
    organisations: Sequence[Organisation], *, label: str, message: str, required: bool
) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        required=required,
        empty_value=None,
        choices=[(each.pk, each.name) for each in organisations],
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class _Offering(forms.Form):
    """A form choosing among the organisations offered; ``organisation`` is then the object."""

    def __init__(self, *args: Any, organisations: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {each.pk: each for each in organisations}

    @property
    def organisation(self) -> Organisation | None:
        chosen = self.cleaned_data.get("organisation")
        return None if chosen is None else self.organisations[int(chosen)]


class AccuracyForm(_Offering):
    """An agency confirming that the version is factually accurate."""

    def __init__(self, *args: Any, organisations: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        self.fields["organisation"] = _organisations(
            organisations,
            label="You confirm for",
            message="Choose the organisation you confirm for",
            required=True,
        )
        self.order_fields(["organisation"])

    note = text_field(
        "Note (optional)",
        max_length=MAX_NOTE,
        hint="For example, who in your agency checked it. No names of the family.",
        widget=forms.Textarea,
    )


class MediaAgreementForm(_Offering):
    """The business team records one partner, or one media representative, agreeing."""

    def __init__(self, *args: Any, organisations: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        self.fields["organisation"] = _organisations(
            organisations,
            label="Organisation that agreed (if a partner or organisation involved)",
            message="Choose the organisation that agreed",
            required=False,
        )
        self.order_fields(["organisation"])

    media_representative = text_field(
        "Media representative (if not an organisation above)",
        max_length=MAX_REPRESENTATIVE,
        hint="Their role and whom they speak for, for example Communications lead, Wexmoor "
        "Council.",
    )
    agreed_on = GovukDateField(label="Date they agreed")
