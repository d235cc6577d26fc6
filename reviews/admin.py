from django.contrib import admin

from reviews.models import ClosureDay, OneOffBankHoliday


@admin.register(OneOffBankHoliday)
class OneOffBankHolidayAdmin(admin.ModelAdmin[OneOffBankHoliday]):
    list_display = ("date", "name", "region")
    list_filter = ("region",)


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin[ClosureDay]):
    list_display = ("date", "name", "partnership")
    list_filter = ("partnership",)
