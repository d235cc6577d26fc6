"""Who agreed the media strategy: everyone taking part in the LCSPR (agencies aside) reads it;
the business team records each partner or media representative who agreed (RUN_REVIEW)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.models import Organisation, User
from reviews.actions.lcspr.publication.media_agreements import record_media_agreement
from reviews.forms.lcspr.agreements import MediaAgreementForm
from reviews.models import MediaStrategy, Review
from reviews.permissions import Permission, can
from reviews.reads.lcspr.agreements import media_agreements
from reviews.reads.lcspr.drafts import organisations_to_sign
from reviews.views.helpers import lcspr_for
from reviews.views.lcspr.planning.common import status_after
from reviews.views.posting import saved, submit


def _offered(review: Review, agreed: set[int]) -> list[Organisation]:
    return [each for each in organisations_to_sign(review) if each.pk not in agreed]


def _page(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    form: MediaAgreementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    strategy = MediaStrategy.objects.filter(review=review).first()
    agreements = media_agreements(review)
    acting = review.is_open and strategy is not None and can(user, Permission.RUN_REVIEW, review)
    if form is None and acting:
        agreed = {each.organisation_id for each in agreements if each.organisation_id}
        form = MediaAgreementForm(organisations=_offered(review, agreed))
    context = {
        "review": review,
        "strategy": strategy,
        "agreements": agreements,
        "form": form,
        "errors": form if form is not None and form.errors else None,
    }
    return render(
        request, "reviews/lcspr/publication/media_agreements.html", context, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def media_agreements_page(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: who agreed the media strategy. POST: record one more (the business team)."""
    if request.method != "POST":
        user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
        return _page(request, user, review)
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    offered = organisations_to_sign(review)

    def bind(data: QueryDict) -> MediaAgreementForm:
        return MediaAgreementForm(data, organisations=offered)

    def act(form: MediaAgreementForm) -> None:
        record_media_agreement(
            review,
            by=user,
            agreed_on=form.cleaned_data["agreed_on"],
            organisation=form.organisation,
            media_representative=form.cleaned_data["media_representative"],
        )

    posted = submit(request, bind=bind, act=act)
    if posted.done:
        return saved(
            request,
            "Their agreement to the media strategy is recorded.",
            "reviews:media-agreements",
            pk=review.pk,
        )
    return _page(request, user, review, form=posted.form, status=status_after(posted))
