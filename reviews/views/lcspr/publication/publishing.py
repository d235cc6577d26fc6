"""The publication page: the six-month deadline, the planned date, the final report sent to the
National Panel and the Secretary of State, delays and holds, and publication itself.

Everyone taking part in the LCSPR (agencies aside) reads it; the business team (and the
review's business team lead) records each part, each form posting to its own address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews.actions import EditConflict
from reviews.actions.lcspr.publication import publishing as publication_actions
from reviews.clock import schedule_for
from reviews.forms.lcspr.publication import (
    DelayForm,
    NoticeForm,
    PlanPublicationForm,
    PublishedForm,
)
from reviews.models import Extension, Hold, Publication, Review
from reviews.permissions import Permission, can
from reviews.process import Step
from reviews.reads.lcspr.agreements import planned_date_flags, publication_gaps
from reviews.reads.lcspr.drafts import final_draft, latest_check_passed
from reviews.schedule import Schedule
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import (
    NotYet,
    Prerequisite,
    lcspr_for,
    not_yet,
    page_prerequisite,
    step_prerequisite,
)
from reviews.views.lcspr.publication.common import (
    act,
    first_with_errors,
)

PAGE = "reviews:publication"
LABELS = {"planned_on": "Planned publication date"}


def _default_forms(publication: Publication | None) -> dict[str, Form]:
    forms: dict[str, Form] = {
        "plan": PlanPublicationForm(
            initial={
                "version": publication.version if publication else 0,
                "planned_on": publication.planned_on if publication else None,
            }
        ),
        "delay": DelayForm(),
    }
    if publication is not None and publication.planned_on is not None:
        forms["notice"] = NoticeForm(
            initial={
                "sent_on": publication.notice_sent_on,
                "sent_to": publication.notice_sent_to
                or "The National Panel, the Secretary of State and Ofsted",
            }
        )
        if publication.notice_sent_on is not None:
            forms["publish"] = PublishedForm()
    return forms


def _not_yet(
    user: User,
    review: Review,
    schedule: Schedule,
    publication: Publication | None,
    *,
    anonymisation_passed: bool,
) -> dict[str, NotYet]:
    """What the notice and publication wait for, as their actions refuse without it: the notice
    a planned date (record_pre_publication_notice), publication the notice sent and the agreed
    final draft's anonymisation check passed (record_published)."""
    planned = publication is not None and publication.planned_on is not None
    notice: list[Prerequisite] = []
    if not planned:
        notice.append(
            page_prerequisite(user, review, "Plan the publication date", PAGE, section="planned")
        )
    published: list[Prerequisite] = []
    if publication is None or publication.notice_sent_on is None:
        published.append(step_prerequisite(user, review, Step.PRE_PUBLICATION_NOTICE))
    if not anonymisation_passed:
        final = final_draft(review)
        words = "The agreed final draft passes the anonymisation check"
        if final is None:
            published.extend(
                [step_prerequisite(user, review, Step.FINAL_DRAFT_AGREED), Prerequisite(words)]
            )
        else:
            published.append(
                page_prerequisite(
                    user,
                    review,
                    words,
                    "reviews:anonymisation",
                    permission=Permission.VIEW_IDENTITY,
                    number=final.number,
                )
            )
    found = {
        Step.PRE_PUBLICATION_NOTICE: not_yet(
            user, review, Step.PRE_PUBLICATION_NOTICE, schedule=schedule, also=notice
        ),
        Step.PUBLISHED: not_yet(user, review, Step.PUBLISHED, schedule=schedule, also=published),
    }
    return {key: blocked for key, blocked in found.items() if blocked is not None}


def _warnings(review: Review, publication: Publication | None) -> dict[str, list[str]]:
    """What publishing now would go ahead without, and what is wrong with the planned date."""
    planned = publication.planned_on if publication is not None else None
    return {"gaps": publication_gaps(review), "planned_flags": planned_date_flags(review, planned)}


def render_publication(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    bound: dict[str, Form] | None = None,
    conflict: EditConflict | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    publication = Publication.objects.filter(review=review).first()
    schedule = schedule_for(review)
    published = schedule.step(Step.PUBLISHED)
    notice = next(
        (step for step in schedule.steps if step.key == Step.PRE_PUBLICATION_NOTICE), None
    )
    done = publication is not None and publication.published_on is not None
    acting = review.is_open and not done and can(user, Permission.RUN_REVIEW, review)
    forms = _default_forms(publication) if acting else {}
    forms.update(bound or {})
    passed = latest_check_passed(review)
    blocked = (
        _not_yet(user, review, schedule, publication, anonymisation_passed=passed) if acting else {}
    )
    notice_short = (
        publication is not None
        and publication.notice_sent_on is not None
        and notice is not None
        and notice.due is not None
        and publication.notice_sent_on > notice.due
    )
    return render(
        request,
        "reviews/lcspr/publication/publication.html",
        {
            "review": review,
            "publication": publication,
            "published_step": published,
            "notice_step": notice,
            "notice_days": review.partnership.pre_publication_notice_days,
            "notice_short": notice_short,
            "holds": list(Hold.objects.filter(review=review).select_related("recorded_by")),
            "extensions": list(
                Extension.objects.filter(review=review, step=Step.PUBLISHED).select_related(
                    "granted_by"
                )
            ),
            "anonymisation_passed": passed,
            **_warnings(review, publication),
            "acting": acting,
            "blocked": blocked,
            "forms": forms,
            "errors": first_with_errors(forms),
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(Publication,)),
            "refusal": refusal,
        },
        status=status,
    )


def publication(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    return render_publication(request, user, review)


def _post(
    request: HttpRequest,
    pk: int,
    *,
    name: str,
    form: type[Form],
    call: Callable[[Review, User, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    return act(
        request,
        user,
        review,
        name=name,
        bind=form,
        call=lambda data: call(review, user, data),
        success=success,
        page=PAGE,
        render_page=render_publication,
    )


@require_POST
def publication_plan(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        name="plan",
        form=PlanPublicationForm,
        call=lambda review, user, data: publication_actions.plan_publication(
            review, by=user, expected_version=data["version"], planned_on=data["planned_on"]
        ),
        success="The planned publication date is saved.",
    )


@require_POST
def publication_notice(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        name="notice",
        form=NoticeForm,
        call=lambda review, user, data: publication_actions.record_pre_publication_notice(
            review, by=user, sent_on=data["sent_on"], sent_to=data["sent_to"]
        ),
        success="The pre-publication notice is recorded.",
    )


@require_POST
def publication_delay(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        name="delay",
        form=DelayForm,
        call=lambda review, user, data: publication_actions.delay_publication(
            review,
            by=user,
            new_date=data["new_date"],
            reason=data["reason"],
            told_on=data["told_on"],
            told_how=data["told_how"],
        ),
        success="Publication is delayed and the deadline extended.",
    )


@require_POST
def publication_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        name="publish",
        form=PublishedForm,
        call=lambda review, user, data: publication_actions.record_published(
            review,
            by=user,
            published_on=data["published_on"],
            where=data["where"],
            improvements_only=data["improvements_only"],
            delay_reason=data["delay_reason"],
            improvements_justification=data["improvements_justification"],
            gaps_confirmed=data["gaps_confirmed"],
            gaps_reason=data["gaps_reason"],
        ),
        success="The review is recorded as published.",
    )
