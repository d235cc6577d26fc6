"""One draft version: its comments and their answers, the draft presented, the final draft.

Everyone taking part but the agencies reads it (VIEW_REVIEW); the review panel, partner leads,
chairs and legal comment (COMMENT_ON_DRAFTS); the author and the business team answer comments
and record the draft presented (AUTHOR_WORK); the business team records the panel's agreement
of the final draft (RUN_REVIEW).
"""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from reviews.actions import EditConflict
from reviews.actions.lcspr.drafts.versions import (
    agree_final_draft,
    answer_draft_comment,
    comment_on_draft,
    record_draft_presented,
)
from reviews.forms.lcspr.drafts import AnswerForm, CommentForm, FinalForm, PresentedForm
from reviews.models import AnonymisationCheck, DraftComment, DraftReport, Review
from reviews.permissions import Permission, organisations_spoken_for
from reviews.reads.lcspr.agreements import final_draft_not_agreed
from reviews.reads.lcspr.drafts import final_draft, newest_draft
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import lcspr_for
from reviews.views.lcspr.drafts.common import draft_of, may_on
from reviews.views.posting import Posted, saved, submit

LABELS = {"status": "Answer", "response": "Response", "responded_by": "Answered by"}


def _answer_form(comment: DraftComment) -> AnswerForm:
    return AnswerForm(
        initial={
            "version": comment.version,
            "status": "" if comment.status == DraftComment.Status.OPEN else comment.status,
            "response": comment.response,
        },
        prefix=f"comment-{comment.pk}",
    )


def _forms(
    user: User,
    review: Review,
    draft: DraftReport,
    comments: list[DraftComment],
    *,
    may: dict[str, bool],
    is_newest: bool,
    final: DraftReport | None,
) -> dict[str, Form]:
    """The forms this person may use on the version, unbound."""
    forms: dict[str, Form] = {}
    if may["comment"] and is_newest and not draft.is_final:
        forms["comment"] = CommentForm(organisations=organisations_spoken_for(user, review))
    if may["author_work"]:
        forms.update({f"comment-{each.pk}": _answer_form(each) for each in comments})
        if draft.presented_on is None:
            forms["presented"] = PresentedForm()
    if may["run"] and is_newest and final is None:
        forms["final"] = FinalForm()
    return forms


def _version_page(
    request: HttpRequest,
    user: User,
    review: Review,
    draft: DraftReport,
    *,
    bound: dict[str, Form] | None = None,
    conflict: EditConflict | None = None,
    status: int = 200,
) -> HttpResponse:
    may = may_on(user, review)
    comments = list(
        DraftComment.objects.filter(draft=draft)
        .select_related("author", "organisation", "responded_by")
        .order_by("made_at", "pk")
    )
    newest = newest_draft(review)
    is_newest = newest is not None and newest.pk == draft.pk
    final = draft if draft.is_final else final_draft(review)
    forms = _forms(user, review, draft, comments, may=may, is_newest=is_newest, final=final)
    forms |= bound or {}
    context = {
        "review": review,
        "draft": draft,
        "newest": newest,
        "is_newest": is_newest,
        "final": final,
        "comments": comments,
        "open_count": sum(each.status == DraftComment.Status.OPEN for each in comments),
        "not_agreed": final_draft_not_agreed(draft) if "final" in forms else "",
        "may": may,
        "forms": forms,
        "errors": next((form for form in forms.values() if form.errors), None),
        "conflict": conflict,
        "conflict_rows": conflict_rows(
            conflict, LABELS, records=(DraftComment,), only_labelled=True
        ),
        "latest_check": AnonymisationCheck.objects.filter(draft=draft)
        .order_by("-run_at", "-pk")
        .first()
        if may["identity"]
        else None,
    }
    return render(request, "reviews/lcspr/drafts/version.html", context, status=status)


def _again(
    request: HttpRequest,
    user: User,
    review: Review,
    draft: DraftReport,
    *,
    name: str,
    posted: Posted[Any],
) -> HttpResponse:
    """The version page again with the form just posted as ``name``."""
    bound: dict[str, Form] = {name: posted.form}
    return _version_page(
        request, user, review, draft, bound=bound, conflict=posted.conflict, status=posted.status
    )


@never_cache
@require_GET
def draft(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    return _version_page(request, user, review, draft_of(review, number))


@require_POST
def draft_comment(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.COMMENT_ON_DRAFTS)
    version = draft_of(review, number)
    spoken_for = organisations_spoken_for(user, review)

    def act(form: CommentForm) -> None:
        comment_on_draft(
            version,
            by=user,
            topic=DraftComment.Topic(form.cleaned_data["topic"]),
            where=form.cleaned_data["where"],
            text=form.cleaned_data["text"],
            organisation=form.organisation,
        )

    posted = submit(request, bind=lambda data: CommentForm(data, organisations=spoken_for), act=act)
    if posted.done:
        message = f"Your comment on version {version.number} is recorded."
        return saved(request, message, "reviews:draft", pk=review.pk, number=version.number)
    return _again(request, user, review, version, name="comment", posted=posted)


@require_POST
def draft_comment_answer(
    request: HttpRequest, pk: int, number: int, comment_pk: int
) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    version = draft_of(review, number)
    comment = get_object_or_404(
        DraftComment.objects.select_related("draft__review", "author"),
        pk=comment_pk,
        draft=version,
    )
    name = f"comment-{comment.pk}"

    def bind(data: QueryDict) -> AnswerForm:
        return AnswerForm(data, prefix=name)

    def act(form: AnswerForm) -> None:
        answer_draft_comment(
            comment,
            by=user,
            expected_version=form.cleaned_data["version"],
            status=DraftComment.Status(form.cleaned_data["status"]),
            response=form.cleaned_data["response"],
        )

    posted = submit(request, bind=bind, act=act)
    if posted.done:
        message = "Your answer is recorded and the commenter has been told."
        return saved(request, message, "reviews:draft", pk=review.pk, number=version.number)
    return _again(request, user, review, version, name=name, posted=posted)


@require_POST
def draft_presented(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    version = draft_of(review, number)
    posted = submit(
        request,
        bind=PresentedForm,
        act=lambda form: record_draft_presented(
            version, by=user, presented_on=form.cleaned_data["presented_on"]
        ),
    )
    if posted.done:
        message = f"Version {version.number} is recorded as presented to the subgroup."
        return saved(request, message, "reviews:draft", pk=review.pk, number=version.number)
    return _again(request, user, review, version, name="presented", posted=posted)


@require_POST
def draft_final(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    version = draft_of(review, number)
    posted = submit(
        request,
        bind=FinalForm,
        act=lambda form: agree_final_draft(
            version,
            by=user,
            agreed_on=form.cleaned_data["agreed_on"],
            reason=form.cleaned_data["reason"],
        ),
    )
    if posted.done:
        message = f"Version {version.number} is the agreed final draft."
        return saved(request, message, "reviews:sign-off", pk=review.pk)
    return _again(request, user, review, version, name="final", posted=posted)
