"""The routes of an LCSPR and of learning (plans, actions, sharing) under /reviews/: the
second half of reviews/urls.py, which includes them; grouped by topic like the first."""

from django.urls import URLPattern, path

from reviews.views.lcspr.drafts import agreements as drafts_agreements
from reviews.views.lcspr.drafts import anonymisation as drafts_anonymisation
from reviews.views.lcspr.drafts import sign_off as drafts_sign_off
from reviews.views.lcspr.drafts import version as drafts_version
from reviews.views.lcspr.drafts import versions as drafts_versions
from reviews.views.lcspr.events import event as events_event
from reviews.views.lcspr.events import feedback as events_feedback
from reviews.views.lcspr.events import held as events_held
from reviews.views.lcspr.events import itinerary as events_itinerary
from reviews.views.lcspr.events import participants as events_participants
from reviews.views.lcspr.planning import author as planning_author
from reviews.views.lcspr.planning import introduction as planning_introduction
from reviews.views.lcspr.planning import panel_view as planning_panel_view
from reviews.views.lcspr.planning import plan as planning_plan
from reviews.views.lcspr.planning import rapid_review as planning_rapid_review
from reviews.views.lcspr.planning import record as planning_record
from reviews.views.lcspr.planning import terms as planning_terms
from reviews.views.lcspr.publication import delays as publication_delays
from reviews.views.lcspr.publication import family as publication_family
from reviews.views.lcspr.publication import media as publication_media
from reviews.views.lcspr.publication import media_agreements as publication_media_agreements
from reviews.views.lcspr.publication import monitoring as publication_monitoring
from reviews.views.lcspr.publication import publishing as publication_publishing
from reviews.views.learning.plans import actions as plans_actions
from reviews.views.learning.plans import evidence as plans_evidence
from reviews.views.learning.plans import learning as plans_learning
from reviews.views.learning.plans import new_action as plans_new_action
from reviews.views.learning.plans import recommendations as plans_recommendations
from reviews.views.learning.plans import themes as plans_themes
from reviews.views.learning.plans import tracker as plans_tracker
from reviews.views.learning.sharing import dissemination as sharing_dissemination
from reviews.views.learning.sharing import documents as sharing_documents
from reviews.views.learning.sharing import themes_across as sharing_themes_across

ONE_ACTION = "<int:pk>/actions/<int:action_pk>/"

