#!/usr/bin/env python3
"""Compare reference output with an implementation's output.

    python3 tools/reference/compare.py [--details] EXPECTED_DIR ACTUAL_DIR

For every wave folder in EXPECTED_DIR (a subfolder holding `rejects.csv` or `centre/`),
compares against ACTUAL_DIR/<wave-id>/:

- centre/scores.csv, items.csv, changes.csv, alpha.csv, journey.csv, charter.csv,
  response-rates.csv: same header, same rows in the same order; numbers equal to 1e-6
  absolute (a count must stay an integer and a 6-decimal number must stay a 6-decimal
  number), all other text exactly.  The exceptions are the reasons the SPEC leaves as
  free text, where only "empty" versus "non-empty" is compared: the `reason` of an
  `overall` row of scores.csv and journey.csv, and of journey.csv's group rows
  (`national`, `signatories`, `non-signatories`; the SPEC gives `fewer than 5
  organisations` only as an example).  Each file must exist in ACTUAL exactly when it
  exists in EXPECTED (changes.csv only with a previous wave, charter.csv only after the
  baseline, response-rates.csv only with a `headcount` register column).
- rejects.csv: same header and rows; line, response_id and reason exactly; detail ignored
  unless --details is given (then compared exactly: SPEC §8.3 and §8.5 fix the texts of
  `unknown_organisation` and `incomplete_response` details).
- every ACTUAL file: the §7 writing rules (UTF-8 without BOM, LF, a field quoted only
  when it holds a comma, quote or line break, no `-0.000000`, 6-decimal numbers where
  the reference has 6 decimals, integers where it has integers).

Prints the first differences of each file (up to 20) and exits 1 on any difference,
0 otherwise.  Only the standard library is used.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys

CENTRE_FILES = ("scores.csv", "items.csv", "changes.csv", "alpha.csv", "journey.csv", "charter.csv", "response-rates.csv")
GROUP_SCOPES = ("national", "signatories", "non-signatories")
MAX_SHOWN = 20
TOL = 1e-6 + 1e-9  # 1e-6 absolute, plus slack for decimal -> binary parsing
INT_RE = re.compile(r"-?[0-9]+")
DEC6_RE = re.compile(r"-?[0-9]+\.[0-9]{6}")
DEC_RE = re.compile(r"-?[0-9]+\.[0-9]*")


def read_csv(path: str) -> list[list[str]]:
    with open(path, "rb") as fh:
        data = fh.read()
    text = data.decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def shape(s: str) -> str | None:
    if INT_RE.fullmatch(s):
        return "int"
    if DEC6_RE.fullmatch(s):
        return "dec6"
    if DEC_RE.fullmatch(s):
        return "dec"
    return None


def cell_diff(exp: str, act: str) -> str | None:
    if act == "-0.000000":
        return "format: -0.000000 must be written 0.000000"
    if exp == act:
        return None
    se, sa = shape(exp), shape(act)
    if se is not None and se == sa:
        if abs(float(exp) - float(act)) <= TOL:
            return None
        return f"number {exp} != {act} (|d|={abs(float(exp) - float(act)):.3g})"
    if se is not None and sa is not None:
        return f"number format {exp!r} != {act!r}"
    return f"{exp!r} != {act!r}"


class Report:
    def __init__(self) -> None:
        self.failures = 0

    def file(self, label: str, diffs: list[str]) -> None:
        if not diffs:
            print(f"  ok    {label}")
            return
        self.failures += 1
        print(f"  DIFF  {label}: {len(diffs)} difference(s)")
        for d in diffs[:MAX_SHOWN]:
            print(f"        {d}")
        if len(diffs) > MAX_SHOWN:
            print(f"        ... {len(diffs) - MAX_SHOWN} more")


def _minimal_csv(rows: list[list[str]]) -> str:
    def q(c: str) -> str:
        if any(ch in c for ch in (",", '"', "\r", "\n")):
            return '"' + c.replace('"', '""') + '"'
        return c

    return "".join(",".join(q(c) for c in row) + "\n" for row in rows)


def format_diffs(path: str, rows: list[list[str]]) -> list[str]:
    """SPEC §7 writing rules: UTF-8 without BOM, LF endings, quoting only when needed."""
    data = open(path, "rb").read()
    out = []
    if data.startswith(b"\xef\xbb\xbf"):
        out.append("format: file starts with a BOM")
    if b"\r\n" in data:
        out.append("format: CRLF line endings (LF expected)")
    if data and not data.endswith(b"\n"):
        out.append("format: last line not terminated by LF")
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    if not out and text != _minimal_csv(rows):
        for i, (got, want) in enumerate(zip(text.split("\n"), _minimal_csv(rows).split("\n"))):
            if got != want:
                out.append(f"format: line {i + 1} quoting differs from the minimal form: {got!r} (minimal {want!r})")
                break
        else:
            out.append("format: file differs from its minimal CSV form")
    return out


def loose_reason(kind: str, header: list[str], row: list[str]) -> bool:
    """Whether this row's `reason` is free text (compared as empty versus non-empty)."""
    if "domain" in header and row[header.index("domain")] == "overall" and kind in ("scores", "journey"):
        return True
    return kind == "journey" and row[header.index("scope")] in GROUP_SCOPES


