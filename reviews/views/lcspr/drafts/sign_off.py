"""Signing off the agreed final draft: people sign for the organisations they speak for; the
business team records a sign-off on an organisation's behalf (RUN_REVIEW)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Organisation, User
from reviews.actions import ActionError
from reviews.actions.lcspr.drafts.sign_off import sign_off_final_draft
from reviews.clock import schedule_for
from reviews.forms.lcspr.drafts import OnBehalfForm, SignForm
from reviews.models import Review
from reviews.permissions import GRANTS, Permission, standing_on
from reviews.permissions_partners import sign_off_refusals, signs_for
from reviews.process import Step
from reviews.reads.lcspr.drafts import final_draft, signatures
from reviews.views.helpers import NotYet, lcspr_for, not_yet, step_prerequisite
from reviews.views.lcspr.drafts.common import may_on
from reviews.views.posting import saved, submit


def _sign_off_page(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    bound: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    final = final_draft(review)
    rows = signatures(review, final)
    waiting = [row.organisation for row in rows if row.sign_off is None]
    forms: dict[str, Form] = {}
    signed_for = signs_for(user, review)
    if final is not None and review.is_open:
        mine = [each for each in signed_for if each in waiting]
        if mine and standing_on(user, review) & GRANTS[Permission.VIEW_REVIEW]:
            forms["sign"] = SignForm(organisations=mine)
        if waiting and may_on(user, review)["run"]:
            forms["on_behalf"] = OnBehalfForm(organisations=waiting)
    forms.update(bound or {})
    schedule = schedule_for(review)
    blocked: NotYet | None = None
    signs = bool(signed_for) or may_on(user, review)["run"]
    if final is None and review.is_open and signs:
        # Only the agreed final draft is signed off (sign_off_final_draft).
        first = step_prerequisite(user, review, Step.FINAL_DRAFT_AGREED)
        blocked = not_yet(user, review, Step.SIGNED_OFF, schedule=schedule, also=[first])
    context = {
        "review": review,
        "final": final,
        "rows": rows,
        "waiting": waiting,
        "forms": forms,
        "blocked": blocked,
        "errors": next((form for form in forms.values() if form.errors), None),
        "step": schedule.step(Step.SIGNED_OFF),
        "refusals": sign_off_refusals(user, review) if final is not None else [],
    }
    return render(request, "reviews/lcspr/drafts/sign_off.html", context, status=status)


@never_cache
@require_GET
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    return _sign_off_page(request, user, review)


def _sign(
    request: HttpRequest,
    user: User,
    review: Review,
    bind: type[SignForm] | type[OnBehalfForm],
    *,
    name: str,
    organisations: list[Organisation],
) -> HttpResponse:
    final = final_draft(review)

    def act(form: SignForm | OnBehalfForm) -> None:
        if final is None:
            raise ActionError("There is no agreed final draft to sign off yet")
        sign_off_final_draft(
            final,
            by=user,
            organisation=form.organisation,
            on_behalf=isinstance(form, OnBehalfForm),
            note=str(form.cleaned_data.get("note", "")),
        )

    def bound(data: QueryDict) -> SignForm | OnBehalfForm:
        return bind(data, organisations=organisations)

    posted = submit(request, bind=bound, act=act)
    if posted.done:
        assert final is not None  # noqa: S101  act refuses without a final draft
        message = f"{posted.form.organisation.name} has signed off version {final.number}."
        return saved(request, message, "reviews:sign-off", pk=review.pk)
    return _sign_off_page(request, user, review, bound={name: posted.form}, status=400)


@require_POST
def sign_off_sign(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    mine = signs_for(user, review)
    if not mine:
        raise PermissionDenied(
            " ".join(sign_off_refusals(user, review))
            or "You do not speak for an organisation on this review."
        )
    return _sign(request, user, review, SignForm, name="sign", organisations=list(mine))


@require_POST
def sign_off_on_behalf(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    waiting = [
        row.organisation for row in signatures(review, final_draft(review)) if row.sign_off is None
    ]
    return _sign(request, user, review, OnBehalfForm, name="on_behalf", organisations=waiting)
