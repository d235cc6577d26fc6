"""The author's drafts, comments on them, the final draft, sign-off and the anonymisation check.

Everyone taking part in the LCSPR but the agencies reads the drafts and the sign-off page and
downloads any version (VIEW_REVIEW). The author and the business team upload versions, answer
comments and record the draft presented (AUTHOR_WORK); the review panel, partner leads, chairs
and legal comment (COMMENT_ON_DRAFTS); the business team records the panel's agreement of the
final draft (RUN_REVIEW). People sign off for the organisations they speak for; the business
team records a sign-off on an organisation's behalf. The anonymisation check shows real
identifiers, so only the business team runs it (VIEW_IDENTITY), and each run is logged.

Routes are listed in ``urlpatterns``, which reviews.urls includes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from reviews import actions
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.anonymisation import check_anonymisation
from reviews.actions.lcspr.drafts import (
    DRAFT_PRESENTED,
    DRAFT_REPORT,
    FINAL_DRAFT_AGREED,
    SIGNED_OFF,
    agree_final_draft,
    answer_draft_comment,
    comment_on_draft,
    final_draft,
    newest_draft,
    record_draft_presented,
    upload_draft,
)
from reviews.actions.lcspr.signoff import sign_off_final_draft, signatures
from reviews.clock import schedule_for
from reviews.forms.lcspr_drafts import (
    AnswerForm,
    CommentForm,
    FinalForm,
    OnBehalfForm,
    PresentedForm,
    SignForm,
    UploadDraftForm,
)
from reviews.models import (
    AccessLogEntry,
    AnonymisationCheck,
    DraftComment,
    DraftReport,
    Review,
)
from reviews.permissions import GRANTS, Permission, organisations_spoken_for
from reviews.permissions import standing_on as standing
from reviews.uploads import (
    SizeLimit,
    describe_size,
    limit_upload_size,
    max_document_bytes,
    too_large_message,
)
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import (
    NotYet,
    lcspr_for,
    look_from,
    not_yet,
    page_prerequisite,
    step_prerequisite,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LABELS = {"status": "Answer", "response": "Response", "responded_by": "Answered by"}


def _may(user: User, review: Review) -> dict[str, bool]:
    held = standing(user, review)
    return {
        name: bool(held & GRANTS[permission])
        for name, permission in (
            ("author_work", Permission.AUTHOR_WORK),
            ("comment", Permission.COMMENT_ON_DRAFTS),
            ("run", Permission.RUN_REVIEW),
            ("identity", Permission.VIEW_IDENTITY),
        )
    }


def _draft(review: Review, number: int) -> DraftReport:
    return get_object_or_404(
        DraftReport.objects.defer("text").select_related(
            "review", "uploaded_by", "final_agreed_by"
        ),
        review=review,
        number=number,
    )


def _refuse(form: Form, refusal: ActionError) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


# The list of versions -------------------------------------------------------------------------


def _drafts_page(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    upload_form: UploadDraftForm | None = None,
    status: int = 200,
) -> HttpResponse:
    versions = list(
        DraftReport.objects.filter(review=review)
        .defer("text")
        .select_related("uploaded_by", "final_agreed_by")
        .annotate(
            open_comments=Count("comments", filter=Q(comments__status=DraftComment.Status.OPEN)),
            closed_comments=Count("comments", filter=~Q(comments__status=DraftComment.Status.OPEN)),
        )
        .order_by("-number")
    )
    final = next((each for each in versions if each.is_final), None)
    may = _may(user, review)
    schedule = schedule_for(review)
    blocked: NotYet | None = None
    if not versions and may["run"] and review.is_open:
        # The panel agrees one of the author's versions (agree_final_draft): none is uploaded.
        upload = page_prerequisite(
            user,
            review,
            "The author uploads a draft",
            "reviews:drafts",
            permission=Permission.AUTHOR_WORK,
            section="upload",
        )
        blocked = not_yet(user, review, FINAL_DRAFT_AGREED, schedule=schedule, also=[upload])
    return render(
        request,
        "reviews/lcspr/drafts/list.html",
        {
            "review": review,
            "versions": versions,
            "final": final,
            "may": may,
            "blocked": blocked,
            "steps": [
                schedule.step(key) for key in (DRAFT_REPORT, DRAFT_PRESENTED, FINAL_DRAFT_AGREED)
            ],
            "upload_form": upload_form or UploadDraftForm(),
            "max_document": describe_size(max_document_bytes()),
        },
        status=status,
    )


@never_cache
@require_GET
def drafts(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    return _drafts_page(request, user, review)


@csrf_exempt  # checked by _upload_checked once the size limit is in place
@require_POST
def draft_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    limit = limit_upload_size(request, limit=max_document_bytes())
    return _upload_checked(request, user, review, limit)


@csrf_protect
def _upload_checked(
    request: HttpRequest, user: User, review: Review, limit: SizeLimit
) -> HttpResponse:
    form = UploadDraftForm(request.POST, request.FILES)
    if "file" in limit.refused:
        # The file never reached the form: say why, rather than "Select the draft report".
        form.full_clean()
        form.errors.pop("file", None)
        form.add_error("file", too_large_message(max_document_bytes()))
    elif form.is_valid():
        try:
            draft = upload_draft(
                review, by=user, upload=form.cleaned_data["file"], note=form.cleaned_data["note"]
            )
        except ActionError as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, f"Version {draft.number} has been uploaded.")
            return redirect("reviews:draft", pk=review.pk, number=draft.number)
    return _drafts_page(request, user, review, upload_form=form, status=400)


@never_cache
@require_GET
def draft_download(request: HttpRequest, pk: int, number: int) -> FileResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    draft = _draft(review, number)
    try:
        handle = draft.docx.open("rb")
    except FileNotFoundError:
        raise Http404("The file is no longer stored.") from None
    name = f"{review.case_code}-draft-report-v{draft.number}.docx"
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT,
        review=review,
        target=f"{name} (draft report, version {draft.number})",
        look=look_from(request),
    )
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=DOCX)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# One version: its comments, the draft presented, the final -------------------------------------


def _answer_form(comment: DraftComment) -> AnswerForm:
    return AnswerForm(
        initial={
            "version": comment.version,
            "status": "" if comment.status == DraftComment.Status.OPEN else comment.status,
            "response": comment.response,
        },
        prefix=f"comment-{comment.pk}",
    )


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
    may = _may(user, review)
    comments = list(
        DraftComment.objects.filter(draft=draft)
        .select_related("author", "organisation", "responded_by")
        .order_by("made_at", "pk")
    )
    newest = newest_draft(review)
    is_newest = newest is not None and newest.pk == draft.pk
    final = draft if draft.is_final else final_draft(review)
    spoken_for = organisations_spoken_for(user, review) if may["comment"] else []
    forms: dict[str, Form] = {}
    if may["comment"] and is_newest and not draft.is_final:
        forms["comment"] = CommentForm(organisations=spoken_for)
    if may["author_work"]:
        forms.update({f"comment-{each.pk}": _answer_form(each) for each in comments})
        if draft.presented_on is None:
            forms["presented"] = PresentedForm()
    if may["run"] and is_newest and final is None:
        forms["final"] = FinalForm()
    forms.update(bound or {})
    errors = next((form for form in forms.values() if form.errors), None)
    latest_check = (
        AnonymisationCheck.objects.filter(draft=draft).order_by("-run_at", "-pk").first()
        if may["identity"]
        else None
    )
    return render(
        request,
        "reviews/lcspr/drafts/version.html",
        {
            "review": review,
            "draft": draft,
            "newest": newest,
            "is_newest": is_newest,
            "final": final,
            "comments": comments,
            "open_count": sum(each.status == DraftComment.Status.OPEN for each in comments),
            "may": may,
            "forms": forms,
            "errors": errors,
            "conflict": conflict,
            "conflict_rows": conflict_rows(
                conflict, LABELS, records=(DraftComment,), only_labelled=True
            ),
            "latest_check": latest_check,
        },
        status=status,
    )


@never_cache
@require_GET
def draft(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    return _version_page(request, user, review, _draft(review, number))


@require_POST
def draft_comment(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.COMMENT_ON_DRAFTS)
    version = _draft(review, number)
    form = CommentForm(request.POST, organisations=organisations_spoken_for(user, review))
    if form.is_valid():
        try:
            comment_on_draft(
                version,
                by=user,
                topic=DraftComment.Topic(form.cleaned_data["topic"]),
                where=form.cleaned_data["where"],
                text=form.cleaned_data["text"],
                organisation=form.organisation,
            )
        except ActionError as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, f"Your comment on version {version.number} is recorded.")
            return redirect("reviews:draft", pk=review.pk, number=version.number)
    return _version_page(request, user, review, version, bound={"comment": form}, status=400)


@require_POST
def draft_comment_answer(
    request: HttpRequest, pk: int, number: int, comment_pk: int
) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    version = _draft(review, number)
    comment = get_object_or_404(
        DraftComment.objects.select_related("draft__review", "author"),
        pk=comment_pk,
        draft=version,
    )
    name = f"comment-{comment.pk}"
    form = AnswerForm(request.POST, prefix=name)
    if form.is_valid():
        try:
            answer_draft_comment(
                comment,
                by=user,
                expected_version=form.cleaned_data["version"],
                status=DraftComment.Status(form.cleaned_data["status"]),
                response=form.cleaned_data["response"],
            )
        except EditConflict as clash:
            data = request.POST.copy()
            data[f"{name}-version"] = str(clash.current_version)
            again = AnswerForm(data, prefix=name)
            again.is_valid()
            return _version_page(
                request, user, review, version, bound={name: again}, conflict=clash, status=409
            )
        except ActionError as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, "Your answer is recorded and the commenter has been told.")
            return redirect("reviews:draft", pk=review.pk, number=version.number)
    return _version_page(request, user, review, version, bound={name: form}, status=400)


@require_POST
def draft_presented(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    version = _draft(review, number)
    form = PresentedForm(request.POST)
    if form.is_valid():
        try:
            record_draft_presented(version, by=user, presented_on=form.cleaned_data["presented_on"])
        except ActionError as refusal:
            _refuse(form, refusal)
        else:
            messages.success(
                request, f"Version {version.number} is recorded as presented to the subgroup."
            )
            return redirect("reviews:draft", pk=review.pk, number=version.number)
    return _version_page(request, user, review, version, bound={"presented": form}, status=400)


@require_POST
def draft_final(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    version = _draft(review, number)
    form = FinalForm(request.POST)
    if form.is_valid():
        try:
            agree_final_draft(version, by=user, agreed_on=form.cleaned_data["agreed_on"])
        except ActionError as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, f"Version {version.number} is the agreed final draft.")
            return redirect("reviews:sign-off", pk=review.pk)
    return _version_page(request, user, review, version, bound={"final": form}, status=400)


# Sign-off ---------------------------------------------------------------------------------


def _sign_off_page(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    bound: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    final = final_draft(review)
    rows = signatures(review, final)
    waiting = [row.organisation for row in rows if row.sign_off is None]
    forms: dict[str, Form] = {}
    if final is not None and review.is_open:
        mine = [each for each in organisations_spoken_for(user, review) if each in waiting]
        if mine and standing(user, review) & GRANTS[Permission.VIEW_REVIEW]:
            forms["sign"] = SignForm(organisations=mine)
        if waiting and _may(user, review)["run"]:
            forms["on_behalf"] = OnBehalfForm(organisations=waiting)
    forms.update(bound or {})
    schedule = schedule_for(review)
    blocked: NotYet | None = None
    signs = bool(organisations_spoken_for(user, review)) or _may(user, review)["run"]
    if final is None and review.is_open and signs:
        # Only the agreed final draft is signed off (sign_off_final_draft).
        first = step_prerequisite(user, review, FINAL_DRAFT_AGREED)
        blocked = not_yet(user, review, SIGNED_OFF, schedule=schedule, also=[first])
    return render(
        request,
        "reviews/lcspr/drafts/sign_off.html",
        {
            "review": review,
            "final": final,
            "rows": rows,
            "waiting": waiting,
            "forms": forms,
            "blocked": blocked,
            "errors": next((form for form in forms.values() if form.errors), None),
            "step": schedule.step(SIGNED_OFF),
        },
        status=status,
    )


@never_cache
@require_GET
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    return _sign_off_page(request, user, review)


def _sign(
    request: HttpRequest, user: User, review: Review, form: SignForm | OnBehalfForm, *, name: str
) -> HttpResponse:
    final = final_draft(review)
    if form.is_valid():
        if final is None:
            form.add_error(None, "There is no agreed final draft to sign off yet")
        else:
            try:
                sign_off_final_draft(
                    final,
                    by=user,
                    organisation=form.organisation,
                    on_behalf=isinstance(form, OnBehalfForm),
                    note=str(form.cleaned_data.get("note", "")),
                )
            except ActionError as refusal:
                _refuse(form, refusal)
            else:
                messages.success(
                    request, f"{form.organisation.name} has signed off version {final.number}."
                )
                return redirect("reviews:sign-off", pk=review.pk)
    return _sign_off_page(request, user, review, bound={name: form}, status=400)


@require_POST
def sign_off_sign(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    mine = organisations_spoken_for(user, review)
    if not mine:
        raise PermissionDenied("You do not speak for an organisation on this review.")
    return _sign(request, user, review, SignForm(request.POST, organisations=mine), name="sign")


@require_POST
def sign_off_on_behalf(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    waiting = [
        row.organisation for row in signatures(review, final_draft(review)) if row.sign_off is None
    ]
    form = OnBehalfForm(request.POST, organisations=waiting)
    return _sign(request, user, review, form, name="on_behalf")


# The anonymisation check ------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def anonymisation(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """GET: the checks run so far (counts only). POST: run the check and show what it found.

    The hits are shown once, in the response to the run, and never stored.
    """
    user, review = lcspr_for(request, pk, Permission.VIEW_IDENTITY)
    version = _draft(review, number)
    result, refusal, status = None, "", 200
    if request.method == "POST":
        full = DraftReport.objects.select_related("review").get(pk=version.pk)
        try:
            result = check_anonymisation(full, by=user, look=look_from(request))
        except ActionError as refused:
            refusal, status = refused.message, 400
    checks = list(
        AnonymisationCheck.objects.filter(draft=version)
        .select_related("run_by")
        .order_by("-run_at", "-pk")
    )
    return render(
        request,
        "reviews/lcspr/drafts/anonymisation.html",
        {
            "review": review,
            "draft": version,
            "result": result,
            "refusal": refusal,
            "checks": checks,
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/drafts/", drafts, name="drafts"),
    path("<int:pk>/drafts/upload/", draft_upload, name="draft-upload"),
    path("<int:pk>/drafts/<int:number>/", draft, name="draft"),
    path("<int:pk>/drafts/<int:number>/download/", draft_download, name="draft-download"),
    path("<int:pk>/drafts/<int:number>/comments/", draft_comment, name="draft-comment"),
    path(
        "<int:pk>/drafts/<int:number>/comments/<int:comment_pk>/answer/",
        draft_comment_answer,
        name="draft-comment-answer",
    ),
    path("<int:pk>/drafts/<int:number>/presented/", draft_presented, name="draft-presented"),
    path("<int:pk>/drafts/<int:number>/final/", draft_final, name="draft-final"),
    path("<int:pk>/drafts/<int:number>/anonymisation/", anonymisation, name="anonymisation"),
    path("<int:pk>/sign-off/", sign_off, name="sign-off"),
    path("<int:pk>/sign-off/sign/", sign_off_sign, name="sign-off-sign"),
    path("<int:pk>/sign-off/on-behalf/", sign_off_on_behalf, name="sign-off-on-behalf"),
]
