"""Recording a notification through the real pages: one question a page, check, save."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from reviews.event_types import EventType
from reviews.forms.notification.draft import SESSION_KEY
from reviews.models import Child, Notification, Review
from reviews.process import Step
from reviews.tests import notification_flow_setup as setup
from reviews.tests.notification_flow_setup import (
    CHECK,
    CHILD,
    START,
    answer,
    answer_everything,
    page,
    parts,
    text,
)


@pytest.fixture(autouse=True)
def _thursday_12_march_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 12, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def team(client: Client, business_team_member: User) -> Client:
    return setup.team(client=client, business_team_member=business_team_member)


def task(html: str, key: Step) -> str:
    """The task list item of one step on the review page."""
    return next(part for part in html.split("app-task--")[1:] if part.startswith(f'{key}"'))


def test_a_business_manager_records_a_notification_and_opens_the_rapid_review(
    team: Client,
) -> None:
    assert f'href="{START}"' in team.get(reverse("reviews:list")).content.decode()
    assert "Start now" in team.get(START).content.decode()
    child_b = CHILD | {
        "pseudonym": "Child B",
        "age_years": "",
        "real_name": "Ava Fictional",
        **parts("date_of_birth", "2019-03-02"),
    }
    child_c = CHILD | {"pseudonym": "Child C"}

    team.post(START)
    first = team.get(page("child")).content.decode()
    assert 'value="Child A"' in first  # the next free pseudonym, offered
    answer(team, "child", CHILD, page("children"))
    answer(team, "children", {"add_another": "yes"}, page("child"))
    answer(team, "child", child_b, page("children"))
    answer(team, "children", {"add_another": "yes"}, page("child"))
    answer(team, "child", child_c, page("children"))
    assert "You have added 3 children" in team.get(page("children")).content.decode()
    answer(team, "remove-child-3", {"confirm": "yes"}, page("children"))
    answer(team, "children", {"add_another": "no"}, page("incident-date"))
    answer(team, "incident-date", parts("incident_date", "2026-03-01"), page("harm"))
    answer(team, "harm", {"harm": "died"}, page("areas"))
    answer(team, "areas", {"incident_area": "Wexmoor", "home_area": "Wexmoor"}, page("criterion"))
    answer(team, "criterion", {"criterion": "in-area"}, page("abuse-or-neglect"))
    answer(team, "abuse-or-neglect", {"abuse_or_neglect": "suspected"}, page("dates"))
    dates = (
        parts("la_aware_on", "2026-03-02")
        | parts("panel_notified_on", "2026-03-05")
        | parts("partnership_told_on", "2026-03-06")
    )
    answer(team, "dates", dates, CHECK)
    # A change goes back to its question and returns to check answers.
    answer(team, "harm", {"harm": "seriously-harmed"}, CHECK)
    check = team.get(CHECK).content.decode()
    saved_nothing_yet = not Review.objects.exists()
    saved = team.post(CHECK)
    done = team.get(saved["Location"]).content.decode()

    assert saved_nothing_yet
    assert "Check your answers before opening the rapid review" in check
    words = text(check[check.index("<h1") :])  # after the "Child C has been removed" banner
    assert "Child C has been removed" in text(check)
    assert "Child B" in words
    assert "Age 6" in words
    assert "Child C" not in words
    assert "The child was seriously harmed" in words
    assert "Friday 6 March 2026" in words
    assert "Late" not in words
    for question in ["child-1", "child-2", "incident-date", "harm", "areas", "criterion", "dates"]:
        assert f'href="{page(question)}"' in check
    assert "Ava Fictional" not in check
    assert saved["Location"] == page("done")
    review = Review.objects.get()
    assert "Rapid review opened" in done
    assert "Case code AWT26" in text(done)
    assert f'href="{reverse("reviews:detail", kwargs={"pk": review.pk})}"' in done
    assert SESSION_KEY not in team.session
    assert list(Child.objects.values_list("pseudonym", "age_years")) == [
        ("Child A", 7),
        ("Child B", 6),
    ]

    html = team.get(reverse("reviews:detail", kwargs={"pk": review.pk})).content.decode()
    overview = text(html)
    submitted = text(task(html, Step.REPORT_SUBMITTED))
    assert "Send the report to the National Panel" in submitted
    assert "Due Friday 27 March 2026" in submitted  # working day 15 from Friday 6 March
    assert "Child B, aged 6, female" in overview
    assert "Ava" not in overview
    assert "2019" not in overview
    identities = team.post(
        reverse("reviews:identities", kwargs={"pk": review.pk}),
        {"reason": "Checking the notification against the referral."},
    )
    assert "Ava Fictional" in identities.content.decode()
    assert "Saturday 2 March 2019" in identities.content.decode()


def test_a_late_notification_is_flagged_before_saving_and_on_the_review(team: Client) -> None:
    answer_everything(team, notified="2026-03-10")

    check = text(team.get(CHECK).content.decode())
    team.post(CHECK)
    review = Review.objects.get()
    overview = team.get(reverse("reviews:detail", kwargs={"pk": review.pk})).content.decode()

    assert "Late notification: the National Panel was notified on Tuesday 10 March 2026" in check
    assert "It was due by Monday 9 March 2026" in check
    assert 'data-testid="late-notification">Notified late' in overview
    assert review.events.get(type=EventType.NOTIFICATION_RECORDED).detail["late"] is True


def test_a_notification_meeting_no_criterion_is_refused_without_a_reason(team: Client) -> None:
    team.post(START)
    answer(team, "child", CHILD, page("children"))
    answer(team, "children", {"add_another": "no"}, page("incident-date"))
    answer(team, "criterion", {"criterion": "none"}, page("incident-date"))
    answer(team, "abuse-or-neglect", {"abuse_or_neglect": "known"}, page("incident-date"))

    refused = team.post(page("proceed-reason"), {"proceed_reason": ""})
    skipped = team.get(CHECK)

    assert refused.status_code == 400
    assert "Enter why the review goes ahead although no statutory criterion is met" in (
        refused.content.decode()
    )
    assert "meets no statutory criterion" in refused.content.decode()
    assert skipped["Location"] == page("incident-date")  # unanswered questions come first
    assert not Review.objects.exists()

    answer_everything(team, criterion="none")
    check = text(team.get(CHECK).content.decode())
    team.post(CHECK)

    assert "Why the review goes ahead The partners agreed to review." in check
    assert Notification.objects.get().proceed_reason == "The partners agreed to review."
