"""The National Panel page: what was sent, the acknowledgement, the response, the reconvened
meeting and the subgroup informed, with the business team's forms."""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User
from reviews.actions import EditConflict
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.forms.panel import (
    AcknowledgementForm,
    ReconvenedForm,
    ResponseForm,
    SubmissionForm,
    yes_no,
)
from reviews.models import (
    Event,
    InformationRound,
    PanelResponse,
    PanelSubmission,
    Reconvened,
    ReportVersion,
    Review,
)
from reviews.permissions import Permission, can
from reviews.process import Step
from reviews.reads.panel import missing_approvals_by_version, subgroup_members
from reviews.schedule import Schedule
from reviews.uploads import describe_size, max_document_bytes
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import NotYet, Prerequisite, not_yet, page_prerequisite, rapid_review_for
from reviews.views.panel.extras import REQUEST_LABELS, panel_extras

LABELS = {
    "report_version": "Version of the report",
    "sent_on": "Date sent",
    "sent_to": "Sent to",
    "acknowledged_on": "Date acknowledged",
    "consideration_date": "Date the Panel will consider the case",
    "received_on": "Date received",
    "more_information_needed": "More information needed",
    "agrees_with_conclusions": "Agrees with the partners' conclusions",
    "national_review": "National review",
    "summary": "Summary",
    "panel_reference": "The Panel's reference number",
    **REQUEST_LABELS,
}


def version_choices(review: Review) -> list[tuple[int, str]]:
    versions = ReportVersion.objects.filter(review=review).order_by("-number")
    return [(version.pk, f"Version {version.number}") for version in versions]


def _default_forms(
    review: Review,
    submission: PanelSubmission | None,
    response: PanelResponse | None,
    versions: list[tuple[int, str]],
) -> dict[str, Form]:
    forms: dict[str, Form] = {
        "submission": SubmissionForm(
            initial={
                "version": submission.version if submission else 0,
                "report_version": submission.report_version_id
                if submission
                else (versions[0][0] if versions else None),
                "sent_on": submission.sent_on if submission else None,
                "sent_to": submission.sent_to if submission else "",
            },
            versions=versions,
        )
    }
    if submission is None:
        return forms
    forms["acknowledgement"] = AcknowledgementForm(
        initial={
            "version": submission.version,
            "acknowledged_on": submission.acknowledged_on,
            "consideration_date": submission.consideration_date,
            "panel_reference": submission.panel_reference,
        }
    )
    forms["response"] = ResponseForm(
        initial={
            "version": response.version,
            "received_on": response.received_on,
            "more_information_needed": yes_no(response.more_information_needed),
            "agrees_with_conclusions": yes_no(response.agrees_with_conclusions),
            "national_review": response.national_review,
            "summary": response.summary,
        }
        if response
        else {"version": 0}
    )
    forms["reconvened"] = ReconvenedForm()
    return forms


# The steps this page does, one section each.
PANEL_STEPS = (
    Step.REPORT_SUBMITTED,
    Step.PANEL_ACKNOWLEDGED,
    Step.PANEL_RESPONSE,
    Step.RECONVENE,
    Step.SUBGROUP_INFORMED,
)


def _not_yet(
    user: User, review: Review, schedule: Schedule, *, has_versions: bool
) -> dict[Step, NotYet]:
    """The steps of this page that cannot be done yet, with what must happen first: those the
    clock says cannot start, and the report sent only once it has a version."""
    also: dict[Step, list[Prerequisite]] = {key: [] for key in PANEL_STEPS}
    if not has_versions:
        # submit_report_to_panel sends one of the review's versions: there must be one.
        also[Step.REPORT_SUBMITTED].append(
            page_prerequisite(
                user,
                review,
                "Add a version of the report",
                "reviews:report",
                permission=Permission.VIEW_DOCUMENTS,
                section="add-version",
            )
        )
    found = {
        key: not_yet(user, review, key, schedule=schedule, also=also[key]) for key in PANEL_STEPS
    }
    return {key: blocked for key, blocked in found.items() if blocked is not None}


def _version_hints(
    versions: list[tuple[int, str]], missing: dict[int, list[str]]
) -> dict[str, str]:
    """Under each version offered, who has still to approve it."""
    return {
        str(pk): "Not yet approved by: " + ", ".join(missing[pk])
        if missing.get(pk)
        else "Approved by everyone who must approve it"
        for pk, _label in versions
    }


def _recorded(review: Review) -> dict[str, Any]:
    """What is recorded of the review and the Panel, as the page shows it."""
    submission = (
        PanelSubmission.objects.filter(review=review)
        .select_related("report_version", "sent_by")
        .first()
    )
    return {
        "submission": submission,
        "response": PanelResponse.objects.filter(review=review)
        .select_related("recorded_by")
        .first(),
        "reconvened": Reconvened.objects.filter(review=review)
        .select_related("recorded_by")
        .first(),
        "informed": Event.objects.filter(review=review, type=EventType.SUBGROUP_INFORMED)
        .select_related("actor")
        .order_by("-pk")
        .first(),
    }


def render_panel(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    bound: dict[str, Form] | None = None,
    conflict: EditConflict | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    """Render the Panel page, with any form that was just posted in place of its default."""
    recorded = _recorded(review)
    submission = recorded["submission"]
    versions = version_choices(review)
    missing = missing_approvals_by_version(review)
    schedule = schedule_for(review)
    steps = {step.key: step for step in schedule.steps}
    acting = review.is_open and can(user, Permission.RUN_REVIEW, review)
    forms = _default_forms(review, submission, recorded["response"], versions) if acting else {}
    extras, extra_forms = panel_extras(review, schedule, recorded["response"], acting=acting)
    forms.update(extra_forms)
    forms.update(bound or {})
    context = {
        **recorded,
        **extras,
        "review": review,
        "versions": versions,
        "version_hints": _version_hints(versions, missing),
        "submitted_missing": missing.get(submission.report_version_id, []) if submission else [],
        "steps": steps,
        "reconvene_applies": Step.RECONVENE in steps,
        "subgroup": subgroup_members(review) if acting else [],
        "acting": acting,
        "blocked": _not_yet(user, review, schedule, has_versions=bool(versions)) if acting else {},
        "forms": forms,
        "errors": next((form for form in forms.values() if form.errors), None),
        "conflict": conflict,
        "conflict_rows": conflict_rows(
            conflict, LABELS, records=(PanelSubmission, PanelResponse, InformationRound)
        ),
        "refusal": refusal,
        "max_document": describe_size(max_document_bytes()),
    }
    return render(request, "reviews/panel/panel.html", context, status=status)


def panel(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = rapid_review_for(request, pk, Permission.VIEW_REVIEW)
    return render_panel(request, user, review)
