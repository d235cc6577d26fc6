"""The management commands that run on a schedule.

In production, cron or a systemd timer runs each (README, "Scheduled jobs"); in the demo,
`make run` runs them in a loop beside the web service and the worker. Each command is safe to
run again at any moment: running it twice, or after downtime, does each piece of work once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScheduledJob:
    command: str
    # How often it runs, in seconds (the demo's loop; the README's cron lines say the same).
    every: int


SCHEDULED_JOBS: tuple[ScheduledJob, ...] = (
    # Reminders and escalations of every due item (issue 13).
    ScheduledJob("send_reminders", every=60),
    # Abandoned notification drafts (a child's details) and expired sessions (issue 18).
    ScheduledJob("delete_expired_notification_drafts", every=3600),
    ScheduledJob("clearsessions", every=3600),
    # Mail the worker could not send (retries, a killed worker's) and pruning the outbox and
    # the task table (issue 18; reviews.mail, ADR 0012).
    ScheduledJob("send_outbox", every=60),
    ScheduledJob("prune_mail", every=86400),
)
