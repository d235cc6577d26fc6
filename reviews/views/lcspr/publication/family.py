"""The family's engagement: private to the review team (the business team, the review's
business team lead and the independent author), who read it and record it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews import actions
from reviews.actions import EditConflict
from reviews.actions.lcspr.publication import family as family_actions
from reviews.clock import schedule_for
from reviews.forms.lcspr.publication import (
    CompleteFamilyStepForm,
    DeferContactForm,
    FamilyContactForm,
    FamilyPlanForm,
    FamilyToldForm,
)
from reviews.models import AccessLogEntry, FamilyContact, FamilyEngagement, Review
from reviews.permissions import Permission
from reviews.process import Step
from reviews.reads.lcspr.publication import publication_date
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import lcspr_for, look_from
from reviews.views.lcspr.publication.common import (
    act,
    first_with_errors,
)

PAGE = "reviews:family"
LABELS = {
    "contact_plan": "Contact plan",
    "consent_and_wishes": "Consent and wishes",
    "advocate": "Advocate",
}


def _default_forms(engagement: FamilyEngagement | None) -> dict[str, Form]:
    forms: dict[str, Form] = {
        "plan": FamilyPlanForm(
            initial={
                "version": engagement.version if engagement and engagement.pk else 0,
                "contact_plan": engagement.contact_plan if engagement else "",
                "consent_and_wishes": engagement.consent_and_wishes if engagement else "",
                "advocate": engagement.advocate if engagement else "",
            }
        ),
        "contact": FamilyContactForm(),
        "told": FamilyToldForm(),
        "complete": CompleteFamilyStepForm(),
    }
    if engagement is None or not engagement.is_deferred:
        forms["defer"] = DeferContactForm()
    return forms


def render_family(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    bound: dict[str, Form] | None = None,
    conflict: EditConflict | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    engagement = FamilyEngagement.objects.filter(review=review).first()
    contacts = list(FamilyContact.objects.filter(review=review).select_related("recorded_by"))
    step = schedule_for(review).step(Step.FAMILY_ENGAGEMENT)
    # Reaching the page needs VIEW_PRIVATE, which the same people hold as AUTHOR_WORK.
    acting = review.is_open
    forms = _default_forms(engagement) if acting else {}
    forms.update(bound or {})
    return render(
        request,
        "reviews/lcspr/publication/family.html",
        {
            "review": review,
            "engagement": engagement,
            "contacts": contacts,
            "step": step,
            "acting": acting,
            "forms": forms,
            "errors": first_with_errors(forms),
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(FamilyEngagement,)),
            "refusal": refusal,
            "publication_date": publication_date(review),
        },
        status=status,
    )


def family(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_PRIVATE)
    # The family's engagement is special category data: every look is logged.
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.VIEWED_REVIEW,
        review=review,
        target=f"{review.case_code}: family engagement",
        look=look_from(request),
    )
    return render_family(request, user, review)


def _post(
    request: HttpRequest,
    pk: int,
    *,
    name: str,
    form: type[Form],
    call: Callable[[Review, User, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    return act(
        request,
        user,
        review,
        name=name,
        bind=form,
        call=lambda data: call(review, user, data),
        success=success,
        page=PAGE,
        render_page=render_family,
    )


@require_POST
def family_plan(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        name="plan",
        form=FamilyPlanForm,
        call=lambda review, user, data: family_actions.save_family_plan(
            review,
            by=user,
            expected_version=data["version"],
            contact_plan=data["contact_plan"],
            consent_and_wishes=data["consent_and_wishes"],
            advocate=data["advocate"],
        ),
        success="The family engagement plan is saved.",
    )


@require_POST
def family_contact(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        name="contact",
        form=FamilyContactForm,
        call=lambda review, user, data: family_actions.record_family_contact(
            review,
            by=user,
            contacted_on=data["contacted_on"],
            with_whom=data["with_whom"],
            method=data["method"],
            summary=data["summary"],
        ),
        success="The contact with the family is recorded.",
    )


@require_POST
def family_defer(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        name="defer",
        form=DeferContactForm,
        call=lambda review, user, data: family_actions.defer_family_contact(
            review, by=user, since=data["since"], until=data["until"], reason=data["reason"]
        ),
        success="Contact with the family is deferred.",
    )


@require_POST
def family_resume(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        name="resume",
        form=Form,
        call=lambda review, user, data: family_actions.resume_family_contact(review, by=user),
        success="Contact with the family may resume.",
    )


@require_POST
def family_told(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        name="told",
        form=FamilyToldForm,
        call=lambda review, user, data: family_actions.record_family_told(
            review, by=user, about=data["about"], told_on=data["told_on"]
        ),
        success="Recorded what the family was told.",
    )


@require_POST
def family_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        name="complete",
        form=CompleteFamilyStepForm,
        call=lambda review, user, data: family_actions.complete_family_engagement(
            review, by=user, completed_on=data["completed_on"], note=data["note"]
        ),
        success="The family's engagement is recorded as done.",
    )
