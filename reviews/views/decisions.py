"""The partners' decisions (working day 9) and the decision meeting (working day 11).

Every read of a partner's decision goes through permissions.decisions_visible_to (the blind
rule): a partner lead sees the others' only once their own is recorded or working day 9 has
passed. Only a partner's own lead records its decision; the business team records the
meeting. These pages belong to a rapid review: an LCSPR answers 404.
"""

from __future__ import annotations

from typing import Any, Final

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions import ActionError, EditConflict
from reviews.actions.decisions import (
    DECISION_FIELDS,
    QUESTIONS,
    decision_meeting,
    meeting_gaps,
    record_decision_meeting,
    record_partner_decision,
    review_partners,
)
from reviews.clock import schedule_for
from reviews.forms.decisions import (
    LEGENDS,
    DecisionMeetingForm,
    PartnerDecisionForm,
    initial_for_meeting,
)
from reviews.history_words import Correction, corrections
from reviews.models import (
    Attendance,
    JointDecision,
    PartnerDecision,
    Review,
    ReviewKind,
    ReviewMember,
    ReviewRole,
)
from reviews.permissions import (
    Permission,
    can,
    decisions_visible_to,
    get_review_for,
    partner_organisations,
)
from reviews.schedule import ScheduledStep
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import person
from reviews.views.steps import optional_url

LARGEST_ID: Final = 2**31 - 1
# Rows of a decision shown to readers: (answer field, rationale field, question).
DECISION_ROWS: Final = [
    (DECISION_FIELDS[i], DECISION_FIELDS[i + 1], LEGENDS[DECISION_FIELDS[i]][0])
    for i in range(0, len(DECISION_FIELDS), 2)
]
LABELS: Final = {
    **{answer: question for answer, _rationale, question in DECISION_ROWS},
    **{rationale: f"Rationale for {QUESTIONS[answer]}" for answer, rationale, _q in DECISION_ROWS},
    "held_on": "Date held",
    "legal_advice": "Legal advice",
    "national_criteria_met": "National review criteria met",
    "lcspr_to_start": "An LCSPR will start",
    "rationale": "Rationale",
    "action_on_learning": "Action on the learning",
}


def _rapid_review(request: HttpRequest, pk: int, permission: Permission) -> tuple[User, Review]:
    user = person(request)
    review = get_review_for(user, pk, permission)
    if review.kind != ReviewKind.RAPID_REVIEW:
        raise Http404("The partners' decisions belong to a rapid review.")
    return user, review


def _step(review: Review, key: str) -> ScheduledStep | None:
    try:
        return schedule_for(review).step(key)
    except KeyError:
        return None


# The records whose edits can clash here: their fields give the answers' words.
DECIDED: Final = (PartnerDecision, JointDecision)


@require_GET
def partner_decisions(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has decided (for the business team); a partner lead's own decision and, once the
    blind rule allows, the others'."""
    user, review = _rapid_review(request, pk, Permission.VIEW_REVIEW)
    today = moment.today()
    step = _step(review, "partner-decisions")
    visible = list(decisions_visible_to(user, review, today=today))
    decided = {decision.organisation_id: decision for decision in visible}
    own = partner_organisations(user, review)
    own_ids = {organisation.pk for organisation in own}
    passed = step is not None and step.due is not None and step.due < today
    may_run = can(user, Permission.RUN_REVIEW, review)
    progress: list[tuple[Organisation, PartnerDecision | None]] = []
    if may_run:
        partners = review_partners(review)
        listed = {organisation.pk for organisation in partners}
        progress = [(organisation, decided.get(organisation.pk)) for organisation in partners]
        progress += [
            (each.organisation, each) for each in visible if each.organisation_id not in listed
        ]
    return render(
        request,
        "reviews/decisions/partner_decisions.html",
        {
            "review": review,
            "step": step,
            "progress": progress,
            "passed": passed,
            "own": [(organisation, decided.get(organisation.pk)) for organisation in own],
            "blind": bool(own) and not (own_ids & decided.keys()) and not passed,
            "others": [each for each in visible if each.organisation_id not in own_ids],
            "rows": DECISION_ROWS,
        },
    )


@require_http_methods(["GET", "POST"])
def partner_decision(request: HttpRequest, pk: int, organisation_pk: int) -> HttpResponse:
    """A partner's lead records or corrects its decision; others read it once allowed."""
    user, review = _rapid_review(request, pk, Permission.VIEW_REVIEW)
    organisation = Organisation.objects.filter(
        pk=min(organisation_pk, LARGEST_ID),
        partnership=review.partnership_id,
        is_statutory_partner=True,
    ).first()
    if organisation is None:
        raise Http404("No such statutory partner.")
    speaks = organisation.pk in {each.pk for each in partner_organisations(user, review)}
    decision = decisions_visible_to(user, review).filter(organisation=organisation).first()
    if not speaks:
        if decision is None:  # not recorded, or not theirs to see yet: as if it did not exist
            raise Http404("No such decision.")
        if request.method == "POST":
            raise PermissionDenied(f"Only {organisation.name}'s lead records its decision.")
    form: PartnerDecisionForm | None = None
    conflict: EditConflict | None = None
    if speaks:
        initial: dict[str, Any] = {"version": decision.version if decision else 0}
        if decision is not None:
            initial |= {name: getattr(decision, name) for name in DECISION_FIELDS}
        form = PartnerDecisionForm(
            request.POST if request.method == "POST" else None, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            try:
                record_partner_decision(
                    review,
                    organisation=organisation,
                    by=user,
                    expected_version=form.cleaned_data["version"],
                    answers=form.answers(),
                )
            except EditConflict as clash:
                conflict = clash
                form = PartnerDecisionForm(
                    initial={**form.cleaned_data, "version": clash.current_version}
                )
            except ActionError as refusal:
                form.add_error(
                    refusal.field if refusal.field in form.fields else None, refusal.message
                )
            else:
                messages.success(request, f"{organisation.name}'s decision has been saved.")
                return redirect("reviews:partner-decisions", pk=review.pk)
    status = 409 if conflict else 400 if form is not None and form.errors else 200
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
            "step": _step(review, "partner-decisions"),
            "earlier": _earlier_answers(decision),
        },
        status=status,
    )


