"""`manage.py schedule`: due dates from a start date, as JSON or a table; bad input refused."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from reviews.deadlines import Region
from reviews.management.commands import schedule as schedule_command
from reviews.models import OneOffBankHoliday
from reviews.process import Step

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command("schedule", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def run_json(*args: str) -> dict[str, Any]:
    output, _ = run(*args, "--json")
    result: dict[str, Any] = json.loads(output)
    return result


def steps_of(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["key"]: step for step in result["steps"]}


def test_it_prints_the_rapid_review_schedule_as_json() -> None:
    result = run_json("rapid-review", "--start", "2026-03-06")

    assert set(result) == {"process", "origin", "ruleset", "steps"}
    assert (result["process"], result["origin"], result["ruleset"]) == (
        "rapid-review",
        "2026-03-06",
        "wt2023",
    )
    for step in result["steps"]:
        assert set(step) == {"key", "title", "scope", "source", "due", "working_day", "skipped"}
    submitted = steps_of(result)[Step.REPORT_SUBMITTED]
    assert submitted["title"] == "Send the report to the National Panel"
    assert (submitted["due"], submitted["working_day"]) == ("2026-03-27", 15)
    assert submitted["skipped"] == [
        {"date": f"2026-03-{day:02d}", "reason": "Weekend"} for day in (7, 8, 14, 15, 21, 22)
    ]


def test_it_leaves_dates_it_cannot_compute_null() -> None:
    steps = steps_of(run_json("rapid-review", "--start", "2026-03-06"))

    assert steps[Step.PANEL_RESPONSE] == {
        "key": "panel-response",
        "title": "National Panel responds",
        "scope": "local",
        "source": "The partnership's own guidance",
        "due": None,
        "working_day": None,
        "skipped": [],
    }
    assert Step.NOTIFY_PANEL not in steps
    assert Step.RECONVENE not in steps


def test_aware_adds_notify_panel() -> None:
    result = run_json("rapid-review", "--start", "2026-03-06", "--aware", "2026-03-02")

    notify = result["steps"][0]
    assert (notify["key"], notify["due"], notify["working_day"]) == (
        Step.NOTIFY_PANEL,
        "2026-03-09",
        5,
    )
    assert [day["date"] for day in notify["skipped"]] == ["2026-03-07", "2026-03-08"]


def test_the_region_changes_the_bank_holidays() -> None:
    steps = steps_of(run_json("rapid-review", "--start", "2025-12-31", "--region", "scotland"))

    assert steps[Step.CONFIRM_SCOPE]["due"] == "2026-01-05"
    assert {"date": "2026-01-02", "reason": "Bank holiday: 2nd January"} in steps[
        Step.CONFIRM_SCOPE
    ]["skipped"]


def test_it_counts_over_christmas() -> None:
    steps = steps_of(run_json("rapid-review", "--start", "2026-12-23"))

    assert steps[Step.REPORT_SUBMITTED]["due"] == "2027-01-18"
    reasons = {day["date"]: day["reason"] for day in steps[Step.REPORT_SUBMITTED]["skipped"]}
    assert reasons["2026-12-28"] == "Bank holiday: Boxing Day (substitute day)"
    assert reasons["2027-01-01"] == "Bank holiday: New Year\u2019s Day"


def test_it_prints_the_lcspr_publication_six_months_on() -> None:
    steps = steps_of(run_json("lcspr", "--start", "2025-08-31"))

    assert steps[Step.PUBLISHED] == {
        "key": "published",
        "title": "Publish the review",
        "scope": "national",
        "source": "Working Together to Safeguard Children 2023, chapter 5",
        "due": "2026-02-28",
        "working_day": None,
        "skipped": [],
    }
    assert Step.PRE_PUBLICATION_NOTICE not in steps


def test_a_planned_publication_adds_the_pre_publication_notice() -> None:
    steps = steps_of(run_json("lcspr", "--start", "2025-08-31", "--publication", "2026-02-20"))

    notice = steps[Step.PRE_PUBLICATION_NOTICE]
    assert (notice["due"], notice["working_day"]) == ("2026-02-11", -7)
    assert [day["date"] for day in notice["skipped"]] == ["2026-02-14", "2026-02-15"]


def test_it_uses_one_off_bank_holidays_from_the_database() -> None:
    OneOffBankHoliday.objects.create(
        region=Region.ENGLAND_AND_WALES, date=dt.date(2026, 3, 9), name="Proclaimed holiday"
    )

    steps = steps_of(run_json("rapid-review", "--start", "2026-03-06"))

    assert steps[Step.CONFIRM_SCOPE]["due"] == "2026-03-10"
    assert steps[Step.CONFIRM_SCOPE]["skipped"][-1] == {
        "date": "2026-03-09",
        "reason": "Bank holiday: Proclaimed holiday",
    }


def test_it_works_without_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(region: Region) -> None:
        raise DatabaseError("no such table")

    monkeypatch.setattr(schedule_command, "working_calendar_for_region", unavailable)

    output, errors = run("rapid-review", "--start", "2026-03-06", "--json")

    assert steps_of(json.loads(output))[Step.REPORT_SUBMITTED]["due"] == "2026-03-27"
    assert "holidays package" in errors


def test_without_json_it_prints_a_table_with_dates_in_full() -> None:
    output, errors = run("rapid-review", "--start", "2026-03-06")

    assert "Rapid review starting Friday 6 March 2026" in output
    assert "bank holidays of England and Wales" in output
    row = next(line for line in output.splitlines() if line.startswith("report-submitted"))
    assert "Friday 27 March 2026" in row
    assert "15 working days after the partnership received the notification" in row
    assert errors == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rapid-review", "--start", "2026-02-30"], "--start must be a real date"),
        (["rapid-review", "--start", "6 March 2026"], "--start must be a real date"),
        (["rapid-review"], "Give the start date"),
        (["serious-case-review", "--start", "2026-03-06"], "Unknown process"),
        (["rapid-review", "--start", "2026-03-06", "--region", "wales"], "Unknown region"),
        (["rapid-review", "--start", "2026-03-06", "--aware", "2026-13-01"], "--aware must"),
        (["lcspr", "--start", "2026-03-06", "--aware", "2026-03-02"], "rapid reviews only"),
        (["rapid-review", "--start", "2026-03-06", "--publication", "2026-09-01"], "LCSPRs"),
        (["rapid-review", "--start", "2017-03-06"], "No ruleset was in force"),
    ],
)
def test_bad_input_is_refused_with_exit_status_2(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message) as refused:
        run(*args)

    assert refused.value.returncode == 2
    assert "\n" not in str(refused.value)


def test_the_real_command_exits_2_with_one_line_on_stderr() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}

    finished = subprocess.run(
        [sys.executable, "manage.py", "schedule", "rapid-review", "--start", "2026-02-30"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert finished.returncode == 2
    assert finished.stdout == ""
    assert finished.stderr.splitlines() == [
        "CommandError: --start must be a real date written YYYY-MM-DD, not '2026-02-30'."
    ]


@pytest.mark.parametrize(
    ("key", "scope", "source"),
    [
        (Step.NOTIFY_PANEL, "national", "Working Together to Safeguard Children 2023, chapter 5"),
        (Step.CONFIRM_SCOPE, "local", "The partnership's own guidance"),
        (Step.PARTNER_DECISIONS, "local", "The partnership's own guidance"),
        (
            Step.REPORT_SUBMITTED,
            "national",
            "Working Together to Safeguard Children 2023, chapter 5",
        ),
        (Step.PANEL_RESPONSE, "local", "The partnership's own guidance"),
    ],
)
def test_each_step_says_whether_it_is_national_and_where_its_rule_comes_from(
    key: Step, scope: str, source: str
) -> None:
    steps = steps_of(
        run_json(
            "rapid-review",
            "--start",
            "2026-03-06",
            "--aware",
            "2026-03-02",
            "--consideration",
            "2026-04-15",
        )
    )

    assert (steps[key]["scope"], steps[key]["source"]) == (scope, source)


def test_an_older_review_names_its_own_edition() -> None:
    steps = steps_of(run_json("rapid-review", "--start", "2022-03-07"))

    assert steps[Step.REPORT_SUBMITTED]["source"] == (
        "Working Together to Safeguard Children 2018, chapter 4"
    )


def test_consideration_gives_the_panel_response_date() -> None:
    steps = steps_of(
        run_json("rapid-review", "--start", "2026-03-06", "--consideration", "2026-04-15")
    )

    # Ten calendar days after the Panel considers the rapid review.
    assert steps[Step.PANEL_RESPONSE]["due"] == "2026-04-25"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--aware", "2026-03-09"), "--aware (2026-03-09) is after --start (2026-03-06)"),
        (("--consideration", "2026-03-05"), "--consideration (2026-03-05) is before --start"),
    ],
)
def test_dates_in_the_wrong_order_are_refused(args: tuple[str, str], message: str) -> None:
    with pytest.raises(
        CommandError, match=message.replace("(", r"\(").replace(")", r"\)")
    ) as error:
        run("rapid-review", "--start", "2026-03-06", *args)

    assert error.value.returncode == 2


def test_consideration_is_for_rapid_reviews_only() -> None:
    with pytest.raises(CommandError, match="rapid reviews only") as error:
        run("lcspr", "--start", "2026-03-06", "--consideration", "2026-04-15")

    assert error.value.returncode == 2
