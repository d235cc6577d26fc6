"""A review's own pages: the list, the overview, editing its details, its history."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import Organisation, User
from reviews import actions
from reviews.actions import EditConflict
from reviews.clock import schedule_for, schedules_for
from reviews.event_types import EventType, describe, title
from reviews.forms import HistoryFilterForm, ReviewDetailsForm
from reviews.forms.steps import DashboardFilterForm
from reviews.history_words import (
    CORRECTED,
    ChangeLine,
    Correction,
    Names,
    change_lines,
    correction_numbers,
    corrections,
    wanted_names,
    with_earlier_answers,
)
from reviews.models import (
    ANSWERED,
    AccessLogEntry,
    Event,
    Hold,
    Notification,
    PartnerDecision,
    Review,
    ReviewMember,
    ReviewRole,
)
from reviews.permissions import (
    GRANTS,
    Permission,
    can,
    can_record_notification,
    can_view_themes,
    decisions_visible_to,
    get_review_for,
    is_business_team,
    requests_answerable_by,
    standing_on,
)
from reviews.process import RuleSettings
from reviews.views.helpers import look_from, person, query_without_page
from reviews.views.lcspr.planning import lcspr_step_link, publication_due
from reviews.views.learning.plan_learning import learning_summary
from reviews.views.steps import dashboard_rows, optional_url, step_url, task_groups

HISTORY_PAGE_SIZE = 50


def review_list(request: HttpRequest) -> HttpResponse:
    """The dashboard: every review the person may open, most urgent first, with filters."""
    user = person(request)
    form = DashboardFilterForm(request.GET or None)
    found = Review.objects.visible_to(user).select_related("partnership")
    if not (user.partnership_id and is_business_team(user, user.partnership_id)):
        # An agency contributor's part is their own request, listed above the reviews: the
        # reviews themselves are for the parts that may open them (need to know).
        viewing_roles = [
            grant.value for grant in GRANTS[Permission.VIEW_REVIEW] if isinstance(grant, ReviewRole)
        ]
        found = found.filter(
            Exists(
                ReviewMember.objects.filter(
                    review=OuterRef("pk"), user=user, active=True, role__in=viewing_roles
                )
            )
        )
    status, only_overdue = "open", False
    if form.is_valid():
        data = form.cleaned_data
        status = data["status"] or "open"
        only_overdue = data["overdue"]
        if data["kind"]:
            found = found.filter(kind=data["kind"])
        if data["case_code"]:
            found = found.filter(case_code__icontains=data["case_code"].strip())
    if status == "open":
        found = found.filter(closed_at__isnull=True)
    elif status == "closed":
        found = found.filter(closed_at__isnull=False)
    reviews = list(found)
    schedules = schedules_for(reviews)
    rows = dashboard_rows(reviews, schedules)
    if only_overdue:
        rows = [row for row in rows if row.overdue]
    to_answer = list(
        requests_answerable_by(user)
        .exclude(status__in=ANSWERED)
        .filter(review__closed_at__isnull=True)
        .select_related("review", "organisation")
        .order_by("due_on", "pk")
    )
    return render(
        request,
        "reviews/review_list.html",
        {
            "form": form,
            "rows": rows,
            "filtered": bool(request.GET),
            "to_answer": [
                (each, optional_url("reviews:request", pk=each.review_id, request_pk=each.pk))
                for each in to_answer
            ],
            "may_record": can_record_notification(user),
            "may_see_themes": user.partnership is not None
            and can_view_themes(user, user.partnership),
            # An LCSPR's publication deadline, from the schedules already computed.
            "publish_by": {
                review.pk: step
                for review in reviews
                if review.is_lcspr and (step := publication_due(schedules[review.pk]))
            },
        },
        status=400 if form.errors else 200,
    )


# Steps whose pages every participant (not only the business team) may open.
STEPS_OPEN_TO_PARTICIPANTS = frozenset(
    {"partner-decisions", "decision-meeting", "report-amended", "report-agreed"}
)


def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The review's overview: its summary and every step as a GOV.UK task list."""
    user = person(request)
    review = get_review_for(user, pk, Permission.VIEW_REVIEW)
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.VIEWED_REVIEW,
        review=review,
        target=review.case_code,
        look=look_from(request),
    )
    standing = standing_on(user, review)
    may = {permission.value: bool(standing & GRANTS[permission]) for permission in Permission}
    members = review.members.filter(active=True).select_related("user", "organisation")
    schedule = schedule_for(review)
    notification = Notification.objects.filter(review=review).first()
    late = False
    if notification is not None:
        try:
            due = schedule.step("notify-panel").original_due
        except KeyError:
            due = None
        late = due is not None and notification.panel_notified_on > due
    runs = may[Permission.MANAGE_REQUESTS.value]
    reads = may[Permission.VIEW_DOCUMENTS.value]

    def link(key: str) -> str | None:
        if review.is_lcspr:
            return lcspr_step_link(standing, review.pk, key)
        # The business team links every step; others link the pages where they act or read
        # (their own decision, the meeting's record, the report they approve).
        if runs or (reads and key in STEPS_OPEN_TO_PARTICIPANTS):
            return step_url(review.pk, key)
        return None

    groups = [
        (title, [(step, link(step.key)) for step in steps])
        for title, steps in task_groups(schedule.steps)
    ]
    settings = RuleSettings.of(review.partnership)
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "may": may,
            "members": members,
            "schedule": schedule,
            "groups": groups,
            "next_step": schedule.next_deadline(),
            "overdue": schedule.overdue_count(),
            "origin_label": schedule.process.origin_label_for(settings),
            "notification": notification,
            "late": late,
            "children": list(review.children.all()),
            "on_hold": Hold.objects.filter(review=review, end__isnull=True).first(),
            "learning_summary": learning_summary(review),
            "publish_by": publication_due(schedule) if review.is_lcspr else None,
            "rapid_review_visible": (rapid := review.rapid_review) is not None
            and can(user, Permission.VIEW_REVIEW, rapid),
        },
    )


