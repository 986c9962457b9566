#!/usr/bin/env python3
"""Check every wave's centre/findings.csv against its data-quality.md and against the export.

    python3 tools/findings/check_findings.py SURVEYS_DIR REPORTS_DIR

For each wave folder of REPORTS_DIR (one holding data-quality.md and centre/findings.csv):

- the header is `line,column,response_id,kind,value,detail`, rows in file order (line, then column);
- the rows per kind equal what data-quality.md counts: invalid values item by item (the item
  named in the detail), unparseable submitted_at, roles not in the instrument, and the unknown
  and second columns it lists;
- no finding lies on a line of rejects.csv (findings are over scored rows only);
- each finding points at its cell: the export's record starting on that line (read by the
  independent reference reader, tools/reference/readiness_ref.py, or openpyxl-free from the
  reference's own XLSX reader) holds, in that column, the value given (trimmed as
  `str.strip()`, cut to 80 characters, after an apostrophe when it begins with = + - @ tab CR or
  an apostrophe); an ignored column's finding is on the header line and
  its value the column's name.

Exits 1 listing every difference, 0 otherwise.
"""
from __future__ import annotations

import csv
import io
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "reference"))
import readiness_ref as ref  # noqa: E402

KINDS = ("invalid_value", "unparseable_date", "unknown_role", "ignored_column")


def unescape(text: str) -> str:
    """Markdown.escape undone for the names data-quality.md shows."""
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("\u2060@", "@")
    return re.sub(r"\\(.)", r"\1", text)


def quality_counts(text: str) -> dict:
    counts = {"items": {}, "unparseable_date": 0, "unknown_role": 0, "ignored_column": 0, "file": None}
    values = text.split("## Values in scored rows", 1)[1].split("\n## ", 1)[0]
    for table in values.split("\n\n"):
        lines = table.strip().split("\n")
        if lines[0] == "| Item | Invalid values |":
            for item, n in (re.fullmatch(r"\| (.+) \| ([0-9]+) \|", l).groups() for l in lines[2:]):
                counts["items"][unescape(item)] = int(n)
        elif lines[0] == "| Check | Rows |":
            for check, n in (re.fullmatch(r"\| (.+) \| ([0-9]+) \|", l).groups() for l in lines[2:]):
                if check.startswith("Unparseable submitted_at"):
                    counts["unparseable_date"] = int(n)
                elif check.startswith("Role not in the instrument"):
                    counts["unknown_role"] = int(n)
    columns = text.split("## Columns", 1)[1].split("\n## ", 1)[0]
    for label in ("Unknown columns, ignored and never copied: ", "Second columns for a column already found, ignored: "):
        line = next(l for l in columns.split("\n") if l.startswith("- " + label))
        counts["ignored_column"] += len(re.findall(r"`((?:[^`\\]|\\.)*)`", line))
    match = re.search(r"^\| Responses file \| (.+) \|$", text, re.M)
    counts["file"] = unescape(match.group(1)) if match else None
    sheet = re.search(r"^\| Worksheet \| (.+) \((named in wave\.yaml|first worksheet)\) \|$", unescape(text), re.M)
    counts["sheet"] = sheet.group(1) if sheet and sheet.group(2) == "named in wave.yaml" else None
    return counts


def cells_by_line(path: str, sheet: str | None) -> dict[int, list[str]]:
    if path.endswith(".xlsx"):
        _, rows = ref.read_xlsx_table(path, sheet)
        width = max((max(cells) for _, cells in rows if cells), default=0)
        return {row: [cells.get(c, "") for c in range(1, width + 1)] for row, cells in rows}
    table = ref.read_csv_table(path, responses=True)
    return {record.line: record.fields for record in table.records}


def check_wave(surveys: str, wave_dir: str) -> list[str]:
    problems = []
    name = os.path.basename(wave_dir)
    with open(os.path.join(wave_dir, "data-quality.md"), encoding="utf-8") as fh:
        quality = quality_counts(fh.read())
    with open(os.path.join(wave_dir, "centre", "findings.csv"), "rb") as fh:
        data = fh.read()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    if rows[0] != ["line", "column", "response_id", "kind", "value", "detail"]:
        return [f"{name}: findings.csv header {rows[0]}"]
    findings = [dict(zip(rows[0], row)) for row in rows[1:]]
    keys = [(int(f["line"]), int(f["column"])) for f in findings]
    if keys != sorted(keys):
        problems.append(f"{name}: findings are not in file order")
    by_kind = {kind: [f for f in findings if f["kind"] == kind] for kind in KINDS}
    if len(findings) != sum(len(v) for v in by_kind.values()):
        problems.append(f"{name}: unknown kinds {sorted({f['kind'] for f in findings} - set(KINDS))}")
    for kind in ("unparseable_date", "unknown_role", "ignored_column"):
        if len(by_kind[kind]) != quality[kind]:
            problems.append(f"{name}: {len(by_kind[kind])} {kind} rows, data-quality.md counts {quality[kind]}")
    per_item: dict[str, int] = {}
    for f in by_kind["invalid_value"]:
        item = re.match(r"item ([A-Za-z][A-Za-z0-9_]*) \(", f["detail"])
        per_item[item.group(1) if item else "?"] = per_item.get(item.group(1) if item else "?", 0) + 1
    if per_item != quality["items"]:
        problems.append(f"{name}: invalid values per item {per_item}, data-quality.md counts {quality['items']}")

    with open(os.path.join(wave_dir, "rejects.csv"), encoding="utf-8", newline="") as fh:
        rejected = {int(r["line"]) for r in csv.DictReader(fh)}
    for f in findings:
        if f["kind"] != "ignored_column" and int(f["line"]) in rejected:
            problems.append(f"{name}: a finding on line {f['line']}, a rejected row")

    if quality["file"]:
        cells = cells_by_line(os.path.join(surveys, quality["file"]), quality["sheet"])
        header_line = min(cells) if cells else 1
        for f in findings:
            line, column = int(f["line"]), int(f["column"])
            fields = cells.get(line)
            if fields is None or column > len(fields):
                problems.append(f"{name}: line {line} column {column} is not a cell of {quality['file']}")
                continue
            if f["kind"] == "ignored_column":
                if line != header_line:
                    problems.append(f"{name}: ignored column {f['value']!r} not on the header line {header_line}")
                continue
            want = fields[column - 1].strip()[:80]
            if want[:1] in ("=", "+", "-", "@", "\t", "\r", "'") and want:
                want = "'" + want  # CentreCSV.inert: never a formula in a spreadsheet
            if f["value"] != want:
                problems.append(f"{name}: line {line} column {column} holds {want!r}, findings.csv says {f['value']!r}")
    return problems


def main() -> int:
    surveys, reports = sys.argv[1], sys.argv[2]
    problems = []
    waves = sorted(d for d in os.listdir(reports) if os.path.isfile(os.path.join(reports, d, "centre", "findings.csv")))
    if not waves:
        problems.append(f"no findings.csv under {reports}")
    for wave in waves:
        problems += check_wave(surveys, os.path.join(reports, wave))
    for problem in problems[:50]:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
