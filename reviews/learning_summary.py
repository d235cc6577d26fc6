"""Plain-text summaries of a review's learning and action plan, for people outside the service.

`impact_update_text` is used by the media strategy page (reviews.views.lcspr.publication) and by
the learning documents: it names the review by case code and pseudonym only, never a person.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from reviews import moment
from reviews.models.learning import ActionStatus, PlanAction, Recommendation, Theme
from reviews.models.review import Review

# The order the counts are written in: the furthest along first.
STATUS_ORDER = (
    ActionStatus.CONFIRMED,
    ActionStatus.AWAITING_CONFIRMATION,
    ActionStatus.IN_PROGRESS,
    ActionStatus.NOT_STARTED,
)
# Only actions nobody has yet said are done can be overdue.
CAN_BE_OVERDUE = frozenset({ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS})


@dataclass
class ActionCounts:
    """How many of a set of actions are in each state."""

    by_status: Counter[str] = field(default_factory=Counter)
    overdue: int = 0
    withdrawn: int = 0

    @property
    def total(self) -> int:
        """Actions still in the plan (withdrawn ones are not)."""
        return sum(self.by_status[status] for status in STATUS_ORDER)

    def add(self, action: PlanAction, *, today: date) -> None:
        if action.status == ActionStatus.WITHDRAWN:
            self.withdrawn += 1
            return
        self.by_status[action.status] += 1
        if action.status in CAN_BE_OVERDUE and action.due_on < today:
            self.overdue += 1


@dataclass(frozen=True)
class PlanState:
    """The state of one review's action plan, counted in a fixed number of queries."""

    recommendations: int
    overall: ActionCounts
    by_organisation: tuple[tuple[str, ActionCounts], ...]
    themes: tuple[str, ...]


def plan_state(review: Review, *, today: date | None = None) -> PlanState:
    """Count the review's recommendations and actions, and name the themes of its learning."""
    today = today or moment.today()
    overall = ActionCounts()
    per_organisation: dict[str, ActionCounts] = {}
    actions = PlanAction.objects.filter(review=review).select_related("organisation")
    for action in actions:
        overall.add(action, today=today)
        per_organisation.setdefault(action.organisation.name, ActionCounts()).add(
            action, today=today
        )
    themes = set(Theme.objects.filter(learning__review=review).values_list("name", flat=True))
    themes |= set(
        Theme.objects.filter(recommendations__review=review).values_list("name", flat=True)
    )
    return PlanState(
        recommendations=Recommendation.objects.filter(review=review).count(),
        overall=overall,
        by_organisation=tuple(sorted(per_organisation.items())),
        themes=tuple(sorted(themes, key=str.casefold)),
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _counts_lines(counts: ActionCounts, indent: str) -> list[str]:
    lines = [
        f"{indent}{ActionStatus(status).label}: {counts.by_status[status]}"
        for status in STATUS_ORDER
    ]
    lines.append(f"{indent}Overdue: {counts.overdue}")
    if counts.withdrawn:
        lines.append(f"{indent}Withdrawn: {counts.withdrawn}")
    return lines


def impact_update_text(review: Review, *, today: date | None = None) -> str:
    """Write the impact update: what the action plan has achieved so far, in plain text.

    Only the case code and pseudonym identify the review; organisations are named, people are not.
    """
    state = plan_state(review, today=today)
    kind = review.get_kind_display()
    lines = [
        f"Impact update: {review.case_code} ({review.pseudonym})",
        f"{kind}",
        "",
        f"Recommendations: {state.recommendations}",
        f"Actions in the plan: {state.overall.total}",
        *_counts_lines(state.overall, "- "),
    ]
    if state.by_organisation:
        lines += ["", "By organisation:"]
        for name, counts in state.by_organisation:
            lines.append(f"{name}: {_plural(counts.total, 'action', 'actions')}")
            lines += _counts_lines(counts, "- ")
    lines.append("")
    if state.themes:
        lines.append("Themes of the learning: " + ", ".join(state.themes) + ".")
    else:
        lines.append("No themes have been recorded for the learning yet.")
    return "\n".join(lines) + "\n"
