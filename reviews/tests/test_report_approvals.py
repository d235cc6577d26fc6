"""The approval chain of working days 12 to 15: the CSPR subgroup chair first, then the
partnership chair and each statutory partner, every approval tied to one version."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from reviews.actions import ActionError
from reviews.actions.report import (
    approve_report_version,
    generate_report_version,
    send_back_report_version,
    upload_report_version,
)
from reviews.event_types import EventType
from reviews.models import (
    Approval,
    Event,
    ReportVersion,
    StepRecord,
)
from reviews.process import Step
from reviews.reads.report import approvals_of, signatories
from reviews.tests.report_setup import (
    PARTNERSHIP_CHAIR,
    PSEUDONYM,
    SUBGROUP_CHAIR,
    WORKING_DAY_FIFTEEN,
    WORKING_DAY_TEN,
    WORKING_DAY_TWELVE,
    ReportCase,
    approve_as,
    case_at_working_day_eleven,
    partner_signatory,
    upload_of,
    word_file,
)


@pytest.fixture(autouse=True)
def _on_working_day_twelve() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_TWELVE, tick=False):
        yield


def _case(
    partnership: Partnership,
    team: User,
    partners: tuple[Organisation, Organisation, Organisation, Organisation],
    police_lead: User,
    **options: object,
) -> ReportCase:
    police, icb, csc, school = partners
    return case_at_working_day_eleven(
        partnership,
        team=team,
        police=police,
        icb=icb,
        childrens_social_care=csc,
        school=school,
        police_lead=police_lead,
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
def organisations(
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> tuple[Organisation, Organisation, Organisation, Organisation]:
    return police, icb, childrens_social_care, school


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    organisations: tuple[Organisation, Organisation, Organisation, Organisation],
    partner_lead: User,
) -> ReportCase:
    return _case(partnership, business_team_member, organisations, partner_lead)


@pytest.fixture
def version(case: ReportCase) -> ReportVersion:
    return generate_report_version(case.review, by=case.team)


def step_done_on(case: ReportCase, key: Step) -> object:
    record = StepRecord.objects.filter(review=case.review, key=key).first()
    return record.completed_on if record else None


def test_the_subgroup_chair_approves_which_amends_the_report_and_forwards_it(
    case: ReportCase,
    version: ReportVersion,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        approval = approve_as(case, version, "subgroup")

    assert (approval.version, approval.verdict, approval.person) == (
        version,
        Approval.Verdict.APPROVED,
        case.subgroup_chair,
    )
    assert step_done_on(case, Step.REPORT_AMENDED) == WORKING_DAY_TWELVE.date()
    assert step_done_on(case, Step.REPORT_AGREED) is None
    event = Event.objects.get(review=case.review, type=EventType.REPORT_APPROVED.value)
    assert event.detail["role"] == "CSPR subgroup chair"
    assert event.detail["number"] == 1
    (to_chair,) = [m for m in mail.outbox if case.partnership_chair.email in m.to]
    assert "AWT26" in to_chair.subject
    assert reverse("reviews:report", kwargs={"pk": case.review.pk}) in str(to_chair.body)
    assert PSEUDONYM not in str(to_chair.body) + to_chair.subject
    # The partners who sign are told too.
    assert any(case.leads["police"].email in m.to for m in mail.outbox)


def test_a_partner_or_the_partnership_chair_cannot_approve_before_the_subgroup_chair(
    case: ReportCase, version: ReportVersion
) -> None:
    for who in ("chair", "police"):
        with pytest.raises(ActionError, match="subgroup chair approves each version first"):
            approve_as(case, version, who)
    assert not Approval.objects.exists()


def test_the_subgroup_chair_approves_only_a_version_made_after_the_joint_decision(
    partnership: Partnership,
    business_team_member: User,
    organisations: tuple[Organisation, Organisation, Organisation, Organisation],
    partner_lead: User,
) -> None:
    from reviews.tests.report_setup import hold_meeting  # noqa: PLC0415  used here only

    case = _case(partnership, business_team_member, organisations, partner_lead, meet=False)
    with time_machine.travel(WORKING_DAY_TEN, tick=False):
        draft = generate_report_version(case.review, by=case.team)
    with pytest.raises(ActionError, match="joint decision has not been recorded yet"):
        approve_as(case, draft, "subgroup")

    hold_meeting(case)

    with pytest.raises(ActionError, match="made before the partners' joint decision"):
        approve_as(case, draft, "subgroup")
    amended = generate_report_version(case.review, by=case.team)
    assert approve_as(case, amended, "subgroup").version == amended


def test_approvals_belong_to_one_version_and_a_later_version_needs_its_own(
    case: ReportCase, version: ReportVersion
) -> None:
    second = upload_report_version(
        case.review, by=case.team, upload=upload_of(word_file("v2")), note="Amended"
    )
    approve_as(case, second, "subgroup")
    approve_as(case, second, "chair")

    third = upload_report_version(
        case.review, by=case.team, upload=upload_of(word_file("v3")), note="Typo"
    )

    voided = Event.objects.get(review=case.review, type=EventType.APPROVALS_VOIDED.value)
    assert (voided.detail["count"], voided.detail["superseded"], voided.detail["number"]) == (
        2,
        2,
        3,
    )
    needed = signatories(case.review)
    assert approvals_of(third, needed).still_needed == tuple(needed)
    assert approvals_of(second, needed).approved  # kept with version 2, not deleted
    with pytest.raises(ActionError, match="Version 2 is no longer the newest: version 3"):
        approve_as(case, second, "police")
    with pytest.raises(ActionError, match="subgroup chair approves each version first"):
        approve_as(case, third, "police")
    assert Approval.objects.filter(version=second).count() == 2


def test_when_every_sign_off_of_the_newest_version_is_in_the_report_is_agreed_that_day(
    case: ReportCase,
    version: ReportVersion,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    approve_as(case, version, "subgroup")
    with time_machine.travel(WORKING_DAY_FIFTEEN, tick=False):
        for who in ("chair", "csc", "icb"):
            approve_as(case, version, who)
            assert step_done_on(case, Step.REPORT_AGREED) is None
        with django_capture_on_commit_callbacks(execute=True):
            approve_as(case, version, "police")

    assert step_done_on(case, Step.REPORT_AGREED) == WORKING_DAY_FIFTEEN.date()
    assert approvals_of(version, signatories(case.review)).agreed
    agreed = [m for m in mail.outbox if "agreed" in m.subject]
    assert [m.to for m in agreed] == [[case.team.email]]  # the business team lead


def test_the_partners_who_sign_are_those_that_decided(
    partnership: Partnership,
    business_team_member: User,
    organisations: tuple[Organisation, Organisation, Organisation, Organisation],
    partner_lead: User,
) -> None:
    case = _case(
        partnership, business_team_member, organisations, partner_lead, decided=("police", "icb")
    )
    version = generate_report_version(case.review, by=case.team)
    approve_as(case, version, "subgroup")

    assert [each.label for each in signatories(case.review)] == [
        "CSPR subgroup chair",
        "Partnership independent chair",
        "Wexmoor ICB",
        "Wexmoor Police",
    ]
    with pytest.raises(ActionError, match="Wexmoor Children's Services's sign-off is not needed"):
        approve_as(case, version, "csc")


def test_before_any_partner_decides_every_statutory_partner_asked_signs(
    partnership: Partnership,
    business_team_member: User,
    organisations: tuple[Organisation, Organisation, Organisation, Organisation],
    partner_lead: User,
) -> None:
    case = _case(
        partnership, business_team_member, organisations, partner_lead, decided=(), meet=False
    )

    assert [each.label for each in signatories(case.review)][2:] == [
        "Wexmoor Children's Services",
        "Wexmoor ICB",
        "Wexmoor Police",
    ]


def test_sending_back_needs_a_reason(case: ReportCase, version: ReportVersion) -> None:
    with pytest.raises(ActionError, match="Enter why you are sending the report back") as refused:
        send_back_report_version(
            version,
            by=case.partnership_chair,
            signatory=PARTNERSHIP_CHAIR,
            number=1,
            reason="  \n ",
        )

    assert refused.value.field == "reason"
    assert not Approval.objects.exists()


def test_a_version_sent_back_cannot_be_approved_further_and_the_lead_is_told(
    case: ReportCase,
    version: ReportVersion,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    approve_as(case, version, "subgroup")
    with django_capture_on_commit_callbacks(execute=True):
        send_back_report_version(
            version,
            by=case.leads["icb"],
            signatory=partner_signatory(case, "icb"),
            number=1,
            reason="The health chronology is missing the GP visit.",
        )

    for who in ("chair", "police"):
        with pytest.raises(ActionError, match="has been sent back"):
            approve_as(case, version, who)
    event = Event.objects.get(review=case.review, type=EventType.REPORT_SENT_BACK.value)
    assert event.detail["reason"] == "The health chronology is missing the GP visit."
    (told,) = [m for m in mail.outbox if "sent back" in m.subject]
    assert told.to == [case.team.email]
    assert "GP visit" not in str(told.body)  # the reason stays behind sign-in


def test_no_approval_is_ever_changed_each_decision_is_a_new_row_with_its_event_and_history(
    case: ReportCase, version: ReportVersion
) -> None:
    first = approve_as(case, version, "subgroup")
    again = approve_as(case, version, "subgroup")  # a second press changes nothing
    send_back_report_version(
        version, by=case.partnership_chair, signatory=PARTNERSHIP_CHAIR, number=1, reason="Not yet."
    )

    assert again == first
    rows = list(Approval.objects.order_by("pk"))
    assert [(row.verdict, row.person) for row in rows] == [
        (Approval.Verdict.APPROVED, case.subgroup_chair),
        (Approval.Verdict.SENT_BACK, case.partnership_chair),
    ]
    history = Approval.history.order_by("history_id")
    assert [(h.history_type, h.history_user) for h in history] == [
        ("+", case.subgroup_chair),
        ("+", case.partnership_chair),
    ]
    types = list(
        Event.objects.filter(
            review=case.review,
            type__in=[EventType.REPORT_APPROVED.value, EventType.REPORT_SENT_BACK.value],
        ).values_list("type", flat=True)
    )
    assert sorted(types) == [EventType.REPORT_APPROVED.value, EventType.REPORT_SENT_BACK.value]


def test_only_someone_who_holds_the_part_signs_in_it(
    case: ReportCase, version: ReportVersion
) -> None:
    with pytest.raises(ActionError, match="You do not sign the report as CSPR subgroup chair"):
        approve_report_version(
            version, by=case.partnership_chair, signatory=SUBGROUP_CHAIR, number=1
        )
    with pytest.raises(ActionError, match="statutory partner for Wexmoor ICB"):
        approve_report_version(
            version, by=case.leads["police"], signatory=partner_signatory(case, "icb"), number=1
        )


@pytest.mark.django_db(transaction=True)
def test_an_approval_racing_a_new_version_either_counts_as_voided_or_is_refused(
    case: ReportCase, version: ReportVersion
) -> None:
    approve_as(case, version, "subgroup")
    start = threading.Barrier(2)
    outcomes: dict[str, BaseException | None] = {}

    def run(name: str, work: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            work()
            outcomes[name] = None
        except BaseException as failure:  # reported by the assertions below
            outcomes[name] = failure
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=("approve", lambda: approve_as(case, version, "police"))),
        threading.Thread(
            target=run,
            args=(
                "upload",
                lambda: upload_report_version(
                    case.review, by=case.team, upload=upload_of(word_file("v2")), note="v2"
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes["upload"] is None
    voided = Event.objects.filter(review=case.review, type=EventType.APPROVALS_VOIDED.value).get()
    if outcomes["approve"] is None:
        # The approval came first: version 2 superseded both approvals of version 1.
        assert voided.detail["count"] == 2
    else:
        assert isinstance(outcomes["approve"], ActionError)
        assert "no longer the newest" in outcomes["approve"].message
        assert voided.detail["count"] == 1
    newest = ReportVersion.objects.get(review=case.review, number=2)
    assert not Approval.objects.filter(version=newest).exists()
