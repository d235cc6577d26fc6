"""Sharing a review's learning, one module per page: documents (the 7-minute briefing and the
learning on one page), dissemination (how each organisation shared it) and themes_across (the
partnership's themes counted across reviews, and their export).

Routes are listed in ``urlpatterns``, which reviews.views.learning collects.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from reviews.views.learning.sharing import dissemination, documents, themes_across

urlpatterns: list[URLPattern] = [
    path("<int:pk>/learning/documents/", documents.learning_documents, name="learning-documents"),
    path(
        "<int:pk>/learning/documents/generate/",
        documents.learning_documents_generate,
        name="learning-documents-generate",
    ),
    path("<int:pk>/learning/shared/", dissemination.dissemination, name="dissemination"),
    path(
        "<int:pk>/learning/shared/add/", dissemination.dissemination_add, name="dissemination-add"
    ),
    path("themes/across/", themes_across.themes_across, name="themes-across"),
    path(
        "themes/across/<int:theme_pk>/<int:year>/",
        themes_across.themes_across_detail,
        name="themes-across-detail",
    ),
    path("themes/across/export.<str:fmt>", themes_across.themes_export, name="themes-export"),
]
