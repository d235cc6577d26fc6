"""Pages for this topic; their routes are listed in ``urlpatterns`` and included by reviews.urls."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
