"""Everything the work lists need, read in a fixed number of queries however many reviews.

``load`` reads the open reviews (of one partnership, or of all), their schedules, who takes
part in each, the business teams and the rows each kind of item comes from; the item builders
(``steps``, ``rapid``, ``lcspr``, ``plans``) then only loop over what was read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Organisation, Partnership, PartnershipRole, User
from reviews.clock import schedules_for
from reviews.models import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    InformationRequest,
    PartnerDecision,
    PlanAction,
    Review,
    ReviewMember,
    ReviewRole,
)
from reviews.models.calendar import working_calendar_for
from reviews.process import RuleSettings, Step
from reviews.schedule import Schedule, ScheduledStep, StepState


@dataclass(frozen=True)
class RequestRow:
    pk: int
    review_id: int
    organisation_id: int
    status: str
    due_on: dt.date


@dataclass
class World:
    """What was read, keyed for the builders."""

    today: dt.date
    reviews: list[Review]
    schedules: dict[int, Schedule]
    soon: dict[int, dt.date]  # by partnership
    organisations: dict[int, Organisation]
    # review id -> (user id, role, organisation id) of each active member
    members: dict[int, list[tuple[int, str, int | None]]]
    business_team: dict[int, frozenset[int]]  # partnership id -> user ids
    requests: dict[int, list[RequestRow]]  # review id -> rows
    actions: list[PlanAction]
    held: frozenset[int]  # reviews whose clock is on hold
    decided: dict[int, set[int]]  # review id -> organisations that recorded their decision

    def step(self, review: Review, key: Step) -> ScheduledStep | None:
        """The scheduled step, if it applies to the review."""
        try:
            return self.schedules[review.pk].step(key)
        except KeyError:
            return None

    def open_step(self, review: Review, key: Step) -> ScheduledStep | None:
        """The scheduled step if it applies and is not done yet."""
        step = self.step(review, key)
        return step if step is not None and not step.state.is_done else None

    def on_hold(self, review: Review) -> bool:
        return review.pk in self.held

    def people(
        self, review_id: int, roles: Iterable[str], organisation_id: int | None = None
    ) -> frozenset[int]:
        """The active members holding one of these roles (for this organisation, if given)."""
        wanted = set(roles)
        return frozenset(
            user
            for user, role, organisation in self.members.get(review_id, ())
            if role in wanted and (organisation_id is None or organisation == organisation_id)
        )

    def speaking_for(self, review_id: int, organisation_id: int) -> frozenset[int]:
        """Everyone who speaks for the organisation on the review, in any role naming it."""
        return frozenset(
            user
            for user, _role, organisation in self.members.get(review_id, ())
            if organisation == organisation_id
        )

    def leads(self, review_id: int, partnership_id: int) -> frozenset[int]:
        """Who runs the review: its business team leads, or the partnership's business team
        when it names none."""
        named = self.people(review_id, [ReviewRole.BUSINESS_TEAM_LEAD])
        return named or self.business_team.get(partnership_id, frozenset())

    def statutory_partners(self, partnership_id: int) -> list[int]:
        """The partnership's statutory partners, by name."""
        found = [
            each
            for each in self.organisations.values()
            if each.partnership_id == partnership_id and each.is_statutory_partner
        ]
        return [each.pk for each in sorted(found, key=lambda each: (each.name, each.pk))]

    def organisation_name(self, pk: int) -> str:
        found = self.organisations.get(pk)
        return found.name if found is not None else ""


