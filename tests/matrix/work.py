"""Everyone's work: the partnership's business team only (each person's own work is the home
page, in matrix/review.py). Another partnership's business team reaches only their own
partnership's list (reviews/tests/test_work_everyone.py checks it shows none of ours)."""

from __future__ import annotations

from tests.matrix import EVERYONE_SIGNED_IN, Row, everyone_but, no_kwargs

BUSINESS_TEAM_OF_THE_PARTNERSHIP = everyone_but(
    **{
        persona.replace("-", "_"): "forbidden"
        for persona in EVERYONE_SIGNED_IN
        if persona not in {"business-team", "other-partnership", "anonymous"}
    }
)

ROWS: dict[str, Row] = {
    "reviews:everyones-work": Row(BUSINESS_TEAM_OF_THE_PARTNERSHIP, kwargs=no_kwargs),
}
