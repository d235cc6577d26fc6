"""The notification being recorded, between its question pages: the answers are kept on the
server (reviews.models.notification_draft) and the session holds only the draft's id, so no
child's real name or date of birth is ever in the session table (issue 18)."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User
from reviews.actions.notification_draft import (
    discard_notification_draft,
    save_notification_draft,
)
from reviews.forms.notification.draft import SESSION_KEY, Draft, StaleDraft
from reviews.reads.notification_draft import draft_id_from, kept_answers
from reviews.views.helpers import person


def save_draft(request: HttpRequest, draft: Draft) -> None:
    """Keep the answers on the server; the session holds only the draft's id."""
    kept = save_notification_draft(
        owner=person(request),
        draft_id=draft_id_from(request.session.get(SESSION_KEY)),
        answers=draft.to_json(),
    )
    request.session[SESSION_KEY] = str(kept.pk)


def discard_draft(request: HttpRequest) -> None:
    draft_id = draft_id_from(request.session.pop(SESSION_KEY, None))
    discard_notification_draft(owner=person(request), draft_id=draft_id)


def read_draft(request: HttpRequest, user: User) -> Draft | None:
    """The person's draft, None before they start; StaleDraft when it cannot be read back
    (expired, or written by an older version of these pages); 404 for someone else's."""
    raw = request.session.get(SESSION_KEY)
    if raw is None:
        return None
    draft_id = draft_id_from(raw)
    if draft_id is None:
        raise StaleDraft("id")
    kept = kept_answers(user, draft_id)
    if kept.answers is None:
        raise StaleDraft("expired")
    return Draft.from_json(kept.answers)
