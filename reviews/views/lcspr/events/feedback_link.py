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
from reviews.actions.lcspr.events.feedback import FeedbackLinkUsedError, give_feedback
from reviews.calendar_files import learning_event_name
from reviews.forms.lcspr.events import FeedbackForm
from reviews.reads.lcspr.events import feedback_link_for
from reviews.views.pages import not_found
from reviews.views.posting import submit


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(
    request: HttpRequest, template: str, context: Mapping[str, Any], status: int
) -> HttpResponse:
    # Rendered without the request, so that no context processor reads the visitor's session.
    body = loader.get_template(f"reviews/lcspr/events/feedback/{template}").render(
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
    if link.used_at is None and request.method == "POST":
        try:
            posted = submit(
                request,
                bind=FeedbackForm,
                act=lambda form: give_feedback(token, **form.cleaned_data),
            )
        except LookupError:  # the link went between reading it and answering: no such address
            return _private(not_found(request))
        if posted.done:
            return _page(request, "thanks.html", about, status=200)
        used, form, status = (
            isinstance(posted.refusal, FeedbackLinkUsedError),
            posted.form,
            posted.status,
        )
    else:
        used, form, status = link.used_at is not None, FeedbackForm(), 200
    if used:
        return _page(request, "used.html", about, status=410)
    return _page(request, "form.html", {**about, "form": form}, status=status)
