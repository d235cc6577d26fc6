"""The partners' decisions (working day 9) and the decision meeting (working day 11).

Each statutory partner records its own decision against the regulation 11 criteria, through
its lead on the review only: nobody records it on a partner's behalf. At the decision meeting
the business team records who attended, the legal advice, the joint decision and any partner
that disagreed. Corrections name the version they started from (optimistic concurrency); the
event names the fields that changed and django-simple-history keeps the values.

A package by sub-topic (house style: modules stay under about 400 lines).
"""

from reviews.actions.decisions.common import (
    DECISION_FIELDS,
    QUESTIONS,
    RATIONALES,
    TEXT_LIMIT,
    choose_answer,
    enter_rationale,
    too_long,
)
from reviews.actions.decisions.meeting import JOINT_FIELDS, record_decision_meeting
from reviews.actions.decisions.meeting_checks import Presence
from reviews.actions.decisions.partners import record_partner_decision

__all__ = [
    "DECISION_FIELDS",
    "JOINT_FIELDS",
    "QUESTIONS",
    "RATIONALES",
    "TEXT_LIMIT",
    "Presence",
    "choose_answer",
    "enter_rationale",
    "record_decision_meeting",
    "record_partner_decision",
    "too_long",
]
