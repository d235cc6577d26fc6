"""The review's task list as its template shows it: a row per step, its words and link worked
out once in Python, so that the template's loop only writes them out
(reviews/jinja2/reviews/macros/task_list.html)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reviews.process import Step
from reviews.schedule import ScheduledStep
from reviews.views.steps import task_groups


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One step of the task list: its key (the row's class), title, link (None for a person
    who does not work on it), who is responsible, its state's key in _state.html's STATES,
    and the scheduled step itself (its due date and how it was worked out)."""

    key: str
    title: str
    href: str | None
    responsible: str
    state: str
    step: ScheduledStep


TaskGroups = list[tuple[str, list[TaskRow]]]


def task_rows(
    steps: Iterable[ScheduledStep],
    link: Callable[[Step], str | None],
    words: Callable[[str], str] = str,
) -> TaskGroups:
    """The task list's groups of rows, in task_groups' order, each step with its link; who is
    responsible in ``words`` (the partnership's name for its chair, Partnership.chair_words)."""
    return [
        (title, [_row(step, link(Step(step.key)), words) for step in group])
        for title, group in task_groups(steps)
    ]


def _row(step: ScheduledStep, href: str | None, words: Callable[[str], str]) -> TaskRow:
    return TaskRow(step.key, step.title, href, words(step.responsible), str(step.state), step)
