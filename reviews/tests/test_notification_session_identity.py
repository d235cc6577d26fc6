"""No child's identity ever reaches the session table (issue 18, item 6).

After every step of recording a notification, through the pages as rendered (start, each
question, a refused answer, changing and removing a child, check, a refusal at check, save,
start again, the recorded notification), every row of ``django_session`` is read back, raw and
decoded, and none holds the child's real name, date of birth, ethnicity or disability. The
answers are kept in a server-side draft instead, which ends when saved, started again, or
expired (deleted on a schedule), and which nobody else can load.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django_webtest import DjangoTestApp
from webtest import TestResponse

from accounts.models import PartnershipRole, User
from accounts.tests.factories import give_role, make_user
from conftest import WebAs
from reviews.forms.notification.draft import SESSION_KEY
from reviews.models import IdentityRecord, NotificationDraft, Review
from reviews.tests.notification_flow_setup import CHECK, START, page

NAME = "Ava Fictional-Testbury"
BORN = ("2019", "03", "02")
ETHNICITY = "Testland Traveller heritage"
DISABILITY = "Hearing loss in the left ear"
# Every way a date of birth could be written into a session.
IDENTITY = (
    NAME,
    "Fictional-Testbury",
    "2019-03-02",
    "2019, 3, 2",
    "02/03/2019",
    ETHNICITY,
    DISABILITY,
)

CHILD = {
    "pseudonym": "Child A",
    "real_name": NAME,
    "age_years": "",
    "date_of_birth-day": BORN[2],
    "date_of_birth-month": BORN[1],
    "date_of_birth-year": BORN[0],
    "sex": "female",
    "ethnicity": ETHNICITY,
    "disability": DISABILITY,
    "looked_after": "no",
    "plan": "child-in-need",
}


@pytest.fixture(autouse=True)
def _thursday_12_march_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 12, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def app(web_as: WebAs, business_team_member: User) -> DjangoTestApp:
    return web_as(business_team_member)


def assert_no_identity_in_any_session() -> int:
    """Read every session row, raw and decoded; return how many rows were read."""
    rows = list(Session.objects.all())
    for row in rows:
        decoded = SessionStore().decode(row.session_data)
        words = row.session_data + json.dumps(decoded, default=str)
        for value in IDENTITY:
            assert value not in words, f"{value!r} is in session {row.pk}"
    assert rows, "no session was read: the check would pass vacuously"
    return len(rows)


def form_with(response: TestResponse, field: str) -> Any:
    return next(form for form in page_forms(response) if field in form.fields)


def page_forms(response: TestResponse) -> list[Any]:
    """The page's own forms, without the header's sign-out button."""
    return [form for form in response.forms.values() if "sign-out" not in (form.action or "")]


def give(app: DjangoTestApp, url: str, answers: dict[str, str], *, status: int = 302) -> Any:
    """Fill in the page's form as rendered and send it."""
    form = form_with(app.get(url), next(iter(answers)))
    for name, value in answers.items():
        form[name] = value
    return form.submit(status=status)


def start(app: DjangoTestApp) -> None:
    page_forms(app.get(START))[-1].submit(status=302)
    assert_no_identity_in_any_session()


def add_child(app: DjangoTestApp) -> None:
    give(app, page("child"), CHILD)
    assert_no_identity_in_any_session()


def answer_the_rest(app: DjangoTestApp) -> None:
    for url, answers in [
        (page("children"), {"add_another": "no"}),
        (
            page("incident-date"),
            {"incident_date-day": "1", "incident_date-month": "3", "incident_date-year": "2026"},
        ),
        (page("harm"), {"harm": "died"}),
        (page("areas"), {"incident_area": "Wexmoor", "home_area": "Northfen"}),
        (page("criterion"), {"criterion": "in-area"}),
        (page("abuse-or-neglect"), {"abuse_or_neglect": "known"}),
        (
            page("dates"),
            {
                "la_aware_on-day": "2",
                "la_aware_on-month": "3",
                "la_aware_on-year": "2026",
                "panel_notified_on-day": "5",
                "panel_notified_on-month": "3",
                "panel_notified_on-year": "2026",
                "partnership_told_on-day": "6",
                "partnership_told_on-month": "3",
                "partnership_told_on-year": "2026",
            },
        ),
    ]:
        give(app, url, answers)
        assert_no_identity_in_any_session()


