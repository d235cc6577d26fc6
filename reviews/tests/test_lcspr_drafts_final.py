"""The draft presented and the final draft of an LCSPR."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Organisation, Partnership, User
from conftest import WebAs
from reviews.actions import ActionError
from reviews.actions.lcspr.drafts.agreements import agree_as_final
from reviews.actions.lcspr.drafts.versions import (
    agree_final_draft,
    answer_draft_comment,
    record_draft_presented,
)
from reviews.event_types import EventType
from reviews.models import DraftComment, Event
from reviews.process import Step
from reviews.reads.lcspr.planning import agreeing_members
from reviews.tests import lcspr_drafts_setup as setup
from reviews.tests.lcspr_drafts_setup import (
    PANEL_REASON,
    TODAY,
    LcsprCase,
    comment_on,
    done,
    upload,
)
from reviews.tests.panel_forms_setup import fill_date, form_posting_to


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> LcsprCase:
    return setup.case(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        school=school,
    )


def test_recording_the_draft_presented_completes_its_step(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")

    record_draft_presented(draft, by=case.author, presented_on=TODAY())

    assert done(case, Step.DRAFT_PRESENTED) == TODAY()
    with pytest.raises(ActionError, match="already recorded as presented"):
        record_draft_presented(draft, by=case.author, presented_on=TODAY())


def test_a_presented_date_cannot_be_in_the_future(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")

    with pytest.raises(ActionError, match="today or in the past"):
        record_draft_presented(draft, by=case.author, presented_on=TODAY() + dt.timedelta(days=1))


def test_the_final_is_refused_while_comments_are_open(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")
    comment_on(case, draft, "One.")
    second = comment_on(case, draft, "Two.")

    with pytest.raises(ActionError, match="has 2 open comments"):
        agree_final_draft(draft, by=case.team, agreed_on=TODAY(), reason=PANEL_REASON)

    answer_draft_comment(
        second,
        by=case.author,
        expected_version=1,
        status=DraftComment.Status.ANSWERED,
        response="No change.",
    )
    with pytest.raises(ActionError, match="has 1 open comment:"):
        agree_final_draft(draft, by=case.team, agreed_on=TODAY(), reason=PANEL_REASON)


def test_agreeing_the_final_completes_the_draft_steps(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")

    final = agree_final_draft(draft, by=case.team, agreed_on=TODAY(), reason=PANEL_REASON)

    assert final.is_final
    assert done(case, Step.DRAFT_REPORT) == TODAY()
    assert done(case, Step.FINAL_DRAFT_AGREED) == TODAY()
    assert Event.objects.filter(type=EventType.FINAL_DRAFT_AGREED, detail__number=1).exists()


def test_only_the_newest_version_can_be_the_final(case: LcsprCase) -> None:
    first = upload(case.lcspr, case.author, "First.")
    upload(case.lcspr, case.author, "Second.")

    with pytest.raises(ActionError, match="only the newest version"):
        agree_final_draft(first, by=case.team, agreed_on=TODAY(), reason=PANEL_REASON)


def test_there_is_one_final_at_a_time(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")
    agree_final_draft(draft, by=case.team, agreed_on=TODAY(), reason=PANEL_REASON)

    with pytest.raises(ActionError, match="already the agreed final draft"):
        agree_final_draft(draft, by=case.team, agreed_on=TODAY(), reason=PANEL_REASON)


def test_a_final_draft_is_closed_for_comment(case: LcsprCase) -> None:
    draft = agree_final_draft(
        upload(case.lcspr, case.author, "A draft."),
        by=case.team,
        agreed_on=TODAY(),
        reason=PANEL_REASON,
    )

    with pytest.raises(ActionError, match="no longer open for comment"):
        comment_on(case, draft)


def test_a_new_version_after_the_final_moves_the_final(case: LcsprCase) -> None:
    """The chosen rule: a later upload withdraws the agreement; the panel agrees again."""
    first = agree_final_draft(
        upload(case.lcspr, case.author, "A draft."),
        by=case.team,
        agreed_on=TODAY(),
        reason=PANEL_REASON,
    )

    second = upload(case.lcspr, case.author, "A corrected draft.")

    first.refresh_from_db()
    assert not first.is_final
    assert done(case, Step.FINAL_DRAFT_AGREED) is None
    assert done(case, Step.DRAFT_REPORT) is None
    assert Event.objects.filter(review=case.lcspr, type=EventType.STEP_REOPENED).count() == 2
    agree_final_draft(second, by=case.team, agreed_on=TODAY(), reason=PANEL_REASON)
    assert done(case, Step.FINAL_DRAFT_AGREED) == TODAY()


def test_a_final_draft_not_every_member_agreed_needs_a_reason_kept_on_the_event(
    case: LcsprCase,
) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")
    members = agreeing_members(case.lcspr)
    assert len(members) > 1
    agree_as_final(draft, by=members[0].user)
    missing = ", ".join(member.user.full_name for member in members[1:])

    with pytest.raises(ActionError, match=f"Not agreed by {missing}: enter why") as refused:
        agree_final_draft(draft, by=case.team, agreed_on=TODAY(), reason="  ")
    assert refused.value.field == "reason"
    assert not done(case, Step.FINAL_DRAFT_AGREED)

    agree_final_draft(draft, by=case.team, agreed_on=TODAY(), reason=PANEL_REASON)
    event = Event.objects.get(type=EventType.FINAL_DRAFT_AGREED)
    assert event.detail["not_agreed"] == missing
    assert event.detail["reason"] == PANEL_REASON


def test_a_final_draft_every_member_agreed_needs_no_reason(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")
    for member in agreeing_members(case.lcspr):
        agree_as_final(draft, by=member.user)

    agree_final_draft(draft, by=case.team, agreed_on=TODAY())

    event = Event.objects.get(type=EventType.FINAL_DRAFT_AGREED)
    assert "reason" not in event.detail
    assert "not_agreed" not in event.detail


def test_the_page_asks_for_the_reason_while_members_have_not_agreed(
    web_as: WebAs, case: LcsprCase
) -> None:
    upload(case.lcspr, case.author, "A draft.")
    app = web_as(case.team)
    page = app.get(f"/reviews/{case.lcspr.pk}/drafts/1/")
    final = f"/reviews/{case.lcspr.pk}/drafts/1/final/"
    form = form_posting_to(page, final)
    today = TODAY()
    fill_date(form, "agreed_on", today)

    refused = form.submit(status=400)
    assert "enter why version 1 is the final draft" in refused.text
    assert "enter why" in refused.html.select_one("#id_reason-error").text

    form = form_posting_to(refused, final)
    form["reason"] = "Agreed at the panel meeting on the phone with the police lead."
    form.submit().follow()
    assert done(case, Step.FINAL_DRAFT_AGREED) == today
