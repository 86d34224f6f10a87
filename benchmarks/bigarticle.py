"""Ingest one article just under the default --max-bytes: time and peak memory.

    python benchmarks/bigarticle.py [--shared ../shared] [--bytes 9000000] [--write]

A single very long article (a transcript, a report pasted whole) must not
take memory in proportion to its claims. The article is made of the real
articles in ../shared/eval/real, one after another as paragraphs, until it
reaches --bytes; it is ingested by `claims ingest` as a separate process,
whose peak resident memory and wall time are reported. With --write the
line goes into docs/performance.md between its markers.
"""
from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from markers import write_between  # noqa: E402


def texts(shared: Path) -> list[str]:
    real = shared / "eval" / "real"
    found = [json.loads(line)["text"] for name in ("quotes_polnear_dev.jsonl", "dates_tbaq.jsonl")
             for line in (real / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [t.strip() for t in found if t.strip()]


def build(shared: Path, size: int) -> str:
    parts, total, pool = [], 0, texts(shared)
    while total < size:
        for text in pool:
            if total + len(text.encode()) + 2 > size:
                return "\n\n".join(parts)
            parts.append(text)
            total += len(text.encode()) + 2
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--bytes", type=int, default=9_000_000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long-article.txt"
        path.write_text(build(args.shared, args.bytes), encoding="utf-8")
        size, words = path.stat().st_size, len(path.read_text(encoding="utf-8").split())
        db = Path(tmp) / "claims.db"
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "claimledger", "ingest", str(path), "--db", str(db), "--quiet"],
                             check=False, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if run.returncode:
            sys.exit(f"bigarticle: claims ingest failed: {run.stderr.strip()}")
        with sqlite3.connect(db) as conn:
            claims = conn.execute("select count(*) from claims").fetchone()[0]
    line = (f"One article of {size:,} bytes ({words:,} words, {claims:,} claims): "
            f"ingested in {seconds:,.0f} s, peak memory {peak:,.0f} MiB.")
    print(line)
    if args.write:
        write_between(ROOT / "docs" / "performance.md", "bigarticle", line)

if __name__ == "__main__":
    main()