def test_no_session_holds_an_identity_after_any_step_of_recording(
    app: DjangoTestApp, business_team_member: User
) -> None:
    start(app)
    # A refused answer: the identity was posted, the page says what to put right.
    refused = give(app, page("child"), CHILD | {"age_years": "7"}, status=400)
    assert "Error:" in refused.text
    assert_no_identity_in_any_session()
    add_child(app)
    # The answers are kept, on the server: the test above is not passing for want of them.
    kept = NotificationDraft.objects.get(owner=business_team_member)
    assert NAME in json.dumps(kept.answers)
    assert app.session[SESSION_KEY] == str(kept.pk)
    assert NAME in app.get(page("child-1")).text  # changing the child shows them back
    give(app, page("child-1"), {"ethnicity": ETHNICITY + " (Testland)"})
    assert_no_identity_in_any_session()
    give(app, page("children"), {"add_another": "yes"})
    give(app, page("child"), CHILD | {"pseudonym": "Child B", "real_name": "Ben Fictional"})
    give(app, page("remove-child-2"), {"confirm": "yes"})
    assert_no_identity_in_any_session()
    answer_the_rest(app)
    assert "Child A" in app.get(CHECK).text
    assert_no_identity_in_any_session()
    # A refusal at check: the incident moved before the date of birth.
    give(app, page("incident-date"), {"incident_date-year": "2019", "incident_date-month": "1"})
    assert app.get(CHECK, status=400)
    assert_no_identity_in_any_session()
    give(app, page("incident-date"), {"incident_date-year": "2026", "incident_date-month": "3"})

    page_forms(app.get(CHECK))[-1].submit(status=302).follow()

    review = Review.objects.get()
    assert IdentityRecord.objects.get(review=review).real_name == NAME
    assert not NotificationDraft.objects.exists()  # saved: the draft is gone
    assert SESSION_KEY not in app.session
    app.get(reverse("reviews:notification", kwargs={"pk": review.pk}))
    assert_no_identity_in_any_session()


def test_starting_again_discards_the_draft_and_keeps_nothing_in_the_session(
    app: DjangoTestApp, business_team_member: User
) -> None:
    start(app)
    add_child(app)
    first = NotificationDraft.objects.get()

    page_forms(app.get(START))[-1].submit(status=302)  # "Start again"

    assert not NotificationDraft.objects.filter(pk=first.pk).exists()
    assert NAME not in json.dumps(list(NotificationDraft.objects.values_list("answers")))
    assert_no_identity_in_any_session()


def test_an_abandoned_draft_is_deleted_on_schedule_and_sessions_cleared(
    app: DjangoTestApp,
) -> None:
    start(app)
    add_child(app)
    with time_machine.travel(dt.datetime(2026, 3, 13, 11, tzinfo=dt.UTC), tick=False):
        call_command("delete_expired_notification_drafts")
        assert NotificationDraft.objects.count() == 1  # 23 hours: still kept
    with time_machine.travel(dt.datetime(2026, 3, 13, 12, 1, tzinfo=dt.UTC), tick=False):
        call_command("delete_expired_notification_drafts")
        assert not NotificationDraft.objects.exists()
        call_command("clearsessions")
        assert not Session.objects.exists()  # idle for a day: every session expired


def test_coming_back_to_an_expired_draft_starts_again(app: DjangoTestApp) -> None:
    start(app)
    add_child(app)
    NotificationDraft.objects.update(expires_at=dt.datetime(2026, 3, 12, 11, tzinfo=dt.UTC))

    response = app.get(CHECK, status=302).follow()

    assert "Your answers could not be read back" in response.text
    assert SESSION_KEY not in app.session


def test_nobody_else_can_load_a_persons_draft(
    app: DjangoTestApp, web_as: WebAs, business_team_member: User
) -> None:
    start(app)
    add_child(app)
    assert business_team_member.partnership is not None
    colleague = give_role(
        make_user(partnership=business_team_member.partnership), PartnershipRole.Role.BUSINESS_TEAM
    )
    other = web_as(colleague)
    # WebTest keeps the cookie's value quoted.
    session = SessionStore(session_key=other.cookies[settings.SESSION_COOKIE_NAME].strip('"'))
    session[SESSION_KEY] = app.session[SESSION_KEY]  # someone else's draft id
    session.save()

    other.get(CHECK, status=404)
    other.get(page("child-1"), status=404)

    assert NotificationDraft.objects.get().answers["children"][0]["real_name"] == NAME
