"""The dates Ofsted and the Secretary of State were told of a looked-after child's death."""

from __future__ import annotations

from reviews.forms.govuk_date import GovukDateField
from reviews.forms.notification.fields import ErrorsInFieldOrder
from reviews.forms.review import VersionedForm


class OfstedNoticeForm(VersionedForm, ErrorsInFieldOrder):
    ofsted_told_on = GovukDateField(
        label="Date the local authority told Ofsted",
        required_message="Enter the date the local authority told Ofsted",
        help_text="For example, 2 3 2026.",
    )
    secretary_of_state_told_on = GovukDateField(
        label="Date the local authority told the Secretary of State",
        required_message="Enter the date the local authority told the Secretary of State",
        help_text="For example, 2 3 2026.",
    )
