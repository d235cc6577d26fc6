"""The 7-minute briefing, learning on one page, dissemination records and the themes across reviews.

Routes are listed in ``urlpatterns``, which reviews.urls includes. The documents' files are
downloaded through reviews:document-download (reviews.views.documents), which logs each one.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from io import BytesIO, StringIO
from typing import Any, Final

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Organisation, Partnership, User
from reviews import actions
from reviews.actions import ActionError
from reviews.actions.learning.sharing import (
    generate_learning_document,
    organisations_recording_for,
    record_dissemination,
)
from reviews.documents.learning import LEARNING_DOCUMENTS, document_name
from reviews.forms.learning_sharing import DisseminationForm, GenerateLearningDocumentForm
from reviews.learning_summary import impact_update_text
from reviews.models import (
    AccessLogEntry,
    Dissemination,
    DocumentKind,
    GeneratedDocument,
    Learning,
    Review,
    ReviewKind,
    Theme,
)
from reviews.permissions import (
    GRANTS,
    Permission,
    can_view_themes,
    get_review_for,
    organisations_spoken_for,
    standing_on,
)
from reviews.themes_report import (
    ThemesTable,
    count_themes_by_year,
    recommendations_with_theme,
    reviews_with_theme,
)
from reviews.views.helpers import look_from, person

FORMAT_NAMES: Final = {"docx": "Word", "pdf": "PDF"}
KIND_FILTERS: Final = {"rapid-review": "Rapid reviews", "lcspr": "LCSPRs"}
EXPORT_HEADERS: Final = ("Theme", "Year", "Rapid reviews", "LCSPRs", "Total")
EXPORT_TYPES: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Spreadsheet programs run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
EARLIEST_YEAR: Final = 1900
LATEST_YEAR: Final = 2999


# The learning documents ---------------------------------------------------------------------


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
    form = GenerateLearningDocumentForm(request.POST)
    if form.is_valid():
        kind = DocumentKind(form.cleaned_data["kind"])
        try:
            document = generate_learning_document(review, kind=kind, by=user)
        except ActionError as refusal:
            form.add_error("kind", refusal.message)
        else:
            messages.success(
                request,
                f"Version {document.number} of the {document_name(kind)} has been generated.",
            )
            return redirect("reviews:learning-documents", pk=review.pk)
    return _documents_page(request, user, review, form=form, status=400)


# Dissemination ------------------------------------------------------------------------------


def _review_for_sharing(user: User, pk: int) -> tuple[Review, list[Organisation] | None]:
    """Fetch the review for the sharing pages, and the organisations whose records this person
    sees: ``None`` for all of them (everyone who may view the review), otherwise those they
    speak for (an agency contributor sees only their own organisation's records)."""
    review = Review.objects.select_related("partnership").filter(pk=pk).first()
    standing = standing_on(user, review) if review is not None else frozenset()
    if review is None or not standing:
        raise Http404("No such review.")
    if standing & GRANTS[Permission.VIEW_REVIEW]:
        return review, None
    own = organisations_spoken_for(user, review)
    if not own:
        raise PermissionDenied("Your part in this review does not include this.")
    return review, own


@dataclass(frozen=True)
class SharedBy:
    """One organisation's records of sharing the learning, newest first."""

    organisation: Organisation
    records: list[Dissemination]

    @property
    def practitioners(self) -> int:
        return sum(record.practitioners_reached for record in self.records)


@never_cache
@require_GET
def dissemination(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review, only = _review_for_sharing(user, pk)
    records = Dissemination.objects.filter(review=review).select_related(
        "organisation", "recorded_by"
    )
    if only is not None:
        records = records.filter(organisation__in=only)
    grouped: dict[Organisation, list[Dissemination]] = defaultdict(list)
    for record in records.order_by("-shared_on", "-pk"):
        grouped[record.organisation].append(record)
    groups = [
        SharedBy(organisation, grouped[organisation])
        for organisation in sorted(grouped, key=lambda each: each.name.casefold())
    ]
    return render(
        request,
        "reviews/learning/sharing/dissemination.html",
        {
            "review": review,
            "groups": groups,
            "only": only,
            "times": sum(len(group.records) for group in groups),
            "practitioners": sum(group.practitioners for group in groups),
            "may_record": bool(organisations_recording_for(user, review)),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def dissemination_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = Review.objects.select_related("partnership").filter(pk=pk).first()
    if review is None or not standing_on(user, review):
        raise Http404("No such review.")
    organisations = organisations_recording_for(user, review)
    if not organisations:
        raise PermissionDenied("Your part in this review does not include this.")
    choices = [(organisation.pk, organisation.name) for organisation in organisations]
    if request.method != "POST":
        form = DisseminationForm(organisations=choices)
        return _add_page(request, review, form)
    form = DisseminationForm(request.POST, organisations=choices)
    if form.is_valid():
        data = form.cleaned_data
        chosen = next(each for each in organisations if each.pk == data["organisation"])
        try:
            record_dissemination(
                review,
                by=user,
                organisation=chosen,
                shared_on=data["shared_on"],
                method=Dissemination.Method(data["method"]),
                practitioners_reached=data["practitioners_reached"],
                note=data["note"],
            )
        except ActionError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(request, f"The sharing by {chosen.name} has been recorded.")
            return redirect("reviews:dissemination", pk=review.pk)
    return _add_page(request, review, form, status=400)


def _add_page(
    request: HttpRequest, review: Review, form: DisseminationForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "reviews/learning/sharing/dissemination_add.html",
        {"review": review, "form": form},
        status=status,
    )


# Themes across reviews ----------------------------------------------------------------------


def _partnership_for_themes(user: User) -> Partnership:
    partnership = user.partnership
    if partnership is None or not can_view_themes(user, partnership):
        raise PermissionDenied("Themes across reviews are for the partnership's roles.")
    return partnership


def _table(partnership: Partnership) -> ThemesTable:
    return count_themes_by_year(
        Review.objects.filter(partnership=partnership),
        Theme.objects.filter(partnership=partnership),
    )


@never_cache
@require_GET
def themes_across(request: HttpRequest) -> HttpResponse:
    partnership = _partnership_for_themes(person(request))
    return render(
        request,
        "reviews/learning/sharing/themes_across.html",
        {"partnership": partnership, "table": _table(partnership)},
    )


@never_cache
@require_GET
def themes_across_detail(request: HttpRequest, theme_pk: int, year: int) -> HttpResponse:
    user = person(request)
    partnership = _partnership_for_themes(user)
    theme = get_object_or_404(Theme, pk=theme_pk, partnership=partnership)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise Http404("No such year.")
    kind = request.GET.get("kind", "")
    reviews = Review.objects.filter(partnership=partnership)
    if kind in KIND_FILTERS:
        reviews = reviews.filter(kind=kind)
    else:
        kind = ""
    found = list(reviews_with_theme(reviews, theme=theme, year=year))
    visible = set(
        Review.objects.visible_to(user)
        .filter(pk__in=[review.pk for review in found])
        .values_list("pk", flat=True)
    )
    recommendations = list(
        recommendations_with_theme(reviews, theme=theme, year=year).prefetch_related("themes")
    )
    return render(
        request,
        "reviews/learning/sharing/themes_detail.html",
        {
            "theme": theme,
            "year": year,
            "kind": kind,
            "kind_name": KIND_FILTERS.get(kind, ""),
            "reviews": found,
            "visible": visible,
            "recommendations": recommendations,
            "rapid_reviews": sum(review.kind == ReviewKind.RAPID_REVIEW for review in found),
            "lcsprs": sum(review.kind == ReviewKind.LCSPR for review in found),
        },
    )


def neutralise(value: object) -> str:
    """Stop a spreadsheet reading a cell as a formula: prefix an apostrophe to text that
    starts with one of the characters that begin a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _export_rows(table: ThemesTable) -> list[tuple[str, int, int, int, int]]:
    return [
        (count.theme, count.year, count.rapid_reviews, count.lcsprs, count.total)
        for count in table.export_rows()
    ]


def _csv(rows: list[tuple[str, int, int, int, int]]) -> bytes:
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_HEADERS)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    # A byte order mark, so that Excel reads the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(rows: list[tuple[str, int, int, int, int]]) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415  loaded only for an export
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Themes across reviews")
    sheet.append(list(EXPORT_HEADERS))
    for theme, *numbers in rows:
        name: Any = WriteOnlyCell(sheet, value=theme)
        # openpyxl stores text starting with "=" as a formula; a theme's name is only text.
        name.data_type = "s"
        sheet.append([name, *numbers])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@never_cache
@require_GET
def themes_export(request: HttpRequest, fmt: str) -> HttpResponse:
    user = person(request)
    partnership = _partnership_for_themes(user)
    if fmt not in EXPORT_TYPES:
        raise Http404("No such format.")
    rows = _export_rows(_table(partnership))
    body = _csv(rows) if fmt == "csv" else _xlsx(rows)
    name = f"themes-across-reviews-{partnership.short_name.lower()}.{fmt}"
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.EXPORTED_DATA,
        partnership=partnership,
        target=f"Themes across reviews ({fmt.upper()}, {len(rows)} rows)",
        look=look_from(request),
    )
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("<int:pk>/learning/documents/", learning_documents, name="learning-documents"),
    path(
        "<int:pk>/learning/documents/generate/",
        learning_documents_generate,
        name="learning-documents-generate",
    ),
    path("<int:pk>/learning/shared/", dissemination, name="dissemination"),
    path("<int:pk>/learning/shared/add/", dissemination_add, name="dissemination-add"),
    path("themes/across/", themes_across, name="themes-across"),
    path(
        "themes/across/<int:theme_pk>/<int:year>/",
        themes_across_detail,
        name="themes-across-detail",
    ),
    path("themes/across/export.<str:fmt>", themes_export, name="themes-export"),
]
