"""Learning from reviews and what is done about it, one module per part."""

from __future__ import annotations

from django.urls import URLPattern

from reviews.views.learning import plans, sharing

urlpatterns: list[URLPattern] = [*plans.urlpatterns, *sharing.urlpatterns]
