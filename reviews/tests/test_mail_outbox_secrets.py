"""No secret in the task queue or the outbox, neither table in the admin, and both pruned.

A feedback link's token is made by the worker as the email goes (only its hash is stored): the
task carries the outbox row's id, the outbox row the link's id and plain words.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail as django_mail
from django.core.management import call_command
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from accounts.models import Organisation, Partnership, User
from conftest import WebAs
from reviews import mail
from reviews.actions.lcspr.events.feedback import give_feedback, send_feedback_links
from reviews.models import FeedbackLink, LearningEvent, MailStatus, OutgoingEmail, Participant
from reviews.reads.lcspr.events import feedback_link_for
from reviews.tests import lcspr_events_feedback_setup as setup
from reviews.tests.lcspr_events_feedback_setup import LINK, token_of
from reviews.tests.lcspr_events_setup import AFTER_THE_EVENT, Case

ANYTHING_LIKE_A_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,}")


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(AFTER_THE_EVENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
    partner_lead: User,
    agency_contributor: User,
    independent_author: User,
) -> Case:
    return setup.case(
        partnership=partnership,
        business_team_member=business_team_member,
        police=police,
        school=school,
        partner_lead=partner_lead,
        agency_contributor=agency_contributor,
        independent_author=independent_author,
    )


@pytest.fixture
def held(case: Case) -> LearningEvent:
    people: dict[str, Participant] = setup.people(case=case)
    return setup.held(case=case, people=people)


def _stored(model: type[Model]) -> str:
    return json.dumps(list(model._default_manager.values()), default=str)


def test_the_task_queue_and_the_outbox_hold_no_token_that_answers_feedback(
    case: Case,
    held: LearningEvent,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        send_feedback_links(held, by=case.author)

    # (The invitations the set-up sent are in the outbox too, their tasks never queued.)
    rows = list(OutgoingEmail.objects.filter(feedback_link__isnull=False).order_by("pk"))
    assert len(rows) == 2
    tasks = DBTaskResult.objects.all()
    assert sorted(task.args_kwargs["args"][0] for task in tasks) == [row.pk for row in rows]
    assert all(len(task.args_kwargs["args"]) == 1 for task in tasks)
    assert all(task.args_kwargs["kwargs"] == {} for task in tasks)
    assert all(row.body == "" and "link" not in row.context for row in rows)

    # The worker sends them: each message carries a working link.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    for row in rows:
        assert mail.deliver(row.pk)
    tokens = []
    for message in django_mail.outbox:
        found = LINK.search(str(message.body))
        assert found is not None
        tokens.append(token_of(found.group(1)))
    assert all(feedback_link_for(token) is not None for token in tokens)

    stored = _stored(OutgoingEmail) + _stored(DBTaskResult) + _stored(FeedbackLink)
    for token in tokens:
        assert token not in stored
    for candidate in ANYTHING_LIKE_A_TOKEN.findall(stored):
        assert feedback_link_for(candidate) is None
        with pytest.raises(LookupError):
            give_feedback(
                candidate, what_helped="Read from a table.", what_got_in_the_way="", learning=""
            )


def test_a_link_answered_before_its_email_went_is_withdrawn_not_sent(
    case: Case,
    held: LearningEvent,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    settings: Settings,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        (first, *_others) = send_feedback_links(held, by=case.author)
    FeedbackLink.objects.filter(pk=first.pk).update(expires_at=timezone.now())
    row = OutgoingEmail.objects.get(feedback_link=first)

    assert not mail.deliver(row.pk)

    row.refresh_from_db()
    assert row.status == MailStatus.WITHDRAWN
    assert django_mail.outbox == []


@pytest.fixture
def administrator(partnership: Partnership) -> User:
    return User.objects.create_superuser(
        "admin@wtp.example", "a long admin password", full_name="Ada Admin", partnership=partnership
    )


def test_the_admin_shows_no_task_queue_and_no_outbox(web_as: WebAs, administrator: User) -> None:
    app = web_as(administrator)
    index = app.get(reverse("admin:index"))

    assert reverse("admin:accounts_user_changelist") in index.text  # the index, signed in
    for name in ("task", "Task", "Outgoing", "outbox"):
        assert name not in index.text
    app.get("/admin/django_tasks_db/dbtaskresult/", status=404)
    app.get("/admin/reviews/outgoingemail/", status=404)


def _task(status: TaskResultStatus, *, finished: dt.datetime | None, started: dt.datetime) -> None:
    DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path=mail.send_outgoing_email.module_path,
        backend_name="default",
        run_after=started,
        started_at=started,
        finished_at=finished,
    )


@pytest.mark.django_db
def test_pruning_removes_old_finished_rows_and_keeps_the_rest(
    clock: time_machine.Traveller,
) -> None:
    now = timezone.now()
    old, recent = now - dt.timedelta(days=8), now - dt.timedelta(days=6)
    kinds = {
        "old sent": (MailStatus.SENT, old),
        "recent sent": (MailStatus.SENT, recent),
        "old failed": (MailStatus.FAILED, old),
        "very old failed": (MailStatus.FAILED, now - dt.timedelta(days=31)),
        "queued": (MailStatus.QUEUED, None),
    }
    for subject, (status, finished) in kinds.items():
        OutgoingEmail.objects.create(
            to="ash@school.example",
            subject=subject,
            body="A case code and a link.",
            status=status,
            finished_at=finished,
            message_id=f"<{subject.replace(' ', '.')}@reviews.example>",
        )
    _task(TaskResultStatus.SUCCESSFUL, finished=old, started=old)
    _task(TaskResultStatus.SUCCESSFUL, finished=recent, started=recent)
    _task(TaskResultStatus.RUNNING, finished=None, started=now - dt.timedelta(days=2))
    _task(TaskResultStatus.RUNNING, finished=None, started=now - dt.timedelta(minutes=5))

    call_command("prune_mail")

    assert sorted(OutgoingEmail.objects.values_list("subject", flat=True)) == [
        "old failed",
        "queued",
        "recent sent",
    ]
    assert sorted((task.status, task.started_at) for task in DBTaskResult.objects.all()) == sorted(
        [
            (TaskResultStatus.SUCCESSFUL, recent),
            (TaskResultStatus.RUNNING, now - dt.timedelta(minutes=5)),
        ]
    )
