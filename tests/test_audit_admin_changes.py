"""Issue 18, item 5: every change made in the admin is recorded, append-only and chained:
who, which record, each field's old and new value."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import AdminChange, Partnership, PartnershipRole, User
from conftest import WebAs
from reviews.models import ClosureDay, Theme

Role = PartnershipRole.Role


@pytest.fixture
def administrator(partnership: Partnership) -> User:
    return User.objects.create_superuser(
        "admin@wtp.example", "a long admin password", full_name="Ada Admin", partnership=partnership
    )


def only_change() -> AdminChange:
    (change,) = list(AdminChange.objects.all())
    assert isinstance(change, AdminChange)
    return change


def test_granting_a_partnership_role_is_recorded(
    web_as: WebAs, administrator: User, business_team_member: User, partnership: Partnership
) -> None:
    page = web_as(administrator).get(reverse("admin:accounts_partnershiprole_add"))
    form = page.forms["partnershiprole_form"]
    form["user"] = str(business_team_member.pk)
    form["partnership"] = str(partnership.pk)
    form["role"] = Role.AUDITOR.value
    form.submit().follow()

    granted = PartnershipRole.objects.get(user=business_team_member, role=Role.AUDITOR)
    change = only_change()
    assert (change.actor, change.action, change.model) == (
        administrator,
        "added",
        "accounts.partnershiprole",
    )
    assert change.object_id == str(granted.pk)
    assert change.changes["role"] == {"from": None, "to": "auditor"}
    assert change.changes["user"]["to"] == {
        "id": business_team_member.pk,
        "name": str(business_team_member),
    }


def test_changing_and_removing_a_role_on_the_person_s_page_is_recorded(
    web_as: WebAs, administrator: User, business_team_member: User
) -> None:
    held = business_team_member.partnership_roles.get()
    app = web_as(administrator)
    page = app.get(reverse("admin:accounts_user_change", args=[business_team_member.pk]))
    form = page.forms["user_form"]
    form["partnership_roles-0-role"] = Role.LEGAL_REPRESENTATIVE.value
    form.submit().follow()

    changed = AdminChange.objects.get(model="accounts.partnershiprole", action="changed")
    assert changed.changes == {"role": {"from": held.role, "to": Role.LEGAL_REPRESENTATIVE.value}}

    page = app.get(reverse("admin:accounts_user_change", args=[business_team_member.pk]))
    form = page.forms["user_form"]
    form["partnership_roles-0-DELETE"] = True
    form.submit().follow()

    removed = AdminChange.objects.get(model="accounts.partnershiprole", action="deleted")
    assert removed.object_id == str(held.pk)
    assert removed.changes["role"] == {"from": Role.LEGAL_REPRESENTATIVE.value}
    assert not business_team_member.partnership_roles.exists()


def test_calendar_clock_and_theme_changes_are_recorded(
    web_as: WebAs, administrator: User, partnership: Partnership
) -> None:
    app = web_as(administrator)
    page = app.get(reverse("admin:reviews_closureday_add"))
    form = page.forms["closureday_form"]
    form["partnership"] = str(partnership.pk)
    form["date"] = "2027-12-29"
    form["name"] = "Office closed"
    form.submit().follow()

    page = app.get(reverse("admin:reviews_oneoffbankholiday_add"))
    form = page.forms["oneoffbankholiday_form"]
    form["region"] = form["region"].options[1][0]
    form["date"] = "2027-06-07"
    form["name"] = "Proclaimed holiday"
    form.submit().follow()

    page = app.get(reverse("admin:accounts_partnership_change", args=[partnership.pk]))
    form = page.forms["partnership_form"]
    before = form["clock_origin"].value
    after = next(value for value, *_ in form["clock_origin"].options if value != before)
    form["clock_origin"] = after
    form.submit().follow()

    theme = Theme.objects.filter(partnership=partnership).first() or Theme.objects.create(
        partnership=partnership, name="Neglect"
    )
    page = app.get(reverse("admin:reviews_theme_change", args=[theme.pk]))
    form = page.forms["theme_form"]
    form["name"] = "Neglect (renamed)"
    form.submit().follow()

    closure = ClosureDay.objects.get(partnership=partnership)
    page = app.get(reverse("admin:reviews_closureday_delete", args=[closure.pk]))
    next(form for form in page.forms.values() if "post" in form.fields).submit().follow()

    made = [(c.action, c.model) for c in AdminChange.objects.order_by("pk")]
    assert made == [
        ("added", "reviews.closureday"),
        ("added", "reviews.oneoffbankholiday"),
        ("changed", "accounts.partnership"),
        ("changed", "reviews.theme"),
        ("deleted", "reviews.closureday"),
    ]
    clock = AdminChange.objects.get(model="accounts.partnership")
    assert clock.changes == {"clock_origin": {"from": before, "to": after}}
    renamed = AdminChange.objects.get(model="reviews.theme")
    assert renamed.changes["name"] == {"from": theme.name, "to": "Neglect (renamed)"}
    assert AdminChange.objects.get(action="deleted").changes["name"] == {"from": "Office closed"}
    assert {c.actor for c in AdminChange.objects.all()} == {administrator}
    call_command("verify_audit", stdout=None)


def test_the_admin_changes_are_read_only_and_closed_to_people_who_are_not_staff(
    web_as: WebAs, administrator: User, business_team_member: User
) -> None:
    web_as(administrator).get(reverse("admin:accounts_adminchange_changelist"))
    refused = web_as(business_team_member).get(
        reverse("admin:accounts_adminchange_changelist"), status=302
    )
    no_add = web_as(administrator).get(reverse("admin:accounts_adminchange_add"), status=403)

    assert "/admin/login/" in refused.location
    assert no_add.status_code == 403
    assert not AdminChange.objects.exists()
