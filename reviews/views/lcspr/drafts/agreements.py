"""A version agreed as the final draft by each review panel member, and confirmed factually
accurate by each agency: a page each.

Everyone taking part but the agencies reads both (VIEW_REVIEW). Review panel members and
statutory partner leads agree (AGREE_TERMS: the same people as the terms of reference); people
confirm factual accuracy for the organisations they speak for on the review.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.models import User
from reviews.actions.lcspr.drafts.agreements import agree_as_final, confirm_factual_accuracy
from reviews.forms.lcspr.agreements import AccuracyForm, AgreeFinalForm
from reviews.models import DraftComment, DraftReport, Review
from reviews.permissions import GRANTS, Permission, organisations_spoken_for, standing_on
from reviews.reads.lcspr.agreements import confirmations, member_agreements, still_to_agree
from reviews.reads.lcspr.drafts import newest_draft
from reviews.views.helpers import lcspr_for
from reviews.views.lcspr.drafts.common import draft_of
from reviews.views.lcspr.planning.common import status_after
from reviews.views.posting import saved, submit


def _agreement_page(
    request: HttpRequest,
    user: User,
    review: Review,
    draft: DraftReport,
    *,
    form: AgreeFinalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    agreed = member_agreements(draft)
    newest = newest_draft(review)
    is_newest = newest is not None and newest.pk == draft.pk
    may_agree = bool(standing_on(user, review) & GRANTS[Permission.AGREE_TERMS])
    mine = any(each.person_id == user.pk for each in agreed)
    if form is None and may_agree and review.is_open and is_newest and not mine:
        form = AgreeFinalForm()
    context = {
        "review": review,
        "draft": draft,
        "is_newest": is_newest,
        "agreed": agreed,
        "still": still_to_agree(review, agreed),
        "open_count": DraftComment.objects.filter(
            draft=draft, status=DraftComment.Status.OPEN
        ).count(),
        "form": form,
        "errors": form if form is not None and form.errors else None,
    }
    return render(request, "reviews/lcspr/drafts/agreement.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def draft_agreement(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """GET: who has agreed the version as the final draft. POST: agree it (the review panel)."""
    if request.method != "POST":
        user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
        return _agreement_page(request, user, review, draft_of(review, number))
    user, review = lcspr_for(request, pk, Permission.AGREE_TERMS)
    version = draft_of(review, number)
    posted = submit(
        request,
        bind=AgreeFinalForm,
        act=lambda form: agree_as_final(version, by=user, comment=form.cleaned_data["comment"]),
    )
    if posted.done:
        message = f"You have agreed version {version.number} as the final draft."
        return saved(request, message, "reviews:draft-agreement", pk=review.pk, number=number)
    return _agreement_page(
        request, user, review, version, form=posted.form, status=status_after(posted)
    )


def _accuracy_page(
    request: HttpRequest,
    user: User,
    review: Review,
    draft: DraftReport,
    *,
    form: AccuracyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = confirmations(review, draft)
    waiting = [row.organisation for row in rows if row.confirmation is None]
    newest = newest_draft(review)
    is_newest = newest is not None and newest.pk == draft.pk
    mine = [each for each in organisations_spoken_for(user, review) if each in waiting]
    if form is None and mine and review.is_open and is_newest:
        form = AccuracyForm(organisations=mine)
    context = {
        "review": review,
        "draft": draft,
        "is_newest": is_newest,
        "rows": rows,
        "waiting": waiting,
        "form": form,
        "errors": form if form is not None and form.errors else None,
    }
    return render(request, "reviews/lcspr/drafts/accuracy.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def draft_accuracy(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """GET: which agencies have confirmed the version factually accurate. POST: confirm it for
    an organisation one speaks for on the review."""
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    version = draft_of(review, number)
    if request.method != "POST":
        return _accuracy_page(request, user, review, version)
    mine = organisations_spoken_for(user, review)
    if not mine:
        raise PermissionDenied("You do not speak for an organisation on this review.")

    def bind(data: QueryDict) -> AccuracyForm:
        return AccuracyForm(data, organisations=mine)

    def act(form: AccuracyForm) -> None:
        organisation = form.organisation
        assert organisation is not None  # noqa: S101  the field is required
        confirm_factual_accuracy(
            version, by=user, organisation=organisation, note=form.cleaned_data["note"]
        )

    posted = submit(request, bind=bind, act=act)
    if posted.done:
        message = f"Version {version.number} is confirmed factually accurate."
        return saved(request, message, "reviews:draft-accuracy", pk=review.pk, number=number)
    return _accuracy_page(
        request, user, review, version, form=posted.form, status=status_after(posted)
    )
