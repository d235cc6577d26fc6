"""Sending the requests for information to the statutory partners, and to further agencies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions import working_day_one as wd1
from reviews.dates_in_words import long_date
from reviews.forms.working_day_one import AddAgencyForm, SendRequestsForm
from reviews.models import InformationRequest, Review, ReviewRole
from reviews.models.calendar import working_calendar_for
from reviews.reads.authorities import may_be_asked, review_authorities
from reviews.reads.working_day_one import information_due, legal_representatives
from reviews.views.posting import saved, status_of, submit
from reviews.views.working_day_one.common import employees, rapid_review

# A due date set by hand once working day 5 has passed: two working days from today.
LATE_REQUEST_WORKING_DAYS = 2


def _requests(review: Review) -> list[InformationRequest]:
    return list(
        InformationRequest.objects.filter(review=review)
        .select_related("organisation", "contributor", "named_by")
        .order_by("organisation__name")
    )


def _due_date_needed(review: Review) -> tuple[dt.date | None, bool, dt.date]:
    """Return working day 5, whether it has passed (so a date must be set), and the default
    date to set then."""
    today = moment.today()
    due = information_due(review)
    fallback = working_calendar_for(review.partnership).add_working_days(
        today, LATE_REQUEST_WORKING_DAYS
    )
    return due, due is None or due < today, fallback


def send_requests(request: HttpRequest, pk: int) -> HttpResponse:
    user, review, _may_act = rapid_review(request, pk, read=False)
    sent = _requests(review)
    asked = {each.organisation_id for each in sent}
    involved = review_authorities(review)  # another authority's children's social care is not
    to_ask = [
        organisation
        for organisation in Organisation.objects.filter(
            partnership=review.partnership_id, is_statutory_partner=True
        ).order_by("name")
        if organisation.pk not in asked and may_be_asked(involved, organisation)
    ]
    people = employees(review, to_ask)
    due, needs_due_date, fallback = _due_date_needed(review)
    initial = _contributors_initial(review, to_ask, people) | {"due_on": fallback}

    def bind(data: QueryDict | None) -> SendRequestsForm:
        return SendRequestsForm(
            data,
            initial=initial,
            organisations=to_ask,
            people=people,
            needs_due_date=needs_due_date,
        )

    form = bind(None)
    if request.method == "POST":
        posted = submit(
            request,
            bind=bind,
            act=lambda valid: wd1.send_requests(
                review,
                by=user,
                contributors=valid.contributors(),
                due_on=valid.cleaned_data["due_on"] if needs_due_date else None,
            ),
        )
        if posted.done:
            return saved(request, _sent(posted.result), "reviews:detail", pk=review.pk)
        form = posted.form
    return render(
        request,
        "reviews/working_day_one/send_requests.html",
        {
            "review": review,
            "form": form,
            "sent": sent,
            "to_ask": to_ask,
            "due": due,
            "needs_due_date": needs_due_date,
            "legal": legal_representatives(review),
        },
        status=status_of(form),
    )


def _contributors_initial(
    review: Review, to_ask: list[Organisation], people: dict[int, list[User]]
) -> dict[str, Any]:
    """Every statutory partner not yet asked, each with whoever already leads for the partner
    on this review, or the only person working there."""
    leads = {
        member.organisation_id: member.user_id
        for member in review.members.filter(active=True, role=ReviewRole.STATUTORY_PARTNER_LEAD)
    }
    initial: dict[str, Any] = {"organisations": [each.pk for each in to_ask]}
    for organisation in to_ask:
        staff = people.get(organisation.pk, [])
        chosen = leads.get(organisation.pk) or (staff[0].pk if len(staff) == 1 else None)
        initial[SendRequestsForm.contributor_field(organisation)] = chosen
    return initial


def _sent(result: wd1.RequestsSent) -> str:
    names = " and ".join(each.organisation.name for each in result.requests)
    when = long_date(result.requests[0].due_on)
    told = (
        " The details were forwarded to legal services."
        if result.forwarded_to
        else " Nobody is set up as the legal representative, so legal services were not told."
    )
    return f"Requests sent to {names}, due {when}.{told}"


def add_agency(request: HttpRequest, pk: int) -> HttpResponse:
    user, review, _may_act = rapid_review(request, pk, read=False)
    sent = _requests(review)
    asked = {each.organisation_id for each in sent}
    organisations = list(Organisation.objects.filter(partnership=review.partnership_id))
    agencies = [o for o in organisations if not o.is_statutory_partner and o.pk not in asked]
    partners = [o for o in organisations if o.is_statutory_partner and o.pk in asked]
    people = employees(review, agencies)
    due, needs_due_date, fallback = _due_date_needed(review)

    def bind(data: QueryDict | None) -> AddAgencyForm:
        return AddAgencyForm(
            data,
            initial={"due_on": fallback},
            agencies=agencies,
            partners=partners,
            people=people,
            needs_due_date=needs_due_date,
        )

    form = bind(None)
    if request.method == "POST":
        posted = submit(
            request,
            bind=bind,
            act=lambda valid: wd1.add_further_agency(
                review,
                by=user,
                organisation=valid.agency,
                named_by=valid.partner,
                contributor=valid.person,
                due_on=valid.cleaned_data["due_on"] if needs_due_date else None,
            ),
        )
        if posted.done:
            created: InformationRequest = posted.result
            message = (
                f"A request has been sent to {created.organisation.name}, due "
                f"{long_date(created.due_on)}."
            )
            return saved(request, message, "reviews:add-agency", pk=review.pk)
        form = posted.form
    return render(
        request,
        "reviews/working_day_one/add_agency.html",
        {
            "review": review,
            "form": form,
            "further": [each for each in sent if each.named_by_id is not None],
            "due": due,
            "needs_due_date": needs_due_date,
            "partners": partners,
        },
        status=status_of(form),
    )
