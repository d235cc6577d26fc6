"""What the decision actions and pages share: the questions and their wording, and the text
checks. The reads (the partners a review needs, who the meeting lacked) are in
reviews.reads.decisions."""

from __future__ import annotations

from typing import Final

from reviews.actions.base import ActionError, max_length
from reviews.models import LCSPR_CRITERIA, JointDecision

# JointDecision.legal_advice; every text of a decision (rationales, reasons) holds as many.
TEXT_LIMIT: Final = max_length(JointDecision, "legal_advice")

# What each answer is about, as messages name it ("criterion (a)").
QUESTIONS: Final[dict[str, str]] = {
    **{prefix: f"criterion {words.split(' ', 1)[0]}" for prefix, words in LCSPR_CRITERIA},
    "lcspr_criteria_met": "whether the LCSPR criteria are met",
    "national_criteria_may_be_met": "whether the national review criteria may be met",
}
# Each rationale field, with the answer it explains.
RATIONALES: Final[dict[str, str]] = {
    **{f"{prefix}_rationale": prefix for prefix, _words in LCSPR_CRITERIA},
    "lcspr_rationale": "lcspr_criteria_met",
    "national_rationale": "national_criteria_may_be_met",
}
_RATIONALE_OF: Final = {question: field for field, question in RATIONALES.items()}
# Every field of a partner's decision in the form's order: each answer, then its rationale.
DECISION_FIELDS: Final = tuple(
    name for question in QUESTIONS for name in (question, _RATIONALE_OF[question])
)


def choose_answer(question: str) -> str:
    return f"Choose yes, no or not sure yet for {QUESTIONS[question]}"


def enter_rationale(question: str) -> str:
    return f"Enter the rationale for {QUESTIONS[question]}"


def too_long(what: str) -> str:
    return f"{what[0].upper()}{what[1:]} must be {TEXT_LIMIT:,} characters or fewer"


def checked_text(value: str, *, field: str, missing: str, what: str, required: bool = True) -> str:
    """Return the text trimmed, or refuse it (empty when required, too long, null bytes)."""
    text = value.strip()
    if "\x00" in text:
        raise ActionError(
            f"{what[0].upper()}{what[1:]} must not contain null characters.", field=field
        )
    if required and not text:
        raise ActionError(f"{missing}.", field=field)
    if len(text) > TEXT_LIMIT:
        raise ActionError(f"{too_long(what)}.", field=field)
    return text
