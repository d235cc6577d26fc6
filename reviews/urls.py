"""Routes under /reviews/. Each topic's view module lists its own routes."""

from django.urls import URLPattern

from reviews.views import (
    decisions,
    documents,
    lcspr,
    learning,
    notification,
    panel,
    report,
    requests,
    review,
    steps,
    working_day_one,
)

app_name = "reviews"

urlpatterns: list[URLPattern] = [
    *review.urlpatterns,
    *notification.urlpatterns,
    *working_day_one.urlpatterns,
    *steps.urlpatterns,
    *requests.urlpatterns,
    *documents.urlpatterns,
    *decisions.urlpatterns,
    *report.urlpatterns,
    *panel.urlpatterns,
    *lcspr.urlpatterns,
    *learning.urlpatterns,
]
