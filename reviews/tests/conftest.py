"""Fixtures and helpers for the review app's tests: a real SMTP server, and agencies' returns.

``smtp_server`` runs aiosmtpd on 127.0.0.1 and points Django's SMTP backend at it for one test,
so mail goes through the same code path as in production (encoding, attachments, headers)
rather than into the in-memory outbox.

``ask_agency`` makes a request for information with the ORM. It stands in for the real
"send requests" and "return" actions until they exist; switch it to them then.
"""

from __future__ import annotations

import datetime as dt
import email
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from pytest_django import Settings

from accounts.models import Organisation, Partnership, User
from reviews import actions
from reviews.models import ChronologyEntry, InformationRequest, RequestStatus, Review, ReviewRole
from reviews.tests.panel_setup import Cast, make_cast
from reviews.tests.report_setup import ReportCase, case_at_working_day_eleven


@dataclass(frozen=True)
class Received:
    """One message as the SMTP server received it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage


@dataclass
class SmtpServer:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  aiosmtpd's hook name
        parsed = email.message_from_bytes(envelope.content, policy=default_policy)
        assert isinstance(parsed, EmailMessage)
        self.received.append(
            Received(
                mail_from=envelope.mail_from, rcpt_tos=tuple(envelope.rcpt_tos), message=parsed
            )
        )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_server(settings: Settings) -> Iterator[SmtpServer]:
    """A real SMTP server for one test; Django's SMTP backend is pointed at it."""
    server = SmtpServer(host="127.0.0.1", port=_free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        controller.stop()


Entry = tuple[dt.date, str, str]  # when, what happened, source


def ask_agency(
    review: Review,
    organisation: Organisation,
    *,
    by: User,
    contributor: User | None = None,
    status: RequestStatus = RequestStatus.SENT,
    involvement: str = "",
    analysis: str = "",
    immediate_actions: str = "",
    learning: str = "",
    entries: Sequence[Entry] = (),
    submitted_at: dt.datetime | None = None,
) -> InformationRequest:
    """Record a request to an agency and, if given, what it answered (ORM stand-in)."""
    if contributor is not None:
        actions.add_review_member(
            review,
            user=contributor,
            role=ReviewRole.AGENCY_CONTRIBUTOR,
            organisation=organisation,
            by=by,
        )
    answered = status in {RequestStatus.RETURNED, RequestStatus.NO_INVOLVEMENT}
    request = InformationRequest.objects.create(
        review=review,
        organisation=organisation,
        contributor=contributor,
        due_on=review.origin + dt.timedelta(days=7),
        status=status,
        sent_by=by,
        involvement=involvement,
        analysis=analysis,
        immediate_actions=immediate_actions,
        learning=learning,
        submitted_at=submitted_at or (timezone.now() if answered else None),
        submitted_by=(contributor or by) if answered else None,
    )
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            request=request,
            happened_on=happened_on,
            what_happened=what,
            source=source,
            added_by=contributor or by,
        )
        for happened_on, what, source in entries
    )
    return request


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
    partner_lead: User,
) -> ReportCase:
    """A rapid review at working day 11 with everyone who takes part in its report (used by
    the report tests; the decision tests define a case of their own)."""
    return case_at_working_day_eleven(
        partnership,
        team=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        school=school,
        police_lead=partner_lead,
    )


@pytest.fixture
def cast(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> Cast:
    """The people of a rapid review at the Panel stages: the team, the three partners, a school."""
    partners = [police, icb, childrens_social_care]
    return make_cast(partnership, team=business_team_member, partners=partners, school=school)
