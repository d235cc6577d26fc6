"""Who is told what on which day, worked out from hand-built items (reviews.reminder_plan)."""

from __future__ import annotations

import datetime as dt

from reviews.deadlines import WorkingCalendar
from reviews.models import ReminderDigest, ReminderStage
from reviews.reads.work import WorkItem
from reviews.reminder_plan import Contacts, Preferences, Rules, SentKey, plan

CALENDAR = WorkingCalendar.build()
RULES = {1: Rules(calendar=CALENDAR, days_before=2, escalate_after=2)}
ACTOR, LEAD, PARTNER_LEAD, CHAIR, WEEKLY = 10, 20, 30, 40, 50
CONTACTS = Contacts(
    leads={7: frozenset({LEAD})},
    partner_leads={(7, 3): frozenset({PARTNER_LEAD})},
    chairs={1: frozenset({CHAIR})},
)
# Friday 6 March 2026 is due; Monday 9 March and Tuesday 10 March follow.
DUE = dt.date(2026, 3, 6)
NO_PREFERENCES = Preferences()


def _item(key: str = "review-7:request:1", due: dt.date = DUE, **changes: object) -> WorkItem:
    fields: dict[str, object] = {
        "key": key,
        "review_id": 7,
        "partnership_id": 1,
        "case_code": "AWT26",
        "what": "Return the request for information",
        "due_on": due,
        "url": "/reviews/7/requests/1/",
        "people": frozenset({ACTOR}),
        "organisation_id": None,
    }
    fields.update(changes)
    return WorkItem(**fields)  # type: ignore[arg-type]


def _told(
    items: list[WorkItem],
    today: dt.date,
    sent: set[SentKey] | None = None,
    preferences: Preferences = NO_PREFERENCES,
) -> dict[int, list[tuple[str, str]]]:
    digests = plan(
        items,
        today=today,
        rules=RULES,
        contacts=CONTACTS,
        sent=sent or set(),
        preferences=preferences,
    )
    return {d.recipient_id: [(e.item.key, e.stage.value) for e in d.entries] for d in digests}


def test_the_stages_come_on_their_working_days_and_not_at_the_weekend() -> None:
    item = _item()
    assert _told([item], dt.date(2026, 3, 3)) == {}  # three working days before
    assert _told([item], dt.date(2026, 3, 4)) == {ACTOR: [(item.key, "before")]}
    assert _told([item], DUE) == {ACTOR: [(item.key, "due-today")]}
    assert _told([item], dt.date(2026, 3, 7)) == {}  # Saturday
    assert _told([item], dt.date(2026, 3, 9)) == {ACTOR: [(item.key, "overdue")]}
    # Overdue by two working days: the review's business team lead is told too.
    assert _told([item], dt.date(2026, 3, 10)) == {
        ACTOR: [(item.key, "overdue")],
        LEAD: [(item.key, "escalation")],
    }


def test_what_was_sent_is_not_sent_again_and_catching_up_sends_the_latest_stage() -> None:
    item = _item()
    sent: set[SentKey] = {(ACTOR, item.key, "overdue", DUE)}
    assert _told([item], dt.date(2026, 3, 10), sent) == {LEAD: [(item.key, "escalation")]}
    # Down all week: the before and due-today stages are never sent late.
    assert _told([item], dt.date(2026, 3, 9)) == {ACTOR: [(item.key, "overdue")]}


def test_a_new_due_date_is_reminded_afresh() -> None:
    extended = _item(due=dt.date(2026, 3, 12))
    assert _told([extended], dt.date(2026, 3, 10)) == {ACTOR: [(extended.key, "before")]}


def test_an_organisations_item_escalates_to_its_lead_or_else_the_chair() -> None:
    partner_item = _item(organisation_id=3)
    other_item = _item(key="review-7:request:2", organisation_id=4)
    told = _told([partner_item, other_item], dt.date(2026, 3, 10))
    assert told[PARTNER_LEAD] == [(partner_item.key, "escalation")]
    assert told[CHAIR] == [(other_item.key, "escalation")]
    assert told[LEAD] == [(partner_item.key, "escalation"), (other_item.key, "escalation")]


def test_nothing_while_on_hold_nor_for_someone_who_left_nor_twice_a_day() -> None:
    assert _told([_item(on_hold=True)], dt.date(2026, 3, 10)) == {}
    # The business team lead acts on it: told it is overdue, not escalated to themselves.
    assert _told([_item(people=frozenset({LEAD}))], dt.date(2026, 3, 10)) == {
        LEAD: [("review-7:request:1", "overdue")]
    }
    digested = Preferences(digested_today=frozenset({ACTOR, LEAD}))
    assert _told([_item()], dt.date(2026, 3, 10), preferences=digested) == {}


def test_one_digest_a_person_with_every_item_in_due_order() -> None:
    later = _item(key="review-7:step:a", due=dt.date(2026, 3, 11), what="Decide")
    earlier = _item(key="review-8:request:9", due=dt.date(2026, 3, 9), review_id=8)
    today = _item(key="review-7:step:b", due=dt.date(2026, 3, 10))
    told = _told([later, earlier, today], dt.date(2026, 3, 10))
    assert told == {
        ACTOR: [
            (earlier.key, "overdue"),
            (today.key, "due-today"),
            (later.key, "before"),
        ]
    }


def test_weekly_a_summary_of_the_week_then_overdue_only() -> None:
    soon = _item(key="review-7:step:soon", due=dt.date(2026, 3, 13), people=frozenset({WEEKLY}))
    late = _item(key="review-7:step:late", due=dt.date(2026, 3, 6), people=frozenset({WEEKLY}))
    weekly = Preferences(weekly=frozenset({WEEKLY}))
    monday = dt.date(2026, 3, 9)
    digests = plan(
        [soon, late], today=monday, rules=RULES, contacts=CONTACTS, sent=set(), preferences=weekly
    )
    assert [(d.kind, [e.item.key for e in d.entries]) for d in digests] == [
        (ReminderDigest.Kind.WEEKLY, [late.key, soon.key])
    ]
    summarised = Preferences(weekly=frozenset({WEEKLY}), summarised_this_week=frozenset({WEEKLY}))
    wednesday = dt.date(2026, 3, 11)
    digests = plan(
        [soon, late],
        today=wednesday,
        rules=RULES,
        contacts=CONTACTS,
        sent={(WEEKLY, late.key, ReminderStage.OVERDUE.value, late.due_on or DUE)},
        preferences=summarised,
    )
    # Friday's "due soon" was in the summary, and nothing new is overdue: nothing for them
    # (the business team lead hears that the late one is now escalated).
    assert [(d.recipient_id, d.kind) for d in digests] == [(LEAD, ReminderDigest.Kind.DAILY)]
    next_monday = dt.date(2026, 3, 16)  # soon is overdue now
    assert _told([soon], next_monday, preferences=summarised) == {WEEKLY: [(soon.key, "overdue")]}
