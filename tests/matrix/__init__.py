"""The authorisation matrix, one module per topic, merged by tests/test_authorisation_matrix.py.

Each topic module defines ``ROWS: dict[str, Row]`` keyed by URL name, and may define
``setup(world)`` to create the objects its URLs point at (stored in ``world.extras``).
Expected outcomes:

- "ok": the page answers (200, or a redirect that is not to sign-in, after a POST);
- "forbidden": 403, the person takes part in the review but their part does not include this;
- "hidden": 404, the person has no part in the review (or the object is not theirs), so it is
  not acknowledged to exist;
- "sign-in": an anonymous visitor is sent to sign in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from accounts.models import Organisation, Partnership, User
from reviews.models import Review, ReviewMember

PERSONAS = (
    "business-team",
    "business-team-lead",
    "partner-lead",
    "agency-contributor",
    "legal",
    "subgroup-chair",
    "partnership-chair",
    "panel-member",
    "author",
    "auditor",
    "same-partnership-non-member",
    "other-partnership",
    "anonymous",
)


@dataclass
class World:
    """One partnership with a rapid review, the LCSPR that follows it, and one person for each
    persona (members of both reviews in their role, the author of the LCSPR only)."""

    partnership: Partnership
    review: Review
    lcspr: Review
    member_to_remove: ReviewMember
    people: dict[str, User]
    organisations: dict[str, Organisation]
    extras: dict[str, Any] = field(default_factory=dict)


def no_kwargs(world: World) -> dict[str, Any]:
    return {}


def _no_data(world: World) -> dict[str, Any]:
    return {}


def on_lcspr(world: World) -> dict[str, Any]:
    """The LCSPR: every role, the author included, takes part in it."""
    return {"pk": world.lcspr.pk}


def on_rapid_review(world: World) -> dict[str, Any]:
    return {"pk": world.review.pk}


@dataclass(frozen=True)
class Row:
    expect: Mapping[str, str]
    method: str = "get"
    kwargs: Callable[[World], dict[str, Any]] = on_lcspr
    data: Callable[[World], dict[str, Any]] = _no_data


def everyone_but(**outcomes: str) -> dict[str, str]:
    """A row where every signed-in persona gets "ok" except those named."""
    row = dict.fromkeys(PERSONAS, "ok") | {"anonymous": "sign-in"}
    return row | {key.replace("_", "-"): value for key, value in outcomes.items()}


# Presets for the common shapes of access.
ALL_REVIEW_ROLES = everyone_but(
    agency_contributor="forbidden",
    auditor="hidden",
    same_partnership_non_member="hidden",
    other_partnership="hidden",
)
BUSINESS_TEAM_AND_LEAD = ALL_REVIEW_ROLES | dict.fromkeys(
    ["partner-lead", "legal", "subgroup-chair", "partnership-chair", "panel-member", "author"],
    "forbidden",
)
BUSINESS_TEAM_ONLY = BUSINESS_TEAM_AND_LEAD | {"business-team-lead": "forbidden"}
EVERYONE_SIGNED_IN = everyone_but()

__all__ = [
    "ALL_REVIEW_ROLES",
    "BUSINESS_TEAM_AND_LEAD",
    "BUSINESS_TEAM_ONLY",
    "EVERYONE_SIGNED_IN",
    "PERSONAS",
    "Row",
    "World",
    "everyone_but",
    "no_kwargs",
    "on_lcspr",
    "on_rapid_review",
]
