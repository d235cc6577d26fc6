"""The calendar feed's secret link: made and reset from the person's page, 404 for an unknown
or reset token, only the token's hash stored, never cached, and the partnership feed for the
business team only."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AccountEvent, Partnership, PartnershipRole, User
from conftest import WebAs, sign_in
from reviews.models import CalendarFeed, FeedKind
from reviews.tests.feeds_setup import fetch, make_link, path_of, press

pytestmark = pytest.mark.django_db


def test_a_person_makes_a_link_and_their_calendar_can_fetch_it(
    web_as: WebAs, partner_lead: User
) -> None:
    app = web_as(partner_lead)
    assert "You have no calendar link yet" in app.get(reverse("reviews:calendar-feeds"))

    link = make_link(app)

    assert link.startswith("http")
    assert link.endswith(".ics")
    calendar = fetch(link)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    event = AccountEvent.objects.get(user=partner_lead)
    assert event.kind == AccountEvent.Kind.CALENDAR_FEED_MADE


def test_the_home_page_links_to_the_calendar_feed(web_as: WebAs, partner_lead: User) -> None:
    page = web_as(partner_lead).get(reverse("home"))

    page = page.click(href=reverse("reviews:calendar-feeds"))

    assert page.status_code == 200
    assert "Google Calendar" in page


def test_the_page_shows_the_same_link_again_later(web_as: WebAs, partner_lead: User) -> None:
    app = web_as(partner_lead)
    link = make_link(app)

    again = app.get(reverse("reviews:calendar-feeds")).html.find("input", id="personal-feed")

    assert again["value"] == link


def test_only_a_hash_of_the_token_is_stored(web_as: WebAs, partner_lead: User) -> None:
    link = make_link(web_as(partner_lead))
    token = path_of(link).rsplit("/", 1)[1].removesuffix(".ics")

    feed = CalendarFeed.objects.get(user=partner_lead)
    stored = " ".join(str(value) for value in vars(feed).values())
    assert token not in stored
    assert feed.token_sha256 == hashlib.sha256(token.encode()).hexdigest()


def test_resetting_the_link_stops_the_old_one_at_once(web_as: WebAs, partner_lead: User) -> None:
    app = web_as(partner_lead)
    old = make_link(app)

    page = press(app)
    new = str(page.html.find("input", id="personal-feed")["value"])

    assert "The old one has stopped working" in page
    assert new != old
    assert Client().get(path_of(old)).status_code == 404
    fetch(new)
    kinds = list(AccountEvent.objects.filter(user=partner_lead).values_list("kind", flat=True))
    assert kinds == [AccountEvent.Kind.CALENDAR_FEED_MADE, AccountEvent.Kind.CALENDAR_FEED_RESET]


@pytest.mark.parametrize("token", ["0" * 64, "sample", "A" * 64, "0" * 65, "0" * 63 + "g"], ids=str)
def test_a_made_up_token_is_not_found(client: Client, token: str) -> None:
    response = client.get(f"/calendar/{token}.ics")

    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_the_feed_is_never_kept_by_a_proxy_and_sets_no_cookie(
    web_as: WebAs, partner_lead: User
) -> None:
    link = make_link(web_as(partner_lead))

    response = Client().get(path_of(link))

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies


def test_a_closed_account_feed_is_not_found(web_as: WebAs, partner_lead: User) -> None:
    link = make_link(web_as(partner_lead))
    User.objects.filter(pk=partner_lead.pk).update(is_active=False)

    assert Client().get(path_of(link)).status_code == 404


def test_the_business_team_gets_the_partnership_feed(
    web_as: WebAs, business_team_member: User, partnership: Partnership
) -> None:
    app = web_as(business_team_member)
    personal = make_link(app)

    link = make_link(app, "reviews:partnership-calendar-feed-reset")

    assert link != personal
    assert fetch(link)["X-WR-CALNAME"] == f"{partnership.short_name} review deadlines"
    feed = CalendarFeed.objects.get(user=business_team_member, kind=FeedKind.PARTNERSHIP)
    assert feed.partnership == partnership


def test_the_partnership_feed_stops_when_its_holder_leaves_the_business_team(
    web_as: WebAs, business_team_member: User
) -> None:
    link = make_link(web_as(business_team_member), "reviews:partnership-calendar-feed-reset")
    PartnershipRole.objects.filter(user=business_team_member).delete()

    assert Client().get(path_of(link)).status_code == 404


def test_someone_outside_the_business_team_is_refused_the_partnership_feed(
    client: Client, web_as: WebAs, partner_lead: User
) -> None:
    page = web_as(partner_lead).get(reverse("reviews:calendar-feeds"))
    assert "Every deadline in" not in page
    assert reverse("reviews:partnership-calendar-feed-reset") not in page

    sign_in(client, partner_lead)
    response = client.post(reverse("reviews:partnership-calendar-feed-reset"))

    assert response.status_code == 403
    assert not CalendarFeed.objects.filter(user=partner_lead).exists()


def test_the_settings_page_needs_sign_in(client: Client) -> None:
    response = client.get(reverse("reviews:calendar-feeds"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
