"""An agency's return: the request page, drafts saved as they go, submitting, no involvement.

Every page fetches the request with get_request_for (need to know: another organisation's
request is answered as if it did not exist). Only the people who answer for the organisation
may change the return; the business team reads it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews import actions, moment
from reviews.actions import EditConflict
from reviews.actions.requests import returns as answers
from reviews.dates_in_words import clock_time
from reviews.forms import VersionedForm
from reviews.forms.requests import ChronologyEntryForm, FileForm, ReturnDraftForm
from reviews.models import AccessLogEntry, InformationRequest
from reviews.permissions import Permission, can, get_request_for, requests_answerable_by
from reviews.reads.requests import is_editable, is_late, missing_answers
from reviews.uploads import describe_size, max_document_bytes
from reviews.views import posting
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import look_from, person

AUTOSAVE_MAX_BYTES = 1_000_000  # four answers of 20,000 characters, escaped, with room


def answering(request: HttpRequest, pk: int, request_pk: int) -> tuple[User, InformationRequest]:
    """Fetch a request this person answers for, or refuse.

    Someone who may not see the request at all gets 404; the business team, who may read it
    but not answer it, get 403.
    """
    user = person(request)
    info_request = get_request_for(user, pk, request_pk)
    if not requests_answerable_by(user).filter(pk=info_request.pk).exists():
        raise PermissionDenied("Only the people answering for the organisation change a return.")
    return user, info_request


def request_url(info_request: InformationRequest, anchor: str = "") -> str:
    path = reverse(
        "reviews:request", kwargs={"pk": info_request.review_id, "request_pk": info_request.pk}
    )
    return f"{path}#{anchor}" if anchor else path


def _draft_form(info_request: InformationRequest) -> ReturnDraftForm:
    return ReturnDraftForm(
        initial={"version": info_request.version}
        | {name: getattr(info_request, name) for name in answers.ANSWER_FIELDS}
    )


def _missing_answers_form(
    info_request: InformationRequest, missing: dict[str, str]
) -> ReturnDraftForm:
    """The saved draft in the answer form, each part it still needs marked with what to do."""
    form = ReturnDraftForm(
        {"version": info_request.version}
        | {name: getattr(info_request, name) for name in answers.ANSWER_FIELDS}
    )
    form.is_valid()
    for name, message in missing.items():
        form.add_error(name, message)
    return form


def _labels() -> dict[str, str]:
    fields = ReturnDraftForm.base_fields
    return {name: str(fields[name].label) for name in answers.ANSWER_FIELDS} | {"status": "Status"}


def render_request_page(
    request: HttpRequest,
    user: User,
    info_request: InformationRequest,
    *,
    form: ReturnDraftForm | None = None,
    entry_form: ChronologyEntryForm | None = None,
    document_form: FileForm | None = None,
    conflict: EditConflict | None = None,
    status: int = 200,
) -> HttpResponse:
    """The request page, also used to show a refused change of one of its parts."""
    may_answer = requests_answerable_by(user).filter(pk=info_request.pk).exists()
    return render(
        request,
        "reviews/requests/request.html",
        {
            "review": info_request.review,
            "info_request": info_request,
            "may_answer": may_answer,
            "may_manage": can(user, Permission.MANAGE_REQUESTS, info_request.review),
            "editable": may_answer and is_editable(info_request),
            "late": is_late(info_request),
            "form": form or _draft_form(info_request),
            "entry_form": entry_form or ChronologyEntryForm(),
            "document_form": document_form or FileForm(),
            "conflict": conflict,
            # An empty answer reads "Empty", as the page says of an answer not given.
            "conflict_rows": conflict_rows(
                conflict, _labels(), records=(InformationRequest,), empty="Empty"
            ),
            "chronology": list(info_request.chronology.all()),
            "documents": list(info_request.documents.all()),
            "labels": _labels(),
            "max_document": describe_size(max_document_bytes()),
        },
        status=status,
    )


def request_page(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    if request.method == "POST":
        return _save_draft(request, pk, request_pk)
    user = person(request)
    info_request = get_request_for(user, pk, request_pk)
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.VIEWED_REVIEW,
        review=info_request.review,
        target=f"{info_request.review.case_code}: return from {info_request.organisation.name}",
        look=look_from(request),
    )
    return render_request_page(request, user, info_request)


def _save_draft(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """The "Save draft" button: works without JavaScript."""
    user, info_request = answering(request, pk, request_pk)
    if not is_editable(info_request):
        messages.error(request, answers.NOT_EDITABLE)
        return redirect(request_url(info_request))
    posted = posting.submit(
        request,
        bind=ReturnDraftForm,
        act=lambda form: answers.save_return_draft(
            info_request, by=user, expected_version=form.cleaned_data["version"], **_answers(form)
        ),
    )
    if posted.conflict is not None:
        # The version saved now, with this person's words still in the boxes.
        info_request.refresh_from_db()
    if not posted.done:
        return render_request_page(
            request,
            user,
            info_request,
            form=posted.form,
            conflict=posted.conflict,
            status=posted.status,
        )
    draft: InformationRequest = posted.result
    if request.POST.get("next") == "submit":
        missing = missing_answers(draft)
        if missing:
            # Say what is missing here, next to each box, rather than on the check page.
            return render_request_page(
                request, user, draft, form=_missing_answers_form(draft, missing), status=400
            )
        return redirect("reviews:request-submit", pk=pk, request_pk=request_pk)
    return posting.saved(
        request, f"Draft saved at {clock_time(moment.now())}.", request_url(draft, "answer")
    )


def _answers(form: ReturnDraftForm) -> dict[str, str]:
    return {name: form.cleaned_data[name] for name in answers.ANSWER_FIELDS}


def _autosave_data(request: HttpRequest) -> QueryDict | dict[str, str] | None:
    if request.content_type != "application/json":
        return request.POST
    if len(request.body) > AUTOSAVE_MAX_BYTES:
        return None
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not all(isinstance(v, str | int) for v in data.values()):
        return None
    return {str(key): str(value) for key, value in data.items()}


@require_POST
def autosave(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Save the draft from the page's script: JSON or form-encoded in, JSON out."""
    user, info_request = answering(request, pk, request_pk)
    data = _autosave_data(request)
    if data is None:
        return JsonResponse({"message": "The draft could not be read. Try again."}, status=400)
    form = ReturnDraftForm(data)
    if not form.is_valid():
        problems = [str(error) for errors in form.errors.values() for error in errors]
        return JsonResponse({"message": " ".join(problems), "errors": form.errors}, status=400)
    posted = posting.submit(
        request,
        bind=lambda _posted: ReturnDraftForm(data),
        act=lambda form: answers.save_return_draft(
            info_request, by=user, expected_version=form.cleaned_data["version"], **_answers(form)
        ),
        form=form,
    )
    if posted.conflict is not None:
        return _autosave_clash(posted.conflict)
    if posted.refusal is not None:
        return JsonResponse({"message": posted.refusal.message}, status=409)
    saved_at = timezone.localtime(moment.now())
    return JsonResponse(
        {
            "saved_at": saved_at.isoformat(),
            "saved_at_text": clock_time(saved_at),
            "version": posted.result.version,
        }
    )


