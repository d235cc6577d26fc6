"""Starting an LCSPR, its terms of reference, the independent author and the introduction
meeting.

Everyone taking part in the LCSPR (agencies aside) reads these pages. The business team
records an LCSPR and shares and records the terms; the business team, the review's business
team lead and the independent author draft the terms and record the introduction meeting;
review panel members and partner leads agree the terms. A rapid review has none of these
pages (404). Routes are listed in ``urlpatterns``, which reviews.urls includes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Final

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.author import (
    attendee_choices,
    change_commission,
    commission_author,
    record_introduction_meeting,
)
from reviews.actions.lcspr.start import rapid_reviews_without_lcspr, record_lcspr
from reviews.actions.lcspr.terms import (
    STEP,
    agree_terms,
    agreeing_members,
    default_terms_period,
    draft_terms,
    latest_terms,
    record_terms_agreed,
    recorded_numbers,
    share_terms,
)
from reviews.actions.working_day_one.common import is_done, long_date
from reviews.forms.lcspr_planning import (
    AgreeTermsForm,
    CommissionForm,
    IntroductionMeetingForm,
    RecordLcsprForm,
    TermsAgreedForm,
    TermsForm,
)
from reviews.models import (
    AuthorCommission,
    IntroductionMeeting,
    Review,
    ReviewMember,
    ReviewRole,
    TermsAgreement,
    TermsOfReference,
)
from reviews.permissions import (
    GRANTS,
    Grant,
    Permission,
    can_record_notification,
    standing_on,
)
from reviews.schedule import Schedule, ScheduledStep
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import lcspr_for, person
from reviews.views.steps import step_url

# LCSPR steps the independent author works on (and so finds linked on the review's page).
AUTHOR_STEPS = frozenset(
    {
        "terms-of-reference",
        "introduction-meeting",
        "itinerary-confirmed",
        "learning-events",
        "family-engagement",
        "draft-report",
        "draft-presented",
        "final-draft-agreed",
    }
)
# LCSPR steps the review panel members and partner leads act on.
PANEL_STEPS = frozenset({"terms-of-reference", "draft-report", "signed-off"})


def lcspr_step_link(standing: frozenset[Grant], review_pk: int, key: str) -> str | None:
    """The link an LCSPR's step gets on its page for this person, or None: every step for the
    business team, their own steps for the author and for the review panel."""
    if standing & GRANTS[Permission.RUN_REVIEW]:
        return step_url(review_pk, key)
    if ReviewRole.INDEPENDENT_AUTHOR in standing and key in AUTHOR_STEPS:
        return step_url(review_pk, key)
    if standing & GRANTS[Permission.AGREE_TERMS] and key in PANEL_STEPS:
        return step_url(review_pk, key)
    return None


def publication_due(schedule: Schedule) -> ScheduledStep | None:
    """An LCSPR's publication step while it is still to do (six months from the decision)."""
    try:
        step = schedule.step("published")
    except KeyError:
        return None
    return step if step.completed is None else None


# The records whose edits can clash on these pages: the commission and the introduction meeting.
_PLANNED: Final = (AuthorCommission, IntroductionMeeting)


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _refused(form: Form, refusal: ActionError) -> int:
    """Put a refusal on the form; 400 when it names a field, 409 when it is about the state."""
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
    return 400 if refusal.field in form.fields else 409


