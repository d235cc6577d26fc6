"""The statutory processes as data: steps, who acts, deadlines. No ORM.

`definitions` holds the vocabulary, `steps` the two processes, `rulesets` the editions of
Working Together. Import from here: `from reviews.process import ruleset_for, ProcessKey, Step`.
"""

from reviews.process.definitions import (
    Anchor,
    ClockOrigin,
    Condition,
    Deadline,
    PartnershipRules,
    Process,
    ProcessKey,
    Ruleset,
    RuleSettings,
    Scope,
    Setting,
    Source,
    StepDefinition,
    Unit,
)
from reviews.process.rulesets import (
    RULESETS,
    WORKING_TOGETHER_2018,
    WORKING_TOGETHER_2023,
    get_ruleset,
    ruleset_for,
)
from reviews.process.step_keys import Step
from reviews.process.steps import LCSPR, RAPID_REVIEW

__all__ = [
    "LCSPR",
    "RAPID_REVIEW",
    "RULESETS",
    "WORKING_TOGETHER_2018",
    "WORKING_TOGETHER_2023",
    "Anchor",
    "ClockOrigin",
    "Condition",
    "Deadline",
    "PartnershipRules",
    "Process",
    "ProcessKey",
    "RuleSettings",
    "Ruleset",
    "Scope",
    "Setting",
    "Source",
    "Step",
    "StepDefinition",
    "Unit",
    "get_ruleset",
    "ruleset_for",
]
