"""Time the pages that grow with a partnership against the floor page, in the same run:
`python -m bench pages [--rounds N]`, on the database `python -m bench national` filled.

Each partnership's business team member is signed in (second factor confirmed, as the tests
do) and Django's test client requests the floor page (the accessibility statement: signed in,
the same middleware and layout) and each measured page in turn, floor, page, floor, page, for
N rounds after two unrecorded ones. Wall time is `perf_counter`, CPU time `process_time` (the
web stack runs in this process, the database server's CPU is not counted). The ratio is the
page's median over the median of the floor requests interleaved with it.
"""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Partnership, User
from bench.national import BENCH_LEAD_PREFIX
from reviews.models import Review

FLOOR = "/accessibility/"
WARM_UP = 2
PAGES = (
    "reviews list (open)",
    "reviews list (all)",
    "review task list",
    "action tracker",
    "themes across reviews",
    "history (100 events)",
    "access log",
)


@dataclass(frozen=True)
class Timing:
    """Seconds for each recorded request of one page."""

    wall: list[float]
    cpu: list[float]

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def wall_p95(self) -> float:
        return _p95(self.wall)

    @property
    def cpu_p95(self) -> float:
        return _p95(self.cpu)


@dataclass(frozen=True)
class Row:
    reviews: int
    page: str
    timing: Timing
    floor: Timing

    @property
    def wall_ratio(self) -> float:
        return self.timing.wall_median / self.floor.wall_median

    @property
    def cpu_ratio(self) -> float:
        return self.timing.cpu_median / self.floor.cpu_median if self.floor.cpu_median else 0.0


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


def sign_in(user: User) -> Client:
    """A client signed in as this person, second factor confirmed (as conftest.sign_in)."""
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Bench authenticator", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def pages_of(partnership: Partnership) -> dict[str, str]:
    """The measured pages, on the partnership's first review (the one with 100 events)."""
    first = Review.objects.filter(partnership=partnership).order_by("case_code").first()
    assert first is not None, f"{partnership} has no reviews"
    urls = (
        reverse("reviews:list"),
        reverse("reviews:list") + "?status=all",
        reverse("reviews:detail", args=[first.pk]),
        reverse("reviews:action-tracker"),
        reverse("reviews:themes-across"),
        reverse("reviews:history", args=[first.pk]),
        reverse("reviews:access-log"),
    )
    return dict(zip(PAGES, urls, strict=True))


def _get(client: Client, url: str) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return wall, cpu


def measure(client: Client, url: str, rounds: int) -> tuple[Timing, Timing]:
    """The page's timings and those of the floor requests interleaved with it."""
    page, floor = Timing([], []), Timing([], [])
    for n in range(WARM_UP + rounds):
        for timing, target in ((floor, FLOOR), (page, url)):
            wall, cpu = _get(client, target)
            if n >= WARM_UP:
                timing.wall.append(wall)
                timing.cpu.append(cpu)
    return page, floor


def run(rounds: int = 20) -> list[Row]:
    """Every measured page of every partnership whose business team the generator made."""
    rows = []
    for user in _bench_users():
        partnership = user.partnership
        assert partnership is not None
        client = sign_in(user)
        reviews = Review.objects.filter(partnership=partnership).count()
        for name, url in pages_of(partnership).items():
            timing, floor = measure(client, url, rounds)
            rows.append(Row(reviews, name, timing, floor))
    return rows


def _bench_users() -> Iterator[User]:
    """The generator's business team members, one a partnership, smallest partnership first."""
    users = User.objects.filter(email__startswith=BENCH_LEAD_PREFIX, partnership__isnull=False)
    yield from sorted(
        users.select_related("partnership"),
        key=lambda user: Review.objects.filter(partnership=user.partnership_id).count(),
    )


def report(rows: list[Row]) -> str:
    header = (
        f"{'reviews':>7}  {'page':<22} {'wall ms':>8} {'p95':>7} {'cpu ms':>7} {'p95':>7}"
        f"  {'floor wall':>10} {'floor cpu':>9}  {'x wall':>6} {'x cpu':>6}"
    )
    lines = [header]
    for row in rows:
        t, f = row.timing, row.floor
        lines.append(
            f"{row.reviews:>7,}  {row.page:<22} {t.wall_median * 1e3:>8.1f} "
            f"{t.wall_p95 * 1e3:>7.1f} {t.cpu_median * 1e3:>7.1f} {t.cpu_p95 * 1e3:>7.1f}"
            f"  {f.wall_median * 1e3:>10.1f} {f.cpu_median * 1e3:>9.1f}"
            f"  {row.wall_ratio:>6.2f} {row.cpu_ratio:>6.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    logging.getLogger("axes").setLevel(logging.WARNING)  # each sign-in logs several lines
    rounds = int(argv[1]) if argv[:1] == ["--rounds"] and len(argv) > 1 else 20
    print(report(run(rounds)))
