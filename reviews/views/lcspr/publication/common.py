"""What the family, monitoring, media strategy and publication pages share: the closed review's
message, and one way to answer a posted form (through reviews.views.posting)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict

from accounts.models import User
from reviews.actions import EditConflict
from reviews.models import Review
from reviews.views.posting import saved, submit


def closed_message(review: Review) -> str:
    return f"{review.case_code} is closed: its record can be read but no longer changed."


class PageRenderer(Protocol):
    """Render a page again, with any form just posted in place of its default."""

    def __call__(
        self,
        request: HttpRequest,
        user: User,
        review: Review,
        *,
        bound: dict[str, Form] | None = ...,
        conflict: EditConflict | None = ...,
        refusal: str = ...,
        status: int = ...,
    ) -> HttpResponse: ...


def first_with_errors(forms: Mapping[str, Form]) -> Form | None:
    return next((form for form in forms.values() if form.errors), None)


def act(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    name: str,
    bind: Callable[[QueryDict], Form],
    call: Callable[[dict[str, Any]], object],
    success: str,
    page: str,
    render_page: PageRenderer,
) -> HttpResponse:
    """Validate a posted form, call its action and answer: the page again, or a redirect.

    On a clash the person's values stay in the form, now carrying the version saved since, so
    that they can compare the two and save again. A refusal naming no field of the form is
    about the review's state, and is said at the top of the page.
    """
    if not review.is_open:
        return render_page(request, user, review, refusal=closed_message(review), status=409)
    posted = submit(request, bind=bind, act=lambda form: call(form.cleaned_data))
    if posted.done:
        return saved(request, success, page, pk=review.pk)
    bound = {name: posted.form}
    refusal = posted.refusal
    if refusal is not None and refusal.field not in posted.form.fields:
        return render_page(request, user, review, bound=bound, refusal=refusal.message, status=400)
    return render_page(
        request, user, review, bound=bound, conflict=posted.conflict, status=posted.status
    )
