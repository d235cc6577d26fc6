"""The pages of a local child safeguarding practice review, one module per part of it."""

from __future__ import annotations

from django.urls import URLPattern

from reviews.views.lcspr import drafts, events, planning, publication

urlpatterns: list[URLPattern] = [
    *planning.urlpatterns,
    *events.urlpatterns,
    *publication.urlpatterns,
    *drafts.urlpatterns,
]
