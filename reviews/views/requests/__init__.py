"""Requests for information and the agencies' returns: the business team's list and following
up (follow_up), an agency's return (returns), and its chronology and documents (files).

A package by sub-topic; reviews.urls includes ``urlpatterns``.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from reviews.views.requests import files, follow_up, returns

_ONE = "<int:pk>/requests/<int:request_pk>"

urlpatterns: list[URLPattern] = [
    path("<int:pk>/requests/", follow_up.request_list, name="requests"),
    path("<int:pk>/requests/chase-late/", follow_up.chase_late, name="requests-chase-late"),
    path(f"{_ONE}/", returns.request_page, name="request"),
    path(f"{_ONE}/autosave/", returns.autosave, name="request-autosave"),
    path(f"{_ONE}/submit/", returns.submit, name="request-submit"),
    path(f"{_ONE}/no-involvement/", returns.no_involvement, name="request-no-involvement"),
    path(f"{_ONE}/more-detail/", follow_up.more_detail, name="request-more-detail"),
    path(f"{_ONE}/chase/", follow_up.chase, name="request-chase"),
    path(f"{_ONE}/chronology/add/", files.chronology_add, name="request-chronology-add"),
    path(
        f"{_ONE}/chronology/<int:entry_pk>/remove/",
        files.chronology_remove,
        name="request-chronology-remove",
    ),
    path(f"{_ONE}/chronology/import/", files.chronology_import, name="request-chronology-import"),
    path(f"{_ONE}/documents/add/", files.document_add, name="request-document-add"),
    path(f"{_ONE}/documents/<int:document_pk>/", files.document_download, name="request-document"),
    path(
        f"{_ONE}/documents/<int:document_pk>/remove/",
        files.document_remove,
        name="request-document-remove",
    ),
]
