"""Time the rendering of the pages whose rows repeat: `python -m bench render [--rounds N]
[--profile PAGE]`, on a database holding the demo (`seed_demo_data`) and the national data
(`python -m bench national --reviews 300`).

For each page the view is requested once through Django's test client with the Jinja2
backend's `Template.render` wrapped, which keeps the template, its context and the request;
then, after two unrecorded rounds, N rounds of the template rendered again from that context
("render": the template alone, context processors included, no view, no queries but those the
template makes) and N requests of the whole page through the test client ("view"). Times are
this process's CPU (`process_time`), medians in milliseconds. The floor is the accessibility
statement: the layout (header, navigation, footer) and the context processors every page pays.
`--profile PAGE` prints where that page's render time goes (cProfile, the 25 costliest
functions by own time).
"""

from __future__ import annotations

import cProfile
import io
import logging
import pstats
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.backends import jinja2 as backend
from django.test import Client
from django.urls import reverse

from accounts.models import User
from bench.national import BENCH_LEAD_PREFIX
from bench.pages import sign_in
from reviews.models import Review

WARM_UP = 2
DEMO_LEAD = "business.manager@wcscp.example"
RAPID_REVIEW = "FWC26"  # the demo's open rapid review furthest along
LCSPR = "NWC26"  # the demo's LCSPR with every step recorded


@dataclass(frozen=True)
class Captured:
    """What the view handed the template: rendering it again needs nothing else."""

    template: backend.Template
    context: dict[str, Any]
    request: HttpRequest | None

    def render(self) -> str:
        return self.template.render(dict(self.context), self.request)


@dataclass(frozen=True)
class Row:
    page: str
    render_ms: float
    view_ms: float
    size: int


def capture(client: Client, url: str) -> Captured:
    """The page's template and context, kept as the view renders it."""
    kept: list[Captured] = []
    original = backend.Template.render

    def keeping(
        self: backend.Template,
        context: dict[str, Any] | None = None,
        request: HttpRequest | None = None,
    ) -> str:
        if not kept:
            kept.append(Captured(self, dict(context or {}), request))
        return original(self, context, request)

    backend.Template.render = keeping  # type: ignore[method-assign]
    try:
        response = client.get(url)
    finally:
        backend.Template.render = original  # type: ignore[method-assign]
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return kept[0]


def cpu_ms(work: Callable[[], object], rounds: int) -> float:
    """The median CPU milliseconds of `work`, after unrecorded warm-up rounds."""
    times = []
    for n in range(WARM_UP + rounds):
        start = time.process_time()
        work()
        if n >= WARM_UP:
            times.append(time.process_time() - start)
    return statistics.median(times) * 1e3


def pages() -> dict[str, tuple[Client, str]]:
    """Each measured page: the client signed in to see it and its address."""
    demo = sign_in(User.objects.get(email=DEMO_LEAD))
    bench_user = User.objects.filter(email__startswith=BENCH_LEAD_PREFIX).order_by("pk").first()
    assert bench_user is not None, "no national data: run `python -m bench national` first"
    national = sign_in(bench_user)
    rapid = Review.objects.get(case_code=RAPID_REVIEW)
    lcspr = Review.objects.get(case_code=LCSPR)
    return {
        "floor (accessibility)": (demo, reverse("accessibility")),
        "task list (rapid review)": (demo, reverse("reviews:detail", args=[rapid.pk])),
        "task list (LCSPR)": (demo, reverse("reviews:detail", args=[lcspr.pk])),
        "reviews list (50 rows)": (national, reverse("reviews:list") + "?status=all"),
        "action tracker (50 rows)": (national, reverse("reviews:action-tracker")),
    }


def run(rounds: int) -> list[Row]:
    rows = []
    for name, (client, url) in pages().items():
        captured = capture(client, url)
        size = len(captured.render())
        rendered = cpu_ms(captured.render, rounds)
        viewed = cpu_ms(lambda c=client, u=url: c.get(u), rounds)  # type: ignore[misc]
        rows.append(Row(name, rendered, viewed, size))
    return rows


def profile(page: str, rounds: int) -> str:
    """Where one page's render time goes: the costliest functions by their own time."""
    client, url = pages()[page]
    captured = capture(client, url)
    captured.render()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        captured.render()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    return out.getvalue()


def report(rows: list[Row]) -> str:
    lines = [f"{'page':<26} {'render ms':>9} {'view ms':>8} {'HTML bytes':>10}"]
    lines += [f"{r.page:<26} {r.render_ms:>9.2f} {r.view_ms:>8.2f} {r.size:>10,}" for r in rows]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    logging.getLogger("axes").setLevel(logging.WARNING)  # each sign-in logs several lines
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 50
    if "--profile" in argv:
        print(profile(argv[argv.index("--profile") + 1], rounds))
        return
    print(report(run(rounds)))
