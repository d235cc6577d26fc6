"""The terms of reference pages: versions and agreements shown, drafting, sharing, agreeing and
recording through the pages, and who may do what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import update_review_details
from reviews.actions.lcspr.planning.terms import agree_terms, share_terms
from reviews.models import Review, StepRecord, TermsAgreement, TermsOfReference
from reviews.process import Step
from reviews.tests import lcspr_planning_terms_setup as setup
from reviews.tests.form_data import date_fields
from reviews.tests.lcspr_planning_terms_setup import END, START, TODAY, Cast, draft_a_version


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def cast(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    agency_contributor: User,
    police: Organisation,
    school: Organisation,
) -> Cast:
    return setup.cast(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        agency_contributor=agency_contributor,
        police=police,
        school=school,
    )


def test_the_page_shows_versions_agreements_and_who_is_still_to_agree(
    client: Client, cast: Cast
) -> None:
    draft_a_version(cast)
    draft_a_version(
        cast, themes="Hearing the voice of the baby\n<script>alert(1)</script>", note="v2"
    )
    share_terms(cast.lcspr, by=cast.team)
    agree_terms(cast.lcspr, by=cast.police_lead, number=2, comment="Agreed for the police.")
    sign_in(client, cast.author)

    response = client.get(reverse("reviews:terms", kwargs={"pk": cast.lcspr.pk}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Version 2" in page
    assert "Version 1" in page
    assert "Saturday 1 March 2025 to Sunday 1 March 2026" in page
    assert "<li>Hearing the voice of the baby</li>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "Hannah Test" in page
    assert "Wexmoor Police" in page
    still = page.split('data-testid="still-to-agree"')[1].split("</ul>")[0]
    assert "Pat Panel" in still
    assert "Hannah Test" not in still
    # The author drafts but neither shares, agrees nor records.
    assert reverse("reviews:terms-draft", kwargs={"pk": cast.lcspr.pk}) in page
    assert reverse("reviews:terms-agree", kwargs={"pk": cast.lcspr.pk}) not in page
    assert reverse("reviews:terms-agreed", kwargs={"pk": cast.lcspr.pk}) not in page


def test_the_page_makes_the_same_number_of_queries_however_many_versions(
    client: Client, cast: Cast
) -> None:
    draft_a_version(cast)
    share_terms(cast.lcspr, by=cast.team)
    agree_terms(cast.lcspr, by=cast.police_lead, number=1)
    sign_in(client, cast.team)
    url = reverse("reviews:terms", kwargs={"pk": cast.lcspr.pk})
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        draft_a_version(cast)
        share_terms(cast.lcspr, by=cast.team)
        agree_terms(cast.lcspr, by=cast.police_lead, number=TermsOfReference.objects.count())
        agree_terms(cast.lcspr, by=cast.panel_member, number=TermsOfReference.objects.count())
    with CaptureQueriesContext(connection) as five:
        client.get(url)

    assert len(five) == len(one)


def test_a_rapid_review_has_no_terms_page(client: Client, cast: Cast) -> None:
    sign_in(client, cast.team)

    assert (
        client.get(reverse("reviews:terms", kwargs={"pk": cast.rapid_review.pk})).status_code == 404
    )


def test_the_author_drafts_a_version_on_the_page(client: Client, cast: Cast) -> None:
    Review.objects.filter(pk=cast.rapid_review.pk).update(period_start=START, period_end=END)
    sign_in(client, cast.author)
    url = reverse("reviews:terms-draft", kwargs={"pk": cast.lcspr.pk})

    form = client.get(url).content.decode()
    response = client.post(
        url,
        {
            **date_fields("period_start", START),
            **date_fields("period_end", END),
            "practitioner_involvement": "An event.",
            "manager_involvement": "An event.",
            "family_involvement": "A visit.",
            "themes": "Neglect\nJoint working",
        },
    )

    assert 'name="period_start-year" type="text" value="2025"' in form
    assert response.status_code == 302
    assert TermsOfReference.objects.get().theme_list == ["Neglect", "Joint working"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"themes": ""}, "themes", "Enter at least one theme to explore"),
        (
            {"period_end-day": "30", "period_end-month": "2"},
            "period_end",
            "End of the period under review must be a real date",
        ),
        (
            {**date_fields("period_end", dt.date(2024, 1, 1))},
            "period_end",
            "The end of the period under review must be after its start",
        ),
        (
            {"family_involvement": "x" * 10_001},
            "family_involvement",
            "How family members will be involved must be 10,000 characters or fewer",
        ),
    ],
)
def test_a_bad_draft_is_refused_naming_the_field(
    client: Client, cast: Cast, changes: dict[str, str], field: str, message: str
) -> None:
    sign_in(client, cast.team)
    data = {
        **date_fields("period_start", START),
        **date_fields("period_end", END),
        "practitioner_involvement": "An event.",
        "manager_involvement": "An event.",
        "family_involvement": "A visit.",
        "themes": "Neglect",
        **changes,
    }

    response = client.post(reverse("reviews:terms-draft", kwargs={"pk": cast.lcspr.pk}), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#id_{field}"' in page
    assert not TermsOfReference.objects.exists()


def test_share_agree_and_record_through_the_pages(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    draft_a_version(cast)
    pk = cast.lcspr.pk
    team, lead = sign_in(Client(), cast.team), sign_in(Client(), cast.police_lead)

    with django_capture_on_commit_callbacks(execute=True):
        shared = team.post(reverse("reviews:terms-share", kwargs={"pk": pk}))
    form = lead.get(reverse("reviews:terms", kwargs={"pk": pk})).content.decode()
    agreed = lead.post(reverse("reviews:terms-agree", kwargs={"pk": pk}), {"number": "1"})
    recorded = team.post(
        reverse("reviews:terms-agreed", kwargs={"pk": pk}),
        {"version": str(cast.lcspr.version), "reason": "Agreed at the panel meeting."},
    )

    assert (shared.status_code, agreed.status_code, recorded.status_code) == (302, 302, 302)
    assert len(mail.outbox) == 3
    assert reverse("reviews:terms-agree", kwargs={"pk": pk}) in form
    cast.lcspr.refresh_from_db()
    assert cast.lcspr.period_start == START
    assert (
        StepRecord.objects.get(review=cast.lcspr, key=Step.TERMS_OF_REFERENCE).completed_on == TODAY
    )


def test_agreeing_a_superseded_version_on_the_page_is_refused(client: Client, cast: Cast) -> None:
    draft_a_version(cast)
    share_terms(cast.lcspr, by=cast.team)
    draft_a_version(cast)
    share_terms(cast.lcspr, by=cast.team)
    sign_in(client, cast.panel_member)

    response = client.post(
        reverse("reviews:terms-agree", kwargs={"pk": cast.lcspr.pk}), {"number": "1"}
    )

    assert response.status_code == 409
    assert "replaced by version 2" in response.content.decode()
    assert not TermsAgreement.objects.exists()


def test_recording_after_the_review_changed_is_a_409(client: Client, cast: Cast) -> None:
    draft_a_version(cast)
    share_terms(cast.lcspr, by=cast.team)
    agree_terms(cast.lcspr, by=cast.police_lead, number=1)
    read = cast.lcspr.version
    update_review_details(
        cast.lcspr, by=cast.team, expected_version=read, pseudonym="Child B", summary=""
    )
    sign_in(client, cast.team)

    response = client.post(
        reverse("reviews:terms-agreed", kwargs={"pk": cast.lcspr.pk}),
        {"version": str(read), "reason": "Agreed at the panel meeting."},
    )

    assert response.status_code == 409
    assert "Someone else changed the review" in response.content.decode()


def test_who_may_do_what_on_the_terms(client: Client, cast: Cast, outsider: User) -> None:
    draft_a_version(cast)
    pk = cast.lcspr.pk

    def status(user: User, name: str, method: str = "post") -> int:
        browser = sign_in(Client(), user)
        url = reverse(name, kwargs={"pk": pk})
        return (browser.post(url, {}) if method == "post" else browser.get(url)).status_code

    assert status(cast.contributor, "reviews:terms", "get") == 403
    assert status(outsider, "reviews:terms", "get") == 404
    assert status(cast.police_lead, "reviews:terms-draft", "get") == 403
    assert status(cast.author, "reviews:terms-share") == 403
    assert status(cast.team, "reviews:terms-agree") == 403
    assert status(cast.police_lead, "reviews:terms-agreed") == 403
    assert status(outsider, "reviews:terms-share") == 404
