"""The rapid review and LCSPR steps of domain.md, declared once.

Step keys are stable: the code, the API, exports and the command line use them.
"""

from __future__ import annotations

from reviews.process.definitions import (
    Anchor,
    Condition,
    Deadline,
    Process,
    ProcessKey,
    Scope,
    Setting,
    Source,
    StepDefinition,
    Unit,
)
from reviews.process.step_keys import Step

BUSINESS_TEAM = "Partnership business team"
STATUTORY_PARTNERS = "The three statutory partners"


def _working_days(amount: int) -> Deadline:
    return Deadline(amount, Unit.WORKING_DAYS)


RAPID_REVIEW = Process(
    key=ProcessKey.RAPID_REVIEW,
    title="Rapid review",
    steps=(
        StepDefinition(
            key=Step.NOTIFY_PANEL,
            title="Notify the National Panel and the partnership",
            responsible="Local authority",
            completed_by="Dates the local authority became aware, notified the National Panel "
            "and told the partnership",
            anchor=Anchor.AWARE,
            # Working Together 2023 (chapter 5): the local authority should notify the Panel
            # within 5 working days of becoming aware (the duty to notify is Children Act
            # 2004 s16C; the 5 days are guidance, "should", not law).
            deadline=_working_days(5),
            applies_when=Condition.AWARENESS_DATE_KNOWN,
            scope=Scope.NATIONAL,
            source=Source.WORKING_TOGETHER,
        ),
        StepDefinition(
            key=Step.NOTIFY_OFSTED_AND_SECRETARY_OF_STATE,
            title="Notify Ofsted and the Secretary of State of a looked-after child's death",
            responsible="Local authority",
            completed_by="Dates the local authority told Ofsted and the Secretary of State",
            anchor=Anchor.AWARE,
            # Working Together 2023 (chapter 5): when a looked-after child dies, the local
            # authority notifies Ofsted and the Secretary of State, whether or not abuse or
            # neglect is known or suspected; expected within the same 5 working days of
            # becoming aware as the notification to the Panel.
            deadline=Deadline(
                5,
                Unit.WORKING_DAYS,
                note="Working Together 2023: the local authority notifies Ofsted and the "
                "Secretary of State of a looked-after child's death, whether or not abuse or "
                "neglect is known or suspected",
            ),
            applies_when=Condition.LOOKED_AFTER_CHILD_DIED,
            scope=Scope.NATIONAL,
            source=Source.WORKING_TOGETHER,
        ),
        StepDefinition(
            key=Step.CONFIRM_SCOPE,
            title="Confirm the period under review",
            responsible=f"{BUSINESS_TEAM} with the CSPR subgroup chair (the partnership chair "
            "in their absence)",
            completed_by="Period under review confirmed (by default the 12 months before the "
            "incident)",
            deadline=_working_days(1),
        ),
        StepDefinition(
            key=Step.REQUEST_INFORMATION,
            title="Send the requests for information",
            responsible=BUSINESS_TEAM,
            completed_by="Requests sent to the statutory partners and forwarded to legal "
            "services; further agencies named by the partners asked too",
            deadline=_working_days(1),
        ),
        StepDefinition(
            key=Step.CONFIRM_TIMELINE,
            title="Confirm the timeline with partners",
            responsible=BUSINESS_TEAM,
            completed_by="Timeline and deadline dates confirmed with partners",
            deadline=_working_days(1),
        ),
        StepDefinition(
            key=Step.INVITE_TO_MEETING,
            title="Invite agency leads to the decision meeting",
            responsible=BUSINESS_TEAM,
            completed_by="Agency leads invited to the working day 11 meeting",
            deadline=_working_days(1),
        ),
        StepDefinition(
            key=Step.INFORMATION_RETURNED,
            title="Return the requested information",
            responsible="Statutory partners and relevant agencies",
            completed_by="Every request returned, or marked as no involvement",
            deadline=_working_days(5),
        ),
        StepDefinition(
            key=Step.COMBINED_REPORT,
            title="Circulate the combined agency information report",
            responsible=BUSINESS_TEAM,
            completed_by="Combined report sent to all partners and legal services",
            deadline=_working_days(7),
        ),
        StepDefinition(
            key=Step.PARTNER_DECISIONS,
            title="Record each partner's decision",
            responsible="Each statutory partner",
            completed_by="Each partner's decision and rationale on the LCSPR and national "
            "review criteria",
            deadline=_working_days(9),
        ),
        StepDefinition(
            key=Step.DECISION_MEETING,
            title="Hold the decision meeting",
            responsible=f"{BUSINESS_TEAM}, {STATUTORY_PARTNERS.lower()} and the local "
            "authority legal representative",
            completed_by="Joint decision and rationale agreed, legal advice recorded",
            deadline=_working_days(11),
        ),
        StepDefinition(
            key=Step.REPORT_AMENDED,
            title="Amend the report with the partners' decision",
            responsible=f"{BUSINESS_TEAM}; the CSPR subgroup chair approves and forwards it",
            completed_by="Report amended and approved by the CSPR subgroup chair",
            deadline=_working_days(12),
        ),
        StepDefinition(
            key=Step.REPORT_AGREED,
            title="Agree the final rapid review report",
            responsible=f"Partnership independent chair and {STATUTORY_PARTNERS.lower()}",
            completed_by="Final rapid review report agreed",
            deadline=_working_days(15),
        ),
        StepDefinition(
            key=Step.REPORT_SUBMITTED,
            title="Send the report to the National Panel",
            responsible=BUSINESS_TEAM,
            completed_by="Report sent to the National Panel",
            # Working Together 2023: the rapid review goes to the Panel within 15 working days.
            deadline=_working_days(15),
            scope=Scope.NATIONAL,
            source=Source.WORKING_TOGETHER,
        ),
        StepDefinition(
            key=Step.PANEL_ACKNOWLEDGED,
            title="National Panel confirms receipt",
            responsible="National Panel",
            completed_by="Receipt confirmed, with the date the Panel will consider the case",
            anchor=Anchor.STEP,
            after_step=Step.REPORT_SUBMITTED,
        ),
        StepDefinition(
            key=Step.PANEL_RESPONSE,
            title="National Panel responds",
            responsible="National Panel",
            completed_by="Panel's reply recorded: more information needed, agreement with the "
            "conclusions, national review or not",
            anchor=Anchor.PANEL_CONSIDERATION,
            # The seed says "within 10 days of considering the Rapid Review" without
            # "working", so the days are calendar days.
            deadline=Deadline(
                10, Unit.CALENDAR_DAYS, note="DDSCP guidance: within 10 days of considering"
            ),
        ),
        StepDefinition(
            key=Step.SUBGROUP_INFORMED,
            title="Share the report and the Panel's reply with the subgroup",
            responsible=BUSINESS_TEAM,
            completed_by="Subgroup members have the report and the Panel's reply",
            anchor=Anchor.STEP,
            after_step=Step.PANEL_RESPONSE,
        ),
        StepDefinition(
            key=Step.RECONVENE,
            title="Reconvene the partners",
            responsible=f"{BUSINESS_TEAM}, {STATUTORY_PARTNERS.lower()} and legal services",
            completed_by="Meeting held; next course of action and response to the Panel agreed",
            anchor=Anchor.STEP,
            after_step=Step.PANEL_RESPONSE,
            applies_when=Condition.PANEL_DISAGREES,
        ),
        StepDefinition(
            key=Step.OUTCOME,
            title="Record the outcome",
            responsible=BUSINESS_TEAM,
            completed_by="LCSPR commissioned, or no LCSPR with the actions taken instead",
            anchor=Anchor.STEP,
            after_step=Step.PANEL_RESPONSE,
        ),
    ),
)


