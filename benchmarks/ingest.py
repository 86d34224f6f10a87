"""Ingest throughput against the ceiling: spaCy's own nlp.pipe.

    python benchmarks/ingest.py [--articles 300] [--workers 2] [--runs 3] [--write]

Builds a corpus of distinct real-length articles from corpus/ and the
annotated articles in ../shared/eval (each copy renames its organisations
and shifts its figures, so every text hashes differently), then measures,
each in a fresh process so start-up and model loading count:

- the ceiling: load en_core_web_sm and run ``nlp.pipe`` over the same texts,
  single process;
- the model as ``claims ingest`` runs it (the same model with its attribute
  ruler and lemmatizer run over arrays, the claim components off), so the
  report tells what the array components save from what the rest adds;
- ``claims ingest`` over the folder, single process (also held to one
  core) and ``--workers N``; each throughput run is repeated ``--runs``
  times, the commands taking turns, and the fastest kept, for every
  command alike;
- peak memory (largest resident set of any process) for a small and a
  large ingest, and for ``nlp.pipe`` alone over the same texts.

Prints a Markdown report; ``--write`` also writes docs/performance.md.

    python benchmarks/ingest.py --dask [--articles 300] [--workers 2] [--runs 3] [--write]

measures instead, on the same corpus, ``claims ingest --dask --workers N``
(a LocalCluster of N one-thread workers) against ``--workers N`` and one
process, whole processes taking turns; then, in one more run of the Dask
ingest through the library, where its time goes (reading, partitions,
merging, linking) and the size of the partition stores; and what one
merging writer sustains: the Dask run's store merged into an empty one,
signatures carried, in claims per second.  ``--write`` writes
docs/scaling.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from markers import write_between  # noqa: E402
SOURCES = [ROOT / "corpus", ROOT.parent / "shared" / "eval" / "dev", ROOT.parent / "shared" / "eval" / "seed"]
SUFFIXES = {".md", ".txt", ".html"}
NAMES = ["Aldermoor", "Brackwell", "Castellan", "Dunmore", "Everly", "Fenwick", "Galloway", "Harrowgate",
         "Istrana", "Jessamy", "Kestrel", "Lowther", "Marchetti", "Norvell", "Ostrava", "Pellham"]
FIGURE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,])\d+\.\d+(?![\d.])")
# a word that starts a name: capitalised, not at the start of a sentence
NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}")
URL = re.compile(r"https?://[^\s\"'<>]+")


def base_articles() -> list[Path]:
    found = []
    for folder in SOURCES:
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.stem != "README")
    return found


def variant(text: str, n: int, rng: random.Random) -> str:
    """The text with its most frequent name replaced and its figures shifted."""
    names = NAME.findall(text)
    if names:
        top = max(set(names), key=names.count)
        text = re.sub(rf"\b{top}\b", NAMES[n % len(NAMES)] + ("" if n < len(NAMES) else str(n)), text)

    def shift(m: re.Match) -> str:
        digits = m.group()
        value = float(digits.replace(",", "")) * rng.uniform(0.7, 1.3)
        if "," in digits:
            return f"{round(value):,}"
        return f"{value:.{len(digits.split('.')[1])}f}"

    # a copy is its own article, not a new version of the one it came from
    text = URL.sub(lambda m: f"{m.group()}-{n}", text)
    # a closing line without any figure keeps even a text with no names or figures distinct
    return FIGURE.sub(shift, text) + f"\n\nFiled by the {desk_code(n)} desk.\n"


def desk_code(n: int) -> str:
    letters = ""
    while True:
        n, digit = divmod(n, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if not n:
            return letters


def build_corpus(folder: Path, count: int) -> list[Path]:
    rng = random.Random(count)
    bases = base_articles()
    paths = []
    for n in range(count):
        base = bases[n % len(bases)]
        path = folder / f"{n:05d}-{base.name}"
        path.write_text(variant(base.read_text(encoding="utf-8"), n, rng), encoding="utf-8")
        paths.append(path)
    return paths


# The ceiling, or with "own" after the folder, the model as claims ingest
# runs it: the attribute ruler and lemmatizer as their array versions
# (claimledger.extract.arrays), the claim components off.
CEILING = """
import sys, time
from pathlib import Path
t0 = time.perf_counter()
from claimledger.sources import read_article
texts = [read_article(str(p)).text for p in sorted(Path(sys.argv[1]).iterdir())]
if sys.argv[2:] == ["own"]:
    from claimledger.extract import CLAIM_PIPES, load_pipeline
    nlp, options = load_pipeline(), {"disable": CLAIM_PIPES}
