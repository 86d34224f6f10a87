"""Time `claims --help`, against an earlier revision when asked.

    python benchmarks/startup.py [--runs 30] [--against REV]

Every command starts by importing the CLI, so its start-up is what a user
feels on every call.  Each run is a fresh interpreter; runs of this checkout
and of REV (checked out into a temporary worktree and put first on
PYTHONPATH) alternate, so a busy machine weighs on both alike.  Prints the
median wall time and the median CPU time (user + system) of each.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def once(src: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `claims --help` importing claimledger from ``src``."""
    env = dict(os.environ, PYTHONPATH=str(src))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "claimledger", "--help"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--against", metavar="REV", help="an earlier revision to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sources = {"this checkout": ROOT / "src"}
        if args.against:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", tmp, args.against],
                           check=True)
            sources[args.against] = Path(tmp) / "src"
        try:
            for src in sources.values():  # warm the file cache before timing
                once(src)
            times: dict[str, list] = {name: [] for name in sources}
            for _ in range(args.runs):
                for name, src in sources.items():
                    times[name].append(once(src))
        finally:
            if args.against:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", tmp], check=False)
    print("| `claims --help` | median wall | median CPU |")
    print("|---|---:|---:|")
    for name, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"| {name} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
