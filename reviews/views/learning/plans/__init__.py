"""Themes, learning, recommendations, action plans and the partnership's action tracker.

Routes are listed in ``urlpatterns``, which reviews.views.learning collects. The views live in
one module per page: themes (the partnership's themes), learning (a review's learning page and
its learning), recommendations, new_action (an action for a recommendation, or an immediate
action), actions (one action's page and what is done on it), evidence (the documents
evidencing an action) and tracker (every action the person may see); common holds what they
share.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from reviews.views.learning.plans import (
    actions,
    evidence,
    learning,
    new_action,
    recommendations,
    themes,
    tracker,
)

_ACTION = "<int:pk>/actions/<int:action_pk>/"

urlpatterns: list[URLPattern] = [
    path("themes/", themes.themes, name="themes"),
    path("themes/add/", themes.theme_add, name="theme-add"),
    path("themes/common/", themes.themes_common, name="themes-common"),
    path("themes/<int:theme_pk>/", themes.theme_edit, name="theme-edit"),
    path("themes/<int:theme_pk>/retire/", themes.theme_retire, name="theme-retire"),
    path("themes/<int:theme_pk>/restore/", themes.theme_restore, name="theme-restore"),
    path("<int:pk>/learning/", learning.learning_page, name="learning"),
    path("<int:pk>/learning/add/", learning.learning_add, name="learning-add"),
    path(
        "<int:pk>/learning/<int:learning_pk>/",
        learning.learning_edit,
        name="learning-edit",
    ),
    path(
        "<int:pk>/recommendations/add/",
        recommendations.recommendation_add,
        name="recommendation-add",
    ),
    path(
        "<int:pk>/recommendations/<int:recommendation_pk>/",
        recommendations.recommendation_edit,
        name="recommendation-edit",
    ),
    path(
        "<int:pk>/recommendations/<int:recommendation_pk>/actions/add/",
        new_action.action_add,
        name="action-add",
    ),
    path("<int:pk>/actions/immediate/", new_action.immediate_action, name="immediate-action"),
    path(_ACTION, actions.plan_action, name="plan-action"),
    path(f"{_ACTION}progress/", actions.update, name="plan-action-update"),
    path(f"{_ACTION}complete/", actions.complete, name="plan-action-complete"),
    path(f"{_ACTION}confirm/", actions.confirm, name="plan-action-confirm"),
    path(f"{_ACTION}send-back/", actions.send_back, name="plan-action-send-back"),
    path(f"{_ACTION}withdraw/", actions.withdraw, name="plan-action-withdraw"),
    path(f"{_ACTION}evidence/", evidence.evidence_add, name="plan-action-evidence"),
    path(
        f"{_ACTION}evidence/<int:evidence_pk>/",
        evidence.evidence_download,
        name="plan-action-evidence-download",
    ),
    path(
        f"{_ACTION}evidence/<int:evidence_pk>/remove/",
        evidence.evidence_remove,
        name="plan-action-evidence-remove",
    ),
    path("actions/", tracker.action_tracker, name="action-tracker"),
]
