from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import Membership, Organisation, Partnership, PartnershipRole, User


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0


class PartnershipRoleInline(admin.TabularInline[PartnershipRole, User]):
    model = PartnershipRole
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
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
class PartnershipAdmin(admin.ModelAdmin[Partnership]):
    list_display = ("name", "short_name", "code_prefix", "calendar_region", "clock_origin")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "is_statutory_partner", "partnership")
    list_filter = ("partnership", "kind", "is_statutory_partner")
