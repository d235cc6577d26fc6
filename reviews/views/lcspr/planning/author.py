"""The independent author's commission: read by everyone taking part, made and changed by the
business team (RUN_REVIEW); the contract is shown to the team and to the author."""

from __future__ import annotations

from typing import Any, Final

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from accounts.models import User
from reviews.actions.lcspr.planning.author import change_commission, commission_author
from reviews.forms.lcspr.planning import CommissionForm
from reviews.models import AuthorCommission, IntroductionMeeting, Review
from reviews.permissions import GRANTS, Permission, standing_on
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import lcspr_for
from reviews.views.lcspr.planning.common import status_after
from reviews.views.posting import saved, submit

# The records whose edits can clash on the planning pages.
PLANNED: Final = (AuthorCommission, IntroductionMeeting)
LABELS = {
    "author_id": "Independent author",
    "author_organisation": "Author's organisation",
    "starts_on": "Start of the commission",
    "ends_on": "End of the commission",
    "contract_reference": "Contract reference",
}


def _people(review: Review) -> list[tuple[int, str]]:
    return [
        (each.pk, f"{each.full_name} ({each.email})")
        for each in User.objects.filter(partnership=review.partnership_id, is_active=True).order_by(
            "full_name", "pk"
        )
    ]


def _commission_values(data: dict[str, Any]) -> dict[str, Any]:
    people = {each.pk: each for each in User.objects.filter(pk=data["author"])}
    return {
        "author": people[data["author"]],
        "author_organisation": data["author_organisation"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "contract_reference": data["contract_reference"],
    }


def _commission_form(
    request: HttpRequest, user: User, review: Review
) -> tuple[CommissionForm, HttpResponse | None, int]:
    """The form that commissions the author; on a post, the redirect once it is done."""

    def bind(data: QueryDict | None) -> CommissionForm:
        return CommissionForm(data, initial={"version": 0}, people=_people(review))

    if request.method != "POST":
        return bind(None), None, 200
    posted = submit(
        request,
        bind=bind,
        act=lambda form: commission_author(
            review, by=user, **_commission_values(form.cleaned_data)
        ),
    )
    if posted.done:
        done = saved(
            request, "The independent author has been commissioned.", "reviews:author", pk=review.pk
        )
        return posted.form, done, 302
    return posted.form, None, status_after(posted)


def author(request: HttpRequest, pk: int) -> HttpResponse:
    """The independent author's commission: read by everyone taking part, made by the team."""
    reading = request.method != "POST"
    permission = Permission.VIEW_REVIEW if reading else Permission.RUN_REVIEW
    user, review = lcspr_for(request, pk, permission)
    commission = (
        AuthorCommission.objects.filter(review=review)
        .select_related("author", "commissioned_by")
        .first()
    )
    may_run = bool(standing_on(user, review) & GRANTS[Permission.RUN_REVIEW]) and review.is_open
    form: CommissionForm | None = None
    status, refusal = 200, ""
    if commission is None and may_run:
        form, done, status = _commission_form(request, user, review)
        if done is not None:
            return done
    elif not reading:
        refusal = (
            "The author is already commissioned: change the commission instead."
            if review.is_open
            else f"{review.case_code} is closed: its record can be read but no longer changed."
        )
        status = 409
    context = {
        "review": review,
        "commission": commission,
        "form": form,
        "may_change": may_run and commission is not None,
        "sees_contract": may_run or (commission is not None and commission.author_id == user.pk),
        "refusal": refusal,
    }
    return render(request, "reviews/lcspr/planning/author.html", context, status=status)


def author_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    commission = AuthorCommission.objects.filter(review=review).select_related("author").first()
    if commission is None or not review.is_open:
        return redirect("reviews:author", pk=review.pk)
    choices = _people(review)
    initial = {
        "version": commission.version,
        "author": commission.author_id,
        "author_organisation": commission.author_organisation,
        "starts_on": commission.starts_on,
        "ends_on": commission.ends_on,
        "contract_reference": commission.contract_reference,
    }

    def bind(data: QueryDict | None) -> CommissionForm:
        return CommissionForm(data, initial=initial, people=choices)

    def act(form: CommissionForm) -> None:
        data = form.cleaned_data
        values = _commission_values(data)
        change_commission(commission, by=user, expected_version=data["version"], **values)

    form, conflict, status = bind(None), None, 200
    if request.method == "POST":
        posted = submit(request, bind=bind, act=act)
        if posted.done:
            return saved(request, "The commission has been changed.", "reviews:author", pk=pk)
        form, conflict, status = posted.form, posted.conflict, status_after(posted)
    context = {
        "review": review,
        "commission": commission,
        "form": form,
        "conflict": conflict,
        "conflict_rows": conflict_rows(conflict, LABELS, records=PLANNED, names=dict(choices)),
    }
    return render(request, "reviews/lcspr/planning/author_edit.html", context, status=status)
