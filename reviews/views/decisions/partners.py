"""The partners' decisions (working day 9): who has decided, and one partner's decision, which
its own lead records or corrects and others read once the blind rule allows."""

from __future__ import annotations

from typing import Any, Final

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions.decisions import DECISION_FIELDS, record_partner_decision
from reviews.forms.decisions import PartnerDecisionForm
from reviews.history_words import Correction, corrections
from reviews.models import PartnerDecision, Review
from reviews.permissions import (
    Permission,
    can,
    decisions_visible_to,
)
from reviews.permissions_partners import partner_standing, refusal
from reviews.process import Step
from reviews.reads.decisions import review_partners
from reviews.views.decisions.common import (
    DECIDED,
    DECISION_ROWS,
    LABELS,
    step_of,
)
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import rapid_review_for
from reviews.views.posting import Posted, saved, status_of, submit

LARGEST_ID: Final = 2**31 - 1


def _progress(
    review: Review, visible: list[PartnerDecision], decided: dict[int, PartnerDecision]
) -> list[tuple[Organisation, PartnerDecision | None]]:
    """Each partner of the review with its decision, if any, for the business team; then any
    decision from an organisation no longer listed as a partner."""
    partners = review_partners(review)
    listed = {organisation.pk for organisation in partners}
    progress = [(organisation, decided.get(organisation.pk)) for organisation in partners]
    progress += [
        (each.organisation, each) for each in visible if each.organisation_id not in listed
    ]
    return progress


@require_GET
def partner_decisions(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has decided (for the business team); a partner lead's own decision and, once the
    blind rule allows, the others'."""
    user, review = rapid_review_for(request, pk, Permission.VIEW_REVIEW)
    today = moment.today()
    step = step_of(review, Step.PARTNER_DECISIONS)
    visible = list(decisions_visible_to(user, review, today=today))
    decided = {decision.organisation_id: decision for decision in visible}
    standing = partner_standing(user, review)
    own = standing.decides
    own_ids = {organisation.pk for organisation in own}
    passed = step is not None and step.due is not None and step.due < today
    may_run = can(user, Permission.RUN_REVIEW, review)
    return render(
        request,
        "reviews/decisions/partner_decisions.html",
        {
            "review": review,
            "step": step,
            "progress": _progress(review, visible, decided) if may_run else [],
            "passed": passed,
            "own": [(organisation, decided.get(organisation.pk)) for organisation in own],
            "refused": standing.refused,
            "blind": bool(own) and not (own_ids & decided.keys()) and not passed,
            "others": [each for each in visible if each.organisation_id not in own_ids],
            "rows": DECISION_ROWS,
        },
    )


def _statutory_partner(review: Review, organisation_pk: int) -> Organisation:
    organisation = Organisation.objects.filter(
        pk=min(organisation_pk, LARGEST_ID),
        partnership=review.partnership_id,
        is_statutory_partner=True,
    ).first()
    if organisation is None:
        raise Http404("No such statutory partner.")
    return organisation


def _record(
    request: HttpRequest,
    user: User,
    review: Review,
    organisation: Organisation,
    initial: dict[str, Any],
) -> Posted[PartnerDecisionForm]:
    """Record the lead's posted decision for their organisation."""
    return submit(
        request,
        bind=lambda data: PartnerDecisionForm(data, initial=initial),
        act=lambda form: record_partner_decision(
            review,
            organisation=organisation,
            by=user,
            expected_version=form.cleaned_data["version"],
            answers=form.answers(),
        ),
    )


@require_http_methods(["GET", "POST"])
def partner_decision(request: HttpRequest, pk: int, organisation_pk: int) -> HttpResponse:
    """A partner's lead records or corrects its decision; others read it once allowed."""
    user, review = rapid_review_for(request, pk, Permission.VIEW_REVIEW)
    organisation = _statutory_partner(review, organisation_pk)
    standing = partner_standing(user, review)
    speaks = organisation.pk in {each.pk for each in standing.decides}
    refused = next((why for each, why in standing.refused if each.pk == organisation.pk), "")
    decision = decisions_visible_to(user, review).filter(organisation=organisation).first()
    if not speaks:
        if decision is None and not refused:  # not recorded, or not theirs to see yet
            raise Http404("No such decision.")
        if request.method == "POST":
            raise PermissionDenied(refused or refusal(organisation, review))
    form = None
    posted = None
    if speaks:
        initial: dict[str, Any] = {"version": decision.version if decision else 0}
        if decision is not None:
            initial |= {name: getattr(decision, name) for name in DECISION_FIELDS}
        form = PartnerDecisionForm(initial=initial)
        if request.method == "POST":
            posted = _record(request, user, review, organisation, initial)
            if posted.done:
                message = f"{organisation.name}'s decision has been saved."
                return saved(request, message, "reviews:partner-decisions", pk=review.pk)
            form = posted.form
    conflict = posted.conflict if posted else None
    return render(
        request,
        "reviews/decisions/partner_decision.html",
        {
            "review": review,
            "organisation": organisation,
            "decision": decision,
            "form": form,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=DECIDED),
            "rows": DECISION_ROWS,
            "step": step_of(review, Step.PARTNER_DECISIONS),
            "earlier": _earlier_answers(decision),
            "refused": refused,
        },
        status=status_of(form, conflict),
    )


def _earlier_answers(decision: PartnerDecision | None) -> list[Correction]:
    """Each correction of the decision, newest first, from its history (the page promises the
    earlier answers are kept). One query, and none for a decision never corrected."""
    if decision is None or decision.version == 1:
        return []
    kept = corrections(PartnerDecision, list(decision.history.select_related("history_user")))
    return sorted(kept.values(), key=lambda each: each.version, reverse=True)