def _earlier_answers(decision: PartnerDecision | None) -> list[Correction]:
    """Each correction of the decision, newest first, from its history (the page promises the
    earlier answers are kept). One query, and none for a decision never corrected."""
    if decision is None or decision.version == 1:
        return []
    kept = corrections(PartnerDecision, list(decision.history.select_related("history_user")))
    return sorted(kept.values(), key=lambda each: each.version, reverse=True)


def _parts(members: list[ReviewMember]) -> dict[int, str]:
    """Return each person's parts in the review, in words, by person id."""
    parts: dict[int, list[str]] = {}
    for member in members:
        words = ReviewRole(member.role).label
        if member.organisation is not None:
            words += f", {member.organisation.name}"
        parts.setdefault(member.user_id, []).append(words)
    return {pk: "; ".join(each) for pk, each in parts.items()}


@require_http_methods(["GET", "POST"])
def meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Attendance, legal advice, the joint decision and dissent at the decision meeting."""
    posting = request.method == "POST"
    user, review = _rapid_review(
        request, pk, Permission.RUN_REVIEW if posting else Permission.VIEW_REVIEW
    )
    may_run = posting or can(user, Permission.RUN_REVIEW, review)
    meeting = decision_meeting(review)
    context: dict[str, Any] = {
        "review": review,
        "meeting": meeting,
        "step": _step(review, "decision-meeting"),
        "decisions": list(decisions_visible_to(user, review)),
        "partners": review_partners(review),
        "rows": DECISION_ROWS,
        "report_url": optional_url("reviews:report", pk=review.pk),
        "may_run": may_run,
        "form": None,
        "conflict": None,
        "conflict_rows": [],
        "invitees": [],
        "attendance": [],
        "joint": None,
        "dissents": [],
        "gaps": [],
    }
    if meeting is None:
        if posting:
            raise Http404("No decision meeting has been arranged.")
        return render(request, "reviews/decisions/meeting.html", context)
    members = list(
        ReviewMember.objects.filter(review=review, active=True).select_related("organisation")
    )
    invitees = list(meeting.invitees.order_by("full_name"))
    attendance = list(
        Attendance.objects.filter(meeting=meeting).select_related("user", "organisation")
    )
    joint = JointDecision.objects.filter(meeting=meeting).select_related("recorded_by").first()
    dissents = list(joint.dissents.select_related("organisation", "person")) if joint else []
    legal = [m.user_id for m in members if m.role == ReviewRole.LEGAL_REPRESENTATIVE]
    context |= {
        "invitees": invitees,
        "attendance": attendance,
        "joint": joint,
        "dissents": dissents,
        "gaps": meeting_gaps(attendance, legal),
    }
    if may_run:
        parts = _parts(members)
        people = [(invitee, parts.get(invitee.pk, "")) for invitee in invitees]
        if joint is not None:
            initial = initial_for_meeting(
                joint,
                {row.user_id: (row.attended, row.apologies) for row in attendance},
                {row.organisation_id: row.reasons for row in dissents},
            )
        else:
            held = timezone.localtime(meeting.starts_at).date()
            initial = {"version": 0, "held_on": held if held <= moment.today() else None}
        form = DecisionMeetingForm(
            request.POST if posting else None,
            initial=initial,
            invitees=people,
            partners=context["partners"],
        )
        if posting and form.is_valid():
            try:
                record_decision_meeting(
                    meeting,
                    by=user,
                    expected_version=form.cleaned_data["version"],
                    attendance=form.attendance(),
                    dissents=form.dissents(),
                    **form.decision(),
                )
            except EditConflict as clash:
                context["conflict"] = clash
                context["conflict_rows"] = conflict_rows(clash, LABELS, records=DECIDED)
                form = DecisionMeetingForm(
                    initial={**form.cleaned_data, "version": clash.current_version},
                    invitees=people,
                    partners=context["partners"],
                )
            except ActionError as refusal:
                form.add_error(
                    refusal.field if refusal.field in form.fields else None, refusal.message
                )
            else:
                messages.success(request, "The decision meeting has been recorded.")
                return redirect("reviews:decision-meeting", pk=review.pk)
        context["form"] = form
    form = context["form"]
    status = 409 if context["conflict"] else 400 if form is not None and form.errors else 200
    return render(request, "reviews/decisions/meeting.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/decisions/", partner_decisions, name="partner-decisions"),
    path("<int:pk>/decisions/<int:organisation_pk>/", partner_decision, name="partner-decision"),
    path("<int:pk>/decision-meeting/", meeting_record, name="decision-meeting"),
]
