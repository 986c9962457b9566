#!/usr/bin/env python3
"""Reads every workbook under a Reports folder with openpyxl (an independent reader) and
checks its numbers against the centre CSV files, and that every chart's series points at
the cells it should.

Usage: python3 tools/check_workbooks.py REPORTS_DIR
Exit 0 when everything agrees; 1 with a list of differences otherwise.
"""
import csv
import os
import re
import sys

import numpy as np
import openpyxl

problems = []
checked = {"values": 0, "charts": 0, "workbooks": 0}


def fail(message):
    problems.append(message)


def close(a, b, what, tolerance=1e-9):
    """a: workbook number, b: CSV text. Values the CSV prints are compared to the last digit;
    values derived here from printed (rounded) CSV values get a tolerance of 1e-6."""
    checked["values"] += 1
    if b == "":
        if a not in (None, ""):
            fail(f"{what}: workbook has {a!r}, CSV is empty")
        return
    if not isinstance(a, (int, float)) or isinstance(a, bool):
        fail(f"{what}: workbook has {a!r}, CSV has {b}")
        return
    if "%.6f" % a != b and abs(a - float(b)) > tolerance:
        fail(f"{what}: workbook {a!r} != CSV {b}")


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def data_rows(sheet):
    """Rows from the first data row (worksheet row 3), as lists of values, up to the first empty row."""
    rows = []
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if all(value in (None, "") for value in row):
            break
        rows.append(list(row))
    return rows


def header(sheet):
    return [cell.value for cell in sheet[2]]


REF = re.compile(r"^'?(?P<sheet>.+?)'?!\$(?P<c1>[A-Z]+)\$(?P<r1>\d+):\$(?P<c2>[A-Z]+)\$(?P<r2>\d+)$")


def check_charts(book, path):
    for sheet in book.worksheets:
        for chart in sheet._charts:
            checked["charts"] += 1
            for series in chart.series:
                for kind, ref in (("values", series.val.numRef.f if series.val and series.val.numRef else None),
                                  ("categories", series.cat.strRef.f if series.cat and series.cat.strRef else
                                   (series.cat.numRef.f if series.cat and series.cat.numRef else None))):
                    if ref is None:
                        fail(f"{path}: chart '{sheet.title}' has a series without {kind}")
                        continue
                    match = REF.match(ref)
                    if not match:
                        fail(f"{path}: chart range {ref} is not a single-column range")
                        continue
                    target = book[match["sheet"].replace("''", "'")]
                    if match["c1"] != match["c2"]:
                        fail(f"{path}: chart range {ref} spans columns")
                    first, last = int(match["r1"]), int(match["r2"])
                    if first < 3 or last < first:
                        fail(f"{path}: chart range {ref} starts above the data")
                    cells = [target[f"{match['c1']}{row}"].value for row in range(first, last + 1)]
                    if kind == "values":
                        if not any(isinstance(v, (int, float)) for v in cells):
                            fail(f"{path}: chart values {ref} hold no numbers")
                        head = target[f"{match['c1']}2"].value
                        if head is None:
                            fail(f"{path}: chart values {ref} have no column header")
                    else:
                        if not all(isinstance(v, str) and v for v in cells):
                            fail(f"{path}: chart categories {ref} are not all labels")
                    data_end = 2 + len(data_rows(target))
                    if last > data_end:
                        fail(f"{path}: chart range {ref} runs past the data (last data row {data_end})")
                    if target.title in ("Domains", "Likert") and (first, last) != (3, data_end):
                        fail(f"{path}: chart range {ref} does not cover every row of {target.title} (3 to {data_end})")


