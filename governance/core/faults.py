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
"""

from __future__ import annotations

import os
import signal

FAULT_VARIABLE = "PMO_FAULT_AT"


def checkpoint(name: str) -> None:
    """Kill this process now when PMO_FAULT_AT names this checkpoint; otherwise do nothing."""
    if os.environ.get(FAULT_VARIABLE) == name:
        # SIGKILL cannot be caught: exactly what a `kill -9` or a power cut leaves. (Windows has no SIGKILL;
        # there os.kill with SIGTERM is TerminateProcess, just as abrupt.)
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
