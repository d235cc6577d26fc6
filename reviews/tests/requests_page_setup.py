"""What the request page tests share: a review, the school's request, and its page.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt
import html

from django.test import Client
from django.urls import reverse
from webtest import Form, TestResponse

from accounts.models import Organisation, Partnership, User
from reviews.models import InformationRequest, Review
from reviews.tests.factories import make_review
from reviews.tests.request_helpers import send_request

MONDAY = dt.datetime(2026, 3, 16, 10, tzinfo=dt.UTC)


def review(partnership: Partnership, business_team_member: User) -> Review:
    return make_review(partnership=partnership, by=business_team_member)


def school_request(
    review: Review, business_team_member: User, agency_contributor: User, school: Organisation
) -> InformationRequest:
    return send_request(
        review,
        school,
        by=business_team_member,
        contributor=agency_contributor,
        due_on=dt.date(2026, 3, 13),
    )


def request_url(name: str, info_request: InformationRequest, **more: int) -> str:
    return reverse(
        name, kwargs={"pk": info_request.review_id, "request_pk": info_request.pk, **more}
    )


def request_page(client: Client, info_request: InformationRequest) -> str:
    response = client.get(request_url("reviews:request", info_request))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def form_posting_to(page: TestResponse, url: str) -> Form:
    [form] = [form for form in page.forms.values() if form.action == url]
    return form
