"""What the planning pages share: how a refused post is answered."""

from __future__ import annotations

from typing import Any

from reviews.views.posting import Posted


def status_after(posted: Posted[Any]) -> int:
    """The status of a post that was not done: 400 when the person has a field to correct, 409
    when the action refused because of the review's state (a refusal naming no field) or an
    edit clashed."""
    if posted.refusal is not None and posted.refusal.field not in posted.form.fields:
        return 409
    return posted.status
