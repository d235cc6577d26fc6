"""An LCSPR's terms of reference: the versions drafted, shared, agreed and recorded.

The business team, the review's business team lead and the independent author draft the terms
(AUTHOR_WORK); the business team shares them and records them agreed (RUN_REVIEW); review panel
members and partner leads agree them (AGREE_TERMS).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews.actions import ActionError
from reviews.actions.lcspr.planning.terms import (
    agree_terms,
    draft_terms,
    record_terms_agreed,
    share_terms,
)
from reviews.dates_in_words import long_date
from reviews.forms.lcspr.planning import AgreeTermsForm, TermsAgreedForm, TermsForm
from reviews.models import Review, ReviewMember, TermsAgreement, TermsOfReference
from reviews.permissions import GRANTS, Permission, standing_on
from reviews.process import Step
from reviews.reads.lcspr.planning import (
    agreeing_members,
    default_terms_period,
    latest_terms,
    recorded_numbers,
)
from reviews.reads.steps import is_done
from reviews.views.helpers import lcspr_for
from reviews.views.lcspr.planning.common import status_after
from reviews.views.posting import saved, submit

CHANGED_MEANWHILE = (
    "Someone else changed the review while you were reading: nothing was recorded. Check the "
    "terms and the period under review, then record them again."
)


def _still_to_agree(review: Review, agreed: set[int]) -> list[ReviewMember]:
    """The members who agree the terms and have not agreed the shared version, once each."""
    still: list[ReviewMember] = []
    seen: set[int] = set()
    for member in agreeing_members(review):
        if member.user_id not in agreed and member.user_id not in seen:
            seen.add(member.user_id)
            still.append(member)
    return still


def _render_terms(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    agree_form: AgreeTermsForm | None = None,
    record_form: TermsAgreedForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    versions = list(
        TermsOfReference.objects.filter(review=review)
        .select_related("created_by")
        .order_by("-number")
    )
    agreements: dict[int, list[TermsAgreement]] = defaultdict(list)
    for agreement in TermsAgreement.objects.filter(terms__review=review).select_related(
        "person", "organisation"
    ):
        agreements[agreement.terms_id].append(agreement)
    latest = versions[0] if versions else None
    agreed_latest = {each.person_id for each in agreements[latest.pk]} if latest else set()
    shared = latest is not None and latest.shared_at is not None
    standing = standing_on(user, review)
    recorded = recorded_numbers(review)
    may_run = bool(standing & GRANTS[Permission.RUN_REVIEW]) and review.is_open
    may_agree = bool(standing & GRANTS[Permission.AGREE_TERMS]) and review.is_open
    if agree_form is None and may_agree and shared and user.pk not in agreed_latest:
        assert latest is not None  # noqa: S101  shared implies a latest version
        agree_form = AgreeTermsForm(initial={"number": latest.number})
    context = {
        "review": review,
        "latest": latest,
        "earlier": versions[1:],
        "agreements": agreements,
        "still_to_agree": _still_to_agree(review, agreed_latest) if shared else [],
        "recorded": recorded,
        "step_done": is_done(review, Step.TERMS_OF_REFERENCE),
        "may_draft": bool(standing & GRANTS[Permission.AUTHOR_WORK]) and review.is_open,
        "may_share": may_run and latest is not None and not shared,
        "may_record": may_run
        and shared
        and bool(agreed_latest)
        and latest is not None
        and latest.number not in recorded,
        "agree_form": agree_form if may_agree and shared else None,
        "record_form": record_form or TermsAgreedForm(initial={"version": review.version}),
        "refusal": refusal,
        # The author reads the rapid review the LCSPR follows there (issue 14).
        "may_read_rapid_review": bool(standing & GRANTS[Permission.AUTHOR_WORK])
        and review.rapid_review_id is not None,
        "may_plan": bool(standing & GRANTS[Permission.RUN_REVIEW]),
    }
    return render(request, "reviews/lcspr/planning/terms.html", context, status=status)


def terms(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    return _render_terms(request, user, review)


def _draft_initial(review: Review) -> dict[str, Any]:
    """A new version starts from the latest one, or from the period known."""
    latest = latest_terms(review)
    if latest is None:
        start, end = default_terms_period(review)
        return {"period_start": start, "period_end": end}
    return {
        "period_start": latest.period_start,
        "period_end": latest.period_end,
        "practitioner_involvement": latest.practitioner_involvement,
        "manager_involvement": latest.manager_involvement,
        "family_involvement": latest.family_involvement,
        "themes": latest.themes,
    }


def terms_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft a new version of the terms, starting from the latest one (or the period known)."""
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    initial = _draft_initial(review)

    def bind(data: QueryDict | None) -> TermsForm:
        return TermsForm(data, initial=initial)

    form, status = bind(None), 200
    if request.method == "POST":
        posted = submit(
            request, bind=bind, act=lambda form: draft_terms(review, by=user, **form.cleaned_data)
        )
        if posted.done:
            return saved(
                request,
                f"Version {posted.result.number} of the terms of reference is saved.",
                "reviews:terms",
                pk=review.pk,
            )
        form, status = posted.form, status_after(posted)
    return render(
        request,
        "reviews/lcspr/planning/terms_draft.html",
        {"review": review, "form": form, "latest": latest_terms(review)},
        status=status,
    )


@require_POST
def terms_share(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    try:  # a button with no fields whose refusal is shown on the terms page itself (409)
        shared = share_terms(review, by=user)
    except ActionError as refusal:
        return _render_terms(request, user, review, refusal=refusal.message, status=409)
    return saved(
        request,
        f"Version {shared.number} has been sent to the author and the review panel to agree.",
        "reviews:terms",
        pk=review.pk,
    )


@require_POST
def terms_agree(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.AGREE_TERMS)

    def act(form: AgreeTermsForm) -> None:
        data = form.cleaned_data
        agree_terms(review, by=user, number=data["number"], comment=data["comment"])

    posted = submit(request, bind=AgreeTermsForm, act=act)
    if posted.done:
        number = posted.form.cleaned_data["number"]
        return saved(
            request,
            f"You have agreed version {number} of the terms.",
            "reviews:terms",
            pk=review.pk,
        )
    return _render_terms(request, user, review, agree_form=posted.form, status=status_after(posted))


@require_POST
def terms_agreed(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    posted = submit(
        request,
        bind=TermsAgreedForm,
        act=lambda form: record_terms_agreed(
            review,
            by=user,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        ),
    )
    if posted.done:
        agreed = posted.result
        return saved(
            request,
            f"Version {agreed.number} is recorded as agreed; the period under review is now "
            f"{long_date(agreed.period_start)} to {long_date(agreed.period_end)}.",
            "reviews:terms",
            pk=review.pk,
        )
    if posted.conflict is not None:
        review.refresh_from_db()
        return _render_terms(request, user, review, refusal=CHANGED_MEANWHILE, status=409)
    if posted.form.has_error("reason"):  # the reason is missing or too long: on its field
        return _render_terms(request, user, review, record_form=posted.form, status=400)
    if posted.refusal is not None:
        return _render_terms(request, user, review, refusal=posted.refusal.message, status=409)
    return _render_terms(
        request, user, review, refusal="Reload the page and try again.", status=400
    )
