"""The rapid review and the National Panel: the report sent, the Panel's acknowledgement and
response, the partners reconvened when the Panel disagrees, and the CSPR subgroup informed.

The National Panel is never a user: the business team records what was sent and what came
back (domain.md, steps report-submitted to reconvene). Every action refuses an LCSPR and a
closed review. Corrections name the version they started from: a clash changes nothing, and
the refused attempt is recorded. A package by sub-topic; import from here.
"""

from reviews.actions.panel.information import (
    record_information_supplied,
    record_resubmitted,
    request_more_information,
)
from reviews.actions.panel.response import (
    record_panel_response,
    record_reconvened,
    record_response_sent,
)
from reviews.actions.panel.subgroup import inform_subgroup
from reviews.actions.panel.submission import record_acknowledgement, submit_report_to_panel

__all__ = [
    "inform_subgroup",
    "record_acknowledgement",
    "record_information_supplied",
    "record_panel_response",
    "record_reconvened",
    "record_response_sent",
    "record_resubmitted",
    "request_more_information",
    "submit_report_to_panel",
]
