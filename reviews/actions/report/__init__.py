"""The rapid review report: its versions (generated or uploaded) and the approval chain.

Working days 11 to 15 (domain.md, steps report-amended and report-agreed). The business team
tables a draft generated from the case, amends it in Word with the partners' decision and
uploads it back; every version is kept, none is overwritten (``versions``). The CSPR subgroup
chair approves a version made after the joint decision was recorded (which completes
report-amended) and so forwards it to the partnership chair; then the partnership chair and
each statutory partner agree that same version (all of them: report-agreed). An approval is
of one version only: a later version needs approvals of its own, and anyone in the chain may
send a version back with a reason, after which it cannot be approved further (``approvals``).
Who signs, and where a version stands, is read by ``reviews.reads.report``.
"""

from reviews.actions.report.approvals import approve_report_version, send_back_report_version
from reviews.actions.report.versions import generate_report_version, upload_report_version

__all__ = [
    "approve_report_version",
    "generate_report_version",
    "send_back_report_version",
    "upload_report_version",
]
