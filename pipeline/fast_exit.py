"""Leaving the ``kdeal`` process without tearing the interpreter down, once a command is done.

Why: at exit CPython frees every object one by one. After ``kdeal extract`` that is the
pipeline's hundreds of thousands of long-lived objects (gazetteer, lexicons, CRF tables,
spaCy's vocabulary) and Kiwi's model: ≈0.4 s of CPU (≈2% of extracting 5,000 sentences,
benchmarks/bench_segment.py) spent on memory the operating system takes back at once.

What a normal exit does besides freeing memory is done first: the ``atexit`` handlers
(logging's flush, multiprocessing's clean-up, ``weakref.finalize`` of temporary folders)
and flushing the standard streams. The command's own files are closed by then (their
``with`` blocks have ended). While another thread is alive (a web server, a Spark gateway)
the normal exit runs instead: that thread may have work to finish.

Only the ``kdeal`` command exits this way (``cli.main()`` with no arguments); ``cli.main(argv)``
returns, for tests and for programs that call it.
"""
from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def exit_process(code: int) -> NoReturn:
    """Exit with ``code``, skipping the interpreter's teardown when it is safe to (see above)."""
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: a normal exit would not write either
            pass
    os._exit(code)
