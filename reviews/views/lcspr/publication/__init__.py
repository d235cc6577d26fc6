"""Family engagement, the regulation 14 monitoring log, the media strategy and publication of
an LCSPR, and the partnership's report of late publications.

Every review page answers a rapid review with 404. A package by sub-topic; reviews.urls
includes ``urlpatterns`` (through reviews.views.lcspr).
"""

from __future__ import annotations

from django.urls import URLPattern, path

from reviews.views.lcspr.publication import delays, family, media, monitoring, publishing

urlpatterns: list[URLPattern] = [
    path("<int:pk>/family/", family.family, name="family"),
    path("<int:pk>/family/plan/", family.family_plan, name="family-plan"),
    path("<int:pk>/family/contacts/", family.family_contact, name="family-contact"),
    path("<int:pk>/family/defer/", family.family_defer, name="family-defer"),
    path("<int:pk>/family/resume/", family.family_resume, name="family-resume"),
    path("<int:pk>/family/told/", family.family_told, name="family-told"),
    path("<int:pk>/family/done/", family.family_complete, name="family-complete"),
    path("<int:pk>/monitoring/", monitoring.monitoring, name="monitoring"),
    path(
        "<int:pk>/monitoring/checkpoints/",
        monitoring.monitoring_checkpoint,
        name="monitoring-checkpoint",
    ),
    path("<int:pk>/monitoring/requests/", monitoring.monitoring_request, name="monitoring-request"),
    path(
        "<int:pk>/monitoring/<int:entry_pk>/reply/",
        monitoring.monitoring_reply,
        name="monitoring-reply",
    ),
    path("<int:pk>/media-strategy/", media.media_strategy, name="media-strategy"),
    path("<int:pk>/media-strategy/agree/", media.media_strategy_agree, name="media-strategy-agree"),
    path("<int:pk>/publication/", publishing.publication, name="publication"),
    path("<int:pk>/publication/plan/", publishing.publication_plan, name="publication-plan"),
    path("<int:pk>/publication/notice/", publishing.publication_notice, name="publication-notice"),
    path("<int:pk>/publication/delay/", publishing.publication_delay, name="publication-delay"),
    path(
        "<int:pk>/publication/published/",
        publishing.publication_publish,
        name="publication-publish",
    ),
    path("lcspr/publication-delays/", delays.delays_report, name="publication-delays"),
]
