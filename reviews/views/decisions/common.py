"""What the partners' decision pages and the decision meeting share: a step of the review's
schedule, and the questions as readers and clashes name them."""

from __future__ import annotations

from typing import Final

from reviews.actions.decisions import DECISION_FIELDS, QUESTIONS
from reviews.clock import schedule_for
from reviews.forms.decisions import LEGENDS
from reviews.models import JointDecision, PartnerDecision, Review
from reviews.process import Step
from reviews.schedule import ScheduledStep

# Rows of a decision shown to readers: (answer field, rationale field, question).
DECISION_ROWS: Final = [
    (DECISION_FIELDS[i], DECISION_FIELDS[i + 1], LEGENDS[DECISION_FIELDS[i]][0])
    for i in range(0, len(DECISION_FIELDS), 2)
]
# What a clash calls each part of a decision.
LABELS: Final = {
    **{answer: question for answer, _rationale, question in DECISION_ROWS},
    **{rationale: f"Rationale for {QUESTIONS[answer]}" for answer, rationale, _q in DECISION_ROWS},
    "held_on": "Date held",
    "legal_advice": "Legal advice",
    "national_criteria_met": "National review criteria met",
    "lcspr_to_start": "An LCSPR will start",
    "rationale": "Rationale",
    "action_on_learning": "Action on the learning",
}
# The records whose edits can clash here: their fields give the answers' words.
DECIDED: Final = (PartnerDecision, JointDecision)


def step_of(review: Review, key: Step) -> ScheduledStep | None:
    """The review's step, or None where its process has no such step."""
    try:
        return schedule_for(review).step(key)
    except KeyError:
        return None
