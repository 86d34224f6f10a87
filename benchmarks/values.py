"""Normalised values by kind and by class of error, on the dev set and on real news.

    python benchmarks/values.py [--shared ../shared] [--errors]

Ingests ../shared/eval/dev and ../shared/eval/real/claims with `claims ingest`,
matches claims to the gold as ../shared/eval/score.py does (kinds equal, spans
overlapping, largest overlap first) and reports, for each set and kind, the
share of matched claims whose value is right, and the wrong ones by class:

- dates: `year` (the right stretch of the calendar in another year), `bound`
  (an open side where the gold has none, or the other way round), `extent`
  (another stretch of the calendar);
- numbers: `qualifier` (the right figure with another qualifier), `scale` (a
  figure off by a power of a thousand), `figure` (another figure).

The real-news set is split as benchmarks/realnews.py splits it; `--errors`
lists the dev set's errors and the tuning part's, never the held-out part's.
"""
from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from realnews import _module, claims_command, held_out, matches  # noqa: E402

KINDS = ("date", "number")


def error_class(kind: str, gold: dict, pred: dict) -> str:
    value = gold.get("value") or {}
    if kind == "date":
        got = (pred.get("date_start"), pred.get("date_end"))
        want = (value.get("start"), value.get("end"))
        if (got[0] is None) != (want[0] is None) or (got[1] is None) != (want[1] is None):
            return "bound"
        if all(g and w and g[4:] == w[4:] for g, w in zip(got, want) if g or w):
            return "year"
        return "extent"
    number, want = pred.get("number"), value.get("value")
    if number is None or want is None:
        return "figure"
    if abs(float(number) - float(want)) <= 0.005 * max(1.0, abs(float(want))):
        return "qualifier"
    if number and want and abs(round(math.log10(abs(float(number) / float(want))) / 3) * 3 -
                               math.log10(abs(float(number) / float(want)))) < 0.01:
        return "scale"
    return "figure"


def tally(score, db: Path, gold_lines: list[str], folder: Path) -> tuple[dict, list[str]]:
    """Per kind: matched claims with a value, right ones, and errors by class."""
    counts: dict[str, Counter] = defaultdict(Counter)
    errors: list[str] = []
    for article, claim, pred in matches(score, db, gold_lines, folder):
        ok = score.value_ok(claim, pred)
        if claim.get("optional") or ok is None or claim["kind"] not in KINDS:
            continue
        counts[claim["kind"]]["matched"] += 1
        if ok:
            counts[claim["kind"]]["right"] += 1
            continue
        cls = error_class(claim["kind"], claim, pred)
        counts[claim["kind"]][cls] += 1
        got = {k: pred.get(k) for k in ("date_start", "date_end", "number", "unit", "qualifier") if pred.get(k)}
        errors.append(f"{article}: {claim['kind']} {cls}: {claim['surface']!r} {got} != {claim['value']}")
    return counts, errors


def ingest(paths: list[Path], db: Path) -> None:
    subprocess.run([claims_command(), "ingest", *map(str, paths), "--db", str(db), "--quiet"], check=True)


def measure(shared: Path) -> tuple[dict[str, dict], dict[str, list[str]]]:
    score = _module(shared / "eval" / "score.py", "score")
    results, errors = {}, {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        dev = shared / "eval" / "dev"
        ingest(sorted(dev.glob("*.md")) + sorted(dev.glob("*.txt")), tmp / "dev.db")
        lines = [line for line in (dev / "gold.jsonl").read_text().splitlines() if line.strip()]
        results["dev"], errors["dev"] = tally(score, tmp / "dev.db", lines, dev)
        real = shared / "eval" / "real" / "claims"
        lines = [line for line in (real / "gold.jsonl").read_text().splitlines() if line.strip()]
        ingest([real / json.loads(line)["article"] for line in lines], tmp / "real.db")
        for part in ("all", "tuning", "held-out"):
            chosen = [line for line in lines
                      if part == "all" or (part == "held-out") == held_out(json.loads(line)["article"])]
            results[f"real news ({part})"], errors[part] = tally(score, tmp / "real.db", chosen, real)
    return results, {"dev": errors["dev"], "real news (tuning)": errors["tuning"]}


def table(results: dict[str, dict]) -> str:
    classes = {"date": ("year", "bound", "extent"), "number": ("qualifier", "scale", "figure")}
    rows = ["| set | kind | matched | value accuracy | errors by class |", "|---|---|---:|---:|---|"]
    for name, counts in results.items():
        for kind in KINDS:
            c = counts[kind]
            accuracy = c["right"] / c["matched"] if c["matched"] else 0.0
            wrong = ", ".join(f"{cls} {c[cls]}" for cls in classes[kind] if c[cls]) or "–"
            rows.append(f"| {name} | {kind} | {c['matched']} | {accuracy:.3f} | {wrong} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--errors", action="store_true", help="list the dev set's and the tuning part's errors")
    args = parser.parse_args()
    if not (args.shared / "eval" / "real" / "claims").exists():
        sys.exit(f"values: no evaluation data at {args.shared / 'eval'}")
    results, errors = measure(args.shared)
    print(table(results))
    if args.errors:
        for name, lines in errors.items():
            print(f"\n## {name}")
            print("\n".join(lines))


if __name__ == "__main__":
    main()
