"""``python -m khlib report ORDERS …`` — see :mod:`khlib.report.cli` (``python -m khlib report -h``)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in ("report",):
        print("用法 / usage: python -m khlib report ORDERS [--customers FILE] [--out DIR] …  (-h 查看帮助 / for help)",
              file=sys.stderr)
        return 2
    from .report.cli import main as report_main

    return report_main(args[1:])


if __name__ == "__main__":
    sys.exit(main())
