"""Reading back the notification draft whose id a person's session holds (issue 18)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from accounts.models import User
from reviews import moment
from reviews.models.notification_draft import NotificationDraft


@dataclass(frozen=True)
class KeptAnswers:
    """The draft's id and answers; ``answers`` is None when the draft has expired or gone."""

    draft_id: uuid.UUID
    answers: dict[str, Any] | None


def draft_id_from(raw: object) -> uuid.UUID | None:
    """The draft id a session holds, or None for nothing or anything this code did not write."""
    if not isinstance(raw, str):
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def kept_answers(user: User, draft_id: uuid.UUID) -> KeptAnswers:
    """The answers of this person's draft. Someone else's draft is not found (404)."""
    draft = NotificationDraft.objects.filter(pk=draft_id).first()
    if draft is not None and draft.owner_id != user.pk:
        raise Http404("No such draft.")
    if draft is None or draft.expires_at <= moment.now():
        return KeptAnswers(draft_id, None)
    answers = draft.answers
    return KeptAnswers(draft_id, answers if isinstance(answers, dict) else None)
