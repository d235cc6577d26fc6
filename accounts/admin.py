from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.admin_audit import AuditedAdmin, ReadOnlyAdmin
from accounts.local_authorities import LocalAuthority
from accounts.models import (
    AccountEvent,
    AdminChange,
    Membership,
    Organisation,
    Partnership,
    PartnershipRole,
    User,
)


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0


class PartnershipRoleInline(admin.TabularInline[PartnershipRole, User]):
    model = PartnershipRole
    extra = 0


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin[User]):
    ordering = ("full_name",)
    list_display = ("email", "full_name", "partnership", "is_active", "is_staff")
    list_filter = ("partnership", "is_active", "is_staff")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "partnership")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("email", "full_name", "partnership", "password1", "password2")}),
    )
    inlines = (MembershipInline, PartnershipRoleInline)


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "code_prefix", "calendar_region", "clock_origin")


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(AuditedAdmin):
    """A partnership's local authorities: each with its children's social care and legal
    services (an organisation's or a legal representative's authority names it)."""

    list_display = ("name", "partnership")
    list_filter = ("partnership",)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "is_statutory_partner", "partnership")
    list_filter = ("partnership", "kind", "is_statutory_partner")


@admin.register(PartnershipRole)
class PartnershipRoleAdmin(AuditedAdmin):
    list_display = ("user", "role", "organisation", "partnership")
    list_filter = ("partnership", "role")


@admin.register(AdminChange)
class AdminChangeAdmin(ReadOnlyAdmin):
    """Every change made in the admin (accounts.admin_audit), newest first."""

    list_display = ("created_at", "actor", "action", "model", "object_repr")
    list_filter = ("action", "model")


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "kind")
    list_filter = ("kind",)
