"""Who reaches the page of emails the service could not send, and its "try again" button: the
business team of the partnership (another partnership's business team sees its own, empty,
list; a message of ours does not exist for them)."""

from __future__ import annotations

from typing import Any

from reviews.models import MailStatus, OutgoingEmail
from tests.matrix import Row, World, everyone_but, no_kwargs

TEAMS = everyone_but(
    **dict.fromkeys(
        (
            "business_team_lead",
            "partner_lead",
            "agency_contributor",
            "legal",
            "subgroup_chair",
            "partnership_chair",
            "panel_member",
            "author",
            "auditor",
            "same_partnership_non_member",
        ),
        "forbidden",
    )
)
OUR_TEAM = TEAMS | {"other-partnership": "hidden"}


def setup(world: World) -> None:
    world.extras["outbox_failed"] = OutgoingEmail.objects.create(
        review=world.review,
        to="nobody@school.example",
        subject=f"{world.review.case_code}: a message that could not be sent",
        body="A case code and a link.",
        template="request_sent",
        status=MailStatus.FAILED,
        attempts=30,
        last_error="SMTPRecipientsRefused",
        message_id="<matrix-failed@reviews.example>",
    )


def _failed(world: World) -> dict[str, Any]:
    return {"email_pk": world.extras["outbox_failed"].pk}


ROWS: dict[str, Row] = {
    "reviews:failed-mail": Row(TEAMS, kwargs=no_kwargs),
    "reviews:failed-mail-retry": Row(OUR_TEAM, method="post", kwargs=_failed),
}
