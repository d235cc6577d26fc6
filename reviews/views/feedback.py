"""The public page a participant gives feedback through after a learning event, with no account.

The token in the address is the only credential, and it opens only this one form: the page
names the kind of event and its date, nothing about the review or the child, links nowhere
into the service, and is rendered without the visitor's session (no name, no navigation even
for someone signed in). It sets no cookie: there is no session to keep, and no CSRF cookie
since the form carries no authority but the token (a forged post needs the token, which
would let its holder answer anyway). ``no-store`` keeps the page out of caches and
``no-referrer`` keeps the token out of other sites' logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.middleware import otp_not_required
from reviews.actions import ActionError
from reviews.actions.lcspr.feedback import (
    FeedbackLinkUsedError,
    feedback_link_for,
    give_feedback,
)
from reviews.calendar_files import learning_event_name
from reviews.forms.lcspr_events import FeedbackForm
from reviews.views.pages import not_found


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(
    request: HttpRequest, template: str, context: Mapping[str, Any], status: int
) -> HttpResponse:
    # Rendered without the request, so that no context processor reads the visitor's session.
    body = loader.get_template(f"reviews/feedback/{template}").render(
        {**context, "csp_nonce": str(getattr(request, "csp_nonce", ""))}
    )
    return _private(HttpResponse(body, status=status))


@login_not_required
@otp_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    link = feedback_link_for(token)
    if link is None:
        # The same answer as for any address that does not exist.
        return _private(not_found(request))
    event = link.place.event
    about = {"event": learning_event_name(event.kind), "held_on": event.held_on}
    if link.used_at is not None:
        return _page(request, "used.html", about, status=410)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            give_feedback(token, **form.cleaned_data)
        except LookupError:
            return _private(not_found(request))
        except FeedbackLinkUsedError:
            return _page(request, "used.html", about, status=410)
        except ActionError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            return _page(request, "thanks.html", about, status=200)
    return _page(request, "form.html", {**about, "form": form}, status=400 if form.errors else 200)
