"""The author's drafts, comments on them, the final draft, sign-off and the anonymisation check:
a module per page.

Everyone taking part in the LCSPR but the agencies reads the drafts and the sign-off page and
downloads any version (VIEW_REVIEW). The author and the business team upload versions, answer
comments and record the draft presented (AUTHOR_WORK); the review panel, partner leads, chairs
and legal comment (COMMENT_ON_DRAFTS); the business team records the panel's agreement of the
final draft (RUN_REVIEW). People sign off for the organisations they speak for; the business
team records a sign-off on an organisation's behalf. The anonymisation check shows real
identifiers, so only the business team runs it (VIEW_IDENTITY), and each run is logged.

reviews.urls includes ``urlpatterns`` (through reviews.views.lcspr).
"""

from __future__ import annotations

from django.urls import URLPattern, path

from reviews.views.lcspr.drafts import anonymisation, sign_off, version, versions

urlpatterns: list[URLPattern] = [
    path("<int:pk>/drafts/", versions.drafts, name="drafts"),
    path("<int:pk>/drafts/upload/", versions.draft_upload, name="draft-upload"),
    path("<int:pk>/drafts/<int:number>/", version.draft, name="draft"),
    path("<int:pk>/drafts/<int:number>/download/", versions.draft_download, name="draft-download"),
    path("<int:pk>/drafts/<int:number>/comments/", version.draft_comment, name="draft-comment"),
    path(
        "<int:pk>/drafts/<int:number>/comments/<int:comment_pk>/answer/",
        version.draft_comment_answer,
        name="draft-comment-answer",
    ),
    path(
        "<int:pk>/drafts/<int:number>/presented/", version.draft_presented, name="draft-presented"
    ),
    path("<int:pk>/drafts/<int:number>/final/", version.draft_final, name="draft-final"),
    path(
        "<int:pk>/drafts/<int:number>/anonymisation/",
        anonymisation.anonymisation,
        name="anonymisation",
    ),
    path("<int:pk>/sign-off/", sign_off.sign_off, name="sign-off"),
    path("<int:pk>/sign-off/sign/", sign_off.sign_off_sign, name="sign-off-sign"),
    path("<int:pk>/sign-off/on-behalf/", sign_off.sign_off_on_behalf, name="sign-off-on-behalf"),
]
