"""Who reaches the partners' decisions and the decision meeting of a rapid review.

Everyone with a part in the rapid review but agencies may open the list and the meeting (what
each shows of the partners' decisions follows the blind rule, tested in reviews/tests). One
partner's decision is read only by those the blind rule lets see it: the setup records the
police decision, so the police lead (who made it), the business team, the chairs and the legal
representative reach it, and a panel member, who never sees decisions, is told it does not
exist. The independent author has no part in the rapid review.
"""

from __future__ import annotations

from typing import Any

from reviews.actions.decisions import record_partner_decision
from reviews.tests.decisions_setup import answers
from tests.matrix import ALL_REVIEW_ROLES, Row, World, on_rapid_review

READERS = ALL_REVIEW_ROLES | {"author": "hidden"}


def setup(world: World) -> None:
    """Record the police decision, as the police lead."""
    world.extras["police_decision"] = record_partner_decision(
        world.review,
        organisation=world.organisations["police"],
        by=world.people["partner-lead"],
        expected_version=0,
        answers=answers(),
    )


def _police_decision(world: World) -> dict[str, Any]:
    return {"pk": world.review.pk, "organisation_pk": world.organisations["police"].pk}


ROWS: dict[str, Row] = {
    "reviews:partner-decisions": Row(READERS, kwargs=on_rapid_review),
    "reviews:partner-decision": Row(READERS | {"panel-member": "hidden"}, kwargs=_police_decision),
    "reviews:decision-meeting": Row(READERS, kwargs=on_rapid_review),
}
