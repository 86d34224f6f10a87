"""Fuzz the reader and the extractor with hypothesis, at a scale the test
suite cannot afford.

    python benchmarks/fuzz.py [--texts 3000] [--bytes 20000]

Two targets, each with the invariants the property tests check:

- ``decode`` + ``read_article`` on random bytes (as .txt, .md, .html):
  either an Article or a SourceError, never another exception, never text
  with a NUL byte;
- the extractor on random and adversarial text: it never raises, every span
  lies inside the text, ``text[span_start:span_end] == surface``, every
  kind and status is valid, dates are valid ISO dates, and the sentence
  holds the anchor.

Prints how many inputs each target tried and how many failed.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from claimledger.sources import SourceError, read_article  # noqa: E402

PIECES = ["Kia", "sold", "90,000", "units", "by 2030", "“", "”", '"', "'", "will", "may", "$5 billion", "7%",
          "in", "April 9", "the first quarter of 2025", "said", "she", "nearly half", "F-150", "\n\n", ".", ",",
          "é", "e\u0301", "👍", "👩‍👩‍👧", "\r\n", "\t", "\u200b", "\ufeff", "-", "–", "½", "3/4", "1e9", "Q3",
          "FY2026", "next year", "last week", "between 5 and 7", "up to", "about", "—", "«", "»", "(", ")"]

texts = st.one_of(
    st.text(max_size=2000),
    st.lists(st.sampled_from(PIECES), max_size=300).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=300).map("".join),
    st.builds(lambda c, n: c * n, st.sampled_from(['"', "“", "9", ",", ".", " ", "\n", "$", "%"]),
              st.integers(1, 5000)),
)


def fuzz_reader(count: int) -> tuple[int, list[str]]:
    tried, failures = 0, []
    with tempfile.TemporaryDirectory() as tmp:
        @settings(max_examples=count, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".md", ".html"]))
        def check(data, suffix):
            nonlocal tried
            tried += 1
            path = Path(tmp) / f"input{suffix}"
            path.write_bytes(data)
            try:
                article = read_article(str(path))
            except SourceError:
                return
            except Exception as exc:  # noqa: BLE001 - that is what is being looked for
                failures.append(f"{type(exc).__name__}: {exc} on {data[:60]!r}")
                return
            if "\x00" in article.text:
                failures.append(f"NUL in text from {data[:60]!r}")

        check()
    return tried, failures


def fuzz_extractor(count: int) -> tuple[int, list[str]]:
    from claimledger.extract import extract
    from claimledger.extract.claim import KINDS, STATUSES

    tried, failures = 0, []

    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(text=texts, published=st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 12, 31))))
    def check(text, published):
        nonlocal tried
        tried += 1
        try:
            rows = [c.as_row() for c in extract(text, published)]
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{type(exc).__name__}: {exc} on {text[:80]!r}")
            return
        for r in rows:
            problems = []
            if not (0 <= r["span_start"] < r["span_end"] <= len(text)):
                problems.append("span outside the text")
            elif text[r["span_start"]:r["span_end"]] != r["surface"]:
                problems.append("surface differs from the text at its span")
            if r["kind"] not in KINDS or r["status"] not in STATUSES:
                problems.append("bad kind or status")
            for key in ("date_start", "date_end"):
                if r[key] is not None:
                    try:
                        date.fromisoformat(r[key])
                    except ValueError:
                        problems.append(f"bad {key} {r[key]!r}")
            if r["kind"] != "quote" and not (r["sentence_start"] <= r["span_start"] and r["span_end"] <= r["sentence_end"]):
                problems.append("anchor outside its sentence")
            if problems:
                failures.append(f"{problems} for {r['surface']!r} in {text[:80]!r}")

    check()
    return tried, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=3000, help="inputs for the extractor")
    parser.add_argument("--bytes", type=int, default=20000, help="inputs for the reader")
    args = parser.parse_args()
    for name, run, count in (("reader (random bytes)", fuzz_reader, args.bytes),
                             ("extractor (random and adversarial text)", fuzz_extractor, args.texts)):
        start = time.perf_counter()
        tried, failures = run(count)
        print(f"{name}: {tried:,} inputs in {time.perf_counter() - start:.0f} s, {len(failures)} failures")
        for failure in failures[:20]:
            print("  " + failure)


if __name__ == "__main__":
    main()
