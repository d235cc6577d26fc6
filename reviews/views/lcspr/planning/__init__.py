"""Starting an LCSPR, its terms of reference, the independent author and the introduction
meeting: a module per page.

Everyone taking part in the LCSPR (agencies aside) reads these pages. The business team
records an LCSPR and shares and records the terms; the business team, the review's business
team lead and the independent author draft the terms and record the introduction meeting;
review panel members and partner leads agree the terms. A rapid review has none of these
pages (404). reviews.urls includes ``urlpatterns`` (through reviews.views.lcspr).
"""

from __future__ import annotations

from django.urls import URLPattern, path

from reviews.views.lcspr.planning import author, introduction, record, terms

urlpatterns: list[URLPattern] = [
    path("lcspr/new/", record.record, name="record-lcspr"),
    path("<int:pk>/terms-of-reference/", terms.terms, name="terms"),
    path("<int:pk>/terms-of-reference/new/", terms.terms_draft, name="terms-draft"),
    path("<int:pk>/terms-of-reference/share/", terms.terms_share, name="terms-share"),
    path("<int:pk>/terms-of-reference/agree/", terms.terms_agree, name="terms-agree"),
    path("<int:pk>/terms-of-reference/agreed/", terms.terms_agreed, name="terms-agreed"),
    path("<int:pk>/author/", author.author, name="author"),
    path("<int:pk>/author/change/", author.author_edit, name="author-edit"),
    path(
        "<int:pk>/introduction-meeting/",
        introduction.introduction_meeting,
        name="introduction-meeting",
    ),
]
