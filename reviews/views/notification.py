"""Recording a serious incident notification, one question a page, and the recorded one.

The answers live in a server-side draft (reviews.models.notification_draft; the session holds
only its id, never a child's details) until "Check your answers" saves them with one action,
which opens the rapid review.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import Partnership, User
from reviews import actions
from reviews.actions import ActionError, EditConflict
from reviews.actions.notification import (
    CORRECTABLE,
    MAX_CHILDREN,
    correct_notification,
    record_notification,
)
from reviews.forms.notification.areas import AreasForm
from reviews.forms.notification.correction import NotificationCorrectionForm
from reviews.forms.notification.draft import (
    CHECK,
    FIELD_QUESTIONS,
    QUESTION_PAGES,
    SAVED_KEY,
    ChildAnswer,
    Draft,
    Question,
    StaleDraft,
)
from reviews.forms.notification.questions import (
    AddAnotherChildForm,
    ChildForm,
    DatesForm,
    RemoveChildForm,
)
from reviews.models import (
    AbuseOrNeglect,
    AccessLogEntry,
    Criterion,
    Harm,
    Notification,
    Plan,
    Review,
)
from reviews.models.calendar import working_calendars_for
from reviews.permissions import Permission, can, get_review_for
from reviews.permissions_partnership import can_record_notification
from reviews.reads.authorities import authorities_of, review_authorities
from reviews.reads.notification import looked_after_child_died, notified_late, panel_deadline
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import look_from, person
from reviews.views.notification_session import discard_draft as _discard
from reviews.views.notification_session import read_draft as _read_draft
from reviews.views.notification_session import save_draft as _save
from reviews.views.posting import saved, status_of, submit

FlowView = Callable[..., HttpResponse]
_CHILD_PAGE = re.compile(r"^(remove-)?child-(\d{1,3})$")


LABELS = {
    "harm": dict(Harm.choices),
    "criterion": dict(Criterion.choices),
    "abuse_or_neglect": dict(AbuseOrNeglect.choices),
    "plan": dict(Plan.choices),
}


def question_url(question: str) -> str:
    if question == CHECK:
        return reverse("reviews:notify-check")
    return reverse("reviews:notify-step", kwargs={"question": question})


def recording_flow(view: FlowView) -> Callable[..., HttpResponse]:
    """Let only the business team in, and read the draft, starting again if it is unreadable."""

    @wraps(view)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        user = person(request)
        if not can_record_notification(user) or user.partnership is None:
            raise PermissionDenied("Only the business team records notifications.")
        try:
            draft = _read_draft(request, user)
        except StaleDraft:
            _discard(request)
            messages.warning(
                request,
                "Your answers could not be read back, perhaps because the pages changed or the "
                "session expired. Start again.",
            )
            return redirect("reviews:notify")
        return view(request, user, user.partnership, draft, **kwargs)

    return wrapper


@recording_flow
def notify_start(
    request: HttpRequest, user: User, partnership: Partnership, draft: Draft | None
) -> HttpResponse:
    if request.method == "POST":  # start again, forgetting any answers so far
        _discard(request)
        _save(request, Draft())
        return redirect(question_url("child"))
    return render(request, "reviews/notification/start.html", {"draft": draft})


@recording_flow
def notify_step(
    request: HttpRequest,
    user: User,
    partnership: Partnership,
    draft: Draft | None,
    question: str,
) -> HttpResponse:
    draft = draft or Draft()
    if question == "done":
        return _done(request, user)
    if question in {"children", "child"} or _CHILD_PAGE.match(question):
        return _child_pages(request, draft, question)
    if question not in QUESTION_PAGES:
        raise Http404("No such question.")
    if not draft.applies(question):
        return redirect(question_url(draft.next_question()))
    return _question(request, draft, question, QUESTION_PAGES[question], partnership)


def _child_pages(request: HttpRequest, draft: Draft, question: str) -> HttpResponse:
    """Route the "add another" pages: the list, adding, changing and removing a child."""
    if question == "children":
        return _children(request, draft)
    match = _CHILD_PAGE.match(question)
    if match is None:
        return _child(request, draft, None)
    index = int(match.group(2)) - 1
    if not 0 <= index < len(draft.children):
        return redirect(question_url("children" if draft.children else "child"))
    if match.group(1):
        return _remove_child(request, draft, index)
    return _child(request, draft, index)


def _page(
    request: HttpRequest, draft: Draft, question: str, template: str, context: dict[str, Any]
) -> HttpResponse:
    back = draft.previous_question(question)
    form = context.get("form")
    return render(
        request,
        f"reviews/notification/{template}.html",
        {
            "draft": draft,
            "question": question,
            "back": question_url(back) if back else reverse("reviews:notify"),
            **context,
        },
        status=status_of(form),
    )


def _question(
    request: HttpRequest, draft: Draft, question: str, page: Question, partnership: Partnership
) -> HttpResponse:
    extra: dict[str, Any] = {"incident_date": draft.incident_date} if page.form is DatesForm else {}
    if page.form is AreasForm:
        extra = {"authorities": authorities_of(partnership.pk)}
    if request.method == "POST":
        form = page.form(request.POST, **extra)
        if form.is_valid():
            for name in page.answers:
                value = form.cleaned_data[name]
                setattr(draft, name, value.strip() if isinstance(value, str) else value)
            _save(request, draft)
            return redirect(question_url(draft.next_question()))
    else:
        initial = {name: getattr(draft, name) for name in page.answers}
        form = page.form(initial={k: v for k, v in initial.items() if v is not None}, **extra)
    return _page(request, draft, question, page.template, {"form": form})


def _child(request: HttpRequest, draft: Draft, index: int | None) -> HttpResponse:
    taken = frozenset(
        child.pseudonym for number, child in enumerate(draft.children) if number != index
    )
    taken_folded = {name.casefold() for name in taken}
    if index is None and len(draft.children) >= MAX_CHILDREN:
        messages.warning(request, f"A notification can cover up to {MAX_CHILDREN} children.")
        return redirect(question_url("children"))
    if request.method == "POST":
        form = ChildForm(request.POST, taken=taken, incident_date=draft.incident_date)
        if form.is_valid():
            child = ChildAnswer.from_form(form.cleaned_data)
            if index is None:
                draft.children.append(child)
            else:
                draft.children[index] = child
            _save(request, draft)
            return redirect(question_url("children"))
    elif index is None:
        # Offer the first free "Child A", "Child B", ... as the pseudonym.
        free = (f"Child {letter}" for letter in string.ascii_uppercase)
        default = next((name for name in free if name.casefold() not in taken_folded), "")
        form = ChildForm(
            initial={"pseudonym": default}, taken=taken, incident_date=draft.incident_date
        )
    else:
        form = ChildForm(
            initial=draft.children[index].initial(), taken=taken, incident_date=draft.incident_date
        )
    question = "child" if index is None else f"child-{index + 1}"
    return _page(request, draft, question, "child", {"form": form, "index": index})


def _children(request: HttpRequest, draft: Draft) -> HttpResponse:
    if not draft.children:
        return redirect(question_url("child"))
    form = AddAnotherChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        draft.children_done = form.cleaned_data["add_another"] == "no"
        _save(request, draft)
        return redirect(question_url("child" if not draft.children_done else draft.next_question()))
    return _page(request, draft, "children", "children", {"form": form})


def _remove_child(request: HttpRequest, draft: Draft, index: int) -> HttpResponse:
    child = draft.children[index]
    form = RemoveChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm"] == "yes":
            del draft.children[index]
            _save(request, draft)
            messages.success(request, f"{child.pseudonym} has been removed.")
        return redirect(question_url("children" if draft.children else "child"))
    return _page(
        request, draft, f"remove-child-{index + 1}", "remove_child", {"form": form, "child": child}
    )


def _done(request: HttpRequest, user: User) -> HttpResponse:
    saved = request.session.get(SAVED_KEY)
    if type(saved) is not int:
        return redirect("reviews:notify")
    review = get_review_for(user, saved, Permission.VIEW_REVIEW)
    return render(request, "reviews/notification/done.html", {"review": review})


@recording_flow
def notify_check(
    request: HttpRequest, user: User, partnership: Partnership, draft: Draft | None
) -> HttpResponse:
    if draft is None:
        return redirect("reviews:notify")
    if (question := draft.next_question()) != CHECK:
        return redirect(question_url(question))
    problems = [(message, question_url(q)) for message, q in draft.problems()]
    if request.method == "POST" and not problems:
        # The button has no fields: a refusal names the question where it is put right.
        posted = submit(request, bind=Form, act=lambda _form: _record(partnership, user, draft))
        if posted.done:
            _discard(request)
            request.session[SAVED_KEY] = posted.result.pk
            return redirect(question_url("done"))
        if posted.refusal is not None:
            place = FIELD_QUESTIONS.get(posted.refusal.field or "", "children")
            problems = [(posted.refusal.message, question_url(place))]
    # The 5 working days are national: the partnership's closure days do not count.
    calendar = working_calendars_for(partnership)[1]
    aware, notified, told = draft.la_aware_on, draft.panel_notified_on, draft.partnership_told_on
    return render(
        request,
        "reviews/notification/check.html",
        {
            "draft": draft,
            "problems": problems,
            "late": bool(aware and notified and notified_late(calendar, aware, notified)),
            "told_late": bool(aware and told and notified_late(calendar, aware, told)),
            "deadline": panel_deadline(calendar, aware) if aware else None,
            "has_authorities": bool(authorities_of(partnership.pk)),
            "url_of": question_url,
            "labels": LABELS,
            "plans": LABELS["plan"],
        },
        status=400 if problems else 200,
    )


def _record(partnership: Partnership, user: User, draft: Draft) -> Review:
    incident, aware = draft.incident_date, draft.la_aware_on
    notified, told = draft.panel_notified_on, draft.partnership_told_on
    if incident is None or aware is None or notified is None or told is None:
        raise ActionError("Answer every question first.")
    own = {each.pk: each for each in authorities_of(partnership.pk)}
    return record_notification(
        partnership=partnership,
        by=user,
        children=[child.details() for child in draft.children],
        incident_date=incident,
        harm=draft.harm or "",
        incident_area=draft.incident_area or "",
        home_area=draft.home_area or "",
        incident_authority=own.get(draft.incident_authority or 0),
        home_authority=own.get(draft.home_authority or 0),
        criterion=draft.criterion or "",
        abuse_or_neglect=draft.abuse_or_neglect or "",
        # A reason is kept only where it is needed: when no criterion is met.
        proceed_reason="" if draft.meets_criteria else draft.proceed_reason or "",
        la_aware_on=aware,
        panel_notified_on=notified,
        partnership_told_on=told,
    )


def notification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the recorded notification; the business team can correct it."""
    user = person(request)
    permission = Permission.MANAGE_REQUESTS if request.method == "POST" else Permission.VIEW_REVIEW
    review = get_review_for(user, pk, permission)
    notification = Notification.objects.filter(review=review).first()
    conflict: EditConflict | None = None
    form: NotificationCorrectionForm | None = None
    if notification is not None and request.method == "POST":
        posted = submit(
            request,
            bind=NotificationCorrectionForm,
            act=lambda valid: correct_notification(
                notification,
                by=user,
                expected_version=valid.cleaned_data["version"],
                **{name: valid.cleaned_data[name] for name in CORRECTABLE},
            ),
        )
        if posted.done:
            message = "The notification has been corrected."
            return saved(request, message, "reviews:notification", pk=review.pk)
        form, conflict = posted.form, posted.conflict
        if conflict is not None:
            notification.refresh_from_db()  # what is saved now; the person's answers stay
    elif notification is not None and can(user, Permission.MANAGE_REQUESTS, review):
        form = NotificationCorrectionForm(
            initial={"version": notification.version}
            | {name: getattr(notification, name) for name in CORRECTABLE}
        )
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.VIEWED_REVIEW,
        review=review,
        target=f"Notification for {review.case_code}",
        look=look_from(request),
    )
    deadline = None
    if notification is not None:
        deadline = panel_deadline(
            working_calendars_for(review.partnership)[1], notification.la_aware_on
        )
    return render(
        request,
        "reviews/notification/notification.html",
        {
            "review": review,
            "notification": notification,
            "children": list(review.children.all()),
            "form": form,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, _correction_labels(), records=(Notification,)),
            "deadline": deadline,
            "late": bool(notification and deadline and notification.panel_notified_on > deadline),
            "ofsted": notification is not None and looked_after_child_died(notification),
            "authorities": review_authorities(review) if notification is not None else None,
        },
        status=status_of(form, conflict),
    )


def _correction_labels() -> dict[str, str]:
    fields = NotificationCorrectionForm.base_fields
    return {name: str(fields[name].label) for name in CORRECTABLE}
