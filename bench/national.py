"""Fill the database named by DATABASE_URL with national-scale data: `python -m bench national
--reviews 10,119,300,1000,5000` (the default: five partnerships, 6,429 reviews).

Rows go in with `bulk_create` through the project's models, the audit tables (events, access
log) through `accounts.chain.bulk_append`, which seals them as `save` would. Per review: 16
step records, 5 requests with 6 chronology entries each, 3 plan actions, one piece of learning
with a theme, 75 events (100 on each partnership's first review: the history page measured)
and 4 access-log entries: at 6,429 reviews about 103,000 step records, 483,000 events, 193,000
chronology entries and 19,000 actions. Bulk inserts skip django-simple-history: the history
tables stay empty. Names are fictional. Apply the migrations first.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from accounts.chain import bulk_append
from accounts.models import Membership, Organisation, Partnership, PartnershipRole, User
from reviews.event_types import EventType
from reviews.models import (
    AccessLogEntry,
    ChronologyEntry,
    Event,
    InformationRequest,
    Learning,
    Notification,
    PlanAction,
    RequestStatus,
    Review,
    ReviewKind,
    ReviewMember,
    ReviewRole,
    StepRecord,
    Theme,
)
from reviews.process import LCSPR, RAPID_REVIEW, Step, ruleset_for

DEFAULT_SIZES: tuple[int, ...] = (10, 119, 300, 1_000, 5_000)
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
FIRST_ORIGIN = dt.date(2019, 1, 7)
ORGANISATIONS = 8
REQUESTS_PER_REVIEW = 5
ENTRIES_PER_REQUEST = 6
ACTIONS_PER_REVIEW = 3
EVENTS_PER_REVIEW = 75
EVENTS_ON_FIRST_REVIEW = 100
ACCESS_PER_REVIEW = 4
STEPS_PER_REVIEW = 16
CHUNK = 250  # reviews per transaction
PASSWORD = "bench-national-password"  # noqa: S105  a scratch database's fictional people
KINDS = ("csc", "police", "icb", "school", "health", "probation", "cafcass", "other")


@dataclass
class World:
    """One partnership's people and agencies."""

    partnership: Partnership
    lead: User  # business team: sees every review, the access log, the tracker, the themes
    contributors: list[User]
    organisations: list[Organisation]
    themes: list[Theme]


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, name: str, count: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + count


BENCH_LEAD_PREFIX = "business.team."


def bench_email(index: int) -> str:
    """The business team member of partnership `index` the page benchmark signs in as."""
    return f"{BENCH_LEAD_PREFIX}{index}@bench.example"


def build(sizes: tuple[int, ...] = DEFAULT_SIZES, *, seed: int = 2026) -> Counts:
    """Make one partnership per size; return the rows made and the time taken."""
    rng = random.Random(seed)  # noqa: S311  test data, not security
    counts = Counts()
    started = time.perf_counter()
    password = User(email="x@bench.example")
    password.set_password(PASSWORD)
    first_free = Partnership.objects.count() + 1
    for offset, size in enumerate(sizes):
        index = first_free + offset
        with transaction.atomic():
            world = _world(index, password.password, counts)
        for start in range(0, size, CHUNK):
            with transaction.atomic():
                _reviews(world, index, range(start, min(size, start + CHUNK)), rng, counts)
    counts.seconds = time.perf_counter() - started
    return counts


def _world(index: int, password: str, counts: Counts) -> World:
    letters = _letters(index)
    partnership = Partnership.objects.create(
        name=f"Partnership {index}", short_name=f"P{index}", code_prefix=letters
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(
            partnership=partnership,
            name=f"Agency {n} of partnership {index}",
            kind=kind,
            is_statutory_partner=kind in {"csc", "police", "icb"},
        )
        for n, kind in enumerate(KINDS, start=1)
    )
    people = User.objects.bulk_create(
        [
            User(
                email=bench_email(index),
                full_name=f"Business Team {index}",
                partnership=partnership,
                password=password,
            )
        ]
        + [
            User(
                email=f"reviewer.{index}.{n}@bench.example",
                full_name=f"Reviewer {index}-{n}",
                partnership=partnership,
                password=password,
            )
            for n in range(1, ORGANISATIONS + 1)
        ]
    )
    lead, contributors = people[0], people[1:]
    Membership.objects.bulk_create(
        Membership(user=user, organisation=org, job_title="Safeguarding lead")
        for user, org in zip(contributors, organisations, strict=True)
    )
    # Each statutory partner's reviewer is its delegated safeguarding partner: the partner leads
    # on every review (Working Together 2023), who record its decisions.
    PartnershipRole.objects.bulk_create(
        [PartnershipRole(user=lead, partnership=partnership, role="business-team")]
        + [
            PartnershipRole(
                user=user, partnership=partnership, role="delegated-partner", organisation=org
            )
            for user, org in zip(contributors, organisations, strict=True)
            if org.is_statutory_partner
        ]
    )
    themes = Theme.objects.bulk_create(
        Theme(partnership=partnership, name=f"Theme {n}") for n in range(1, 9)
    )
    counts.add("partnerships", 1)
    counts.add("organisations", len(organisations))
    counts.add("users", len(people))
    counts.add("themes", len(themes))
    return World(partnership, lead, contributors, organisations, themes)


