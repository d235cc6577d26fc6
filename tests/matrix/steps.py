"""Who reads a step's page, and who puts the review's clock on hold."""

from __future__ import annotations

from typing import Any

from reviews.process import Step
from tests.matrix import ALL_REVIEW_ROLES, BUSINESS_TEAM_AND_LEAD, Row, World


def _published_step(world: World) -> dict[str, Any]:
    return {"pk": world.lcspr.pk, "key": Step.PUBLISHED}


ROWS: dict[str, Row] = {
    "reviews:step": Row(ALL_REVIEW_ROLES, kwargs=_published_step),
    "reviews:hold": Row(BUSINESS_TEAM_AND_LEAD),
}