def compare_table(exp_rows: list[list[str]], act_rows: list[list[str]], kind: str, details: bool = False) -> list[str]:
    diffs: list[str] = []
    if not exp_rows or not act_rows:
        if exp_rows != act_rows:
            diffs.append(f"one file is empty: expected {len(exp_rows)} lines, actual {len(act_rows)}")
        return diffs
    eh, ah = exp_rows[0], act_rows[0]
    if eh != ah:
        diffs.append(f"header: expected {','.join(eh)} | actual {','.join(ah)}")
        return diffs
    header = eh
    ebody, abody = exp_rows[1:], act_rows[1:]
    if len(ebody) != len(abody):
        diffs.append(f"row count: expected {len(ebody)}, actual {len(abody)}")
    for i in range(max(len(ebody), len(abody))):
        rowno = i + 2  # line in the file
        if i >= len(ebody):
            diffs.append(f"line {rowno}: unexpected row {','.join(abody[i])}")
            continue
        if i >= len(abody):
            diffs.append(f"line {rowno}: missing row {','.join(ebody[i])}")
            continue
        er, ar = ebody[i], abody[i]
        if len(er) != len(ar):
            diffs.append(f"line {rowno}: field count {len(er)} != {len(ar)}: {','.join(er)} | {','.join(ar)}")
            continue
        key = _row_key(header, er)
        for col, e, a in zip(header, er, ar):
            if kind == "rejects" and col == "detail" and not details:
                continue
            if col == "reason" and loose_reason(kind, header, er):
                if (e == "") != (a == ""):
                    diffs.append(f"line {rowno} [{key}] reason: expected {'empty' if e == '' else 'text'}, actual {a!r}")
                continue
            if kind == "rejects":
                if e != a:
                    diffs.append(f"line {rowno} [{key}] {col}: {e!r} != {a!r}")
                continue
            d = cell_diff(e, a)
            if d:
                diffs.append(f"line {rowno} [{key}] {col}: {d}")
    return diffs


def _row_key(header: list[str], row: list[str]) -> str:
    parts = []
    for col in ("wave", "organisation_id", "scope", "domain", "item", "line", "response_id"):
        if col in header:
            parts.append(row[header.index(col)])
    return " ".join(parts)


def wave_dirs(expected: str) -> list[str]:
    out = []
    for name in sorted(os.listdir(expected)):
        p = os.path.join(expected, name)
        if os.path.isdir(p) and (os.path.exists(os.path.join(p, "rejects.csv")) or os.path.isdir(os.path.join(p, "centre"))):
            out.append(name)
    return out


def main(argv: list[str]) -> int:
    details = "--details" in argv
    argv = [a for a in argv if a != "--details"]
    if len(argv) != 2:
        print("usage: compare.py [--details] EXPECTED_DIR ACTUAL_DIR", file=sys.stderr)
        return 64
    expected, actual = argv
    rep = Report()
    waves = wave_dirs(expected)
    if not waves:
        print(f"no wave folders in {expected}", file=sys.stderr)
        return 1
    for w in waves:
        print(f"wave {w}")
        pairs = [("rejects.csv", "rejects")] + [(os.path.join("centre", f), f.split(".")[0]) for f in CENTRE_FILES]
        for extra in sorted(os.listdir(os.path.join(actual, w, "centre"))) if os.path.isdir(os.path.join(actual, w, "centre")) else []:
            if extra.endswith(".csv") and extra not in CENTRE_FILES:
                rep.file(f"{w}/centre/{extra}", ["a CSV file the SPEC does not name"])
        for rel, kind in pairs:
            ep = os.path.join(expected, w, rel)
            ap = os.path.join(actual, w, rel)
            e_exists, a_exists = os.path.isfile(ep), os.path.isfile(ap)
            if not e_exists and not a_exists:
                continue
            if e_exists != a_exists:
                rep.file(f"{w}/{rel}", [f"exists in {'expected' if e_exists else 'actual'} only"])
                continue
            try:
                erows, arows = read_csv(ep), read_csv(ap)
            except (UnicodeDecodeError, csv.Error) as exc:
                rep.file(f"{w}/{rel}", [f"cannot read: {exc}"])
                continue
            rep.file(f"{w}/{rel}", format_diffs(ap, arows) + compare_table(erows, arows, kind, details))
    if rep.failures:
        print(f"{rep.failures} file(s) differ")
        return 1
    print("all files match")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
