"""Who reaches the themes, a review's learning and action plan, one action's page and the
partnership's action tracker.

Everyone who may view the LCSPR reads its learning; the review team and the agency leads
record learning; the business team and the review's business team lead make recommendations
and add actions. An action of the school (the agency contributor's organisation) is theirs to
see and work on, though the rest of the review is not; only the business team confirms, sends
back or withdraws. The themes are for people with a partnership-wide role; the business team
keeps them. The setup builds everything through the real actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reviews.actions.learning.plans import (
    add_action,
    add_action_evidence,
    complete_action,
    make_recommendation,
)
from reviews.actions.learning.plans.learning import record_learning
from reviews.actions.learning.plans.themes import add_common_themes, retire_theme
from reviews.models import Learning, PlanAction, Theme
from reviews.process import Step
from reviews.tests.form_data import date_fields
from reviews.tests.request_helpers import PDF
from tests.matrix import (
    ALL_REVIEW_ROLES,
    BUSINESS_TEAM_AND_LEAD,
    EVERYONE_SIGNED_IN,
    Row,
    World,
    everyone_but,
    no_kwargs,
    on_lcspr,
)

RECORDERS = everyone_but(
    agency_contributor="forbidden",
    legal="forbidden",
    subgroup_chair="forbidden",
    partnership_chair="forbidden",
    auditor="hidden",
    same_partnership_non_member="hidden",
    other_partnership="hidden",
)
# The school's action: the agency contributor speaks for the school on the LCSPR.
SEES_SCHOOL_ACTION = ALL_REVIEW_ROLES | {"agency-contributor": "ok"}
WORKS_ON_SCHOOL_ACTION = BUSINESS_TEAM_AND_LEAD | {"agency-contributor": "ok"}
# Those with a partnership-wide role read the themes (the other partnership's business team
# reads its own partnership's list); the business team keeps them.
THEME_READERS = everyone_but(
    **dict.fromkeys(
        (
            "business_team_lead",
            "partner_lead",
            "agency_contributor",
            "legal",
            "partnership_chair",
            "panel_member",
            "author",
            "same_partnership_non_member",
        ),
        "forbidden",
    )
)
THEME_KEEPERS = THEME_READERS | {"auditor": "forbidden", "subgroup-chair": "forbidden"}
# A theme of our partnership does not exist for another partnership.
OUR_THEME_KEEPERS = THEME_KEEPERS | {"other-partnership": "hidden"}


def setup(world: World) -> None:
    team = world.people["business-team"]
    lcspr = world.lcspr
    school = world.organisations["school"]
    add_common_themes(world.partnership, by=team)
    themes = list(Theme.objects.filter(partnership=world.partnership).order_by("name"))
    learning = record_learning(
        lcspr,
        by=team,
        source=Learning.Source.OTHER,
        summary="Professional curiosity about the home was limited.",
        themes=themes[:1],
        scope=Learning.Scope.MULTI_AGENCY,
    )
    recommendation = make_recommendation(
        lcspr, by=team, text="Refresh training on curiosity.", learning=[learning]
    )
    due = timezone.localdate() + dt.timedelta(days=30)
    action = add_action(
        recommendation,
        by=team,
        description="Run a curiosity workshop for staff.",
        organisation=school,
        lead_name="Designated safeguarding lead",
        due_on=due,
    )
    evidence = add_action_evidence(
        action,
        by=team,
        upload=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
    )
    done = add_action(
        recommendation,
        by=team,
        description="Update the attendance policy.",
        organisation=school,
        lead_name="Head teacher",
        due_on=due,
    )
    done = complete_action(
        done,
        by=team,
        expected_version=done.version,
        completed_on=timezone.localdate(),
        evidence_note="The policy was updated and shared.",
    )
    world.extras.update(
        plans_theme=themes[0],
        plans_retired=retire_theme(themes[-1], by=team),
        plans_learning=learning,
        plans_recommendation=recommendation,
        plans_action=action,
        plans_evidence=evidence,
        plans_done=done,
    )


def _theme(world: World) -> dict[str, Any]:
    return {"theme_pk": world.extras["plans_theme"].pk}


def _retired(world: World) -> dict[str, Any]:
    return {"theme_pk": world.extras["plans_retired"].pk}


def _learning(world: World) -> dict[str, Any]:
    return {"pk": world.lcspr.pk, "learning_pk": world.extras["plans_learning"].pk}


def _recommendation(world: World) -> dict[str, Any]:
    return {"pk": world.lcspr.pk, "recommendation_pk": world.extras["plans_recommendation"].pk}


def _action(world: World) -> dict[str, Any]:
    return {"pk": world.lcspr.pk, "action_pk": world.extras["plans_action"].pk}


def _done(world: World) -> dict[str, Any]:
    return {"pk": world.lcspr.pk, "action_pk": world.extras["plans_done"].pk}


def _evidence(world: World) -> dict[str, Any]:
    return _action(world) | {"evidence_pk": world.extras["plans_evidence"].pk}


def _theme_data(world: World) -> dict[str, Any]:
    return {"version": "0", "name": "Young carers", "description": ""}


def _theme_change(world: World) -> dict[str, Any]:
    theme = Theme.objects.get(pk=world.extras["plans_theme"].pk)
    return {"version": str(theme.version), "name": theme.name, "description": "Changed."}


def _learning_data(world: World) -> dict[str, Any]:
    current = Learning.objects.get(pk=world.extras["plans_learning"].pk)
    return {
        "version": str(current.version),
        "source": "other",
        "summary": "Escalation between agencies was slow.",
        "themes": [str(world.extras["plans_theme"].pk)],
        "scope": "multi-agency",
    }


def _recommendation_data(world: World) -> dict[str, Any]:
    current = world.extras["plans_recommendation"]
    current.refresh_from_db()
    return {"version": str(current.version), "text": "Audit escalation practice."}


def _action_data(world: World) -> dict[str, Any]:
    return {
        "description": "Brief staff on escalation.",
        "organisation": str(world.organisations["police"].pk),
        "lead_name": "Detective inspector",
        **date_fields("due_on", timezone.localdate() + dt.timedelta(days=14)),
    }


def _immediate(world: World) -> dict[str, Any]:
    return {"step": Step.TERMS_OF_REFERENCE}


def _version_of(key: str) -> Callable[[World], dict[str, Any]]:
    def data(world: World) -> dict[str, Any]:
        return {"version": str(PlanAction.objects.get(pk=world.extras[key].pk).version)}

    return data


def _progress(world: World) -> dict[str, Any]:
    return _version_of("plans_action")(world) | {
        "status": "in-progress",
        "progress_note": "Workshop booked.",
    }


def _completion(world: World) -> dict[str, Any]:
    return _version_of("plans_action")(world) | {
        "evidence_note": "Workshop held for all staff.",
        **date_fields("completed_on", timezone.localdate()),
    }


def _upload(world: World) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("notes.pdf", PDF, content_type="application/pdf")}


def _send_back(world: World) -> dict[str, Any]:
    return _version_of("plans_done")(world) | {"reason": "Attach the policy itself."}


def _withdraw(world: World) -> dict[str, Any]:
    return _version_of("plans_action")(world) | {"reason": "Covered by another action."}


ROWS: dict[str, Row] = {
    "reviews:themes": Row(THEME_READERS, kwargs=no_kwargs),
    "reviews:theme-add": Row(THEME_KEEPERS, method="post", kwargs=no_kwargs, data=_theme_data),
    "reviews:themes-common": Row(THEME_KEEPERS, method="post", kwargs=no_kwargs),
    "reviews:theme-edit": Row(OUR_THEME_KEEPERS, kwargs=_theme),
    "reviews:theme-retire": Row(OUR_THEME_KEEPERS, method="post", kwargs=_theme),
    "reviews:theme-restore": Row(OUR_THEME_KEEPERS, method="post", kwargs=_retired),
    "reviews:learning": Row(ALL_REVIEW_ROLES, kwargs=on_lcspr),
    "reviews:learning-add": Row(RECORDERS, method="post", data=_learning_data),
    "reviews:learning-edit": Row(RECORDERS, method="post", kwargs=_learning, data=_learning_data),
    "reviews:recommendation-add": Row(
        BUSINESS_TEAM_AND_LEAD, method="post", data=_recommendation_data
    ),
    "reviews:recommendation-edit": Row(
        BUSINESS_TEAM_AND_LEAD, method="post", kwargs=_recommendation, data=_recommendation_data
    ),
    "reviews:action-add": Row(
        BUSINESS_TEAM_AND_LEAD, method="post", kwargs=_recommendation, data=_action_data
    ),
    "reviews:immediate-action": Row(BUSINESS_TEAM_AND_LEAD, data=_immediate),
    "reviews:plan-action": Row(SEES_SCHOOL_ACTION, kwargs=_action),
    "reviews:plan-action-update": Row(
        WORKS_ON_SCHOOL_ACTION, method="post", kwargs=_action, data=_progress
    ),
    "reviews:plan-action-complete": Row(
        WORKS_ON_SCHOOL_ACTION, method="post", kwargs=_action, data=_completion
    ),
    "reviews:plan-action-evidence": Row(
        WORKS_ON_SCHOOL_ACTION, method="post", kwargs=_action, data=_upload
    ),
    "reviews:plan-action-evidence-download": Row(SEES_SCHOOL_ACTION, kwargs=_evidence),
    "reviews:plan-action-evidence-remove": Row(
        WORKS_ON_SCHOOL_ACTION, method="post", kwargs=_evidence
    ),
    # The agency contributor owns the school's action, so may not confirm it.
    "reviews:plan-action-confirm": Row(
        BUSINESS_TEAM_AND_LEAD, method="post", kwargs=_done, data=_version_of("plans_done")
    ),
    "reviews:plan-action-send-back": Row(
        BUSINESS_TEAM_AND_LEAD, method="post", kwargs=_done, data=_send_back
    ),
    "reviews:plan-action-withdraw": Row(
        BUSINESS_TEAM_AND_LEAD, method="post", kwargs=_action, data=_withdraw
    ),
    "reviews:action-tracker": Row(EVERYONE_SIGNED_IN, kwargs=no_kwargs),
}
