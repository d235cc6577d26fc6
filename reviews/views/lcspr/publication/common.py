"""What the family, monitoring, media strategy and publication pages share: the LCSPR fetched
for the person, and one way to answer a posted form."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from accounts.models import User
from reviews.actions import ActionError, EditConflict
from reviews.models import Review


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
    that they can compare the two and save again.
    """
    if not review.is_open:
        return render_page(request, user, review, refusal=closed_message(review), status=409)
    form = bind(request.POST)
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except EditConflict as clash:
            data = request.POST.copy()
            data[form.add_prefix("version")] = str(clash.current_version)
            again = bind(data)
            again.is_valid()
            return render_page(
                request, user, review, bound={name: again}, conflict=clash, status=409
            )
        except ActionError as refusal:
            if refusal.field in form.fields:
                form.add_error(refusal.field, refusal.message)
            else:
                return render_page(
                    request, user, review, bound={name: form}, refusal=refusal.message, status=400
                )
        else:
            messages.success(request, success)
            return redirect(page, pk=review.pk)
    return render_page(request, user, review, bound={name: form}, status=400)
