"""Who sees the reminders sent: on a review, those who manage its people; across the
partnership, the business team only."""

from __future__ import annotations

from tests.matrix import BUSINESS_TEAM_AND_LEAD, Row, everyone_but, no_kwargs

ROWS: dict[str, Row] = {
    "reviews:reminders": Row(BUSINESS_TEAM_AND_LEAD),
    # Another partnership's business team sees only its own partnership's (empty) list.
    "reviews:reminders-sent": Row(
        everyone_but(
            business_team_lead="forbidden",
            partner_lead="forbidden",
            agency_contributor="forbidden",
            legal="forbidden",
            subgroup_chair="forbidden",
            partnership_chair="forbidden",
            panel_member="forbidden",
            author="forbidden",
            auditor="forbidden",
            same_partnership_non_member="forbidden",
        ),
        kwargs=no_kwargs,
    ),
}
