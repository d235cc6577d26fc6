"""What the tests of recording an LCSPR share: the dates and a rapid review to follow.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import Partnership, User
from reviews.actions.lcspr.planning.start import record_lcspr
from reviews.models import Review
from reviews.tests.factories import make_review

TODAY = dt.date(2026, 10, 1)

DECIDED_ON = dt.date(2026, 9, 25)


def rapid_review(partnership: Partnership, business_team_member: User) -> Review:
    return make_review(partnership=partnership, by=business_team_member)


def record_old_lcspr(partnership: Partnership, by: User, **changes: object) -> Review:
    values: dict[str, object] = {
        "pseudonym": "Child F",
        "summary": "A baby seriously injured at home.",
        "decided_on": DECIDED_ON,
        "rapid_review": None,
    }
    values.update(changes)
    return record_lcspr(partnership=partnership, by=by, **values)  # type: ignore[arg-type]
