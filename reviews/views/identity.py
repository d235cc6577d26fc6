"""Real identities: shown to the business team only, after they say why, and logged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from reviews import actions
from reviews.actions import ActionError
from reviews.forms import RevealIdentityForm
from reviews.permissions import Permission, get_review_for
from reviews.views.helpers import look_from, person


@never_cache
def identities(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.VIEW_IDENTITY)
    form = RevealIdentityForm(request.POST or None)
    records = None
    if request.method == "POST" and form.is_valid():
        try:
            records = actions.reveal_identities(
                review, by=user, reason=form.cleaned_data["reason"], look=look_from(request)
            )
        except ActionError as refusal:
            form.add_error("reason", refusal.message)
    return render(
        request,
        "reviews/identities.html",
        {"review": review, "form": form, "records": records},
        status=400 if form.errors else 200,
    )
