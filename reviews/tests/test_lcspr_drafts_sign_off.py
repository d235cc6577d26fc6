"""Sign-off of the LCSPR's final draft by every statutory partner and organisation involved."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.lcspr.drafts.sign_off import sign_off_final_draft
from reviews.actions.lcspr.drafts.versions import agree_final_draft
from reviews.event_types import EventType
from reviews.models import Event, RequestStatus, SignOff, StepRecord
from reviews.process import Step
from reviews.reads.lcspr.drafts import organisations_to_sign, still_to_sign
from reviews.tests.conftest import ask_agency
from reviews.tests.lcspr_drafts_setup import (
    PANEL_REASON,
    LcsprCase,
    final_version,
    lcspr_case,
    upload,
)

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


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
    return lcspr_case(
        partnership,
        team=business_team_member,
        author=independent_author,
        police_lead=partner_lead,
        police=police,
        school=school,
    )


def _signed_off(case: LcsprCase) -> bool:
    return StepRecord.objects.filter(
        review=case.lcspr, key=Step.SIGNED_OFF, completed_on__isnull=False
    ).exists()


def test_every_statutory_partner_and_organisation_involved_signs(
    case: LcsprCase,
    partnership: Partnership,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> None:
    health = make_organisation(partnership=partnership, name="Wexmoor Health Visiting")
    bystander = make_organisation(partnership=partnership, name="Wexmoor Libraries")
    ask_agency(case.rapid_review, health, by=case.team, status=RequestStatus.RETURNED)
    ask_agency(case.rapid_review, bystander, by=case.team, status=RequestStatus.NO_INVOLVEMENT)

    names = [each.name for each in organisations_to_sign(case.lcspr)]

    # The school is named by its contributor; health was asked on the rapid review.
    assert names == sorted(
        [police.name, icb.name, childrens_social_care.name, school.name, health.name]
    )
    assert bystander.name not in names


def test_signing_until_complete_completes_the_step(
    case: LcsprCase,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> None:
    final = final_version(case.lcspr, author=case.author, team=case.team)
    assert len(still_to_sign(case.lcspr)) == 4

    sign_off_final_draft(final, by=case.police_lead, organisation=police)
    sign_off_final_draft(final, by=case.school_contributor, organisation=school)
    sign_off_final_draft(
        final, by=case.team, organisation=icb, on_behalf=True, note="By email on Monday."
    )
    assert still_to_sign(case.lcspr) == [childrens_social_care]
    assert not _signed_off(case)

    sign_off_final_draft(
        final,
        by=case.team,
        organisation=childrens_social_care,
        on_behalf=True,
        note="Signed at the subgroup meeting.",
    )

    assert still_to_sign(case.lcspr) == []
    assert _signed_off(case)
    assert Event.objects.filter(review=case.lcspr, type=EventType.SIGNED_OFF).count() == 4
    assert SignOff.objects.get(organisation=icb).on_behalf


def test_a_person_signs_only_for_an_organisation_they_speak_for(
    case: LcsprCase, icb: Organisation
) -> None:
    final = final_version(case.lcspr, author=case.author, team=case.team)

    with pytest.raises(ActionError, match="do not speak for Wexmoor ICB"):
        sign_off_final_draft(final, by=case.police_lead, organisation=icb)


def test_on_behalf_needs_the_business_team_and_a_note(case: LcsprCase, icb: Organisation) -> None:
    final = final_version(case.lcspr, author=case.author, team=case.team)

    with pytest.raises(ActionError, match="Only the business team"):
        sign_off_final_draft(final, by=case.police_lead, organisation=icb, on_behalf=True, note="x")
    with pytest.raises(ActionError, match="Say how Wexmoor ICB signed off"):
        sign_off_final_draft(final, by=case.team, organisation=icb, on_behalf=True)


def test_only_the_final_draft_is_signed(case: LcsprCase, police: Organisation) -> None:
    draft = upload(case.lcspr, case.author, "Not yet agreed.")

    with pytest.raises(ActionError, match="not the agreed final draft"):
        sign_off_final_draft(draft, by=case.police_lead, organisation=police)


def test_an_organisation_signs_once(case: LcsprCase, police: Organisation) -> None:
    final = final_version(case.lcspr, author=case.author, team=case.team)
    sign_off_final_draft(final, by=case.police_lead, organisation=police)

    with pytest.raises(ActionError, match="already signed off version 1"):
        sign_off_final_draft(final, by=case.police_lead, organisation=police)


def test_an_organisation_not_involved_does_not_sign(
    case: LcsprCase, partnership: Partnership
) -> None:
    final = final_version(case.lcspr, author=case.author, team=case.team)
    other = make_organisation(partnership=partnership, name="Wexmoor Libraries")

    with pytest.raises(ActionError, match="does not sign off this review"):
        sign_off_final_draft(final, by=case.team, organisation=other, on_behalf=True, note="x")


def test_a_new_version_after_sign_off_must_be_signed_again(
    case: LcsprCase, police: Organisation, icb: Organisation, childrens_social_care: Organisation
) -> None:
    final = final_version(case.lcspr, author=case.author, team=case.team)
    for organisation in organisations_to_sign(case.lcspr):
        sign_off_final_draft(
            final, by=case.team, organisation=organisation, on_behalf=True, note="By email."
        )
    assert _signed_off(case)

    newer = upload(case.lcspr, case.author, "Corrected after sign-off.")

    assert not _signed_off(case)
    assert len(still_to_sign(case.lcspr)) == 4  # no final: everyone is still to sign
    agree_final_draft(newer, by=case.team, agreed_on=timezone.localdate(), reason=PANEL_REASON)
    assert len(still_to_sign(case.lcspr)) == 4
    assert SignOff.objects.filter(draft=final).count() == 4  # kept with version 1


def test_agreeing_the_final_tells_those_who_sign(
    case: LcsprCase, django_capture_on_commit_callbacks: Capture
) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        agree_final_draft(draft, by=case.team, agreed_on=timezone.localdate(), reason=PANEL_REASON)

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([case.police_lead.email, case.school_contributor.email])
    assert "to sign off" in mail.outbox[0].subject


# Pages -----------------------------------------------------------------------------------------


def _url(name: str, case: LcsprCase) -> str:
    return reverse(name, kwargs={"pk": case.lcspr.pk})


def test_the_page_shows_who_signed_and_who_is_still_to_sign(
    client: Client, case: LcsprCase, police: Organisation
) -> None:
    final = final_version(case.lcspr, author=case.author, team=case.team)
    sign_off_final_draft(final, by=case.police_lead, organisation=police)
    sign_in(client, case.chair)

    page = client.get(_url("reviews:sign-off", case)).content.decode()

    assert "Signed by Hannah Test" in page
    assert page.count("Still to sign") == 3
    assert "(1 of 4 signed)" in page
    assert "Record the sign-off" not in page  # the chair is not the business team


def test_the_partner_lead_signs_through_the_page(
    client: Client, case: LcsprCase, police: Organisation
) -> None:
    final_version(case.lcspr, author=case.author, team=case.team)
    sign_in(client, case.police_lead)

    assert "Sign off version 1" in client.get(_url("reviews:sign-off", case)).content.decode()
    response = client.post(_url("reviews:sign-off-sign", case), {"organisation": police.pk})

    assert response.status_code == 302
    assert SignOff.objects.get().person == case.police_lead


def test_the_business_team_records_on_behalf_through_the_page(
    client: Client, case: LcsprCase, icb: Organisation
) -> None:
    final_version(case.lcspr, author=case.author, team=case.team)
    sign_in(client, case.team)

    missing = client.post(_url("reviews:sign-off-on-behalf", case), {"organisation": icb.pk})
    response = client.post(
        _url("reviews:sign-off-on-behalf", case),
        {"organisation": icb.pk, "note": "By email from the ICB lead."},
    )

    assert missing.status_code == 400
    assert "Say how the organisation signed off" in missing.content.decode()
    assert response.status_code == 302
    assert SignOff.objects.get().on_behalf


def test_signing_before_a_final_is_refused_on_the_page(
    client: Client, case: LcsprCase, police: Organisation
) -> None:
    upload(case.lcspr, case.author, "A draft.")
    sign_in(client, case.police_lead)

    response = client.post(_url("reviews:sign-off-sign", case), {"organisation": police.pk})

    assert response.status_code == 400
    assert "no agreed final draft" in response.content.decode()


def test_people_who_speak_for_nobody_cannot_sign(client: Client, case: LcsprCase) -> None:
    final_version(case.lcspr, author=case.author, team=case.team)
    sign_in(client, case.chair)

    assert client.post(_url("reviews:sign-off-sign", case), {}).status_code == 403
    assert client.post(_url("reviews:sign-off-on-behalf", case), {}).status_code == 403


def test_the_outsider_is_not_told_the_page_exists(
    client: Client, case: LcsprCase, outsider: User
) -> None:
    sign_in(client, outsider)

    assert client.get(_url("reviews:sign-off", case)).status_code == 404


def test_the_page_makes_a_fixed_number_of_queries(
    client: Client,
    case: LcsprCase,
    partnership: Partnership,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    final = final_version(case.lcspr, author=case.author, team=case.team)
    sign_in(client, case.team)
    with django_assert_max_num_queries(40) as few:
        client.get(_url("reviews:sign-off", case))
    for n in range(5):
        agency = make_organisation(partnership=partnership, name=f"Wexmoor agency {n}")
        ask_agency(case.rapid_review, agency, by=case.team, status=RequestStatus.RETURNED)
    for organisation in organisations_to_sign(case.lcspr)[:6]:
        sign_off_final_draft(
            final, by=case.team, organisation=organisation, on_behalf=True, note="By email."
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_url("reviews:sign-off", case)).status_code == 200
