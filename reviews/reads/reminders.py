"""What the reminders look up: each partnership's rules, who answers for overdue items, who
chose the weekly summary, what was sent already; and the record of what was sent, for the
business team's pages. A fixed number of queries however many reviews."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from django.db.models import QuerySet

from accounts.models import Partnership, PartnershipRole, User
from reviews.models import ReminderDigest, Review, ReviewMember, ReviewRole, SentReminder
from reviews.models.calendar import working_calendar_for
from reviews.reminder_plan import Contacts, Preferences, Rules, SentKey


def rules_for(partnership_ids: Collection[int]) -> dict[int, Rules]:
    """Each partnership's settings and calendar (a query or two per partnership)."""
    return {
        partnership.pk: Rules(
            calendar=working_calendar_for(partnership),
            days_before=partnership.reminder_days_before,
            escalate_after=partnership.escalate_after_days,
        )
        for partnership in Partnership.objects.filter(pk__in=partnership_ids)
    }


def contacts_for(partnership_ids: Collection[int]) -> Contacts:
    """The business team leads and partner leads of every review, and the chairs."""
    leads: dict[int, set[int]] = defaultdict(set)
    partner_leads: dict[tuple[int, int], set[int]] = defaultdict(set)
    members = ReviewMember.objects.filter(
        review__partnership_id__in=partnership_ids,
        active=True,
        user__is_active=True,
        role__in=[ReviewRole.BUSINESS_TEAM_LEAD, ReviewRole.STATUTORY_PARTNER_LEAD],
    ).values_list("review_id", "user_id", "role", "organisation_id")
    for review_id, user_id, role, organisation_id in members:
        if role == ReviewRole.BUSINESS_TEAM_LEAD:
            leads[review_id].add(user_id)
        elif organisation_id is not None:
            partner_leads[review_id, organisation_id].add(user_id)
    chairs: dict[int, set[int]] = defaultdict(set)
    for partnership_id, user_id in PartnershipRole.objects.filter(
        partnership_id__in=partnership_ids,
        role=PartnershipRole.Role.PARTNERSHIP_CHAIR,
        user__is_active=True,
    ).values_list("partnership_id", "user_id"):
        chairs[partnership_id].add(user_id)
    return Contacts(
        leads={key: frozenset(value) for key, value in leads.items()},
        partner_leads={key: frozenset(value) for key, value in partner_leads.items()},
        chairs={key: frozenset(value) for key, value in chairs.items()},
    )


def sent_since(earliest_due: dt.date) -> set[SentKey]:
    """What was sent for items due on or after the day given (the earliest open item's)."""
    return {
        (recipient, key, stage, due_on)
        for recipient, key, stage, due_on in SentReminder.objects.filter(
            due_on__gte=earliest_due
        ).values_list("recipient_id", "key", "stage", "due_on")
    }


def preferences_on(today: dt.date) -> Preferences:
    """Who chose the weekly summary, who had their digest today, who their summary this week."""
    monday = today - dt.timedelta(days=today.weekday())
    return Preferences(
        weekly=frozenset(
            User.objects.filter(reminder_frequency=User.ReminderFrequency.WEEKLY).values_list(
                "pk", flat=True
            )
        ),
        digested_today=frozenset(
            ReminderDigest.objects.filter(day=today).values_list("recipient_id", flat=True)
        ),
        summarised_this_week=frozenset(
            ReminderDigest.objects.filter(
                kind=ReminderDigest.Kind.WEEKLY, day__gte=monday, day__lte=today
            ).values_list("recipient_id", flat=True)
        ),
    )


def active_people(ids: Collection[int]) -> dict[int, User]:
    """Those who can still be told (an account switched off hears nothing)."""
    people = User.objects.filter(pk__in=list(ids), is_active=True).only("email", "full_name")
    return {user.pk: user for user in people}


def sent_on_review(review: Review) -> QuerySet[SentReminder]:
    """The record of a review's reminders, newest first, with who was told and when."""
    return (
        SentReminder.objects.filter(review=review)
        .select_related("recipient", "digest")
        .order_by("-digest__sent_at", "due_on", "pk")
    )


def sent_in_partnership(partnership: Partnership) -> QuerySet[SentReminder]:
    """The partnership's reminders, newest first."""
    return (
        SentReminder.objects.filter(partnership=partnership)
        .select_related("recipient", "digest", "review")
        .order_by("-digest__sent_at", "due_on", "pk")
    )
