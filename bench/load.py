"""Load: N people signed in at once against gunicorn, each page's throughput beside the floor's
(issue 17): `python -m bench load [--users 20] [--seconds 20] [--servers 2,2x4] [--port 8765]
[--url URL]`, on the database `python -m bench national` filled (DATABASE_URL).

The bench makes N business team members (fictional: load.user.N@bench.example) spread over
the two partnerships with the most reviews, each with a confirmed authenticator, then for each
server configuration ("2": two sync workers; "2x4": two gthread workers of four threads)
collects the static files and starts gunicorn with the production settings on 127.0.0.1:PORT,
as behind the TLS proxy (X-Forwarded-Proto: https, secure cookies, HTTPS CSRF checks); with
--url it uses a server already running instead. Every person signs in as people do (the
sign-in form with their password, then a code from their authenticator), each their own
session, over plain HTTP with the standard library's client (a connection a request).

Then, for a fixed time a phase, all N loop at once (each starting at a different page): over
the floor page (the accessibility statement); over each measured page alone; over the mix of
every page (home, reviews lists, task list, action tracker, themes, history, access log), then
of every page but home; and over the floor again (the warm-up, unrecorded, is a short mix).
Each phase reports requests a second, the median and 95th percentile of the latency, its errors
(any answer but 200, or none), the ratio of the floor's requests a second (the mean of both
floor phases) to the phase's (the target: at most 2) and the CPU this client used (a share of
one core), to show the load is the server's.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.contrib.auth.hashers import make_password
from django.db.models import Count
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Partnership, PartnershipRole, User
from bench.national import PASSWORD
from bench.pages import pages_of

FLOOR = "/accessibility/"
HOME = "home"
LOAD_PREFIX = "load.user."
PROJECT = Path(__file__).resolve().parents[1]
TIMEOUT = 120.0
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Person:
    """A signed-in person's address, authenticator key (hex) and pages, name to path."""

    email: str
    key: str
    pages: dict[str, str]


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    text: str


def people(count: int, *, partnerships: int = 2) -> list[Person]:
    """`count` business team members, in turn of the partnerships with the most reviews, each
    with a confirmed authenticator (made once, found again on later runs)."""
    biggest = list(
        Partnership.objects.annotate(size=Count("reviews")).filter(size__gt=0).order_by("-size")
    )[:partnerships]
    pages = {p.pk: {HOME: "/"} | pages_of(p) for p in biggest}
    password = make_password(PASSWORD)
    crowd = []
    for n in range(1, count + 1):
        partnership = biggest[n % len(biggest)]
        user, _ = User.objects.get_or_create(
            email=f"{LOAD_PREFIX}{n}@bench.example",
            defaults={
                "full_name": f"Load User {n}",
                "partnership": partnership,
                "password": password,
            },
        )
        PartnershipRole.objects.get_or_create(
            user=user, partnership=user.partnership, role=PartnershipRole.Role.BUSINESS_TEAM
        )
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Load bench authenticator", defaults={"confirmed": True}
        )
        assert user.partnership_id is not None
        crowd.append(Person(user.email, device.key, pages[user.partnership_id]))
    return crowd


class Browser:
    """One person's session: cookies kept by name, as a browser behind HTTPS would."""

    def __init__(self, base_url: str, *, behind_tls_proxy: bool = True) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.origin = f"{'https' if behind_tls_proxy else 'http'}://{self.host}:{self.port}"
        self.proxy_headers = {"X-Forwarded-Proto": "https"} if behind_tls_proxy else {}
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Answer:
        return self._request("GET", path, None)

    def post(self, path: str, fields: dict[str, str]) -> Answer:
        return self._request("POST", path, urlencode(fields))

    def _request(self, method: str, path: str, body: str | None) -> Answer:
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "bench-load"}
        headers |= self.proxy_headers
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            }
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self._keep(header)
        return Answer(response.status, response.headers.get("Location", ""), text)

    def _keep(self, header: str) -> None:
        for name, morsel in SimpleCookie(header).items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


