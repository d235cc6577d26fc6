"""Who reaches the combined agency report and its files: the review's people, not agencies.

The rapid review is used (the report belongs to it): the independent author has no part in
it, so they are told it does not exist. The downloaded version is generated on first use,
through the real action and the worker's task, so that other topics' tests do not pay for
rendering a PDF.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reviews.models import InformationRequest, RequestStatus
from reviews.tests.documents_setup import generate_ready
from tests.matrix import ALL_REVIEW_ROLES, Row, World, on_rapid_review


def _document(world: World) -> dict[str, Any]:
    document = world.extras.get("combined_report")
    if document is None:
        # An ORM stand-in for the "send requests" action, until it exists; only if no other
        # topic's setup has sent the rapid review a request already.
        if not InformationRequest.objects.filter(review=world.review).exists():
            InformationRequest.objects.create(
                review=world.review,
                organisation=world.organisations["police"],
                due_on=world.review.origin + dt.timedelta(days=7),
                status=RequestStatus.NO_INVOLVEMENT,
                sent_by=world.people["business-team"],
            )
        document = generate_ready(world.review, by=world.people["business-team"])
        world.extras["combined_report"] = document
    return {"pk": world.review.pk, "document_pk": document.pk, "format": "pdf"}


READERS = ALL_REVIEW_ROLES | {"author": "hidden"}

ROWS: dict[str, Row] = {
    "reviews:combined-report": Row(READERS, kwargs=on_rapid_review),
    "reviews:document-download": Row(READERS, kwargs=_document),
}
