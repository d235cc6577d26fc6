"""The partnership's themes: everyone with a partnership-wide role reads the list; the business
team adds, renames, retires and restores themes, and can add the common list in one go."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.models import Partnership, User
from reviews.actions import ActionError, EditConflict
from reviews.actions.learning import themes as theme_actions
from reviews.forms.learning import NewThemeForm, ThemeForm
from reviews.models import Theme
from reviews.permissions import can_view_themes, is_business_team
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import person
from reviews.views.learning.plan_common import LABELS, refuse_into


def _reader(request: HttpRequest) -> tuple[User, Partnership]:
    user = person(request)
    partnership = user.partnership
    if partnership is None or not can_view_themes(user, partnership):
        raise PermissionDenied("The themes are for the partnership's roles.")
    return user, partnership


def _keeper(request: HttpRequest) -> tuple[User, Partnership]:
    user = person(request)
    partnership = user.partnership
    if partnership is None or not is_business_team(user, partnership.pk):
        raise PermissionDenied("The business team keeps the list of themes.")
    return user, partnership


def _theme(request: HttpRequest, theme_pk: int) -> tuple[User, Theme]:
    """A theme of the person's own partnership (404 for any other), for the business team."""
    user = person(request)
    theme = Theme.objects.filter(pk=theme_pk, partnership=user.partnership_id).first()
    if theme is None or user.partnership_id is None:
        raise Http404("No such theme.")
    if not is_business_team(user, user.partnership_id):
        raise PermissionDenied("The business team keeps the list of themes.")
    return user, theme


def _render_list(
    request: HttpRequest,
    user: User,
    partnership: Partnership,
    *,
    form: NewThemeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    keeper = is_business_team(user, partnership.pk)
    themes = list(
        Theme.objects.filter(partnership=partnership)
        .annotate(uses=Count("learning", distinct=True))
        .order_by("-active", "name")
    )
    return render(
        request,
        "reviews/learning/plans/themes.html",
        {
            "partnership": partnership,
            "active": [theme for theme in themes if theme.active],
            "retired": [theme for theme in themes if not theme.active],
            "keeper": keeper,
            "form": form or (NewThemeForm() if keeper else None),
        },
        status=status,
    )


def themes(request: HttpRequest) -> HttpResponse:
    user, partnership = _reader(request)
    return _render_list(request, user, partnership)


@require_POST
def theme_add(request: HttpRequest) -> HttpResponse:
    user, partnership = _keeper(request)
    form = NewThemeForm(request.POST)
    if form.is_valid():
        try:
            theme = theme_actions.add_theme(
                partnership,
                by=user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ActionError as refusal:
            refuse_into(form, refusal)
        else:
            messages.success(request, f"“{theme.name}” has been added.")
            return redirect("reviews:themes")
    return _render_list(request, user, partnership, form=form, status=400)


@require_POST
def themes_common(request: HttpRequest) -> HttpResponse:
    user, partnership = _keeper(request)
    added = theme_actions.add_common_themes(partnership, by=user)
    messages.success(
        request,
        f"{added} common {'theme has' if added == 1 else 'themes have'} been added."
        if added
        else "Every common theme is already in the list.",
    )
    return redirect("reviews:themes")


def theme_edit(request: HttpRequest, theme_pk: int) -> HttpResponse:
    user, theme = _theme(request, theme_pk)
    conflict: EditConflict | None = None
    status = 200
    if request.method == "POST":
        form = ThemeForm(request.POST)
        if form.is_valid():
            try:
                theme_actions.change_theme(
                    theme,
                    by=user,
                    expected_version=form.cleaned_data["version"],
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                )
            except EditConflict as clash:
                conflict, status = clash, 409
                data = request.POST.copy()
                data["version"] = str(clash.current_version)
                form = ThemeForm(data)
                form.is_valid()
            except ActionError as refusal:
                refuse_into(form, refusal)
                status = 400
            else:
                messages.success(request, "The theme has been saved.")
                return redirect("reviews:themes")
        else:
            status = 400
    else:
        form = ThemeForm(
            initial={"version": theme.version, "name": theme.name, "description": theme.description}
        )
    return render(
        request,
        "reviews/learning/plans/theme_edit.html",
        {
            "theme": theme,
            "form": form,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(Theme,)),
        },
        status=status,
    )


def _set_active(request: HttpRequest, theme_pk: int, *, active: bool) -> HttpResponse:
    user, theme = _theme(request, theme_pk)
    try:
        if active:
            theme_actions.restore_theme(theme, by=user)
        else:
            theme_actions.retire_theme(theme, by=user)
    except ActionError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            f"“{theme.name}” is offered again."
            if active
            else f"“{theme.name}” is retired: learning tagged with it keeps it.",
        )
    return redirect("reviews:themes")


@require_POST
def theme_retire(request: HttpRequest, theme_pk: int) -> HttpResponse:
    return _set_active(request, theme_pk, active=False)


@require_POST
def theme_restore(request: HttpRequest, theme_pk: int) -> HttpResponse:
    return _set_active(request, theme_pk, active=True)
