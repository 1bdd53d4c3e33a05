"""Named points in a run where a crash test may kill or pause the process. Off unless
EVENTPIPE_CHECKPOINTS is set, and then only an environment look-up and one appended line.

    EVENTPIPE_CHECKPOINTS=FILE     every checkpoint appends its name to FILE (a trace of the run)
    EVENTPIPE_KILL_AT=NAME:N       the process SIGKILLs itself the Nth time it reaches NAME
    EVENTPIPE_PAUSE_AT=NAME:N      the process waits there until FILE.go exists

Points are counted by name, not overall: coding (a worker thread) and loading (the flow's thread)
interleave differently from run to run, but each name is reached by one thread in the same order
every time, so NAME:N picks the same moment in every run. The trace lives in a file so that
counting needs no state in this module and a test can read where the process stopped.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

TRACE = "EVENTPIPE_CHECKPOINTS"
KILL_AT = "EVENTPIPE_KILL_AT"
PAUSE_AT = "EVENTPIPE_PAUSE_AT"


def checkpoint(name: str) -> None:
    trace = os.environ.get(TRACE)
    if not trace:
        return
    with open(trace, "a+", encoding="utf-8") as log:
        log.seek(0)
        seen = 1 + sum(1 for line in log if line.rstrip("\n") == name)
        log.write(name + "\n")  # one short write on an O_APPEND file: lines from threads do not mix
    here = f"{name}:{seen}"
    if os.environ.get(KILL_AT) == here:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get(PAUSE_AT) == here:
        go = Path(trace + ".go")
        while not go.exists():
            time.sleep(0.05)
