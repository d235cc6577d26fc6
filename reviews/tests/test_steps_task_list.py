"""The review page: a summary, then every step as a GOV.UK task list with its due date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews import actions
from reviews.actions.notification import ChildDetails, record_notification
from reviews.models import Review, ReviewRole
from reviews.process import Step
from reviews.reads import step_pages
from reviews.tests.factories import join, make_review

D = dt.date.fromisoformat


@pytest.fixture(autouse=True)
def _wednesday_11_march_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC), tick=False):
        yield


def overview(client: Client, review: Review) -> str:
    response = client.get(reverse("reviews:detail", kwargs={"pk": review.pk}))
    assert response.status_code == 200
    return response.content.decode()


def task(html: str, key: Step) -> str:
    """The task list item of one step."""
    return next(part for part in html.split("app-task--")[1:] if part.startswith(f'{key}"'))


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def notified_review(partnership: Partnership, by: User, *, children: int = 1) -> Review:
    """A rapid review opened from a notification: aware 2 March, the partnership told 6 March."""
    return record_notification(
        partnership=partnership,
        by=by,
        children=[
            ChildDetails(pseudonym=f"Child {chr(65 + n)}", sex="male", age_years=4 + n)
            for n in range(children)
        ],
        incident_date=D("2026-03-01"),
        harm="died",
        incident_area="Wexmoor",
        home_area="Wexmoor",
        criterion="in-area",
        abuse_or_neglect="known",
        proceed_reason="",
        la_aware_on=D("2026-03-02"),
        panel_notified_on=D("2026-03-10"),
        partnership_told_on=D("2026-03-06"),
    )


def test_every_step_is_listed_in_process_order_grouped_by_working_day(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    review = notified_review(partnership, business_team_member)
    sign_in(client, business_team_member)

    html = overview(client, review)

    assert 'class="govuk-task-list' in html
    keys = re.findall(r'app-task--([a-z-]+)"', html)
    assert keys == [
        Step.NOTIFY_PANEL,
        Step.CONFIRM_SCOPE,
        Step.REQUEST_INFORMATION,
        Step.CONFIRM_TIMELINE,
        Step.INVITE_TO_MEETING,
        Step.INFORMATION_RETURNED,
        Step.COMBINED_REPORT,
        Step.PARTNER_DECISIONS,
        Step.DECISION_MEETING,
        Step.REPORT_AMENDED,
        Step.REPORT_AGREED,
        Step.REPORT_SUBMITTED,
        Step.PANEL_ACKNOWLEDGED,
        Step.PANEL_RESPONSE,
        Step.SUBGROUP_INFORMED,
        Step.OUTCOME,
    ]  # "reconvene" applies only when the Panel disagrees
    headings = re.findall(r'<h3 class="govuk-heading-m">([^<]+)</h3>', html)
    assert headings == [
        "Working days 0 to 1",
        "By working day 5",
        "By working day 7",
        "Working days 9 to 15",
        "After the report is sent",
    ]
    submitted = text(task(html, Step.REPORT_SUBMITTED))
    assert "Due Friday 27 March 2026" in submitted
    assert "Partnership business team" in submitted
    assert "How this date was worked out" in submitted
    assert "Sunday 22 March 2026: Weekend" in submitted


@pytest.mark.parametrize(
    ("today", "key", "words", "colour"),
    [
        ("2026-03-11", Step.CONFIRM_SCOPE, "Overdue", "red"),
        ("2026-03-11", Step.INFORMATION_RETURNED, "Due soon", "yellow"),
        ("2026-03-13", Step.INFORMATION_RETURNED, "Due today", "orange"),
        ("2026-03-11", Step.COMBINED_REPORT, "Not yet due", "grey"),
        ("2026-03-11", Step.PANEL_ACKNOWLEDGED, "Cannot start yet", "blue"),
        ("2026-03-11", Step.NOTIFY_PANEL, "Done late", "pink"),
    ],
)
def test_each_step_has_a_tag_for_where_it_stands(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    today: str,
    key: Step,
    words: str,
    colour: str,
) -> None:
    review = notified_review(partnership, business_team_member)

    with time_machine.travel(dt.datetime.fromisoformat(f"{today}T12:00+00:00"), tick=False):
        sign_in(client, business_team_member)
        html = task(overview(client, review), key)

    assert re.search(rf'<strong class="govuk-tag govuk-tag--{colour}">\s*{words}\s*</strong>', html)


def test_a_step_done_late_is_not_shown_as_a_success_on_the_task_list_or_the_timeline(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    # The National Panel was told on 10 March, past the deadline of 5 working days from 2 March.
    review = notified_review(partnership, business_team_member)
    sign_in(client, business_team_member)

    on_task_list = task(overview(client, review), Step.NOTIFY_PANEL)
    timeline = client.get(reverse("reviews:timeline", kwargs={"pk": review.pk})).content.decode()
    on_timeline = next(
        row
        for row in timeline.split('<tr class="govuk-table__row">')
        if "Notify the National Panel and the partnership" in row
    )

    for html in (on_task_list, on_timeline):
        assert re.search(
            r'<strong class="govuk-tag govuk-tag--pink">\s*Done late\s*</strong>', html
        )
        assert "govuk-tag--green" not in html


def test_a_step_done_in_time_says_done(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    actions.complete_step(
        review, key=Step.CONFIRM_SCOPE, by=business_team_member, completed_on=D("2026-03-09")
    )
    sign_in(client, business_team_member)

    html = task(overview(client, review), Step.CONFIRM_SCOPE)

    assert "govuk-tag--green" in html
    assert "Done\n" in html
    assert "Done late" not in html


def test_the_summary_shows_the_clock_next_deadline_overdue_count_and_children(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    review = notified_review(partnership, business_team_member, children=2)
    sign_in(client, business_team_member)

    words = text(overview(client, review))

    assert "Case code AWT26" in words
    assert "Kind Rapid review" in words
    assert "Clock started The partnership received the notification: Friday 6 March 2026" in words
    assert "Next deadline Confirm the period under review: Monday 9 March 2026 Overdue" in words
    assert "Overdue steps 4 overdue" in words
    assert "Child A, aged 4, male" in words
    assert "Child B, aged 5, male" in words
    assert "Notified late" in words  # notified 10 March, due by 9 March


def test_the_business_team_gets_a_link_to_the_page_that_does_each_step(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    review = notified_review(partnership, business_team_member)
    # A page another topic has not built yet: the generic step page stands in for it.
    monkeypatch.setitem(step_pages.STEP_PAGES, Step.REPORT_SUBMITTED, "reviews:not-built-yet")
    sign_in(client, business_team_member)

    html = overview(client, review)

    notification = reverse("reviews:notification", kwargs={"pk": review.pk})
    generic = reverse("reviews:step", kwargs={"pk": review.pk, "key": Step.REPORT_SUBMITTED})
    assert f'href="{notification}"' in task(html, Step.NOTIFY_PANEL)
    assert f'href="{generic}"' in task(html, Step.REPORT_SUBMITTED)
    assert 'href="/reviews/' in task(html, Step.DECISION_MEETING)


def test_people_who_cannot_act_see_the_steps_without_links(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    review = notified_review(partnership, business_team_member)
    panel_member = make_user(partnership=partnership)
    join(review, panel_member, ReviewRole.PANEL_MEMBER, by=business_team_member)
    sign_in(client, panel_member)

    html = overview(client, review)

    assert "Send the report to the National Panel" in html
    assert "govuk-task-list__link" not in html
    assert f'href="/reviews/{review.pk}/steps/' not in html
    assert reverse("reviews:history", kwargs={"pk": review.pk}) not in html
    assert reverse("reviews:identities", kwargs={"pk": review.pk}) not in html
    assert reverse("reviews:hold", kwargs={"pk": review.pk}) not in html


def test_the_business_team_keeps_its_links_to_history_people_identities_and_holds(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    review = notified_review(partnership, business_team_member)
    sign_in(client, business_team_member)

    html = overview(client, review)

    for name in ["history", "members", "identities", "hold", "notification"]:
        assert f'href="{reverse(f"reviews:{name}", kwargs={"pk": review.pk})}"' in html, name


def test_a_hold_is_shown_with_its_reason(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    actions.start_hold(
        review, by=business_team_member, start=D("2026-03-10"), reason="Criminal trial listed"
    )
    sign_in(client, business_team_member)

    words = text(overview(client, review))

    assert "On hold since Tuesday 10 March 2026: Criminal trial listed" in words
    assert "End the hold" in words


def test_the_page_makes_the_same_number_of_queries_however_much_is_recorded(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    partner_lead: User,
) -> None:
    small = notified_review(partnership, business_team_member)
    large = notified_review(partnership, business_team_member, children=6)
    for key in [Step.CONFIRM_SCOPE, Step.CONFIRM_TIMELINE, Step.INVITE_TO_MEETING]:
        actions.complete_step(large, key=key, by=business_team_member, completed_on=D("2026-03-09"))
    for days in [1, 2, 3]:
        actions.extend_deadline(
            large,
            key=Step.REPORT_AGREED,
            by=business_team_member,
            reason="Late",
            working_days=days,
        )
    actions.start_hold(large, by=business_team_member, start=D("2026-03-10"), reason="Trial")
    join(
        large,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    sign_in(client, business_team_member)

    counts = []
    for review in [small, large]:
        with CaptureQueriesContext(connection) as queries:
            overview(client, review)
        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[1]
