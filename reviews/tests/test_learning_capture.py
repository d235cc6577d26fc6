"""Learning captured at any stage of a review: the rules, the events, the version check, retired
themes, the agency return it came from, and who reads and records it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.learning.learning import change_learning, record_learning
from reviews.actions.learning.plans import add_action, make_recommendation
from reviews.actions.learning.themes import add_common_themes, retire_theme
from reviews.event_types import EventType, describe
from reviews.models import InformationRequest, Learning, Review, ReviewKind, ReviewRole, Theme
from reviews.tests.factories import join, make_review
from reviews.tests.request_helpers import send_request

NOW = dt.datetime(2026, 3, 20, 11, 0, tzinfo=dt.UTC)
SUMMARY = "Nobody asked who else lived in the home."


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def themes(partnership: Partnership, business_team_member: User) -> dict[str, Theme]:
    add_common_themes(partnership, by=business_team_member)
    return {theme.name: theme for theme in Theme.objects.filter(partnership=partnership)}


@pytest.fixture
def review(
    partnership: Partnership, business_team_member: User, partner_lead: User, police: Organisation
) -> Review:
    review = make_review(partnership=partnership, by=business_team_member)
    join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    return review


@pytest.fixture
def school_request(
    review: Review, business_team_member: User, agency_contributor: User, school: Organisation
) -> InformationRequest:
    return send_request(review, school, by=business_team_member, contributor=agency_contributor)


def _record(review: Review, by: User, themes: list[Theme], **changes: object) -> Learning:
    values: dict[str, object] = {
        "source": Learning.Source.DECISION_MEETING,
        "summary": SUMMARY,
        "themes": themes,
        "scope": Learning.Scope.MULTI_AGENCY,
    }
    values.update(changes)
    return record_learning(review, by=by, **values)  # type: ignore[arg-type]


def test_learning_is_recorded_with_its_themes_and_an_event_without_its_words(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    chosen = [themes["Professional curiosity"], themes["Safe sleep"]]

    learning = _record(review, business_team_member, chosen, detail="The lodger was not seen.")

    assert set(learning.themes.all()) == set(chosen)
    event = review.events.get(type=EventType.LEARNING_RECORDED)
    assert describe(event) == "Recorded learning from the decision meeting"
    assert event.detail["themes"] == ["Professional curiosity", "Safe sleep"]
    assert SUMMARY not in str(event.detail)
    assert "lodger" not in str(event.detail)


def test_learning_from_an_agency_return_names_a_return_of_this_review(
    review: Review,
    business_team_member: User,
    themes: dict[str, Theme],
    school_request: InformationRequest,
    partnership: Partnership,
    school: Organisation,
) -> None:
    other = make_review(partnership=partnership, by=business_team_member, pseudonym="Child B")
    elsewhere = send_request(other, school, by=business_team_member)
    theme = [themes["Neglect"]]

    with pytest.raises(ActionError) as missing:
        _record(review, business_team_member, theme, source=Learning.Source.AGENCY_RETURN)
    with pytest.raises(ActionError) as foreign:
        _record(
            review,
            business_team_member,
            theme,
            source=Learning.Source.AGENCY_RETURN,
            source_request=elsewhere,
        )
    with pytest.raises(ActionError) as not_a_return:
        _record(review, business_team_member, theme, source_request=school_request)
    learning = _record(
        review,
        business_team_member,
        theme,
        source=Learning.Source.AGENCY_RETURN,
        source_request=school_request,
    )

    assert {missing.value.field, foreign.value.field, not_a_return.value.field} == {
        "source_request"
    }
    assert learning.source_request == school_request


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"summary": "   "}, "summary"),
        ({"summary": "x" * 301}, "summary"),
        ({"detail": "x" * 10_001}, "detail"),
        ({"source_detail": "x" * 301}, "source_detail"),
        ({"source": "gossip"}, "source"),
        ({"scope": "some"}, "scope"),
        ({"scope": Learning.Scope.SINGLE_AGENCY}, "organisation"),
        ({"themes": []}, "themes"),
    ],
)
def test_learning_is_refused_with_the_field_named(
    review: Review,
    business_team_member: User,
    themes: dict[str, Theme],
    changes: dict[str, object],
    field: str,
) -> None:
    values: dict[str, object] = {"themes": [themes["Neglect"]], **changes}
    theme_list = values.pop("themes")
    assert isinstance(theme_list, list)

    with pytest.raises(ActionError) as refused:
        _record(review, business_team_member, theme_list, **values)

    assert refused.value.field == field
    assert not Learning.objects.exists()
    assert not review.events.filter(type=EventType.LEARNING_RECORDED).exists()


def test_single_agency_learning_names_an_agency_of_the_partnership(
    review: Review,
    business_team_member: User,
    themes: dict[str, Theme],
    school: Organisation,
    other_partnership: Partnership,
) -> None:
    foreign = Organisation.objects.create(
        partnership=other_partnership, name="Northfen School", kind=Organisation.Kind.SCHOOL
    )
    theme = [themes["Neglect"]]
    single = Learning.Scope.SINGLE_AGENCY

    with pytest.raises(ActionError, match="agency of the partnership"):
        _record(review, business_team_member, theme, scope=single, organisation=foreign)
    learning = _record(review, business_team_member, theme, scope=single, organisation=school)

    assert learning.organisation == school


def test_a_retired_theme_is_refused_for_new_learning_but_stays_on_old(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    neglect = themes["Neglect"]
    old = _record(review, business_team_member, [neglect])
    retire_theme(neglect, by=business_team_member)

    with pytest.raises(ActionError, match="retired"):
        _record(review, business_team_member, [neglect])
    kept = change_learning(
        old,
        by=business_team_member,
        expected_version=1,
        source=old.source,
        summary="Changed summary.",
        themes=[neglect],
        scope=old.scope,
    )

    assert list(kept.themes.all()) == [neglect]
    assert kept.summary == "Changed summary."


def test_a_theme_of_another_partnership_is_refused(
    review: Review, business_team_member: User, other_partnership: Partnership
) -> None:
    add_common_themes(other_partnership)
    foreign = Theme.objects.filter(partnership=other_partnership).first()
    assert foreign is not None

    with pytest.raises(ActionError, match="from the list"):
        _record(review, business_team_member, [foreign])


def test_changing_learning_from_an_old_version_is_refused_and_the_attempt_recorded(
    review: Review, business_team_member: User, partner_lead: User, themes: dict[str, Theme]
) -> None:
    learning = _record(review, business_team_member, [themes["Neglect"]])
    change_learning(
        learning,
        by=partner_lead,
        expected_version=1,
        source=learning.source,
        summary="Theirs.",
        themes=[themes["Neglect"], themes["Escalation"]],
        scope=learning.scope,
    )

    with pytest.raises(EditConflict) as clash:
        change_learning(
            learning,
            by=business_team_member,
            expected_version=1,
            source=learning.source,
            summary="Mine.",
            themes=[themes["Neglect"]],
            scope=learning.scope,
        )

    assert clash.value.theirs == {"summary": "Theirs.", "themes": ["Escalation", "Neglect"]}
    assert clash.value.yours == {"summary": "Mine.", "themes": ["Neglect"]}
    refused = review.events.get(type=EventType.EDIT_REFUSED)
    assert refused.detail["attempted"]  # the fields tried, never the words
    assert "Mine." not in str(refused.detail)
    changed = review.events.get(type=EventType.LEARNING_CHANGED)
    assert changed.actor == partner_lead
    assert changed.detail["changes"] == ["summary", "themes"]


def test_saving_unchanged_learning_writes_nothing(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    learning = _record(review, business_team_member, [themes["Neglect"]])

    same = change_learning(
        learning,
        by=business_team_member,
        expected_version=1,
        source=learning.source,
        summary=SUMMARY,
        themes=[themes["Neglect"]],
        scope=learning.scope,
    )

    assert same.version == 1
    assert not review.events.filter(type=EventType.LEARNING_CHANGED).exists()


def test_learning_can_be_recorded_on_an_lcspr(
    partnership: Partnership, business_team_member: User, themes: dict[str, Theme]
) -> None:
    lcspr = make_review(partnership=partnership, by=business_team_member, kind=ReviewKind.LCSPR)

    learning = _record(
        lcspr, business_team_member, [themes["Neglect"]], source=Learning.Source.LEARNING_EVENT
    )

    assert learning.review == lcspr


# Pages


def _form(theme: Theme, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "version": "0",
        "source": "decision-meeting",
        "summary": SUMMARY,
        "themes": [str(theme.pk)],
        "scope": "multi-agency",
    }
    return data | changes


def test_a_partner_lead_records_learning_and_everyone_on_the_review_reads_it(
    client: Client,
    review: Review,
    partner_lead: User,
    business_team_member: User,
    themes: dict[str, Theme],
) -> None:
    sign_in(client, partner_lead)

    response = client.post(
        reverse("reviews:learning-add", kwargs={"pk": review.pk}),
        _form(themes["Neglect"], summary="<b>Hostile</b> summary"),
    )
    page = client.get(reverse("reviews:learning", kwargs={"pk": review.pk})).content.decode()

    assert response.status_code == 302
    assert "&lt;b&gt;Hostile&lt;/b&gt; summary" in page
    assert "<b>Hostile</b>" not in page
    assert Learning.objects.get().recorded_by == partner_lead


def test_the_agency_return_is_preselected_from_the_return_page(
    client: Client,
    review: Review,
    business_team_member: User,
    school_request: InformationRequest,
    themes: dict[str, Theme],
) -> None:
    sign_in(client, business_team_member)
    request_page = client.get(
        reverse("reviews:request", kwargs={"pk": review.pk, "request_pk": school_request.pk})
    ).content.decode()
    add_url = reverse("reviews:learning-add", kwargs={"pk": review.pk})

    form = client.get(add_url, {"request": school_request.pk}).content.decode()

    assert f"{add_url}?request={school_request.pk}" in request_page
    assert f'<option value="{school_request.pk}" selected' in form
    assert 'value="agency-return" checked' in form


def test_the_form_refuses_with_messages_naming_the_fields(
    client: Client, review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:learning-add", kwargs={"pk": review.pk}),
        {"version": "0", "source": "agency-return", "scope": "single-agency", "summary": ""},
    )

    body = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Enter a summary of the learning",
        "Choose at least one theme",
        "Choose the agency return it came from",
        "Choose the agency the learning is for",
    ):
        assert message in body
    assert not Learning.objects.exists()


def test_a_retired_theme_is_not_offered_for_new_learning(
    client: Client, review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    retire_theme(themes["Safe sleep"], by=business_team_member)
    sign_in(client, business_team_member)

    form = client.get(reverse("reviews:learning-add", kwargs={"pk": review.pk})).content.decode()

    assert "Neglect" in form
    assert "Safe sleep" not in form


def test_editing_from_a_stale_page_gets_409_showing_both(
    client: Client,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    themes: dict[str, Theme],
) -> None:
    learning = _record(review, business_team_member, [themes["Neglect"]])
    change_learning(
        learning,
        by=partner_lead,
        expected_version=1,
        source=learning.source,
        summary="Their summary",
        themes=[themes["Neglect"]],
        scope=learning.scope,
    )
    sign_in(client, business_team_member)
    url = reverse("reviews:learning-edit", kwargs={"pk": review.pk, "learning_pk": learning.pk})

    response = client.post(url, _form(themes["Neglect"], version="1", summary="My summary"))

    body = response.content.decode()
    assert response.status_code == 409
    assert "Their summary" in body
    assert "My summary" in body
    assert 'name="version" value="2"' in body


def test_an_agency_contributor_and_legal_may_not_record_learning(
    client: Client,
    review: Review,
    business_team_member: User,
    school_request: InformationRequest,
    agency_contributor: User,
    themes: dict[str, Theme],
    partnership: Partnership,
) -> None:
    legal = User.objects.create_user(
        "legal@wtp.example", "pw-not-used-1234", full_name="Lee Legal", partnership=partnership
    )
    join(review, legal, ReviewRole.LEGAL_REPRESENTATIVE, by=business_team_member)
    add_url = reverse("reviews:learning-add", kwargs={"pk": review.pk})

    sign_in(client, agency_contributor)
    contributor = client.post(add_url, _form(themes["Neglect"]))
    contributor_page = client.get(reverse("reviews:learning", kwargs={"pk": review.pk}))
    sign_in(client, legal)
    legal_post = client.post(add_url, _form(themes["Neglect"]))
    legal_page = client.get(reverse("reviews:learning", kwargs={"pk": review.pk}))

    assert (contributor.status_code, contributor_page.status_code) == (403, 403)
    assert (legal_post.status_code, legal_page.status_code) == (403, 200)
    assert not Learning.objects.exists()


def test_an_outsider_is_told_the_review_does_not_exist(
    client: Client, review: Review, outsider: User, themes: dict[str, Theme]
) -> None:
    sign_in(client, outsider)

    page = client.get(reverse("reviews:learning", kwargs={"pk": review.pk}))
    post = client.post(
        reverse("reviews:learning-add", kwargs={"pk": review.pk}), _form(themes["Neglect"])
    )

    assert (page.status_code, post.status_code) == (404, 404)


def test_the_learning_page_makes_the_same_queries_for_one_or_many(
    client: Client,
    review: Review,
    business_team_member: User,
    themes: dict[str, Theme],
    police: Organisation,
) -> None:
    sign_in(client, business_team_member)
    url = reverse("reviews:learning", kwargs={"pk": review.pk})

    def add(count: int) -> None:
        for number in range(count):
            learning = _record(review, business_team_member, [themes["Neglect"]])
            recommendation = make_recommendation(
                review, by=business_team_member, text=f"Do {number}", learning=[learning]
            )
            add_action(
                recommendation,
                by=business_team_member,
                description="Act",
                organisation=police,
                lead_name="Inspector",
                due_on=NOW.date(),
            )

    add(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(one)