lcspr_and_learning: list[URLPattern] = [
    # LCSPR planning ------------------------------------------------------------------------------
    path("lcspr/new/", planning_record.record, name="record-lcspr"),
    path("<int:pk>/terms-of-reference/", planning_terms.terms, name="terms"),
    path("<int:pk>/terms-of-reference/new/", planning_terms.terms_draft, name="terms-draft"),
    path("<int:pk>/terms-of-reference/share/", planning_terms.terms_share, name="terms-share"),
    path("<int:pk>/terms-of-reference/agree/", planning_terms.terms_agree, name="terms-agree"),
    path("<int:pk>/terms-of-reference/agreed/", planning_terms.terms_agreed, name="terms-agreed"),
    path("<int:pk>/rapid-review-circulated/", planning_panel_view.circulated, name="circulated"),
    path("<int:pk>/plan/", planning_plan.plan, name="plan"),
    path(
        "<int:pk>/rapid-review-read/",
        planning_rapid_review.rapid_review_read,
        name="lcspr-rapid-review",
    ),
    path("<int:pk>/author/", planning_author.author, name="author"),
    path("<int:pk>/author/change/", planning_author.author_edit, name="author-edit"),
    path(
        "<int:pk>/introduction-meeting/",
        planning_introduction.introduction_meeting,
        name="introduction-meeting",
    ),
    # LCSPR events --------------------------------------------------------------------------------
    path("<int:pk>/itinerary/", events_itinerary.itinerary, name="itinerary"),
    path("<int:pk>/itinerary/draft/", events_itinerary.itinerary_draft, name="itinerary-draft"),
    path("<int:pk>/itinerary/add/", events_itinerary.itinerary_add, name="itinerary-add"),
    path(
        "<int:pk>/itinerary/confirm/", events_itinerary.itinerary_confirm, name="itinerary-confirm"
    ),
    path(
        "<int:pk>/itinerary/done/",
        events_itinerary.learning_events_complete,
        name="learning-events-complete",
    ),
    path("<int:pk>/itinerary/<int:event_pk>/", events_event.learning_event, name="learning-event"),
    path(
        "<int:pk>/itinerary/<int:event_pk>/date/",
        events_event.itinerary_date,
        name="itinerary-date",
    ),
    path(
        "<int:pk>/itinerary/<int:event_pk>/held/",
        events_held.learning_event_held,
        name="learning-event-held",
    ),
    path(
        "<int:pk>/itinerary/<int:event_pk>/feedback/",
        events_feedback.feedback_answers,
        name="feedback-answers",
    ),
    path(
        "<int:pk>/itinerary/<int:event_pk>/feedback/send/",
        events_feedback.feedback_send,
        name="feedback-send",
    ),
    path("<int:pk>/participants/", events_participants.participants, name="participants"),
    path(
        "<int:pk>/participants/<int:participant_pk>/",
        events_participants.participant_edit,
        name="participant-edit",
    ),
    path(
        "<int:pk>/participants/briefed/",
        events_participants.participants_briefed,
        name="participants-briefed",
    ),
    # LCSPR drafts --------------------------------------------------------------------------------
    path("<int:pk>/drafts/", drafts_versions.drafts, name="drafts"),
    path("<int:pk>/drafts/upload/", drafts_versions.draft_upload, name="draft-upload"),
    path("<int:pk>/drafts/<int:number>/", drafts_version.draft, name="draft"),
    path(
        "<int:pk>/drafts/<int:number>/download/",
        drafts_versions.draft_download,
        name="draft-download",
    ),
    path(
        "<int:pk>/drafts/<int:number>/comments/", drafts_version.draft_comment, name="draft-comment"
    ),
    path(
        "<int:pk>/drafts/<int:number>/comments/<int:comment_pk>/answer/",
        drafts_version.draft_comment_answer,
        name="draft-comment-answer",
    ),
    path(
        "<int:pk>/drafts/<int:number>/presented/",
        drafts_version.draft_presented,
        name="draft-presented",
    ),
    path("<int:pk>/drafts/<int:number>/final/", drafts_version.draft_final, name="draft-final"),
    path(
        "<int:pk>/drafts/<int:number>/agreement/",
        drafts_agreements.draft_agreement,
        name="draft-agreement",
    ),
    path(
        "<int:pk>/drafts/<int:number>/factual-accuracy/",
        drafts_agreements.draft_accuracy,
        name="draft-accuracy",
    ),
    path(
        "<int:pk>/drafts/<int:number>/anonymisation/",
        drafts_anonymisation.anonymisation,
        name="anonymisation",
    ),
    path("<int:pk>/sign-off/", drafts_sign_off.sign_off, name="sign-off"),
    path("<int:pk>/sign-off/sign/", drafts_sign_off.sign_off_sign, name="sign-off-sign"),
    path(
        "<int:pk>/sign-off/on-behalf/",
        drafts_sign_off.sign_off_on_behalf,
        name="sign-off-on-behalf",
    ),
    # LCSPR publication ---------------------------------------------------------------------------
    path("<int:pk>/family/", publication_family.family, name="family"),
    path("<int:pk>/family/plan/", publication_family.family_plan, name="family-plan"),
    path("<int:pk>/family/contacts/", publication_family.family_contact, name="family-contact"),
    path("<int:pk>/family/defer/", publication_family.family_defer, name="family-defer"),
    path("<int:pk>/family/resume/", publication_family.family_resume, name="family-resume"),
    path("<int:pk>/family/told/", publication_family.family_told, name="family-told"),
    path("<int:pk>/family/done/", publication_family.family_complete, name="family-complete"),
    path("<int:pk>/monitoring/", publication_monitoring.monitoring, name="monitoring"),
    path(
        "<int:pk>/monitoring/checkpoints/",
        publication_monitoring.monitoring_checkpoint,
        name="monitoring-checkpoint",
    ),
    path(
        "<int:pk>/monitoring/requests/",
        publication_monitoring.monitoring_request,
        name="monitoring-request",
    ),
    path(
        "<int:pk>/monitoring/<int:entry_pk>/reply/",
        publication_monitoring.monitoring_reply,
        name="monitoring-reply",
    ),
    path("<int:pk>/media-strategy/", publication_media.media_strategy, name="media-strategy"),
    path(
        "<int:pk>/media-strategy/agree/",
        publication_media.media_strategy_agree,
        name="media-strategy-agree",
    ),
    path(
        "<int:pk>/media-strategy/agreements/",
        publication_media_agreements.media_agreements_page,
        name="media-agreements",
    ),
    path("<int:pk>/publication/", publication_publishing.publication, name="publication"),
    path(
        "<int:pk>/publication/plan/",
        publication_publishing.publication_plan,
        name="publication-plan",
    ),
    path(
        "<int:pk>/publication/notice/",
        publication_publishing.publication_notice,
        name="publication-notice",
    ),
    path(
        "<int:pk>/publication/delay/",
        publication_publishing.publication_delay,
        name="publication-delay",
    ),
    path(
        "<int:pk>/publication/published/",
        publication_publishing.publication_publish,
        name="publication-publish",
    ),
    path("lcspr/publication-delays/", publication_delays.delays_report, name="publication-delays"),
    # Learning plans ------------------------------------------------------------------------------
    path("themes/", plans_themes.themes, name="themes"),
    path("themes/add/", plans_themes.theme_add, name="theme-add"),
    path("themes/common/", plans_themes.themes_common, name="themes-common"),
    path("themes/<int:theme_pk>/", plans_themes.theme_edit, name="theme-edit"),
    path("themes/<int:theme_pk>/retire/", plans_themes.theme_retire, name="theme-retire"),
    path("themes/<int:theme_pk>/restore/", plans_themes.theme_restore, name="theme-restore"),
    path("<int:pk>/learning/", plans_learning.learning_page, name="learning"),
    path("<int:pk>/learning/add/", plans_learning.learning_add, name="learning-add"),
    path(
        "<int:pk>/learning/<int:learning_pk>/", plans_learning.learning_edit, name="learning-edit"
    ),
    path(
        "<int:pk>/recommendations/add/",
        plans_recommendations.recommendation_add,
        name="recommendation-add",
    ),
    path(
        "<int:pk>/recommendations/<int:recommendation_pk>/",
        plans_recommendations.recommendation_edit,
        name="recommendation-edit",
    ),
    path(
        "<int:pk>/recommendations/<int:recommendation_pk>/actions/add/",
        plans_new_action.action_add,
        name="action-add",
    ),
    path("<int:pk>/actions/immediate/", plans_new_action.immediate_action, name="immediate-action"),
    path(ONE_ACTION, plans_actions.plan_action, name="plan-action"),
    path(f"{ONE_ACTION}progress/", plans_actions.update, name="plan-action-update"),
    path(f"{ONE_ACTION}complete/", plans_actions.complete, name="plan-action-complete"),
    path(f"{ONE_ACTION}confirm/", plans_actions.confirm, name="plan-action-confirm"),
    path(f"{ONE_ACTION}send-back/", plans_actions.send_back, name="plan-action-send-back"),
    path(f"{ONE_ACTION}withdraw/", plans_actions.withdraw, name="plan-action-withdraw"),
    path(f"{ONE_ACTION}evidence/", plans_evidence.evidence_add, name="plan-action-evidence"),
    path(
        f"{ONE_ACTION}evidence/<int:evidence_pk>/",
        plans_evidence.evidence_download,
        name="plan-action-evidence-download",
    ),
    path(
        f"{ONE_ACTION}evidence/<int:evidence_pk>/remove/",
        plans_evidence.evidence_remove,
        name="plan-action-evidence-remove",
    ),
    path("actions/", plans_tracker.action_tracker, name="action-tracker"),
    # Learning sharing ----------------------------------------------------------------------------
    path(
        "<int:pk>/learning/documents/",
        sharing_documents.learning_documents,
        name="learning-documents",
    ),
    path(
        "<int:pk>/learning/documents/generate/",
        sharing_documents.learning_documents_generate,
        name="learning-documents-generate",
    ),
    path("<int:pk>/learning/shared/", sharing_dissemination.dissemination, name="dissemination"),
    path(
        "<int:pk>/learning/shared/add/",
        sharing_dissemination.dissemination_add,
        name="dissemination-add",
    ),
    path("themes/across/", sharing_themes_across.themes_across, name="themes-across"),
    path(
        "themes/across/<int:theme_pk>/<int:year>/",
        sharing_themes_across.themes_across_detail,
        name="themes-across-detail",
    ),
    path(
        "themes/across/export.<str:fmt>", sharing_themes_across.themes_export, name="themes-export"
    ),
]
