#!/usr/bin/env python3
"""Generates the XLSX differential corpus: workbooks written by openpyxl and by XlsxWriter,
each with the same data as CSV, as SPEC §8.7 says the reader must see it.

    python3 tools/xlsx/xlsx_differential.py            # rewrite the committed corpus (200 workbooks)
    python3 tools/xlsx/xlsx_differential.py --count 2000 --seed 3 --out /tmp/big.jsonl
    XLSX_DIFFERENTIAL_CORPUS=/tmp/big.jsonl swift test --filter XLSXDifferentialTests

Each line of the corpus is one workbook: its writer, the sheet to name (or null for the
first worksheet), the .xlsx as base64, and `csv`: one record per sheet row that holds a
non-empty cell, the row number first, then the cells from column A to the last non-empty
one (RFC 4180, every field quoted, LF between records).

The expected texts come from the Python values written, never from our reader: strings as
they are, rich strings' runs concatenated; numbers as the shortest repr of what the writer
stores (both writers store `'%.16g' % x`, so 0.1 + 0.2 is stored, and read, as 0.3) in
plain notation, -0 as 0; booleans TRUE/FALSE; datetimes with a date format as
`YYYY-MM-DD[ HH:MM:SS]`, and a date-formatted number below 61 as the number; formulas as
the cached value XlsxWriter writes (openpyxl writes none, so empty); merged ranges only
their top-left value. The writers: openpyxl (inline strings), XlsxWriter (shared strings)
and XlsxWriter in constant_memory mode (inline strings, rows streamed), the 1900 and the
1904 date systems, 1-3 sheets (the first sometimes hidden), empty rows, sparse cells.
Needs openpyxl and XlsxWriter (scripts/setup installs both).
"""
import argparse
import base64
import csv
import datetime
import io
import json
import os
import random
import tempfile
from decimal import Decimal

import openpyxl
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "..", "Tests", "ReadinessCoreTests", "Fixtures", "xlsx-differential.jsonl")

TEXTS = ["Strongly agree", "Neither agree nor disagree", "  padded  ", "007", "TRUE", "é", "e\u0301", "東京",
         "emoji 😀", "a & b <c> \"q\" 'a'", "line\nbreak", "tab\there", "Org, Ltd", "x" * 300, "N/A", "-", "0.50",
         "Sí", "(1)\u00a0Trivial.", "Strongly\u202fagree", " ", "1/9/2019 20:30:20"]
DATE_FORMATS = ["yyyy-mm-dd", "m/d/yy h:mm", "dd/mm/yyyy hh:mm:ss", "[$-409]mmmm d, yyyy", "d-mmm-yy", "h:mm:ss AM/PM",
                "yyyy-mm-dd\\ hh:mm"]
NUMBER_FORMATS = ["0.00%", "#,##0.00", "0.00E+00", "\"day\" 0", "[Red]0.0", "# ?/?", "@"]


def plain(value):
    """The shortest decimal of a stored number, in plain notation (SPEC §8.7)."""
    stored = float("%.16g" % value)
    if stored == 0:
        return "0"
    text = format(Decimal(repr(stored)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def iso(moment):
    if isinstance(moment, datetime.datetime) and moment.time() != datetime.time(0):
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.strftime("%Y-%m-%d")


def random_cell(rng, writer, date1904):
    """(kind, value, extra, expected text)."""
    kind = rng.choice(["text", "text", "text", "int", "float", "special", "bool", "date", "datetime", "numfmt",
                       "formula", "rich", "small-date"])
    if kind == "text":
        text = rng.choice(TEXTS)
        if writer != "openpyxl" and rng.random() < 0.1:
            text = "literal _x0041_ escape"  # XlsxWriter writes it as _x005F_x0041_
        return ("text", text, None, text)
    if kind == "int":
        value = rng.choice([0, 1, 5, -3, 45292, 10 ** 15, 123456789])
        return ("number", value, None, plain(value))
    if kind == "float":
        value = rng.choice([0.1, 0.5, 2.75, -1.25, 1 / 3, 0.1 + 0.2, 12345.678, 1e-7, 3.14159e-12])
        return ("number", value, None, plain(value))
    if kind == "special":
        value = rng.choice([-0.0, 1e20, 1.5e300, 2 ** 53 + 2, 0.000001])
        return ("number", value, None, plain(value))
    if kind == "bool":
        value = rng.random() < 0.5
        return ("bool", value, None, "TRUE" if value else "FALSE")
    if kind in ("date", "datetime"):
        day = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 30000))
        if kind == "date":
            moment = datetime.datetime(day.year, day.month, day.day)
        else:
            moment = datetime.datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60),
                                       rng.randrange(60))
        return ("date", moment, rng.choice(DATE_FORMATS), iso(moment))
    if kind == "small-date" and not date1904:
        value = rng.choice([1, 30, 60])
        return ("small-date", value, "yyyy-mm-dd", str(value))
    if kind in ("numfmt", "small-date"):
        value = rng.choice([0.25, 3, 1234.5, -7])
        return ("numfmt", value, rng.choice(NUMBER_FORMATS), plain(value))
    if kind == "formula":
        cached = rng.choice([3, 2.5, "ab", True, False, "#N/A"])
        formula = {str: '="a"&"b"', bool: "=TRUE()", int: "=1+2", float: "=5/2"}[type(cached)]
        if cached == "#N/A":
            formula = "=NA()"
        if writer == "openpyxl":
            return ("formula", formula, None, "")
        if isinstance(cached, bool):
            text = "TRUE" if cached else "FALSE"
        elif isinstance(cached, (int, float)):
            text = plain(cached)
        else:
            text = cached
        return ("formula", formula, cached, text)
    runs = [rng.choice(["Str", "ongly", " agree", "é", "東"]) for _ in range(rng.randrange(2, 4))]
    return ("rich", runs, None, "".join(runs))


