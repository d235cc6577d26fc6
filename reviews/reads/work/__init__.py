"""Each person's work: what they (or their organisation, on that review) must do next, across
all their reviews. One list feeds the home page, everyone's work, the reminders and the
calendar feeds, so they never disagree.

The whole partnership's list is built once from a fixed number of queries (``world.load``),
then each kind of item is one loop over what was read; a person's work is the items naming
them among ``people``.

Covered: open steps of the schedule (the review's business team lead, or the business team
when it names none; the independent author for their LCSPR steps), requests for information
(everyone answering for the organisation), partners' decisions (each partner lead), approvals
of the rapid review report (whose turn it is), terms of reference to agree (review panel
members and partner leads), comments on LCSPR drafts to answer (the author), sign-offs of
the final LCSPR report (everyone speaking for the organisation who may read the review; an
agency's contributor may not, and the business team signs on its behalf), action plan
actions (their lead and organisation; confirming a completed one, the business team), the
National Panel's requests for more information not yet supplied (whoever runs the review).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from accounts.models import Partnership, User
from reviews.reads.work.item import Tag, WorkItem, due_order
from reviews.reads.work.lcspr import comment_items, sign_off_items, terms_items
from reviews.reads.work.panel import information_items
from reviews.reads.work.plans import action_items
from reviews.reads.work.rapid import approval_items, decision_items, request_items, step_items
from reviews.reads.work.world import World, load

__all__ = ["KINDS", "Tag", "WorkItem", "work_for", "work_in_partnership"]

# Every kind of item, each built from what ``load`` read.
KINDS: tuple[Callable[[World], Iterator[WorkItem]], ...] = (
    step_items,
    request_items,
    decision_items,
    approval_items,
    terms_items,
    comment_items,
    sign_off_items,
    action_items,
    information_items,
)


def work_for(user: User, today: dt.date) -> list[WorkItem]:
    """What this person must do next, across every open review they take part in, by due
    date (undated last). A fixed number of queries however many reviews."""
    if not user.is_authenticated or not user.is_active or user.partnership is None:
        return []
    world = load(user.partnership, today, person=user)
    items = [each for kind in KINDS for each in kind(world) if user.pk in each.people]
    return sorted(items, key=due_order)


def work_in_partnership(partnership: Partnership | None, today: dt.date) -> list[WorkItem]:
    """Everyone's work in one partnership (every partnership when None: the reminders),
    by due date. A fixed number of queries however many reviews."""
    world = load(partnership, today)
    items = [each for kind in KINDS for each in kind(world)]
    return sorted(items, key=due_order)
