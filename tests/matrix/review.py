"""Who reaches the review's own pages: list, overview, details, history, people, identities."""

from __future__ import annotations

from typing import Any

from tests.matrix import (
    ALL_REVIEW_ROLES,
    BUSINESS_TEAM_AND_LEAD,
    BUSINESS_TEAM_ONLY,
    EVERYONE_SIGNED_IN,
    Row,
    World,
    everyone_but,
    no_kwargs,
)


def _member_to_remove(world: World) -> dict[str, Any]:
    return {"pk": world.lcspr.pk, "member_pk": world.member_to_remove.pk}


ROWS: dict[str, Row] = {
    "home": Row(EVERYONE_SIGNED_IN, kwargs=no_kwargs),
    "reviews:list": Row(EVERYONE_SIGNED_IN, kwargs=no_kwargs),
    "reviews:detail": Row(ALL_REVIEW_ROLES),
    "reviews:edit": Row(BUSINESS_TEAM_AND_LEAD),
    "reviews:history": Row(
        BUSINESS_TEAM_AND_LEAD | {"subgroup-chair": "ok", "partnership-chair": "ok"}
    ),
    "reviews:members": Row(BUSINESS_TEAM_AND_LEAD),
    "reviews:member-remove": Row(BUSINESS_TEAM_AND_LEAD, method="post", kwargs=_member_to_remove),
    "reviews:identities": Row(BUSINESS_TEAM_ONLY),
    # Everyone else's own partnership log is theirs to read; ours holds nothing of theirs.
    "reviews:access-log": Row(
        everyone_but(
            **{
                persona.replace("-", "_"): "forbidden"
                for persona in EVERYONE_SIGNED_IN
                if persona not in {"business-team", "auditor", "other-partnership", "anonymous"}
            }
        ),
        kwargs=no_kwargs,
    ),
}
