"""Measure how well claims are matched across articles, and how well
versions are compared.

    python benchmarks/grouping.py [--errors] [--write]

Ingests corpus/ into a temporary store and compares the relation
claimledger finds between two claims (``same``, ``contradicts`` or none)
with hand-annotated pairs: benchmarks/data/kia-pairs.jsonl, the Kia story
the rules were tuned on, and every other ``*-pairs.jsonl`` there, a story
annotated apart whose pairs are exhaustive (fresh until the rules are tuned
on it: ``TUNED_SINCE`` names those that were): every
pair of its claims found related and not annotated so counts against
precision.  Each annotated claim is named by its article file, kind,
surface and occurrence, so the annotations survive changes to claim ids.
A last line counts the relations found between claims of two different
stories, every one of them wrong.

Then each edited article in benchmarks/data/edits/NN-*/ (old.md, new.md,
expected.json) is ingested as two versions, and what ``claims changes``
records is compared with what was expected: the changed pairs of
surfaces, the claims that appeared and disappeared, every other claim
unchanged.  ``--write`` puts the tables into docs/provenance.md.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimledger import store  # noqa: E402
from claimledger.ingest import ingest, read_sources  # noqa: E402
from claimledger.provenance.linking import stored_signatures  # noqa: E402
from claimledger.provenance.relations import relation  # noqa: E402
from markers import write_between  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
TUNING = DATA / "kia-pairs.jsonl"
# exhaustive sets annotated apart that the rules have been tuned on since their
# first measurement (docs/provenance.md keeps that one): no longer a fresh figure
TUNED_SINCE = {DATA / "eastside-pairs.jsonl", DATA / "tarrow-pairs.jsonl", DATA / "saltmarsh-pairs.jsonl",
               DATA / "wrenmoor-pairs.jsonl", DATA / "aldermoor-pairs.jsonl",
               DATA / "corrin-pairs.jsonl", DATA / "kelmarsh-pairs.jsonl", DATA / "brackenfield-pairs.jsonl",
               DATA / "wendlemouth-pairs.jsonl", DATA / "quarrendon-pairs.jsonl", DATA / "lysmere-pairs.jsonl",
               DATA / "marrowick-pairs.jsonl", DATA / "kestwick-pairs.jsonl",
               DATA / "dunholt-pairs.jsonl", DATA / "ambrell-pairs.jsonl", DATA / "quillan-pairs.jsonl",
               DATA / "pellinor-pairs.jsonl", DATA / "morvenna-pairs.jsonl"}
EDITS = DATA / "edits"
DOC = ROOT / "docs" / "provenance.md"
RELATIONS = ("same", "contradicts")


def claim_keys(db) -> dict[tuple, int]:
    keys, seen = {}, Counter()
    for r in db.query("select c.id, c.kind, c.surface, a.source from claims c join articles a "
                      "on a.id = c.article_id order by c.article_id, c.span_start"):
        base = (Path(r["source"]).name, r["kind"], r["surface"])
        keys[base + (seen[base],)] = r["id"]
        seen[base] += 1
    return keys


def found(a, b) -> str:
    """The relation linking finds, as the annotations name them (a broken projection is no relation)."""
    got = relation(a, b) or "none"
    return got if got in RELATIONS else "none"


def pairwise(sigs: dict) -> Callable[[int, int], str]:
    """The relation of two claims judged alone, from their signatures."""
    return lambda x, y: found(sigs[x], sigs[y])


def as_listed(db) -> Callable[[int, int], str]:
    """The relation of two claims as the store lists them: ``same`` when
    ``claims groups`` puts them in one group, ``contradicts`` when ``claims
    conflicts`` lists their two groups (a conflict between groups stands
    for every pair of their members)."""
    group = dict(db.execute("select id, group_id from claims").fetchall())
    apart = {frozenset(row) for row in db.execute(
        "select group_id, other_group_id from group_conflicts where relation = 'contradicts'")}

    def judge(x: int, y: int) -> str:
        if group[x] is not None and group[x] == group[y]:
            return "same"
        return "contradicts" if frozenset((group[x], group[y])) in apart else "none"
    return judge


def read_pairs(path: Path) -> list[dict]:
    """An annotated set's pairs, one a line."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def articles_of(pairs: list[dict]) -> set[str]:
    """The articles an annotated set names: its story's."""
    return {p[side]["article"] for p in pairs for side in ("a", "b")}


