"""Who records an LCSPR, and who reaches its terms of reference, its author's commission and
its introduction meeting.

Recording an LCSPR is the business team's, partnership-wide (like recording a notification).
Everyone taking part in the LCSPR (agencies aside) reads the pages; the business team and the
review's business team lead share and record; the author also drafts terms and records the
meeting; review panel members and partner leads agree the terms. The setup drafts and shares
version 1 of the terms and commissions the author, through the real actions; rows whose post
needs a state of its own make it in their data function (each test has its own world).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reviews.actions.lcspr.planning.author import commission_author
from reviews.actions.lcspr.planning.terms import agree_terms, draft_terms, share_terms
from reviews.models import AuthorCommission, IntroductionMeeting, TermsOfReference
from reviews.reads.lcspr.plan import plan_version
from reviews.tests.form_data import date_fields
from tests.matrix import (
    ALL_REVIEW_ROLES,
    BUSINESS_TEAM_AND_LEAD,
    PERSONAS,
    Row,
    World,
    no_kwargs,
)

BUSINESS_TEAMS = dict.fromkeys(PERSONAS, "forbidden") | {
    "business-team": "ok",
    "other-partnership": "ok",
    "anonymous": "sign-in",
}
REVIEW_TEAM = BUSINESS_TEAM_AND_LEAD | {"author": "ok"}
AGREEING = ALL_REVIEW_ROLES | dict.fromkeys(
    [
        "business-team",
        "business-team-lead",
        "legal",
        "subgroup-chair",
        "partnership-chair",
        "author",
    ],
    "forbidden",
)


def _draft(world: World) -> TermsOfReference:
    return draft_terms(
        world.lcspr,
        by=world.people["business-team"],
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        practitioner_involvement="A practitioner learning event.",
        manager_involvement="A manager learning event.",
        family_involvement="The author meets the family.",
        themes="Information sharing",
    )


def setup(world: World) -> None:
    team = world.people["business-team"]
    _draft(world)
    share_terms(world.lcspr, by=team)
    commission_author(
        world.lcspr,
        by=team,
        author=world.people["author"],
        author_organisation="Fenwick Reviews Ltd",
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 9, 30),
        contract_reference="WTP-2026-001",
    )


def _terms_data(world: World) -> dict[str, Any]:
    return {
        **date_fields("period_start", dt.date(2025, 1, 1)),
        **date_fields("period_end", dt.date(2025, 12, 31)),
        "practitioner_involvement": "A practitioner learning event.",
        "manager_involvement": "A manager learning event.",
        "family_involvement": "The author meets the family.",
        "themes": "Information sharing\nNeglect",
    }


def _a_new_unshared_version(world: World) -> dict[str, Any]:
    _draft(world)
    return {}


def _agree_latest(world: World) -> dict[str, Any]:
    number = TermsOfReference.objects.filter(review=world.lcspr).order_by("-number")[0].number
    return {"number": str(number), "comment": ""}


def _agreed_by_the_partner_lead(world: World) -> dict[str, Any]:
    agree_terms(world.lcspr, by=world.people["partner-lead"], number=1)
    world.lcspr.refresh_from_db()
    # The panel member has not agreed: the terms are recorded agreed with the reason (issue 14).
    return {"version": str(world.lcspr.version), "reason": "Agreed at the panel meeting."}


def _plan(world: World) -> dict[str, Any]:
    return {
        "version": str(plan_version(world.lcspr)),
        **date_fields("draft_report", world.lcspr.origin + dt.timedelta(days=90)),
    }


def _commission(world: World) -> dict[str, Any]:
    current = AuthorCommission.objects.get(review=world.lcspr)
    return {
        "version": str(current.version),
        "author": str(world.people["author"].pk),
        "author_organisation": "Fenwick Reviews Ltd",
        **date_fields("starts_on", dt.date(2026, 4, 1)),
        **date_fields("ends_on", dt.date(2026, 10, 31)),
        "contract_reference": "WTP-2026-001",
    }


def _meeting(world: World) -> dict[str, Any]:
    current = IntroductionMeeting.objects.filter(review=world.lcspr).first()
    return {
        "version": str(current.version if current else 0),
        **date_fields("held_on", world.lcspr.origin + dt.timedelta(days=10)),
        "attendees": [str(world.people["partner-lead"].pk)],
        "others_present": "Minute taker",
        "agreed": "Draft terms discussed.",
    }


def _circulated(world: World) -> dict[str, Any]:
    return {
        **date_fields("circulated_on", world.lcspr.origin + dt.timedelta(days=2)),
        "sent_to": [str(world.people["partner-lead"].pk)],
        "others": "",
    }


ROWS: dict[str, Row] = {
    "reviews:record-lcspr": Row(BUSINESS_TEAMS, kwargs=no_kwargs),
    "reviews:terms": Row(ALL_REVIEW_ROLES),
    "reviews:terms-draft": Row(REVIEW_TEAM, method="post", data=_terms_data),
    "reviews:terms-share": Row(BUSINESS_TEAM_AND_LEAD, method="post", data=_a_new_unshared_version),
    "reviews:terms-agree": Row(AGREEING, method="post", data=_agree_latest),
    "reviews:terms-agreed": Row(
        BUSINESS_TEAM_AND_LEAD, method="post", data=_agreed_by_the_partner_lead
    ),
    "reviews:author": Row(ALL_REVIEW_ROLES),
    "reviews:author-edit": Row(BUSINESS_TEAM_AND_LEAD, method="post", data=_commission),
    "reviews:introduction-meeting": Row(REVIEW_TEAM, method="post", data=_meeting),
    "reviews:circulated": Row(BUSINESS_TEAM_AND_LEAD, method="post", data=_circulated),
    # The LCSPR's own plan and the rapid review read-only (issue 14).
    "reviews:plan": Row(BUSINESS_TEAM_AND_LEAD, method="post", data=_plan),
    "reviews:lcspr-rapid-review": Row(REVIEW_TEAM),
}