def _planned(key: Step, title: str, responsible: str, completed_by: str) -> StepDefinition:
    """Declare an LCSPR step with no statutory deadline: due on the partnership's planned date."""
    return StepDefinition(key=key, title=title, responsible=responsible, completed_by=completed_by)


LCSPR = Process(
    key=ProcessKey.LCSPR,
    title="Local child safeguarding practice review",
    origin_label="The decision to start the review",
    steps=(
        _planned(
            Step.PANEL_VIEW_CONFIRMED,
            "Confirm the National Panel's view",
            BUSINESS_TEAM,
            "National Panel's view confirmed",
        ),
        _planned(
            Step.RAPID_REVIEW_CIRCULATED,
            "Circulate the rapid review to the review panel",
            BUSINESS_TEAM,
            "Rapid review circulated to the review panel members",
        ),
        _planned(
            Step.TERMS_OF_REFERENCE,
            "Agree the terms of reference",
            "Review panel members",
            "Period, involvement of practitioners, managers and family, and themes agreed",
        ),
        _planned(
            Step.AUTHOR_COMMISSIONED,
            "Commission the independent author",
            BUSINESS_TEAM,
            "Independent author commissioned",
        ),
        _planned(
            Step.INTRODUCTION_MEETING,
            "Hold the introduction meeting",
            f"{BUSINESS_TEAM}, key partners and the independent author",
            "Introduction meeting held with key partners",
        ),
        _planned(
            Step.ITINERARY_CONFIRMED,
            "Confirm the itinerary",
            "Independent author and the review panel",
            "Itinerary agreed with the author and confirmed by the panel",
        ),
        _planned(
            Step.PARTICIPANTS_BRIEFED,
            "Brief practitioners and managers",
            "Review panel members",
            "Practitioners and managers told about the review, with support in place",
        ),
        _planned(
            Step.LEARNING_EVENTS,
            "Hold the learning events",
            f"Independent author and the {BUSINESS_TEAM.lower()}",
            "Invitations sent, events held, practitioner feedback gathered",
        ),
        _planned(
            Step.FAMILY_ENGAGEMENT,
            "Engage the family",
            "Independent author",
            "Family invited and engaged as planned (or deferred with a reason)",
        ),
        _planned(
            Step.DRAFT_REPORT,
            "Draft the report",
            "Independent author; each agency checks factual accuracy",
            "Drafts iterated and checked for factual accuracy",
        ),
        _planned(
            Step.DRAFT_PRESENTED,
            "Present the draft to the CSPR subgroup",
            "Independent author",
            "Draft presented to the CSPR subgroup",
        ),
        _planned(
            Step.FINAL_DRAFT_AGREED,
            "Agree the final draft",
            "Review panel members",
            "Final draft agreed by the review panel",
        ),
        _planned(
            Step.SIGNED_OFF,
            "Sign off the report",
            "Every statutory partner and organisation involved",
            "Every statutory partner and organisation involved has signed off",
        ),
        _planned(
            Step.MEDIA_STRATEGY,
            "Agree the media strategy",
            f"{STATUTORY_PARTNERS}, the organisations involved and media representatives",
            "Impact update, method of publication, updates for staff and family liaison agreed",
        ),
        StepDefinition(
            key=Step.PRE_PUBLICATION_NOTICE,
            title="Send the final report to the National Panel and the Secretary of State",
            responsible=BUSINESS_TEAM,
            # Working Together: no later than 7 working days before publication, to the Panel
            # and the Secretary of State (and Ofsted); the days are the partnership's setting.
            completed_by="Final report sent to the National Panel and the Secretary of State "
            "(and Ofsted), no later than the notice period (7 working days unless the "
            "partnership set another) before publication",
            anchor=Anchor.PLANNED_PUBLICATION,
            deadline=Deadline(
                7,
                Unit.WORKING_DAYS,
                before=True,
                amount_setting=Setting.PRE_PUBLICATION_NOTICE_DAYS,
                note="Working Together: no later than 7 working days before publication, to the "
                "National Panel and the Secretary of State (and Ofsted)",
            ),
            applies_when=Condition.PLANNED_PUBLICATION_KNOWN,
        ),
        StepDefinition(
            key=Step.PUBLISHED,
            title="Publish the review",
            responsible=STATUTORY_PARTNERS,
            completed_by="Report published (or the improvements, where the report cannot be)",
            # Working Together (quoted in the seed): the report should be published no later
            # than six months from the date of the decision to start the review.
            deadline=Deadline(
                6,
                Unit.CALENDAR_MONTHS,
                note="Working Together: should be published no later than six months from the "
                "decision to start the review",
            ),
            scope=Scope.NATIONAL,
            source=Source.WORKING_TOGETHER,
        ),
    ),
)

# The LCSPR steps a deferral of contact with the family holds (issue 14): the schedule shows
# them on hold while contact is deferred; the review's other steps run on.
FAMILY_CONTACT_STEPS: frozenset[str] = frozenset({Step.FAMILY_ENGAGEMENT})