def record(request: HttpRequest) -> HttpResponse:
    """Record an LCSPR commissioned before the service was in use (the business team)."""
    user = person(request)
    if not can_record_notification(user) or user.partnership is None:
        raise PermissionDenied("Only the business team records reviews.")
    partnership = user.partnership
    candidates = {each.pk: each for each in rapid_reviews_without_lcspr(partnership)}
    form = RecordLcsprForm(
        _posted(request),
        rapid_reviews=[(pk, f"{r.case_code} ({r.pseudonym})") for pk, r in candidates.items()],
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                lcspr = record_lcspr(
                    partnership=partnership,
                    by=user,
                    pseudonym=data["pseudonym"],
                    summary=data["summary"],
                    decided_on=data["decided_on"],
                    rapid_review=candidates.get(data["rapid_review"])
                    if data["rapid_review"]
                    else None,
                )
            except ActionError as refusal:
                status = _refused(form, refusal)
            else:
                messages.success(request, f"The LCSPR {lcspr.case_code} has been recorded.")
                return redirect("reviews:detail", pk=lcspr.pk)
    return render(request, "reviews/lcspr/planning/record.html", {"form": form}, status=status)


def _render_terms(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    agree_form: AgreeTermsForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    versions = list(
        TermsOfReference.objects.filter(review=review)
        .select_related("created_by")
        .order_by("-number")
    )
    agreements: dict[int, list[TermsAgreement]] = defaultdict(list)
    for agreement in TermsAgreement.objects.filter(terms__review=review).select_related(
        "person", "organisation"
    ):
        agreements[agreement.terms_id].append(agreement)
    latest = versions[0] if versions else None
    agreed_latest = {each.person_id for each in agreements[latest.pk]} if latest else set()
    still_to_agree: list[ReviewMember] = []
    if latest is not None and latest.shared_at is not None:
        seen: set[int] = set()
        for member in agreeing_members(review):
            if member.user_id not in agreed_latest and member.user_id not in seen:
                seen.add(member.user_id)
                still_to_agree.append(member)
    standing = standing_on(user, review)
    recorded = recorded_numbers(review)
    may_run = bool(standing & GRANTS[Permission.RUN_REVIEW]) and review.is_open
    may_agree = bool(standing & GRANTS[Permission.AGREE_TERMS]) and review.is_open
    shared = latest is not None and latest.shared_at is not None
    if agree_form is None and may_agree and shared and user.pk not in agreed_latest:
        assert latest is not None  # noqa: S101  shared implies a latest version
        agree_form = AgreeTermsForm(initial={"number": latest.number})
    return render(
        request,
        "reviews/lcspr/planning/terms.html",
        {
            "review": review,
            "latest": latest,
            "earlier": versions[1:],
            "agreements": agreements,
            "still_to_agree": still_to_agree,
            "recorded": recorded,
            "step_done": is_done(review, STEP),
            "may_draft": bool(standing & GRANTS[Permission.AUTHOR_WORK]) and review.is_open,
            "may_share": may_run and latest is not None and not shared,
            "may_record": may_run
            and shared
            and bool(agreed_latest)
            and latest is not None
            and latest.number not in recorded,
            "agree_form": agree_form if may_agree and shared else None,
            "refusal": refusal,
        },
        status=status,
    )


def terms(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    return _render_terms(request, user, review)


def terms_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft a new version of the terms, starting from the latest one (or the period known)."""
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    latest = latest_terms(review)
    if latest is not None:
        initial: dict[str, Any] = {
            "period_start": latest.period_start,
            "period_end": latest.period_end,
            "practitioner_involvement": latest.practitioner_involvement,
            "manager_involvement": latest.manager_involvement,
            "family_involvement": latest.family_involvement,
            "themes": latest.themes,
        }
    else:
        start, end = default_terms_period(review)
        initial = {"period_start": start, "period_end": end}
    form = TermsForm(_posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                drafted = draft_terms(review, by=user, **form.cleaned_data)
            except ActionError as refusal:
                status = _refused(form, refusal)
            else:
                messages.success(
                    request, f"Version {drafted.number} of the terms of reference is saved."
                )
                return redirect("reviews:terms", pk=review.pk)
    return render(
        request,
        "reviews/lcspr/planning/terms_draft.html",
        {"review": review, "form": form, "latest": latest},
        status=status,
    )


@require_POST
def terms_share(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    try:
        shared = share_terms(review, by=user)
    except ActionError as refusal:
        return _render_terms(request, user, review, refusal=refusal.message, status=409)
    messages.success(
        request,
        f"Version {shared.number} has been sent to the author and the review panel to agree.",
    )
    return redirect("reviews:terms", pk=review.pk)


@require_POST
def terms_agree(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.AGREE_TERMS)
    form = AgreeTermsForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            agree_terms(
                review,
                by=user,
                number=form.cleaned_data["number"],
                comment=form.cleaned_data["comment"],
            )
        except ActionError as refusal:
            status = _refused(form, refusal)
        else:
            messages.success(
                request, f"You have agreed version {form.cleaned_data['number']} of the terms."
            )
            return redirect("reviews:terms", pk=review.pk)
    return _render_terms(request, user, review, agree_form=form, status=status)


@require_POST
def terms_agreed(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    form = TermsAgreedForm(request.POST)
    if not form.is_valid():
        return _render_terms(
            request, user, review, refusal="Reload the page and try again.", status=400
        )
    try:
        agreed = record_terms_agreed(review, by=user, expected_version=form.cleaned_data["version"])
    except EditConflict:
        review.refresh_from_db()
        return _render_terms(
            request,
            user,
            review,
            refusal="Someone else changed the review while you were reading: nothing was "
            "recorded. Check the terms and the period under review, then record them again.",
            status=409,
        )
    except ActionError as refusal:
        return _render_terms(request, user, review, refusal=refusal.message, status=409)
    messages.success(
        request,
        f"Version {agreed.number} is recorded as agreed; the period under review is now "
        f"{long_date(agreed.period_start)} to {long_date(agreed.period_end)}.",
    )
    return redirect("reviews:terms", pk=review.pk)


def _people(review: Review) -> list[tuple[int, str]]:
    return [
        (each.pk, f"{each.full_name} ({each.email})")
        for each in User.objects.filter(partnership=review.partnership_id, is_active=True).order_by(
            "full_name", "pk"
        )
    ]


def _commission_values(data: dict[str, Any], people: dict[int, User]) -> dict[str, Any]:
    return {
        "author": people[data["author"]],
        "author_organisation": data["author_organisation"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "contract_reference": data["contract_reference"],
    }


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
    standing = standing_on(user, review)
    may_run = bool(standing & GRANTS[Permission.RUN_REVIEW]) and review.is_open
    form: CommissionForm | None = None
    status, refusal = 200, ""
    if commission is None and may_run:
        choices = _people(review)
        form = CommissionForm(_posted(request), initial={"version": 0}, people=choices)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                chosen = User.objects.filter(pk=form.cleaned_data["author"])
                people = {each.pk: each for each in chosen}
                try:
                    commission_author(
                        review, by=user, **_commission_values(form.cleaned_data, people)
                    )
                except ActionError as refusal_:
                    status = _refused(form, refusal_)
                else:
                    messages.success(request, "The independent author has been commissioned.")
                    return redirect("reviews:author", pk=review.pk)
    elif request.method == "POST":
        refusal = (
            "The author is already commissioned: change the commission instead."
            if review.is_open
            else f"{review.case_code} is closed: its record can be read but no longer changed."
        )
        status = 409
    sees_contract = may_run or (commission is not None and commission.author_id == user.pk)
    return render(
        request,
        "reviews/lcspr/planning/author.html",
        {
            "review": review,
            "commission": commission,
            "form": form,
            "may_change": may_run and commission is not None,
            "sees_contract": sees_contract,
            "refusal": refusal,
        },
        status=status,
    )


def author_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    commission = AuthorCommission.objects.filter(review=review).select_related("author").first()
    if commission is None or not review.is_open:
        return redirect("reviews:author", pk=review.pk)
    choices = _people(review)
    form = CommissionForm(
        _posted(request),
        initial={
            "version": commission.version,
            "author": commission.author_id,
            "author_organisation": commission.author_organisation,
            "starts_on": commission.starts_on,
            "ends_on": commission.ends_on,
            "contract_reference": commission.contract_reference,
        },
        people=choices,
    )
    conflict: EditConflict | None = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            people = {each.pk: each for each in User.objects.filter(pk=data["author"])}
            try:
                change_commission(
                    commission,
                    by=user,
                    expected_version=data["version"],
                    **_commission_values(data, people),
                )
            except EditConflict as clash:
                conflict, status = clash, 409
                form = CommissionForm(
                    initial={**data, "version": clash.current_version}, people=choices
                )
            except ActionError as refusal:
                status = _refused(form, refusal)
            else:
                messages.success(request, "The commission has been changed.")
                return redirect("reviews:author", pk=review.pk)
    labels = {
        "author_id": "Independent author",
        "author_organisation": "Author's organisation",
        "starts_on": "Start of the commission",
        "ends_on": "End of the commission",
        "contract_reference": "Contract reference",
    }
    names = dict(choices)
    return render(
        request,
        "reviews/lcspr/planning/author_edit.html",
        {
            "review": review,
            "commission": commission,
            "form": form,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, labels, records=_PLANNED, names=names),
        },
        status=status,
    )


def introduction_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """The introduction meeting: read by everyone taking part, recorded by the review team."""
    reading = request.method != "POST"
    user, review = lcspr_for(
        request, pk, Permission.VIEW_REVIEW if reading else Permission.AUTHOR_WORK
    )
    meeting = (
        IntroductionMeeting.objects.filter(review=review)
        .select_related("recorded_by")
        .prefetch_related("attendees")
        .first()
    )
    standing = standing_on(user, review)
    may_act = bool(standing & GRANTS[Permission.AUTHOR_WORK]) and review.is_open
    form: IntroductionMeetingForm | None = None
    conflict: EditConflict | None = None
    choices: list[tuple[int, str]] = []
    status = 200
    if may_act:
        members = attendee_choices(review)
        people = {member.user_id: member.user for member in members}
        choices = [
            (
                member.user_id,
                f"{member.user.full_name} ({member.get_role_display()}"
                f"{', ' + member.organisation.name if member.organisation else ''})",
            )
            for member in members
        ]
        initial: dict[str, Any] = {"version": 0}
        if meeting is not None:
            initial = {
                "version": meeting.version,
                "held_on": meeting.held_on,
                "attendees": [each.pk for each in meeting.attendees.all()],
                "others_present": meeting.others_present,
                "agreed": meeting.agreed,
            }
        form = IntroductionMeetingForm(_posted(request), initial=initial, people=choices)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                data = form.cleaned_data
                try:
                    record_introduction_meeting(
                        review,
                        by=user,
                        expected_version=data["version"],
                        held_on=data["held_on"],
                        attendees=[people[pk] for pk in data["attendees"]],
                        others_present=data["others_present"],
                        agreed=data["agreed"],
                    )
                except EditConflict as clash:
                    conflict, status = clash, 409
                    form = IntroductionMeetingForm(
                        initial={**data, "version": clash.current_version}, people=choices
                    )
                except ActionError as refusal:
                    status = _refused(form, refusal)
                else:
                    messages.success(request, "The introduction meeting is recorded.")
                    return redirect("reviews:introduction-meeting", pk=review.pk)
    labels = {
        "held_on": "Date of the meeting",
        "attendees": "Who attended",
        "others_present": "Others present",
        "agreed": "What was agreed",
    }
    names = dict(choices)
    return render(
        request,
        "reviews/lcspr/planning/introduction_meeting.html",
        {
            "review": review,
            "meeting": meeting,
            "form": form,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, labels, records=_PLANNED, names=names),
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("lcspr/new/", record, name="record-lcspr"),
    path("<int:pk>/terms-of-reference/", terms, name="terms"),
    path("<int:pk>/terms-of-reference/new/", terms_draft, name="terms-draft"),
    path("<int:pk>/terms-of-reference/share/", terms_share, name="terms-share"),
    path("<int:pk>/terms-of-reference/agree/", terms_agree, name="terms-agree"),
    path("<int:pk>/terms-of-reference/agreed/", terms_agreed, name="terms-agreed"),
    path("<int:pk>/author/", author, name="author"),
    path("<int:pk>/author/change/", author_edit, name="author-edit"),
    path("<int:pk>/introduction-meeting/", introduction_meeting, name="introduction-meeting"),
]
