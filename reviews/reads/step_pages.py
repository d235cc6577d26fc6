"""The page that does each step, where one is built for it (others use the generic step page).

Reads (each person's work) and views (the task list, "cannot do this yet") link to a step
through ``step_url``, so every link to a step opens the same page.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from reviews.process import Step

STEP_PAGES: dict[Step, str] = {
    Step.NOTIFY_PANEL: "reviews:notification",
    Step.NOTIFY_OFSTED_AND_SECRETARY_OF_STATE: "reviews:notification-ofsted",
    Step.CONFIRM_SCOPE: "reviews:period",
    Step.REQUEST_INFORMATION: "reviews:send-requests",
    Step.CONFIRM_TIMELINE: "reviews:timeline",
    Step.INVITE_TO_MEETING: "reviews:meeting",
    Step.INFORMATION_RETURNED: "reviews:requests",
    Step.COMBINED_REPORT: "reviews:combined-report",
    Step.PARTNER_DECISIONS: "reviews:partner-decisions",
    Step.DECISION_MEETING: "reviews:decision-meeting",
    Step.REPORT_AMENDED: "reviews:report",
    Step.REPORT_AGREED: "reviews:report",
    Step.REPORT_SUBMITTED: "reviews:panel",
    Step.PANEL_ACKNOWLEDGED: "reviews:panel",
    Step.PANEL_RESPONSE: "reviews:panel",
    Step.RECONVENE: "reviews:panel",
    Step.SUBGROUP_INFORMED: "reviews:panel",
    Step.OUTCOME: "reviews:outcome",
    # LCSPR
    Step.RAPID_REVIEW_CIRCULATED: "reviews:circulated",
    Step.TERMS_OF_REFERENCE: "reviews:terms",
    Step.AUTHOR_COMMISSIONED: "reviews:author",
    Step.INTRODUCTION_MEETING: "reviews:introduction-meeting",
    Step.ITINERARY_CONFIRMED: "reviews:itinerary",
    Step.PARTICIPANTS_BRIEFED: "reviews:participants",
    Step.LEARNING_EVENTS: "reviews:itinerary",
    Step.FAMILY_ENGAGEMENT: "reviews:family",
    Step.DRAFT_REPORT: "reviews:drafts",
    Step.DRAFT_PRESENTED: "reviews:drafts",
    Step.FINAL_DRAFT_AGREED: "reviews:drafts",
    Step.SIGNED_OFF: "reviews:sign-off",
    Step.MEDIA_STRATEGY: "reviews:media-strategy",
    Step.PRE_PUBLICATION_NOTICE: "reviews:publication",
    Step.PUBLISHED: "reviews:publication",
}


def optional_url(name: str, **kwargs: Any) -> str | None:
    """Reverse a URL name that may not be built yet (pages other topics add); None if absent."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def step_url(review_pk: int, key: Step) -> str:
    """Return the page that does a step: its own page if built, else the generic step page."""
    name = STEP_PAGES.get(key)
    own = optional_url(name, pk=review_pk) if name else None
    return own or reverse("reviews:step", kwargs={"pk": review_pk, "key": key})