def _letters(index: int) -> str:
    """Capital letters unique to the partnership, for its case codes: B, C, …, BB, BC, …"""
    letters = ""
    while True:
        index, digit = divmod(index, 26)
        letters = chr(ord("A") + digit) + letters
        if not index:
            return "Z" + letters


def _reviews(world: World, index: int, numbers: range, rng: random.Random, counts: Counts) -> None:
    reviews = []
    for n in numbers:
        origin = FIRST_ORIGIN + dt.timedelta(days=(n * 7919) % (8 * 365))
        lcspr = n % 5 == 4
        reviews.append(
            Review(
                partnership=world.partnership,
                kind=ReviewKind.LCSPR if lcspr else ReviewKind.RAPID_REVIEW,
                case_code=f"{world.partnership.code_prefix}{n:06d}",
                pseudonym=f"Child {n}",
                ruleset=ruleset_for(origin).key,
                origin=origin,
                opened_at=dt.datetime.combine(origin, dt.time(9), tzinfo=dt.UTC),
                closed_at=None if n % 10 < 3 else NOW - dt.timedelta(days=n % 400),
            )
        )
    reviews = Review.objects.bulk_create(reviews)
    counts.add("reviews", len(reviews))
    _members_and_notifications(world, reviews, counts)
    _steps_and_requests(world, reviews, counts)
    _plans(world, reviews, counts)
    _audit(world, reviews, numbers, rng, counts)


def _members_and_notifications(world: World, reviews: list[Review], counts: Counts) -> None:
    members = []
    for review in reviews:
        members.append(_member(review, world.lead, ReviewRole.BUSINESS_TEAM_LEAD, None, world))
        for user, org in zip(world.contributors[:2], world.organisations[:2], strict=True):
            members.append(_member(review, user, ReviewRole.STATUTORY_PARTNER_LEAD, org, world))
    counts.add("review members", len(ReviewMember.objects.bulk_create(members)))
    notifications = Notification.objects.bulk_create(
        Notification(
            review=review,
            incident_date=review.origin - dt.timedelta(days=3),
            harm="seriously-harmed",
            incident_area="Area 1",
            home_area="Area 1",
            criterion="in-area",
            abuse_or_neglect="suspected",
            la_aware_on=review.origin - dt.timedelta(days=2),
            panel_notified_on=review.origin - dt.timedelta(days=1),
            partnership_told_on=review.origin,
        )
        for review in reviews
        if review.kind == ReviewKind.RAPID_REVIEW
    )
    counts.add("notifications", len(notifications))


def _member(
    review: Review, user: User, role: str, org: Organisation | None, world: World
) -> ReviewMember:
    return ReviewMember(
        review=review,
        user=user,
        role=role,
        organisation=org,
        added_at=review.opened_at,
        added_by=world.lead,
    )


def _steps_and_requests(world: World, reviews: list[Review], counts: Counts) -> None:
    steps = []
    for review in reviews:
        process = LCSPR if review.kind == ReviewKind.LCSPR else RAPID_REVIEW
        for day, step in enumerate(process.steps[:STEPS_PER_REVIEW], start=1):
            steps.append(
                StepRecord(
                    review=review,
                    key=step.key,
                    completed_on=review.origin + dt.timedelta(days=day),
                    completed_by=world.lead,
                )
            )
    counts.add("step records", len(StepRecord.objects.bulk_create(steps)))
    requests = InformationRequest.objects.bulk_create(
        InformationRequest(
            review=review,
            organisation=org,
            contributor=user,
            due_on=review.origin + dt.timedelta(days=7),
            status=RequestStatus.RETURNED,
            sent_at=review.opened_at,
            sent_by=world.lead,
            involvement="Seen at school twice a week.",
            submitted_at=review.opened_at + dt.timedelta(days=6),
            submitted_by=user,
        )
        for review in reviews
        for user, org in zip(
            world.contributors[:REQUESTS_PER_REVIEW],
            world.organisations[:REQUESTS_PER_REVIEW],
            strict=True,
        )
    )
    counts.add("requests", len(requests))
    entries = ChronologyEntry.objects.bulk_create(
        (
            ChronologyEntry(
                request=request,
                happened_on=request.review.origin - dt.timedelta(days=30 - n),
                what_happened=f"Home visit {n}: the family were seen together.",
                source="Case notes",
                added_by=request.contributor or world.lead,
                added_at=request.sent_at,
            )
            for request in requests
            for n in range(ENTRIES_PER_REQUEST)
        ),
        batch_size=2_000,
    )
    counts.add("chronology entries", len(entries))