def _autosave_clash(clash: EditConflict) -> JsonResponse:
    changed = [label for label, _theirs, _yours in conflict_rows(clash, _labels())]
    return JsonResponse(
        {
            "message": "This return was saved somewhere else (another tab or person) while "
            f"you were typing. Changed there: {', '.join(changed)}. Your latest words have "
            "not been saved: copy them, then reload the page to see the saved version.",
            "changed": changed,
            "version": clash.current_version,
        },
        status=409,
    )


def _answer_page(
    request: HttpRequest,
    pk: int,
    request_pk: int,
    *,
    template: str,
    act: Callable[..., InformationRequest],
    done: str,
) -> HttpResponse:
    """A confirmation page (GET) whose button answers the request (POST)."""
    user, info_request = answering(request, pk, request_pk)
    if not is_editable(info_request):
        messages.error(request, answers.NOT_EDITABLE)
        return redirect(request_url(info_request))
    form = VersionedForm(initial={"version": info_request.version})
    problem, status, changed = None, 200, False
    if request.method == "POST":
        posted = posting.submit(
            request,
            bind=VersionedForm,
            act=lambda form: act(
                info_request, by=user, expected_version=form.cleaned_data["version"]
            ),
        )
        if posted.done:
            return posting.saved(request, done, request_url(info_request))
        form, status, changed = posted.form, posted.status, posted.conflict is not None
        if changed:
            info_request.refresh_from_db()
        problem = posted.refusal.message if posted.refusal else None
    return render(
        request,
        template,
        {
            "review": info_request.review,
            "info_request": info_request,
            "form": form,
            "changed": changed,
            "problem": problem,
            "missing": missing_answers(info_request),
            "labels": _labels(),
            "chronology": list(info_request.chronology.all()),
            "documents": list(info_request.documents.all()),
        },
        status=status,
    )


def submit(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Check your answers, then submit the return."""
    return _answer_page(
        request,
        pk,
        request_pk,
        template="reviews/requests/submit.html",
        act=answers.submit_return,
        done="Your return has been submitted. The business team has been told.",
    )


def no_involvement(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Confirm, then answer that the organisation had no involvement."""
    return _answer_page(
        request,
        pk,
        request_pk,
        template="reviews/requests/no_involvement.html",
        act=answers.declare_no_involvement,
        done="You have told the business team your organisation had no involvement.",
    )
