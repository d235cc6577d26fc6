"""The rapid review and the National Panel: one page showing the report sent, the Panel's
acknowledgement and response, the partners reconvened and the CSPR subgroup informed, with a
form for each that posts to its own address; then the outcome and who was told it.

Everyone taking part in the rapid review (agencies aside) reads these pages; the business
team and the review's business team lead act (Permission.RUN_REVIEW). An LCSPR has none of
them (404). A closed review's Panel and outcome pages are read only; communications can still
be recorded, since the outcome is often communicated after it is recorded. A package by
sub-topic; reviews.urls includes ``urlpatterns``.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from reviews.views.panel.outcome import communications, outcome
from reviews.views.panel.page import panel
from reviews.views.panel.posts import (
    acknowledge,
    inform_subgroup,
    letter,
    reconvene,
    respond,
    submit,
)

urlpatterns: list[URLPattern] = [
    path("<int:pk>/panel/", panel, name="panel"),
    path("<int:pk>/panel/submission/", submit, name="panel-submit"),
    path("<int:pk>/panel/acknowledgement/", acknowledge, name="panel-acknowledge"),
    path("<int:pk>/panel/response/", respond, name="panel-respond"),
    path("<int:pk>/panel/response/letter/", letter, name="panel-letter"),
    path("<int:pk>/panel/reconvene/", reconvene, name="panel-reconvene"),
    path("<int:pk>/panel/subgroup/", inform_subgroup, name="panel-subgroup"),
    path("<int:pk>/outcome/", outcome, name="outcome"),
    path("<int:pk>/communications/", communications, name="communications"),
]