def _plans(world: World, reviews: list[Review], counts: Counts) -> None:
    actions = PlanAction.objects.bulk_create(
        PlanAction(
            review=review,
            raised_at_step=Step.DECISION_MEETING,
            description=f"Share the learning on home visits with team {n}.",
            organisation=world.organisations[n],
            lead_name=f"Reviewer lead {n}",
            lead=world.contributors[n],
            due_on=review.origin + dt.timedelta(days=90 + n),
            status=("not-started", "in-progress", "not-started")[n],
            created_by=world.lead,
            created_at=review.opened_at,
        )
        for review in reviews
        for n in range(ACTIONS_PER_REVIEW)
    )
    counts.add("plan actions", len(actions))
    learning = Learning.objects.bulk_create(
        Learning(
            review=review,
            source="agency-return",
            summary="Home visits were not joined up across agencies.",
            scope="multi-agency",
            recorded_by=world.lead,
            recorded_at=review.opened_at,
        )
        for review in reviews
    )
    through: Any = Learning.themes.through
    through.objects.bulk_create(
        through(learning_id=item.pk, theme_id=world.themes[item.review_id % 8].pk)
        for item in learning
    )
    counts.add("learning", len(learning))


def _audit(
    world: World, reviews: list[Review], numbers: range, rng: random.Random, counts: Counts
) -> None:
    events: list[models.Model] = []
    access: list[models.Model] = []
    for n, review in zip(numbers, reviews, strict=True):
        total = EVENTS_ON_FIRST_REVIEW if n == 0 else EVENTS_PER_REVIEW
        events.extend(_events(world, review, total))
        access.extend(
            AccessLogEntry(
                partnership=world.partnership,
                review=review,
                user=world.contributors[rng.randrange(ORGANISATIONS)],
                action="viewed-review",
                target=review.case_code,
                ip_address="192.0.2.10",
                user_agent="Bench browser",
                created_at=review.opened_at + dt.timedelta(hours=k),
            )
            for k in range(ACCESS_PER_REVIEW)
        )
    bulk_append(Event, events)
    bulk_append(AccessLogEntry, access)
    counts.add("events", len(events))
    counts.add("access log entries", len(access))


def _events(world: World, review: Review, total: int) -> list[Event]:
    """What the review's history shows: opened, steps done, requests sent, chronology added,
    drafts saved, one each in turn until `total`."""
    org = world.organisations[0].name
    kinds: list[tuple[str, dict[str, str]]] = [
        (EventType.REQUEST_SENT, {"organisation": org}),
        (EventType.CHRONOLOGY_ENTRY_ADDED, {"organisation": org}),
        (EventType.RETURN_DRAFT_SAVED, {"organisation": org}),
        (
            EventType.STEP_COMPLETED,
            {
                "step": str(Step.CONFIRM_SCOPE),
                "title": "Confirm the scope",
                "completed_on": "1 May",
            },
        ),
    ]
    rows = [Event(review=review, type=EventType.REVIEW_OPENED, actor=world.lead, detail={})]
    rows[0].created_at = review.opened_at
    for n in range(1, total):
        kind, detail = kinds[n % len(kinds)]
        rows.append(
            Event(
                review=review,
                type=kind,
                actor=world.contributors[n % ORGANISATIONS],
                created_at=review.opened_at + dt.timedelta(minutes=37 * n),
                detail=detail,
            )
        )
    return rows


def report(counts: Counts) -> str:
    lines = [f"{name:>20}  {count:>9,}" for name, count in counts.rows.items()]
    return "\n".join([*lines, f"{'seconds':>20}  {counts.seconds:>9.1f}"])


def main(argv: list[str]) -> None:
    sizes = DEFAULT_SIZES
    if argv[:1] == ["--reviews"] and len(argv) > 1:
        sizes = tuple(int(n) for n in argv[1].split(","))
    print(report(build(sizes)))
