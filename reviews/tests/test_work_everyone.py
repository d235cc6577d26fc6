"""Everyone's work: the business team sees its partnership's items with who acts, filtered by
person, organisation and case code; others are refused."""

from __future__ import annotations

import pytest

from accounts.models import Organisation, Partnership, User
from conftest import WebAs
from reviews.tests.conftest import ask_agency
from reviews.tests.factories import make_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_off")]


def test_the_business_team_filters_everyones_work_by_person(
    web_as: WebAs,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    partner_lead: User,
    outsider: User,
    school: Organisation,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    request = ask_agency(review, school, by=business_team_member, contributor=agency_contributor)
    home = web_as(business_team_member).get("/")
    page = home.click(description="Everyone's work in the partnership")
    key = f"review-{review.pk}:request:{request.pk}"
    row = page.html.select_one(f'tr[data-key="{key}"]')
    assert "Hollin Test School: Colin Test" in row.select_one('[data-testid="who"]').get_text()
    form = page.forms["work-filters"]
    form["person"] = str(agency_contributor.pk)
    filtered = form.submit()
    keys = [each["data-key"] for each in filtered.html.select("tr[data-key]")]
    assert keys == [key]
    # Refused: a partner lead and an agency contributor; another partnership sees none of ours.
    for refused in (partner_lead, agency_contributor):
        web_as(refused).get("/reviews/work/", status=403)
    theirs = web_as(outsider).get("/reviews/work/")
    assert review.case_code not in theirs.text