else:
    from claimledger.extract import load_model
    nlp, options = load_model(), {}
t1 = time.perf_counter()
words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16, **options))
print(words, time.perf_counter() - t1, file=sys.stderr)
"""


def run(argv: list[str], cores: int | None = None) -> tuple[float, int, str]:
    """Wall time, peak RSS (KiB, largest process) and stderr of a fresh
    process, optionally held to its first ``cores`` cores."""
    wrapper = ("import os, resource, subprocess, sys, time; cores = int(sys.argv[1]); "
               "cores and os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:cores]); "
               "t = time.perf_counter(); "
               "r = subprocess.run(sys.argv[2:], stderr=subprocess.PIPE, text=True); "
               "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode); "
               "sys.stderr.write(r.stderr)")
    done = subprocess.run([sys.executable, "-c", wrapper, str(cores or 0), *argv], capture_output=True, text=True)
    seconds, peak, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{argv} failed: {done.stderr}")
    return float(seconds), int(peak), done.stderr


def best_in_turn(runs: int, measures: list) -> list[tuple]:
    """For each of ``measures`` (each returns (seconds, ...)), the fastest of
    ``runs`` calls, the measures called in turn: one round calls each once."""
    results: list[list[tuple]] = [[] for _ in measures]
    for _ in range(runs):
        for found, measure in zip(results, measures):
            found.append(measure())
    return [min(found, key=lambda result: result[0]) for found in results]


def claims_cli() -> list[str]:
    return [sys.executable, "-m", "claimledger"]


def ingest(folder: Path, workers: int, cores: int | None = None) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        seconds, peak, _ = run([*claims_cli(), "ingest", str(folder), "--db", str(Path(tmp) / "c.db"),
                                "--quiet", "--workers", str(workers)], cores)
    return seconds, peak


def ingest_dask(folder: Path, workers: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        seconds, peak, _ = run([*claims_cli(), "ingest", str(folder), "--db", str(Path(tmp) / "c.db"),
                                "--quiet", "--dask", "--workers", str(workers)])
    return seconds, peak


# A Dask ingest through the library, then its store merged into an empty
# one: where the time goes, and what one merging writer sustains.
DASK_BREAKDOWN = """
import json, sys, time
from pathlib import Path
if __name__ == "__main__":
    started = time.perf_counter()
    from claimledger import store
    from claimledger.cluster import dask_client, ingest_on_cluster
    from claimledger.merge import MergeReport, merge_store
    folder, tmp, workers = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    with dask_client(None, workers) as client:
        ready = time.perf_counter()
        report = ingest_on_cluster(client, [str(folder)], tmp / "dask.db")
        done = time.perf_counter()
    target = store.connect(tmp / "merged.db")
    merged = MergeReport()
    t = time.perf_counter()
    merge_store(target, tmp / "dask.db", merged, signatures=True)
    merge_seconds = time.perf_counter() - t
    print(json.dumps({"start": ready - started, "ingest": done - ready, "whole": time.perf_counter() - started,
                      "seconds": report.seconds, "store_bytes": report.store_bytes, "partitions": report.partitions,
                      "claims": report.claims, "merge_claims": merged.claims, "merge_articles": merged.articles,
                      "merge_seconds": merge_seconds}))
