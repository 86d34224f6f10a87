"""Score the extractor on the annotated articles in ../shared/eval with the official scorer.

    python benchmarks/accuracy.py [--shared ../shared] [--errors]

Ingests each evaluation set into a temporary store with `claims ingest`, then
runs ../shared/eval/score.py on it and prints its figures.  Needs the shared
evaluation folder beside the repository; a user's clone has none, so this is a
benchmark and not a test.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def score_set(shared: Path, name: str, show_errors: bool) -> str:
    folder = shared / "eval" / name
    gold = folder / "gold.jsonl"
    articles = [str(folder / json.loads(line)["article"]) for line in gold.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / f"{name}.db"
        subprocess.run([sys.executable, "-m", "claimledger", "ingest", *articles, "--db", str(db), "--quiet"], check=True)
        command = [sys.executable, str(shared / "eval" / "score.py"), "--db", str(db), "--gold", str(gold),
                   "--articles", str(folder)]
        if show_errors:
            command.append("--errors")
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--errors", action="store_true", help="list every miss, spurious claim and wrong label")
    args = parser.parse_args()
    if not (args.shared / "eval" / "score.py").exists():
        sys.exit(f"accuracy: no evaluation data at {args.shared / 'eval'}")
    for name in ("seed", "dev"):
        print(f"## {name}")
        print(score_set(args.shared, name, args.errors))


if __name__ == "__main__":
    main()
