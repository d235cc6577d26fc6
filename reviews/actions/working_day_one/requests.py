"""Requests for information: to the statutory partners, forwarded to legal services, and to the
further agencies the partners name (request-information)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import NoReverseMatch

from accounts.models import Membership, Organisation, User
from reviews import emails, moment
from reviews.actions.base import ActionError, record_event, saved_by
from reviews.actions.guards import WORKING_DAY_ONE, check_open_rapid_review
from reviews.actions.review.members import join
from reviews.actions.steps import complete_step
from reviews.actions.working_day_one.partners import answering_role, join_safeguarding_partners
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.mail import link_to
from reviews.models import Event, InformationRequest, Review, ReviewRole
from reviews.process import Step
from reviews.reads.authorities import may_be_asked, review_authorities
from reviews.reads.steps import is_done
from reviews.reads.working_day_one import information_due, legal_representatives

# How far ahead a due date may be set by hand: anything later is a typing mistake.
MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class RequestsSent:
    requests: list[InformationRequest]
    forwarded_to: list[User]  # the legal representatives told; empty if none are set up
    step_completed: bool


def _due_on(review: Review, chosen: dt.date | None) -> dt.date:
    today = moment.today()
    if chosen is not None:
        if chosen < today:
            raise ActionError(
                "The date the information is due cannot be in the past.", field="due_on"
            )
        if chosen > today + dt.timedelta(days=MAX_DAYS_AHEAD):
            raise ActionError(
                "The date the information is due must be within a year.", field="due_on"
            )
        return chosen
    due = information_due(review)
    if due is None or due < today:
        passed = f", {long_date(due)}," if due else ""
        raise ActionError(
            f"The date for returning information{passed} has passed: set a new due date.",
            field="due_on",
        )
    return due


def _check_answers_for(person: User, organisation: Organisation, review: Review) -> None:
    if organisation.partnership_id != review.partnership_id:
        raise ActionError("Choose an organisation in this partnership.", field="organisation")
    if not (
        person.is_active
        and person.partnership_id == review.partnership_id
        and Membership.objects.filter(user=person, organisation=organisation).exists()
    ):
        raise ActionError(
            f"Choose someone who works at {organisation.name} to answer for it.",
            field="contributor",
        )


def _request_page(review: Review, request: InformationRequest) -> str:
    try:
        return link_to("reviews:request", pk=review.pk, request_pk=request.pk)
    except NoReverseMatch:  # the request pages are not routed in every build
        return link_to("reviews:detail", pk=review.pk)


def _send_request(
    review: Review,
    *,
    by: User,
    organisation: Organisation,
    contributor: User,
    role: ReviewRole,
    due_on: dt.date,
    named_by: Organisation | None = None,
) -> InformationRequest:
    if InformationRequest.objects.filter(review=review, organisation=organisation).exists():
        raise ActionError(
            f"{organisation.name} has already been sent a request for {review.case_code}.",
            field="organisation",
        )
    join(review, contributor, role, by=by, organisation=organisation)
    request = InformationRequest(
        review=review,
        organisation=organisation,
        contributor=contributor,
        due_on=due_on,
        sent_by=by,
        named_by=named_by,
    )
    saved_by(request, by)
    request.save()
    record_event(
        review,
        EventType.REQUEST_SENT,
        by=by,
        request_id=request.pk,
        organisation=organisation.name,
        contributor=contributor.full_name,
        due_on=long_date(due_on),
        named_by=named_by.name if named_by else "",
    )
    emails.request_sent(
        review,
        to=contributor,
        organisation=organisation.name,
        due=long_date(due_on),
        link=_request_page(review, request),
    )
    return request


def _forward_to_legal(
    review: Review, *, by: User, requests: Sequence[InformationRequest], due_on: dt.date
) -> list[User]:
    """Tell the legal representatives of the authority whose legal services get the details
    (where the child lives, else the lead authority: reviews.reads.authorities) which partners
    were asked, and by when; only they join the review."""
    legal = legal_representatives(review)
    if not legal:
        return []
    for person in legal:
        join(review, person, ReviewRole.LEGAL_REPRESENTATIVE, by=by, organisation=None)
    names = [request.organisation.name for request in requests]
    record_event(
        review,
        EventType.REQUESTS_FORWARDED_TO_LEGAL,
        by=by,
        organisations=names,
        due_on=long_date(due_on),
        sent_to=[person.full_name for person in legal],
    )
    emails.forwarded_to_legal(review, to=legal, organisations=names, due=long_date(due_on))
    return legal


def _every_partner_asked(review: Review) -> bool:
    """Say whether each kind of statutory partner of the partnership (children's social care,
    police, ICB) has been asked. Where two local authorities are partners, asking the one
    concerned with the child is enough."""
    needed = set(
        Organisation.objects.filter(
            partnership=review.partnership_id, is_statutory_partner=True
        ).values_list("kind", flat=True)
    )
    asked = set(
        InformationRequest.objects.filter(
            review=review, organisation__is_statutory_partner=True
        ).values_list("organisation__kind", flat=True)
    )
    return needed <= asked


def send_requests(
    review: Review,
    *,
    by: User,
    contributors: Mapping[Organisation, User],
    due_on: dt.date | None = None,
) -> RequestsSent:
    """Ask statutory partners for information, each answered by the person chosen, and forward
    the details to legal services.

    ``due_on`` defaults to the schedule's working day 5 and must be given once that has passed.
    A partner already asked is refused (chase it instead); one not yet asked can be sent to
    later. The step is done once every kind of statutory partner has been asked and legal
    services have had the details.
    """
    check_open_rapid_review(review, WORKING_DAY_ONE)
    if not contributors:
        raise ActionError("Choose at least one statutory partner to ask.", field="organisations")
    involved = review_authorities(review)
    for organisation, person in contributors.items():
        _check_answers_for(person, organisation, review)
        if not organisation.is_statutory_partner:
            raise ActionError(
                f"{organisation.name} is not a statutory partner: ask it as a further agency.",
                field="organisations",
            )
        if not may_be_asked(involved, organisation):
            raise ActionError(
                f"{organisation.name} is another local authority's children's social care: ask "
                "the children's social care of the authorities in the notification.",
                field="organisations",
            )
    with transaction.atomic():
        # Serialise sends for one review, so two people cannot both ask the same partner.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        _check_not_asked(review, contributors)
        due = _due_on(review, due_on)
        requests = [
            _send_request(
                review,
                by=by,
                organisation=organisation,
                contributor=contributors[organisation],
                role=answering_role(contributors[organisation], organisation),
                due_on=due,
            )
            for organisation in sorted(contributors, key=lambda each: each.name)
        ]
        for organisation in sorted(contributors, key=lambda each: each.name):
            join_safeguarding_partners(review, organisation, by=by)
        legal = _forward_to_legal(review, by=by, requests=requests, due_on=due)
        complete = _complete_once_all_asked(review, by=by, forwarded_now=bool(legal))
    return RequestsSent(requests=requests, forwarded_to=legal, step_completed=complete)


def _check_not_asked(review: Review, contributors: Mapping[Organisation, User]) -> None:
    """Refuse partners that already have a request on this review (they are chased instead)."""
    asked = sorted(
        InformationRequest.objects.filter(
            review=review, organisation__in=list(contributors)
        ).values_list("organisation__name", flat=True)
    )
    if asked:
        raise ActionError(
            f"{' and '.join(asked)} already "
            f"{'has' if len(asked) == 1 else 'have'} a request for {review.case_code}: "
            "untick it, or chase the request instead.",
            field="organisations",
        )


def _complete_once_all_asked(review: Review, *, by: User, forwarded_now: bool) -> bool:
    """Complete request-information once legal services have had the details and every kind
    of statutory partner has been asked; say whether it was completed now."""
    forwarded = forwarded_now or (
        Event.objects.filter(
            review=review, type=EventType.REQUESTS_FORWARDED_TO_LEGAL.value
        ).exists()
    )
    complete = (
        forwarded and not is_done(review, Step.REQUEST_INFORMATION) and _every_partner_asked(review)
    )
    if complete:
        complete_step(review, key=Step.REQUEST_INFORMATION, by=by, completed_on=moment.today())
    return complete


def add_further_agency(
    review: Review,
    *,
    by: User,
    organisation: Organisation,
    named_by: Organisation,
    contributor: User,
    due_on: dt.date | None = None,
) -> InformationRequest:
    """Ask a further agency a statutory partner named (a school, Cafcass, a health provider).

    Due on the schedule's working day 5, or on ``due_on`` (required once that has passed).
    """
    check_open_rapid_review(review, WORKING_DAY_ONE)
    _check_answers_for(contributor, organisation, review)
    if organisation.is_statutory_partner:
        raise ActionError(
            f"{organisation.name} is a statutory partner: send its request with the others.",
            field="organisation",
        )
    if named_by.partnership_id != review.partnership_id or not named_by.is_statutory_partner:
        raise ActionError("Choose the statutory partner that named the agency.", field="named_by")
    if not InformationRequest.objects.filter(review=review, organisation=named_by).exists():
        raise ActionError(
            f"{named_by.name} has not been asked for information on {review.case_code} yet.",
            field="named_by",
        )
    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).first()
        return _send_request(
            review,
            by=by,
            organisation=organisation,
            contributor=contributor,
            role=ReviewRole.AGENCY_CONTRIBUTOR,
            due_on=_due_on(review, due_on),
            named_by=named_by,
        )
