"""An LCSPR's participants: practitioners, managers, family members and others, who are not
users.

Everyone taking part in the review (agencies aside) reads names, job titles and organisations;
email addresses and sensitivity notes only the review team (Permission.VIEW_PRIVATE). The author
and the business team add and change participants (Permission.AUTHOR_WORK); the business team
records that they have been briefed (Permission.RUN_REVIEW).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions.lcspr.events import participants as participant_actions
from reviews.forms.lcspr.events import BriefedForm, ChangeParticipantForm, ParticipantForm
from reviews.models import Participant, Review, StepRecord
from reviews.permissions import Permission, can
from reviews.process import Step
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import lcspr_for
from reviews.views.posting import saved, submit

LABELS = {
    "kind": "Who they are",
    "name": "Name",
    "job_title": "Job title",
    "organisation": "Organisation",
    "email": "Email address",
    "sensitive": "Sensitive",
    "sensitivity_note": "Why it is sensitive",
    "support_in_place": "Support is in place",
}


def _organisations(review: Review) -> list[tuple[int, str]]:
    return list(
        Organisation.objects.filter(partnership=review.partnership_id)
        .order_by("name")
        .values_list("pk", "name")
    )


def _values(form: ParticipantForm, review: Review) -> dict[str, Any]:
    data = form.cleaned_data
    organisation = (
        Organisation.objects.filter(
            pk=data["organisation"], partnership=review.partnership_id
        ).first()
        if data["organisation"]
        else None
    )
    return {
        "kind": Participant.Kind(data["kind"]),
        "name": data["name"],
        "job_title": data["job_title"],
        "organisation": organisation,
        "email": data["email"],
        "sensitive": data["sensitive"],
        "sensitivity_note": data["sensitivity_note"],
        "support_in_place": data["support_in_place"],
    }


def render_participants(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    form: ParticipantForm | None = None,
    briefed_form: BriefedForm | None = None,
    status: int = 200,
) -> HttpResponse:
    open_ = review.is_open
    may_author = open_ and can(user, Permission.AUTHOR_WORK, review)
    may_run = open_ and can(user, Permission.RUN_REVIEW, review)
    briefed = StepRecord.objects.filter(
        review=review, key=Step.PARTICIPANTS_BRIEFED, completed_on__isnull=False
    ).first()
    if form is None and may_author:
        form = ParticipantForm(organisations=_organisations(review))
    if briefed_form is None and may_run and briefed is None:
        briefed_form = BriefedForm(initial={"briefed_on": moment.today()})
    people = list(
        Participant.objects.filter(review=review)
        .select_related("organisation")
        .order_by("kind", "name")
    )
    return render(
        request,
        "reviews/lcspr/events/participants.html",
        {
            "review": review,
            "people": people,
            "may_author": may_author,
            "private": can(user, Permission.VIEW_PRIVATE, review),
            "briefed": briefed,
            "form": form if may_author else None,
            "briefed_form": briefed_form if may_run and briefed is None else None,
        },
        status=status,
    )


def participants(request: HttpRequest, pk: int) -> HttpResponse:
    """List the participants; a POST adds one."""
    reading = request.method != "POST"
    user, review = lcspr_for(
        request, pk, Permission.VIEW_REVIEW if reading else Permission.AUTHOR_WORK
    )
    if reading:
        return render_participants(request, user, review)
    posted = submit(
        request,
        bind=lambda data: ParticipantForm(data, organisations=_organisations(review)),
        act=lambda form: participant_actions.add_participant(
            review, by=user, **_values(form, review)
        ),
    )
    if posted.done:
        message = f"{posted.form.cleaned_data['name']} is added as a participant."
        return saved(request, message, "reviews:participants", pk=review.pk)
    return render_participants(request, user, review, form=posted.form, status=400)


def _participant(review: Review, participant_pk: int) -> Participant:
    participant = (
        Participant.objects.filter(review=review, pk=participant_pk)
        .select_related("review__partnership")
        .first()
    )
    if participant is None:
        raise Http404("No such participant in this review.")
    return participant


def participant_edit(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    participant = _participant(review, participant_pk)
    organisations = _organisations(review)
    initial = {
        "version": participant.version,
        "kind": participant.kind,
        "name": participant.name,
        "job_title": participant.job_title,
        "organisation": participant.organisation_id,
        "email": participant.email,
        "sensitive": participant.sensitive,
        "sensitivity_note": participant.sensitivity_note,
        "support_in_place": participant.support_in_place,
    }

    def bind(data: QueryDict | None) -> ChangeParticipantForm:
        return ChangeParticipantForm(data, organisations=organisations, initial=initial)

    def act(form: ChangeParticipantForm) -> None:
        participant_actions.change_participant(
            participant,
            by=user,
            expected_version=form.cleaned_data["version"],
            **_values(form, review),
        )

    form, conflict, status = bind(None), None, 200
    if request.method == "POST":
        posted = submit(request, bind=bind, act=act)
        if posted.done:
            message = "The participant's details are saved."
            return saved(request, message, "reviews:participants", pk=review.pk)
        form, conflict, status = posted.form, posted.conflict, posted.status
    context = {
        "review": review,
        "participant": participant,
        "form": form,
        "conflict": conflict,
        "conflict_rows": conflict_rows(conflict, LABELS, records=(Participant,)),
    }
    return render(request, "reviews/lcspr/events/participant_edit.html", context, status=status)


@require_POST
def participants_briefed(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)

    def act(form: BriefedForm) -> None:
        participant_actions.record_participants_briefed(
            review,
            by=user,
            briefed_on=form.cleaned_data["briefed_on"],
            note=form.cleaned_data["note"],
        )

    posted = submit(request, bind=BriefedForm, act=act)
    if posted.done:
        message = "The participants are recorded as briefed."
        return saved(request, message, "reviews:participants", pk=review.pk)
    return render_participants(request, user, review, briefed_form=posted.form, status=400)
