"""Measure how well claims are matched across articles.

    python benchmarks/grouping.py [--errors]

Ingests corpus/ into a temporary store and compares the relation
claimledger finds between two claims (``same``, ``contradicts`` or none)
with the hand-annotated pairs in benchmarks/data/kia-pairs.jsonl.  Each
annotated claim is named by its article file, kind, surface and occurrence,
so the annotations survive changes to claim ids.  Prints precision and
recall for each relation.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimledger import store  # noqa: E402
from claimledger.provenance.linking import stored_signatures  # noqa: E402
from claimledger.provenance.relations import relation  # noqa: E402
from claimledger.ingest import ingest, read_sources  # noqa: E402

PAIRS = ROOT / "benchmarks" / "data" / "kia-pairs.jsonl"


def claim_keys(db) -> dict[tuple, int]:
    keys, seen = {}, Counter()
    for r in db.query("select c.id, c.kind, c.surface, a.source from claims c join articles a "
                      "on a.id = c.article_id order by c.article_id, c.span_start"):
        base = (Path(r["source"]).name, r["kind"], r["surface"])
        keys[base + (seen[base],)] = r["id"]
        seen[base] += 1
    return keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list every pair judged wrongly")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = store.connect(Path(tmp) / "claims.db")
        ingest(db, read_sources([str(ROOT / "corpus")]))
        keys = claim_keys(db)
        sigs = stored_signatures(db)
        tally: Counter = Counter()
        errors = []
        pairs = [json.loads(line) for line in PAIRS.read_text().splitlines() if line.strip()]
        for pair in pairs:
            ids = [keys[(p["article"], p["kind"], p["surface"], p["occurrence"])] for p in (pair["a"], pair["b"])]
            got = relation(sigs[ids[0]], sigs[ids[1]]) or "none"
            got = got if got in ("same", "contradicts") else "none"
            want = pair["relation"]
            tally[(want, got)] += 1
            if got != want:
                errors.append(f"{ids[0]}-{ids[1]} {pair['a']['surface']!r} / {pair['b']['surface']!r}: got {got}, want {want}")
        db.close()
    print(f"{len(pairs)} annotated pairs ({sum(p['relation'] != 'none' for p in pairs)} related)\n")
    print("| relation | annotated | found | correct | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in ("same", "contradicts"):
        annotated = sum(n for (w, _), n in tally.items() if w == kind)
        found = sum(n for (_, g), n in tally.items() if g == kind)
        correct = tally[(kind, kind)]
        print(f"| {kind} | {annotated} | {found} | {correct} | {correct / found if found else 0:.3f} | "
              f"{correct / annotated if annotated else 0:.3f} |")
    if args.errors:
        print("\n" + "\n".join(errors))


if __name__ == "__main__":
    main()