def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.EDIT_REVIEW)
    conflict: EditConflict | None = None
    if request.method == "POST":
        form = ReviewDetailsForm(request.POST)
        if form.is_valid():
            try:
                actions.update_review_details(
                    review,
                    by=user,
                    expected_version=form.cleaned_data["version"],
                    pseudonym=form.cleaned_data["pseudonym"],
                    summary=form.cleaned_data["summary"],
                )
            except EditConflict as clash:
                conflict = clash
                review.refresh_from_db()
                # Start again from what is saved now; the person's own text is shown beside it.
                form = ReviewDetailsForm(
                    initial={
                        "version": review.version,
                        "pseudonym": form.cleaned_data["pseudonym"],
                        "summary": form.cleaned_data["summary"],
                    }
                )
            else:
                messages.success(request, "The review's details have been saved.")
                return redirect("reviews:detail", pk=review.pk)
    else:
        form = ReviewDetailsForm(
            initial={
                "version": review.version,
                "pseudonym": review.pseudonym,
                "summary": review.summary,
            }
        )
    status = 409 if conflict else 200
    return render(
        request,
        "reviews/review_edit.html",
        {"review": review, "form": form, "conflict": conflict},
        status=status,
    )


def review_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.VIEW_HISTORY)
    people = list(
        User.objects.filter(pk__in=review.events.values("actor"))
        .order_by("full_name")
        .values_list("pk", "full_name")
    )
    # "What happened" offers the kinds of event this review has; a kind asked for by address
    # (a bookmark, say) stays valid, and matches nothing, rather than being refused.
    kinds = set(review.events.order_by().values_list("type", flat=True).distinct())
    asked = request.GET.get("type", "")
    if asked in set(EventType):
        kinds.add(asked)
    form = HistoryFilterForm(
        request.GET or None,
        people=people,
        types=sorted(((kind, title(kind)) for kind in kinds), key=lambda pair: pair[1]),
    )
    events = review.events.select_related("actor")
    if form.is_valid():
        if form.cleaned_data["type"]:
            events = events.filter(type=form.cleaned_data["type"])
        if form.cleaned_data["person"]:
            events = events.filter(actor_id=form.cleaned_data["person"])
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page)
    return render(
        request,
        "reviews/review_history.html",
        {
            "review": review,
            "form": form,
            "page": page,
            "entries": _history_entries(user, review, shown),
            "filters": query_without_page(request),
            # django-simple-history keeps every earlier state of the details.
            "versions": review.history.select_related("history_user").order_by("-history_date")[
                :HISTORY_PAGE_SIZE
            ],
        },
        status=400 if form.errors else 200,
    )


def _history_entries(
    user: User, review: Review, events: list[Event]
) -> list[tuple[Event, str, list[ChangeLine], Correction | None]]:
    """Each event in words, with its changes in words and, for a corrected decision, the
    earlier answers from the decision's history. A fixed number of queries for any page: one
    for the people and one for the organisations the changes name, and for corrections one
    for the review's correcting events and one per kind of corrected record."""
    wanted_people, wanted_organisations = wanted_names(
        (event.type, event.detail) for event in events
    )
    names = Names(
        people=dict(User.objects.filter(pk__in=wanted_people).values_list("pk", "full_name"))
        if wanted_people
        else {},
        organisations=dict(
            Organisation.objects.filter(pk__in=wanted_organisations).values_list("pk", "name")
        )
        if wanted_organisations
        else {},
    )
    found = _corrections(user, review, events, names)
    return [
        (
            event,
            describe(event),
            with_earlier_answers(
                change_lines(event.type, event.detail, names), found.get(event.pk)
            ),
            found.get(event.pk),
        )
        for event in events
    ]


def _corrections(
    user: User, review: Review, events: list[Event], names: Names
) -> dict[int, Correction]:
    """The earlier answers behind the corrections on this page, by event pk."""
    if not any(event.type in CORRECTED for event in events):
        return {}
    # Which version each correction made: the first change to a record makes version 2.
    made = correction_numbers(
        review.events.filter(type__in=list(CORRECTED))
        .order_by("created_at", "pk")
        .values_list("pk", "type", "detail")
    )
    on_page = {event.pk: event.type for event in events if event.pk in made}
    found: dict[int, Correction] = {}
    for kind, (model, _key) in CORRECTED.items():
        ids = {made[pk][0] for pk, each in on_page.items() if each == kind}
        if not ids:
            continue
        rows = model.history.filter(id__in=ids)  # type: ignore[attr-defined]
        if model is PartnerDecision:
            # The blind rule: only decisions this person may read (permissions).
            rows = rows.filter(id__in=decisions_visible_to(user, review).values("pk"))
        kept = corrections(model, list(rows.select_related("history_user")), names)
        for pk, each in on_page.items():
            if each == kind and made[pk] in kept:
                found[pk] = kept[made[pk]]
    return found
