"""Who reaches an LCSPR's family engagement, monitoring log, media strategy and publication
pages, and the partnership's report of late publications.

Family engagement is private to the review team: the business team, the review's business team
lead and the independent author. The monitoring log, media strategy and publication are read
by everyone taking part (agencies aside) and recorded by the business team, except the
author's replies to written requests. The setup records a plan, a contact, a written request,
a media strategy, a planned date and the pre-publication notice through the real actions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from reviews.actions.lcspr.publication.family import (
    defer_family_contact,
    record_family_contact,
    save_family_plan,
)
from reviews.actions.lcspr.publication.monitoring import ask_author
from reviews.actions.lcspr.publication.publishing import (
    plan_publication,
    record_pre_publication_notice,
    save_media_strategy,
)
from reviews.clock import schedule_for
from reviews.models import (
    AnonymisationCheck,
    DraftReport,
    FamilyEngagement,
    MonitoringEntry,
    Publication,
)
from reviews.process import Step
from reviews.tests.form_data import date_fields
from tests.matrix import (
    ALL_REVIEW_ROLES,
    BUSINESS_TEAM_AND_LEAD,
    EVERYONE_SIGNED_IN,
    Row,
    World,
    everyone_but,
    no_kwargs,
)

REVIEW_TEAM = BUSINESS_TEAM_AND_LEAD | {"author": "ok"}
# The same people as the access log: the business team and auditors of one's own partnership.
PARTNERSHIP_REPORT = everyone_but(
    **{
        persona.replace("-", "_"): "forbidden"
        for persona in EVERYONE_SIGNED_IN
        if persona not in {"business-team", "auditor", "other-partnership", "anonymous"}
    }
)


def _today() -> dt.date:
    return timezone.localdate()


def setup(world: World) -> None:
    team, lcspr, today = world.people["business-team"], world.lcspr, _today()
    save_family_plan(
        lcspr,
        by=team,
        expected_version=0,
        contact_plan="The author writes to the mother through her advocate.",
        consent_and_wishes="The mother wishes to meet the author.",
        advocate="Wexmoor Family Advocacy",
    )
    record_family_contact(
        lcspr,
        by=team,
        contacted_on=today,
        with_whom="Mother",
        method="Telephone",
        summary="Introduced the review.",
    )
    world.extras["monitoring_request"] = ask_author(
        lcspr, by=team, dated=today, text="Please send the first draft."
    )
    save_media_strategy(
        lcspr,
        by=team,
        expected_version=0,
        impact_update="The action plan is under way.",
        publication_method="On the partnership's website.",
        practitioner_update="A seven-minute briefing.",
        family_liaison="The author tells the mother a week before.",
    )
    publication = plan_publication(
        lcspr, by=team, expected_version=0, planned_on=today + dt.timedelta(days=30)
    )
    record_pre_publication_notice(
        lcspr, by=team, sent_on=today, sent_to="The National Panel and the Secretary of State"
    )
    world.extras["publication"] = publication


def _family_plan(world: World) -> dict[str, Any]:
    engagement = FamilyEngagement.objects.get(review=world.lcspr)
    return {
        "version": str(engagement.version),
        "contact_plan": "The author visits the mother at home.",
        "consent_and_wishes": "",
        "advocate": "",
    }


def _family_contact(world: World) -> dict[str, Any]:
    return {
        "with_whom": "Grandmother",
        "method": "Home visit",
        "summary": "Talked about the review.",
        **date_fields("contacted_on", _today()),
    }


def _family_defer(world: World) -> dict[str, Any]:
    return {"reason": "Criminal proceedings are under way.", **date_fields("since", _today())}


def _deferred_first(world: World) -> dict[str, Any]:
    # Resuming needs a deferral: made here, as the family-defer row needs none in the setup.
    defer_family_contact(
        world.lcspr, by=world.people["business-team"], since=_today(), reason="A trial."
    )
    return {}


def _family_told(world: World) -> dict[str, Any]:
    return {"about": "outcome", **date_fields("told_on", _today())}


def _family_done(world: World) -> dict[str, Any]:
    return {"note": "", **date_fields("completed_on", _today())}


def _checkpoint(world: World) -> dict[str, Any]:
    return {
        "on_time": "yes",
        "findings": "On time; good quality.",
        **date_fields("dated", _today()),
    }


def _request(world: World) -> dict[str, Any]:
    return {"text": "Please send the chronology.", **date_fields("dated", _today())}


def _reply_kwargs(world: World) -> dict[str, Any]:
    return {"pk": world.lcspr.pk, "entry_pk": world.extras["monitoring_request"].pk}


def _reply(world: World) -> dict[str, Any]:
    entry = MonitoringEntry.objects.get(pk=world.extras["monitoring_request"].pk)
    prefix = f"entry-{entry.pk}-"
    return {
        f"{prefix}version": str(entry.version),
        f"{prefix}reply": "Attached to the drafts page.",
        **date_fields(f"{prefix}replied_on", _today()),
    }


def _agree(world: World) -> dict[str, Any]:
    return date_fields("agreed_on", _today())


def _plan(world: World) -> dict[str, Any]:
    publication = Publication.objects.get(review=world.lcspr)
    return {
        "version": str(publication.version),
        **date_fields("planned_on", _today() + dt.timedelta(days=40)),
    }


def _notice(world: World) -> dict[str, Any]:
    return {"sent_to": "The National Panel", **date_fields("sent_on", _today())}


def _delay(world: World) -> dict[str, Any]:
    due = schedule_for(world.lcspr).step(Step.PUBLISHED).due or _today()
    new_date = max(due, _today()) + dt.timedelta(days=30)
    return {
        "reason": "The criminal trial is listed.",
        "told_how": "A letter to the National Panel",
        **date_fields("new_date", new_date),
        **date_fields("told_on", _today()),
    }


def _published(world: World) -> dict[str, Any]:
    # An ORM stand-in for the drafts actions written alongside (reviews.actions.lcspr): the
    # agreed final draft, and an anonymisation check of it that found nothing. Made here, not
    # in setup(), so that the drafts topic's own setup is free to agree a final draft first.
    team, lcspr = world.people["business-team"], world.lcspr
    final = DraftReport.objects.filter(review=lcspr, final_agreed_on__isnull=False).first()
    if final is None:
        number = DraftReport.objects.filter(review=lcspr).count() + 1
        final = DraftReport(
            review=lcspr,
            number=number + 100,
            original_name="final.docx",
            sha256="0" * 64,
            text="Child A's review",
            uploaded_by=team,
            final_agreed_on=_today(),
            final_agreed_by=team,
        )
        final.docx.save("final.docx", ContentFile(b"PK\x03\x04"), save=False)
        final.save()
    AnonymisationCheck.objects.create(draft=final, hits=0, values_checked=3, run_by=team)
    return {
        "where": "https://wexmoor.example/reviews",
        "delay_reason": "The criminal trial ran until the autumn.",
        "gaps_confirmed": "on",
        "gaps_reason": "The partners agreed to publish on the date set.",
        **date_fields("published_on", _today()),
    }


ROWS: dict[str, Row] = {
    "reviews:family": Row(REVIEW_TEAM),
    "reviews:family-plan": Row(REVIEW_TEAM, method="post", data=_family_plan),
    "reviews:family-contact": Row(REVIEW_TEAM, method="post", data=_family_contact),
    "reviews:family-defer": Row(REVIEW_TEAM, method="post", data=_family_defer),
    "reviews:family-resume": Row(REVIEW_TEAM, method="post", data=_deferred_first),
    "reviews:family-told": Row(REVIEW_TEAM, method="post", data=_family_told),
    "reviews:family-complete": Row(REVIEW_TEAM, method="post", data=_family_done),
    "reviews:monitoring": Row(ALL_REVIEW_ROLES),
    "reviews:monitoring-checkpoint": Row(BUSINESS_TEAM_AND_LEAD, method="post", data=_checkpoint),
    "reviews:monitoring-request": Row(BUSINESS_TEAM_AND_LEAD, method="post", data=_request),
    "reviews:monitoring-reply": Row(REVIEW_TEAM, method="post", kwargs=_reply_kwargs, data=_reply),
    "reviews:media-strategy": Row(ALL_REVIEW_ROLES),
    "reviews:media-strategy-agree": Row(BUSINESS_TEAM_AND_LEAD, method="post", data=_agree),
    "reviews:media-agreements": Row(
        BUSINESS_TEAM_AND_LEAD,
        method="post",
        data=lambda world: {
            "media_representative": "Communications lead, Wexmoor Council",
            **date_fields("agreed_on", _today()),
        },
    ),
    "reviews:publication": Row(ALL_REVIEW_ROLES),
    "reviews:publication-plan": Row(BUSINESS_TEAM_AND_LEAD, method="post", data=_plan),
    "reviews:publication-notice": Row(BUSINESS_TEAM_AND_LEAD, method="post", data=_notice),
    "reviews:publication-delay": Row(BUSINESS_TEAM_AND_LEAD, method="post", data=_delay),
    "reviews:publication-publish": Row(BUSINESS_TEAM_AND_LEAD, method="post", data=_published),
    "reviews:publication-delays": Row(PARTNERSHIP_REPORT, kwargs=no_kwargs),
}
