"""The command line: python -m devstack up | down | run | exec -- CMD ..."""

from __future__ import annotations

import sys

from devstack.config import ENV_FILE
from devstack.execute import exec_command
from devstack.stack import down, up
from devstack.supervisor import run
from devstack.system import log

USAGE = "usage: python -m devstack {up,down,run,exec -- CMD ...}"


def main(argv: list[str]) -> int:
    try:
        return _dispatch(argv)
    except KeyboardInterrupt:  # clean-up has run in `finally:` blocks; no traceback
        return 130


def _dispatch(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "up":
        up()
        log(f"wrote {ENV_FILE}")
        return 0
    if command == "down":
        down()
        return 0
    if command == "exec":
        return exec_command(rest[1:] if rest[:1] == ["--"] else rest)
    if command == "run" and not rest:
        return run()
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
