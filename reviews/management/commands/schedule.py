"""Print a process's due dates from a start date: `manage.py schedule rapid-review --start ...`.

Answers "when is working day 15 if the notification came in on Friday?" without opening a
review. One-off bank holidays come from the database when it can be read; without it, the
`holidays` package's list is used.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from reviews import moment
from reviews.dates_in_words import long_date
from reviews.deadlines import Region, WorkingCalendar
from reviews.models.calendar import working_calendar_for_region
from reviews.process import ProcessKey, Ruleset, ruleset_for
from reviews.schedule import Facts, Schedule, ScheduledStep, calendar_for, compute_schedule

# Exit status for bad input, as argparse uses for usage errors.
BAD_INPUT = 2


def _bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _bad_input(
            f"{option} must be a real date written YYYY-MM-DD, not {value!r}."
        ) from None


def _long(day: dt.date | None) -> str:
    return long_date(day) if day else ""


class Command(BaseCommand):
    help = (
        "Print the due dates of a rapid review or an LCSPR from its start date, with the "
        "non-working days each count skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("process", help="rapid-review or lcspr")
        parser.add_argument(
            "--start",
            metavar="DATE",
            help="YYYY-MM-DD: the clock's origin (working day 0), or the LCSPR decision date",
        )
        parser.add_argument(
            "--aware",
            metavar="DATE",
            help="Rapid review: the date the local authority became aware",
        )
        parser.add_argument(
            "--consideration",
            metavar="DATE",
            help="Rapid review: the date the National Panel considers it (gives the date of "
            "the Panel's response)",
        )
        parser.add_argument(
            "--looked-after-child-died",
            action="store_true",
            help="Rapid review: a looked-after child died (with --aware, gives the date Ofsted "
            "and the Secretary of State are notified by)",
        )
        parser.add_argument(
            "--publication", metavar="DATE", help="LCSPR: the planned publication date"
        )
        parser.add_argument(
            "--region",
            default=Region.ENGLAND_AND_WALES.value,
            help="england-and-wales (the default), scotland or northern-ireland",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            process_key = ProcessKey(options["process"])
        except ValueError:
            raise _bad_input(
                f"Unknown process {options['process']!r}: use rapid-review or lcspr."
            ) from None
        try:
            region = Region(options["region"])
        except ValueError:
            raise _bad_input(
                f"Unknown region {options['region']!r}: use "
                + ", ".join(region.value for region in Region)
                + "."
            ) from None
        start = _date(options["start"], "--start")
        if start is None:
            raise _bad_input("Give the start date with --start YYYY-MM-DD.")
        aware = _date(options["aware"], "--aware")
        consideration = _date(options["consideration"], "--consideration")
        publication = _date(options["publication"], "--publication")
        looked_after_died = bool(options.get("looked_after_child_died"))
        _check_dates(
            process_key,
            start,
            aware=aware,
            consideration=consideration,
            publication=publication,
            looked_after_died=looked_after_died,
        )
        try:
            ruleset = ruleset_for(start)
        except LookupError as error:
            raise _bad_input(str(error)) from None

        calendar = self._calendar(region)
        schedule = compute_schedule(
            ruleset.process(process_key),
            origin=start,
            today=moment.today(),
            facts=Facts(
                aware=aware,
                panel_consideration=consideration,
                planned_publication=publication,
                looked_after_child_died=looked_after_died,
            ),
            calendar=calendar,
            national_calendar=calendar,
        )
        if options["json"]:
            self.stdout.write(json.dumps(as_json(schedule, ruleset), indent=2))
        else:
            self._write_table(schedule, f"{ruleset.title}; bank holidays of {region.label}")

    def _calendar(self, region: Region) -> WorkingCalendar:
        """Return the region's calendar, with the database's one-offs if it can be read."""
        try:
            return working_calendar_for_region(region)
        except DatabaseError:
            self.stderr.write(
                "Could not read one-off bank holidays from the database; "
                "using the holidays package's list only."
            )
            return calendar_for(region)

    def _write_table(self, schedule: Schedule, source: str) -> None:
        self.stdout.write(
            f"{schedule.process.title} starting {_long(schedule.origin)} ({source})\n"
        )
        key_width = max(len(step.key) for step in schedule.steps)
        self.stdout.write(f"{'Step':<{key_width}}  {'Due':<29}  Rule")
        for step in schedule.steps:
            due = _long(step.due) or _no_date(step)
            self.stdout.write(f"{step.key:<{key_width}}  {due:<29}  {step.plan.rule}")


def _check_dates(
    process_key: ProcessKey,
    start: dt.date,
    *,
    aware: dt.date | None,
    consideration: dt.date | None,
    publication: dt.date | None,
    looked_after_died: bool,
) -> None:
    """Refuse options that do not fit the process or each other (exit status 2)."""
    if (aware or consideration) and process_key is not ProcessKey.RAPID_REVIEW:
        raise _bad_input("--aware and --consideration apply to rapid reviews only.")
    if aware and aware > start:
        raise _bad_input(
            f"--aware ({aware.isoformat()}) is after --start ({start.isoformat()}): the "
            "local authority becomes aware on or before the day the clock starts."
        )
    if consideration and consideration < start:
        raise _bad_input(
            f"--consideration ({consideration.isoformat()}) is before --start "
            f"({start.isoformat()}): the Panel considers a rapid review after it starts."
        )
    if looked_after_died and (process_key is not ProcessKey.RAPID_REVIEW or aware is None):
        raise _bad_input("--looked-after-child-died applies to rapid reviews, with --aware.")
    if publication and process_key is not ProcessKey.LCSPR:
        raise _bad_input("--publication applies to LCSPRs only.")


def _no_date(step: ScheduledStep) -> str:
    return "once it can start" if step.anchor_date is None else "no due date"


def as_json(schedule: Schedule, ruleset: Ruleset) -> dict[str, Any]:
    """Shape a schedule for `--json`: `skipped` lists the days off each count passed over;
    `scope` says whether holds and closure days may move it, `source` where its rule is from."""
    return {
        "process": schedule.process.key.value,
        "origin": schedule.origin.isoformat(),
        "ruleset": ruleset.key,
        "steps": [
            {
                "key": step.key,
                "title": step.title,
                "scope": step.plan.definition.scope.value,
                "source": step.plan.definition.source.label_for(ruleset.title, ruleset.chapter),
                "due": step.due.isoformat() if step.due else None,
                "working_day": step.working_day,
                "skipped": [
                    {"date": day.date.isoformat(), "reason": day.reason}
                    for day in step.derivation().skipped
                ],
            }
            for step in schedule.steps
        ],
    }
