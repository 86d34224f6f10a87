"""Score the extractor on real published news with the scorers in ../shared/eval/real.

    python benchmarks/realnews.py [--shared ../shared] [--errors] [--held-out-errors]

Three sets, each scored by its own official scorer, which ingests the
articles with `claims ingest` into a temporary store:

- ``claims``: real 2016 articles annotated by CLAIMS.md (``../score.py``);
- ``quotes``: PolNeAR's development split, direct quotations and speakers
  (``score_quotes.py``);
- ``dates``: TempEval-3's TimeBank and AQUAINT, scored by CLAIMS.md's
  conventions (``score_dates.py --adjusted``).

Every set is split once, by a hash of each document's name, into a tuning
part (three quarters) and a held-out part (one quarter).  Figures are
reported for the whole set and for each part; ``--errors`` lists the tuning
part's errors only, so the held-out figures stay a measure of articles
nobody fitted.  ``benchmarks/accuracy.py`` includes these figures in
docs/accuracy.md.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimledger.extract.values import WEEKDAY_WORD, YEAR_BACK  # noqa: E402  the rules' own patterns
PARTS = ("all", "tuning", "held-out")
STATUSES = ("confirmed", "projected", "unknown")
FIGURE = re.compile(r"(\w+)=([0-9.]+)")


def held_out(name: str) -> bool:
    """One document in four, chosen by its name and nothing else."""
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % 4 == 0


def in_part(name: str, part: str) -> bool:
    return part == "all" or (part == "held-out") == held_out(name)


def claims_command() -> str:
    """The `claims` script beside this interpreter (the scorers run it as a program)."""
    script = Path(sys.executable).with_name("claims")
    return str(script) if script.exists() else shutil.which("claims") or "claims"


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_part(lines: list[str], key: str, part: str, path: Path) -> int:
    chosen = [line for line in lines if in_part(json.loads(line)[key], part)]
    path.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    return len(chosen)


def error_classes(lines: list[str]) -> Counter:
    """Error lines by class: `missed number`, `status`, `value`, `speaker`…"""
    classes: Counter = Counter()
    for line in lines:
        _, _, rest = line.partition(": ")
        words = rest.split()
        if not words:
            continue
        if words[0] in ("missed", "spurious") and len(words) > 1 and words[1] in ("date", "number", "quote"):
            classes[f"{words[0]} {words[1]}"] += 1
        elif words[0] == "value" and (wrong := DATE_VALUE.match(rest)):
            start, end, gold, single, double = wrong.groups()
            classes[f"value: {date_value_class(start, end, gold, single if single is not None else double)}"] += 1
        elif words[0] in ("missed", "spurious", "status", "value", "speaker"):
            classes[words[0]] += 1
    return classes


# a TempEval value error: "value 1998-08-14/1998-08-14 != 1998-08-07 for 'Friday'"
DATE_VALUE = re.compile(r"value (\S+)/(\S+) != (\S+) for (?:'(.*)'|\"(.*)\")$")  # a surface with ' is in "…"
CONVENTION = re.compile(r"(?i)^(?:earlier|later) (?:this|in the)\b|\bso far\b|^the past (?:year|month|week)$")


def date_value_class(start: str, end: str, gold: str, surface: str) -> str:
    """What kind of mistake a wrong date value is, for the worklist: a
    convention CLAIMS.md reads otherwise than TimeML (*since X* runs to the
    present, an open bound), a time of day, the wrong week of a weekday or
    year of a month, another day, an interval wider or narrower than the
    gold, or another."""
    runs_on = re.fullmatch(r"\d{4}(-\d{2})?", gold) and start == (gold + "-01-01")[:10] and end > gold + "-99"
    if re.match(r"(?i)since\b", surface) or runs_on:
        # "since 1993" runs from 1993 to the present; TimeML marks the year alone.  An
        # open bound is no convention here: the scorer accepts one inside the gold
        return "bound word (CLAIMS.md convention)"
    if CONVENTION.search(surface):
        # "earlier this month" ends the day before the present, "the past year" is rolling
        return "a CLAIMS.md convention"
    if YEAR_BACK.search(surface):
        return "a year back from the period named before"
    if "T" in gold:
        return "time of day"
    if WEEKDAY_WORD.search(surface) and start == end and re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold) and \
            (date.fromisoformat(start) - date.fromisoformat(gold)).days % 7 == 0:
        return "which weekday"  # the right day of the week, in another week
    if re.fullmatch(r"\d{4}-\d{2}", gold) and start[5:7] == gold[5:7] and start[:4] != gold[:4]:
        return "which year of a month"
    if start == end and re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold):
        return "another day"
    if start[:4] == gold[:4] or end[:4] == gold[:4]:
        return "wider or narrower period"
    return "other"


def score_claims(shared: Path, part: str, tmp: Path) -> dict:
    """The CLAIMS.md-annotated real articles: the dev scorer, plus attribution
    and status by kind from the same one-to-one matching."""
    folder = shared / "eval" / "real" / "claims"
    score = _module(shared / "eval" / "score.py", "score")
    gold = tmp / f"claims-{part}.jsonl"
    _write_part([line for line in (folder / "gold.jsonl").read_text().splitlines() if line.strip()],
                "article", part, gold)
    names = [json.loads(line)["article"] for line in gold.read_text().splitlines() if line.strip()]
    db = tmp / f"claims-{part}.db"
    subprocess.run([claims_command(), "ingest", *(str(folder / n) for n in names), "--db", str(db), "--quiet"],
                   check=True)
    result = score.score(str(db), str(gold), str(folder), show_errors=True)
    result["error_classes"] = error_classes(result["errors"])
    result.update(_by_kind(score, db, gold, folder))
    return result


def matches(score, db: Path, gold_lines: list[str], folder: Path):
    """``(article name, gold claim, predicted claim)`` for every gold claim
    matched one-to-one, largest span overlap first, as the official scorer
    matches them (optional ones included: the caller decides)."""
    articles, preds = score.load_predictions(str(db))
    by_name = {name: (aid, text) for aid, (name, text) in articles.items()}
    for line in gold_lines:
        if not line.strip():
            continue
        entry = json.loads(line)
        if entry["article"] not in by_name:
            continue
        aid, stored = by_name[entry["article"]]
        body = score.article_body(str(folder / entry["article"]))
        spans = []
        for claim in entry["claims"]:
            start = score.locate(stored, body, claim["surface"], claim.get("occurrence", 0))
            if start >= 0:
                spans.append((start, start + len(claim["surface"]), claim))
        found = preds.get(aid, [])
        candidates = sorted(
            (-score.overlap(g0, g1, p["span_start"], p["span_end"]), c.get("optional", False), gi, pi)
            for gi, (g0, g1, c) in enumerate(spans)
            for pi, p in enumerate(found)
            if p["kind"] == c["kind"] and score.overlap(g0, g1, p["span_start"], p["span_end"]) > 0
        )
        used_g, used_p = set(), set()
        for _, _, gi, pi in candidates:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            yield entry["article"], spans[gi][2], found[pi]


def _by_kind(score, db: Path, gold: Path, folder: Path) -> dict:
    attribution: dict[str, list[int]] = {}
    statuses: Counter = Counter()
    for _, claim, pred in matches(score, db, gold.read_text().splitlines(), folder):
        if claim.get("optional"):
            continue
        statuses[(claim["status"], pred["status"])] += 1
        ok = score.attribution_ok(claim, pred)
        if ok is not None:
            hits = attribution.setdefault(claim["kind"], [0, 0])
            hits[0] += ok
            hits[1] += 1
    return {"attribution_by_kind": {k: (h / n, n) for k, (h, n) in sorted(attribution.items())},
            "status_pairs": statuses}


def score_lines(shared: Path, scorer: str, data: str, part: str, tmp: Path, extra: list[str]) -> dict:
    """A scorer that prints `name=value` figures and, with --errors, one line per error."""
    source = shared / "eval" / "real" / data
    path = tmp / f"{part}-{data}"
    _write_part([line for line in source.read_text().splitlines() if line.strip()], "id", part, path)
    printed = subprocess.run(
        [sys.executable, str(shared / "eval" / "real" / scorer), "--claims", claims_command(), "--data", str(path),
         "--errors", *extra], check=True, capture_output=True, text=True).stdout.splitlines()
    summary = printed[-1]
    if "=" not in summary:
        raise SystemExit(f"realnews: {scorer} failed on the {part} part: {summary}")
    figures = {k: float(v) for k, v in FIGURE.findall(summary)}
    figures["errors"] = printed[:-1]
    figures["error_classes"] = error_classes(printed[:-1])
    return figures


def measure(shared: Path) -> dict[str, dict[str, dict]]:
    """Every set scored on every part: ``results[set][part]``."""
    results: dict[str, dict[str, dict]] = {"claims": {}, "quotes": {}, "dates": {}}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for part in PARTS:
            results["claims"][part] = score_claims(shared, part, tmp)
            results["quotes"][part] = score_lines(shared, "score_quotes.py", "quotes_polnear_dev.jsonl", part, tmp, [])
            results["dates"][part] = score_lines(shared, "score_dates.py", "dates_tbaq.jsonl", part, tmp,
                                                 ["--adjusted"])
    return results


def _row(label: str, cells: list[str]) -> str:
    return f"| {label} | " + " | ".join(cells) + " |"


def figures_table(results: dict) -> str:
    claims, quotes, dates = results["claims"], results["quotes"], results["dates"]
    rows = ["| set | figure | " + " | ".join(PARTS) + " |", "|---|---|" + "---:|" * len(PARTS)]

    def add(name: str, figure: str, values) -> None:
        rows.append(f"| {name} | {figure} | " + " | ".join(values) + " |")

    for key in ("strict_f1", "span_f1", "status_macro_f1", "value_accuracy", "attribution_accuracy"):
        add("claims", key, [f"{claims[p][key]:.3f}" for p in PARTS])
    for kind in ("date", "number", "quote"):
        add("claims", f"{kind} span F1", [f"{claims[p]['by_kind'][kind]['f1']:.3f}" for p in PARTS])
    for kind in ("date", "number", "quote"):
        add("claims", f"{kind} attribution", [
            f"{claims[p]['attribution_by_kind'][kind][0]:.3f} ({claims[p]['attribution_by_kind'][kind][1]})"
            if kind in claims[p]["attribution_by_kind"] else "–" for p in PARTS])
    for key, label in (("f1", "direct-quote F1"), ("precision", "precision"), ("recall", "recall"),
                       ("speaker_acc", "speaker accuracy")):
        add("quotes", label, [f"{quotes[p][key]:.3f}" for p in PARTS])
    for key, label in (("relaxed_f1", "relaxed F1"), ("strict_f1", "strict F1"), ("value_acc", "value accuracy"),
                       ("value_f1", "value F1")):
        add("dates", label, [f"{dates[p][key]:.3f}" for p in PARTS])
    return "\n".join(rows)


def classes_table(results: dict) -> str:
    rows = ["| set | error class | all | tuning | held-out |", "|---|---|---:|---:|---:|"]
    for name in ("claims", "quotes", "dates"):
        counts = results[name]
        for cls in sorted(counts["all"]["error_classes"], key=lambda c: -counts["all"]["error_classes"][c]):
            rows.append(f"| {name} | {cls} | " + " | ".join(str(counts[p]["error_classes"][cls]) for p in PARTS) + " |")
    return "\n".join(rows)


def status_matrix(pairs: Counter) -> str:
    rows = ["| gold ↓ / predicted → | " + " | ".join(STATUSES) + " |", "|---|" + "---:|" * 3]
    for g in STATUSES:
        rows.append(f"| **{g}** | " + " | ".join(str(pairs[(g, p)]) for p in STATUSES) + " |")
    return "\n".join(rows)


def report(results: dict) -> str:
    """The section of docs/accuracy.md on real news."""
    n = {name: results[name]["all"] for name in results}
    return f"""## Real news

