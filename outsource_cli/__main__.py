"""The entry point: ``outsource`` and ``python -m outsource_cli``.

Its first act is to make Ctrl-C end the process at once, with exit 130 and one line: while
the command's modules load (about 0.3 s) a KeyboardInterrupt could land anywhere, in code
that prints it as a traceback or swallows it. A command's body turns Python's own handling
back on (``commands.common.exit_codes``: a KeyboardInterrupt there is cleaned up after and exits 130 too).
Nothing heavier than ``signal`` is imported before the handler is in place. A SIGINT that was
ignored when the process started (``nohup``, a background job of a script) stays ignored.
"""

import gc
import os
import signal


def _interrupted(signum: int, frame: object) -> None:
    os.write(2, b"interrupted\n")
    os._exit(130)


def main() -> None:
    early = None
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored (nohup, &)
        signal.signal(signal.SIGINT, _interrupted)
        early = _interrupted
    # A command is a short run: reference counting frees what it makes as it goes, and the
    # garbage collector's passes over its many small objects cost about 15 ms while freeing
    # little. The interview, which lasts as long as a person takes, turns it back on
    # (commands/interviewing.py). Measured in docs/performance.md.
    gc.disable()
    from outsource_cli.cli import main as run

    try:
        run(early)
    finally:
        # The process ends here. Freezing moves every object it made out of the garbage
        # collector's sight, so the interpreter's last collections, at exit, do not walk
        # them all again (about 30 ms of a 300 ms run; none of them is garbage worth it).
        gc.freeze()


if __name__ == "__main__":
    main()
