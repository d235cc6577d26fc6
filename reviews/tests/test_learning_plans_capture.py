"""Learning captured at any stage of a review: the rules, the events, the version check, retired
themes, the agency return it came from."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from accounts.models import Organisation, Partnership, User
from reviews.actions import ActionError, EditConflict
from reviews.actions.learning.plans.learning import change_learning
from reviews.actions.learning.plans.themes import add_common_themes, retire_theme
from reviews.event_types import EventType, describe
from reviews.models import InformationRequest, Learning, Review, ReviewKind, Theme
from reviews.tests import learning_plans_capture_setup as setup
from reviews.tests.factories import make_review
from reviews.tests.learning_plans_capture_setup import NOW, SUMMARY, record
from reviews.tests.request_helpers import send_request


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def themes(partnership: Partnership, business_team_member: User) -> dict[str, Theme]:
    return setup.themes(partnership=partnership, business_team_member=business_team_member)


@pytest.fixture
def review(
    partnership: Partnership, business_team_member: User, partner_lead: User, police: Organisation
) -> Review:
    return setup.review(
        partnership=partnership,
        business_team_member=business_team_member,
        partner_lead=partner_lead,
        police=police,
    )


@pytest.fixture
def school_request(
    review: Review, business_team_member: User, agency_contributor: User, school: Organisation
) -> InformationRequest:
    return setup.school_request(
        review=review,
        business_team_member=business_team_member,
        agency_contributor=agency_contributor,
        school=school,
    )


def test_learning_is_recorded_with_its_themes_and_an_event_without_its_words(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    chosen = [themes["Professional curiosity"], themes["Safe sleep"]]

    learning = record(review, business_team_member, chosen, detail="The lodger was not seen.")

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
        record(review, business_team_member, theme, source=Learning.Source.AGENCY_RETURN)
    with pytest.raises(ActionError) as foreign:
        record(
            review,
            business_team_member,
            theme,
            source=Learning.Source.AGENCY_RETURN,
            source_request=elsewhere,
        )
    with pytest.raises(ActionError) as not_a_return:
        record(review, business_team_member, theme, source_request=school_request)
    learning = record(
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
        record(review, business_team_member, theme_list, **values)

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
        record(review, business_team_member, theme, scope=single, organisation=foreign)
    learning = record(review, business_team_member, theme, scope=single, organisation=school)

    assert learning.organisation == school


def test_a_retired_theme_is_refused_for_new_learning_but_stays_on_old(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> None:
    neglect = themes["Neglect"]
    old = record(review, business_team_member, [neglect])
    retire_theme(neglect, by=business_team_member)

    with pytest.raises(ActionError, match="retired"):
        record(review, business_team_member, [neglect])
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
        record(review, business_team_member, [foreign])


def test_changing_learning_from_an_old_version_is_refused_and_the_attempt_recorded(
    review: Review, business_team_member: User, partner_lead: User, themes: dict[str, Theme]
) -> None:
    learning = record(review, business_team_member, [themes["Neglect"]])
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
    learning = record(review, business_team_member, [themes["Neglect"]])

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

    learning = record(
        lcspr, business_team_member, [themes["Neglect"]], source=Learning.Source.LEARNING_EVENT
    )

    assert learning.review == lcspr
