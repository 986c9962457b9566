#!/usr/bin/env python3
"""Writes a Microsoft-Forms-like responses.xlsx for measuring the XLSX reader.

    python3 tools/xlsx/make_forms_workbook.py --rows 100000 --out /tmp/forms-100k.xlsx

Layout as Microsoft Forms exports it (sheet "Form1", one header row): ID (a number),
Start time and Completion time (date-styled serial numbers), Email, Name, then one column
per question: organisation, role, 24 agreement items as labels, 2 yes/no items and a free
text comment. Strings are shared (as Excel writes them); the comment is unique per row.
Deterministic (seed 7). Needs XlsxWriter (pip install xlsxwriter).
"""
import argparse
import random

import xlsxwriter

LABELS = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
ROLES = ["Frontline practitioner", "Team manager", "IG or data-protection lead", "Senior leader"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(7)
    book = xlsxwriter.Workbook(args.out)
    sheet = book.add_worksheet("Form1")
    date = book.add_format({"num_format": "m/d/yy h:mm:ss"})
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Which organisation do you work for?",
              "What is your role?"]
    header += [f"Statement {i + 1}: sharing information with partners is part of good care here" for i in range(24)]
    header += ["Consent is the only lawful basis for sharing", "I may share in a safeguarding emergency", "Any comments?"]
    sheet.write_row(0, 0, header)
    organisations = [f"Organisation {i:03d} NHS Trust" for i in range(50)]
    for row in range(1, args.rows + 1):
        start = 45292 + rng.random() * 60
        sheet.write_number(row, 0, row)
        sheet.write_number(row, 1, start, date)
        sheet.write_number(row, 2, start + rng.random() / 96, date)
        sheet.write_string(row, 3, "anonymous")
        sheet.write_row(row, 5, [rng.choice(organisations), rng.choice(ROLES)])
        sheet.write_row(row, 7, [rng.choice(LABELS) for _ in range(24)])
        sheet.write_row(row, 31, [rng.choice(["Yes", "No"]), rng.choice(["Yes", "No"])])
        if rng.random() < 0.3:
            sheet.write_string(row, 33, f"Comment {row}: " + " ".join(rng.choice(LABELS) for _ in range(6)))
    book.close()


if __name__ == "__main__":
    main()
