"""Routes under /reviews/. Each topic's view module lists its own routes."""

from django.urls import URLPattern, path

from reviews.views import (
    access_log,
    decisions,
    documents,
    identity,
    lcspr,
    learning,
    members,
    notification,
    panel,
    report,
    requests,
    reviews,
    steps,
    working_day_one,
)

app_name = "reviews"

urlpatterns: list[URLPattern] = [
    path("", reviews.review_list, name="list"),
    path("<int:pk>/", reviews.review_detail, name="detail"),
    path("<int:pk>/edit/", reviews.review_edit, name="edit"),
    path("<int:pk>/history/", reviews.review_history, name="history"),
    path("<int:pk>/people/", members.member_list, name="members"),
    path("<int:pk>/people/<int:member_pk>/remove/", members.member_remove, name="member-remove"),
    path("<int:pk>/identities/", identity.identities, name="identities"),
    path("access-log/", access_log.access_log, name="access-log"),
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
