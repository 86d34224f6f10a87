"""Measure the date and number normalisers on third-party test cases.

    python benchmarks/external.py [--shared ../shared] [--errors]

The cases in ../shared/eval/external come from Microsoft Recognizers-Text and
quantulum3.  They are short sentences, not news, and many of them are outside
what a claim can be (times of day, durations, recurring sets, powers of ten),
so each case is first sorted into *in scope* or not by its kind, never by
whether we get it right.  For the cases in scope this reports:

- found: the finder (`find_dates` / `find_numbers`) marks a span overlapping the case;
- value: the normaliser, given the case's own surface, returns the expected value.

Conventions translated before comparing, and nothing else:
- Recognizers date ranges end on the day *after* the range; ours end on its last day.
  A range written with two ends ("from March to May", "2014-2018") ends, for
  Recognizers, where its last day, month, quarter or year begins; ours ends where it
  ends.  A day Recognizers marks as approximate ("around the 21st") is that day.  A range up to the present ends, for Recognizers, on the reference day.
- A span that starts at the present: under CLAIMS.md "the next five days" starts on the
  reference day and "later this month" on the day after it; Recognizers does the opposite.
- A date Recognizers leaves "not resolved" (a bare season, a school year) has
  no value to compare and is left out.
- A range with a modifier (`since`, `before`, `after`) is compared on the side it fixes; on a
  single day ("after the 15th", "no later than January 1"), Recognizers gives the day itself
  whether or not the bound includes it, so the day after (or the day itself) counts too.
- A date with no year (`XXXX-04-22`) may resolve to any of the years Recognizers lists.
- A share is a percentage in claimledger (`two-thirds` → 66.67 %), so a
  percentage read from a surface with no `%` or `percent` is divided by 100.
- quantulum3 gives a range as its midpoint; ours keeps both ends, compared on their midpoint.
- Currency names are compared with the ISO code where the currency has one we know.
- Money in cents or pence is stored in the main unit of its currency (CLAIMS.md: `75 cents`
  → 0.75 USD); the cases count the cents, so such a value is multiplied by 100.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimledger.normalize.dates import RANGE_SEPARATOR, find_dates, parse_date  # noqa: E402
from claimledger.normalize.numbers import find_numbers, parse_number  # noqa: E402

DATE_KINDS = {"datetimeV2.date", "datetimeV2.daterange"}
NUMBER_SUBTYPES = {"integer", "decimal", "fraction"}
MINOR = re.compile(r"(?i)^[^$€£]*?\d[\d.,]*[\s-]?(?:cents?|pence)$")
ISO = {
    "Dollar": "USD", "United States dollar": "USD", "Euro": "EUR", "Pound": "GBP", "British pound": "GBP",
    "Japanese yen": "JPY", "Chinese yuan": "CNY", "Canadian dollar": "CAD", "Australian dollar": "AUD",
    "Swiss franc": "CHF", "Indian rupee": "INR", "Mexican peso": "MXN", "Hong Kong dollar": "HKD",
    "Turkish lira": "TRY",
}


@dataclass
class Tally:
    total: int = 0
    found: int = 0
    right: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, found: bool, right: bool, note: str) -> None:
        self.total += 1
        self.found += found
        self.right += right
        if not right:
            self.errors.append(note)


def _overlaps(spans, start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def _next_day(day: str | None) -> str | None:
    return (_day(day) + timedelta(days=1)).isoformat() if day else None


def _starts_of(day: str) -> set[str]:
    """The day itself and the first day of its month, its quarter and its year."""
    quarter = f"{day[:5]}{(int(day[5:7]) - 1) // 3 * 3 + 1:02d}-01"
    return {day, day[:8] + "01", quarter, day[:5] + "01-01"}


def date_case(text: str, item: dict, ref: date) -> tuple[bool, bool, str]:
    found = _overlaps(find_dates(text), item["start"], item["end"])
    values = item["attrs"]["values"]
    ours = parse_date(item["surface"], ref)
    got = ours.iso() if ours else None
    is_range = bool(RANGE_SEPARATOR.search(item["surface"]))
    right = False
    for v in values:
        if v["type"] == "date":
            want = (v["value"][:10], v["value"][:10])
            right |= got == want
        elif v["type"] == "daterange":
            start = v.get("start")
            end = v.get("end")
            last = (_day(end) - timedelta(days=1)).isoformat() if end else None
            mod = v.get("Mod")
            if mod == "approx" and v.get("value") and not (start or end):  # "around the 21st": that day
                right |= got == (v["value"][:10], v["value"][:10])
                continue
            # a bound on a single day ("after the 15th", "no later than January 1, 2007"):
            # Recognizers gives the day itself on the side it fixes, whether or not it is included
            point = v.get("sourceEntity") == "datetimepoint"
            if mod in ("since", "after", "since-end"):
                right |= bool(got) and (got[0] == start or point and got[0] == _next_day(start))
            elif mod in ("before", "until"):
                right |= bool(got) and (got[1] == last or point and got[1] == end)
            else:
                right |= got == (start, last)
                # "from March to May": Recognizers ends the range where May begins
                right |= bool(got) and is_range and got[0] == start and bool(got[1]) and end in _starts_of(got[1])
                # a range that runs up to the present ends, for Recognizers, on the reference day
                right |= bool(got) and got[0] == start and end == ref.isoformat() == got[1]
                # a span that starts at the present: CLAIMS.md starts "the next five days" on the
                # reference day and "later this month" the day after; Recognizers the other way round
                right |= bool(got) and got[1] == last and {got[0], start} == {
                    ref.isoformat(), (ref + timedelta(days=1)).isoformat()}
    return found, right, f"{item['surface']!r} ref={ref}: got {got}, want {[(v.get('start'), v.get('end'), v.get('value')) for v in values]}"


def number_case(text: str, item: dict, want: float, unit: str | None) -> tuple[bool, bool, str]:
    found = _overlaps(find_numbers(text), item["start"], item["end"])
    ours = parse_number(item["surface"])
    value = ours.value if ours else None
    if value is not None and ours.high is not None:
        value = (value + ours.high) / 2
    if value is not None and ours.unit == "%" and not re.search(r"%|per ?cent", item["surface"], re.I):
        value /= 100
    if value is not None and MINOR.search(item["surface"]):
        value *= 100
    right = value is not None and abs(value - want) <= 0.005 * max(1.0, abs(want))
    if right and unit is not None:
        right = ours.unit == unit
    return found, right, f"{item['surface']!r}: got {ours}, want {want} {unit or ''}"


def measure(shared: Path) -> tuple[dict[str, Tally], Counter]:
    """Tallies per group of cases in scope, and the counts of cases left out by kind."""
    folder = shared / "eval" / "external"
    tallies: dict[str, Tally] = defaultdict(Tally)
    skipped: Counter = Counter()
    for line in (folder / "recognizers_datetime.jsonl").read_text().splitlines():
        case = json.loads(line)
        if "reference_datetime" not in case["meta"]:
            skipped["date with no reference date"] += len(case["items"])
            continue
        ref = _day(case["meta"]["reference_datetime"])
        for item in case["items"]:
            if item["kind"] not in DATE_KINDS:
                skipped[item["kind"]] += 1
                continue
            if any(v.get("value") == "not resolved" for v in item["attrs"]["values"]):
                skipped["date Recognizers leaves unresolved"] += 1
                continue
            tallies["dates (Recognizers-Text)"].add(*date_case(case["text"], item, ref))
    for line in (folder / "recognizers_numbers.jsonl").read_text().splitlines():
        case = json.loads(line)
        for item in case["items"]:
            subtype = item["attrs"].get("subtype")
            if subtype not in NUMBER_SUBTYPES:
                skipped[f"number/{subtype}"] += 1
                continue
            want = float(item["attrs"]["value"])
            tallies["numbers (Recognizers-Text)"].add(*number_case(case["text"], item, want, None))
    for line in (folder / "recognizers_quantities.jsonl").read_text().splitlines():
        case = json.loads(line)
        for item in case["items"]:
            kind, attrs = item["kind"], item["attrs"]
            if attrs.get("value") in (None, "None", "null"):
                skipped[f"{kind} with no value"] += 1
                continue
            want = float(str(attrs["value"]).rstrip("%"))
            unit = "%" if kind == "percentage" else ISO.get(attrs.get("unit", "")) if kind == "currency" else None
            tallies[f"{kind} (Recognizers-Text)"].add(*number_case(case["text"], item, want, unit))
    for line in (folder / "quantulum3_tests.jsonl").read_text().splitlines():
        case = json.loads(line)
        for item in case["items"]:
            tallies["quantities (quantulum3)"].add(*number_case(case["text"], item, float(item["value"]), None))
    return dict(tallies), skipped


def table(tallies: dict[str, Tally], skipped: Counter) -> str:
    rows = ["| cases in scope | n | found | value accuracy |", "|---|---:|---:|---:|"]
    for name, t in tallies.items():
        rows.append(f"| {name} | {t.total} | {t.found / t.total:.3f} | {t.right / t.total:.3f} |")
    total, found, right = (sum(getattr(t, k) for t in tallies.values()) for k in ("total", "found", "right"))
    rows.append(f"| **all** | {total} | {found / total:.3f} | **{right / total:.3f}** |")
    if skipped:
        left_out = ", ".join(f"{kind}: {n}" for kind, n in skipped.most_common())
        rows += ["", f"Out of scope and not counted ({sum(skipped.values())} cases): {left_out}."]
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--errors", action="store_true", help="list every case we get wrong")
    args = parser.parse_args()
    if not (args.shared / "eval" / "external").exists():
        sys.exit(f"external: no cases at {args.shared / 'eval' / 'external'}")
    tallies, skipped = measure(args.shared)
    print(table(tallies, skipped))
    if args.errors:
        for name, t in tallies.items():
            print(f"\n## {name}")
            print("\n".join(t.errors))


if __name__ == "__main__":
    main()
