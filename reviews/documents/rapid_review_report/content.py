"""What the rapid review report says, read from the review's records into frozen dataclasses.

Only words and dates leave this module, with the case code and the children's pseudonyms:
never a value from IdentityRecord (reviews.documents). The agencies' returns and the combined
chronology are read by the combined agency report's builder, so both documents say the same.
Sections the service holds no data for (key practice episodes, the analysis, the context) are
written as headings with guidance for the business team to complete in Word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from reviews.documents import MARKING, Fact, clean, paragraphs, written_date, written_moment
from reviews.documents.combined_report import (
    AgencyReturn,
    ChronologyLine,
    build_combined_report,
)
from reviews.models import (
    LCSPR_CRITERIA,
    Child,
    JointDecision,
    Notification,
    PanelSubmission,
    PartnerDecision,
    Review,
)
from reviews.process import RULESETS, get_ruleset

TITLE = "Rapid review report"

# Sections the service has no records for yet: the heading stays, with what to write there.
TO_BE_COMPLETED: dict[str, str] = {
    "Key practice episodes": (
        "To be completed: the moments in the chronology when practice could have changed the "
        "child's experience. For each, say what was known, what was done and why, and what "
        "might have been done differently."
    ),
    "Analysis of what went well and what must improve": (
        "To be completed: what went well in the agencies' work with the child and family, and "
        "what must improve, drawing on the returns and the chronology. Look at how the system "
        "worked, not at individual blame."
    ),
    "Context, equality and protected characteristics": (
        "To be completed: the child's lived experience and family context, and how each "
        "agency considered the child's age, disability, race, religion or belief, sex and "
        "other protected characteristics."
    ),
    "How racism, inequality and protected characteristics shaped the child's experience "
    "and practice": (
        "To be completed: how racism, inequality and protected characteristics shaped the "
        "child's experience and the practice of the agencies involved (Working Together 2023, "
        "chapter 5)."
    ),
}


@dataclass(frozen=True)
class ChildLine:
    """A child the notification covers, as the report describes them: no identifying detail."""

    pseudonym: str
    age: str
    sex: str
    ethnicity: str
    disability: str
    looked_after: str
    plan: str


@dataclass(frozen=True)
class CriterionLine:
    question: str
    answer: str
    rationale: tuple[str, ...]


@dataclass(frozen=True)
class DecisionOfPartner:
    """One statutory partner's own decision (working day 9) against the criteria."""

    organisation: str
    recorded_on: dt.date
    criteria: tuple[CriterionLine, ...]


@dataclass(frozen=True)
class JointDecisionText:
    """What the partners agreed at a meeting, with any partner's dissent."""

    held_on: dt.date
    lcspr_criteria_met: str
    national_criteria_met: str
    lcspr_to_start: bool
    rationale: tuple[str, ...]
    action_on_learning: tuple[str, ...]
    dissents: tuple[tuple[str, tuple[str, ...]], ...]  # organisation, reasons

    @property
    def facts(self) -> tuple[Fact, ...]:
        return (
            Fact("Date of the meeting", written_date(self.held_on)),
            Fact("The criteria for an LCSPR are met", self.lcspr_criteria_met),
            Fact("The criteria for a national review may be met", self.national_criteria_met),
            Fact("An LCSPR will start", "Yes" if self.lcspr_to_start else "No"),
        )


NOT_YET_GIVEN = "Not yet given"
NOT_SENT = "Not sent yet."
# The opening words of lines the service writes in the sign-offs, so that a later download
# finds and replaces them (reviews.documents.rapid_review_report.sign_offs).
FILLED_IN = "These sign-offs are the ones recorded against version"
SUPERSEDED = "These sign-offs were given to version"
SENT_ON = "Sent to the National Panel on"
OTHER_SENT = "This version was not sent to the National Panel:"


@dataclass(frozen=True)
class SignOff:
    """One sign-off the report needs, and whether it has been given for this version.

    ``role`` is the part in the chain ("CSPR subgroup chair", "Statutory partner");
    ``organisation`` is who that part signs for: the partner, or the partnership for a chair.
    """

    role: str
    organisation: str = ""
    person: str = ""
    verdict: str = NOT_YET_GIVEN
    given_at: dt.datetime | None = None

    @property
    def date_text(self) -> str:
        return written_moment(self.given_at) if self.given_at else ""


