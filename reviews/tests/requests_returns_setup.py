"""What the return tests share: a review, the school's request, and a draft saved.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_user
from reviews.actions.requests import returns
from reviews.models import InformationRequest, Review, ReviewRole
from reviews.tests.factories import join, make_review
from reviews.tests.request_helpers import send_request

WEDNESDAY = dt.datetime(2026, 3, 11, 14, 5, tzinfo=dt.UTC)  # 2:05pm in London (GMT)

DUE = dt.date(2026, 3, 13)


def review(partnership: Partnership, business_team_member: User) -> Review:
    review = make_review(partnership=partnership, by=business_team_member)
    lead = make_user(partnership=partnership, email="lead@wtp.example", full_name="Lena Lead")
    join(review, lead, ReviewRole.BUSINESS_TEAM_LEAD, by=business_team_member)
    return review


def school_request(
    review: Review, business_team_member: User, agency_contributor: User, school: Organisation
) -> InformationRequest:
    return send_request(
        review, school, by=business_team_member, contributor=agency_contributor, due_on=DUE
    )


def return_kwargs(info_request: InformationRequest) -> dict[str, int]:
    return {"pk": info_request.review_id, "request_pk": info_request.pk}


def answer_fields(**changes: str) -> dict[str, str]:
    return {
        "involvement": "The school saw Child A every day.",
        "analysis": "Attendance concerns were shared late.",
        "immediate_actions": "",
        "learning": "",
    } | changes


def save_test_draft(
    info_request: InformationRequest, by: User, **changes: str
) -> InformationRequest:
    current = InformationRequest.objects.get(pk=info_request.pk)
    return returns.save_return_draft(
        current, by=by, expected_version=current.version, **answer_fields(**changes)
    )