def check_journey(book, path, wave_dir):
    """The centre workbook's Journey sheet: journey.csv, then charter.csv and
    response-rates.csv when written, each under its own header, every field as in the CSV."""
    sheet = book["Journey"]
    if header(sheet)[:16] != list(read_csv_header(os.path.join(wave_dir, "centre", "journey.csv"))):
        fail(f"{path}: Journey's header is not journey.csv's")
    blocks = [[]]
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if all(value in (None, "") for value in row):
            blocks.append([])
        else:
            blocks[-1].append(list(row))
    blocks = [block for block in blocks if block]
    files = ["journey.csv"] + [name for name in ("charter.csv", "response-rates.csv")
                               if os.path.exists(os.path.join(wave_dir, "centre", name))]
    # The notes line after the last block is a block of one text cell.
    if len(blocks) != len(files) + 1:
        fail(f"{path}: Journey has {len(blocks)} blocks, expected {len(files)} and the notes")
        return
    for name, block in zip(files, blocks):
        rows = read_csv(os.path.join(wave_dir, "centre", name))
        if name != "journey.csv":
            wanted = read_csv_header(os.path.join(wave_dir, "centre", name))
            if [value for value in block[0] if value is not None] != wanted:
                fail(f"{path}: Journey block {name} has header {block[0]}")
            block = block[1:]
        if len(block) != len(rows):
            fail(f"{path}: Journey block {name} has {len(block)} rows, the CSV {len(rows)}")
        for row, want in zip(block, rows):
            for column, (key, text) in enumerate(want.items()):
                value = row[column] if column < len(row) else None
                what = f"{path} Journey {name} {want.get('wave')}/{want.get('scope', want.get('organisation_id'))}/{want.get('domain', '')} {key}"
                if isinstance(value, bool):
                    if text != ("true" if value else "false"):
                        fail(f"{what}: {value!r} != {text}")
                elif isinstance(value, (int, float)):
                    close(value, text, what)
                elif (value or "") != text:
                    fail(f"{what}: {value!r} != {text!r}")


def check_journey_sheets(wave_dir, domains):
    """The partner and national Journey sheets (SPEC §9.8) against journey.csv and
    response-rates.csv: one row per wave, a partner's published scores and nothing else, the
    national medians where the journey shows them, and a line chart over those rows."""
    journey = read_csv(os.path.join(wave_dir, "centre", "journey.csv"))
    waves = []
    for row in journey:
        if row["wave"] not in waves:
            waves.append(row["wave"])
    if len(waves) < 2:
        return
    root = os.path.dirname(wave_dir)
    rates = {}
    for wave in waves:
        path = os.path.join(root, wave, "centre", "response-rates.csv")
        rates[wave] = {r["organisation_id"]: r for r in read_csv(path)} if os.path.exists(path) else {}
    path = os.path.join(wave_dir, "national", "evidence.xlsx")
    book = openpyxl.load_workbook(path)
    rows = data_rows(book["Journey"])
    if [r[0] for r in rows] != waves:
        fail(f"{path}: Journey rows are {[r[0] for r in rows]}, the waves {waves}")
    for row in rows:
        for column, domain in enumerate(domains + ["overall"]):
            want = [r for r in journey if r["wave"] == row[0] and r["scope"] == "national" and r["domain"] == domain][0]
            close(row[2 + column], want["median"] if want["published"] == "true" else "",
                  f"{path} Journey {row[0]}/{domain} median")
    journey_chart(book, path, rows, len(domains) + 1)
    partners = os.path.join(wave_dir, "partners")
    for organisation in sorted(os.listdir(partners)):
        path = os.path.join(partners, organisation, "report.xlsx")
        own = [r for r in journey if r["scope"] == organisation]
        book = openpyxl.load_workbook(path)
        if own and own[0]["first_wave"] == waves[-1]:
            if "Journey" in book.sheetnames:
                fail(f"{path}: a Journey sheet at the organisation's first survey")
            continue
        rows = data_rows(book["Journey"])
        if [r[0] for r in rows] != waves:
            fail(f"{path}: Journey rows are {[r[0] for r in rows]}, the waves {waves}")
            continue
        for row in rows:
            for column, domain in enumerate(domains + ["overall"]):
                found = [r for r in own if r["wave"] == row[0] and r["domain"] == domain]
                want = found[0]["mean"] if found and found[0]["published"] == "true" else ""
                close(row[2 + column], want, f"{path} Journey {row[0]}/{domain}")
            rate = rates[row[0]].get(organisation)
            if rate is not None and rate["exceeds_headcount"] == "false":
                close(row[3 + len(domains)] * 100, rate["rate"], f"{path} Journey {row[0]} response rate", 1e-9)
        journey_chart(book, path, rows, len(domains) + 1)


