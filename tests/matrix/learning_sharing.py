"""Who reaches the learning documents, the dissemination records and the themes across reviews.

The LCSPR is used: everyone taking part in it (agencies aside) reads and downloads the
7-minute briefing and the learning on one page; the business team and the review's business
team lead generate them. Everyone taking part reads how the learning was shared, agency
contributors included (they see their own organisation's records only); those who speak for
an organisation on the review, and the business team, record it. The themes across reviews
belong to the partnership: its business team, chairs, CSPR subgroup and auditors see them,
whether or not they take part in a review; another partnership's business team sees its own
counts, never ours.

The setup records learning with the ORM stand-in of reviews.tests.learning_rows (the learning
actions are written alongside) and one record of sharing through the real action.
"""

from __future__ import annotations

from typing import Any

from reviews.actions.learning.sharing import record_dissemination
from reviews.models import Dissemination, DocumentKind
from reviews.tests.learning_rows import add_learning, add_recommendation, theme
from tests.matrix import (
    ALL_REVIEW_ROLES,
    BUSINESS_TEAM_AND_LEAD,
    Row,
    World,
    everyone_but,
    no_kwargs,
)

RECORDERS = (
    ALL_REVIEW_ROLES
    | dict.fromkeys(
        ["legal", "subgroup-chair", "partnership-chair", "panel-member", "author"], "forbidden"
    )
    | {"agency-contributor": "ok"}
)

THEMES = everyone_but(
    business_team_lead="forbidden",
    partner_lead="forbidden",
    agency_contributor="forbidden",
    legal="forbidden",
    partnership_chair="forbidden",
    panel_member="forbidden",
    author="forbidden",
    same_partnership_non_member="forbidden",
)


def setup(world: World) -> None:
    team = world.people["business-team"]
    neglect = theme(world.partnership, "Neglect")
    learning = add_learning(
        world.lcspr, by=team, summary="Missed appointments were not followed up", themes=[neglect]
    )
    add_recommendation(
        world.lcspr,
        by=team,
        text="Follow up missed appointments.",
        themes=[neglect],
        learning=[learning],
    )
    record_dissemination(
        world.lcspr,
        by=team,
        organisation=world.organisations["school"],
        shared_on=world.lcspr.origin,
        method=Dissemination.Method.TEAM_MEETING,
        practitioners_reached=12,
    )
    world.extras["sharing_theme"] = neglect


def _generate(world: World) -> dict[str, Any]:
    return {"kind": DocumentKind.LEARNING_ON_ONE_PAGE.value}


def _theme_year(world: World) -> dict[str, Any]:
    return {"theme_pk": world.extras["sharing_theme"].pk, "year": world.lcspr.origin.year}


def _csv(world: World) -> dict[str, Any]:
    return {"fmt": "csv"}


ROWS: dict[str, Row] = {
    "reviews:learning-documents": Row(ALL_REVIEW_ROLES),
    "reviews:learning-documents-generate": Row(
        BUSINESS_TEAM_AND_LEAD, method="post", data=_generate
    ),
    "reviews:dissemination": Row(ALL_REVIEW_ROLES | {"agency-contributor": "ok"}),
    # The form page: the POST is tested per organisation in
    # reviews/tests/test_learning_sharing_dissemination.py.
    "reviews:dissemination-add": Row(RECORDERS),
    "reviews:themes-across": Row(THEMES, kwargs=no_kwargs),
    "reviews:themes-across-detail": Row(
        THEMES | {"other-partnership": "hidden"}, kwargs=_theme_year
    ),
    "reviews:themes-export": Row(THEMES, kwargs=_csv),
}