def sign_in(browser: Browser, person: Person) -> None:
    """The sign-in form, then the authenticator's code; a code already used (the same 30 s
    step as a previous run's) is tried again with the next step's."""
    form = browser.get("/sign-in/")
    answer = browser.post(
        "/sign-in/",
        {"csrfmiddlewaretoken": _csrf(form), "username": person.email, "password": PASSWORD},
    )
    if answer.status != 302 or "security-code" not in answer.location:
        raise RuntimeError(f"{person.email}: the password was refused ({answer.status})")
    for _attempt in range(2):
        form = browser.get(answer.location)
        code = f"{totp(bytes.fromhex(person.key)):06d}"
        done = browser.post(answer.location, {"csrfmiddlewaretoken": _csrf(form), "code": code})
        if done.status == 302:
            return
        time.sleep(30.5 - time.time() % 30)
    raise RuntimeError(f"{person.email}: the security code was refused")


def _csrf(answer: Answer) -> str:
    found = CSRF_FIELD.search(answer.text)
    if answer.status != 200 or found is None:
        raise RuntimeError(f"no form to fill in (status {answer.status})")
    return found.group(1)


def sign_in_all(
    base_url: str, people: Sequence[Person], *, behind_tls_proxy: bool = True
) -> list[Browser]:
    """Everyone signed in at once, one thread each."""
    browsers = [Browser(base_url, behind_tls_proxy=behind_tls_proxy) for _ in people]
    failures: list[str] = []

    def one(browser: Browser, person: Person) -> None:
        try:
            sign_in(browser, person)
        except (RuntimeError, OSError) as error:
            failures.append(str(error))

    _together([partial(one, b, p) for b, p in zip(browsers, people, strict=True)])
    if failures:
        raise RuntimeError("; ".join(failures))
    return browsers


