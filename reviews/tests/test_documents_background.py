"""The combined report written by the background worker: the review stays open to work on.

These tests use the database task backend (django-tasks-db), as production does: the click
queues a task row, and the worker (``manage.py db_worker``, here in this process) runs it.
"""

from __future__ import annotations

import datetime as dt
import threading
from io import BytesIO

import docx
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_user
from reviews import actions, moment
from reviews.actions import ActionError
from reviews.actions import documents as documents_actions
from reviews.actions.requests.attachments import add_chronology_entry
from reviews.documents.pdf import render_combined_report_pdf
from reviews.event_types import EventType
from reviews.models import GeneratedDocument, InformationRequest, RequestStatus, Review, ReviewRole
from reviews.models.documents import DocumentStatus
from reviews.tests.conftest import ask_agency
from reviews.tests.documents_setup import generate_ready
from reviews.tests.factories import make_review
from reviews.tests.test_documents_combined_report_files import pdf_text, word_text

WAIT = 60


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    return make_review(partnership=partnership, by=business_team_member)


@pytest.fixture
def database_tasks(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _review(
    partnership: Partnership,
    team: User,
    police: Organisation,
    school: Organisation,
    contributor: User,
) -> Review:
    review = make_review(partnership=partnership, by=team)
    ask_agency(
        review,
        police,
        by=team,
        status=RequestStatus.RETURNED,
        entries=[(dt.date(2025, 5, 1), "Officers visited the home", "Log 9")],
    )
    ask_agency(review, school, by=team, contributor=contributor, status=RequestStatus.IN_PROGRESS)
    return review


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_tasks")
def test_two_people_keep_working_on_the_review_while_its_report_is_generated(
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    police: Organisation,
    school: Organisation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    team = business_team_member
    review = _review(partnership, team, police, school, agency_contributor)
    rendering, finish = threading.Event(), threading.Event()

    def held_mid_render(report: object, **options: bool) -> bytes:
        rendering.set()  # the Word file is written; the PDF is being laid out
        assert finish.wait(WAIT), "the test never let the PDF finish"
        return render_combined_report_pdf(report, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(documents_actions, "render_combined_report_pdf", held_mid_render)
    document = documents_actions.generate_combined_report(review, by=team)
    outcome: list[bool] = []

    def worker() -> None:
        try:
            outcome.append(documents_actions.write_combined_report_files(document.pk))
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert rendering.wait(WAIT), "the worker never started the PDF"
        assert GeneratedDocument.objects.get(pk=document.pk).status == DocumentStatus.WRITING_PDF
        # Meanwhile the agency adds to its chronology and the business team adds a member:
        # each action commits while the worker is still rendering.
        school_request = InformationRequest.objects.get(review=review, organisation=school)
        add_chronology_entry(
            school_request,
            by=agency_contributor,
            happened_on=dt.date(2025, 6, 1),
            what_happened="Added while the report was generated",
        )
        colleague = make_user(partnership=partnership, full_name="Second Colleague")
        actions.add_review_member(
            review, user=colleague, role=ReviewRole.BUSINESS_TEAM_LEAD, by=team
        )
        assert thread.is_alive()  # both were recorded before the worker finished
    finally:
        finish.set()
        thread.join(WAIT)

    assert outcome == [True]
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert review.members.filter(user__full_name="Second Colleague").exists()
    assert school_request.chronology.filter(what_happened__startswith="Added while").exists()
    # What was asked for is what was written: the records as they stood at the click.
    pdf = pdf_text(document.pdf.read())
    assert "Officers visited the home" in pdf
    assert "Added while" not in pdf


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_tasks")
def test_the_click_queues_a_task_that_the_worker_runs_into_both_files(
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    police: Organisation,
    school: Organisation,
) -> None:
    review = _review(partnership, business_team_member, police, school, agency_contributor)

    document = documents_actions.generate_combined_report(review, by=business_team_member)

    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [document.pk]
    assert GeneratedDocument.objects.get(pk=document.pk).status == DocumentStatus.QUEUED

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", verbosity=0)

    document.refresh_from_db()
    assert (document.status, document.attempts, document.content) == (DocumentStatus.READY, 1, None)
    word = word_text(docx.Document(BytesIO(document.docx.read())))
    assert "Officers visited the home" in word
    assert "1 of 2 agencies have returned" in word
    pdf = pdf_text(document.pdf.read())
    assert "Officers visited the home" in pdf
    assert "Combined agency information report" in pdf
    # Run again (a task delivered twice): nothing is written a second time.
    assert documents_actions.write_combined_report_files(document.pk) is False


def test_a_failed_generation_is_marked_failed_leaves_no_stray_file_and_can_be_tried_again(
    review: Review,
    business_team_member: User,
    police: Organisation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ask_agency(
        review,
        police,
        by=business_team_member,
        status=RequestStatus.RETURNED,
        entries=[(dt.date(2025, 3, 1), "Seen at home", "Case notes")],
    )

    def broken(*args: object) -> bytes:
        raise RuntimeError("PDF renderer failed")

    monkeypatch.setattr("reviews.actions.documents.render_combined_report_pdf", broken)
    document = generate_ready(review, by=business_team_member)

    assert document.status == DocumentStatus.FAILED
    assert document.failure.startswith("The files could not be written.")
    assert "PDF renderer" not in document.failure
    assert (document.docx.name, document.pdf.name) == ("", "")
    _folders, files = default_storage.listdir(f"reviews/{review.pk}/generated")
    assert files == []  # the Word file written before the PDF failed is removed
    with pytest.raises(ActionError, match="not ready yet"):
        documents_actions.circulate_combined_report(document, by=business_team_member)

    monkeypatch.undo()
    with TestCase.captureOnCommitCallbacks(execute=True):
        documents_actions.try_again(document, by=business_team_member)
    document.refresh_from_db()

    assert (document.status, document.number, document.attempts) == (DocumentStatus.READY, 1, 2)
    assert default_storage.exists(str(document.pdf.name))
    retried = review.events.get(type=EventType.COMBINED_REPORT_RETRIED)
    assert (retried.actor, retried.detail["number"]) == (business_team_member, 1)
    with pytest.raises(ActionError, match="not waiting to be tried again"):
        documents_actions.try_again(document, by=business_team_member)


def test_a_queued_version_is_not_circulated_nor_downloadable_until_ready(
    review: Review, business_team_member: User, police: Organisation
) -> None:
    ask_agency(
        review,
        police,
        by=business_team_member,
        status=RequestStatus.RETURNED,
        entries=[(dt.date(2025, 3, 1), "Seen at home", "Case notes")],
    )

    document = documents_actions.generate_combined_report(
        review, by=business_team_member
    )  # the worker not run

    assert document.status == DocumentStatus.QUEUED
    assert document.content is not None
    assert document.content["chronology"] == [
        ["2025-03-01", "Wexmoor Police", "Seen at home", "Case notes"]
    ]
    with pytest.raises(ActionError, match="Version 1 is not ready yet"):
        documents_actions.circulate_combined_report(document, by=business_team_member)


def test_a_version_whose_worker_stopped_is_offered_again_and_taken_over_after_the_lease(
    review: Review, business_team_member: User, police: Organisation
) -> None:
    ask_agency(
        review,
        police,
        by=business_team_member,
        status=RequestStatus.RETURNED,
        entries=[(dt.date(2025, 3, 1), "Seen at home", "Case notes")],
    )
    document = documents_actions.generate_combined_report(review, by=business_team_member)
    now = document.created_at
    # A worker claimed it and was killed while writing the PDF.
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.WRITING_PDF, claimed_until=now + documents_actions.LEASE, attempts=1
    )
    document.refresh_from_db()

    assert not documents_actions.may_try_again(document, now)
    assert documents_actions.write_combined_report_files(document.pk) is False  # lease held
    later = now + documents_actions.LEASE + dt.timedelta(seconds=1)
    assert documents_actions.may_try_again(document, later)
    with moment.at(later):
        assert documents_actions.write_combined_report_files(document.pk) is True

    document.refresh_from_db()
    assert (document.status, document.attempts) == (DocumentStatus.READY, 2)
    assert default_storage.exists(str(document.docx.name))
