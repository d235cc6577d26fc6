"""The delays report, and a closed LCSPR read but no longer changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews import actions
from reviews.actions import ActionError
from reviews.actions.lcspr.publication.publishing import (
    plan_publication,
    record_pre_publication_notice,
    record_published,
)
from reviews.actions.panel.outcome import close_review
from reviews.models import Review, ReviewKind
from reviews.tests import lcspr_publication_setup as setup
from reviews.tests.factories import make_review
from reviews.tests.form_data import date_fields
from reviews.tests.lcspr_publication_setup import (
    ORIGIN,
    PLANNED,
    SENT_TO,
    TODAY,
    at,
    final_draft_checked,
    url,
)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with at(TODAY):
        yield


@pytest.fixture
def lcspr(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    agency_contributor: User,
    school: Organisation,
) -> Review:
    return setup.lcspr(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
        agency_contributor=agency_contributor,
        school=school,
    )


def _late_lcspr(partnership: Partnership, team: User, *, origin: dt.date, pseudonym: str) -> Review:
    return make_review(
        partnership=partnership, by=team, kind=ReviewKind.LCSPR, origin=origin, pseudonym=pseudonym
    )


def _publish_late(review: Review, team: User) -> None:
    with at(dt.date(2026, 9, 1)):
        plan_publication(review, by=team, expected_version=0, planned_on=dt.date(2026, 9, 20))
        record_pre_publication_notice(review, by=team, sent_on=dt.date(2026, 9, 1), sent_to=SENT_TO)
    final_draft_checked(review, team)
    with at(dt.date(2026, 9, 21)):
        record_published(
            review,
            by=team,
            published_on=dt.date(2026, 9, 21),
            where="Website",
            delay_reason="The family asked for time before publication.",
            gaps_confirmed=True,
            gaps_reason="The partners agreed to publish on the date set.",
        )


def test_the_delays_report_lists_late_reviews_with_their_reasons(
    client: Client, partnership: Partnership, business_team_member: User, auditor: User
) -> None:
    team = business_team_member
    published_late = _late_lcspr(partnership, team, origin=ORIGIN, pseudonym="Child A")
    _publish_late(published_late, team)
    unpublished = _late_lcspr(partnership, team, origin=dt.date(2026, 3, 10), pseudonym="Child B")
    actions.start_hold(unpublished, by=team, start=dt.date(2026, 8, 1), reason="Criminal trial")
    actions.end_hold(unpublished, by=team, end=dt.date(2026, 8, 3))
    not_yet_due = _late_lcspr(partnership, team, origin=dt.date(2026, 6, 1), pseudonym="Child C")

    with at(dt.date(2026, 10, 1)):
        sign_in(client, auditor)
        response = client.get(reverse("reviews:publication-delays"))

    assert response.status_code == 200
    page = response.content.decode()
    assert published_late.case_code in page
    assert unpublished.case_code in page
    assert not_yet_due.case_code not in page
    assert "The family asked for time before publication." in page
    assert "Criminal trial" in page
    assert "Monday 21 September 2026" in page
    # Auditors are not members: no links to pages they cannot open.
    assert reverse("reviews:publication", kwargs={"pk": published_late.pk}) not in page


def test_the_delays_report_is_for_the_business_team_and_auditors(
    client: Client,
    partnership: Partnership,
    partner_lead: User,
    outsider: User,
    business_team_member: User,
) -> None:
    late = _late_lcspr(partnership, business_team_member, origin=ORIGIN, pseudonym="Child A")

    with at(dt.date(2026, 10, 1)):
        sign_in(client, partner_lead)
        refused = client.get(reverse("reviews:publication-delays"))
        sign_in(client, outsider)
        theirs = client.get(reverse("reviews:publication-delays"))
        sign_in(client, business_team_member)
        ours = client.get(reverse("reviews:publication-delays"))

    assert refused.status_code == 403
    assert theirs.status_code == 200
    assert late.case_code not in theirs.content.decode()
    assert late.case_code in ours.content.decode()
    assert 'data-testid="no-delays"' in theirs.content.decode()


def test_the_delays_report_makes_a_fixed_number_of_queries(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    team = business_team_member

    def count() -> int:
        with at(dt.date(2026, 10, 1)):
            sign_in(client, team)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("reviews:publication-delays")).status_code == 200
        return len(queries)

    first = _late_lcspr(partnership, team, origin=ORIGIN, pseudonym="Child A")
    _publish_late(first, team)
    one = count()
    for number in range(3):
        review = _late_lcspr(
            partnership, team, origin=dt.date(2026, 3, 10 + number), pseudonym=f"Child {number}"
        )
        actions.start_hold(review, by=team, start=dt.date(2026, 8, 1), reason="Trial")

    assert count() == one


def test_a_closed_review_is_read_but_no_longer_changed(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)
    close_review(lcspr, by=business_team_member)
    sign_in(client, business_team_member)

    page = client.get(url("reviews:publication", lcspr))
    refused = client.post(
        url("reviews:publication-plan", lcspr),
        {"version": "1", **date_fields("planned_on", PLANNED)},
    )

    assert page.status_code == 200
    assert "Save the planned date" not in page.content.decode()
    assert refused.status_code == 409
    assert "is closed" in refused.content.decode()
    with pytest.raises(ActionError, match="is closed"):
        record_pre_publication_notice(
            lcspr, by=business_team_member, sent_on=TODAY, sent_to=SENT_TO
        )
