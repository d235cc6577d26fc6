"""Every change to a partnership's themes made on the service's own pages (add, rename, retire,
restore) is recorded as an append-only, hash-chained ``AdminChange`` (issue 18), and a refused
attempt records nothing."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse
from webtest import Form, TestResponse

from accounts.chain import first_break
from accounts.models import AdminChange, Partnership, User
from conftest import WebAs
from reviews.actions.learning.plans.themes import add_theme
from reviews.models import Theme


def _form(page: TestResponse, action: str) -> Form:
    [form] = [form for form in page.forms.values() if form.action == action]
    return form


def _edit_form(page: TestResponse) -> Form:
    [form] = [form for form in page.forms.values() if "name" in form.fields]
    return form


def _records(theme: Theme) -> list[tuple[str, dict[str, object]]]:
    rows = AdminChange.objects.filter(model="reviews.theme", object_id=str(theme.pk))
    return [(row.action, row.changes) for row in rows.order_by("pk")]


def test_adding_renaming_retiring_and_restoring_through_the_pages_are_each_recorded(
    web_as: WebAs, business_team_member: User, partnership: Partnership
) -> None:
    app = web_as(business_team_member)
    themes = reverse("reviews:themes")

    form = _form(app.get(themes), reverse("reviews:theme-add"))
    form["name"] = "Young carer"
    form.submit().follow()
    theme = Theme.objects.get(partnership=partnership)
    edit = reverse("reviews:theme-edit", kwargs={"theme_pk": theme.pk})

    form = _edit_form(app.get(edit))
    form["name"] = "Young carers"
    form.submit().follow()
    retire = reverse("reviews:theme-retire", kwargs={"theme_pk": theme.pk})
    _form(app.get(themes), retire).submit().follow()
    restore = reverse("reviews:theme-restore", kwargs={"theme_pk": theme.pk})
    _form(app.get(themes), restore).submit().follow()

    assert _records(theme) == [
        (
            AdminChange.Action.ADDED,
            {"name": {"to": "Young carer"}, "description": {"to": ""}, "active": {"to": True}},
        ),
        (AdminChange.Action.CHANGED, {"name": {"from": "Young carer", "to": "Young carers"}}),
        (AdminChange.Action.CHANGED, {"active": {"from": True, "to": False}}),
        (AdminChange.Action.CHANGED, {"active": {"from": False, "to": True}}),
    ]
    rows = AdminChange.objects.filter(object_id=str(theme.pk))
    assert {row.actor_id for row in rows} == {business_team_member.pk}
    assert {row.object_repr for row in rows} >= {f"Young carers (partnership {partnership.pk})"}
    assert first_break(AdminChange) == (None, 4)
    call_command("verify_audit", stdout=None)


def test_saving_a_theme_unchanged_records_nothing(
    web_as: WebAs, business_team_member: User, partnership: Partnership
) -> None:
    theme = add_theme(partnership, by=business_team_member, name="Young carers")
    edit = reverse("reviews:theme-edit", kwargs={"theme_pk": theme.pk})

    _edit_form(web_as(business_team_member).get(edit)).submit().follow()

    assert [action for action, _ in _records(theme)] == [AdminChange.Action.ADDED]


def test_another_partnerships_retirement_is_refused_and_records_nothing(
    web_as: WebAs, outsider: User, business_team_member: User, partnership: Partnership
) -> None:
    theme = add_theme(partnership, by=business_team_member, name="Young carers")
    app = web_as(outsider)
    own = _form(app.get(reverse("reviews:themes")), reverse("reviews:theme-add"))
    token = own["csrfmiddlewaretoken"].value

    refused = app.post(
        reverse("reviews:theme-retire", kwargs={"theme_pk": theme.pk}),
        {"csrfmiddlewaretoken": token},
        expect_errors=True,
    )

    assert refused.status_code == 404
    assert Theme.objects.get(pk=theme.pk).active
    assert [action for action, _ in _records(theme)] == [AdminChange.Action.ADDED]
