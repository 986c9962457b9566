#!/usr/bin/env python3
"""Writes docs/platforms/examples/microsoft-forms.xlsx: a tiny export in Microsoft Forms' layout.

    python3 tools/xlsx/make_forms_example.py

Sheet "Form1", one header row: ID (a number), Start time and Completion time (date-styled
serials, m/d/yy h:mm as Excel shows Forms' times), Email and Name ("anonymous" and empty for
anonymous forms), then one column per question, answers as their choice text. Strings are
shared, as Excel writes them. The creation date is fixed, so the bytes never change.
Needs XlsxWriter (scripts/setup installs it).
"""
import datetime
import os

import xlsxwriter

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "platforms", "examples",
                   "microsoft-forms.xlsx")

book = xlsxwriter.Workbook(OUT)
book.set_properties({"created": datetime.datetime(2024, 1, 1)})
sheet = book.add_worksheet("Form1")
time = book.add_format({"num_format": "m/d/yy h:mm"})
header = ["ID", "Start time", "Completion time", "Email", "Name", "Which organisation do you work for?",
          "What is your role?", "Sharing information with partners is part of good care here.",
          "I know when I may share without consent.", "People here avoid sharing in case they get it wrong.",
          "Consent is the only lawful basis for sharing for direct care.", "Anything else you would like to tell us?"]
sheet.write_row(0, 0, header)
rows = [
    (1, 45355.382, 45355.385, "North Trust", "Team manager", "Agree", "Strongly agree", "Disagree", "No", "Training would help."),
    (2, 45355.417, 45355.42, "East Council", "Frontline practitioner", "Strongly agree", "Agree",
     "Neither agree nor disagree", "Yes", None),
    (3, 45357.364, 45357.367, "West Police", "IG lead", "Disagree", "Agree", "Strongly disagree", "No", None),
]
for index, (number, start, end, *answers) in enumerate(rows, start=1):
    sheet.write_number(index, 0, number)
    sheet.write_number(index, 1, start, time)
    sheet.write_number(index, 2, end, time)
    sheet.write_string(index, 3, "anonymous")
    for offset, answer in enumerate(answers):
        if answer is not None:
            sheet.write_string(index, 5 + offset, answer)
book.close()