def score(name: str, path: Path, db, keys: dict, judge: Callable[[int, int], str],
          exhaustive: bool) -> tuple[dict, list[str]]:
    """Precision and recall of each relation on one annotated set."""
    pairs = read_pairs(path)
    gold: dict[frozenset, str] = {}
    for pair in pairs:
        ids = [keys[(p["article"], p["kind"], p["surface"], p["occurrence"])] for p in (pair["a"], pair["b"])]
        gold[frozenset(ids)] = pair["relation"]
    predicted = {ids: judge(min(ids), max(ids)) for ids in gold}
    if exhaustive:
        # every pair of the story's claims from two articles: what is found and not annotated is wrong
        articles = articles_of(pairs)
        article_of = dict(db.execute("select id, article_id from claims").fetchall())
        mine = [cid for key, cid in keys.items() if key[0] in articles]
        for x, y in combinations(sorted(mine), 2):
            if frozenset((x, y)) not in gold and article_of[x] != article_of[y]:
                got = judge(x, y)
                if got != "none":
                    predicted[frozenset((x, y))] = got
    surface = dict(db.execute("select id, surface from claims").fetchall())
    tally: Counter = Counter()
    errors = []
    for ids, got in predicted.items():
        want = gold.get(ids, "none")
        tally[(want, got)] += 1
        if got != want:
            x, y = sorted(ids)
            errors.append(f"{x}-{y} {surface[x]!r} / {surface[y]!r}: got {got}, want {want}")
    rows = {}
    for kind in RELATIONS:
        annotated = sum(n for (w, _), n in tally.items() if w == kind)
        hits = sum(n for (_, g), n in tally.items() if g == kind)
        correct = tally[(kind, kind)]
        rows[kind] = (annotated, hits, correct, correct / hits if hits else 0.0,
                      correct / annotated if annotated else 0.0)
    return {"name": name, "pairs": len(pairs), "related": sum(p["relation"] != "none" for p in pairs),
            "rows": rows, "exhaustive": exhaustive}, errors


def between_stories(db, keys: dict, sigs: dict, paths: list[Path]) -> tuple[Counter, Counter]:
    """Relations found between claims of two different annotated stories,
    every one of them wrong (the stories are of different projects): judged
    pair by pair, among the dates and figures that share a name, and as the
    store lists them (a group holding claims of two stories, a conflict
    between groups of two)."""
    story_of = {article: path.name for path in paths for article in articles_of(read_pairs(path))}
    claim_story = {cid: story_of[key[0]] for key, cid in keys.items() if key[0] in story_of}
    by_name: dict = {}
    for cid in claim_story:
        s = sigs[cid]
        if s.kind != "quote":
            for name in s.entities:
                by_name.setdefault((s.kind, s.measure, name), []).append(cid)
    judged, seen = Counter(), set()
    for claims in by_name.values():
        for x, y in combinations(claims, 2):
            if claim_story[x] != claim_story[y] and (x, y) not in seen:
                seen.add((x, y))
                judged[found(sigs[x], sigs[y])] += 1
    members: dict = {}
    for cid, group in db.execute("select id, group_id from claims where group_id is not null"):
        if cid in claim_story:
            members.setdefault(group, Counter())[claim_story[cid]] += 1
    listed = Counter()
    for stories in members.values():
        n = sum(stories.values())
        listed["same"] += n * (n - 1) // 2 - sum(k * (k - 1) // 2 for k in stories.values())
    for group, other in db.execute("select group_id, other_group_id from group_conflicts where relation = 'contradicts'"):
        a, b = members.get(group, Counter()), members.get(other, Counter())
        listed["contradicts"] += sum(a[x] * b[y] for x in a for y in b if x != y)
    return judged, listed


def edited_pairs() -> list[Path]:
    return sorted(p for p in EDITS.glob("*/") if (p / "expected.json").exists()) if EDITS.exists() else []


