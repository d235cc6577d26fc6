"""The partnership's themes: the common list added once, themes added, renamed (version
checked), retired and restored, and who may read or change them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from webtest import Form, TestResponse

from accounts.models import Partnership, PartnershipRole, User
from accounts.tests.factories import give_role, make_user
from conftest import WebAs, sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.learning.plans.themes import (
    add_common_themes,
    add_theme,
    change_theme,
    restore_theme,
    retire_theme,
)
from reviews.models import COMMON_THEMES, Theme
from tests.page_checks import error_links, misdirected_error_links


def test_adding_the_common_themes_twice_adds_them_once(
    partnership: Partnership, business_team_member: User
) -> None:
    first = add_common_themes(partnership, by=business_team_member)
    second = add_common_themes(partnership, by=business_team_member)

    assert (first, second) == (len(COMMON_THEMES), 0)
    assert Theme.objects.filter(partnership=partnership).count() == len(COMMON_THEMES)


def test_common_themes_skip_a_name_already_there_in_any_case_and_keep_history(
    partnership: Partnership, business_team_member: User
) -> None:
    add_theme(partnership, by=business_team_member, name="NEGLECT")

    added = add_common_themes(partnership, by=business_team_member)

    assert added == len(COMMON_THEMES) - 1
    theme = Theme.objects.get(partnership=partnership, name="Safe sleep")
    assert theme.history.get().history_user == business_team_member


def test_common_themes_go_to_one_partnership_only(
    partnership: Partnership, other_partnership: Partnership
) -> None:
    add_common_themes(partnership)

    assert not Theme.objects.filter(partnership=other_partnership).exists()


def test_a_theme_name_must_be_new_in_the_partnership(
    partnership: Partnership, other_partnership: Partnership, business_team_member: User
) -> None:
    add_theme(partnership, by=business_team_member, name="Young carers")
    add_theme(other_partnership, by=business_team_member, name="Young carers")

    with pytest.raises(ActionError, match="already a theme") as refused:
        add_theme(partnership, by=business_team_member, name="  young   CARERS ")
    assert refused.value.field == "name"


@pytest.mark.parametrize(
    ("name", "description", "field"),
    [
        ("   ", "", "name"),
        ("x" * 101, "", "name"),
        ("Fine", "y" * 2001, "description"),
        ("Neglect\x07", "", "name"),
        ("Esc\x1b[31m", "", "name"),
    ],
)
def test_a_theme_needs_a_short_name_and_description(
    partnership: Partnership, business_team_member: User, name: str, description: str, field: str
) -> None:
    with pytest.raises(ActionError) as refused:
        add_theme(partnership, by=business_team_member, name=name, description=description)
    assert refused.value.field == field
    assert not Theme.objects.exists()


def test_renaming_keeps_the_theme_and_its_history(
    partnership: Partnership, business_team_member: User
) -> None:
    theme = add_theme(partnership, by=business_team_member, name="Young carer")

    changed = change_theme(
        theme,
        by=business_team_member,
        expected_version=1,
        name="Young carers",
        description="Children who care for a parent.",
    )

    assert (changed.pk, changed.name, changed.version) == (theme.pk, "Young carers", 2)
    assert [each.name for each in changed.history.order_by("history_date")] == [
        "Young carer",
        "Young carers",
    ]


def test_a_rename_from_an_old_version_is_refused_and_shows_both(
    partnership: Partnership, business_team_member: User
) -> None:
    theme = add_theme(partnership, by=business_team_member, name="Young carer")
    change_theme(theme, by=business_team_member, expected_version=1, name="Carers", description="")

    with pytest.raises(EditConflict) as clash:
        change_theme(
            theme, by=business_team_member, expected_version=1, name="Young carers", description=""
        )

    assert clash.value.theirs == {"name": "Carers"}
    assert clash.value.yours == {"name": "Young carers"}
    assert Theme.objects.get(pk=theme.pk).name == "Carers"


def test_retiring_and_restoring_a_theme(
    partnership: Partnership, business_team_member: User
) -> None:
    theme = add_theme(partnership, by=business_team_member, name="Young carers")

    retired = retire_theme(theme, by=business_team_member)
    with pytest.raises(ActionError, match="already retired"):
        retire_theme(theme, by=business_team_member)
    restored = restore_theme(theme, by=business_team_member)

    assert (retired.active, restored.active) == (False, True)
    assert theme.history.count() == 3


# Pages


@pytest.fixture
def subgroup_member(partnership: Partnership) -> User:
    return give_role(
        make_user(partnership=partnership, email="sub@wtp.example", full_name="Sam Sub"),
        PartnershipRole.Role.CSPR_SUBGROUP_MEMBER,
    )


def test_an_empty_list_offers_the_common_themes_and_the_button_adds_them(
    client: Client, business_team_member: User, partnership: Partnership
) -> None:
    sign_in(client, business_team_member)

    page = client.get(reverse("reviews:themes")).content.decode()
    response = client.post(reverse("reviews:themes-common"), follow=True)

    assert 'data-testid="no-themes"' in page
    assert "Add the common themes" in page
    assert f"{len(COMMON_THEMES)} common themes have been added." in response.content.decode()
    assert "Add the common themes" not in response.content.decode()


def test_a_subgroup_member_reads_the_themes_but_cannot_change_them(
    client: Client, subgroup_member: User, partnership: Partnership, business_team_member: User
) -> None:
    theme = add_theme(partnership, by=business_team_member, name="Young carers")
    sign_in(client, subgroup_member)

    page = client.get(reverse("reviews:themes"))
    add = client.post(reverse("reviews:theme-add"), {"version": "0", "name": "Hostile"})
    retire = client.post(reverse("reviews:theme-retire", kwargs={"theme_pk": theme.pk}))

    assert page.status_code == 200
    assert "Young carers" in page.content.decode()
    assert "Add a theme" not in page.content.decode()
    assert (add.status_code, retire.status_code) == (403, 403)
    assert Theme.objects.get(pk=theme.pk).active


def test_someone_without_a_partnership_role_is_refused(
    client: Client, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)

    assert client.get(reverse("reviews:themes")).status_code == 403


def test_another_partnerships_theme_does_not_exist_for_them(
    client: Client, outsider: User, partnership: Partnership, business_team_member: User
) -> None:
    theme = add_theme(partnership, by=business_team_member, name="Young carers")
    sign_in(client, outsider)

    edit = client.get(reverse("reviews:theme-edit", kwargs={"theme_pk": theme.pk}))
    retire = client.post(reverse("reviews:theme-retire", kwargs={"theme_pk": theme.pk}))
    page = client.get(reverse("reviews:themes")).content.decode()

    assert (edit.status_code, retire.status_code) == (404, 404)
    assert "Young carers" not in page


def test_adding_a_theme_through_the_page_escapes_it_and_a_clash_is_named(
    client: Client, business_team_member: User, partnership: Partnership
) -> None:
    sign_in(client, business_team_member)

    added = client.post(
        reverse("reviews:theme-add"), {"version": "0", "name": "<script>x</script>"}
    )
    again = client.post(
        reverse("reviews:theme-add"), {"version": "0", "name": "<SCRIPT>x</script>"}
    )

    assert added.status_code == 302
    assert again.status_code == 400
    body = again.content.decode()
    assert "There is already a theme called" in body
    assert "<script>x</script>" not in body


def test_the_add_form_as_the_page_renders_it_adds_the_theme(
    web_as: WebAs, business_team_member: User, partnership: Partnership
) -> None:
    app = web_as(business_team_member)
    page = app.get(reverse("reviews:themes"))
    form = _add_form(page)
    form["name"] = "Young carers"
    form["description"] = "Children who care for a parent or sibling."

    listed = form.submit().follow()

    theme = Theme.objects.get(partnership=partnership, name="Young carers")
    assert theme.description == "Children who care for a parent or sibling."
    assert theme.history.get().history_user == business_team_member
    assert "“Young carers” has been added." in listed.text
    assert "Young carers" in listed.html.select_one("[data-testid=active-themes]").get_text()


def test_the_add_form_without_a_name_links_its_error_to_the_name_box(
    web_as: WebAs, business_team_member: User, partnership: Partnership
) -> None:
    page = web_as(business_team_member).get(reverse("reviews:themes"))

    refused = _add_form(page).submit(expect_errors=True)

    assert refused.status_code == 400
    assert error_links(refused.text) == [("Enter the theme's name", "#id_name")]
    assert misdirected_error_links(refused.text) == []
    assert not Theme.objects.filter(partnership=partnership).exists()


def test_the_add_form_refuses_a_control_character_in_the_name_at_its_box(
    web_as: WebAs, business_team_member: User, partnership: Partnership
) -> None:
    form = _add_form(web_as(business_team_member).get(reverse("reviews:themes")))
    form["name"] = "Neglect\x07"

    refused = form.submit(expect_errors=True)

    assert refused.status_code == 400
    assert error_links(refused.text) == [
        (
            "The theme's name must not contain hidden control characters: type it again, "
            "rather than pasting it",
            "#id_name",
        )
    ]
    assert not Theme.objects.filter(partnership=partnership).exists()


def _add_form(page: TestResponse) -> Form:
    [form] = [form for form in page.forms.values() if form.action == reverse("reviews:theme-add")]
    return form


def test_the_edit_page_saves_and_a_stale_version_gets_409_with_both_values(
    client: Client, business_team_member: User, partnership: Partnership
) -> None:
    theme = add_theme(partnership, by=business_team_member, name="Young carer")
    sign_in(client, business_team_member)
    url = reverse("reviews:theme-edit", kwargs={"theme_pk": theme.pk})

    saved = client.post(url, {"version": "1", "name": "Young carers", "description": ""})
    stale = client.post(url, {"version": "1", "name": "Carers", "description": ""})

    assert saved.status_code == 302
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Young carers" in body
    assert "Carers" in body
    assert Theme.objects.get(pk=theme.pk).name == "Young carers"


def test_retired_themes_are_listed_apart_and_can_be_restored(
    client: Client, business_team_member: User, partnership: Partnership
) -> None:
    theme = add_theme(partnership, by=business_team_member, name="Young carers")
    sign_in(client, business_team_member)

    client.post(reverse("reviews:theme-retire", kwargs={"theme_pk": theme.pk}))
    page = client.get(reverse("reviews:themes")).content.decode()
    client.post(reverse("reviews:theme-restore", kwargs={"theme_pk": theme.pk}))

    retired_part = page.split('data-testid="retired-themes"')[1]
    assert "Young carers" in retired_part
    assert Theme.objects.get(pk=theme.pk).active
