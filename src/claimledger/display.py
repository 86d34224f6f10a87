"""Text views of claims for the terminal."""
from __future__ import annotations

from itertools import islice
from typing import Any, Callable, Iterable, Iterator

from tabulate import tabulate

SURFACE_WIDTH = 40


def value_text(claim: dict[str, Any]) -> str:
    if claim["kind"] == "date":
        if claim.get("date_start") is None and claim.get("date_end") is None:
            return ""
        return f"{claim.get('date_start') or '..'}/{claim.get('date_end') or '..'}"
    if claim["kind"] == "number":
        if claim.get("number") is None:
            return ""
        qualifier = claim.get("qualifier") or "="
        shown = "–".join(_figure(n) for n in (claim["number"], claim.get("number_high")) if n is not None)
        return f"{'' if qualifier == '=' else qualifier + ' '}{shown} {claim.get('unit') or ''}".strip()
    return ""


def _figure(number: float) -> str:
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,}"


def _clip(text: str | None, width: int = SURFACE_WIDTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


CLAIM_COLUMNS = ["id", "kind", "status", "claim", "value", "said by", "article"]


def claim_line(r: dict[str, Any]) -> dict[str, Any]:
    """A claim record as a row of the claims table (CLAIM_COLUMNS)."""
    return {"id": r["id"], "kind": r["kind"], "status": r["status"], "claim": _clip(r["surface"]),
            "value": value_text(r), "said by": _clip(r.get("attributed_to"), 24), "article": r["article_id"]}


def claims_table(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The claims table's lines as the claims arrive (:func:`stream_table`)."""
    return stream_table(map(claim_line, rows), CLAIM_COLUMNS)


def claim_detail(claim: dict[str, Any], color: bool = False) -> str:
    text = claim["article_text"]
    s0, s1, a0, a1 = claim["sentence_start"], claim["sentence_end"], claim["span_start"], claim["span_end"]
    anchor = text[a0:a1]
    marked = f"\x1b[1;4m{anchor}\x1b[0m" if color else f"[{anchor}]"
    sentence = " ".join((text[s0:a0] + marked + text[a1:s1]).split())
    lines = [
        f"Claim {claim['id']} ({claim['kind']}): {anchor}",
        f"  {sentence}",
        "",
        f"Status:      {claim['status']}" + (f" (cue: {claim['cue']})" if claim.get("cue") else ""),
        f"Polarity:    {claim.get('polarity') or 'positive'}",
    ]
    value = value_text(claim) or claim.get("quote")
    if value:
        lines.append(f"Value:       {value}" + (f" (TIMEX3 {claim['timex']})" if claim.get("timex") else ""))
    lines.append(f"Said by:     {claim.get('attributed_to') or '(the article)'}")
    if claim.get("subject"):
        lines.append(f"About:       {claim['subject']}")
    lines += [
        f"Article:     {claim['article_id']}: {claim.get('title') or '(untitled)'}",
        f"Source:      {claim.get('url') or claim.get('source') or ''}",
        f"Publisher:   {claim.get('publisher') or ''}",
        f"Published:   {claim.get('published') or 'unknown'}",
        f"Offsets:     {a0}-{a1} in article text (sha256 {claim['sha256'][:12]}…)",
    ]
    if claim.get("archived"):
        lines.append(f"Archived:    {as_read_on(claim['archived'])}")
    if claim.get("version", 1) > 1 or claim.get("superseded_by"):
        lines.append(f"Version:     {claim.get('version')}" + (
            f" (replaced by article {claim['superseded_by']})" if claim.get("superseded_by") else ""))
    for v in claim.get("versions") or []:
        if v["change"] == "appeared":
            lines.append(f"  appeared in article {v['article_id']} (not in article {v['previous_article_id']})")
        elif v["change"] == "disappeared":
            lines.append(f"  disappeared from the next version, article {v['article_id']}")
        elif v["claim_id"] == claim["id"]:
            lines.append(f"  changed from claim {v['previous_claim_id']}: {v['detail']}")
        else:
            lines.append(f"  changed in the next version to claim {v['claim_id']}: {v['detail']}")
    first = claim.get("first_appearance")
    if first:
        lines.append(f"First seen:  claim {first['id']}, article {first['article_id']} "
                     f"({first.get('publisher') or 'unknown publisher'}, {first.get('published') or 'undated'}); "
                     f"{first['sources']} sources")
    if claim.get("outcome"):
        lines.append(f"Outcome:     {claim['outcome']}")
    for r in claim.get("related") or []:
        verb = "repeated by" if r["relation"] == "same" else "contradicted by"
        lines.append(f"  {verb} claim {r['id']} ({r['surface']}) in article {r['article_id']}, "
                     f"{r.get('publisher') or 'unknown publisher'}, {r.get('published') or 'undated'}")
    reviews = claim.get("reviews") or []
    lines.append("Reviews:" + ("     none yet" if not reviews else ""))
    for r in reviews:
        extra = "".join(f"; {k}: {r[k]}" for k in ("evidence", "note") if r.get(k))
        if r.get("via_claim_id"):
            extra += f"; reviewed as its group, through claim {r['via_claim_id']}"
        lines.append(f"  {r['reviewed_at']}  {r['verdict']} by {r.get('reviewer') or 'unknown'}{extra}")
    return "\n".join(lines)


def as_read_on(copy: dict[str, Any]) -> str:
    """"as read on 2026-05-04 09:12:03 UTC from URL (HTTP 200, text/html, 48,210 bytes)": an archived copy in a line."""
    when = (copy.get("fetched_at") or "").replace("T", " ").replace("+00:00", " UTC")
    kind = (copy.get("content_type") or "no content type").split(";")[0].strip()
    return (f"as read on {when} from {copy['url']} "
            f"(HTTP {copy['status']}, {kind}, {copy['length']:,} bytes)")


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """Rows as a plain table of the named columns, long text clipped.  A
    column ``other.x`` is the field ``x`` of the row's ``other`` record, and
    a list is shown comma-separated."""
    def cell(row: dict[str, Any], column: str) -> str:
        value = row.get("other", {}).get(column[6:]) if column.startswith("other.") else row.get(column)
        if isinstance(value, list):
            value = ",".join(map(str, value))
        if value is None:
            return ""
        return " ".join(str(value).split()) if column in UNCLIPPED else _clip(str(value))

    return tabulate([[cell(r, c) for c in columns] for r in rows], headers=columns)


UNCLIPPED = {"reason"}  # text a reader needs whole: put last, so it runs on past the table's width

FIRST_ROWS = 50  # rows a streamed table reads before it prints: they set its column widths


def stream_table(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    """A table's lines as its rows arrive: the first FIRST_ROWS set the
    column widths and print at once, and the rest follow in those widths
    (clipped), so a hundred thousand rows are never held to print one."""
    rows = iter(rows)
    head = list(islice(rows, FIRST_ROWS))
    if not head:
        return
    lines = table(head, columns).splitlines()
    yield from lines
    widths = [len(part) for part in lines[1].split("  ")]  # tabulate's rule line: one run of dashes a column
    cells = [_cell(column, width) for column, width in zip(columns, widths)]
    for row in rows:
        yield "  ".join([cell(row) for cell in cells]).rstrip()


def _cell(column: str, width: int) -> Callable[[dict[str, Any]], str]:
    """What prints one column of a streamed row in ``width`` characters: a
    function made once per column, so each of a hundred thousand rows only
    reads its value and pads it."""
    other = column.startswith("other.")
    name = column[6:] if other else column
    blank = " " * width
    unclipped = name in UNCLIPPED

    def cell(row: dict[str, Any]) -> str:
        value = (row.get("other") or {}).get(name) if other else row.get(name)
        if value is None:
            return blank
        kind = type(value)
        if kind is int or kind is float:  # a figure is never clipped
            return str(value).rjust(width)
        text = value if kind is str else _joined(value, width) if kind is list else str(value)
        text = " ".join(text.split())  # what _clip does, inline: this runs for every cell of every row
        if len(text) > width and not unclipped:
            text = text[: width - 1] + "…"
        return text.ljust(width)

    return cell


def _joined(values: list, width: int) -> str:
    """A list comma-separated, as far as a cell ``width`` wide shows it (a
    group of a thousand claims is not joined whole to be clipped)."""
    shown, length = [], -1
    for value in values:
        shown.append(str(value))
        length += len(shown[-1]) + 1
        if length > width:
            break
    return ",".join(shown)
