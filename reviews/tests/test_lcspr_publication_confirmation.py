"""Publishing an LCSPR before everything is agreed, who agreed the media strategy, and a planned
publication date that is late or not a working day (issue 14).

Rules: publishing while the final draft is not signed off by every organisation, or no media
strategy is agreed, needs a confirmation and a reason, kept on the event; the media strategy
records which partners and media representatives agreed it; a planned date after the six-month
date, or on a non-working day, is flagged (a warning: the date is saved). Forms are submitted as
the pages render them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation
from conftest import WebAs
from reviews.actions import ActionError
from reviews.actions.lcspr.publication.media_agreements import record_media_agreement
from reviews.actions.lcspr.publication.publishing import (
    agree_media_strategy,
    plan_publication,
    record_published,
    save_media_strategy,
)
from reviews.event_types import EventType
from reviews.models import MediaStrategyAgreement, Publication, Review, StepRecord
from reviews.process import Step
from reviews.reads.lcspr.agreements import (
    NO_MEDIA_STRATEGY,
    NOT_SIGNED_OFF,
    planned_date_flags,
    publication_gaps,
)
from reviews.tests import lcspr_publication_setup as setup
from reviews.tests.lcspr_publication_setup import TODAY, at, final_draft_checked, noticed, url
from reviews.tests.panel_forms_setup import fill_date, form_posting_to

REASON = "The partners agreed at the panel to publish on the date given to the family."


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


def _strategy(review: Review, by: User) -> None:
    save_media_strategy(
        review,
        by=by,
        expected_version=0,
        impact_update="Three of the four actions are complete.",
        publication_method="On the partnership's website with a briefing.",
        practitioner_update="A seven-minute briefing for the practitioners involved.",
        family_liaison="The family is told a week before, through their advocate.",
    )


def _media_agreed(review: Review, by: User) -> None:
    _strategy(review, by)
    agree_media_strategy(review, by=by, agreed_on=TODAY)


def _signed_off(review: Review, by: User) -> None:
    # An ORM stand-in for every organisation's sign-off (the drafts tests sign through the
    # actions): the step signed-off recorded as done.
    StepRecord.objects.create(
        review=review, key=Step.SIGNED_OFF, completed_on=TODAY, completed_by=by
    )


# --- what publishing would go ahead without ---------------------------------------------------


@pytest.mark.parametrize(
    ("signed_off", "media_agreed", "gaps"),
    [
        (False, False, [NOT_SIGNED_OFF, NO_MEDIA_STRATEGY]),
        (True, False, [NO_MEDIA_STRATEGY]),
        (False, True, [NOT_SIGNED_OFF]),
        (True, True, []),
    ],
)
def test_the_gaps_are_sign_off_and_the_agreed_media_strategy(
    lcspr: Review,
    business_team_member: User,
    signed_off: bool,
    media_agreed: bool,
    gaps: list[str],
) -> None:
    if signed_off:
        _signed_off(lcspr, business_team_member)
    if media_agreed:
        _media_agreed(lcspr, business_team_member)

    assert publication_gaps(lcspr) == gaps


@pytest.mark.parametrize(
    ("confirmed", "reason", "field"),
    [
        (False, "", "gaps_confirmed"),
        (False, REASON, "gaps_confirmed"),
        (True, "", "gaps_reason"),
        (True, "   ", "gaps_reason"),
        (True, REASON, None),
    ],
)
def test_publishing_with_gaps_needs_a_confirmation_and_a_reason(
    lcspr: Review, business_team_member: User, confirmed: bool, reason: str, field: str | None
) -> None:
    noticed(lcspr, business_team_member)
    final_draft_checked(lcspr, business_team_member)

    def publish() -> Publication:
        return record_published(
            lcspr,
            by=business_team_member,
            published_on=TODAY,
            where="https://wexmoor.example/lcspr",
            gaps_confirmed=confirmed,
            gaps_reason=reason,
        )

    if field is not None:
        with pytest.raises(ActionError) as refusal:
            publish()
        assert refusal.value.field == field
        assert Publication.objects.get(review=lcspr).published_on is None
        return
    publish()
    detail = lcspr.events.get(type=EventType.PUBLISHED).detail
    assert detail["gaps_reason"] == REASON
    assert detail["published_without"] == f"{NOT_SIGNED_OFF} and {NO_MEDIA_STRATEGY}"


def test_publishing_with_nothing_missing_asks_for_no_reason(
    lcspr: Review, business_team_member: User
) -> None:
    noticed(lcspr, business_team_member)
    final_draft_checked(lcspr, business_team_member)
    _signed_off(lcspr, business_team_member)
    _media_agreed(lcspr, business_team_member)

    record_published(lcspr, by=business_team_member, published_on=TODAY, where="Website")

    assert "gaps_reason" not in lcspr.events.get(type=EventType.PUBLISHED).detail


def test_the_page_asks_for_the_confirmation_and_the_reason(
    web_as: WebAs, lcspr: Review, business_team_member: User
) -> None:
    noticed(lcspr, business_team_member)
    final_draft_checked(lcspr, business_team_member)
    address = url("reviews:publication-publish", lcspr)
    page = web_as(business_team_member).get(url("reviews:publication", lcspr))
    warning = " ".join(page.html.select_one("[data-testid=publication-gaps]").get_text().split())
    form = form_posting_to(page, address)
    fill_date(form, "published_on", TODAY)
    form["where"] = "https://wexmoor.example/lcspr"

    refused = form.submit(status=400)
    again = form_posting_to(refused, address)
    again["gaps_confirmed"] = True
    still_refused = again.submit(status=400)
    last = form_posting_to(still_refused, address)
    last["gaps_reason"] = REASON
    last.submit().follow()

    assert NOT_SIGNED_OFF in warning
    assert "Confirm that publication goes ahead although" in refused.text
    assert refused.html.select_one("#id_gaps_confirmed") is not None
    assert "Enter why publication goes ahead although" in still_refused.text
    assert lcspr.events.get(type=EventType.PUBLISHED).detail["gaps_reason"] == REASON


# --- the planned date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("planned", "flags"),
    [
        (dt.date(2026, 6, 3), []),  # a Wednesday, well within six months
        (dt.date(2026, 5, 25), ["not a working day (Bank holiday: Spring bank holiday)"]),
        (dt.date(2026, 6, 6), ["not a working day (Weekend)"]),
        (dt.date(2026, 9, 7), ["after the six-month date, Sunday 6 September 2026"]),
        (
            dt.date(2026, 9, 12),
            ["after the six-month date, Sunday 6 September 2026", "not a working day (Weekend)"],
        ),
    ],
)
def test_a_late_or_non_working_planned_date_is_flagged(
    lcspr: Review, planned: dt.date, flags: list[str]
) -> None:
    found = planned_date_flags(lcspr, planned)

    assert len(found) == len(flags)
    for flag, words in zip(found, flags, strict=True):
        assert words in flag


def test_the_flag_is_shown_where_the_date_is_set_and_the_date_is_saved(
    web_as: WebAs, lcspr: Review, business_team_member: User
) -> None:
    address = url("reviews:publication-plan", lcspr)
    form = form_posting_to(
        web_as(business_team_member).get(url("reviews:publication", lcspr)), address
    )
    fill_date(form, "planned_on", dt.date(2026, 5, 25))

    page = form.submit().follow()

    flags = [
        " ".join(each.get_text().split()) for each in page.html.select("[data-testid=planned-flag]")
    ]
    assert len(flags) == 1
    assert "is not a working day (Bank holiday: Spring bank holiday)" in flags[0]
    assert Publication.objects.get(review=lcspr).planned_on == dt.date(2026, 5, 25)


def test_an_ordinary_planned_date_is_not_flagged(
    web_as: WebAs, lcspr: Review, business_team_member: User
) -> None:
    plan_publication(
        lcspr, by=business_team_member, expected_version=0, planned_on=dt.date(2026, 6, 3)
    )

    page = web_as(business_team_member).get(url("reviews:publication", lcspr))

    assert not page.html.select("[data-testid=planned-flag]")


# --- who agreed the media strategy ------------------------------------------------------------


@pytest.mark.parametrize(
    ("organisation", "representative", "written", "field", "message"),
    [
        (None, "", True, "organisation", "Choose the organisation that agreed"),
        ("police", "Press officer", True, "media_representative", "not both"),
        ("elsewhere", "", True, "organisation", "is not taking part"),
        (None, "Press officer, Wexmoor Police", False, None, "Write the media strategy"),
        (None, "x" * 201, True, "media_representative", "200 characters or fewer"),
    ],
)
def test_recording_who_agreed_the_media_strategy_is_refused(
    lcspr: Review,
    business_team_member: User,
    partnership: Partnership,
    police: Organisation,
    organisation: str | None,
    representative: str,
    written: bool,
    field: str | None,
    message: str,
) -> None:
    if written:
        _strategy(lcspr, business_team_member)
    chosen = {
        None: None,
        "police": police,
        "elsewhere": make_organisation(partnership=partnership, name="Fenby Test Nursery"),
    }[organisation]

    with pytest.raises(ActionError, match=message) as refusal:
        record_media_agreement(
            lcspr,
            by=business_team_member,
            agreed_on=TODAY,
            organisation=chosen,
            media_representative=representative,
        )

    assert refusal.value.field == field


def test_each_partner_agrees_once_and_representatives_are_named(
    lcspr: Review, business_team_member: User, police: Organisation
) -> None:
    _strategy(lcspr, business_team_member)

    record_media_agreement(lcspr, by=business_team_member, agreed_on=TODAY, organisation=police)
    record_media_agreement(
        lcspr,
        by=business_team_member,
        agreed_on=TODAY,
        media_representative="  Communications lead,   Wexmoor Council ",
    )
    with pytest.raises(ActionError, match="already recorded") as again:
        record_media_agreement(lcspr, by=business_team_member, agreed_on=TODAY, organisation=police)

    parties = [
        each.organisation or each.media_representative
        for each in MediaStrategyAgreement.objects.order_by("pk")
    ]
    assert parties == [police, "Communications lead, Wexmoor Council"]
    assert again.value.field == "organisation"
    assert lcspr.events.filter(type=EventType.MEDIA_STRATEGY_PARTY_AGREED).count() == 2


def test_the_team_records_a_media_representative_on_the_page(
    web_as: WebAs, lcspr: Review, business_team_member: User, partner_lead: User
) -> None:
    _strategy(lcspr, business_team_member)
    address = url("reviews:media-agreements", lcspr)
    strategy_page = web_as(business_team_member).get(url("reviews:media-strategy", lcspr))
    page = strategy_page.click(href=address)
    form = form_posting_to(page, address)
    fill_date(form, "agreed_on", TODAY)

    refused = form.submit(status=400)
    again = form_posting_to(refused, address)
    again["media_representative"] = "Communications lead, Wexmoor Council"
    shown = again.submit().follow()
    reader = web_as(partner_lead).get(address)

    assert "Choose the organisation that agreed, or enter the media representative" in refused.text
    table = " ".join(shown.html.select_one("[data-testid=media-agreements]").get_text().split())
    assert "Communications lead, Wexmoor Council (media representative)" in table
    assert "Wednesday 20 May 2026" in table
    assert "Communications lead, Wexmoor Council" in reader.text
    assert not [each for each in reader.forms.values() if each.action == address]
