"""What the tests of the Ofsted and Secretary of State notice share: the dates around the Early
May bank holiday 2026, and a notification recorded through the real action."""

from __future__ import annotations

import datetime as dt

from accounts.models import Partnership, User
from reviews.actions.notification import ChildDetails, record_notification
from reviews.models import AbuseOrNeglect, Harm, Review
from reviews.process import Step

STEP = Step.NOTIFY_OFSTED_AND_SECRETARY_OF_STATE
AWARE = dt.date(2026, 4, 29)  # a Wednesday; Monday 4 May 2026 is the Early May bank holiday
TOLD = dt.date(2026, 4, 30)
DUE = dt.date(2026, 5, 7)  # 5 working days: 30 April, 1, 5, 6 and 7 May
TODAY = dt.date(2026, 5, 12)


def notify(
    partnership: Partnership,
    by: User,
    *,
    harm: str = Harm.DIED,
    looked_after: bool = True,
    abuse_or_neglect: str = AbuseOrNeglect.NEITHER,
) -> Review:
    return record_notification(
        partnership=partnership,
        by=by,
        children=[
            ChildDetails(pseudonym="Child A", sex="female", age_years=15, looked_after=looked_after)
        ],
        incident_date=dt.date(2026, 4, 28),
        harm=harm,
        incident_area="Wexmoor",
        home_area="Wexmoor",
        criterion="in-area",
        abuse_or_neglect=abuse_or_neglect,
        proceed_reason="The partners asked for a rapid review of the care placement.",
        la_aware_on=AWARE,
        panel_notified_on=TOLD,
        partnership_told_on=TOLD,
    )
