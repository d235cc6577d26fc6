"""The partnership's themes: everyone with a partnership-wide role reads the list; the business
team adds, renames, retires and restores themes, and can add the common list in one go."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.models import Partnership, User
from reviews.actions import EditConflict
from reviews.actions.learning.plans import themes as theme_actions
from reviews.forms.learning.plans import NewThemeForm, ThemeForm
from reviews.models import Theme
from reviews.permissions_partnership import can_view_themes, is_business_team
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import person
from reviews.views.learning.plans.common import LABELS
from reviews.views.posting import act_then_redirect, saved, status_of, submit


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
    posted = submit(
        request,
        bind=NewThemeForm,
        act=lambda form: theme_actions.add_theme(
            partnership,
            by=user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        ),
    )
    if posted.done:
        return saved(request, f"“{posted.result.name}” has been added.", "reviews:themes")
    return _render_list(request, user, partnership, form=posted.form, status=400)


@require_POST
def themes_common(request: HttpRequest) -> HttpResponse:
    user, partnership = _keeper(request)
    added = theme_actions.add_common_themes(partnership, by=user)
    return saved(
        request,
        f"{added} common {'theme has' if added == 1 else 'themes have'} been added."
        if added
        else "Every common theme is already in the list.",
        "reviews:themes",
    )


def theme_edit(request: HttpRequest, theme_pk: int) -> HttpResponse:
    user, theme = _theme(request, theme_pk)
    if request.method != "POST":
        form = ThemeForm(
            initial={"version": theme.version, "name": theme.name, "description": theme.description}
        )
        return _render_edit(request, theme, form)
    posted = submit(
        request,
        bind=ThemeForm,
        act=lambda form: theme_actions.change_theme(
            theme,
            by=user,
            expected_version=form.cleaned_data["version"],
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        ),
    )
    if posted.done:
        return saved(request, "The theme has been saved.", "reviews:themes")
    return _render_edit(request, theme, posted.form, conflict=posted.conflict)


def _render_edit(
    request: HttpRequest, theme: Theme, form: ThemeForm, *, conflict: EditConflict | None = None
) -> HttpResponse:
    return render(
        request,
        "reviews/learning/plans/theme_edit.html",
        {
            "theme": theme,
            "form": form,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(Theme,)),
        },
        status=status_of(form, conflict),
    )


def _set_active(request: HttpRequest, theme_pk: int, *, active: bool) -> HttpResponse:
    user, theme = _theme(request, theme_pk)
    if active:
        return act_then_redirect(
            request,
            lambda: theme_actions.restore_theme(theme, by=user),
            success=f"“{theme.name}” is offered again.",
            to="reviews:themes",
        )
    return act_then_redirect(
        request,
        lambda: theme_actions.retire_theme(theme, by=user),
        success=f"“{theme.name}” is retired: learning tagged with it keeps it.",
        to="reviews:themes",
    )


@require_POST
def theme_retire(request: HttpRequest, theme_pk: int) -> HttpResponse:
    return _set_active(request, theme_pk, active=False)


@require_POST
def theme_restore(request: HttpRequest, theme_pk: int) -> HttpResponse:
    return _set_active(request, theme_pk, active=True)