def load(partnership: Partnership | None, today: dt.date, *, person: User | None = None) -> World:
    """Read everything for the open reviews and open actions of one partnership (or all).

    With ``person``, only the reviews and actions whose items may be theirs are read
    (``_reviews_of``, ``_actions_of``): a partnership's open reviews run to thousands and its
    open actions to tens of thousands, and each review read is scheduled.
    """
    reviews_qs = Review.objects.open().select_related("partnership").order_by("pk")
    actions_qs = PlanAction.objects.filter(status__in=OPEN_ACTION_STATUSES).select_related(
        "review__partnership", "organisation"
    )
    if person is not None:
        actions_qs = actions_qs.filter(_actions_of(person))
        reviews_qs = reviews_qs.filter(_reviews_of(person))
    organisations = Organisation.objects.all()
    roles = PartnershipRole.objects.filter(
        role=PartnershipRole.Role.BUSINESS_TEAM, user__is_active=True
    )
    if partnership is not None:
        reviews_qs = reviews_qs.filter(partnership=partnership)
        actions_qs = actions_qs.filter(review__partnership=partnership)
        organisations = organisations.filter(partnership=partnership)
        roles = roles.filter(partnership=partnership)
    reviews = list(reviews_qs)
    actions = list(actions_qs)
    partnerships = {review.partnership_id: review.partnership for review in reviews}
    partnerships |= {action.review.partnership_id: action.review.partnership for action in actions}
    ids = {review.pk for review in reviews} | {action.review_id for action in actions}
    asked_ids = ids | {review.rapid_review_id for review in reviews if review.rapid_review_id}
    schedules = schedules_for(reviews, today=today)
    return World(
        today=today,
        reviews=reviews,
        schedules=schedules,
        soon={pk: _soon(each, today) for pk, each in partnerships.items()},
        organisations={each.pk: each for each in organisations},
        members=_members(ids),
        business_team=_business_teams(roles),
        requests=_requests(asked_ids),
        actions=actions,
        decided=_decided({review.pk for review in reviews if not review.is_lcspr}),
        held=frozenset(
            pk
            for pk, schedule in schedules.items()
            if any(step.state is StepState.ON_HOLD for step in schedule.steps)
        ),
    )


def _reviews_of(person: User) -> Q:
    """The open reviews whose items may name this person: those they take part in, or, in
    the business team (who run reviews naming no lead and sign on an agency's behalf), all
    of their partnership's. A superset, never fewer: every item's people are members of its
    review or the business team."""
    team = PartnershipRole.objects.filter(
        partnership=OuterRef("partnership"), user=person, role=PartnershipRole.Role.BUSINESS_TEAM
    )
    member = ReviewMember.objects.filter(review=OuterRef("pk"), user=person, active=True)
    return Q(Exists(team)) | Q(Exists(member))


def _actions_of(person: User) -> Q:
    """The actions that may name this person among their people (plans.action_items decides):
    those they lead or whose organisation they speak for on the review, and, awaiting
    confirmation, those of reviews they lead or, in the business team, of their partnership.
    A superset, never fewer."""
    member = ReviewMember.objects.filter(review=OuterRef("review"), user=person, active=True)
    owner = Exists(member.filter(organisation=OuterRef("organisation")))
    confirming = Q(status=ActionStatus.AWAITING_CONFIRMATION) & (
        Exists(member.filter(role=ReviewRole.BUSINESS_TEAM_LEAD))
        | Exists(
            PartnershipRole.objects.filter(
                partnership=OuterRef("review__partnership"),
                user=person,
                role=PartnershipRole.Role.BUSINESS_TEAM,
            )
        )
    )
    return Q(lead=person) | owner | confirming


def _soon(partnership: Partnership, today: dt.date) -> dt.date:
    """The last day counted as due soon: the partnership's working days from today."""
    days = RuleSettings.of(partnership).due_soon_working_days
    return working_calendar_for(partnership).add_working_days(today, days)


def _members(ids: set[int]) -> dict[int, list[tuple[int, str, int | None]]]:
    found: dict[int, list[tuple[int, str, int | None]]] = defaultdict(list)
    rows = ReviewMember.objects.filter(
        review_id__in=sorted(ids), active=True, user__is_active=True
    ).values_list("review_id", "user_id", "role", "organisation_id")
    for review_id, user_id, role, organisation_id in rows:
        found[review_id].append((user_id, role, organisation_id))
    return found


def _business_teams(roles: QuerySet[PartnershipRole]) -> dict[int, frozenset[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for partnership_id, user_id in roles.values_list("partnership_id", "user_id"):
        found[partnership_id].add(user_id)
    return {pk: frozenset(users) for pk, users in found.items()}


def _requests(ids: set[int]) -> dict[int, list[RequestRow]]:
    found: dict[int, list[RequestRow]] = defaultdict(list)
    rows = InformationRequest.objects.filter(review_id__in=sorted(ids)).values_list(
        "pk", "review_id", "organisation_id", "status", "due_on"
    )
    for pk, review_id, organisation_id, status, due_on in rows.order_by("due_on", "pk"):
        found[review_id].append(RequestRow(pk, review_id, organisation_id, status, due_on))
    return found


def _decided(ids: set[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    rows = PartnerDecision.objects.filter(review_id__in=sorted(ids)).values_list(
        "review_id", "organisation_id"
    )
    for review_id, organisation_id in rows:
        found[review_id].add(organisation_id)
    return found
