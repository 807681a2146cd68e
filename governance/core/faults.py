"""Fault injection: a command kills itself at a named step boundary, as `kill -9` would, to prove what a kill leaves.

`PMO_FAULT_AT=<name>` makes `checkpoint(name)` end the process at once with SIGKILL: no `finally`, no `atexit`,
no rollback in Python; only what the store and the file system guarantee remains. The robustness tests run the
real CLI with each checkpoint (tests/robustness/test_faults.py). Unset, a checkpoint is one dictionary lookup.

Checkpoints (`<command>:<step>`), in the order a run reaches them:
- `<command>:rendered`: every output rendered into the staging folder, the store not committed yet;
- `<command>:committed`: the store committed, nothing published yet;
- `<command>:publishing`: in the middle of publishing (a folder swapped in, the old one not yet deleted);
- `<command>:aside`: only where folders cannot be exchanged atomically (not Linux): the current folder renamed
  aside, the new one not yet renamed in (the next run finishes the swap);
for `review`, `governance`, `assessment` and `staffing`; the kit (no store) has `kit:rendered` and
`kit:publishing`.

`PMO_PAUSE_AT=<name>:<seconds>` makes the checkpoint wait instead, after creating the file named by
`PMO_PAUSE_MARKER`: how the concurrency tests hold one run at a known step while a second one starts.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

FAULT_VARIABLE = "PMO_FAULT_AT"
PAUSE_VARIABLE = "PMO_PAUSE_AT"


def checkpoint(name: str) -> None:
    """Kill this process now when PMO_FAULT_AT names this checkpoint, pause it when PMO_PAUSE_AT does;
    otherwise do nothing."""
    if os.environ.get(FAULT_VARIABLE) == name:
        # SIGKILL cannot be caught: exactly what a `kill -9` or a power cut leaves. (Windows has no SIGKILL;
        # there os.kill with SIGTERM is TerminateProcess, just as abrupt.)
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    pause = os.environ.get(PAUSE_VARIABLE)
    if pause and pause.rpartition(":")[0] == name:
        Path(os.environ["PMO_PAUSE_MARKER"]).touch()
        time.sleep(float(pause.rpartition(":")[2]))