"""


def dask_main(args: argparse.Namespace) -> None:
    """The Dask comparison: see the module's docstring."""
    import json

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        build_corpus(folder, args.articles)
        words = words_in(folder)
        (single, _), (multi, _), (dask, dask_peak) = best_in_turn(
            args.runs, [lambda: ingest(folder, 1), lambda: ingest(folder, args.workers),
                        lambda: ingest_dask(folder, args.workers)])
        work = Path(tmp) / "breakdown"
        work.mkdir()
        done = subprocess.run([sys.executable, "-c", DASK_BREAKDOWN, str(folder), str(work), str(args.workers)],
                              capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"the Dask breakdown failed: {done.stderr}")
        parts = json.loads(done.stdout.strip().splitlines()[-1])
    seconds = parts["seconds"]
    ingest_seconds = parts["ingest"]
    lines = [
        f"{args.articles} articles, {words:,} words, on {platform.machine()} with {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; best of {args.runs} runs for each throughput figure, the commands "
        "taking turns, each a whole process (start-up and model loading count).",
        "",
        "| run | seconds | words/s |",
        "|---|---:|---:|",
        f"| `claims ingest`, one process | {single:.1f} | {words / single:,.0f} |",
        f"| `claims ingest --workers {args.workers}` | {multi:.1f} | {words / multi:,.0f} |",
        f"| `claims ingest --dask --workers {args.workers}` (a LocalCluster of {args.workers} one-thread workers) "
        f"| {dask:.1f} | {words / dask:,.0f} |",
        "",
        f"- Dask / `--workers {args.workers}` throughput: **{multi / dask:.2f}×**; Dask / one process: "
        f"**{single / dask:.2f}×**",
        f"- one more Dask run, through the library: cluster start {parts['start']:.1f} s, then {ingest_seconds:.1f} s "
        f"for {parts['partitions']} partitions: reading every article for its origin {seconds['reading']:.1f} s, "
        f"extracting and merging {seconds['extracting and merging']:.1f} s (of which linking whole slices of "
        f"articles as they were merged {seconds.get('linking while extracting', 0):.1f} s), "
        f"linking the last slice {seconds['linking']:.1f} s",
        f"- partition stores plus merge: the client spent {seconds['merging']:.1f} s merging "
        f"{parts['store_bytes'] / 2**20:.1f} MiB of partition stores, **{seconds['merging'] / parts['whole']:.0%}** "
        f"of that run's {parts['whole']:.1f} s (mostly while the workers were still extracting)",
        f"- one merging writer: {parts['merge_claims']:,} claims of {parts['merge_articles']} articles in "
        f"{parts['merge_seconds']:.2f} s, **{parts['merge_claims'] / parts['merge_seconds']:,.0f} claims/s** "
        f"({parts['merge_articles'] / parts['merge_seconds']:,.0f} articles/s), signatures carried, not linked",
    ]
    report = "\n".join(lines)
    print(report)
    if args.write:
        write_between(ROOT / "docs" / "scaling.md", "dask", report)


