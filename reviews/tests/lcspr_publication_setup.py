"""What the LCSPR publication tests share: the dates, an LCSPR whose final draft is checked, and
its notice given.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from reviews.actions.lcspr.publication.publishing import (
    plan_publication,
    record_pre_publication_notice,
)
from reviews.models import (
    AnonymisationCheck,
    DraftReport,
    Publication,
    Review,
    ReviewKind,
    ReviewRole,
)
from reviews.tests.factories import join, make_review

ORIGIN = dt.date(2026, 3, 6)  # six months later: Sunday 6 September 2026

TODAY = dt.date(2026, 5, 20)

# Spring bank holiday: Monday 25 May 2026 lies between the two.
PLANNED = dt.date(2026, 6, 3)

SENT_TO = "The National Panel and the Secretary of State"


def at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC), tick=False)


def lcspr(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    agency_contributor: User,
    school: Organisation,
) -> Review:
    team = business_team_member
    review = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR, origin=ORIGIN)
    join(review, independent_author, ReviewRole.INDEPENDENT_AUTHOR, by=team)
    join(review, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    join(review, agency_contributor, ReviewRole.AGENCY_CONTRIBUTOR, by=team, organisation=school)
    return review


def url(name: str, review: Review) -> str:
    return reverse(name, kwargs={"pk": review.pk})


def final_draft_checked(review: Review, by: User, *, hits: int = 0) -> None:
    """An ORM stand-in for the drafts actions written alongside: the agreed final draft and
    an anonymisation check of it."""
    final = DraftReport.objects.filter(review=review, final_agreed_on__isnull=False).first()
    if final is None:
        final = DraftReport(
            review=review,
            number=1,
            original_name="final.docx",
            sha256="0" * 64,
            text="The review of Child A",
            uploaded_by=by,
            final_agreed_on=ORIGIN + dt.timedelta(days=60),
            final_agreed_by=by,
        )
        final.docx.save("final.docx", ContentFile(b"PK\x03\x04"), save=False)
        final.save()
    AnonymisationCheck.objects.create(draft=final, hits=hits, values_checked=4, run_by=by)


def noticed(review: Review, by: User, *, sent_on: dt.date = TODAY) -> Publication:
    plan_publication(review, by=by, expected_version=0, planned_on=PLANNED)
    return record_pre_publication_notice(review, by=by, sent_on=sent_on, sent_to=SENT_TO)
