"""The messages the service could not send, for the business team of their review's partnership
(reviews.mail retries each for a day first, ADR 0015)."""

from __future__ import annotations

from reviews.models import MailStatus, OutgoingEmail


def failed_emails(partnership_id: int) -> list[OutgoingEmail]:
    """The failed messages about this partnership's reviews, the newest first (no body: the
    page shows the address, the subject, the case and why)."""
    return list(
        OutgoingEmail.objects.filter(
            status=MailStatus.FAILED, review__partnership_id=partnership_id
        )
        .select_related("review")
        .only("to", "subject", "last_error", "attempts", "finished_at", "review__case_code")
        .order_by("-finished_at", "-pk")
    )


def failed_email(partnership_id: int, pk: int) -> OutgoingEmail | None:
    """One message about this partnership's reviews (any status), or None."""
    return OutgoingEmail.objects.filter(pk=pk, review__partnership_id=partnership_id).first()