def make_workbook(rng, index):
    writer = ["openpyxl", "xlsxwriter", "xlsxwriter-constant"][index % 3]
    date1904 = rng.random() < 0.25
    sheet_count = rng.randrange(1, 4)
    names = rng.sample(["Form1", "Summary", "Responses", "Réponses", "Data 2024", "Sheet1"], sheet_count)
    target = 0
    named = None
    if sheet_count > 1 and rng.random() < 0.4:
        target = rng.randrange(sheet_count)
        named = rng.choice([names[target].upper(), " " + names[target] + " ", names[target]])
    hidden_first = sheet_count > 1 and target != 0 and rng.random() < 0.5 and named is not None
    grids = []
    for _ in range(sheet_count):
        first_row = rng.randrange(0, 4)
        rows = rng.randrange(1, 12)
        columns = rng.randrange(1, 9)
        grid = {}
        for r in range(first_row, first_row + rows):
            if rng.random() < 0.15:
                continue  # an empty row
            for c in range(columns):
                if rng.random() < 0.3:
                    continue  # an absent cell
                grid[(r, c)] = random_cell(rng, writer.split("-")[0], date1904)
        merges = []
        if writer != "xlsxwriter-constant" and rng.random() < 0.3 and rows >= 2 and columns >= 2:
            r0, c0 = first_row + rng.randrange(rows - 1), rng.randrange(columns - 1)
            merges.append((r0, c0, r0 + 1, c0 + 1))
            grid[(r0, c0)] = ("text", "merged", None, "merged")
        grids.append((grid, merges))

    path = tempfile.mktemp(suffix=".xlsx")
    if writer == "openpyxl":
        write_openpyxl(path, names, grids, date1904, hidden_first)
    else:
        write_xlsxwriter(path, names, grids, date1904, hidden_first, writer == "xlsxwriter-constant")
    with open(path, "rb") as handle:
        data = handle.read()
    os.remove(path)

    grid, merges = grids[target]
    covered = set()
    for (r0, c0, r1, c1) in merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
    out = io.StringIO()
    table = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for r in sorted({r for (r, _) in grid}):
        cells = {c: grid[(r, c)] for (rr, c) in grid if rr == r and (rr, c) not in covered}
        texts = [cells[c][3] if c in cells else "" for c in range(max(cells, default=-1) + 1)]
        while texts and texts[-1] == "":
            texts.pop()
        if texts:
            table.writerow([str(r + 1)] + texts)
    return {"id": index, "writer": writer, "date1904": date1904, "sheet": named,
            "xlsx": base64.b64encode(data).decode(), "csv": out.getvalue()}


def write_openpyxl(path, names, grids, date1904, hidden_first):
    book = openpyxl.Workbook()
    if date1904:
        book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    book.remove(book.active)
    for name, (grid, merges) in zip(names, grids):
        sheet = book.create_sheet(name)
        for (r, c), (kind, value, extra, _) in sorted(grid.items()):
            cell = sheet.cell(row=r + 1, column=c + 1)
            if kind == "rich":
                cell.value = CellRichText([value[0]] + [TextBlock(InlineFont(b=True), run) for run in value[1:]])
            else:
                cell.value = value
            if kind in ("date", "numfmt", "small-date"):
                cell.number_format = extra
        for (r0, c0, r1, c1) in merges:
            sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    if hidden_first:
        book.worksheets[0].sheet_state = "hidden"
    book.save(path)


def write_xlsxwriter(path, names, grids, date1904, hidden_first, constant_memory):
    book = xlsxwriter.Workbook(path, {"date_1904": date1904, "constant_memory": constant_memory})
    formats = {}

    def number_format(code):
        if code not in formats:
            formats[code] = book.add_format({"num_format": code})
        return formats[code]

    bold = book.add_format({"bold": True})
    sheets = []
    for name, (grid, merges) in zip(names, grids):
        sheet = book.add_worksheet(name)
        sheets.append(sheet)
        merged_top_left = {(m[0], m[1]): m for m in merges}
        covered = {(r, c) for (r0, c0, r1, c1) in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for (r, c), (kind, value, extra, _) in sorted(grid.items()):
            if (r, c) in merged_top_left:
                continue
            if (r, c) in covered:
                continue  # XlsxWriter cannot write into a merged range; it stays empty
            if kind == "text":
                sheet.write_string(r, c, value)
            elif kind == "number":
                sheet.write_number(r, c, value)
            elif kind == "bool":
                sheet.write_boolean(r, c, value)
            elif kind == "date":
                sheet.write_datetime(r, c, value, number_format(extra))
            elif kind in ("numfmt", "small-date"):
                sheet.write_number(r, c, value, number_format(extra))
            elif kind == "formula":
                sheet.write_formula(r, c, value, None, extra)
            elif kind == "rich":
                parts = [value[0]]
                for run in value[1:]:
                    parts += [bold, run]
                sheet.write_rich_string(r, c, *parts)
        for (r0, c0, r1, c1) in merges:
            kind, value, extra, _ = grid.get((r0, c0), ("text", "", None, ""))
            data = value if kind in ("text",) else ""
            sheet.merge_range(r0, c0, r1, c1, data)
    if hidden_first:
        sheets[1].activate()
        sheets[0].hide()
    book.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open(args.out, "w") as out:
        for index in range(args.count):
            out.write(json.dumps(make_workbook(rng, index), ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
