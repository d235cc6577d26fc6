"""The action page: who sees and works on an action, completion and confirmation through the
pages, stale forms and evidence files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions.learning.plans import update_action
from reviews.models import AccessLogEntry, ActionStatus, PlanAction, Recommendation, Review, Theme
from reviews.tests import learning_plans_setup as setup
from reviews.tests.learning_plans_setup import (
    DUE,
    NOW,
    TODAY,
    add_test_action,
    complete_test_action,
)
from reviews.tests.request_helpers import PDF


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def themes(partnership: Partnership, business_team_member: User) -> dict[str, Theme]:
    return setup.themes(partnership=partnership, business_team_member=business_team_member)


@pytest.fixture
def review(
    partnership: Partnership,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
    agency_contributor: User,
    school: Organisation,
) -> Review:
    return setup.review(
        partnership=partnership,
        business_team_member=business_team_member,
        partner_lead=partner_lead,
        police=police,
        agency_contributor=agency_contributor,
        school=school,
    )


@pytest.fixture
def recommendation(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> Recommendation:
    return setup.recommendation(
        review=review, business_team_member=business_team_member, themes=themes
    )


@pytest.fixture
def school_action(
    recommendation: Recommendation, business_team_member: User, school: Organisation
) -> PlanAction:
    return setup.school_action(
        recommendation=recommendation, business_team_member=business_team_member, school=school
    )


YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def police_action(
    recommendation: Recommendation, business_team_member: User, police: Organisation
) -> PlanAction:
    return add_test_action(recommendation, business_team_member, police, lead_name="Inspector")


def _page(action: PlanAction) -> str:
    return reverse("reviews:plan-action", kwargs={"pk": action.review_id, "action_pk": action.pk})


def _url(name: str, action: PlanAction) -> str:
    return reverse(name, kwargs={"pk": action.review_id, "action_pk": action.pk})


def test_an_agency_contributor_sees_and_updates_only_their_own_organisations_actions(
    client: Client,
    school_action: PlanAction,
    police_action: PlanAction,
    agency_contributor: User,
    review: Review,
) -> None:
    sign_in(client, agency_contributor)

    own = client.get(_page(school_action))
    other = client.get(_page(police_action))
    update_own = client.post(
        _url("reviews:plan-action-update", school_action),
        {"version": "1", "status": "in-progress", "progress_note": "Booked."},
    )
    update_other = client.post(
        _url("reviews:plan-action-update", police_action),
        {"version": "1", "status": "in-progress", "progress_note": "Meddling."},
    )
    learning = client.get(reverse("reviews:learning", kwargs={"pk": review.pk}))

    assert own.status_code == 200
    assert "Brief staff on sharing attendance concerns." in own.content.decode()
    assert "Back to the action tracker" in own.content.decode()
    assert (other.status_code, update_other.status_code) == (404, 404)
    assert update_own.status_code == 302
    assert PlanAction.objects.get(pk=school_action.pk).status == ActionStatus.IN_PROGRESS
    assert PlanAction.objects.get(pk=police_action.pk).progress_note == ""
    assert learning.status_code == 403


def test_a_reader_of_the_review_sees_an_action_but_cannot_work_on_it(
    client: Client, school_action: PlanAction, partner_lead: User
) -> None:
    sign_in(client, partner_lead)

    page = client.get(_page(school_action))
    update = client.post(
        _url("reviews:plan-action-update", school_action),
        {"version": "1", "status": "in-progress", "progress_note": ""},
    )

    assert page.status_code == 200
    assert "Record progress" not in page.content.decode()
    assert update.status_code == 403


def test_an_outsider_is_told_the_action_does_not_exist(
    client: Client, school_action: PlanAction, outsider: User
) -> None:
    sign_in(client, outsider)

    assert client.get(_page(school_action)).status_code == 404


def test_the_owner_cannot_confirm_through_the_page(
    client: Client, school_action: PlanAction, agency_contributor: User
) -> None:
    done = complete_test_action(school_action, agency_contributor)
    sign_in(client, agency_contributor)

    page = client.get(_page(done)).content.decode()
    response = client.post(_url("reviews:plan-action-confirm", done), {"version": done.version})

    assert "Confirm the action is complete" not in page
    assert response.status_code == 403


def test_completion_and_confirmation_through_the_pages(
    client: Client,
    school_action: PlanAction,
    agency_contributor: User,
    business_team_member: User,
) -> None:
    sign_in(client, agency_contributor)
    missing = client.post(
        _url("reviews:plan-action-complete", school_action),
        {"version": "1", "evidence_note": ""},
    )
    done = client.post(
        _url("reviews:plan-action-complete", school_action),
        {
            "version": "1",
            "evidence_note": "Held.",
            "completed_on-day": str(TODAY.day),
            "completed_on-month": str(TODAY.month),
            "completed_on-year": str(TODAY.year),
        },
    )
    sign_in(client, business_team_member)
    page = client.get(_page(school_action)).content.decode()
    confirmed = client.post(_url("reviews:plan-action-confirm", school_action), {"version": "2"})

    assert missing.status_code == 400
    assert "Enter the evidence that the action is complete" in missing.content.decode()
    assert "Enter the date the action was completed" in missing.content.decode()
    assert done.status_code == 302
    assert "Confirm the action is complete" in page
    assert confirmed.status_code == 302
    assert PlanAction.objects.get(pk=school_action.pk).status == ActionStatus.CONFIRMED


def test_a_stale_form_on_the_action_page_gets_409(
    client: Client, school_action: PlanAction, business_team_member: User, agency_contributor: User
) -> None:
    update_action(
        school_action,
        by=business_team_member,
        expected_version=1,
        status=ActionStatus.IN_PROGRESS,
        progress_note="Their note",
    )
    sign_in(client, agency_contributor)

    response = client.post(
        _url("reviews:plan-action-update", school_action),
        {"version": "1", "status": "in-progress", "progress_note": "My note"},
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert "Their note" in body
    assert "My note" in body


def test_evidence_upload_and_download_are_logged(
    client: Client, school_action: PlanAction, agency_contributor: User, partner_lead: User
) -> None:
    sign_in(client, agency_contributor)
    uploaded = client.post(
        _url("reviews:plan-action-evidence", school_action),
        {"file": SimpleUploadedFile("briefing.pdf", PDF, content_type="application/pdf")},
    )
    refused = client.post(
        _url("reviews:plan-action-evidence", school_action),
        {"file": SimpleUploadedFile("run.exe", b"MZ", content_type="application/pdf")},
    )
    evidence = school_action.evidence.get()
    sign_in(client, partner_lead)

    download = client.get(
        reverse(
            "reviews:plan-action-evidence-download",
            kwargs={
                "pk": school_action.review_id,
                "action_pk": school_action.pk,
                "evidence_pk": evidence.pk,
            },
        )
    )

    assert uploaded.status_code == 302
    assert refused.status_code == 400
    assert "The selected file must be a PDF or Word document" in refused.content.decode()
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT)
    assert entry.user == partner_lead
    assert "briefing.pdf" in entry.target


def test_the_business_team_adds_an_action_through_the_page(
    client: Client,
    recommendation: Recommendation,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    url = reverse(
        "reviews:action-add",
        kwargs={"pk": recommendation.review_id, "recommendation_pk": recommendation.pk},
    )
    data = {
        "description": "Audit referrals.",
        "organisation": str(police.pk),
        "lead_name": "Inspector",
        "due_on-day": str(YESTERDAY.day),
        "due_on-month": str(YESTERDAY.month),
        "due_on-year": str(YESTERDAY.year),
    }
    sign_in(client, partner_lead)
    refused = client.post(url, data)
    sign_in(client, business_team_member)
    late = client.post(url, data)
    added = client.post(url, data | {"due_on-day": str(DUE.day), "due_on-month": str(DUE.month)})

    assert refused.status_code == 403
    assert late.status_code == 400
    assert "The due date must be today or later" in late.content.decode()
    assert added.status_code == 302
    assert PlanAction.objects.get().organisation == police
