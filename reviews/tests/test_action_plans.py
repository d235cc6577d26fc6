"""Recommendations and the action plan: numbering, themes, actions with owners and due dates,
immediate actions raised at a step, progress, completion with evidence, and the business
team's confirmation. Who may do what, the emails sent and the events written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.learning.learning import record_learning
from reviews.actions.learning.plans import (
    add_action,
    add_action_evidence,
    complete_action,
    confirm_action,
    make_recommendation,
    raise_immediate_action,
    remove_action_evidence,
    send_back_action,
    update_action,
    withdraw_action,
)
from reviews.actions.learning.themes import add_common_themes, retire_theme
from reviews.actions.outcome import close_review
from reviews.event_types import EventType, describe
from reviews.models import (
    AccessLogEntry,
    ActionStatus,
    Learning,
    PlanAction,
    Recommendation,
    Review,
    ReviewRole,
    Theme,
)
from reviews.tests.factories import join, make_review
from reviews.tests.request_helpers import PDF, docx_bytes

NOW = dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
DUE = TODAY + dt.timedelta(days=30)
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def themes(partnership: Partnership, business_team_member: User) -> dict[str, Theme]:
    add_common_themes(partnership, by=business_team_member)
    return {theme.name: theme for theme in Theme.objects.filter(partnership=partnership)}


@pytest.fixture
def review(
    partnership: Partnership,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
    agency_contributor: User,
    school: Organisation,
) -> Review:
    review = make_review(partnership=partnership, by=business_team_member)
    join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    join(
        review,
        agency_contributor,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=business_team_member,
        organisation=school,
    )
    return review


@pytest.fixture
def recommendation(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> Recommendation:
    learning = record_learning(
        review,
        by=business_team_member,
        source=Learning.Source.DECISION_MEETING,
        summary="Attendance concerns were not shared.",
        themes=[themes["Education and attendance"], themes["Information sharing"]],
        scope=Learning.Scope.MULTI_AGENCY,
    )
    return make_recommendation(
        review, by=business_team_member, text="Share attendance concerns.", learning=[learning]
    )


def _action(
    recommendation: Recommendation, by: User, organisation: Organisation, **changes: object
) -> PlanAction:
    values: dict[str, object] = {
        "description": "Brief staff on sharing attendance concerns.",
        "organisation": organisation,
        "lead_name": "Deputy head",
        "due_on": DUE,
    }
    values.update(changes)
    return add_action(recommendation, by=by, **values)  # type: ignore[arg-type]


@pytest.fixture
def school_action(
    recommendation: Recommendation, business_team_member: User, school: Organisation
) -> PlanAction:
    return _action(recommendation, business_team_member, school)


@pytest.fixture
def police_action(
    recommendation: Recommendation, business_team_member: User, police: Organisation
) -> PlanAction:
    return _action(recommendation, business_team_member, police, lead_name="Inspector")


def _complete(action: PlanAction, by: User) -> PlanAction:
    return complete_action(
        action,
        by=by,
        expected_version=action.version,
        completed_on=TODAY,
        evidence_note="Briefing held on the first of April.",
    )


# Recommendations


def test_recommendations_are_numbered_in_order_and_take_the_learnings_themes(
    recommendation: Recommendation, review: Review, business_team_member: User
) -> None:
    second = make_recommendation(review, by=business_team_member, text="Audit the practice.")

    assert (recommendation.number, second.number) == (1, 2)
    assert sorted(theme.name for theme in recommendation.themes.all()) == [
        "Education and attendance",
        "Information sharing",
    ]
    assert list(second.themes.all()) == []
    event = review.events.filter(type=EventType.RECOMMENDATION_MADE).first()
    assert event is not None
    assert describe(event) == "Made recommendation 2"


def test_a_recommendation_may_name_its_own_themes_but_not_retired_ones(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    retire_theme(themes["Transitions"], by=business_team_member)

    chosen = make_recommendation(
        review, by=business_team_member, text="Text", themes=[themes["Escalation"]]
    )
    with pytest.raises(ActionError, match="retired"):
        make_recommendation(
            review, by=business_team_member, text="Text", themes=[themes["Transitions"]]
        )

    assert list(chosen.themes.all()) == [themes["Escalation"]]


def test_a_recommendation_links_only_learning_of_its_review(
    review: Review, business_team_member: User, partnership: Partnership, themes: dict[str, Theme]
) -> None:
    other = make_review(partnership=partnership, by=business_team_member, pseudonym="Child B")
    elsewhere = record_learning(
        other,
        by=business_team_member,
        source=Learning.Source.OTHER,
        summary="Elsewhere.",
        themes=[themes["Neglect"]],
        scope=Learning.Scope.MULTI_AGENCY,
    )

    with pytest.raises(ActionError) as refused:
        make_recommendation(review, by=business_team_member, text="Text", learning=[elsewhere])

    assert refused.value.field == "learning"
    assert not Recommendation.objects.filter(review=review).exists()


# Adding actions


def test_an_action_emails_the_organisations_people_and_the_lead(
    recommendation: Recommendation,
    business_team_member: User,
    school: Organisation,
    agency_contributor: User,
    partnership: Partnership,
    review: Review,
    mailoutbox: list[mail.EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    lead = make_user(partnership=partnership, email="head@school.example", full_name="Hal Head")

    with django_capture_on_commit_callbacks(execute=True):
        action = _action(recommendation, business_team_member, school, lead=lead)

    assert sorted(message.to[0] for message in mailoutbox) == [
        "dsl@school.example",
        "head@school.example",
    ]
    body = mailoutbox[0].body
    assert review.case_code in body
    assert f"/reviews/{review.pk}/actions/{action.pk}/" in body
    assert "Brief staff" not in body  # what is to be done stays behind sign-in
    event = review.events.get(type=EventType.ACTION_ADDED)
    assert describe(event) == "Added an action for Hollin Test School, due Friday 1 May 2026"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"due_on": TODAY - dt.timedelta(days=1)}, "due_on"),
        ({"due_on": TODAY + dt.timedelta(days=365 * 6)}, "due_on"),
        ({"description": "  "}, "description"),
        ({"description": "x" * 10_001}, "description"),
        ({"lead_name": ""}, "lead_name"),
        ({"lead_name": "x" * 201}, "lead_name"),
    ],
)
def test_an_action_is_refused_with_the_field_named(
    recommendation: Recommendation,
    business_team_member: User,
    school: Organisation,
    changes: dict[str, object],
    field: str,
) -> None:
    with pytest.raises(ActionError) as refused:
        _action(recommendation, business_team_member, school, **changes)

    assert refused.value.field == field
    assert not PlanAction.objects.exists()


def test_an_action_due_today_is_allowed(
    recommendation: Recommendation, business_team_member: User, school: Organisation
) -> None:
    assert _action(recommendation, business_team_member, school, due_on=TODAY).due_on == TODAY


def test_an_action_belongs_to_an_organisation_and_lead_of_the_partnership(
    recommendation: Recommendation, business_team_member: User, other_partnership: Partnership
) -> None:
    foreign = Organisation.objects.create(
        partnership=other_partnership, name="Northfen Police", kind=Organisation.Kind.POLICE
    )
    stranger = make_user(partnership=other_partnership, email="x@ntp.example")
    school = Organisation.objects.get(name="Hollin Test School")

    with pytest.raises(ActionError) as wrong_organisation:
        _action(recommendation, business_team_member, foreign)
    with pytest.raises(ActionError) as wrong_lead:
        _action(recommendation, business_team_member, school, lead=stranger)

    assert (wrong_organisation.value.field, wrong_lead.value.field) == ("organisation", "lead")


# Immediate actions


def test_an_immediate_action_is_raised_at_a_step_of_the_reviews_process(
    review: Review, business_team_member: User, police: Organisation
) -> None:
    action = raise_immediate_action(
        review,
        by=business_team_member,
        step="decision-meeting",
        description="Review the open cases of the same household.",
        organisation=police,
        lead_name="Detective inspector",
        due_on=DUE,
    )

    assert action.is_immediate
    assert action.raised_at_step == "decision-meeting"
    event = review.events.get(type=EventType.IMMEDIATE_ACTION_RAISED)
    assert describe(event) == "Raised an immediate action for Wexmoor Police"
    with pytest.raises(ActionError) as refused:
        raise_immediate_action(
            review,
            by=business_team_member,
            step="published",  # an LCSPR step: not in a rapid review
            description="x",
            organisation=police,
            lead_name="x",
            due_on=DUE,
        )
    assert refused.value.field == "step"


def test_no_immediate_action_on_a_closed_review(
    review: Review, business_team_member: User, police: Organisation
) -> None:
    close_review(review, by=business_team_member)

    with pytest.raises(ActionError, match="closed"):
        raise_immediate_action(
            review,
            by=business_team_member,
            step="decision-meeting",
            description="x",
            organisation=police,
            lead_name="x",
            due_on=DUE,
        )


def test_the_step_page_links_to_the_immediate_action_form_which_raises_it(
    client: Client, review: Review, business_team_member: User, police: Organisation
) -> None:
    sign_in(client, business_team_member)
    step_page = client.get(
        reverse("reviews:step", kwargs={"pk": review.pk, "key": "confirm-scope"})
    ).content.decode()
    url = reverse("reviews:immediate-action", kwargs={"pk": review.pk})

    form = client.get(url, {"step": "confirm-scope"})
    response = client.post(
        f"{url}?step=confirm-scope",
        {
            "description": "Check the siblings are safe.",
            "organisation": str(police.pk),
            "lead_name": "Sergeant",
            "due_on-day": str(DUE.day),
            "due_on-month": str(DUE.month),
            "due_on-year": str(DUE.year),
        },
    )
    unknown = client.get(url, {"step": "no-such-step"})

    assert f"{url}?step=confirm-scope" in step_page
    assert form.status_code == 200
    assert "Raised at the step: Confirm the period under review." in form.content.decode()
    assert response.status_code == 302
    assert PlanAction.objects.get().raised_at_step == "confirm-scope"
    assert unknown.status_code == 404


# Progress, completion, confirmation


def test_the_owner_records_progress_then_completion_and_the_business_team_is_emailed(
    school_action: PlanAction,
    agency_contributor: User,
    review: Review,
    mailoutbox: list[mail.EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    updated = update_action(
        school_action,
        by=agency_contributor,
        expected_version=1,
        status=ActionStatus.IN_PROGRESS,
        progress_note="Briefing booked.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = _complete(updated, agency_contributor)

    assert done.status == ActionStatus.AWAITING_CONFIRMATION
    assert done.completed_on == TODAY
    assert [message.to for message in mailoutbox] == [["manager@wtp.example"]]
    assert "ready to confirm" in mailoutbox[0].subject
    assert [describe(event) for event in review.events.filter(type__startswith="action-")] == [
        "Recorded an action of Hollin Test School as completed",
        "Updated an action of Hollin Test School: in progress",
        "Added an action for Hollin Test School, due Friday 1 May 2026",
    ]


def test_completion_needs_evidence_and_a_date_not_in_the_future(
    school_action: PlanAction, agency_contributor: User
) -> None:
    with pytest.raises(ActionError) as no_evidence:
        complete_action(
            school_action,
            by=agency_contributor,
            expected_version=1,
            completed_on=TODAY,
            evidence_note=" ",
        )
    with pytest.raises(ActionError) as future:
        complete_action(
            school_action,
            by=agency_contributor,
            expected_version=1,
            completed_on=TODAY + dt.timedelta(days=1),
            evidence_note="Done.",
        )
    with pytest.raises(ActionError) as before:
        complete_action(
            school_action,
            by=agency_contributor,
            expected_version=1,
            completed_on=TODAY - dt.timedelta(days=1),
            evidence_note="Done.",
        )

    assert (no_evidence.value.field, future.value.field, before.value.field) == (
        "evidence_note",
        "completed_on",
        "completed_on",
    )
    assert PlanAction.objects.get(pk=school_action.pk).status == ActionStatus.NOT_STARTED


def test_a_stale_update_is_refused_and_recorded(
    school_action: PlanAction, agency_contributor: User, business_team_member: User
) -> None:
    update_action(
        school_action,
        by=business_team_member,
        expected_version=1,
        status=ActionStatus.IN_PROGRESS,
        progress_note="Theirs.",
    )

    with pytest.raises(EditConflict) as clash:
        update_action(
            school_action,
            by=agency_contributor,
            expected_version=1,
            status=ActionStatus.IN_PROGRESS,
            progress_note="Mine.",
        )

    assert clash.value.theirs == {"progress_note": "Theirs."}
    assert school_action.review.events.filter(type=EventType.EDIT_REFUSED).count() == 1
    assert PlanAction.objects.get(pk=school_action.pk).progress_note == "Theirs."


def test_the_business_team_confirms_and_the_owners_are_told(
    school_action: PlanAction,
    agency_contributor: User,
    business_team_member: User,
    mailoutbox: list[mail.EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    done = _complete(school_action, agency_contributor)

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = confirm_action(done, by=business_team_member, expected_version=done.version)

    assert confirmed.status == ActionStatus.CONFIRMED
    assert confirmed.confirmed_by == business_team_member
    assert confirmed.confirmed_at == NOW
    assert [message.to for message in mailoutbox] == [["dsl@school.example"]]
    with pytest.raises(ActionError):
        update_action(
            confirmed,
            by=agency_contributor,
            expected_version=confirmed.version,
            status=ActionStatus.IN_PROGRESS,
            progress_note="More.",
        )


def test_nobody_confirms_an_action_they_own(
    recommendation: Recommendation, business_team_member: User, school: Organisation
) -> None:
    # The business team member is the named lead's account: they may not confirm it.
    action = _action(recommendation, business_team_member, school, lead=business_team_member)
    done = _complete(action, business_team_member)

    with pytest.raises(ActionError, match="You own this action"):
        confirm_action(done, by=business_team_member, expected_version=done.version)
    with pytest.raises(ActionError, match="You own this action"):
        send_back_action(done, by=business_team_member, expected_version=done.version, reason="No.")

    assert PlanAction.objects.get(pk=action.pk).status == ActionStatus.AWAITING_CONFIRMATION


def test_only_a_completed_action_can_be_confirmed(
    school_action: PlanAction, business_team_member: User
) -> None:
    with pytest.raises(ActionError, match="recorded as completed"):
        confirm_action(school_action, by=business_team_member, expected_version=1)


def test_sending_back_puts_it_in_progress_with_the_reason_on_record(
    school_action: PlanAction,
    agency_contributor: User,
    business_team_member: User,
    mailoutbox: list[mail.EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    done = _complete(school_action, agency_contributor)

    with django_capture_on_commit_callbacks(execute=True):
        back = send_back_action(
            done,
            by=business_team_member,
            expected_version=done.version,
            reason="Attach the briefing notes.",
        )

    assert back.status == ActionStatus.IN_PROGRESS
    assert back.completed_on is None
    event = back.review.events.get(type=EventType.ACTION_SENT_BACK)
    assert describe(event) == (
        "Sent back an action of Hollin Test School: Attach the briefing notes."
    )
    assert "Attach the briefing notes." not in mailoutbox[0].body
    with pytest.raises(ActionError) as no_reason:
        send_back_action(back, by=business_team_member, expected_version=back.version, reason="")
    assert no_reason.value.field == "reason"


def test_withdrawing_needs_a_reason_and_ends_the_action(
    school_action: PlanAction, business_team_member: User
) -> None:
    withdrawn = withdraw_action(
        school_action, by=business_team_member, expected_version=1, reason="Duplicate."
    )

    assert withdrawn.status == ActionStatus.WITHDRAWN
    with pytest.raises(ActionError, match="already withdrawn"):
        withdraw_action(
            withdrawn, by=business_team_member, expected_version=withdrawn.version, reason="x"
        )


def test_evidence_is_checked_kept_and_removed_with_events(
    school_action: PlanAction, agency_contributor: User
) -> None:
    with pytest.raises(ActionError) as refused:
        add_action_evidence(
            school_action,
            by=agency_contributor,
            upload=SimpleUploadedFile("notes.pdf", b"not a pdf", content_type="application/pdf"),
        )
    evidence = add_action_evidence(
        school_action,
        by=agency_contributor,
        upload=SimpleUploadedFile("../../notes.docx", docx_bytes(), content_type="x/y"),
    )
    removed = remove_action_evidence(evidence, by=agency_contributor)

    assert refused.value.field == "file"
    assert evidence.original_name == "notes.docx"
    assert removed.removed_at == NOW
    types = list(
        school_action.review.events.filter(type__startswith="action-evidence").values_list(
            "type", flat=True
        )
    )
    assert types == [EventType.ACTION_EVIDENCE_REMOVED, EventType.ACTION_EVIDENCE_ADDED]


# Pages


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
    done = _complete(school_action, agency_contributor)
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


def test_recommendations_through_the_pages_default_to_the_learnings_themes(
    client: Client, review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    learning = record_learning(
        review,
        by=business_team_member,
        source=Learning.Source.OTHER,
        summary="Fathers were not seen.",
        themes=[themes["Fathers and male carers"]],
        scope=Learning.Scope.MULTI_AGENCY,
    )
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:recommendation-add", kwargs={"pk": review.pk}),
        {"version": "0", "text": "Invite fathers.", "learning": [str(learning.pk)]},
    )

    assert response.status_code == 302
    made = Recommendation.objects.get()
    assert list(made.themes.all()) == [themes["Fathers and male carers"]]
    edit = reverse(
        "reviews:recommendation-edit", kwargs={"pk": review.pk, "recommendation_pk": made.pk}
    )
    stale = client.post(edit, {"version": "0", "text": "Other."})
    saved = client.post(edit, {"version": "1", "text": "Invite fathers and male carers."})
    assert stale.status_code == 409
    assert saved.status_code == 302
    assert Recommendation.objects.get().text == "Invite fathers and male carers."
