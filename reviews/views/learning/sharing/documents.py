"""The 7-minute briefing and the learning on one page: a review's learning documents, their
versions, and generating a new version.

The documents' files are downloaded through reviews:document-download (reviews.views.documents),
which logs each one.
"""

from __future__ import annotations

from typing import Final

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from reviews.actions.learning.sharing import generate_learning_document
from reviews.documents.learning import LEARNING_DOCUMENTS, document_name
from reviews.forms.learning.sharing import GenerateLearningDocumentForm
from reviews.learning_summary import impact_update_text
from reviews.models import DocumentKind, GeneratedDocument, Learning, Review
from reviews.permissions import GRANTS, Permission, get_review_for, standing_on
from reviews.views.helpers import person
from reviews.views.posting import saved, submit

FORMAT_NAMES: Final = {"docx": "Word", "pdf": "PDF"}


def _documents_page(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    form: GenerateLearningDocumentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    versions: dict[str, list[GeneratedDocument]] = {kind.value: [] for kind in LEARNING_DOCUMENTS}
    for document in (
        GeneratedDocument.objects.filter(review=review, kind__in=list(LEARNING_DOCUMENTS))
        .select_related("created_by")
        .order_by("kind", "-number")
    ):
        versions[document.kind].append(document)
    return render(
        request,
        "reviews/learning/sharing/documents.html",
        {
            "review": review,
            "kinds": [(kind.value, kind.label) for kind in LEARNING_DOCUMENTS],
            "versions": versions,
            "may_generate": bool(standing_on(user, review) & GRANTS[Permission.RUN_REVIEW]),
            "has_learning": Learning.objects.filter(review=review).exists(),
            "form": form or GenerateLearningDocumentForm(),
            "format_names": FORMAT_NAMES,
            "impact_update": impact_update_text(review),
        },
        status=status,
    )


@never_cache
@require_GET
def learning_documents(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.VIEW_DOCUMENTS)
    return _documents_page(request, user, review)


@require_POST
def learning_documents_generate(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.RUN_REVIEW)
    posted = submit(
        request,
        bind=GenerateLearningDocumentForm,
        act=lambda form: generate_learning_document(
            review, kind=DocumentKind(form.cleaned_data["kind"]), by=user
        ),
    )
    if posted.done:
        document = posted.result
        return saved(
            request,
            f"Version {document.number} of the {document_name(DocumentKind(document.kind))} "
            "has been generated.",
            "reviews:learning-documents",
            pk=review.pk,
        )
    return _documents_page(request, user, review, form=posted.form, status=400)
