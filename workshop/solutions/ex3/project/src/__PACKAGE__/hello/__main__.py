"""Run with `python -m __PACKAGE__.hello`."""

from .. import core


def main() -> int:
    print(core.greet("workshop"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
