"""Who signs the rapid review report, and where each version stands in the chain.

Read by the report actions and the report and panel pages. An approval is of one version:
``VersionApprovals`` looks at one version's rows alone, so approvals given to an earlier
version never count towards a later one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from accounts.models import Organisation, PartnershipRole, User
from reviews.documents.rapid_review_report import SignOff, SignOffRecord, sent_to_panel
from reviews.models import (
    Approval,
    ApprovalRole,
    InformationRequest,
    PanelSubmission,
    PartnerDecision,
    ReportVersion,
    Review,
    ReviewRole,
)


@dataclass(frozen=True)
class Signatory:
    """A part in the approval chain: a chair, or one statutory partner organisation."""

    role: ApprovalRole
    organisation: Organisation | None = None

    @property
    def label(self) -> str:
        """Name the part: the chair's title, or the partner organisation's name."""
        if self.organisation is not None:
            return self.organisation.name
        return ApprovalRole(self.role).label

    @property
    def as_role(self) -> str:
        """The part in words after "as": the chair's title, or "statutory partner for ..."."""
        if self.organisation is not None:
            return f"statutory partner for {self.organisation.name}"
        return ApprovalRole(self.role).label

    def gave(self, approval: Approval) -> bool:
        organisation_id = self.organisation.pk if self.organisation else None
        return approval.role == self.role and approval.organisation_id == organisation_id


def signatories(review: Review) -> list[Signatory]:
    """Who agrees the report: the two chairs and each statutory partner that decided.

    One sign-off per statutory partner organisation that recorded its decision (working day
    9); before any has, every statutory partner organisation asked for information.
    """
    decided = list(
        Organisation.objects.filter(
            is_statutory_partner=True,
            pk__in=PartnerDecision.objects.filter(review=review).values("organisation"),
        )
    )
    partners = decided or list(
        Organisation.objects.filter(
            is_statutory_partner=True,
            pk__in=InformationRequest.objects.filter(review=review).values("organisation"),
        )
    )
    partners.sort(key=lambda organisation: (organisation.name.casefold(), organisation.pk))
    return [
        Signatory(ApprovalRole.SUBGROUP_CHAIR),
        Signatory(ApprovalRole.PARTNERSHIP_CHAIR),
        *(Signatory(ApprovalRole.STATUTORY_PARTNER, organisation) for organisation in partners),
    ]


@dataclass(frozen=True)
class VersionApprovals:
    """Where one version stands in the chain. Only the newest version's can still change."""

    version: ReportVersion
    needed: tuple[Signatory, ...]
    rows: tuple[Approval, ...]

    @property
    def approved(self) -> tuple[Approval, ...]:
        return tuple(row for row in self.rows if row.verdict == Approval.Verdict.APPROVED)

    @property
    def sent_back(self) -> Approval | None:
        return next((row for row in self.rows if row.verdict == Approval.Verdict.SENT_BACK), None)

    def approval_of(self, signatory: Signatory) -> Approval | None:
        return next((row for row in self.approved if signatory.gave(row)), None)

    @property
    def still_needed(self) -> tuple[Signatory, ...]:
        return tuple(each for each in self.needed if self.approval_of(each) is None)

    @property
    def subgroup_chair_approved(self) -> bool:
        return self.approval_of(Signatory(ApprovalRole.SUBGROUP_CHAIR)) is not None

    @property
    def agreed(self) -> bool:
        return self.sent_back is None and not self.still_needed

    @property
    def agreed_on(self) -> Approval | None:
        """The approval that completed the chain, if it is complete."""
        return max(self.approved, key=lambda row: row.given_at) if self.agreed else None


def approvals_of(
    version: ReportVersion, needed: Sequence[Signatory], rows: Sequence[Approval] | None = None
) -> VersionApprovals:
    """Say where a version stands; pass ``rows`` when they have been read (prefetched)."""
    if rows is None:
        rows = list(Approval.objects.filter(version=version).select_related("person"))
    ordered = sorted(rows, key=lambda row: (row.given_at, row.pk or 0))
    return VersionApprovals(version=version, needed=tuple(needed), rows=tuple(ordered))


def _sign_off(signatory: Signatory, partnership: str, row: Approval | None) -> SignOff:
    role = ApprovalRole(signatory.role).label
    # A chair signs for the partnership; a statutory partner for its organisation.
    organisation = signatory.organisation.name if signatory.organisation else partnership
    if row is None:
        return SignOff(role=role, organisation=organisation)
    verdict = "Approved" if row.verdict == Approval.Verdict.APPROVED else f"Sent back: {row.reason}"
    return SignOff(
        role=role,
        organisation=organisation,
        person=row.person.full_name,
        verdict=verdict,
        given_at=row.given_at,
    )


def unsigned(needed: Sequence[Signatory], *, partnership: str) -> tuple[SignOff, ...]:
    """The sign-offs of a version just made: every part that signs, none given yet."""
    return tuple(_sign_off(signatory, partnership, None) for signatory in needed)


def sign_offs_of(state: VersionApprovals, *, partnership: str) -> tuple[SignOff, ...]:
    """Write where one version stands as the report's sign-offs, one line per signatory.

    Each part that signs has its approval, or its sending back, or "Not yet given"; a part
    that gave a verdict but no longer signs (a partner whose decision was withdrawn) keeps
    its line, after the others: what was given to this version is never left out.
    """
    lines: list[SignOff] = []
    shown: set[int] = set()
    for signatory in state.needed:
        row = state.approval_of(signatory) or next(
            (each for each in state.rows if signatory.gave(each)), None
        )
        if row is not None:
            shown.add(row.pk)
        lines.append(_sign_off(signatory, partnership, row))
    for row in state.rows:
        if row.pk not in shown:
            signatory = Signatory(ApprovalRole(row.role), row.organisation)
            lines.append(_sign_off(signatory, partnership, row))
    return tuple(lines)


def sign_off_record(version: ReportVersion, *, at: dt.datetime) -> SignOffRecord:
    """Read the sign-offs and the date sent recorded against one version, as of ``at``.

    For the copy of the version's file that is downloaded (reviews.views.report): the stored
    file keeps what it said when it was made, and nothing here is written.
    """
    review = version.review
    rows = list(Approval.objects.filter(version=version).select_related("person", "organisation"))
    state = approvals_of(version, signatories(review), rows)
    submission = (
        PanelSubmission.objects.filter(review=review).select_related("report_version").first()
    )
    sent = (submission.report_version.number, submission.sent_on) if submission else None
    newest = newest_version(review)
    return SignOffRecord(
        version=version.number,
        sign_offs=sign_offs_of(state, partnership=review.partnership.name),
        sent_to_panel=sent_to_panel(version.number, sent),
        filled_at=at,
        newest=newest.number if newest else version.number,
    )


def newest_version(review: Review) -> ReportVersion | None:
    return ReportVersion.objects.filter(review=review).order_by("-number").first()


def business_team_leads(review: Review) -> list[User]:
    """The review's business team leads, or the partnership's business team if it has none."""
    leads = list(
        User.objects.filter(
            is_active=True,
            review_memberships__review=review,
            review_memberships__active=True,
            review_memberships__role=ReviewRole.BUSINESS_TEAM_LEAD,
        ).distinct()
    )
    return leads or list(
        User.objects.filter(
            is_active=True,
            partnership_roles__partnership=review.partnership_id,
            partnership_roles__role=PartnershipRole.Role.BUSINESS_TEAM,
        ).distinct()
    )
