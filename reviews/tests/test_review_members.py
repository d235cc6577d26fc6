"""Adding and removing the people who take part in a review."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation
from conftest import sign_in
from reviews import actions
from reviews.actions import ActionError
from reviews.event_types import EventType
from reviews.models import Review, ReviewKind, ReviewMember, ReviewRole
from reviews.permissions import Permission, reviews_for
from reviews.tests.factories import join, make_review


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    return make_review(partnership=partnership, by=business_team_member)


def test_the_business_team_adds_a_partner_lead_for_their_organisation(
    client: Client,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:members", kwargs={"pk": review.pk}),
        {
            "user": partner_lead.pk,
            "role": ReviewRole.STATUTORY_PARTNER_LEAD,
            "organisation": police.pk,
        },
    )

    assert response.status_code == 302
    member = ReviewMember.objects.get(review=review, user=partner_lead)
    assert (member.role, member.organisation, member.added_by) == (
        ReviewRole.STATUTORY_PARTNER_LEAD,
        police,
        business_team_member,
    )
    event = review.events.get(type=EventType.MEMBER_ADDED)
    assert event.detail["name"] == partner_lead.full_name
    assert review in reviews_for(partner_lead, Permission.VIEW_REVIEW)


def test_a_person_from_another_partnership_cannot_be_chosen(
    client: Client, review: Review, business_team_member: User, outsider: User
) -> None:
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:members", kwargs={"pk": review.pk}),
        {"user": outsider.pk, "role": ReviewRole.PANEL_MEMBER},
    )

    assert response.status_code == 400
    assert "Choose a person from the list" in response.content.decode()
    assert not ReviewMember.objects.filter(user=outsider).exists()


def test_an_organisation_from_another_partnership_cannot_be_chosen(
    client: Client,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    other_partnership: Partnership,
) -> None:
    theirs = make_organisation(
        partnership=other_partnership, kind=Organisation.Kind.POLICE, is_statutory_partner=True
    )
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:members", kwargs={"pk": review.pk}),
        {
            "user": partner_lead.pk,
            "role": ReviewRole.STATUTORY_PARTNER_LEAD,
            "organisation": theirs.pk,
        },
    )

    assert response.status_code == 400
    assert "Choose an organisation from the list" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": ReviewRole.PANEL_MEMBER}, "Choose the person to add"),
        (
            {"user": "not-a-number", "role": ReviewRole.PANEL_MEMBER},
            "Choose a person from the list",
        ),
        ({"user": 10**12, "role": ReviewRole.PANEL_MEMBER}, "Choose a person from the list"),
        ({"user": "USER", "role": "emperor"}, "Choose a part from the list"),
        ({"user": "USER", "role": ReviewRole.AGENCY_CONTRIBUTOR}, "Choose the organisation"),
        ({"user": "USER", "role": ReviewRole.INDEPENDENT_AUTHOR}, "LCSPR only"),
        (
            {"user": "USER", "role": ReviewRole.STATUTORY_PARTNER_LEAD, "organisation": "SCHOOL"},
            "not one of the statutory partners",
        ),
    ],
)
def test_bad_choices_are_refused_with_a_message(
    client: Client,
    review: Review,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
    data: dict[str, object],
    message: str,
) -> None:
    replacements = {"USER": agency_contributor.pk, "SCHOOL": school.pk}
    posted = {key: replacements.get(str(value), value) for key, value in data.items()}
    sign_in(client, business_team_member)

    response = client.post(reverse("reviews:members", kwargs={"pk": review.pk}), posted)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReviewMember.objects.exists()


def test_removing_someone_ends_their_access_but_keeps_the_record(
    client: Client,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    member = join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:member-remove", kwargs={"pk": review.pk, "member_pk": member.pk})
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.active
    assert member.removed_at is not None
    assert review not in reviews_for(partner_lead, Permission.VIEW_REVIEW)
    assert review.events.filter(type=EventType.MEMBER_REMOVED).count() == 1


def test_removing_needs_a_post(
    client: Client,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    member = join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    sign_in(client, business_team_member)

    response = client.get(
        reverse("reviews:member-remove", kwargs={"pk": review.pk, "member_pk": member.pk})
    )

    assert response.status_code == 405
    member.refresh_from_db()
    assert member.active


def test_a_member_of_another_review_cannot_be_removed_through_this_one(
    client: Client,
    partnership: Partnership,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    other = make_review(partnership=partnership, by=business_team_member, pseudonym="Child B")
    their_member = join(
        other,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:member-remove", kwargs={"pk": review.pk, "member_pk": their_member.pk})
    )

    assert response.status_code == 404
    their_member.refresh_from_db()
    assert their_member.active


def test_a_business_team_lead_cannot_remove_people_from_a_review_they_lead_not(
    client: Client,
    partnership: Partnership,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    """Changing the review id in the URL to one where the person has no part finds nothing."""
    lead = join(review, partner_lead, ReviewRole.BUSINESS_TEAM_LEAD, by=business_team_member).user
    other = make_review(partnership=partnership, by=business_team_member, pseudonym="Child B")
    target = join(other, business_team_member, ReviewRole.PANEL_MEMBER, by=business_team_member)
    sign_in(client, lead)

    response = client.post(
        reverse("reviews:member-remove", kwargs={"pk": other.pk, "member_pk": target.pk})
    )

    assert response.status_code == 404
    target.refresh_from_db()
    assert target.active


def test_the_same_person_cannot_be_added_twice_in_the_same_role(
    review: Review, business_team_member: User, partner_lead: User, police: Organisation
) -> None:
    join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    with pytest.raises(ActionError, match="already takes part"):
        join(
            review,
            partner_lead,
            ReviewRole.STATUTORY_PARTNER_LEAD,
            by=business_team_member,
            organisation=police,
        )


def test_an_author_joins_an_lcspr_and_sees_only_it(
    partnership: Partnership, review: Review, business_team_member: User, independent_author: User
) -> None:
    lcspr = make_review(
        partnership=partnership, by=business_team_member, kind=ReviewKind.LCSPR, rapid_review=review
    )
    actions.add_review_member(
        lcspr, user=independent_author, role=ReviewRole.INDEPENDENT_AUTHOR, by=business_team_member
    )

    assert list(reviews_for(independent_author, Permission.VIEW_REVIEW)) == [lcspr]
