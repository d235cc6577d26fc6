"""The approval chain on the report page: what each person is shown and may press, and the
form naming the version it approves by id and number."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import sign_in
from reviews.actions.report import generate_report_version
from reviews.models import Approval, ApprovalRole, ReportVersion, ReviewRole
from reviews.tests.factories import join
from reviews.tests.report_setup import (
    WORKING_DAY_TWELVE,
    ReportCase,
    approve_as,
)


@pytest.fixture(autouse=True)
def _on_working_day_twelve() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_TWELVE, tick=False):
        yield


@pytest.fixture
def version(case: ReportCase) -> ReportVersion:
    return generate_report_version(case.review, by=case.team)


def approve_url(case: ReportCase) -> str:
    return reverse("reviews:report-approve", kwargs={"pk": case.review.pk})


def send_back_url(case: ReportCase) -> str:
    return reverse("reviews:report-send-back", kwargs={"pk": case.review.pk})


def test_the_page_shows_who_has_approved_and_who_is_still_to_approve(
    client: Client, case: ReportCase, version: ReportVersion
) -> None:
    approve_as(case, version, "subgroup")
    approve_as(case, version, "icb")
    sign_in(client, case.team)

    html = client.get(reverse("reviews:report", kwargs={"pk": case.review.pk})).content.decode()

    assert (
        "Still to approve: Partnership independent chair, Wexmoor Children&#39;s Services, "
        "Wexmoor Police"
    ) in html
    assert "Approved by Sam Chair on Tuesday 24 March 2026" in html


def test_approving_from_the_page_names_the_version_by_id_and_number(
    client: Client, case: ReportCase, version: ReportVersion
) -> None:
    sign_in(client, case.subgroup_chair)
    page = client.get(reverse("reviews:report", kwargs={"pk": case.review.pk})).content.decode()
    assert f'name="version" value="{version.pk}"' in page
    assert "Approve version 1" in page

    wrong = client.post(approve_url(case), {"version": version.pk, "number": 2})
    missing = client.post(approve_url(case), {"version": version.pk})
    right = client.post(approve_url(case), {"version": version.pk, "number": 1})

    assert wrong.status_code == 400
    assert "The version on your page is not the one you chose" in wrong.content.decode()
    assert missing.status_code == 400
    assert "Choose the version of the report" in missing.content.decode()
    assert right.status_code == 302
    assert Approval.objects.get().person == case.subgroup_chair


def test_approving_a_version_that_is_no_longer_the_newest_is_refused_on_the_page(
    client: Client, case: ReportCase, version: ReportVersion
) -> None:
    sign_in(client, case.subgroup_chair)
    newer = generate_report_version(case.review, by=case.team)

    response = client.post(approve_url(case), {"version": version.pk, "number": 1})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Version 1 is no longer the newest: version 2 was added on Tuesday" in html
    assert f'name="version" value="{newer.pk}"' in html
    assert not Approval.objects.exists()


def test_sending_back_from_the_page_without_a_reason_keeps_the_form_and_says_why(
    client: Client, case: ReportCase, version: ReportVersion
) -> None:
    sign_in(client, case.partnership_chair)

    empty = client.post(send_back_url(case), {"version": version.pk, "number": 1, "reason": ""})
    hostile = client.post(
        send_back_url(case),
        {"version": version.pk, "number": 1, "reason": "<script>alert(1)</script>"},
    )

    assert empty.status_code == 400
    assert "Enter why you are sending the report back" in empty.content.decode()
    assert 'href="#reason-partnership-chair"' in empty.content.decode()
    assert hostile.status_code == 302
    page = client.get(reverse("reviews:report", kwargs={"pk": case.review.pk})).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_people_outside_the_chain_cannot_approve(
    client: Client,
    case: ReportCase,
    version: ReportVersion,
    agency_contributor: User,
    outsider: User,
) -> None:
    join(
        case.review,
        agency_contributor,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=case.team,
        organisation=case.partners["police"],
    )
    data = {"version": version.pk, "number": 1}
    for person, status in [(case.team, 403), (case.legal, 403), (agency_contributor, 403)]:
        sign_in(client, person)
        assert client.post(approve_url(case), data).status_code == status, person
    sign_in(client, outsider)
    assert client.post(approve_url(case), data).status_code == 404
    assert client.post(send_back_url(case), {**data, "reason": "x"}).status_code == 404
    assert not Approval.objects.exists()


def test_someone_in_two_parts_chooses_the_part_they_sign_in(
    client: Client, case: ReportCase, version: ReportVersion
) -> None:
    join(case.review, case.leads["police"], ReviewRole.SUBGROUP_CHAIR, by=case.team)
    sign_in(client, case.leads["police"])

    unnamed = client.post(approve_url(case), {"version": version.pk, "number": 1})
    named = client.post(
        approve_url(case), {"version": version.pk, "number": 1, "role": "subgroup-chair"}
    )

    assert unnamed.status_code == 400
    assert "Choose the part you sign the report in" in unnamed.content.decode()
    assert named.status_code == 302
    assert Approval.objects.get().role == ApprovalRole.SUBGROUP_CHAIR