def words_in(folder: Path) -> int:
    from claimledger.sources import read_article

    return sum(len(read_article(str(p)).text.split()) for p in folder.iterdir())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--small", type=int, default=100, help="articles in the small memory run")
    parser.add_argument("--large", type=int, default=1000, help="articles in the large memory run")
    parser.add_argument("--runs", type=int, default=3, help="time each throughput run this many times, keep the best")
    parser.add_argument("--write", action="store_true", help="write docs/performance.md (with --dask, docs/scaling.md)")
    parser.add_argument("--dask", action="store_true", help="compare claims ingest --dask with --workers and one process")
    args = parser.parse_args()
    if args.dask:
        dask_main(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        build_corpus(folder, args.articles)
        words = words_in(folder)
        # the runs take turns, so a machine that slows or speeds up over the
        # minutes this takes weighs on every figure alike, not on one of them
        ((ceiling_total, ceiling_peak, err), (own_total, _, own_err), (single, single_peak),
         (one_core, one_core_peak), (multi, multi_peak)) = \
            best_in_turn(args.runs, [lambda: run([sys.executable, "-c", CEILING, str(folder)]),
                                     lambda: run([sys.executable, "-c", CEILING, str(folder), "own"]),
                                     lambda: ingest(folder, 1), lambda: ingest(folder, 1, cores=1),
                                     lambda: ingest(folder, args.workers)])
        tokens, ceiling_pipe = err.split()[-2:]
        own_pipe = float(own_err.split()[-1])
        memory, model_memory = {}, {}
        for count in (args.small, args.large):
            sized = Path(tmp) / f"corpus-{count}"
            sized.mkdir()
            build_corpus(sized, count)
            memory[count] = ingest(sized, 1)
            model_memory[count] = run([sys.executable, "-c", CEILING, str(sized)])[1]
    rows = [
        ("spaCy `nlp.pipe`, pipe only (the ceiling)", float(ceiling_pipe), None),
        ("spaCy `nlp.pipe`, whole process", ceiling_total, ceiling_peak),
        ("the model as `claims ingest` runs it (array rule components), pipe only", own_pipe, None),
        ("the model as `claims ingest` runs it, whole process", own_total, None),
        ("`claims ingest`, whole process", single, single_peak),
        ("`claims ingest`, whole process held to one core", one_core, one_core_peak),
        (f"`claims ingest --workers {args.workers}`, whole process", multi, multi_peak),
    ]
    lines = [
        f"{args.articles} articles, {words:,} words ({tokens} spaCy tokens), on {platform.machine()} with "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; best of {args.runs} runs for each "
        "throughput figure, the commands taking turns.",
        "",
        "| run | seconds | words/s | peak memory (MiB) |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {name} | {sec:.1f} | {words / sec:,.0f} | {'' if peak is None else f'{peak / 1024:.0f}'} |"
              for name, sec, peak in rows]
    lines += [
        "",
        f"- `claims ingest` / `nlp.pipe` alone: **{single / float(ceiling_pipe):.2f}×** the time; "
        f"/ `nlp.pipe` whole process: **{single / ceiling_total:.2f}×**",
        f"- the model as `claims ingest` runs it / spaCy's `nlp.pipe`, pipe only: "
        f"**{own_pipe / float(ceiling_pipe):.2f}×** (the same annotations: the attribute ruler and lemmatizer run "
        f"over arrays); `claims ingest` / that model run, whole process: **{single / own_total:.2f}×** "
        "(what extraction, storing and linking add around the model)",
        f"- held to one core, `claims ingest` / `nlp.pipe` whole process: **{one_core / ceiling_total:.2f}×** "
        "(in one process the model runs in a thread and overlaps the claim finding only where a second core "
        "is free)",
        f"- `--workers {args.workers}` speed-up over one process: **{single / multi:.2f}×**",
        f"- peak memory, {args.small} articles: {memory[args.small][1] / 1024:.0f} MiB; "
        f"{args.large} articles: {memory[args.large][1] / 1024:.0f} MiB "
        f"(**{memory[args.large][1] / memory[args.small][1]:.2f}×**); ingest times {memory[args.small][0]:.1f} s "
        f"and {memory[args.large][0]:.1f} s",
        f"- peak memory of spaCy `nlp.pipe` alone over the same texts: {model_memory[args.small] / 1024:.0f} MiB; "
        f"{model_memory[args.large] / 1024:.0f} MiB (**{model_memory[args.large] / model_memory[args.small]:.2f}×**)",
    ]
    report = "\n".join(lines)
    print(report)
    if args.write:
        write_between(ROOT / "docs" / "performance.md", "ingest", report)


if __name__ == "__main__":
    main()