Measured by `python benchmarks/realnews.py` with the scorers in `../shared/eval/real`: `claims` is
real 2016 news annotated by CLAIMS.md and scored like the dev set; `quotes` is PolNeAR's development
split (direct quotations and their speakers); `dates` is TempEval-3's TimeBank and AQUAINT, scored by
CLAIMS.md's conventions (`--adjusted`). Each set is split by a hash of each document's name: the
*held-out* quarter is never listed by `--errors`, so its figures measure articles no rule was fitted
to, while *tuning* figures are an upper bound.

{figures_table(results)}

Errors by class (`python benchmarks/realnews.py --errors` lists the tuning part's):

{classes_table(results)}

Statuses on the `claims` set (all parts, matched non-optional claims):

{status_matrix(n['claims']['status_pairs'])}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--errors", action="store_true", help="list the tuning part's errors")
    parser.add_argument("--held-out-errors", action="store_true",
                        help="also list the held-out part's errors (spends the held-out set)")
    args = parser.parse_args()
    if not (args.shared / "eval" / "real").exists():
        sys.exit(f"realnews: no real-news data at {args.shared / 'eval' / 'real'}")
    results = measure(args.shared)
    if args.errors or args.held_out_errors:
        for name in results:
            for part in ("tuning", "held-out") if args.held_out_errors else ("tuning",):
                print(f"## {name} ({part})")
                print("\n".join(results[name][part]["errors"]))
    print(report(results))


if __name__ == "__main__":
    main()
