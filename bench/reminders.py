# ruff: noqa: PLC0415  Django is set up on a throwaway database before the models are imported.
"""Time one reminder run (planning and sending) over N open rapid reviews, and count its queries.

Each review has its business team lead (one person, on every review), an agency asked for
information (one of ten schools, each with its contributor) and its whole schedule of steps.
Rows are bulk-created through the project's models into a throwaway SQLite database, migrated
once and copied for each N, so every N starts from the same empty world.

The number of digests is fixed (eleven people), so the queries must not grow with N: the
planning reads are a fixed number, and each digest is one transaction with a fixed number of
statements (its sent-reminder rows go in one INSERT from a JSON parameter, however many).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SCHOOLS = 10
TODAY = dt.date(2026, 3, 17)  # a Tuesday


@dataclass(frozen=True)
class Result:
    reviews: int
    digests: int
    items: int
    queries: int
    seconds: float


def _setup(folder: Path) -> Path:
    """Django on a fresh SQLite file in ``folder``, migrated; returns the file."""
    template = folder / "template.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{template}"
    import logging

    import django

    django.setup()
    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return template


def _use(path: Path) -> None:
    from django.conf import settings
    from django.db import connection

    connection.close()
    settings.DATABASES["default"]["NAME"] = str(path)
    connection.settings_dict["NAME"] = str(path)


def _world(count: int) -> None:
    """``count`` open rapid reviews with their lead and one request each, bulk-created."""
    from accounts.models import Organisation, User
    from accounts.tests.factories import employ, make_organisation, make_partnership, make_user
    from reviews.models import InformationRequest, Review, ReviewKind, ReviewMember, ReviewRole

    partnership = make_partnership(name="Benchfield Partnership", short_name="BP", code_prefix="B")
    lead = make_user(email="lead@bench.example", full_name="Bea Bench", partnership=partnership)
    schools: list[tuple[Organisation, User]] = []
    for number in range(SCHOOLS):
        school = make_organisation(
            partnership=partnership, name=f"Bench School {number}", kind=Organisation.Kind.SCHOOL
        )
        person = make_user(
            email=f"dsl{number}@bench.example", full_name=f"Dee {number}", partnership=partnership
        )
        schools.append((school, employ(person, school)))
    reviews = Review.objects.bulk_create(
        Review(
            partnership=partnership,
            kind=ReviewKind.RAPID_REVIEW,
            case_code=f"B{number:05d}",
            pseudonym=f"Child {number}",
            origin=TODAY - dt.timedelta(days=3 + number % 20),
            ruleset="wt2023",
        )
        for number in range(count)
    )
    members, requests = [], []
    for number, review in enumerate(reviews):
        school, person = schools[number % SCHOOLS]
        members.append(
            ReviewMember(
                review=review, user=lead, role=ReviewRole.BUSINESS_TEAM_LEAD, added_by=lead
            )
        )
        members.append(
            ReviewMember(
                review=review,
                user=person,
                role=ReviewRole.AGENCY_CONTRIBUTOR,
                organisation=school,
                added_by=lead,
            )
        )
        requests.append(
            InformationRequest(
                review=review,
                organisation=school,
                contributor=person,
                due_on=review.origin + dt.timedelta(days=7),
                sent_by=lead,
            )
        )
    ReviewMember.objects.bulk_create(members)
    InformationRequest.objects.bulk_create(requests)


def _one(template: Path, folder: Path, count: int) -> Result:
    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviews.actions.reminders import send_reminders

    path = folder / f"reviews-{count}.sqlite3"
    shutil.copyfile(template, path)
    _use(path)
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(7), tzinfo=dt.UTC), tick=False):
        _world(count)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            sent = send_reminders(today=TODAY)
            seconds = time.perf_counter() - start
    return Result(count, sent.digests, sent.items, len(queries), seconds)


def run(counts: list[int]) -> list[Result]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        template = _setup(folder)
        return [_one(template, folder, count) for count in counts]


def report(results: list[Result]) -> str:
    lines = ["reminders: one run (plan + send) over N open reviews"]
    lines.append(f"{'reviews':>8} {'digests':>8} {'items':>8} {'queries':>8} {'seconds':>8}")
    for each in results:
        lines.append(
            f"{each.reviews:>8} {each.digests:>8} {each.items:>8} "
            f"{each.queries:>8} {each.seconds:>8.2f}"
        )
    return "\n".join(lines)
