"""Editions of Working Together as versioned rulesets, each with its effective-from date.

A review keeps the ruleset it started under: store `Ruleset.key` and look it up with
`get_ruleset`.
"""

from __future__ import annotations

import datetime as dt

from reviews.process.definitions import Ruleset
from reviews.process.steps import LCSPR, RAPID_REVIEW

# What a rapid review report holds (domain.md), in both editions.
_REPORT_SECTIONS = (
    "Case reference and pseudonym",
    "Children",
    "Incident, awareness and notification dates",
    "Agencies involved and what each returned",
    "Combined chronology",
    "Analysis of what went well and what must improve",
    "Context, equality and protected characteristics",
    "Immediate safeguarding actions",
    "Learning already identified and shared",
    "Each partner's decision and rationale against the criteria",
    "Joint decision on an LCSPR and a national review",
    "Sign-offs",
    "Date sent to the National Panel",
)

WORKING_TOGETHER_2018 = Ruleset(
    key="wt2018",
    title="Working Together to Safeguard Children 2018",
    effective_from=dt.date(2018, 6, 29),
    chapter="Chapter 4",
    rapid_review=RAPID_REVIEW,
    lcspr=LCSPR,
    rapid_review_report_sections=_REPORT_SECTIONS,
)

# Same deadlines; rapid reviews add key practice episodes and an analysis of racism and
# inequality (Working Together 2023, chapter 5).
WORKING_TOGETHER_2023 = Ruleset(
    key="wt2023",
    title="Working Together to Safeguard Children 2023",
    effective_from=dt.date(2023, 12, 15),
    chapter="Chapter 5",
    rapid_review=RAPID_REVIEW,
    lcspr=LCSPR,
    rapid_review_report_sections=(
        *_REPORT_SECTIONS[:5],
        "Key practice episodes",
        *_REPORT_SECTIONS[5:7],
        "How racism, inequality and protected characteristics shaped the child's experience "
        "and practice",
        *_REPORT_SECTIONS[7:],
    ),
)

# Oldest first.
RULESETS = (WORKING_TOGETHER_2018, WORKING_TOGETHER_2023)


def get_ruleset(key: str) -> Ruleset:
    """Return the ruleset with this key ("wt2018", "wt2023"); raise LookupError if unknown."""
    for ruleset in RULESETS:
        if ruleset.key == key:
            return ruleset
    raise LookupError(f"There is no ruleset {key!r}.")


def ruleset_for(day: dt.date) -> Ruleset:
    """Return the ruleset in force on a day; raise LookupError before the first one."""
    in_force = [ruleset for ruleset in RULESETS if ruleset.effective_from <= day]
    if not in_force:
        raise LookupError(
            f"No ruleset was in force on {day:%d %B %Y}: rapid reviews began with "
            f"{RULESETS[0].title} on {RULESETS[0].effective_from:%d %B %Y}."
        )
    return in_force[-1]
