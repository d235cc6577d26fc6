"""Forms for the review pages, one module per topic. Messages name the field and say what to do."""

from reviews.forms.review import (
    AccessLogSearchForm,
    AddMemberForm,
    HistoryFilterForm,
    RevealIdentityForm,
    ReviewDetailsForm,
    VersionedForm,
)

__all__ = [
    "AccessLogSearchForm",
    "AddMemberForm",
    "HistoryFilterForm",
    "RevealIdentityForm",
    "ReviewDetailsForm",
    "VersionedForm",
]
