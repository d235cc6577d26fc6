"""Reads for the rapid review's dealings with the National Panel: who has still to approve each
version of the report before it is sent, the CSPR subgroup told of the Panel's reply, and the
date the partners decided (the outcome's date)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from accounts.models import PartnershipRole, User
from reviews.models import Approval, JointDecision, Reconvened, ReportVersion, Review
from reviews.reads.report import approvals_of, signatories

SUBGROUP_ROLES = (
    PartnershipRole.Role.CSPR_SUBGROUP_MEMBER,
    PartnershipRole.Role.CSPR_SUBGROUP_CHAIR,
)


def missing_approvals_by_version(review: Review) -> dict[int, list[str]]:
    """Name, for each version of the report, who has not approved it (a fixed few queries).

    The chain is the report's (reviews.reads.report): the CSPR subgroup chair, the
    partnership's independent chair and each statutory partner (``signatories``), each
    approving that very version. Whoever sent a version back counts as not approving it.
    """
    needed = signatories(review)
    rows: dict[int, list[Approval]] = defaultdict(list)
    for approval in Approval.objects.filter(version__review=review):
        rows[approval.version_id].append(approval)
    missing: dict[int, list[str]] = {}
    for version in ReportVersion.objects.filter(review=review):
        state = approvals_of(version, needed, rows[version.pk])
        lacking = list(state.still_needed)
        sent_back = state.sent_back
        if sent_back is not None:
            lacking.extend(each for each in needed if each.gave(sent_back) and each not in lacking)
        missing[version.pk] = [each.label for each in lacking]
    return missing


def missing_approvals(version: ReportVersion) -> list[str]:
    """Name who has not approved one version of the report (empty when fully approved)."""
    return missing_approvals_by_version(version.review).get(version.pk, [])


def subgroup_members(review: Review) -> list[User]:
    """The partnership's CSPR subgroup members and chair, active, by name."""
    return list(
        User.objects.filter(
            is_active=True,
            partnership=review.partnership_id,
            partnership_roles__partnership=review.partnership_id,
            partnership_roles__role__in=[role.value for role in SUBGROUP_ROLES],
        )
        .distinct()
        .order_by("full_name")
    )


def decision_date(review: Review) -> dt.date | None:
    """The date the partners decided: the reconvened meeting's if there was one, otherwise the
    latest joint decision's; None when neither is recorded."""
    reconvened = Reconvened.objects.filter(review=review).values_list("held_on", flat=True).first()
    if reconvened is not None:
        return reconvened
    return (
        JointDecision.objects.filter(review=review)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
