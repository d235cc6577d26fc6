"""What the working day 1 pages share: fetching the rapid review, posted data, the people of
an organisation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.http import HttpRequest, QueryDict

from accounts.models import Membership, Organisation, User
from reviews.models import Review
from reviews.permissions import GRANTS, Permission, standing_on
from reviews.views.helpers import rapid_review_for


def rapid_review(request: HttpRequest, pk: int, *, read: bool) -> tuple[User, Review, bool]:
    """Fetch the rapid review for this person: reading needs VIEW_REVIEW, acting (and every
    POST) MANAGE_REQUESTS. Return the person, the review and whether they may act."""
    reading = read and request.method != "POST"
    user, review = rapid_review_for(
        request, pk, Permission.VIEW_REVIEW if reading else Permission.MANAGE_REQUESTS
    )
    may_act = not reading or bool(standing_on(user, review) & GRANTS[Permission.MANAGE_REQUESTS])
    return user, review, may_act


def posted(request: HttpRequest) -> QueryDict | None:
    """Return the posted data, even when empty (an empty POST is a form sent with nothing)."""
    return request.POST if request.method == "POST" else None


def employees(review: Review, organisations: Iterable[Organisation]) -> dict[int, list[User]]:
    """Return the active people of the review's partnership working at each organisation."""
    people: dict[int, list[User]] = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            organisation__in=[organisation.pk for organisation in organisations],
            user__is_active=True,
            user__partnership=review.partnership_id,
        )
        .select_related("user")
        .order_by("user__full_name")
    ):
        people[membership.organisation_id].append(membership.user)
    return people
