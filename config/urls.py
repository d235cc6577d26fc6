"""The project's URL map: each app owns its own routes."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from reviews.views import feeds, pages
from reviews.views.lcspr.events import feedback_link

# The admin signs people in through the product's own pages, so its logins also need the
# second factor and count towards lockout.
admin.site.login = login_not_required(  # type: ignore[method-assign,assignment]
    RedirectView.as_view(pattern_name="accounts:sign-in", query_string=True)
)

urlpatterns = [
    path("", pages.home, name="home"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    # A participant's one-time feedback link: public, the token is the credential.
    path("feedback/<str:token>/", feedback_link.feedback, name="feedback"),
    # A person's private calendar feed: public, the token is the credential.
    path("calendar/<str:token>.ics", feeds.feed, name="calendar-feed"),
    path("", include("accounts.urls")),
    path("reviews/", include("reviews.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "reviews.views.pages.bad_request"
handler403 = "reviews.views.pages.forbidden"
handler404 = "reviews.views.pages.not_found"
handler500 = "reviews.views.pages.server_error"
