"""Run every benchmark and print its table: `python -m bench [reviews]`; the reminders alone:
`python -m bench reminders [reviews ...]` (default 100 and 5,000); national-scale data and
the page benchmark on DATABASE_URL's database: `python -m bench national --reviews 10,300,5000`,
`python -m bench pages [--rounds N]`, `python -m bench statistics [--rounds N]`,
`python -m bench render [--rounds N] [--profile PAGE]` (rendering alone, bench/render.py),
`python -m bench load [--users 20] [--seconds 20] [--servers 2,2x4]` (20 people at once
against gunicorn, bench/load.py)."""

from __future__ import annotations

import os
import sys

from bench import reminders, schedules


def main(argv: list[str]) -> None:
    if argv[:1] in (["national"], ["pages"], ["statistics"], ["render"], ["load"]):
        _with_django(argv)
        return
    if argv[:1] == ["reminders"]:
        print(reminders.report(reminders.run([int(n) for n in argv[1:]] or [100, 5_000])))
        return
    count = int(argv[0]) if argv else 100_000
    print(schedules.report(schedules.run(count)))
    print(reminders.report(reminders.run([100, 5_000])))


def _with_django(argv: list[str]) -> None:
    """The national-scale generator and the page benchmark, on DATABASE_URL's database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django  # noqa: PLC0415  settings first

    django.setup()
    from bench import load, national, pages, render, statistics  # noqa: PLC0415  needs the apps

    mains = {
        "national": national.main,
        "pages": pages.main,
        "statistics": statistics.main,
        "render": render.main,
        "load": load.main,
    }
    mains[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