def changes_of(folder: Path, tmp: Path) -> tuple[dict, dict]:
    """What ``claims changes`` records for one edited article, and what was expected."""
    work = tmp / folder.name
    work.mkdir()
    db = store.connect(work / "claims.db")
    article = work / "article.md"
    for version in ("old.md", "new.md"):
        shutil.copyfile(folder / version, article)
        ingest(db, read_sources([str(article)]))
    rows = db.query("select ch.change, o.surface as old, n.surface as new from claim_changes ch "
                    "left join claims o on o.id = ch.previous_claim_id left join claims n on n.id = ch.claim_id")
    got: dict[str, list] = {"changed": [], "appeared": [], "disappeared": []}
    for r in rows:
        if r["change"] == "changed":
            got["changed"].append([r["old"], r["new"]])
        elif r["change"] in ("appeared", "disappeared"):
            got[r["change"]].append(r["new"] if r["change"] == "appeared" else r["old"])
    db.close()
    expected = json.loads((folder / "expected.json").read_text())
    return got, {k: expected.get(k, []) for k in got}


def same_changes(got: dict, want: dict) -> bool:
    return all(Counter(map(json.dumps, got[k])) == Counter(map(json.dumps, want[k])) for k in got)


def table(results: list[dict], edits: tuple[int, int] | None) -> str:
    lines = ["| set | relation | annotated | found | correct | precision | recall |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for result in results:
        for kind, (annotated, hits, correct, precision, recall) in result["rows"].items():
            lines.append(f"| {result['name']} | {kind} | {annotated} | {hits} | {correct} | {precision:.3f} | "
                         f"{recall:.3f} |")
    text = "\n".join(lines)
    notes = [f"{r['name']}: {r['pairs']} annotated pairs, {r['related']} related"
             + (" (exhaustive: found pairs not annotated count as wrong)" if r["exhaustive"] else "")
             for r in results]
    text += "\n\n" + "; ".join(notes) + "."
    if edits:
        text += f"\n\n`claims changes` on the edited articles: {edits[0]} of {edits[1]} right."
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true",
                        help="list every pair judged wrongly in the tuning sets, and every edit")
    parser.add_argument("--fresh-errors", action="store_true",
                        help="list the fresh sets' wrong pairs too: once read, a set is no longer fresh")
    parser.add_argument("--write", action="store_true", help="put the table into docs/provenance.md")
    args = parser.parse_args()
    sets = [("Kia (tuning)", TUNING, False)] + [
        (f"{p.name[: -len('-pairs.jsonl')]} ({'tuning' if p in TUNED_SINCE else 'fresh'})", p, True)
        for p in sorted(DATA.glob("*-pairs.jsonl")) if p != TUNING]
    fresh = {path for _, path, _ in sets if path != TUNING and path not in TUNED_SINCE}
    results, grouped, errors = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        db = store.connect(Path(tmp) / "claims.db")
        ingest(db, read_sources([str(ROOT / "corpus")]))
        keys = claim_keys(db)
        sigs = stored_signatures(db)
        listed = as_listed(db)
        for name, path, exhaustive in sets:
            result, wrong = score(name, path, db, keys, pairwise(sigs), exhaustive)
            results.append(result)
            if args.fresh_errors or path not in fresh:
                errors += [f"{name}: {e}" for e in wrong]
            grouped.append(score(name, path, db, keys, listed, exhaustive)[0])
        across = between_stories(db, keys, sigs, [path for _, path, _ in sets])
        db.close()
        folders = edited_pairs()
        right = 0
        for folder in folders:
            got, want = changes_of(folder, Path(tmp))
            if same_changes(got, want):
                right += 1
            else:
                errors.append(f"edit {folder.name}: got {json.dumps(got)}, want {json.dumps(want)}")
    text = table(results, (right, len(folders)) if folders else None)
    text += ("\n\nAs the store lists them: two claims are the same when `claims groups` puts them in one "
             "group, and contradict when `claims conflicts` lists their two groups.\n\n" + table(grouped, None))
    judged, listed_across = across
    text += ("\n\nBetween stories (every relation found between claims of two different annotated stories is "
             f"wrong): judged pair by pair, {judged['same']} pairs the same and {judged['contradicts']} "
             f"contradicting, of {sum(judged.values())} pairs of dates and figures of one measure that share a name; "
             f"as the store lists them, {listed_across['same']} pairs the same and "
             f"{listed_across['contradicts']} contradicting.")
    print(text)
    if args.errors or args.fresh_errors:
        print("\n" + "\n".join(errors))
    if args.write:
        write_between(DOC, "grouping", text)


if __name__ == "__main__":
    main()
