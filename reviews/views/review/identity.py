"""Real identities: shown to the business team only, after they say why, and logged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from reviews import actions
from reviews.forms.review import RevealIdentityForm
from reviews.permissions import Permission, get_review_for
from reviews.views.helpers import look_from, person
from reviews.views.posting import status_of, submit


@never_cache
def identities(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.VIEW_IDENTITY)
    form = RevealIdentityForm()
    records = None
    if request.method == "POST":
        posted = submit(
            request,
            bind=RevealIdentityForm,
            act=lambda form: actions.reveal_identities(
                review, by=user, reason=form.cleaned_data["reason"], look=look_from(request)
            ),
        )
        form, records = posted.form, posted.result
    return render(
        request,
        "reviews/review/identities.html",
        {"review": review, "form": form, "records": records},
        status=status_of(form),
    )
