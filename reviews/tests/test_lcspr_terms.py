"""An LCSPR's terms of reference: versions drafted and kept, shared with the author and the
review panel, agreed by each panel member, and recorded as agreed by the business team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import employ, make_user
from conftest import sign_in
from reviews.actions import ActionError, EditConflict, update_review_details
from reviews.actions.lcspr.terms import (
    agree_terms,
    default_terms_period,
    draft_terms,
    record_terms_agreed,
    share_terms,
)
from reviews.event_types import EventType
from reviews.models import (
    Review,
    ReviewKind,
    ReviewRole,
    StepRecord,
    TermsAgreement,
    TermsOfReference,
)
from reviews.tests.factories import join, make_review

TODAY = dt.date(2026, 10, 1)
START, END = dt.date(2025, 3, 1), dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@dataclass
class Cast:
    team: User
    author: User
    police_lead: User
    panel_member: User
    contributor: User
    lcspr: Review
    rapid_review: Review


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
    team = business_team_member
    rapid = make_review(partnership=partnership, by=team)
    lcspr = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR, rapid_review=rapid)
    panel_member = employ(
        make_user(partnership=partnership, email="panel@school.example", full_name="Pat Panel"),
        school,
    )
    join(lcspr, independent_author, ReviewRole.INDEPENDENT_AUTHOR, by=team)
    join(lcspr, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    join(lcspr, panel_member, ReviewRole.PANEL_MEMBER, by=team)
    join(lcspr, agency_contributor, ReviewRole.AGENCY_CONTRIBUTOR, by=team, organisation=school)
    return Cast(
        team, independent_author, partner_lead, panel_member, agency_contributor, lcspr, rapid
    )


def _draft(cast: Cast, *, by: User | None = None, **changes: Any) -> TermsOfReference:
    values: dict[str, object] = {
        "period_start": START,
        "period_end": END,
        "practitioner_involvement": "A learning event for practitioners.",
        "manager_involvement": "A separate event for managers.",
        "family_involvement": "The author visits the mother, with an advocate.",
        "themes": "Hearing the voice of the baby\n\n  Information sharing at discharge  \n",
    }
    values.update(changes)
    return draft_terms(cast.lcspr, by=by or cast.team, **values)  # type: ignore[arg-type]


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


# Drafting


def test_versions_are_numbered_and_none_is_overwritten(cast: Cast) -> None:
    first = _draft(cast)
    second = _draft(cast, by=cast.author, themes="Hearing the voice of the baby", note="Fewer")

    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.theme_list == ["Hearing the voice of the baby", "Information sharing at discharge"]
    assert second.theme_list == ["Hearing the voice of the baby"]
    assert second.created_by == cast.author
    numbers = [
        event.detail["number"] for event in cast.lcspr.events.filter(type=EventType.TERMS_DRAFTED)
    ]
    assert sorted(numbers) == [1, 2]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period_end": START}, "period_end"),
        ({"period_end": TODAY + dt.timedelta(days=1)}, "period_end"),
        ({"period_start": dt.date(1990, 1, 1)}, "period_start"),
        ({"practitioner_involvement": " "}, "practitioner_involvement"),
        ({"manager_involvement": "x" * 10_001}, "manager_involvement"),
        ({"family_involvement": ""}, "family_involvement"),
        ({"themes": "\n \n"}, "themes"),
        ({"themes": "x" * 501}, "themes"),
        ({"note": "x" * 5001}, "note"),
    ],
)
def test_a_draft_the_rules_refuse_names_the_field(
    cast: Cast, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ActionError) as refusal:
        _draft(cast, **changes)

    assert refusal.value.field == field
    assert not TermsOfReference.objects.exists()


def test_a_rapid_review_has_no_terms_of_reference(cast: Cast) -> None:
    with pytest.raises(ActionError):
        draft_terms(
            cast.rapid_review,
            by=cast.team,
            period_start=START,
            period_end=END,
            practitioner_involvement="a",
            manager_involvement="b",
            family_involvement="c",
            themes="d",
        )


def test_the_first_draft_starts_from_the_rapid_reviews_period(cast: Cast) -> None:
    assert default_terms_period(cast.lcspr) == (None, None)
    Review.objects.filter(pk=cast.rapid_review.pk).update(period_start=START, period_end=END)
    cast.lcspr.refresh_from_db()

    assert default_terms_period(cast.lcspr) == (START, END)


# Sharing


def test_sharing_emails_the_author_and_the_review_panel_only(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    _draft(cast)

    with django_capture_on_commit_callbacks(execute=True):
        shared = share_terms(cast.lcspr, by=cast.team)

    assert shared.shared_at is not None
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(
        [cast.author.email, cast.police_lead.email, cast.panel_member.email]
    )
    body = mail.outbox[0].body
    assert cast.lcspr.case_code in body
    assert reverse("reviews:terms", kwargs={"pk": cast.lcspr.pk}) in body
    assert "Child A" not in body
    assert "voice of the baby" not in body
    assert cast.lcspr.events.get(type=EventType.TERMS_SHARED).detail["number"] == 1


def test_a_version_is_shared_once_and_nothing_unshared_can_be_agreed(cast: Cast) -> None:
    with pytest.raises(ActionError, match="Draft the terms"):
        share_terms(cast.lcspr, by=cast.team)
    _draft(cast)
    with pytest.raises(ActionError, match="no shared version"):
        agree_terms(cast.lcspr, by=cast.police_lead, number=1)
    share_terms(cast.lcspr, by=cast.team)

    with pytest.raises(ActionError, match="already shared"):
        share_terms(cast.lcspr, by=cast.team)


# Agreeing


def test_a_partner_lead_agrees_for_their_organisation_once(
    cast: Cast, police: Organisation
) -> None:
    _draft(cast)
    share_terms(cast.lcspr, by=cast.team)

    agreement = agree_terms(cast.lcspr, by=cast.police_lead, number=1, comment="Content.")

    assert (agreement.organisation, agreement.comment) == (police, "Content.")
    with pytest.raises(ActionError, match="already agreed"):
        agree_terms(cast.lcspr, by=cast.police_lead, number=1)
    assert TermsAgreement.objects.count() == 1
    event = cast.lcspr.events.get(type=EventType.TERMS_AGREED)
    assert event.detail == {
        "number": 1,
        "organisation": "Wexmoor Police",
        "by_panel": False,
    }


def test_a_superseded_version_cannot_be_agreed(cast: Cast) -> None:
    _draft(cast)
    share_terms(cast.lcspr, by=cast.team)
    _draft(cast, note="Adds the school.")
    share_terms(cast.lcspr, by=cast.team)

    with pytest.raises(ActionError, match="replaced by version 2"):
        agree_terms(cast.lcspr, by=cast.panel_member, number=1)

    assert agree_terms(cast.lcspr, by=cast.panel_member, number=2).terms.number == 2


def test_only_panel_members_and_partner_leads_agree(cast: Cast) -> None:
    _draft(cast)
    share_terms(cast.lcspr, by=cast.team)

    for someone in (cast.team, cast.author, cast.contributor):
        with pytest.raises(ActionError):
            agree_terms(cast.lcspr, by=someone, number=1)


# Recording the terms agreed


def test_recording_the_terms_agreed_sets_the_period_and_completes_the_step(cast: Cast) -> None:
    _draft(cast)
    share_terms(cast.lcspr, by=cast.team)
    agree_terms(cast.lcspr, by=cast.police_lead, number=1)

    record_terms_agreed(cast.lcspr, by=cast.team, expected_version=cast.lcspr.version)

    cast.lcspr.refresh_from_db()
    assert (cast.lcspr.period_start, cast.lcspr.period_end) == (START, END)
    step = StepRecord.objects.get(review=cast.lcspr, key="terms-of-reference")
    assert step.completed_on == TODAY
    recorded = cast.lcspr.events.get(type=EventType.TERMS_AGREED, detail__by_panel=True)
    assert recorded.detail["agreements"] == 1
    with pytest.raises(ActionError, match="already recorded"):
        record_terms_agreed(cast.lcspr, by=cast.team, expected_version=cast.lcspr.version)


def test_the_terms_need_the_latest_version_shared_and_an_agreement(cast: Cast) -> None:
    _draft(cast)
    with pytest.raises(ActionError, match="Share"):
        record_terms_agreed(cast.lcspr, by=cast.team, expected_version=cast.lcspr.version)
    share_terms(cast.lcspr, by=cast.team)
    with pytest.raises(ActionError, match="Nobody has agreed"):
        record_terms_agreed(cast.lcspr, by=cast.team, expected_version=cast.lcspr.version)

    assert not StepRecord.objects.filter(review=cast.lcspr, completed_on__isnull=False).exists()


def test_a_change_to_the_review_since_it_was_read_is_a_clash(cast: Cast) -> None:
    _draft(cast)
    share_terms(cast.lcspr, by=cast.team)
    agree_terms(cast.lcspr, by=cast.police_lead, number=1)
    read = cast.lcspr.version
    update_review_details(
        cast.lcspr, by=cast.team, expected_version=read, pseudonym="Child B", summary=""
    )

    with pytest.raises(EditConflict):
        record_terms_agreed(cast.lcspr, by=cast.team, expected_version=read)

    cast.lcspr.refresh_from_db()
    assert cast.lcspr.period_start is None
    assert not StepRecord.objects.filter(review=cast.lcspr, key="terms-of-reference").exists()
    assert cast.lcspr.events.filter(type=EventType.EDIT_REFUSED).count() == 1


# The pages


def test_the_page_shows_versions_agreements_and_who_is_still_to_agree(
    client: Client, cast: Cast
) -> None:
    _draft(cast)
    _draft(cast, themes="Hearing the voice of the baby\n<script>alert(1)</script>", note="v2")
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
    _draft(cast)
    share_terms(cast.lcspr, by=cast.team)
    agree_terms(cast.lcspr, by=cast.police_lead, number=1)
    sign_in(client, cast.team)
    url = reverse("reviews:terms", kwargs={"pk": cast.lcspr.pk})
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        _draft(cast)
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
            **_date("period_start", START),
            **_date("period_end", END),
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
            {**_date("period_end", dt.date(2024, 1, 1))},
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
        **_date("period_start", START),
        **_date("period_end", END),
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
    _draft(cast)
    pk = cast.lcspr.pk
    team, lead = sign_in(Client(), cast.team), sign_in(Client(), cast.police_lead)

    with django_capture_on_commit_callbacks(execute=True):
        shared = team.post(reverse("reviews:terms-share", kwargs={"pk": pk}))
    form = lead.get(reverse("reviews:terms", kwargs={"pk": pk})).content.decode()
    agreed = lead.post(reverse("reviews:terms-agree", kwargs={"pk": pk}), {"number": "1"})
    recorded = team.post(
        reverse("reviews:terms-agreed", kwargs={"pk": pk}), {"version": str(cast.lcspr.version)}
    )

    assert (shared.status_code, agreed.status_code, recorded.status_code) == (302, 302, 302)
    assert len(mail.outbox) == 3
    assert reverse("reviews:terms-agree", kwargs={"pk": pk}) in form
    cast.lcspr.refresh_from_db()
    assert cast.lcspr.period_start == START
    assert StepRecord.objects.get(review=cast.lcspr, key="terms-of-reference").completed_on == TODAY


def test_agreeing_a_superseded_version_on_the_page_is_refused(client: Client, cast: Cast) -> None:
    _draft(cast)
    share_terms(cast.lcspr, by=cast.team)
    _draft(cast)
    share_terms(cast.lcspr, by=cast.team)
    sign_in(client, cast.panel_member)

    response = client.post(
        reverse("reviews:terms-agree", kwargs={"pk": cast.lcspr.pk}), {"number": "1"}
    )

    assert response.status_code == 409
    assert "replaced by version 2" in response.content.decode()
    assert not TermsAgreement.objects.exists()


def test_recording_after_the_review_changed_is_a_409(client: Client, cast: Cast) -> None:
    _draft(cast)
    share_terms(cast.lcspr, by=cast.team)
    agree_terms(cast.lcspr, by=cast.police_lead, number=1)
    read = cast.lcspr.version
    update_review_details(
        cast.lcspr, by=cast.team, expected_version=read, pseudonym="Child B", summary=""
    )
    sign_in(client, cast.team)

    response = client.post(
        reverse("reviews:terms-agreed", kwargs={"pk": cast.lcspr.pk}), {"version": str(read)}
    )

    assert response.status_code == 409
    assert "Someone else changed the review" in response.content.decode()


def test_who_may_do_what_on_the_terms(client: Client, cast: Cast, outsider: User) -> None:
    _draft(cast)
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
