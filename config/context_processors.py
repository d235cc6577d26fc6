"""Values every page needs: the service name in the header and the CSP nonce for inline script."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from reviews.permissions_partnership import can_view_access_log


def service(request: HttpRequest) -> dict[str, Any]:
    partnership = None
    may_view_access_log = False
    if request.user.is_authenticated:
        partnership = request.user.partnership
        if partnership is not None:
            may_view_access_log = can_view_access_log(request.user, partnership)
    return {
        "may_view_access_log": may_view_access_log,
        "service_name": partnership.name if partnership else settings.SERVICE_NAME,
        # Reading the nonce is what makes django-csp add it to the header (used by layout.html).
        "csp_nonce": str(getattr(request, "csp_nonce", "")),
    }
