"""Who reaches the LCSPR's drafts, comments, final draft, sign-off and anonymisation check.

Everyone taking part in the LCSPR but the agencies reads the drafts and the sign-off page; the
author and the business team upload, answer comments and record the draft presented; the
review panel, partner leads, chairs and legal comment; the business team (and the review's
business team lead) records the final draft and sign-offs on an organisation's behalf; only
people who speak for an organisation sign for it; only the business team runs the
anonymisation check, which shows real identifiers.

The setup makes two LCSPRs of its own with the same people as ``world.lcspr`` (so other
topics' changes to that review cannot disturb these rows): one being drafted (version 1 with a
comment, version 2 newest) and one whose version 1 is the agreed final draft.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from reviews.actions.lcspr.drafts.versions import comment_on_draft
from reviews.models import DraftComment, Review, ReviewKind, ReviewMember, ReviewRole
from reviews.tests.factories import join, make_review
from reviews.tests.lcspr_drafts_setup import final_version, upload, word_file
from tests.matrix import (
    ALL_REVIEW_ROLES,
    BUSINESS_TEAM_AND_LEAD,
    BUSINESS_TEAM_ONLY,
    Row,
    World,
)

AUTHOR_WORK = BUSINESS_TEAM_AND_LEAD | {"author": "ok"}
COMMENTERS = ALL_REVIEW_ROLES | {"author": "forbidden"}
# Of the personas, only the partner lead speaks for an organisation and can read the review.
SIGNERS = ALL_REVIEW_ROLES | dict.fromkeys(
    [
        "business-team",
        "business-team-lead",
        "legal",
        "subgroup-chair",
        "partnership-chair",
        "panel-member",
        "author",
    ],
    "forbidden",
)


def _copy_of_the_lcspr(world: World, pseudonym: str) -> Review:
    team = world.people["business-team"]
    review = make_review(
        partnership=world.partnership,
        by=team,
        kind=ReviewKind.LCSPR,
        rapid_review=world.review,
        pseudonym=pseudonym,
    )
    for member in ReviewMember.objects.filter(review=world.lcspr, active=True).select_related(
        "user", "organisation"
    ):
        join(
            review,
            member.user,
            ReviewRole(member.role),
            by=team,
            organisation=member.organisation,
        )
    return review


def setup(world: World) -> None:
    team, author = world.people["business-team"], world.people["author"]
    drafting = _copy_of_the_lcspr(world, "Child D")
    first = upload(drafting, author, "Version one about Child D.")
    comment = comment_on_draft(
        first,
        by=world.people["partner-lead"],
        topic=DraftComment.Topic.FACTUAL_ACCURACY,
        text="The date of the strategy meeting is wrong.",
    )
    upload(drafting, author, "Version two about Child D.")
    signing = _copy_of_the_lcspr(world, "Child S")
    final_version(signing, author=author, team=team)
    world.extras.update(drafts_lcspr=drafting, drafts_comment=comment, signing_lcspr=signing)


def _drafting(world: World) -> dict[str, Any]:
    return {"pk": world.extras["drafts_lcspr"].pk}


def _newest(world: World) -> dict[str, Any]:
    return {"pk": world.extras["drafts_lcspr"].pk, "number": 2}


def _comment(world: World) -> dict[str, Any]:
    comment = world.extras["drafts_comment"]
    return {"pk": world.extras["drafts_lcspr"].pk, "number": 1, "comment_pk": comment.pk}


def _signing(world: World) -> dict[str, Any]:
    return {"pk": world.extras["signing_lcspr"].pk}


def _today(name: str) -> dict[str, Any]:
    today = timezone.localdate()
    return {f"{name}-day": today.day, f"{name}-month": today.month, f"{name}-year": today.year}


def _answer(world: World) -> dict[str, Any]:
    prefix = f"comment-{world.extras['drafts_comment'].pk}"
    return {
        f"{prefix}-version": "1",
        f"{prefix}-status": "resolved",
        f"{prefix}-response": "Corrected in version 2.",
    }


ROWS: dict[str, Row] = {
    "reviews:drafts": Row(ALL_REVIEW_ROLES, kwargs=_drafting),
    "reviews:draft-upload": Row(
        AUTHOR_WORK,
        method="post",
        kwargs=_drafting,
        data=lambda world: {"file": word_file(["Version three about Child D."])},
    ),
    "reviews:draft": Row(ALL_REVIEW_ROLES, kwargs=_newest),
    "reviews:draft-download": Row(ALL_REVIEW_ROLES, kwargs=_newest),
    "reviews:draft-comment": Row(
        COMMENTERS,
        method="post",
        kwargs=_newest,
        data=lambda world: {"topic": "presentation", "text": "The learning is hard to find."},
    ),
    "reviews:draft-comment-answer": Row(AUTHOR_WORK, method="post", kwargs=_comment, data=_answer),
    "reviews:draft-presented": Row(
        AUTHOR_WORK, method="post", kwargs=_newest, data=lambda world: _today("presented_on")
    ),
    "reviews:draft-final": Row(
        BUSINESS_TEAM_AND_LEAD,
        method="post",
        kwargs=_newest,
        data=lambda world: _today("agreed_on") | {"reason": "Agreed at the panel meeting."},
    ),
    # Agreeing the newest version as the final draft: the review panel and partner leads.
    "reviews:draft-agreement": Row(
        ALL_REVIEW_ROLES
        | dict.fromkeys(
            [
                "business-team",
                "business-team-lead",
                "legal",
                "subgroup-chair",
                "partnership-chair",
                "author",
            ],
            "forbidden",
        ),
        method="post",
        kwargs=_newest,
        data=lambda world: {"comment": "Agreed at the panel meeting."},
    ),
    # Factual accuracy: confirmed for an organisation one speaks for on the review.
    "reviews:draft-accuracy": Row(
        SIGNERS,
        method="post",
        kwargs=_newest,
        data=lambda world: {"organisation": world.organisations["police"].pk},
    ),
    "reviews:anonymisation": Row(BUSINESS_TEAM_ONLY, method="post", kwargs=_newest),
    "reviews:sign-off": Row(ALL_REVIEW_ROLES, kwargs=_signing),
    "reviews:sign-off-sign": Row(
        SIGNERS,
        method="post",
        kwargs=_signing,
        data=lambda world: {"organisation": world.organisations["police"].pk},
    ),
    "reviews:sign-off-on-behalf": Row(
        BUSINESS_TEAM_AND_LEAD,
        method="post",
        kwargs=_signing,
        data=lambda world: {
            "organisation": world.organisations["icb"].pk,
            "note": "By email from the ICB's designated lead.",
        },
    ),
}
