"""The family engagement page: private to the review team, hostile text shown as text, clashes
and refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions.lcspr.publication.family import record_family_contact
from reviews.actions.lcspr.publication.publishing import plan_publication
from reviews.models import AccessLogEntry, FamilyContact, Review, StepRecord
from reviews.process import Step
from reviews.tests import lcspr_publication_family_setup as setup
from reviews.tests.factories import make_review
from reviews.tests.form_data import date_fields
from reviews.tests.lcspr_publication_family_setup import TODAY, save_plan


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 20, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def lcspr(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
) -> Review:
    return setup.lcspr(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
    )


def _url(name: str, review: Review) -> str:
    return reverse(name, kwargs={"pk": review.pk})


def test_the_author_reads_the_page_and_the_look_is_logged(
    client: Client, lcspr: Review, independent_author: User
) -> None:
    save_plan(lcspr, independent_author)
    sign_in(client, independent_author)

    response = client.get(_url("reviews:family", lcspr))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Letter via advocate" in page
    assert AccessLogEntry.objects.filter(
        review=lcspr, user=independent_author, target__contains="family engagement"
    ).exists()


def test_a_partner_lead_is_refused_and_an_outsider_told_nothing_exists(
    client: Client, lcspr: Review, partner_lead: User, outsider: User
) -> None:
    sign_in(client, partner_lead)
    assert client.get(_url("reviews:family", lcspr)).status_code == 403
    assert client.post(_url("reviews:family-contact", lcspr), {}).status_code == 403

    sign_in(client, outsider)
    assert client.get(_url("reviews:family", lcspr)).status_code == 404


def test_a_rapid_review_has_no_family_page(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    rapid = make_review(partnership=partnership, by=business_team_member)
    sign_in(client, business_team_member)

    assert client.get(_url("reviews:family", rapid)).status_code == 404


def test_the_author_records_a_contact_and_hostile_text_is_shown_as_text(
    client: Client, lcspr: Review, independent_author: User
) -> None:
    sign_in(client, independent_author)
    response = client.post(
        _url("reviews:family-contact", lcspr),
        {
            "with_whom": "Mother",
            "method": "Telephone",
            "summary": "She said 5 > 3 & asked about the panel.",
            **date_fields("contacted_on", TODAY),
        },
    )
    page = client.get(_url("reviews:family", lcspr)).content.decode()

    assert response.status_code == 302
    assert "She said 5 &gt; 3 &amp; asked about the panel." in page


def test_a_tag_in_a_contact_is_refused_naming_the_field(
    client: Client, lcspr: Review, independent_author: User
) -> None:
    sign_in(client, independent_author)
    response = client.post(
        _url("reviews:family-contact", lcspr),
        {
            "with_whom": "<script>alert(1)</script>",
            "method": "Telephone",
            "summary": "Text",
            **date_fields("contacted_on", TODAY),
        },
    )

    assert response.status_code == 400
    assert "With whom must not include HTML tags" in response.content.decode()
    assert not FamilyContact.objects.exists()


def test_a_stale_plan_shows_both_versions(
    client: Client, lcspr: Review, independent_author: User, business_team_member: User
) -> None:
    save_plan(lcspr, independent_author)
    save_plan(lcspr, business_team_member, version=1, plan="Telephone first")
    sign_in(client, independent_author)

    response = client.post(
        _url("reviews:family-plan", lcspr),
        {"version": "1", "contact_plan": "Home visit", "consent_and_wishes": "", "advocate": ""},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Telephone first" in page
    assert "Home visit" in page
    assert 'name="version" value="2"' in page


def test_telling_the_family_after_publication_is_refused_on_the_page(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    plan_publication(
        lcspr, by=business_team_member, expected_version=0, planned_on=dt.date(2026, 5, 19)
    )
    sign_in(client, business_team_member)

    response = client.post(
        _url("reviews:family-told", lcspr),
        {"about": "publication", **date_fields("told_on", TODAY)},
    )

    assert response.status_code == 400
    assert "on or before the publication date, Tuesday 19 May 2026" in response.content.decode()


def test_completing_while_deferred_through_the_page(
    client: Client, lcspr: Review, independent_author: User
) -> None:
    sign_in(client, independent_author)
    deferred = client.post(
        _url("reviews:family-defer", lcspr),
        {
            "reason": "A criminal trial.",
            **date_fields("since", dt.date(2026, 4, 1)),
            "until-day": "",
        },
    )
    page = client.get(_url("reviews:family", lcspr)).content.decode()
    done = client.post(
        _url("reviews:family-complete", lcspr), {"note": "", **date_fields("completed_on", TODAY)}
    )

    assert deferred.status_code == 302
    assert "A criminal trial." in page
    assert "its note will say contact was deferred" in page
    assert done.status_code == 302
    record = StepRecord.objects.get(review=lcspr, key=Step.FAMILY_ENGAGEMENT)
    assert record.note.startswith("Completed while contact with the family is deferred")


def _queries(client: Client, review: Review) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url("reviews:family", review)).status_code == 200
    return len(queries)


def test_the_page_makes_the_same_number_of_queries_however_many_contacts(
    client: Client, lcspr: Review, independent_author: User
) -> None:
    save_plan(lcspr, independent_author)
    sign_in(client, independent_author)

    def contact(day: int) -> None:
        record_family_contact(
            lcspr,
            by=independent_author,
            contacted_on=dt.date(2026, 5, day),
            with_whom="Mother",
            method="Telephone",
            summary="Call",
        )

    contact(1)
    one = _queries(client, lcspr)
    for day in range(2, 12):
        contact(day)

    assert _queries(client, lcspr) == one
