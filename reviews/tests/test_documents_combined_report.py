"""The combined agency report's content, and generating and circulating its versions."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import give_role, make_organisation, make_user
from reviews import actions
from reviews.actions import ActionError
from reviews.actions.documents import circulate_combined_report, generate_combined_report
from reviews.documents.combined_report import (
    ReturnState,
    build_combined_report,
    report_from_data,
    report_to_data,
)
from reviews.event_types import EventType
from reviews.models import GeneratedDocument, RequestStatus, Review, ReviewRole, StepRecord
from reviews.models.documents import DocumentStatus
from reviews.process import Step
from reviews.reads.documents import circulation_recipients
from reviews.tests.conftest import ask_agency
from reviews.tests.documents_setup import generate_ready
from reviews.tests.factories import join, make_review

NOW = dt.datetime(2026, 3, 17, 10, 30, tzinfo=dt.UTC)


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    return make_review(partnership=partnership, by=business_team_member)


def _returned(
    review: Review, organisation: Organisation, by: User, *entries: tuple[dt.date, str]
) -> None:
    ask_agency(
        review,
        organisation,
        by=by,
        status=RequestStatus.RETURNED,
        involvement=f"{organisation.name} knew the family.",
        analysis="Referrals were not shared.",
        entries=[(day, what, "Case notes") for day, what in entries],
    )


def test_agencies_are_listed_by_name_each_saying_plainly_where_its_return_stands(
    review: Review,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> None:
    team = business_team_member
    _returned(review, police, team)
    ask_agency(review, icb, by=team, status=RequestStatus.NO_INVOLVEMENT)
    ask_agency(review, school, by=team, status=RequestStatus.IN_PROGRESS, involvement="Draft")
    ask_agency(review, childrens_social_care, by=team, status=RequestStatus.MORE_DETAIL)

    report = build_combined_report(review, version=1, generated_at=NOW)

    assert [(agency.name, agency.state) for agency in report.agencies] == [
        ("Hollin Test School", ReturnState.NOT_RETURNED),
        ("Wexmoor Children's Services", ReturnState.MORE_DETAIL),
        ("Wexmoor ICB", ReturnState.NO_INVOLVEMENT),
        ("Wexmoor Police", ReturnState.RETURNED),
    ]
    school_part, csc_part, icb_part, police_part = report.agencies
    assert school_part.status == "Has not returned its information yet."
    assert school_part.involvement == ()  # a draft is not the agency's word yet
    assert "asked for more detail" in csc_part.status
    assert icb_part.status == "Said it had no involvement with the child or family."
    assert police_part.status.startswith("Returned its information on ")
    assert police_part.involvement == ("Wexmoor Police knew the family.",)
    assert report.returned_summary == "2 of 4 agencies have returned"


def test_the_chronology_is_one_list_in_date_order_ties_by_agency_then_entry_order(
    review: Review,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    school: Organisation,
) -> None:
    team = business_team_member
    same_day = dt.date(2025, 6, 2)
    _returned(
        review, police, team, (same_day, "Police second"), (dt.date(2025, 1, 5), "Police early")
    )
    _returned(review, icb, team, (same_day, "ICB first"))
    _returned(
        review, school, team, (dt.date(2025, 9, 1), "School late"), (same_day, "School third")
    )
    Review.objects.filter(pk=review.pk).update(
        period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31)
    )
    review.refresh_from_db()

    report = build_combined_report(review, version=3, generated_at=NOW)

    assert [(line.agency, line.what_happened) for line in report.chronology] == [
        ("Wexmoor Police", "Police early"),
        ("Hollin Test School", "School third"),
        ("Wexmoor ICB", "ICB first"),
        ("Wexmoor Police", "Police second"),
        ("Hollin Test School", "School late"),
    ]
    assert report.chronology[0].date_text == "5 January 2025"
    assert report.period == "1 January 2025 to 31 December 2025"
    assert (report.case_code, report.pseudonym, report.version) == ("AWT26", "Child A", 3)
    # What the worker renders from: the content stored as JSON reads back the same.
    assert report_from_data(json.loads(json.dumps(report_to_data(report)))) == report


def test_only_returned_agencies_add_to_the_chronology(
    review: Review, business_team_member: User, police: Organisation, school: Organisation
) -> None:
    _returned(review, police, business_team_member, (dt.date(2025, 3, 1), "Returned entry"))
    ask_agency(
        review,
        school,
        by=business_team_member,
        status=RequestStatus.IN_PROGRESS,
        entries=[(dt.date(2025, 3, 2), "Draft entry", "")],
    )

    report = build_combined_report(review, version=1, generated_at=NOW)

    assert [line.what_happened for line in report.chronology] == ["Returned entry"]
    assert report.period == "Not confirmed yet"


def test_reading_the_report_takes_the_same_queries_however_many_agencies_and_entries(
    partnership: Partnership, business_team_member: User
) -> None:
    def queries_for(agencies: int, entries: int) -> int:
        review = make_review(partnership=partnership, by=business_team_member)
        for n in range(agencies):
            organisation = make_organisation(partnership=partnership)
            days = [
                (dt.date(2025, 1, 1) + dt.timedelta(days=i), f"Entry {n}.{i}")
                for i in range(entries)
            ]
            _returned(review, organisation, business_team_member, *days)
        with CaptureQueriesContext(connection) as captured:
            build_combined_report(review, version=1, generated_at=NOW)
        return len(captured)

    assert queries_for(1, 1) == queries_for(6, 40) == 2


def test_generating_numbers_each_version_and_keeps_every_one(
    review: Review, business_team_member: User, police: Organisation
) -> None:
    _returned(review, police, business_team_member, (dt.date(2025, 3, 1), "Seen at home"))

    first = generate_ready(review, by=business_team_member)
    second = generate_ready(review, by=business_team_member)

    assert (first.number, second.number) == (1, 2)
    assert (first.status, second.status) == (DocumentStatus.READY, DocumentStatus.READY)
    assert first.content is None  # the snapshot is not kept once the files say it
    assert GeneratedDocument.objects.filter(review=review).count() == 2
    for document in (first, second):
        docx_name, pdf_name = str(document.docx.name), str(document.pdf.name)
        assert docx_name.endswith(f"AWT26-combined-agency-report-v{document.number}.docx")
        assert pdf_name.endswith(f"AWT26-combined-agency-report-v{document.number}.pdf")
        assert default_storage.exists(docx_name)
        assert default_storage.exists(pdf_name)
    assert first.docx.name != second.docx.name
    events = review.events.filter(type=EventType.COMBINED_REPORT_GENERATED).order_by("pk")
    assert [event.detail["number"] for event in events] == [1, 2]
    assert events[0].actor == business_team_member


def test_generating_with_no_request_sent_is_refused(
    review: Review, business_team_member: User
) -> None:
    with pytest.raises(ActionError, match="nothing to combine"):
        generate_combined_report(review, by=business_team_member)

    assert not GeneratedDocument.objects.exists()


@pytest.fixture
def circulation(
    review: Review,
    business_team_member: User,
    partner_lead: User,
    agency_contributor: User,
    police: Organisation,
    school: Organisation,
    partnership: Partnership,
) -> GeneratedDocument:
    """A review with a partner lead, a legal member, a partnership-wide legal representative,
    an agency contributor and a panel member, and one generated version."""
    team = business_team_member
    join(review, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    legal = make_user(partnership=partnership, email="legal@la.example", full_name="Lena Test")
    join(review, legal, ReviewRole.LEGAL_REPRESENTATIVE, by=team)
    give_role(
        make_user(partnership=partnership, email="counsel@la.example", full_name="Cai Test"),
        PartnershipRole.Role.LEGAL_REPRESENTATIVE,
    )
    panel = make_user(partnership=partnership, email="panel@wtp.example")
    join(review, panel, ReviewRole.PANEL_MEMBER, by=team)
    ask_agency(review, school, by=team, contributor=agency_contributor)
    _returned(review, police, team, (dt.date(2025, 3, 1), "Seen at home"))
    return generate_ready(review, by=team)


def test_circulating_emails_a_link_to_the_partners_and_legal_services_only(
    circulation: GeneratedDocument,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        circulate_combined_report(circulation, by=business_team_member)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "counsel@la.example",
        "lead@police.example",
        "legal@la.example",
    ]
    message = mail.outbox[0]
    assert message.subject == "AWT26: combined agency information report, version 1"
    assert f"/reviews/{circulation.review_id}/combined-report/" in message.body
    assert "Child A" not in message.body
    assert message.attachments == []
    circulation.refresh_from_db()
    assert circulation.circulated_by == business_team_member
    assert circulation.circulated_at is not None
    event = circulation.review.events.get(type=EventType.COMBINED_REPORT_CIRCULATED)
    assert event.detail["number"] == 1
    assert StepRecord.objects.get(review=circulation.review, key=Step.COMBINED_REPORT).completed_on


def test_the_step_is_recorded_as_done_the_first_time_only(
    circulation: GeneratedDocument,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    review = circulation.review
    with django_capture_on_commit_callbacks(execute=True):
        circulate_combined_report(circulation, by=business_team_member)
        second = generate_combined_report(review, by=business_team_member)
    second.refresh_from_db()  # the worker wrote its files once the request's work committed
    with django_capture_on_commit_callbacks(execute=True):
        circulate_combined_report(second, by=business_team_member)

    assert (
        review.events.filter(
            type=EventType.STEP_COMPLETED, detail__step=Step.COMBINED_REPORT
        ).count()
        == 1
    )
    assert review.events.filter(type=EventType.COMBINED_REPORT_CIRCULATED).count() == 2
    assert len(mail.outbox) == 6


def test_circulating_an_older_version_is_refused_and_sends_nothing(
    circulation: GeneratedDocument,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    generate_combined_report(circulation.review, by=business_team_member)  # still queued

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ActionError, match="Version 1 is not the newest: version 2"),
    ):
        circulate_combined_report(circulation, by=business_team_member)

    assert mail.outbox == []
    circulation.refresh_from_db()
    assert circulation.circulated_at is None


def test_circulating_the_same_version_twice_is_refused(
    circulation: GeneratedDocument, business_team_member: User
) -> None:
    circulate_combined_report(circulation, by=business_team_member)

    with pytest.raises(ActionError, match="already been circulated"):
        circulate_combined_report(circulation, by=business_team_member)


def test_circulating_with_nobody_to_send_to_is_refused(
    review: Review, business_team_member: User, police: Organisation
) -> None:
    _returned(review, police, business_team_member)
    document = generate_ready(review, by=business_team_member)

    assert circulation_recipients(review) == []
    with pytest.raises(ActionError, match="nobody to circulate"):
        circulate_combined_report(document, by=business_team_member)
    assert not StepRecord.objects.filter(review=review, completed_on__isnull=False).exists()


def test_people_who_have_left_the_review_or_another_partnership_are_not_sent_it(
    circulation: GeneratedDocument,
    business_team_member: User,
    partner_lead: User,
    other_partnership: Partnership,
) -> None:
    review = circulation.review
    member = review.members.get(user=partner_lead)
    actions.remove_review_member(member, by=business_team_member)
    give_role(
        make_user(partnership=other_partnership, email="legal@northfen.example"),
        PartnershipRole.Role.LEGAL_REPRESENTATIVE,
    )

    emails = [person.email for person in circulation_recipients(review)]

    assert emails == ["counsel@la.example", "legal@la.example"]


@pytest.mark.django_db(transaction=True)
def test_two_people_generating_at_once_get_two_numbered_versions(
    review: Review, business_team_member: User, police: Organisation, partnership: Partnership
) -> None:
    _returned(review, police, business_team_member, (dt.date(2025, 3, 1), "Seen at home"))
    colleague = make_user(partnership=partnership, full_name="Second Generator")
    join(review, colleague, ReviewRole.BUSINESS_TEAM_LEAD, by=business_team_member)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def generate(who: User) -> None:
        try:
            start.wait(timeout=10)
            generate_combined_report(review, by=who)
        except BaseException as failure:  # any failure, reported by the assertion below
            failures.append(failure)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=generate, args=(person,))
        for person in (business_team_member, colleague)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    documents = GeneratedDocument.objects.filter(review=review)
    assert sorted(documents.values_list("number", flat=True)) == [1, 2]
    assert {document.created_by for document in documents} == {business_team_member, colleague}
