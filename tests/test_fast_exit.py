"""The ``kdeal`` command's exit without interpreter teardown (pipeline/fast_exit.py): the exit
code, the atexit handlers and the standard streams come out as a normal exit gives them."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PRELUDE = "import atexit, sys, threading, time\nfrom kdeal.pipeline.fast_exit import exit_process\n"


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PRELUDE + code], capture_output=True, text=True, timeout=60)


def test_exit_code_streams_and_atexit_handlers(tmp_path: Path):
    mark = tmp_path / "mark"
    r = run_python(f"atexit.register(lambda: open({str(mark)!r}, 'w').write('ran'))\n"
                   "sys.stdout.write('buffered, no newline')\n"
                   "sys.stderr.write('to stderr')\n"
                   "exit_process(3)\n")
    assert r.returncode == 3
    assert r.stdout == "buffered, no newline"
    assert r.stderr == "to stderr"
    assert mark.read_text() == "ran"


def test_a_live_thread_gets_the_normal_exit(tmp_path: Path):
    done = tmp_path / "done"
    r = run_python("def late():\n"
                   "    time.sleep(0.3)\n"
                   f"    open({str(done)!r}, 'w').write('finished')\n"
                   "threading.Thread(target=late).start()\n"
                   "exit_process(0)\n")
    assert r.returncode == 0, r.stderr
    assert done.read_text() == "finished"  # os._exit would have killed the thread first


def test_the_console_command_exits_through_it(tmp_path: Path):
    exe = Path(sys.executable).parent / "kdeal"
    r = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.startswith("Usage: kdeal")
    r = subprocess.run([str(exe), "extract", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and "missing.txt" in r.stderr