def journey_chart(book, path, rows, columns):
    """A line chart over the score columns of the Journey rows, one series per column with a
    number; none when no column has one."""
    charts = book["Journey"]._charts
    waves = len(rows)
    plotted = [c for c in range(columns) if any(isinstance(r[2 + c], (int, float)) for r in rows)]
    if not plotted:
        if charts:
            fail(f"{path}: a Journey chart with nothing to plot")
        return
    if len(charts) != 1 or type(charts[0]).__name__ != "LineChart" or len(charts[0].series) != len(plotted):
        fail(f"{path}: the Journey sheet has no line chart of its {len(plotted)} plotted columns")
        return
        fail(f"{path}: the Journey sheet has no line chart")
        return
    if charts[0].display_blanks != "gap":
        fail(f"{path}: the Journey chart draws blanks as {charts[0].display_blanks}")
    for series in charts[0].series:
        match = REF.match(series.val.numRef.f)
        if not match or (int(match["r1"]), int(match["r2"])) != (3, 2 + waves):
            fail(f"{path}: a Journey series covers {series.val.numRef.f}, not the {waves} waves")


def read_csv_header(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def check_wave(wave_dir):
    wave = os.path.basename(wave_dir)
    scores = read_csv(os.path.join(wave_dir, "centre", "scores.csv"))
    items = read_csv(os.path.join(wave_dir, "centre", "items.csv"))
    changes_path = os.path.join(wave_dir, "centre", "changes.csv")
    changes = read_csv(changes_path) if os.path.exists(changes_path) else []

    # Centre workbook: every score, item and change, as in the CSVs.
    path = os.path.join(wave_dir, "centre", "readiness.xlsx")
    book = openpyxl.load_workbook(path)
    checked["workbooks"] += 1
    for sheet in book.worksheets:
        if "INTERNAL" not in str(sheet["A1"].value):
            fail(f"{path}: sheet {sheet.title} is not marked internal in its first row")
    rows = data_rows(book["Scores"])
    if len(rows) != len(scores):
        fail(f"{path}: Scores has {len(rows)} rows, scores.csv {len(scores)}")
    for row, want in zip(rows, scores):
        what = f"{path} Scores {want['organisation_id']}/{want['domain']}"
        if row[0] != want["organisation_id"] or row[3] != want["domain"]:
            fail(f"{what}: row is {row[0]}/{row[3]}")
        close(row[4], want["n"], what + " n")
        for column, key in ((5, "mean"), (6, "sd"), (7, "ci_low"), (8, "ci_high")):
            close(row[column], want[key], f"{what} {key}")
        if (row[9] or "") != want["level"]:
            fail(f"{what}: level {row[9]!r} != {want['level']!r}")
        if row[10] != (want["published"] == "true"):
            fail(f"{what}: published {row[10]!r} != {want['published']}")
    rows = data_rows(book["Items"])
    if len(rows) != len(items):
        fail(f"{path}: Items has {len(rows)} rows, items.csv {len(items)}")
    for row, want in zip(rows, items):
        what = f"{path} Items {want['scope']}/{want['item']}"
        close(row[2], want["n"], what + " n")
        for column, key in ((3, "favourable_pct"), (4, "ci_low"), (5, "ci_high")):
            close(None if row[column] is None else row[column] * 100, want[key], f"{what} {key}")
    if changes:
        rows = data_rows(book["Changes"])
        if len(rows) != len(changes):
            fail(f"{path}: Changes has {len(rows)} rows, changes.csv {len(changes)}")
        for row, want in zip(rows, changes):
            what = f"{path} Changes {want['scope']}/{want['domain']}"
            if [row[0], row[1], row[2], row[3]] != [want["scope"], want["domain"], want["against"], want["previous_wave"]]:
                fail(f"{what}: row is {row[:4]}")
            for column, key in ((4, "diff"), (5, "t"), (6, "df"), (7, "p"), (8, "p_adjusted"), (11, "organisations"),
                                (12, "ci_low"), (13, "ci_high")):
                close(row[column], want[key], f"{what} {key}")
            if row[9] != (want["significant"] == "true"):
                fail(f"{what}: significant {row[9]!r}")
    check_journey(book, path, wave_dir)
    check_charts(book, path)

    # National workbook: domain quartiles from the published organisation scores in scores.csv.
    path = os.path.join(wave_dir, "national", "evidence.xlsx")
    book = openpyxl.load_workbook(path)
    checked["workbooks"] += 1
    domains = []
    for row in scores:
        if row["domain"] not in domains:
            domains.append(row["domain"])
    published = {d: [float(r["mean"]) for r in scores if r["domain"] == d and r["published"] == "true"] for d in domains}
    rows = data_rows(book["Domains"])
    if len(rows) != len(domains):
        fail(f"{path}: Domains has {len(rows)} rows, expected {len(domains)}")
    for row, domain in zip(rows, domains):
        values = published[domain]
        close(row[1], str(len(values)), f"{path} Domains {domain} organisations")
        if isinstance(row[4], str):
            continue  # hidden by disclosure control: the text says why
        if len(values) >= 1 and row[4] is not None:
            q1, med, q3 = np.quantile(values, [0.25, 0.5, 0.75])
            close(row[2], "%.6f" % np.mean(values), f"{path} Domains {domain} mean", 1e-6)
            close(row[3], "%.6f" % q1, f"{path} Domains {domain} lower quartile", 1e-6)
            close(row[4], "%.6f" % med, f"{path} Domains {domain} median", 1e-6)
            close(row[5], "%.6f" % q3, f"{path} Domains {domain} upper quartile", 1e-6)
    national_items = {r["item"]: r for r in items if r["scope"] == "national"}
    for row in data_rows(book["Items"]):
        want = national_items[row[0]]
        if isinstance(row[4], str):
            continue  # hidden: fewer than min_respondents
        close(row[4], want["n"], f"{path} Items {row[0]} n")
        close(row[5] * 100, want["favourable_pct"], f"{path} Items {row[0]} favourable")
    check_charts(book, path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    for score in scores:
                        if score["organisation_id"] and re.search(r"\b%s\b" % re.escape(score["organisation_id"]), value):
                            fail(f"{path}: sheet {sheet.title} names organisation {score['organisation_id']}")

    # Partner workbooks: their own published scores and items.
    partners = os.path.join(wave_dir, "partners")
    for organisation in sorted(os.listdir(partners)):
        path = os.path.join(partners, organisation, "report.xlsx")
        book = openpyxl.load_workbook(path)
        checked["workbooks"] += 1
        own = [r for r in scores if r["organisation_id"] == organisation and r["domain"] != "overall"]
        rows = data_rows(book["Domains"])
        for row, want in zip(rows, own):
            what = f"{path} Domains {want['domain']}"
            close(row[1], want["n"], what + " n")
            if want["published"] == "true":
                close(row[2], want["mean"], what + " score")
                close(row[3], want["ci_low"], what + " ci_low")
                close(row[4], want["ci_high"], what + " ci_high")
            elif row[2] != "suppressed":
                fail(f"{what}: an unpublished score is shown: {row[2]!r}")
        own_items = {r["item"]: r for r in items if r["scope"] == organisation}
        for row in data_rows(book["Items"]):
            want = own_items[row[0]]
            close(row[2], want["n"], f"{path} Items {row[0]} n")
            close(row[3] * 100, want["favourable_pct"], f"{path} Items {row[0]} favourable")
        check_charts(book, path)
    check_journey_sheets(wave_dir, [d for d in domains if d != "overall"])


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    root = sys.argv[1]
    for wave in sorted(os.listdir(root)):
        if os.path.isdir(os.path.join(root, wave)):
            check_wave(os.path.join(root, wave))
    for problem in problems[:50]:
        print(problem)
    print(f"{checked['workbooks']} workbooks, {checked['values']} values and {checked['charts']} charts checked; "
          f"{len(problems)} problems")
    return 1 if problems or checked["workbooks"] == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