@dataclass
class Phase:
    """Every request of one phase: the page's name, seconds taken, answered 200 or not."""

    name: str
    seconds: float = 0.0
    bench_cpu: float = 0.0  # this process's CPU seconds: the client's own cost
    samples: list[tuple[str, float, bool]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return len(self.samples) / self.seconds

    def latencies(self) -> list[float]:
        return sorted(s for _, s, _ in self.samples)

    @property
    def errors(self) -> int:
        return sum(1 for *_, ok in self.samples if not ok)


def hammer(
    name: str, browsers: Sequence[Browser], paths: Sequence[Sequence[str]], seconds: float
) -> Phase:
    """Each browser loops over its paths (starting at its own index) until the time is up."""
    phase = Phase(name)
    lock = threading.Lock()
    started, cpu = time.perf_counter(), time.process_time()
    deadline = started + seconds

    def loop(index: int, browser: Browser, own: Sequence[str]) -> None:
        n = index
        while time.perf_counter() < deadline:
            path = own[n % len(own)]
            n += 1
            begun = time.perf_counter()
            try:
                ok = browser.get(path).status == 200
            except OSError:
                ok = False
            with lock:
                phase.samples.append((path, time.perf_counter() - begun, ok))

    together = zip(browsers, paths, strict=True)
    _together([partial(loop, i, b, p) for i, (b, p) in enumerate(together)])
    phase.seconds = time.perf_counter() - started
    phase.bench_cpu = time.process_time() - cpu
    done = f"{name}: {len(phase.samples)} requests in {phase.seconds:.0f} s"
    print(time.strftime("%H:%M:%S"), done, file=sys.stderr)
    return phase


def _together(jobs: Sequence[Callable[[], None]]) -> None:
    threads = [threading.Thread(target=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run(
    base_url: str, people: Sequence[Person], seconds: float, *, behind_tls_proxy: bool = True
) -> list[Phase]:
    """Sign everyone in, warm up on the mix, then the floor, each page, the mix, the floor."""
    browsers = sign_in_all(base_url, people, behind_tls_proxy=behind_tls_proxy)
    mixes = [list(person.pages.values()) for person in people]
    but_home = [[u for name, u in person.pages.items() if name != HOME] for person in people]
    floor = [[FLOOR] for _ in people]
    hammer("warm-up", browsers, but_home, min(seconds, 3.0))
    phases = [hammer("floor (before)", browsers, floor, seconds)]
    for name in people[0].pages:
        phases.append(hammer(name, browsers, [[p.pages[name]] for p in people], seconds))
    phases.append(hammer("mix (every page)", browsers, mixes, seconds))
    phases.append(hammer("mix (all but home)", browsers, but_home, seconds))
    phases.append(hammer("floor (after)", browsers, floor, seconds))
    return phases


def report(label: str, phases: Sequence[Phase]) -> str:
    floors = [p.rate for p in phases if p.name.startswith("floor")]
    floor_rate = statistics.mean(floors)
    lines = [
        label,
        f"{'phase':<24} {'requests':>8} {'req/s':>7} {'median ms':>9} {'p95 ms':>8}"
        f" {'errors':>6} {'floor/this':>10} {'bench cpu':>9}",
    ]
    for phase in phases:
        latencies = phase.latencies()
        p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) > 1 else latencies[0]
        lines.append(
            f"{phase.name:<24} {len(latencies):>8} {phase.rate:>7.1f}"
            f" {statistics.median(latencies) * 1e3:>9.0f} {p95 * 1e3:>8.0f}"
            f" {phase.errors:>6} {floor_rate / phase.rate:>10.2f}"
            f" {phase.bench_cpu / phase.seconds:>9.0%}"
        )
    return "\n".join(lines)


@contextmanager
def gunicorn(port: int, workers: int, threads: int, static_root: Path) -> Iterator[str]:
    """gunicorn with the production settings on 127.0.0.1:port, as behind the TLS proxy."""
    env = production_env(port, static_root)
    command = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    log = static_root.parent / f"gunicorn-{workers}x{threads}.log"
    with log.open("w") as output:
        server = subprocess.Popen(command, env=env, cwd=PROJECT, stdout=output, stderr=output)  # noqa: S603
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base_url, server, log)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(base_url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(120):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            Browser(base_url).get(FLOOR)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer in 60 s")


def production_env(port: int, static_root: Path) -> dict[str, str]:
    """The production settings' environment (as .ci/deploy-check), DATABASE_URL inherited."""
    import os  # noqa: PLC0415
    import secrets  # noqa: PLC0415

    origin = f"https://127.0.0.1:{port}"
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": origin,
        "SITE_URL": origin,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(static_root.parent / "media"),
        "LOG_LEVEL": "WARNING",
    }


def collect_static(static_root: Path, port: int) -> None:
    manage = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    env = production_env(port, static_root)
    subprocess.run(manage, env=env, cwd=PROJECT, check=True)  # noqa: S603


def servers(spec: str) -> list[tuple[int, int]]:
    """ "2,2x4" -> [(2, 1), (2, 4)]: workers, threads."""
    pairs = [item.split("x") for item in spec.split(",")]
    return [(int(p[0]), int(p[1]) if len(p) > 1 else 1) for p in pairs]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench load")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--servers", default="2,2x4", help="workers[xthreads], comma-separated")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--url", help="a server already running: start none")
    args = parser.parse_args(argv)
    crowd = people(args.users)
    if args.url:
        print(report(f"{args.url}, {args.users} users", run(args.url, crowd, args.seconds)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-load-") as work:
        static_root = Path(work) / "static"
        collect_static(static_root, args.port)
        for workers, threads in servers(args.servers):
            kind = (
                f"{workers} gthread workers x {threads} threads"
                if threads > 1
                else f"{workers} sync workers"
            )
            with gunicorn(args.port, workers, threads, static_root) as base_url:
                phases = run(base_url, crowd, args.seconds)
            print(
                report(f"gunicorn, {kind}, {args.users} users, {args.seconds:g} s a phase", phases)
            )
            print(flush=True)
