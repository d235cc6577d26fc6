"""Themes, learning, recommendations, action plans and the partnership's action tracker.

Routes are listed in ``urlpatterns``, which reviews.urls includes. The views live in one
module per part: plan_themes (the partnership's themes), plan_learning (a review's learning,
recommendations, new actions and immediate actions), plan_actions (one action's page and what
is done on it) and plan_tracker (every action the person may see).
"""

from __future__ import annotations

from django.urls import URLPattern, path

from reviews.views.learning import plan_actions, plan_learning, plan_themes, plan_tracker

_ACTION = "<int:pk>/actions/<int:action_pk>/"

urlpatterns: list[URLPattern] = [
    path("themes/", plan_themes.themes, name="themes"),
    path("themes/add/", plan_themes.theme_add, name="theme-add"),
    path("themes/common/", plan_themes.themes_common, name="themes-common"),
    path("themes/<int:theme_pk>/", plan_themes.theme_edit, name="theme-edit"),
    path("themes/<int:theme_pk>/retire/", plan_themes.theme_retire, name="theme-retire"),
    path("themes/<int:theme_pk>/restore/", plan_themes.theme_restore, name="theme-restore"),
    path("<int:pk>/learning/", plan_learning.learning_page, name="learning"),
    path("<int:pk>/learning/add/", plan_learning.learning_add, name="learning-add"),
    path(
        "<int:pk>/learning/<int:learning_pk>/",
        plan_learning.learning_edit,
        name="learning-edit",
    ),
    path(
        "<int:pk>/recommendations/add/",
        plan_learning.recommendation_add,
        name="recommendation-add",
    ),
    path(
        "<int:pk>/recommendations/<int:recommendation_pk>/",
        plan_learning.recommendation_edit,
        name="recommendation-edit",
    ),
    path(
        "<int:pk>/recommendations/<int:recommendation_pk>/actions/add/",
        plan_learning.action_add,
        name="action-add",
    ),
    path("<int:pk>/actions/immediate/", plan_learning.immediate_action, name="immediate-action"),
    path(_ACTION, plan_actions.plan_action, name="plan-action"),
    path(f"{_ACTION}progress/", plan_actions.update, name="plan-action-update"),
    path(f"{_ACTION}complete/", plan_actions.complete, name="plan-action-complete"),
    path(f"{_ACTION}confirm/", plan_actions.confirm, name="plan-action-confirm"),
    path(f"{_ACTION}send-back/", plan_actions.send_back, name="plan-action-send-back"),
    path(f"{_ACTION}withdraw/", plan_actions.withdraw, name="plan-action-withdraw"),
    path(f"{_ACTION}evidence/", plan_actions.evidence_add, name="plan-action-evidence"),
    path(
        f"{_ACTION}evidence/<int:evidence_pk>/",
        plan_actions.evidence_download,
        name="plan-action-evidence-download",
    ),
    path(
        f"{_ACTION}evidence/<int:evidence_pk>/remove/",
        plan_actions.evidence_remove,
        name="plan-action-evidence-remove",
    ),
    path("actions/", plan_tracker.action_tracker, name="action-tracker"),
]
