"""Run every benchmark and print its table: `python -m bench [reviews]`."""

from __future__ import annotations

import sys

from bench import schedules


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 100_000
    print(schedules.report(schedules.run(count)))


if __name__ == "__main__":
    main(sys.argv[1:])
