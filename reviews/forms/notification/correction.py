"""Correcting a recorded notification: every question of the notification on one form."""

from __future__ import annotations

from typing import Any

from django import forms

from reviews.forms.notification.areas import name_field
from reviews.forms.notification.fields import ErrorsInFieldOrder, text_field
from reviews.forms.notification.questions import (
    AbuseOrNeglectForm,
    CriterionForm,
    DatesForm,
    HarmForm,
    IncidentDateForm,
    dates_problems,
)
from reviews.forms.review import VersionedForm
from reviews.models import AbuseOrNeglect, Criterion


class NotificationCorrectionForm(VersionedForm, ErrorsInFieldOrder):
    """Correct a recorded notification (the children are corrected elsewhere)."""

    incident_date = IncidentDateForm.base_fields["incident_date"]
    harm = HarmForm.base_fields["harm"]
    incident_area = name_field("where it happened", required=True)
    home_area = name_field("where the child normally lives", required=True)
    criterion = CriterionForm.base_fields["criterion"]
    abuse_or_neglect = AbuseOrNeglectForm.base_fields["abuse_or_neglect"]
    proceed_reason = text_field(
        "Why does the review go ahead?",
        max_length=5000,
        hint="Needed only when no statutory criterion is met.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    la_aware_on = DatesForm.base_fields["la_aware_on"]
    panel_notified_on = DatesForm.base_fields["panel_notified_on"]
    partnership_told_on = DatesForm.base_fields["partnership_told_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for message, field in dates_problems(
            incident_date=data.get("incident_date"),
            la_aware_on=data.get("la_aware_on"),
            panel_notified_on=data.get("panel_notified_on"),
            partnership_told_on=data.get("partnership_told_on"),
        ):
            self.add_error(field, message)
        no_criterion = (
            data.get("criterion") == Criterion.NONE
            or data.get("abuse_or_neglect") == AbuseOrNeglect.NEITHER
        )
        if no_criterion and len((data.get("proceed_reason") or "").strip()) < 10:  # noqa: PLR2004
            self.add_error(
                "proceed_reason",
                "Enter why the review goes ahead although no statutory criterion is met "
                "(at least 10 characters)",
            )
        return data
