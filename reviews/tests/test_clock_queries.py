"""Issue 17, item 2: the clock reads facts for many reviews through a subquery, reads the
calendars of every partnership in one query, and a day off added in the admin moves deadlines
on the very next computation."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Partnership, PartnershipRole, User
from accounts.tests.factories import give_role, make_user
from conftest import WebAs
from reviews.clock import schedule_for, schedules_for
from reviews.models import ClosureDay, OneOffBankHoliday, Review
from reviews.process import Step
from reviews.tests.factories import make_review

FRIDAY_6_MARCH_2026 = dt.date(2026, 3, 6)
MONDAY_9_MARCH_2026 = dt.date(2026, 3, 9)


def read(reviews: object) -> tuple[dict[int, object], list[str]]:
    with CaptureQueriesContext(connection) as captured:
        schedules = schedules_for(reviews, today=MONDAY_9_MARCH_2026)  # type: ignore[arg-type]
    return dict(schedules), [query["sql"] for query in captured.captured_queries]


def test_facts_of_a_queryset_are_read_through_a_subquery_that_does_not_grow(
    partnership: Partnership, business_team_member: User
) -> None:
    def page() -> QuerySet[Review]:
        return Review.objects.filter(partnership=partnership).select_related("partnership")

    make_review(partnership=partnership, by=business_team_member)
    one, one_sql = read(page())
    for _ in range(11):
        make_review(partnership=partnership, by=business_team_member)
    twelve, twelve_sql = read(page())

    assert (len(one), len(twelve)) == (1, 12)
    assert [len(sql) for sql in twelve_sql] == [len(sql) for sql in one_sql]
    assert sum("IN (SELECT" in sql for sql in twelve_sql) >= 7


def test_a_list_or_a_generator_of_reviews_gives_the_same_schedules_as_the_queryset(
    partnership: Partnership, business_team_member: User
) -> None:
    for origin in (FRIDAY_6_MARCH_2026, dt.date(2026, 3, 2)):
        make_review(partnership=partnership, by=business_team_member, origin=origin)
    reviews = Review.objects.select_related("partnership").order_by("origin")

    from_queryset, _ = read(reviews)
    from_list, _ = read(list(reviews))
    from_generator, _ = read(review for review in reviews)
    from_slice, _ = read(reviews[:1])

    assert from_queryset == from_list == from_generator
    assert list(from_slice) == [reviews[0].pk]


def test_the_calendars_of_many_partnerships_take_one_query(
    partnership: Partnership,
    other_partnership: Partnership,
    business_team_member: User,
) -> None:
    other_business_team_member = give_role(
        make_user(email="manager@ntp.example", full_name="Ola Test", partnership=other_partnership),
        PartnershipRole.Role.BUSINESS_TEAM,
    )
    ClosureDay.objects.create(partnership=partnership, date=MONDAY_9_MARCH_2026, name="Move")
    make_review(partnership=partnership, by=business_team_member)
    _, one_partnership = read(Review.objects.select_related("partnership"))
    make_review(partnership=other_partnership, by=other_business_team_member)
    both, two_partnerships = read(Review.objects.select_related("partnership"))

    calendar_queries = [sql for sql in two_partnerships if "closureday" in sql]
    assert len(calendar_queries) == 1
    assert "oneoffbankholiday" in calendar_queries[0]
    assert len(two_partnerships) == len(one_partnership)
    due = sorted(schedule.step(Step.CONFIRM_SCOPE).due for schedule in both.values())  # type: ignore[attr-defined]
    assert due == [MONDAY_9_MARCH_2026, dt.date(2026, 3, 10)]


def test_a_day_off_added_or_removed_in_the_admin_moves_the_next_schedule(
    web_as: WebAs, partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    administrator = User.objects.create_superuser(
        "admin@wtp.example", "a long admin password", full_name="Ada Admin", partnership=partnership
    )
    app = web_as(administrator)

    def due() -> dt.date | None:
        return schedule_for(review, today=MONDAY_9_MARCH_2026).step(Step.CONFIRM_SCOPE).due

    before = due()
    form = app.get(reverse("admin:reviews_closureday_add")).forms["closureday_form"]
    form["partnership"] = str(partnership.pk)
    form["date"] = MONDAY_9_MARCH_2026.isoformat()
    form["name"] = "Office move"
    form.submit().follow()
    closed = due()
    form = app.get(reverse("admin:reviews_oneoffbankholiday_add")).forms["oneoffbankholiday_form"]
    form["region"] = partnership.calendar_region
    form["date"] = "2026-03-10"
    form["name"] = "Proclaimed holiday"
    form.submit().follow()
    proclaimed = due()
    closure = ClosureDay.objects.get(partnership=partnership)
    page = app.get(reverse("admin:reviews_closureday_delete", args=[closure.pk]))
    next(form for form in page.forms.values() if "post" in form.fields).submit().follow()

    assert OneOffBankHoliday.objects.count() == 1
    assert [before, closed, proclaimed, due()] == [
        MONDAY_9_MARCH_2026,
        dt.date(2026, 3, 10),
        dt.date(2026, 3, 11),
        MONDAY_9_MARCH_2026,
    ]
