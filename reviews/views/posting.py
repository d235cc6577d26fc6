"""Posting a form to an action, the same way on every page.

Every page that changes something follows one flow: bind the posted form; if it is valid, call
the action; on an edit clash show the form again with the person's own values and the version
saved since, so that they can compare and save again (409); on a refusal put the action's
message on the field it names, or on the form (400); otherwise say what happened and redirect.

    posted = submit(request, bind=lambda data: ThemeForm(data), act=lambda form: edit_theme(...))
    if posted.done:
        return saved(request, "The theme has been saved.", "reviews:themes", pk=review.pk)
    return render(request, template, {"form": posted.form, "conflict": posted.conflict, ...},
                  status=posted.status)

A button with no fields of its own (send, withdraw, remove) uses ``act_then_redirect``: a refusal
is a message on the page the person returns to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponsePermanentRedirect, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect

from reviews.actions import ActionError, EditConflict

F = TypeVar("F", bound=BaseForm)

VERSION_FIELD = "version"


def refuse(form: BaseForm, refusal: ActionError) -> None:
    """Put an action's refusal on the field it names, or on the form when it names none."""
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


def status_of(form: BaseForm | None, conflict: EditConflict | None = None) -> int:
    """The status a page answers with: 409 on an edit clash, 400 when the form has errors."""
    if conflict is not None:
        return 409
    return 400 if form is not None and form.errors else 200


@dataclass(frozen=True)
class Posted(Generic[F]):
    """What became of a posted form: ``done`` with the action's ``result``, or the form to show
    again (with its errors, or with the ``conflict`` to compare). ``refusal`` is the action's
    refusal, already on the form, for a page that answers it in its own way."""

    form: F
    done: bool = False
    result: Any = None
    conflict: EditConflict | None = None
    refusal: ActionError | None = None

    @property
    def status(self) -> int:
        return status_of(self.form, self.conflict)


def rebound(data: QueryDict, bind: Callable[[QueryDict], F], version: int, prefix: str = "") -> F:
    """The person's posted values again, now carrying the version saved since they opened it."""
    again = data.copy()
    again[f"{prefix}-{VERSION_FIELD}" if prefix else VERSION_FIELD] = str(version)
    form = bind(again)
    form.is_valid()  # the values were valid a moment ago: this fills cleaned_data for the page
    return form


def submit(
    request: HttpRequest,
    *,
    bind: Callable[[QueryDict], F],
    act: Callable[[F], Any],
    form: F | None = None,
) -> Posted[F]:
    """Validate the posted form and, if it is valid, call ``act`` with it.

    ``bind`` makes the page's form from posted data (with whatever choices the page offers);
    ``form`` is that form when the view has already bound it.
    """
    form = form if form is not None else bind(request.POST)
    if not form.is_valid():
        return Posted(form)
    try:
        result = act(form)
    except EditConflict as clash:
        again = rebound(request.POST, bind, clash.current_version, form.prefix or "")
        return Posted(again, conflict=clash)
    except ActionError as refusal:
        refuse(form, refusal)
        return Posted(form, refusal=refusal)
    return Posted(form, done=True, result=result)


def _redirect(to: str, **kwargs: Any) -> HttpResponseRedirect:
    # Never permanent (redirect()'s default), so always an HttpResponseRedirect.
    response: HttpResponseRedirect | HttpResponsePermanentRedirect = redirect(to, **kwargs)
    return response  # type: ignore[return-value]


def saved(request: HttpRequest, message: str, to: str, **kwargs: Any) -> HttpResponseRedirect:
    """Say what was done and go to ``to`` (a URL name, with its arguments, or a path)."""
    messages.success(request, message)
    return _redirect(to, **kwargs)


def act_then_redirect(
    request: HttpRequest, act: Callable[[], Any], *, success: str, to: str, **kwargs: Any
) -> HttpResponseRedirect:
    """Press a button: do it and say so, or say why not; either way go to ``to``."""
    try:
        act()
    except ActionError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, success)
    return _redirect(to, **kwargs)