@dataclass(frozen=True)
class SignOffRecord:
    """The sign-offs and the date sent recorded against one version, when it is downloaded.

    The stored file of a version never changes (ADR 0007); this is written into the copy
    downloaded, so the file the Panel receives says who agreed it and when it was sent.
    """

    version: int
    sign_offs: tuple[SignOff, ...]
    sent_to_panel: str
    filled_at: dt.datetime
    newest: int

    @property
    def provenance(self) -> str:
        return (
            f"{FILLED_IN} {self.version} in the service, filled in on "
            f"{written_moment(self.filled_at)} when this copy was downloaded."
        )

    @property
    def superseded(self) -> str:
        """Say that a later version exists, so these approvals no longer count; or nothing."""
        if self.newest <= self.version:
            return ""
        return (
            f"{SUPERSEDED} {self.version}: version {self.newest} has been added since, so they "
            "no longer count towards agreeing the report."
        )


def sent_to_panel(version: int, sent: tuple[int, dt.date] | None) -> str:
    """Say whether this version went to the National Panel, given which one did and when."""
    if sent is None:
        return NOT_SENT
    number, sent_on = sent
    if number == version:
        return f"{SENT_ON} {written_date(sent_on)}."
    return f"{OTHER_SENT} version {number} was sent on {written_date(sent_on)}."


# A line left for someone to write: "To be completed: ...", "[TBC]", "To be confirmed".
_PLACEHOLDER = re.compile(r"[\W_]*(?:to be completed|to be confirmed|tbc)\b", re.IGNORECASE)
_NUMBERED = re.compile(r"(\d+)\.\s+(\S.*)")
ALL_SECTIONS = frozenset(
    section for ruleset in RULESETS for section in ruleset.rapid_review_report_sections
)


def sections_to_complete(text: str, sections: Iterable[str] = ()) -> tuple[str, ...]:
    """Name the sections of a version's text still holding a "To be completed" placeholder.

    ``text`` is a version's extracted text (``document_text``: one line per paragraph, a
    table row's cells joined by " | "). A section starts at a line "7. Key practice
    episodes" naming one of ``sections`` or of any ruleset's; a placeholder before the first
    section is named "Introduction". Each section is named once, in reading order.
    """
    known = ALL_SECTIONS | frozenset(sections)
    current = "Introduction"
    found: list[str] = []
    for line in text.splitlines():
        numbered = _NUMBERED.fullmatch(line.strip())
        if numbered is not None and numbered.group(2).strip() in known:
            current = numbered.group(2).strip()
            continue
        placeholder = any(_PLACEHOLDER.match(cell.strip()) for cell in line.split(" | "))
        if placeholder and current not in found:
            found.append(current)
    return tuple(found)


@dataclass(frozen=True)
class RapidReviewReport:
    title: str
    case_code: str
    pseudonym: str
    review_kind: str
    ruleset_title: str
    sections: tuple[str, ...]
    version: int
    generated_at: dt.datetime
    period: str
    children: tuple[ChildLine, ...]
    incident: tuple[Fact, ...]
    agencies: tuple[AgencyReturn, ...]
    chronology: tuple[ChronologyLine, ...]
    partner_decisions: tuple[DecisionOfPartner, ...]
    joint_decisions: tuple[JointDecisionText, ...]
    sign_offs: tuple[SignOff, ...]
    sent_to_panel: str
    marking: str = MARKING

    @property
    def facts(self) -> tuple[Fact, ...]:
        return (
            Fact("Case code", self.case_code),
            Fact("Pseudonym", self.pseudonym),
            Fact("Review", self.review_kind),
            Fact("Rules followed", self.ruleset_title),
            Fact("Period under review", self.period),
            Fact("Version", str(self.version)),
            Fact("Generated on", written_moment(self.generated_at)),
        )

    @property
    def with_actions(self) -> tuple[AgencyReturn, ...]:
        return tuple(agency for agency in self.agencies if agency.immediate_actions)

    @property
    def with_learning(self) -> tuple[AgencyReturn, ...]:
        return tuple(agency for agency in self.agencies if agency.learning)

    @property
    def file_name(self) -> str:
        return report_file_name(self.case_code, self.version)


def report_file_name(case_code: str, number: int) -> str:
    """The name people see for a version's file: "AWT26-rapid-review-report-v3.docx"."""
    return f"{case_code}-rapid-review-report-v{number}.docx"


def _child(child: Child) -> ChildLine:
    return ChildLine(
        pseudonym=clean(child.pseudonym),
        age=f"{child.age_years} {'year' if child.age_years == 1 else 'years'}",
        sex=child.get_sex_display(),
        ethnicity=clean(child.ethnicity) or "Not recorded",
        disability=clean(child.disability) or "None recorded",
        looked_after="Yes" if child.looked_after else "No",
        plan=child.get_plan_display(),
    )


