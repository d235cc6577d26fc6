"""The statutory processes as data: steps, who acts, deadlines. No ORM."""

from __future__ import annotations

from enum import StrEnum


class ClockOrigin(StrEnum):
    """Which date starts the rapid review clock (configurable per partnership; domain.md)."""

    RECEIVED = "received"  # the partnership received the notification (default)
    SENT_TO_PANEL = "sent-to-panel"  # the notification was sent to the National Panel
    LA_AWARE = "la-aware"  # the local authority became aware of the incident

    @property
    def label(self) -> str:
        return {
            ClockOrigin.RECEIVED: "The partnership received the notification",
            ClockOrigin.SENT_TO_PANEL: "The notification was sent to the National Panel",
            ClockOrigin.LA_AWARE: "The local authority became aware",
        }[self]
