"""The end of an LCSPR: the media strategy agreed, the planned publication date and the
pre-publication notice due N working days before it, delays, publication (only once the notice
is sent and the final draft has passed the anonymisation check), and the partnership's report
of late publications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews import actions
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.publication import (
    agree_media_strategy,
    delay_publication,
    plan_publication,
    record_pre_publication_notice,
    record_published,
    save_media_strategy,
)
from reviews.actions.outcome import close_review
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.models import (
    AnonymisationCheck,
    DraftReport,
    Extension,
    MediaStrategy,
    Publication,
    Review,
    ReviewKind,
    ReviewRole,
    StepRecord,
)
from reviews.tests.factories import join, make_review

ORIGIN = dt.date(2026, 3, 6)  # six months later: Sunday 6 September 2026
TODAY = dt.date(2026, 5, 20)
# Spring bank holiday: Monday 25 May 2026 lies between the two.
PLANNED = dt.date(2026, 6, 3)
SENT_TO = "The National Panel and the Secretary of State"


def _at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC), tick=False)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with _at(TODAY):
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
    team = business_team_member
    review = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR, origin=ORIGIN)
    join(review, independent_author, ReviewRole.INDEPENDENT_AUTHOR, by=team)
    join(review, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    join(review, agency_contributor, ReviewRole.AGENCY_CONTRIBUTOR, by=team, organisation=school)
    return review


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _url(name: str, review: Review) -> str:
    return reverse(name, kwargs={"pk": review.pk})


def _final_draft_checked(review: Review, by: User, *, hits: int = 0) -> None:
    """An ORM stand-in for the drafts actions written alongside: the agreed final draft and
    an anonymisation check of it."""
    final = DraftReport.objects.filter(review=review, final_agreed_on__isnull=False).first()
    if final is None:
        final = DraftReport(
            review=review,
            number=1,
            original_name="final.docx",
            sha256="0" * 64,
            text="The review of Child A",
            uploaded_by=by,
            final_agreed_on=ORIGIN + dt.timedelta(days=60),
            final_agreed_by=by,
        )
        final.docx.save("final.docx", ContentFile(b"PK\x03\x04"), save=False)
        final.save()
    AnonymisationCheck.objects.create(draft=final, hits=hits, values_checked=4, run_by=by)


def _strategy(review: Review, by: User, version: int = 0, **changes: str) -> MediaStrategy:
    values = {
        "impact_update": "Four of six actions are complete.",
        "publication_method": "On the partnership's website with a press release.",
        "practitioner_update": "A seven-minute briefing to every agency.",
        "family_liaison": "The author tells the mother a week before.",
    } | changes
    return save_media_strategy(review, by=by, expected_version=version, **values)


def _noticed(review: Review, by: User, *, sent_on: dt.date = TODAY) -> Publication:
    plan_publication(review, by=by, expected_version=0, planned_on=PLANNED)
    return record_pre_publication_notice(review, by=by, sent_on=sent_on, sent_to=SENT_TO)


# The media strategy


def test_agreeing_the_media_strategy_completes_its_step(
    lcspr: Review, business_team_member: User
) -> None:
    _strategy(lcspr, business_team_member)

    agreed = agree_media_strategy(lcspr, by=business_team_member, agreed_on=dt.date(2026, 5, 18))

    assert (agreed.agreed_on, agreed.agreed_by) == (dt.date(2026, 5, 18), business_team_member)
    step = schedule_for(lcspr).step("media-strategy")
    assert step.completed == dt.date(2026, 5, 18)
    assert lcspr.events.get(type=EventType.MEDIA_STRATEGY_AGREED).detail == {
        "agreed_on": "Monday 18 May 2026"
    }
    with pytest.raises(ActionError, match="already agreed"):
        agree_media_strategy(lcspr, by=business_team_member, agreed_on=TODAY)


def test_a_media_strategy_missing_a_part_cannot_be_agreed(
    lcspr: Review, business_team_member: User
) -> None:
    _strategy(lcspr, business_team_member, family_liaison="")

    with pytest.raises(ActionError, match="family liaison"):
        agree_media_strategy(lcspr, by=business_team_member, agreed_on=TODAY)
    assert not StepRecord.objects.filter(review=lcspr, key="media-strategy").exists()


def test_the_impact_update_starts_from_the_learning_summary(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    page = client.get(_url("reviews:media-strategy", lcspr)).content.decode()

    assert f"Impact update: {lcspr.case_code}" in page
    assert 'name="version" value="0"' in page


def test_the_team_saves_and_agrees_through_the_page_and_a_partner_lead_only_reads(
    client: Client, lcspr: Review, business_team_member: User, partner_lead: User
) -> None:
    sign_in(client, business_team_member)
    saved = client.post(
        _url("reviews:media-strategy", lcspr),
        {
            "version": "0",
            "impact_update": "Actions under way.",
            "publication_method": "Website",
            "practitioner_update": "Briefing",
            "family_liaison": "Letter through the advocate",
        },
    )
    agreed = client.post(_url("reviews:media-strategy-agree", lcspr), _date("agreed_on", TODAY))
    stale = client.post(
        _url("reviews:media-strategy", lcspr),
        {
            "version": "1",
            "impact_update": "Old",
            "publication_method": "",
            "practitioner_update": "",
            "family_liaison": "",
        },
    )

    assert (saved.status_code, agreed.status_code, stale.status_code) == (302, 302, 409)
    assert "Actions under way." in stale.content.decode()
    sign_in(client, partner_lead)
    page = client.get(_url("reviews:media-strategy", lcspr))
    assert page.status_code == 200
    assert "Website" in page.content.decode()
    assert "Save the media strategy" not in page.content.decode()
    assert client.post(_url("reviews:media-strategy", lcspr), {}).status_code == 403


def test_an_agency_is_refused_and_a_rapid_review_has_no_media_strategy(
    client: Client,
    lcspr: Review,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
) -> None:
    rapid = make_review(partnership=partnership, by=business_team_member)
    sign_in(client, agency_contributor)
    assert client.get(_url("reviews:media-strategy", lcspr)).status_code == 403
    sign_in(client, business_team_member)
    assert client.get(_url("reviews:media-strategy", rapid)).status_code == 404
    assert client.get(_url("reviews:publication", rapid)).status_code == 404


# Planning and the pre-publication notice


def test_the_notice_is_due_seven_working_days_before_publication_over_a_bank_holiday(
    lcspr: Review, business_team_member: User
) -> None:
    assert "pre-publication-notice" not in {step.key for step in schedule_for(lcspr).steps}

    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)

    step = schedule_for(lcspr).step("pre-publication-notice")
    # Back from Wednesday 3 June: 2, 1 June, 29, 28, 27, 26 May, (25 May off), 22 May.
    assert step.due == dt.date(2026, 5, 22)
    skipped = {day.date for day in step.derivation().skipped}
    assert dt.date(2026, 5, 25) in skipped
    event = lcspr.events.get(type=EventType.PUBLICATION_PLANNED)
    assert event.detail["planned_on"] == "Wednesday 3 June 2026"


def test_the_notice_period_is_the_partnerships_setting(
    lcspr: Review, partnership: Partnership, business_team_member: User
) -> None:
    partnership.pre_publication_notice_days = 10
    partnership.save()
    lcspr.refresh_from_db()

    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)

    assert schedule_for(lcspr).step("pre-publication-notice").due == dt.date(2026, 5, 19)


def test_the_page_shows_the_notice_due_date_and_how_it_was_worked_out(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)
    sign_in(client, business_team_member)

    page = client.get(_url("reviews:publication", lcspr)).content.decode()

    assert "Wednesday 3 June 2026" in page
    assert "Friday 22 May 2026" in page
    assert "Sunday 6 September 2026" in page
    assert "How this date was worked out" in page
    assert "Monday 25 May 2026" in page


def test_the_planned_date_is_changed_with_its_version(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    first = client.post(
        _url("reviews:publication-plan", lcspr), {"version": "0", **_date("planned_on", PLANNED)}
    )
    again = client.post(
        _url("reviews:publication-plan", lcspr),
        {"version": "0", **_date("planned_on", dt.date(2026, 6, 10))},
    )
    before = client.post(
        _url("reviews:publication-plan", lcspr),
        {"version": "1", **_date("planned_on", dt.date(2026, 3, 1))},
    )

    assert first.status_code == 302
    assert again.status_code == 409
    assert "Wednesday 3 June 2026" in again.content.decode()
    assert before.status_code == 400
    assert "on or after the decision to start the review" in before.content.decode()
    assert Publication.objects.get(review=lcspr).planned_on == PLANNED


def test_recording_the_notice_completes_its_step(lcspr: Review, business_team_member: User) -> None:
    _noticed(lcspr, business_team_member, sent_on=dt.date(2026, 5, 19))

    step = schedule_for(lcspr).step("pre-publication-notice")
    assert step.completed == dt.date(2026, 5, 19)
    assert step.state == "done-on-time"
    assert lcspr.events.get(type=EventType.PRE_PUBLICATION_NOTICE_SENT).detail["sent_on"] == (
        "Tuesday 19 May 2026"
    )


def test_a_notice_needs_a_planned_date(lcspr: Review, business_team_member: User) -> None:
    with pytest.raises(ActionError, match="planned publication date"):
        record_pre_publication_notice(lcspr, by=business_team_member, sent_on=TODAY, sent_to="X")


def test_a_late_notice_is_allowed_with_a_warning(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)
    sent_on = dt.date(2026, 5, 27)  # after Friday 22 May, when it was due

    with _at(sent_on):
        sign_in(client, business_team_member)
        response = client.post(
            _url("reviews:publication-notice", lcspr),
            {"sent_to": SENT_TO, **_date("sent_on", sent_on)},
        )
        page = client.get(_url("reviews:publication", lcspr)).content.decode()

    assert response.status_code == 302
    assert 'data-testid="notice-short"' in page
    assert "fewer than 7 working days before the planned publication date" in page
    assert schedule_for(lcspr).step("pre-publication-notice").state == "done-late"


def test_a_notice_in_time_has_no_warning(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    _noticed(lcspr, business_team_member, sent_on=TODAY)
    sign_in(client, business_team_member)

    page = client.get(_url("reviews:publication", lcspr)).content.decode()

    assert "Wednesday 20 May 2026" in page
    assert 'data-testid="notice-short"' not in page


# Delays


def test_a_delay_extends_the_deadline_and_moves_the_planned_date(
    lcspr: Review, business_team_member: User
) -> None:
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)

    delayed = delay_publication(
        lcspr,
        by=business_team_member,
        new_date=dt.date(2026, 11, 16),
        reason="The criminal trial is listed for October.",
    )

    assert delayed.planned_on == dt.date(2026, 11, 16)
    assert delayed.delay_reason == "The criminal trial is listed for October."
    extension = Extension.objects.get(review=lcspr, step="published")
    assert extension.new_date == dt.date(2026, 11, 16)
    step = schedule_for(lcspr).step("published")
    assert (step.due, step.original_due) == (dt.date(2026, 11, 16), dt.date(2026, 9, 6))
    assert lcspr.events.get(type=EventType.PUBLICATION_DELAYED).detail == {
        "new_date": "Monday 16 November 2026",
        "reason": "The criminal trial is listed for October.",
    }


def test_a_delay_must_go_past_the_deadline_and_give_a_reason(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    early = client.post(
        _url("reviews:publication-delay", lcspr),
        {"reason": "Trial", **_date("new_date", dt.date(2026, 9, 1))},
    )
    no_reason = client.post(
        _url("reviews:publication-delay", lcspr),
        {"reason": "", **_date("new_date", dt.date(2026, 10, 1))},
    )

    assert early.status_code == 400
    assert "after the current due date, Sunday 6 September 2026" in early.content.decode()
    assert no_reason.status_code == 400
    assert "Enter why publication is delayed" in no_reason.content.decode()
    assert not Extension.objects.exists()
    assert not Publication.objects.exists()


def test_the_page_shows_the_reviews_holds(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    actions.start_hold(
        lcspr, by=business_team_member, start=dt.date(2026, 4, 1), reason="Criminal proceedings"
    )
    sign_in(client, business_team_member)

    page = client.get(_url("reviews:publication", lcspr)).content.decode()

    assert "Criminal proceedings" in page
    assert "still on hold" in page


# Publication


def test_publishing_needs_the_notice_then_a_passed_anonymisation_check(
    lcspr: Review, business_team_member: User
) -> None:
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)
    with pytest.raises(ActionError, match="before publishing"):
        record_published(lcspr, by=business_team_member, published_on=TODAY, where="Website")
    record_pre_publication_notice(lcspr, by=business_team_member, sent_on=TODAY, sent_to=SENT_TO)
    with pytest.raises(ActionError, match="anonymisation check"):
        record_published(lcspr, by=business_team_member, published_on=TODAY, where="Website")
    _final_draft_checked(lcspr, business_team_member, hits=2)
    with pytest.raises(ActionError, match="anonymisation check"):
        record_published(lcspr, by=business_team_member, published_on=TODAY, where="Website")
    _final_draft_checked(lcspr, business_team_member, hits=0)

    published = record_published(
        lcspr,
        by=business_team_member,
        published_on=TODAY,
        where="https://wexmoor.example/lcspr",
        improvements_only=True,
    )

    assert (published.published_on, published.improvements_only) == (TODAY, True)
    assert schedule_for(lcspr).step("published").completed == TODAY
    assert lcspr.events.get(type=EventType.PUBLISHED).detail["published_on"] == (
        "Wednesday 20 May 2026"
    )
    with pytest.raises(ActionError, match="was published on"):
        record_published(lcspr, by=business_team_member, published_on=TODAY, where="Again")


def test_publishing_after_six_months_needs_a_reason(
    lcspr: Review, business_team_member: User
) -> None:
    _noticed(lcspr, business_team_member)
    _final_draft_checked(lcspr, business_team_member)
    late = dt.date(2026, 9, 10)

    with _at(late):
        with pytest.raises(ActionError) as refusal:
            record_published(lcspr, by=business_team_member, published_on=late, where="Website")
        published = record_published(
            lcspr,
            by=business_team_member,
            published_on=late,
            where="Website",
            delay_reason="The inquest concluded in September.",
        )

    assert refusal.value.field == "delay_reason"
    assert "Sunday 6 September 2026" in refusal.value.message
    assert published.delay_reason == "The inquest concluded in September."


def test_publishing_before_the_notice_date_is_refused(
    lcspr: Review, business_team_member: User
) -> None:
    _noticed(lcspr, business_team_member)
    _final_draft_checked(lcspr, business_team_member)

    with pytest.raises(ActionError) as refusal:
        record_published(
            lcspr, by=business_team_member, published_on=dt.date(2026, 5, 19), where="Website"
        )

    assert refusal.value.field == "published_on"


def test_the_team_publishes_through_the_page(
    client: Client, lcspr: Review, business_team_member: User, partner_lead: User
) -> None:
    _noticed(lcspr, business_team_member)
    _final_draft_checked(lcspr, business_team_member)
    data = {
        "where": "https://wexmoor.example/lcspr",
        "improvements_only": "on",
        "delay_reason": "",
        **_date("published_on", TODAY),
    }

    sign_in(client, partner_lead)
    refused = client.post(_url("reviews:publication-publish", lcspr), data)
    sign_in(client, business_team_member)
    published = client.post(_url("reviews:publication-publish", lcspr), data)
    page = client.get(_url("reviews:publication", lcspr)).content.decode()

    assert refused.status_code == 403
    assert published.status_code == 302
    assert "https://wexmoor.example/lcspr" in page
    assert "The improvements to be made" in page
    assert "Record as published" not in page


def test_publishing_without_a_checked_draft_is_refused_on_the_page(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    _noticed(lcspr, business_team_member)
    sign_in(client, business_team_member)

    response = client.post(
        _url("reviews:publication-publish", lcspr),
        {"where": "Website", "delay_reason": "", **_date("published_on", TODAY)},
    )

    assert response.status_code == 400
    assert "has not passed the anonymisation check" in response.content.decode()
    assert Publication.objects.get(review=lcspr).published_on is None


def test_a_stale_plan_raises_a_clash(lcspr: Review, business_team_member: User) -> None:
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)

    with pytest.raises(EditConflict):
        plan_publication(
            lcspr, by=business_team_member, expected_version=0, planned_on=dt.date(2026, 7, 1)
        )


def test_the_publication_page_makes_a_fixed_number_of_queries(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("reviews:publication", lcspr)).status_code == 200
        return len(queries)

    actions.start_hold(lcspr, by=business_team_member, start=dt.date(2026, 4, 1), reason="A")
    one = count()
    actions.end_hold(lcspr, by=business_team_member, end=dt.date(2026, 4, 2))
    actions.start_hold(lcspr, by=business_team_member, start=dt.date(2026, 4, 3), reason="B")
    actions.end_hold(lcspr, by=business_team_member, end=dt.date(2026, 4, 4))
    delay_publication(
        lcspr, by=business_team_member, new_date=dt.date(2026, 11, 16), reason="Trial"
    )
    delay_publication(
        lcspr, by=business_team_member, new_date=dt.date(2026, 12, 16), reason="Trial again"
    )

    assert count() == one


# The delays report


def _late_lcspr(partnership: Partnership, team: User, *, origin: dt.date, pseudonym: str) -> Review:
    return make_review(
        partnership=partnership, by=team, kind=ReviewKind.LCSPR, origin=origin, pseudonym=pseudonym
    )


def _publish_late(review: Review, team: User) -> None:
    with _at(dt.date(2026, 9, 1)):
        plan_publication(review, by=team, expected_version=0, planned_on=dt.date(2026, 9, 20))
        record_pre_publication_notice(review, by=team, sent_on=dt.date(2026, 9, 1), sent_to=SENT_TO)
    _final_draft_checked(review, team)
    with _at(dt.date(2026, 9, 21)):
        record_published(
            review,
            by=team,
            published_on=dt.date(2026, 9, 21),
            where="Website",
            delay_reason="The family asked for time before publication.",
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

    with _at(dt.date(2026, 10, 1)):
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

    with _at(dt.date(2026, 10, 1)):
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
        with _at(dt.date(2026, 10, 1)):
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

    page = client.get(_url("reviews:publication", lcspr))
    refused = client.post(
        _url("reviews:publication-plan", lcspr), {"version": "1", **_date("planned_on", PLANNED)}
    )

    assert page.status_code == 200
    assert "Save the planned date" not in page.content.decode()
    assert refused.status_code == 409
    assert "is closed" in refused.content.decode()
    with pytest.raises(ActionError, match="is closed"):
        record_pre_publication_notice(
            lcspr, by=business_team_member, sent_on=TODAY, sent_to=SENT_TO
        )
