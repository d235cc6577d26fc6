"""The review's own pages: the list of reviews, the overview, its details, its history, the
people taking part, the real identities and the partnership's access log."""

from django.urls import URLPattern, path

from reviews.views.review import access_log, dashboard, detail, edit, history, identity, members

urlpatterns: list[URLPattern] = [
    path("", dashboard.review_list, name="list"),
    path("<int:pk>/", detail.review_detail, name="detail"),
    path("<int:pk>/edit/", edit.review_edit, name="edit"),
    path("<int:pk>/history/", history.review_history, name="history"),
    path("<int:pk>/people/", members.member_list, name="members"),
    path("<int:pk>/people/<int:member_pk>/remove/", members.member_remove, name="member-remove"),
    path("<int:pk>/identities/", identity.identities, name="identities"),
    path("access-log/", access_log.access_log, name="access-log"),
]