def _incident(notification: Notification | None) -> tuple[Fact, ...]:
    if notification is None:
        return (Fact("Notification", "No notification has been recorded for this review."),)
    facts = [
        Fact("Date of the incident", written_date(notification.incident_date)),
        Fact("What happened", notification.get_harm_display()),
        Fact("Local authority where it happened", clean(notification.incident_area)),
        Fact("Local authority where the child lives", clean(notification.home_area)),
        Fact("Notification criterion", notification.get_criterion_display()),
        Fact("Abuse or neglect", notification.get_abuse_or_neglect_display()),
        Fact("The local authority became aware", written_date(notification.la_aware_on)),
        Fact("The National Panel was notified", written_date(notification.panel_notified_on)),
        Fact("The partnership was told", written_date(notification.partnership_told_on)),
    ]
    if notification.proceed_reason:
        facts.append(Fact("Why the review goes ahead", clean(notification.proceed_reason)))
    return tuple(facts)


def _decision(decision: PartnerDecision) -> DecisionOfPartner:
    lines = [
        CriterionLine(
            question=words,
            answer=getattr(decision, f"get_{prefix}_display")(),
            rationale=paragraphs(getattr(decision, f"{prefix}_rationale")),
        )
        for prefix, words in LCSPR_CRITERIA
    ]
    lines.append(
        CriterionLine(
            "The criteria for an LCSPR are met",
            decision.get_lcspr_criteria_met_display(),
            paragraphs(decision.lcspr_rationale),
        )
    )
    lines.append(
        CriterionLine(
            "The criteria for a national review may be met",
            decision.get_national_criteria_may_be_met_display(),
            paragraphs(decision.national_rationale),
        )
    )
    return DecisionOfPartner(
        organisation=clean(decision.organisation.name),
        recorded_on=timezone.localdate(decision.recorded_at),
        criteria=tuple(lines),
    )


def _joint(decision: JointDecision) -> JointDecisionText:
    return JointDecisionText(
        held_on=decision.held_on,
        lcspr_criteria_met=decision.get_lcspr_criteria_met_display(),
        national_criteria_met=decision.get_national_criteria_met_display(),
        lcspr_to_start=decision.lcspr_to_start,
        rationale=paragraphs(decision.rationale),
        action_on_learning=paragraphs(decision.action_on_learning),
        dissents=tuple(
            (clean(dissent.organisation.name), paragraphs(dissent.reasons))
            for dissent in sorted(
                decision.dissents.all(), key=lambda each: (each.organisation.name, each.pk)
            )
        ),
    )


def _sent_to_panel(review: Review, version: int) -> str:
    submission = (
        PanelSubmission.objects.filter(review=review).select_related("report_version").first()
    )
    if submission is None:
        return sent_to_panel(version, None)
    return sent_to_panel(version, (submission.report_version.number, submission.sent_on))


def build_rapid_review_report(
    review: Review,
    *,
    version: int,
    generated_at: dt.datetime,
    sign_offs: Sequence[SignOff] = (),
) -> RapidReviewReport:
    """Read the review's records into the report, with a fixed number of queries.

    ``sign_offs`` are the approvals this version needs (reviews.reads.report says who
    signs); a newly generated version has none given yet.
    """
    combined = build_combined_report(review, version=version, generated_at=generated_at)
    children = [_child(child) for child in Child.objects.filter(review=review)]
    notification = Notification.objects.filter(review=review).first()
    decisions = sorted(
        PartnerDecision.objects.filter(review=review).select_related("organisation"),
        key=lambda each: (each.organisation.name.casefold(), each.pk),
    )
    joint = JointDecision.objects.filter(review=review).prefetch_related("dissents__organisation")
    return RapidReviewReport(
        title=TITLE,
        case_code=review.case_code,
        pseudonym=clean(review.pseudonym),
        review_kind=review.get_kind_display(),
        ruleset_title=review.ruleset_title,
        sections=get_ruleset(review.ruleset).rapid_review_report_sections,
        version=version,
        generated_at=generated_at,
        period=combined.period,
        children=tuple(children),
        incident=_incident(notification),
        agencies=combined.agencies,
        chronology=combined.chronology,
        partner_decisions=tuple(_decision(each) for each in decisions),
        joint_decisions=tuple(
            _joint(each) for each in sorted(joint, key=lambda each: (each.held_on, each.pk))
        ),
        sign_offs=tuple(sign_offs),
        sent_to_panel=_sent_to_panel(review, version),
    )
