#!/usr/bin/env python3
"""Deterministically (re)create the hostile differential-test survey folders.

    python3 tools/reference/make_fixtures.py [--root Tests/Fixtures/surveys] [--no-expected]

Each case is a complete Surveys folder:

    Tests/Fixtures/surveys/<case>/instrument.yaml
    Tests/Fixtures/surveys/<case>/organisations.csv
    Tests/Fixtures/surveys/<case>/<wave-folder>/wave.yaml, responses.csv
    Tests/Fixtures/surveys/<case>/expected/<wave-id>/rejects.csv, counts.json,
                                   centre/scores.csv, items.csv, [changes.csv], alpha.csv

`expected/` is the output of tools/reference/readiness_ref.py on that case.  The
reference treats only subfolders that contain wave.yaml or responses.csv as wave
folders, so `expected/` is not mistaken for a wave.

Every byte is written explicitly (encodings, BOMs, line endings), and all pseudo-random
data comes from random.Random(<fixed seed>), so re-running gives identical files.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_ROOT = os.path.join(REPO, "Tests", "Fixtures", "surveys")

LABELS = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]

# ---------------------------------------------------------------------------- helpers


def quote(cell: str, delim: str, force: bool = False) -> str:
    if force or any(c in cell for c in (delim, '"', "\r", "\n")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def join_row(cells: list[str], delim: str, force: bool = False) -> str:
    return delim.join(quote(c, delim, force) for c in cells)


class Doc:
    """A CSV document built line by line; raw lines are written verbatim."""

    def __init__(self, delim: str = ",", eol: str = "\n"):
        self.delim = delim
        self.eol = eol
        self.parts: list[str] = []

    def row(self, cells: list[str], force: bool = False) -> "Doc":
        self.parts.append(join_row(cells, self.delim, force))
        return self

    def raw(self, text: str) -> "Doc":
        self.parts.append(text)
        return self

    def text(self, final_eol: bool = True) -> str:
        return self.eol.join(self.parts) + (self.eol if final_eol else "")


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if encoding == "utf-16le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    if encoding == "cp1252":
        out = bytearray()
        for ch in text:
            if ord(ch) in (0x81, 0x8D, 0x8F, 0x90, 0x9D):
                out.append(ord(ch))  # the undefined bytes, written raw
            else:
                out += ch.encode("cp1252")
        return bytes(out)
    raise ValueError(encoding)


def likert_cell(rng: random.Random, v: int) -> str:
    """A likert value in one of the spellings real exports use."""
    style = rng.random()
    if style < 0.55:
        return str(v)
    lab = LABELS[v - 1]
    if style < 0.7:
        return lab
    if style < 0.8:
        return lab.upper()
    if style < 0.9:
        return "  " + lab.lower() + " "
    return " " + str(v) + "\t"


def clamp(v: int) -> int:
    return max(1, min(5, v))


def gen_likert(rng: random.Random, mu: float, reverse: bool, p_missing: float = 0.08) -> str:
    r = rng.random()
    if r < p_missing:
        return rng.choice(["", "N/A", "na", "Not applicable", "Prefer not to say", "Don't know", "DK", "dont know"])
    v = clamp(round(rng.gauss(mu, 0.9)))
    if reverse:
        v = 6 - v
    return likert_cell(rng, v)


def gen_knowledge(rng: random.Random, key: bool, p_right: float) -> str:
    r = rng.random()
    if r < 0.07:
        return rng.choice(["", "N/A"])
    if r < 0.14:
        return rng.choice(["Don't know", "DK"])
    ans = key if rng.random() < p_right else (not key)
    words = ["true", "TRUE", "t", "yes", "Yes"] if ans else ["false", "False", "f", "no", "NO"]
    return rng.choice(words)


BASE_INSTRUMENT = """\
id: sharing-readiness
version: "1.0"
title: Information Sharing Readiness Survey (test fixture)
thresholds: {{min_respondents: {min_respondents}, min_organisations: 2, min_change: 5, alpha: 0.05}}
columns:
  response_id: [ResponseId]
  organisation_id: [Org, OrganisationCode]
  submitted_at: [SubmittedAt, EndDate]
  role: [Role]
roles: [Frontline practitioner, Team manager, IG lead, Senior leader]
domains:
  - id: culture
    title: Culture
    items:
      - {{id: CUL1, text: "Sharing information with partners is part of good care here."}}
      - {{id: CUL2, text: "People here avoid sharing in case they get it wrong.", reverse: true}}
      - {{id: CUL3, text: "Leaders here encourage sharing.", aliases: ["CUL[SQ003]"]}}
  - id: capacity
    title: Capacity
    items:
      - {{id: CAP1, text: "We have enough people to set up sharing."}}
      - {{id: CAP2, text: "Sharing work is squeezed out by other work.", reverse: true}}
      - {{id: CAP3, text: "Time for sharing work is planned."}}
      - {{id: CAP4, text: "New ways of working are resourced."}}
      - {{id: CAP5, text: "We lack the skills to share safely.", reverse: true}}
  - id: ig_rules
    title: Understanding of IG rules
    weight: 2
    items:
      - {{id: IG1, text: "I know when I may share without consent."}}
      - {{id: IG2, text: "I am unsure what the law allows.", reverse: true}}
      - {{id: KN1, type: knowledge, answer: false, aliases: ["Q7_1"],
         text: "Consent is the only lawful basis for sharing for direct care."}}
      - {{id: KN2, type: knowledge, answer: true, aliases: ["Q7_2"],
         text: "You may share without consent to protect someone from serious harm."}}
glossary:
  Lawful basis: "One of the six grounds in UK GDPR Article 6 for processing personal data."
"""

LIKERT_ITEMS = [
    ("CUL1", False), ("CUL2", True), ("CUL3", False),
    ("CAP1", False), ("CAP2", True), ("CAP3", False), ("CAP4", False), ("CAP5", True),
    ("IG1", False), ("IG2", True),
]
KNOWLEDGE_ITEMS = [("KN1", False), ("KN2", True)]
ROLES = ["Frontline practitioner", "Team manager", "IG lead", "Senior leader", "frontline PRACTITIONER", ""]

REGISTER_HEADER = ["organisation_id", "name", "sector", "locality", "signatory", "signed_on"]


def register(rows: list[list[str]], delim: str = ",", eol: str = "\n", encoding: str = "utf-8") -> bytes:
    d = Doc(delim, eol).row(REGISTER_HEADER)
    for r in rows:
        d.row(r)
    return encode(d.text(), encoding)


def wave_yaml(wid: str | None, title: str, opens: str, closes: str) -> bytes:
    lines = []
    if wid is not None:
        lines.append(f"id: {wid}")
    lines += [f"title: {title}", f"opens: {opens}", f"closes: {closes}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def standard_answers(rng: random.Random, mu: float, p_right: float, p_missing: float = 0.08) -> dict[str, str]:
    out = {}
    for iid, rev in LIKERT_ITEMS:
        out[iid] = gen_likert(rng, mu, rev, p_missing)
    for iid, key in KNOWLEDGE_ITEMS:
        out[iid] = gen_knowledge(rng, key, p_right)
    return out


def day_in(rng: random.Random, year: int, month: int, lo: int, hi: int) -> str:
    d = rng.randint(lo, hi)
    h = rng.randint(7, 19)
    m = rng.randint(0, 59)
    return f"{year:04d}-{month:02d}-{d:02d}T{h:02d}:{m:02d}"


class Case:
    def __init__(self, name: str):
        self.name = name
        self.files: dict[str, bytes] = {}

    def add(self, rel: str, data: bytes | str) -> None:
        self.files[rel] = data.encode("utf-8") if isinstance(data, str) else data


# ---------------------------------------------------------------------------- cases


def case_bom_crlf_two_waves() -> Case:
    """UTF-8 BOM + CRLF; quoted commas, doubled quotes and CRLF inside quotes; labels in
    every spelling; DK/missing tokens; two waves with publication, changes and BH."""
    c = Case("bom_crlf_two_waves")
    c.add("instrument.yaml", BASE_INSTRUMENT.format(min_respondents=2))
    c.add(
        "organisations.csv",
        register(
            [
                ["ORG-A", "Northgate Hospital Trust", "Health", "North", "yes", "2023-06-01"],
                ["ORG-B", "Northgate County Council", "Local authority", "North", "Yes", ""],
                ["ORG-C", "Southmoor GP Locality", "Health", "South", "no", ""],
                ["ORG-D", "Southmoor Police", "Police", "South", " YES ", "2023-07-15"],
                ["org_e", "Harbour Voluntary Network", "Voluntary", "", "no", ""],
            ],
            eol="\r\n",
            encoding="utf-8-bom",
        ),
    )
    header = ["ResponseId", "Org", "SubmittedAt", "Role", "Comment"] + [i for i, _ in LIKERT_ITEMS] + ["Q7_1", "Q7_2"]
    comments = [
        "",
        "Sharing is fine, mostly",
        'They said "no" again',
        "Line one\r\nline two, with comma",
        'Quote at end "',
        "",
    ]
    mus = {"ORG-A": 3.9, "ORG-B": 2.6, "ORG-C": 3.2, "ORG-D": 3.0, "org_e": 4.2}
    for wave_no, (folder, wid, opens, closes, month, year, sizes, shift) in enumerate(
        [
            ("2023-baseline", "2023-baseline", "2023-09-01", "2023-09-30", 9, 2023, {"ORG-A": 5, "ORG-B": 4, "ORG-C": 3, "ORG-D": 1, "org_e": 2}, 0.0),
            ("2024-followup", "2024-followup", "2024-03-01", "2024-03-31", 3, 2024, {"ORG-A": 6, "ORG-B": 5, "ORG-C": 2, "ORG-D": 3, "org_e": 1}, 0.7),
        ]
    ):
        rng = random.Random(1000 + wave_no)
        d = Doc(",", "\r\n").row(header)
        k = 0
        for org, n in sizes.items():
            for _ in range(n):
                k += 1
                mu = mus[org] + (shift if org in ("ORG-B", "ORG-A") else 0.0)
                ans = standard_answers(rng, mu, 0.55 + 0.2 * wave_no)
                row = {
                    "ResponseId": f"R_{wid[:4]}_{k:03d}",
                    "Org": org,
                    "SubmittedAt": day_in(rng, year, month, 1, 28),
                    "Role": rng.choice(ROLES),
                    "Comment": comments[k % len(comments)],
                    **ans,
                    "Q7_1": ans["KN1"],
                    "Q7_2": ans["KN2"],
                }
                d.row([row.get(h, "") for h in header], force=(k % 7 == 0))
        # a straight-liner (all 4s incl. reverse items), kept
        d.row([f"R_{wid[:4]}_SL", "ORG-A", f"{year}-{month:02d}-15", "IG lead", "same answer everywhere"] + ["4"] * 10 + ["no", "yes"])
        # rejects whose line numbers depend on the CRLFs inside quoted comments above
        d.row([f"R_{wid[:4]}_001", "ORG-A", f"{year}-{month:02d}-28T23:59", "", "resubmitted,\r\nlater"] + ["5"] * 10 + ["false", "true"])
        d.row([f"R_{wid[:4]}_X1", "ORG-Z", f"{year}-{month:02d}-02", "", ""] + ["3"] * 10 + ["", ""])
        d.row([f"R_{wid[:4]}_X2", "ORG-A", f"{year}-{month:02d}-02", "", ""] + ["3"] * 9)
        c.add(f"{folder}/wave.yaml", wave_yaml(wid, f"Wave {wid}", opens, closes))
        c.add(f"{folder}/responses.csv", encode(d.text(), "utf-8-bom"))
    return c


def case_utf16le_semicolon() -> Case:
    """UTF-16LE with BOM, `;` delimiter (commas inside unquoted fields are plain text),
    CRLF, UK dates, quoted `;`, labels; straight-liners with and without reverse items."""
    c = Case("utf16le_semicolon")
    c.add("instrument.yaml", BASE_INSTRUMENT.format(min_respondents=3))
    c.add(
        "organisations.csv",
        register(
            [
                ["T1", "Trust One", "Health", "East", "yes", ""],
                ["T2", "Trust Two", "Health", "East", "no", ""],
                ["C1", "Council, Borough of East", "Local authority", "East", "yes", "2024-01-10"],
            ],
            delim=";",
            eol="\r\n",
            encoding="utf-16le-bom",
        ),
    )
    header = ["ResponseId", "OrganisationCode", "SubmittedAt", "Role", "Free text, with comma"] + [i for i, _ in LIKERT_ITEMS] + ["KN1", "KN2"]
    rng = random.Random(2000)
    d = Doc(";", "\r\n").row(header)
    k = 0
    for org, n, mu in (("T1", 6, 3.6), ("T2", 3, 2.4), ("C1", 5, 3.1)):
        for _ in range(n):
            k += 1
            ans = standard_answers(rng, mu, 0.6)
            dd = rng.randint(1, 28)
            date = rng.choice([f"{dd:02d}/04/2024", f"{dd:02d}/04/2024 {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}", f"{dd:02d}/04/2024 09:15:{rng.randint(0, 59):02d}"])
            row = {"ResponseId": f"S{k:02d}", "OrganisationCode": org, "SubmittedAt": date, "Role": rng.choice(ROLES),
                   "Free text, with comma": rng.choice(["a, b, c", "semi; colon", "", "x"]), **ans}
            d.row([row.get(h, "") for h in header])
    # straight-liners: all "Agree" (reverse + non-reverse) -> flagged
    d.row(["S90", "T1", "10/04/2024", "IG lead", "sl"] + ["Agree"] * 10 + ["f", "t"])
    # mixed spelling of the same raw value 2 -> flagged (raw value, CHOICE 8)
    d.row(["S91", "T1", "11/04/2024", "", "sl2"] + ["2", "disagree", "2", "Disagree", "2", "2", "2", "2", "", ""] + ["", ""])
    # 5 identical answers but no reverse item among them -> not flagged
    d.row(["S92", "C1", "12/04/2024", "", ""] + ["5", "", "5", "5", "", "5", "5", "", "", ""] + ["yes", "no"])
    # all identical but only 4 items answered -> not flagged
    d.row(["S93", "C1", "12/04/2024", "", ""] + ["3", "3", "3", "", "", "", "", "", "", "3"] + ["", ""])
    # two different values -> not flagged
    d.row(["S94", "T2", "13/04/2024", "", ""] + ["4"] * 9 + ["5"] + ["no", "no"])
    d.row(["S95", "T2", "13/04/2024", "", "two\r\nlines; and \"quotes\""] + ["4"] * 10 + ["no", "no"])
    d.row(["S96", "C9", "13/04/2024", "", ""] + ["4"] * 10 + ["no", "no"])  # unknown organisation
    d.row(["S97", "C1", "13/04/2024", "", ""] + ["N/A"] * 10 + ["Don't know", "NA"])  # DK on knowledge: answered, kept
    d.row(["S98", "C1", "31/03/2024 23:59", "", ""] + ["4"] * 10 + ["no", "no"])  # outside
    d.row(["S01", "T1", "", "", ""] + ["1"] * 10 + ["no", "no"])  # undated duplicate loses
    c.add("w2024/wave.yaml", wave_yaml("w2024", "Spring 2024", "2024-04-01", "2024-04-30"))
    c.add("w2024/responses.csv", encode(d.text(), "utf-16le-bom"))
    return c


def case_utf16be_cr_tab() -> Case:
    """UTF-16BE with BOM, tab delimiter, lone CR line endings, CR inside quotes, empty
    lines (counted, skipped); a wave.yaml without `id` (folder name is the id)."""
    c = Case("utf16be_cr_tab")
    c.add("instrument.yaml", BASE_INSTRUMENT.format(min_respondents=2))
    c.add("organisations.csv", register([["A1", "Alpha", "Education", "", "yes", ""], ["B2", "Beta", "Education", "", "no", ""]], delim="\t", eol="\r"))
    header = ["ResponseId", "Org", "SubmittedAt"] + [i for i, _ in LIKERT_ITEMS] + ["Q7_1", "Q7_2", "Notes"]
    rng = random.Random(3000)
    d = Doc("\t", "\r").row(header)
    k = 0
    for org, n, mu in (("A1", 5, 3.3), ("B2", 4, 3.8)):
        for _ in range(n):
            k += 1
            ans = standard_answers(rng, mu, 0.5)
            row = {"ResponseId": f"U{k}", "Org": org, "SubmittedAt": f"2024-05-{rng.randint(1, 31):02d}", **ans, "Q7_1": ans["KN1"], "Q7_2": ans["KN2"],
                   "Notes": rng.choice(["", "multi\rline note", "tab\tinside", 'say "hi"'])}
            d.row([row.get(h, "") for h in header])
            if k in (3, 6):
                d.raw("")  # an empty line
    d.raw("")
    d.row(["U99", "B2", "2024-05-20"] + ["5", "1", "5", "5", "1", "5", "5", "1", "5", "1"] + ["false", "true", ""])
    d.row(["U98", "B2", "2024-05-20"] + ["5"] * 10 + ["false", "true"])  # one field short
    d.row(["U1", "A1", "2024-05-31"] + ["2"] * 10 + ["true", "true", "latest\rcopy"])  # later date: wins
    d.raw('U97\tA1\t2024-05-21\t3"\t3\t3\t3\t3\t3\t3\t3\t3\t3\ttrue\ttrue\t')  # a literal quote: '3"' is invalid
    c.add("may/wave.yaml", wave_yaml(None, "May", "2024-05-01", "2024-05-31"))
    c.add("may/responses.csv", encode(d.text(final_eol=False), "utf-16be-bom"))
    return c


def case_cp1252_tab() -> Case:
    """Windows-1252 bytes (curly apostrophe 0x92 in `Don’t know`, é, undefined bytes 0x81
    and 0x9D), tab delimiter, LF; the register is cp1252 too; two waves."""
    c = Case("cp1252_tab")
    c.add("instrument.yaml", BASE_INSTRUMENT.format(min_respondents=2))
    c.add(
        "organisations.csv",
        register(
            [
                ["H1", "Hôpital Général", "Health", "Côte", "yes", ""],
                ["H2", "St Mary’s Hospice", "Voluntary", "", "no", ""],
                ["P1", "Police – East", "Police", "", "yes", ""],
            ],
            delim="\t",
            encoding="cp1252",
        ),
    )
    header = ["ResponseId", "Org", "SubmittedAt", "Role", "Remarque"] + [i for i, _ in LIKERT_ITEMS] + ["KN1", "KN2"]
    for wave_no, (folder, wid, opens, closes, month) in enumerate(
        [("w1", "autumn", "2023-10-01", "2023-10-31", 10), ("w2", "winter", "2024-01-01", "2024-01-31", 1)]
    ):
        rng = random.Random(4000 + wave_no)
        d = Doc("\t").row(header)
        k = 0
        for org, n, mu in (("H1", 4, 3.4 + wave_no), ("H2", 3, 2.8), ("P1", 3, 3.0 - 0.5 * wave_no)):
            for _ in range(n):
                k += 1
                ans = standard_answers(rng, mu, 0.6)
                # curly-apostrophe don't-know tokens, as Excel writes them in cp1252
                for iid in ("CUL1", "IG1", "KN1"):
                    if rng.random() < 0.25:
                        ans[iid] = "Don’t know"
                row = {"ResponseId": f"{wid}-{k}", "Org": org, "SubmittedAt": f"{2023 if month == 10 else 2024}-{month:02d}-{rng.randint(1, 31):02d} 12:00",
                       "Role": rng.choice(ROLES), "Remarque": rng.choice(["déjà vu", "naïve\x81", "\x9d", "café, crème", "€100"]), **ans}
                d.row([row.get(h, "") for h in header])
        # a role with a typographic apostrophe is not a role; ‘Agree’ with curly quotes is invalid
        d.row([f"R\x81é-{wid}", "HX", "", "", ""] + ["3"] * 10 + ["yes", "no"])  # undefined byte in the id, unknown org
        d.row([f"{wid}-1", "H1", "", "", "\x9d"] + ["3"] * 10 + ["yes", "no"])  # undated duplicate of a dated row: loses
        d.row([f"{wid}-X", "H2", "", "IG lead’s deputy", ""] + ["‘Agree’", "Agree", "4", "3", "3", "3", "3", "3", "Don’t know", "DON'T KNOW"] + ["Don’t know", "yes"])
        c.add(f"{folder}/wave.yaml", wave_yaml(wid, wid.title(), opens, closes))
        c.add(f"{folder}/responses.csv", encode(d.text(), "cp1252"))
    return c


def case_qualtrics_aliases() -> Case:
    """Qualtrics export: 3-line header ({"ImportId"...} on record 3, whose record 2 has
    a quoted newline), aliases (ResponseId, Q3_1, CUL[SQ003], EndDate), duplicate headers
    (first wins), unknown columns, an item with no column, fixed-column header in odd case."""
    c = Case("qualtrics_aliases")
    instr = BASE_INSTRUMENT.format(min_respondents=2).replace(
        '{id: CUL1, text: "Sharing information with partners is part of good care here."}',
        '{id: CUL1, text: "Sharing information with partners is part of good care here.", aliases: ["Q3_1"]}',
    ).replace('{id: IG1, text: "I know when I may share without consent."}', '{id: IG1, text: "I know when I may share without consent.", aliases: [" q5_1 "]}')
    c.add("instrument.yaml", instr)
    c.add("organisations.csv", register([["Q-1", "Quay One", "Health", "", "yes", ""], ["Q-2", "Quay Two", "Housing", "", "no", ""], ["Q-3", "Quay Three", "Housing", "", "yes", ""]]))
    header = ["StartDate", "EndDate", "Status", "IPAddress", "ResponseId", " organisationcode ", "ORG", "Q3_1", "cul1", "CUL2", "CUL[SQ003]",
              "CAP1", "CAP2", "CAP3", "CAP4", "Q5_1", "IG2", "Q7_1", "Q7_2", "role", "Q10_TEXT", "submitted_at"]
    meta = ["Start Date", "End Date", "Response Type", "IP Address", "Response ID", "Organisation", "Org (dup)", "Sharing is part of good care",
            "dup", "People avoid sharing", "Leaders encourage, sometimes", "Enough people", "Squeezed", "Planned", "Resourced",
            "I know when\nI may share", "Unsure", "Consent only?", "Share to protect?", "Role", "Anything else?", "Submitted"]
    imp = ['{"ImportId":"%s"}' % h for h in ["startDate", "endDate", "status", "ipAddress", "_recordId", "QID1", "QID1b", "QID3_1", "QID3_1b", "QID3_2", "QID3_3",
                                                "QID4_1", "QID4_2", "QID4_3", "QID4_4", "QID5_1", "QID5_2", "QID7_1", "QID7_2", "QID9", "QID10_TEXT", "sub"]]
    d = Doc(",", "\r\n").row(header, force=True).row(meta, force=True).row(imp, force=True)
    rng = random.Random(5000)
    k = 0
    for org, n, mu in (("Q-1", 5, 3.5), ("Q-2", 4, 2.9), ("Q-3", 2, 4.0)):
        for _ in range(n):
            k += 1
            ans = standard_answers(rng, mu, 0.6)
            end = f"2024-06-{rng.randint(1, 30):02d} {rng.randint(8, 20):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
            row = {"StartDate": "2024-06-01 08:00:00", "EndDate": end, "Status": "IP Address", "IPAddress": "192.0.2.%d" % k,
                   "ResponseId": f"R_{k:04X}abc", " organisationcode ": org, "ORG": "NOT-AN-ORG", "Q3_1": ans["CUL1"], "cul1": "5",
                   "CUL2": ans["CUL2"], "CUL[SQ003]": ans["CUL3"], "CAP1": ans["CAP1"], "CAP2": ans["CAP2"], "CAP3": ans["CAP3"],
                   "CAP4": ans["CAP4"], "Q5_1": ans["IG1"], "IG2": ans["IG2"], "Q7_1": ans["KN1"], "Q7_2": ans["KN2"],
                   "role": rng.choice(ROLES + ["Volunteer"]), "Q10_TEXT": rng.choice(["free, text", "secret\nname", ""]),
                   "submitted_at": "garbage-not-used"}
            d.row([row[h] for h in header], force=True)
    extra = dict(row)
    extra.update({"ResponseId": "R_late", " organisationcode ": "Q-9"})
    d.row([extra[h] for h in header], force=True)  # unknown organisation (the ignored ORG column does not help)
    extra.update({"ResponseId": "R_empty", " organisationcode ": "Q-1", "Q3_1": "", "CUL2": "", "CUL[SQ003]": "", "CAP1": "", "CAP2": "",
                  "CAP3": "", "CAP4": "", "Q5_1": "", "IG2": "", "Q7_1": "", "Q7_2": ""})
    d.row([extra[h] for h in header], force=True)  # only the ignored duplicate cul1 column is filled: empty response
    c.add("2024-06/wave.yaml", wave_yaml("2024-06", "June 2024", "2024-06-01", "2024-06-30"))
    c.add("2024-06/responses.csv", encode(d.text(), "utf-8"))
    return c


def case_dates_and_duplicates() -> Case:
    """Every date form, invalid dates (31/02/2024, 2024-1-5, fractions, lower-case t,
    two spaces, 24:00, +0100), window check on the calendar date as written (offsets do not
    move a row across the boundary), duplicates resolved by instant with offsets applied,
    dated beats undated, unparseable = undated, ties to the later line."""
    c = Case("dates_and_duplicates")
    c.add("instrument.yaml", BASE_INSTRUMENT.format(min_respondents=2))
    c.add("organisations.csv", register([["D1", "Dee One", "Health", "", "yes", ""], ["D2", "Dee Two", "Health", "", "no", ""]]))
    header = ["ResponseId", "Org", "SubmittedAt"] + [i for i, _ in LIKERT_ITEMS] + ["Q7_1", "Q7_2"]
    rng = random.Random(6000)
    d = Doc(",", "\n").row(header)

    def add(rid: str, org: str, date: str, mu: float = 3.2) -> None:
        ans = standard_answers(rng, mu, 0.6, p_missing=0.0)
        d.row([rid, org, date] + [ans[i] for i, _ in LIKERT_ITEMS] + [ans["KN1"], ans["KN2"]])

    valid = ["2024-03-05", "2024-03-05T10:00", "2024-03-05T10:00:30", "2024-03-05T10:00Z", "2024-03-05T10:00:00+01:00",
             "2024-03-05 10:00-05:00", "2024-03-05 10:00:00Z", "05/03/2024", "05/03/2024 10:00", "05/03/2024 10:00:59",
             "29/02/2024", "2024-03-31T23:30-05:00", "01/03/2024 00:00", "2024-03-01T00:00:00+14:00", "2024-03-06T00:00-00:00"]
    invalid = ["31/02/2024", "2024-1-5", "2024-03-05T10:00:00.123Z", "2024-03-05t10:00", "2024-03-05  10:00", "2024-03-05T24:00",
               "2024-03-05T10:00+0100", "5/3/2024", "2024/03/05", "2024-02-30", "29/02/2023", "05/03/2024T10:00", "05/03/2024 10:00Z",
               "yesterday", "2024-03-05T10:60", "2024-03-05T10:00:00+24:00", "２０２４-03-05", "2024-03-05T10"]
    for i, s in enumerate(valid):
        add(f"V{i:02d}", "D1" if i % 2 else "D2", s)
    for i, s in enumerate(invalid):
        add(f"I{i:02d}", "D2" if i % 2 else "D1", s)
    # outside the window by calendar date as written
    add("O1", "D1", "2024-04-01T00:30+02:00")  # UTC is 03-31, but written 04-01: outside
    add("O2", "D1", "2024-02-29T23:59")
    add("O3", "D2", "01/04/2024")
    add("O4", "D2", "29/02/2024 23:59:59")
    # duplicates
    add("DUP1", "D1", "2024-03-10T10:00+02:00")  # 08:00Z, loses
    add("DUP1", "D1", "2024-03-10T09:00Z")  # 09:00Z wins
    add("DUP2", "D2", "2024-03-10T09:00Z")  # dated wins over the undated later row
    add("DUP2", "D2", "")
    add("DUP3", "D1", "2024-03-10T10:00+01:00")  # same instant as next: later line wins
    add("DUP3", "D1", "2024-03-10 09:00:00Z")
    add("DUP4", "D2", "")  # both undated: later line wins
    add("DUP4", "D2", "")
    add("DUP5", "D1", "2024-03-12")  # date alone = 00:00Z ...
    add("DUP5", "D1", "2024-03-11T23:00-02:00")  # ... loses to 03-12T01:00Z
    add("DUP6", "D2", "2024-03-15T08:00")
    add("DUP6", "D2", "2024-13-15T08:00")  # unparseable = undated: loses
    add("DUP7", "D1", "2024-04-15")  # outside window: not part of duplicate resolution
    add("DUP7", "D1", "2024-03-02")
    add("DUP8", "D2", "2024-03-20")  # three copies, middle one latest
    add("DUP8", "D2", "20/03/2024 18:00")
    add("DUP8", "D2", "20/03/2024 17:59:59")
    add("dup1", "D2", "2024-03-09")  # response ids are case-sensitive: not a duplicate of DUP1
    add(" DUP9 ", "D2", "2024-03-21")  # trimmed ids
    add("DUP9", "D2", "2024-03-21")
    c.add("w/wave.yaml", wave_yaml("march", "March", "2024-03-01", "2024-03-31"))
    c.add("w/responses.csv", encode(d.text(), "utf-8"))
    return c


def case_rejects_everything() -> Case:
    """Every reject reason, in the table's order; empty lines and a spaces-only line;
    quote inside an unquoted field; text after a closing quote; too few/many fields;
    empty responses (missing tokens, invalid values, DK on likert only); an unterminated
    quote that swallows the rest of the file."""
    c = Case("rejects_everything")
    c.add("instrument.yaml", BASE_INSTRUMENT.format(min_respondents=2))
    c.add("organisations.csv", register([["ORG-A", "A", "Health", "", "yes", ""], ["ORG-B", "B", "Social care", "", "no", ""], ["Org-C", "C", "Social care", "", "no", ""]]))
    header = ["ResponseId", "Org", "SubmittedAt", "Role", "Comment"] + [i for i, _ in LIKERT_ITEMS] + ["Q7_1", "Q7_2"]
    rng = random.Random(7000)
    d = Doc(",", "\n").row(header)

    def cells(rid: str, org: str, date: str = "2024-03-10", comment: str = "", ans: dict[str, str] | None = None) -> list[str]:
        a = ans if ans is not None else standard_answers(rng, 3.3, 0.6, p_missing=0.05)
        return [rid, org, date, "", comment] + [a[i] for i, _ in LIKERT_ITEMS] + [a["KN1"], a["KN2"]]

    for i in range(4):
        d.row(cells(f"OK{i}", "ORG-A"))
    for i in range(3):
        d.row(cells(f"OKB{i}", "ORG-B"))
    d.raw("")  # empty line: skipped, counted
    d.raw("   ")  # spaces only: one-field record -> malformed_row
    d.row(cells("M1", "ORG-A")[:-1])  # one field short
    d.row(cells("M2", "ORG-A") + ["extra"])  # one field too many
    d.raw(join_row(cells("Q1", "ORG-A", comment="PLACEHOLDER"), ",").replace("PLACEHOLDER", 'he said "fine" ok'))  # literal quotes
    d.raw(join_row(cells("Q2", "ORG-B", comment="PLACEHOLDER"), ",").replace("PLACEHOLDER", '"quoted"tail'))  # text after closing quote
    d.raw(join_row(cells("Q3", "ORG-B", comment="PLACEHOLDER"), ",").replace("PLACEHOLDER", 'a "b, c" d'))  # quote mid-field: comma splits -> malformed
    d.row(cells("", "ORG-A"))  # missing response id
    d.row(cells("   ", "ORG-A"))  # blank response id
    d.row(cells("", "NOPE"))  # missing id wins over unknown organisation
    d.row(cells("U1", "org-a"))  # organisation ids are case-sensitive
    d.row(cells("U2", ""))  # empty organisation
    d.row(cells("U3", "ORG-A/../x"))
    d.row(cells("U4", "NOPE", date="2020-01-01"))  # unknown org wins over outside window
    d.row(cells("W1", "ORG-A", date="2024-02-28"))  # outside window
    d.row(cells("W2", "ORG-A", date="2024-04-01", ans={i: "" for i, _ in LIKERT_ITEMS + KNOWLEDGE_ITEMS}))  # outside wins over empty
    d.row(cells(" T1 ", " ORG-B ", date=" 2024-03-11 "))  # trimmed everywhere -> fine
    empty_missing = {i: rng.choice(["", "N/A", "NA", "not applicable", "PREFER NOT TO SAY"]) for i, _ in LIKERT_ITEMS + KNOWLEDGE_ITEMS}
    d.row(cells("E1", "ORG-A", ans=empty_missing))
    empty_invalid = {i: rng.choice(["6", "0", "4.0", "+4", "maybe", "Agreed", "y"]) for i, _ in LIKERT_ITEMS + KNOWLEDGE_ITEMS}
    d.row(cells("E2", "ORG-A", ans=empty_invalid))
    dk_likert_only = {i: "Don't know" for i, _ in LIKERT_ITEMS} | {"KN1": "", "KN2": "N/A"}
    d.row(cells("E3", "ORG-B", ans=dk_likert_only))
    dk_knowledge = {i: "" for i, _ in LIKERT_ITEMS} | {"KN1": "dk", "KN2": ""}  # DK on knowledge is answered
    d.row(cells("K1", "ORG-B", ans=dk_knowledge))
    d.row(cells("E4", "ORG-A", date="2099-99-99", ans={i: "" for i, _ in LIKERT_ITEMS + KNOWLEDGE_ITEMS}))  # unparseable date, empty
    d.row(cells("OK0", "ORG-A", date="2024-03-01"))  # duplicate: earlier date than first OK0 (2024-03-10) -> this loses
    d.row(cells("OKB0", "ORG-B", date="2024-03-31T23:59:59"))  # later -> wins; first OKB0 superseded
    d.row(cells("C1", "Org-C", ans={i: "" for i, _ in LIKERT_ITEMS} | {"KN1": "no", "KN2": "maybe"}))  # knowledge only, 1 invalid
    d.raw('UT1,ORG-A,2024-03-12,,"this comment never ends,3,3,3')
    d.raw("OK9,ORG-A,2024-03-12,,,4,4,4,4,4,4,4,4,4,4,no,yes")
    d.raw("")
    d.raw("OK10,ORG-A,2024-03-12,,,4,4,4,4,4,4,4,4,4,4,no,yes")
    c.add("wave-1/wave.yaml", wave_yaml("wave-1", "Wave 1", "2024-03-01", "2024-03-31"))
    c.add("wave-1/responses.csv", encode(d.text(), "utf-8"))
    return c


CUSTOM_INSTRUMENT = """\
id: custom-tokens
version: "2"
title: Custom tokens, labels and levels
likert_labels: ["Strongly disagree", "Don’t agree", "Unsure", "Agree", "Strongly agree"]
missing_tokens: ["Skipped", "-", "n/a "]
dont_know_tokens: ["No idea", "Can’t say"]
levels:
  - {name: Low, from: 0}
  - {name: Middle, from: 37.5}
  - {name: High, from: 62.5}
  - {name: Top, from: 87.5}
thresholds:
  min_respondents: 2
  min_organisations: 1
  min_answered_fraction: 0.6
  favourable_score: 50
columns:
  response_id: [id]
  organisation_id: [organisation]
roles: ["IG lead", "Caldicott guardian"]
domains:
  - id: Trust
    title: Trust
    weight: 0.5
    items:
      - {id: T1, text: "t1"}
      - {id: T2, text: "t2", reverse: true}
      - {id: T3, text: "t3"}
      - {id: T4, text: "t4"}
      - {id: T5, text: "t5", reverse: true}
  - id: Know
    title: Knowledge
    weight: 1.5
    items:
      - {id: K1, type: knowledge, answer: true, text: "k1"}
      - {id: K2, type: knowledge, answer: false, text: "k2"}
      - {id: L1, text: "l1"}
"""


def case_custom_tokens_levels() -> Case:
    """Instrument token lists replace the defaults (N/A, DK become invalid values), custom
    labels with a typographic apostrophe, digit forms (04, 4.0, +4, 0, 6, non-ASCII digits),
    knowledge spellings, a domain mean exactly on the custom 62.5 boundary, fraction 0.6 of 5 items (needs 3) and of
    3 items (needs 2), weights 0.5/1.5, favourable_score 50."""
    c = Case("custom_tokens_levels")
    c.add("instrument.yaml", CUSTOM_INSTRUMENT)
    c.add("organisations.csv", register([["X1", "X one", "Health", "", "yes", ""], ["X2", "X two", "Health", "", "no", ""], ["X3", "X three", "Police", "", "no", ""]]))
    header = ["ID", "Organisation", "Role", "T1", "T2", "T3", "T4", "T5", "K1", "K2", "L1"]
    d = Doc(",", "\n").row(header)
    rows = [
        # X1: every domain exactly on level boundaries
        ["a1", "X1", "IG lead", "4", "Don’t agree", "4", "4", "don't agree", "TRUE", "no", "Agree"],  # Trust 75, Know (100+100+75)/3
        ["a2", "X1", "caldicott GUARDIAN", "04", "2", "Unsure", "004", "2", "t", "F", "3"],
        ["a3", "X1", "Guardian", "Agree", "Can't say", "No idea", "skipped", "-", "yes", "Can’t say", "can’t say"],  # Trust: 1 of 5 answered -> no score
        ["a4", "X1", "", "4.0", "+4", "4", "4", " 2 ", "Y", "N", "0"],  # Trust: 3 valid of 5 -> score; 4 invalid
        ["a5", "X1", "", "N/A", "NA", "DK", "Don't know", "Unsure", "no idea", "n/a", "6"],  # N/A = "n/a " (trimmed): missing; NA, DK, Don't know: invalid here
        # X2: straight-liner through labels and digits
        ["b1", "X2", "IG lead", "Unsure", "3", "unsure", "3", "UNSURE", "false", "false", "3"],
        ["b2", "X2", "", "5", "1", "5", "5", "1", "true", "false", "5"],
        ["b3", "X2", "", "٣", "3", "3", "", "", "true", "", ""],  # Arabic-Indic digit is invalid; Trust 2 of 5 -> no score
        ["b4", "X2", "", "2", "strongly agree ", "2", "5", "", "false", "true", "Strongly Disagree"],  # Trust 150/4 = 37.5; X2 Trust = 62.5 exactly
        # X3: only one respondent -> unpublished, overall not scored
        ["c1", "X3", "", "3", "3", "3", "", "", "", "", "Agree"],
        ["c2", "X3", "", "-", "skipped", "n/a", "", "", "", "", ""],  # empty response
    ]
    for r in rows:
        d.row(r)
    c.add("only/wave.yaml", wave_yaml("only", "Only wave", "2024-01-01", "2024-12-31"))
    c.add("only/responses.csv", encode(d.text(), "utf-8"))
    return c


HALF_INSTRUMENT = """\
id: half-rule
version: "0.9"
title: Half rule and reliability edges
thresholds: {min_respondents: 3, min_organisations: 2}
domains:
  - id: five
    title: Five likert items
    items:
      - {id: F1, text: f}
      - {id: F2, text: f, reverse: true}
      - {id: F3, text: f}
      - {id: F4, text: f}
      - {id: F5, text: f}
  - id: mixed
    title: One likert, one knowledge (no alpha row)
    items:
      - {id: M1, text: m}
      - {id: MK, type: knowledge, answer: true, text: m}
  - id: ghost
    title: Two likert items, one without a column (alpha n = 0)
    items:
      - {id: G1, text: g}
      - {id: G2, text: g, aliases: [NeverInTheFile]}
  - id: flat
    title: Two likert items everyone answers alike (var_total = 0)
    items:
      - {id: Z1, text: z}
      - {id: Z2, text: z, reverse: true}
  - id: knowonly
    title: Knowledge only
    items:
      - {id: KA, type: knowledge, answer: false, text: k}
      - {id: KB, type: knowledge, answer: true, text: k}
      - {id: KC, type: knowledge, answer: true, text: k}
"""


def case_half_rule_alpha_edges() -> Case:
    """Half rule max(1, ceil(0.5 k)): 5 items need 3, 2 items need 1, 3 items need 2;
    items counted in items.csv even without a domain score; alpha edge cases; an item
    with no column; an organisation at n = min_respondents - 1; a domain mean that is
    39.99999999999999 in floating point (Developing after 6-decimal rounding)."""
    c = Case("half_rule_alpha_edges")
    c.add("instrument.yaml", HALF_INSTRUMENT)
    c.add("organisations.csv", register([["H-1", "H one", "Health", "", "yes", ""], ["H-2", "H two", "Health", "", "no", ""], ["H-3", "H three", "Education", "", "yes", ""]]))
    header = ["response_id", "organisation_id", "F1", "F2", "F3", "F4", "F5", "M1", "MK", "G1", "Z1", "Z2", "KA", "KB", "KC"]
    d = Doc(",", "\n").row(header)
    rows = [
        # H-1: five-item domain with 2, 3, 4, 5 answered
        ["h1", "H-1", "5", "1", "", "", "", "4", "", "3", "4", "2", "false", "", ""],  # five: 2 answered -> no score
        ["h2", "H-1", "4", "2", "4", "", "", "", "yes", "", "4", "2", "true", "true", ""],  # 3 answered -> score 75
        ["h3", "H-1", "3", "3", "3", "3", "", "2", "no", "5", "4", "2", "", "", "true"],
        ["h4", "H-1", "2", "4", "2", "2", "2", "5", "Don't know", "1", "4", "2", "DK", "false", "false"],
        # H-2: two respondents only (min_respondents 3)
        ["h5", "H-2", "5", "1", "5", "5", "5", "5", "true", "5", "4", "2", "false", "true", "true"],
        ["h6", "H-2", "1", "5", "1", "", "", "1", "false", "", "4", "2", "true", "false", "false"],
        # H-3: 'five' domain mean = 40 exactly in reals; see the 39.99999999999999 check below
    ]
    # five-domain respondent scores for H-3, in this file order: 70, 125/3, 25/3.
    # Summed left to right the float mean is 39.99999999999999 (exactly 40 in reals):
    # Developing after 6-decimal rounding, Emerging without it.
    h3_scores = [
        ["5", "1", "4", "2", "3"],     # (100+100+75+25+50)/5 = 70
        ["3", "3", "2", "", ""],       # (50+50+25)/3 = 41.666666666666664
        ["1", "5", "2", "", ""],       # (0+0+25)/3 = 8.333333333333334
    ]
    for i, sc in enumerate(h3_scores):
        rows.append([f"h3-{i}", "H-3"] + sc + ["3", "true", "", "4", "2", "false", "true", "true"])
    for r in rows:
        d.row(r)
    c.add("one/wave.yaml", wave_yaml("one", "One", "2024-01-01", "2024-12-31"))
    c.add("one/responses.csv", encode(d.text(), "utf-8"))
    return c


BH_INSTRUMENT = """\
id: bh-changes
version: "1.0"
title: Boundaries, BH and changes
levels:
  - {name: Emerging, from: 0}
  - {name: Developing, from: 40}
  - {name: Established, from: 60}
  - {name: Leading, from: 80}
thresholds: {min_respondents: 3, min_organisations: 2, min_change: 5, alpha: 0.05}
columns:
  response_id: [ResponseId]
  organisation_id: [Org]
  submitted_at: [Date]
domains:
  - id: six
    title: Six likert items
    items:
      - {id: S1, text: s}
      - {id: S2, text: s}
      - {id: S3, text: s}
      - {id: S4, text: s}
      - {id: S5, text: s}
      - {id: S6, text: s}
  - id: three
    title: Three likert items
    weight: 3
    items:
      - {id: R1, text: r}
      - {id: R2, text: r, reverse: true}
      - {id: R3, text: r}
  - id: kn
    title: Knowledge
    items:
      - {id: KX, type: knowledge, answer: true, text: k}
      - {id: KY, type: knowledge, answer: false, text: k}
"""


def _six(j: int) -> list[str]:
    """Six likert answers whose item scores sum to 25*j (0 <= j <= 24)."""
    out = []
    for _ in range(6):
        step = min(4, j)
        out.append(str(step + 1))
        j -= step
    assert j == 0
    return out


def case_boundaries_bh_changes() -> Case:
    """Two waves whose folder order is the reverse of their `closes` order; wave ids
    differ from folder names; 6 organisations over 3 sectors; an organisation that only
    exists in one wave; a change of 4.999999999999993 in floating point that is 5.000000
    at 6 decimals (significant); BH over several organisation tests and the national
    family including overall; a constant-vs-constant pair (not tested)."""
    c = Case("boundaries_bh_changes")
    c.add("instrument.yaml", BH_INSTRUMENT)
    c.add(
        "organisations.csv",
        register(
            [
                ["B-1", "B one", "Health", "", "yes", ""],
                ["B-2", "B two", "Health", "", "yes", ""],
                ["B-3", "B three", "Council", "", "no", ""],
                ["B-4", "B four", "Council", "", "yes", ""],
                ["B-5", "B five", "Police", "", "no", ""],
                ["B-6", "B six", "Police", "", "no", ""],
            ]
        ),
    )
    header = ["ResponseId", "Org", "Date", "S1", "S2", "S3", "S4", "S5", "S6", "R1", "R2", "R3", "KX", "KY"]
    waves = {
        # folder "a" is the LATER wave
        "a": ("2024-b", "2024-02-01", "2024-02-29", "2024-02-10", 1),
        "b": ("2023-a", "2023-11-01", "2023-11-30", "2023-11-10", 0),
    }
    for folder, (wid, opens, closes, date, later) in waves.items():
        rng = random.Random(8000 + later)
        d = Doc(",", "\n").row(header)
        k = 0

        def put(org: str, six_j: int, r: list[str], kx: str, ky: str) -> None:
            nonlocal k
            k += 1
            d.row([f"{wid}-{k:02d}", org, date] + _six(six_j) + r + [kx, ky])

        # B-1: 'six' goes from all j=8 (33.333333333333336) to [9,9,9,9,10]: diff 5 at 6 dp
        for j in ([9, 9, 9, 9, 10] if later else [8, 8, 8, 8, 8]):
            put("B-1", j, ["4", "2", "4"], "true", "false")
        # B-2: 'three' constant in both waves (not tested), six varies strongly upwards
        for j in ([18, 20, 22, 19, 21] if later else [6, 8, 10, 7, 9]):
            put("B-2", j, ["5", "1", "5"], "true" if later else "false", "false")
        # B-3: a clear fall; B-4: no real change; both noisy
        for i in range(6):
            put("B-3", rng.randint(4, 10) if later else rng.randint(14, 20), [str(rng.randint(1, 3)), str(rng.randint(3, 5)), str(rng.randint(1, 3))] if later else [str(rng.randint(3, 5)), str(rng.randint(1, 3)), str(rng.randint(3, 5))], rng.choice(["true", "false"]), "false")
        for i in range(4):
            put("B-4", rng.randint(10, 16), [str(rng.randint(2, 4)) for _ in range(3)], rng.choice(["true", "false", "DK"]), rng.choice(["true", "false"]))
        # B-5 only in the earlier wave, B-6 only in the later one; B-6 below min_respondents in 'kn'
        if later:
            for i in range(3):
                put("B-6", rng.randint(0, 24), [str(rng.randint(1, 5)) for _ in range(3)], "" if i else "true", "")
        else:
            for i in range(3):
                put("B-5", rng.randint(0, 24), [str(rng.randint(1, 5)) for _ in range(3)], "true", "true")
        c.add(f"{folder}/wave.yaml", wave_yaml(wid, wid, opens, closes))
        c.add(f"{folder}/responses.csv", encode(d.text(), "utf-8"))
    return c


# ---------------------------------------------------------------------------- §8: platform exports
#
# Each folder below holds one platform's default export as that platform writes it (header
# rows, metadata columns, id and date forms, labels or codes, status columns, encoding), with
# the instrument.yaml, organisations.csv and wave.yaml a centre would write for it, and is
# scored as it comes.

PLATFORM_REGISTER = [
    ["NHS-WV", "Wessex Vale Hospitals NHS Trust", "Health", "County", "yes", "2024-01-15", "Wessex Vale Hospitals; WVH"],
    ["CC-WV", "Wessex Vale County Council", "Local authority", "County", "yes", "2024-02-20", "County Council; WVCC"],
    ["POL-WV", "Wessex Vale Police", "Police", "County", "no", "", "Police"],
    ["VCS-HUB", "Harbour Voluntary Hub", "Voluntary", "Harbour", "no", "", "Voluntary Hub; The Hub"],
    ["EDU-03", "Educación Wessex", "Education", "County", "yes", "", "Educacion Wessex; Education Wessex"],
]
PLATFORM_REGISTER_HEADER = ["organisation_id", "name", "sector", "locality", "signatory", "signed_on", "aliases"]


def platform_register() -> bytes:
    d = Doc(",").row(PLATFORM_REGISTER_HEADER)
    for r in PLATFORM_REGISTER:
        d.row(r)
    return encode(d.text(), "utf-8")


def platform_instrument(title: str, scales: str, items: str, extra: str = "") -> str:
    return f"""\
id: sharing-readiness
version: "2.0"
title: Information Sharing Readiness Survey ({title})
thresholds: {{min_respondents: 3, min_organisations: 2}}
{extra}{scales}domains:
{items}"""


AGREE5 = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
AGREE7 = ["Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Agree", "Strongly agree"]


def pick(rng: random.Random, k: int, mu: float) -> int:
    return max(1, min(k, round(rng.gauss(mu, 1.0))))


def case_platform_qualtrics() -> Case:
    """Qualtrics (current) CSV with numeric values: UTF-8 BOM, every field quoted, three header
    records (ImportId JSON with timeZone), metadata columns, ExternalReference carrying the
    organisation id from the invitation link, `Finished` 0 rows (incomplete_response), a
    recoded item (2/4/3), `-99` for "Not applicable", knowledge answers recoded 1/0/99."""
    c = Case("platform_qualtrics")
    scales = ("default_scale: agree5\n"
              "scales:\n"
              "  agree5: {labels: [Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree], missing: [\"-99\"]}\n"
              "  qual_recode: {labels: [Low, Medium, High], codes: [2, 4, 3]}\n")
    items = """\
  - id: culture
    title: Culture
    items:
      - {id: CUL1, text: "Sharing is part of good care here.", aliases: [Q2_1]}
      - {id: CUL2, text: "People avoid sharing in case they get it wrong.", reverse: true, aliases: [Q2_2]}
      - {id: CUL3, text: "Leaders encourage sharing.", aliases: [Q2_3]}
  - id: capacity
    title: Capacity
    items:
      - {id: CAP1, text: "How much capacity does your team have for sharing work?", scale: qual_recode, aliases: [Q3]}
      - {id: CAP2, text: "Time for sharing work is planned.", aliases: [Q2_4]}
  - id: ig_rules
    title: Understanding of IG rules
    items:
      - {id: KN1, type: knowledge, answer: false, aliases: [Q4], text: "Consent is the only lawful basis for sharing."}
      - {id: KN2, type: knowledge, answer: true, aliases: [Q5], text: "You may share to protect someone from serious harm."}
"""
    extra = 'true_tokens: ["1"]\nfalse_tokens: ["0"]\ndont_know_tokens: ["99"]\n'
    c.add("instrument.yaml", platform_instrument("Qualtrics", scales, items, extra))
    c.add("organisations.csv", platform_register())
    header = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId",
              "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
              "DistributionChannel", "UserLanguage", "Q1", "Q2_1", "Q2_2", "Q2_3", "Q2_4", "Q3", "Q4", "Q5", "Q6_TEXT"]
    labels = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)", "Finished", "Recorded Date",
              "Response ID", "Recipient Last Name", "Recipient First Name", "Recipient Email", "External Data Reference",
              "Location Latitude", "Location Longitude", "Distribution Channel", "User Language",
              "Which organisation do you work for? - Selected Choice",
              "How far do you agree? - Sharing information with partners is part of good care here.",
              "How far do you agree? - People here avoid sharing in case they get it wrong.",
              "How far do you agree? - Leaders here encourage sharing.",
              "How far do you agree? - Time for sharing work is planned.",
              "How much capacity does your team have for sharing work?",
              "Consent is the only lawful basis for sharing for direct care.",
              "You may share without consent to protect someone from serious harm.",
              "Anything else you would like to tell us? - Text"]
    tz = '"timeZone":"Europe/London"'
    imports = ['{"ImportId":"startDate",%s}' % tz, '{"ImportId":"endDate",%s}' % tz, '{"ImportId":"status"}', '{"ImportId":"ipAddress"}',
               '{"ImportId":"progress"}', '{"ImportId":"duration"}', '{"ImportId":"finished"}', '{"ImportId":"recordedDate",%s}' % tz,
               '{"ImportId":"_recordId"}', '{"ImportId":"recipientLastName"}', '{"ImportId":"recipientFirstName"}',
               '{"ImportId":"recipientEmail"}', '{"ImportId":"externalDataReference"}', '{"ImportId":"locationLatitude"}',
               '{"ImportId":"locationLongitude"}', '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}',
               '{"ImportId":"QID1"}', '{"ImportId":"QID2_1"}', '{"ImportId":"QID2_2"}', '{"ImportId":"QID2_3"}', '{"ImportId":"QID2_4"}',
               '{"ImportId":"QID3"}', '{"ImportId":"QID4"}', '{"ImportId":"QID5"}', '{"ImportId":"QID6_TEXT"}']
    d = Doc(",", "\r\n").row(header, force=True).row(labels, force=True).row(imports, force=True)
    rng = random.Random(8101)
    k = 0
    for org, n, mu in (("NHS-WV", 6, 3.8), ("CC-WV", 5, 3.0), ("POL-WV", 4, 2.6), ("VCS-HUB", 2, 3.5)):
        for i in range(n + 1):
            k += 1
            finished = "0" if i == n else "1"  # one partial session per organisation
            progress = "100" if finished == "1" else str(rng.randint(10, 80))
            day = rng.randint(4, 27)
            start = f"2024-03-{day:02d} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
            end = start[:-5] + f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
            vals = []
            for rev in (False, True, False, False):
                v = pick(rng, 5, mu)
                vals.append("-99" if rng.random() < 0.07 else str(6 - v if rev else v))
            q3 = rng.choice(["2", "4", "3", "3", "4"])
            q4 = rng.choice(["0", "0", "1", "99"])
            q5 = rng.choice(["1", "1", "0", "99", ""])
            row = [start, end, "0", f"198.51.100.{k}", progress, str(rng.randint(120, 900)), finished, end, f"R_{k:02d}x{rng.randrange(16 ** 10):010x}",
                   "", "", "", org, "51.%04d" % rng.randint(0, 9999), "-1.%04d" % rng.randint(0, 9999), "email", "EN-GB",
                   rng.choice(["1", "2", "3", "4"])] + vals + [q3, q4, q5, rng.choice(["", "More training please", "We share well, mostly"])]
            if finished == "0":
                row[18 + rng.randint(0, 3)] = ""
            d.row(row, force=True)
    # a response whose ExternalReference is a typo: unknown_organisation with a suggestion
    d.row(["2024-03-12 10:00:00", "2024-03-12 10:05:00", "0", "198.51.100.99", "100", "300", "1", "2024-03-12 10:05:00", "R_typo0000000001",
           "", "", "", "NHS-VW", "", "", "email", "EN-GB", "1", "4", "2", "4", "4", "3", "0", "1", ""], force=True)
    c.add("2024-spring/wave.yaml", "id: 2024-spring\ntitle: Spring 2024 (Qualtrics)\nopens: 2024-03-01\ncloses: 2024-03-31\nsource: qualtrics\n")
    c.add("2024-spring/responses.csv", encode(d.text(), "utf-8-bom"))
    return c


def case_platform_qualtrics_legacy() -> Case:
    """Qualtrics legacy export (before 2017): record 1 V1..V10 then question ids, record 2 the
    labels (ResponseID, ResponseSet, Name, ExternalDataReference, ..., Finished), no ImportId
    record; `source: qualtrics-legacy`; choice text values; Finished 0 rows."""
    c = Case("platform_qualtrics_legacy")
    items = """\
  - id: culture
    title: Culture
    items:
      - {id: CUL1, text: "Sharing is part of good care here.", aliases: [Q1_1]}
      - {id: CUL2, text: "People avoid sharing in case they get it wrong.", reverse: true, aliases: [Q1_2]}
      - {id: CUL3, text: "Leaders encourage sharing.", aliases: [Q1_3]}
  - id: roles
    title: Roles and responsibilities
    items:
      - {id: ROL1, text: "I know who decides whether we may share.", aliases: [Q2_1]}
      - {id: ROL2, text: "Nobody is sure who signs off sharing.", reverse: true, aliases: [Q2_2]}
"""
    c.add("instrument.yaml", platform_instrument("Qualtrics legacy", "", items))
    c.add("organisations.csv", platform_register())
    rec1 = ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10", "Q1_1", "Q1_2", "Q1_3", "Q2_1", "Q2_2", "LocationLatitude", "LocationLongitude", "LocationAccuracy"]
    rec2 = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status", "StartDate", "EndDate", "Finished",
            "Sharing information with partners is part of good care here.", "People here avoid sharing in case they get it wrong.",
            "Leaders here encourage sharing.", "I know who decides whether we may share.", "Nobody is sure who signs off sharing.",
            "LocationLatitude", "LocationLongitude", "LocationAccuracy"]
    d = Doc(",", "\r\n").row(rec1).row(rec2)
    rng = random.Random(8102)
    k = 0
    for org, n, mu in (("NHS-WV", 5, 3.4), ("CC-WV", 4, 3.9), ("EDU-03", 3, 2.8)):
        for i in range(n + 1):
            k += 1
            fin = "0" if i == 0 else "1"
            day = rng.randint(1, 28)
            vals = []
            for rev in (False, True, False, False, True):
                v = pick(rng, 5, mu)
                vals.append(AGREE5[(6 - v if rev else v) - 1] if rng.random() > 0.05 else "")
            if fin == "0":
                vals = vals[:2] + [""] * 3
            d.row([f"R_{k:03d}{rng.randrange(16 ** 8):08x}", "Default Response Set", "Anonymous", org, "", f"203.0.113.{k}", "0",
                   f"2016-02-{day:02d} 09:{rng.randint(0, 59):02d}:00", f"2016-02-{day:02d} 10:{rng.randint(0, 59):02d}:00", fin] + vals +
                  ["50.7", "-3.5", "-1"])
    c.add("2016-02/wave.yaml", "id: 2016-02\ntitle: February 2016 (Qualtrics legacy)\nopens: 2016-02-01\ncloses: 2016-02-29\nsource: qualtrics-legacy\n")
    c.add("2016-02/responses.csv", encode(d.text(), "utf-8"))
    return c


def case_platform_limesurvey() -> Case:
    """LimeSurvey CSV export with full question texts as headings and full answers: "Response
    ID", "Date submitted" (empty for incomplete sessions: incomplete_response), "Last page",
    "Start language", "Seed", "Date started", "Date last action"; a 7-point agreement scale; the
    organisation answered by name (register names and aliases); a matrix heading repeated over
    four columns (items bound by occurrence, `#N`; the fourth column is a second column); runs
    of spaces in headings."""
    c = Case("platform_limesurvey")
    scales = ("default_scale: agree7\nscales:\n  agree7: {labels: [" + ", ".join(AGREE7) + "]}\n")
    h = "How  confident are you   that you could share in these situations?"
    items = f"""\
  - id: culture
    title: Culture
    items:
      - {{id: CUL1, text: "Sharing is part of good care here.", aliases: ["Sharing information with partners is part of good care here."]}}
      - {{id: CUL2, text: "People avoid sharing.", reverse: true, aliases: ["People here avoid sharing in case they get it wrong."]}}
  - id: confidence
    title: Confidence in risk situations
    items:
      - {{id: CON1, text: "Safeguarding concern", aliases: ["{h}"]}}
      - {{id: CON2, text: "Risk of violence", aliases: ["{h}#2"]}}
      - {{id: CON3, text: "Serious harm to self", aliases: ["{h}#3"]}}
"""
    c.add("instrument.yaml", platform_instrument("LimeSurvey", scales, items,
                                                 'columns: {organisation_id: ["Which organisation do you work for?"]}\n'))
    c.add("organisations.csv", platform_register())
    header = ["Response ID", "Date submitted", "Last page", "Start language", "Seed", "Date started", "Date last action",
              "Which organisation do you work for?", "Sharing information with partners is part of good care here.",
              "People here avoid sharing in case they get it wrong.", h, h, h, h, "Any other comments?"]
    d = Doc(",", "\n").row(header, force=True)
    rng = random.Random(8103)
    names = {"NHS-WV": ["Wessex Vale Hospitals NHS Trust", "WVH", "wessex vale hospitals"],
             "CC-WV": ["Wessex Vale County Council", "County Council"],
             "POL-WV": ["Wessex Vale Police", "Police"]}
    k = 0
    for org, n, mu in (("NHS-WV", 5, 5.2), ("CC-WV", 4, 4.0), ("POL-WV", 3, 3.1)):
        for i in range(n + 2):
            k += 1
            started = f"2024-05-{rng.randint(1, 20):02d} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
            complete = i < n
            vals = [AGREE7[pick(rng, 7, mu) - 1], AGREE7[7 - pick(rng, 7, mu)]] + [AGREE7[pick(rng, 7, mu) - 1] for _ in range(4)]
            if not complete:
                vals = vals[:1] + [""] * 5
            d.row([str(k), started if complete else "", "3" if complete else "1", "en", str(rng.randint(10 ** 8, 10 ** 9)), started, started,
                   rng.choice(names[org])] + vals + [rng.choice(["", "None", "We need clearer guidance, especially on consent."])], force=True)
    d.row([str(k + 1), "2024-05-21 10:00:00", "3", "en", "123456789", "2024-05-21 09:50:00", "2024-05-21 10:00:00", "Wessex Police Force"]
          + [AGREE7[4]] * 6 + [""], force=True)  # an unknown name: unknown_organisation, no suggestion within distance
    c.add("2024-05/wave.yaml", "id: 2024-05\ntitle: May 2024 (LimeSurvey)\nopens: 2024-05-01\ncloses: 2024-05-31\nsource: limesurvey\n")
    c.add("2024-05/responses.csv", encode(d.text(), "utf-8-bom"))
    return c


def case_platform_surveymonkey() -> Case:
    """SurveyMonkey "All individual responses" CSV: two header records (question above, answer
    option or row label below, the question written once over its matrix rows), metadata
    columns Respondent ID, Collector ID, Start Date, End Date, IP Address, Email Address, First
    Name, Last Name, Custom Data 1 (the organisation id from the collector link), US 12-hour
    dates (`date_order` auto decides MDY), labels with no-break spaces, a "N/A" column choice."""
    c = Case("platform_surveymonkey")
    scales = ("scales:\n  sm5: {labels: [\"(1) Strongly disagree\", \"(2) Disagree\", \"(3) Neither\", \"(4) Agree\", \"(5) Strongly agree\"]}\n"
              "default_scale: sm5\n")
    q = "How far do you agree with each statement?"
    items = f"""\
  - id: culture
    title: Culture
    items:
      - {{id: CUL1, text: "Sharing is part of good care here.", aliases: ["{q} | Sharing information with partners is part of good care here."]}}
      - {{id: CUL2, text: "People avoid sharing.", reverse: true, aliases: ["People here avoid sharing in case they get it wrong."]}}
      - {{id: CUL3, text: "Leaders encourage sharing.", aliases: ["{q} | Leaders here encourage sharing."]}}
  - id: language
    title: Shared language
    items:
      - {{id: LAN1, text: "Partners use IG words the same way.", aliases: ["Partners use the same IG words to mean the same things."]}}
"""
    c.add("instrument.yaml", platform_instrument("SurveyMonkey", scales, items))
    c.add("organisations.csv", platform_register())
    rec1 = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name", "Last Name", "Custom Data 1",
            q, "", "", "Partners use the same IG words to mean the same things.", "Anything else?"]
    rec2 = ["", "", "", "", "", "", "", "", "", "Sharing information with partners is part of good care here.",
            "People here avoid sharing in case they get it wrong.", "Leaders here encourage sharing.", "Response", "Open-Ended Response"]
    d = Doc(",", "\r\n").row(rec1).row(rec2)
    rng = random.Random(8104)
    sm = ["(1)\u00a0Strongly disagree", "(2)\u00a0Disagree", "(3)\u00a0Neither", "(4)\u00a0Agree", "(5)\u00a0Strongly agree"]
    k = 0
    for org, n, mu in (("CC-WV", 5, 3.6), ("VCS-HUB", 4, 4.1), ("POL-WV", 3, 2.7)):
        for _ in range(n):
            k += 1
            month, day = 11, rng.randint(2, 27)
            hh = rng.randint(1, 12)
            ampm = rng.choice(["AM", "PM"])
            start = f"{month}/{day}/2020 {hh}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} {ampm}"
            end = f"{month}/{day}/2020 {hh}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} {ampm}"
            vals = [sm[pick(rng, 5, mu) - 1], sm[5 - pick(rng, 5, mu)], sm[pick(rng, 5, mu) - 1], rng.choice(sm + ["N/A"])]
            d.row([str(11860000000 + k * 7919), "402115876", start, end, f"192.0.2.{k}", "", "", "", org] + vals + [rng.choice(["", "Thanks"])])
    c.add("2020-11/wave.yaml", "id: 2020-11\ntitle: November 2020 (SurveyMonkey)\nopens: 2020-11-01\ncloses: 2020-11-30\nsource: surveymonkey\n")
    c.add("2020-11/responses.csv", encode(d.text(), "utf-8"))
    return c


def case_platform_google_forms() -> Case:
    """Google Forms responses as Google Sheets downloads them (File > Download > CSV): a
    Timestamp column in US form (`4/9/2025 0:13:09`), no response id (`source: google-forms`),
    the organisation chosen by name (register names and aliases, accents and case differing),
    knowledge answers in Spanish and English (`true_tokens`), two identical rows (both kept)."""
    c = Case("platform_google_forms")
    items = """\
  - id: culture
    title: Culture
    items:
      - {id: CUL1, text: "Sharing is part of good care here.", aliases: ["Sharing information with partners is part of good care here."]}
      - {id: CUL2, text: "Leaders encourage sharing.", aliases: ["Leaders here encourage sharing."]}
  - id: ig_rules
    title: Understanding of IG rules
    items:
      - {id: KN1, type: knowledge, answer: false, aliases: ["Consent is the only lawful basis for sharing for direct care."], text: "Consent only?"}
"""
    extra = ('columns: {organisation_id: ["Which organisation do you work for?"]}\n'
             'true_tokens: ["Sí", "Si", "Yes", "True"]\nfalse_tokens: ["No", "False"]\ndont_know_tokens: ["No sé", "Don\'t know"]\n')
    c.add("instrument.yaml", platform_instrument("Google Forms", "", items, extra))
    c.add("organisations.csv", platform_register())
    header = ["Timestamp", "Which organisation do you work for?", "Sharing information with partners is part of good care here.",
              "Leaders here encourage sharing.", "Consent is the only lawful basis for sharing for direct care."]
    d = Doc(",", "\r\n").row(header)
    rng = random.Random(8105)
    names = {"EDU-03": ["Educación Wessex", "EDUCACION WESSEX", "educación wessex", "Education Wessex"],
             "NHS-WV": ["Wessex Vale Hospitals NHS Trust", "WVH"], "VCS-HUB": ["The Hub", "Harbour Voluntary Hub"]}
    for org, n, mu in (("EDU-03", 5, 3.3), ("NHS-WV", 4, 3.9), ("VCS-HUB", 3, 3.0)):
        for _ in range(n):
            mo, dd = rng.choice([(4, rng.randint(1, 30)), (5, rng.randint(1, 12))])
            ts = f"{mo}/{dd}/2025 {rng.randint(0, 23)}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
            d.row([ts, rng.choice(names[org]), AGREE5[pick(rng, 5, mu) - 1], AGREE5[pick(rng, 5, mu) - 1],
                   rng.choice(["Sí", "No", "No", "No sé", "False", "si"])])
    d.row(["4/9/2025 0:13:09", "WVH", "Agree", "Agree", "No"])
    d.row(["4/9/2025 0:13:09", "WVH", "Agree", "Agree", "No"])  # two respondents in one second: both kept
    d.row(["4/29/2025 13:02:44", "Educasion Wessex", "Agree", "Agree", "No"])  # did you mean 'EDU-03' (Educación Wessex)?
    d.row(["6/2/2025 9:00:00", "WVH", "Agree", "Agree", "No"])  # after closes: outside_wave_window (MDY)
    c.add("2025-spring/wave.yaml", "id: 2025-spring\ntitle: Spring 2025 (Google Forms)\nopens: 2025-04-01\ncloses: 2025-05-31\nsource: google-forms\n")
    c.add("2025-spring/responses.csv", encode(d.text(), "utf-8"))
    return c


def case_platform_alchemer() -> Case:
    """Alchemer (SurveyGizmo) CSV export: Response ID, Time Started, Date Submitted, Status
    (Complete / Partial / Disqualified), Contact ID, Legacy Comments, Comments, Language,
    Referer, SessionID, User Agent, Tags, IP Address, Longitude, Latitude, Country, City,
    State/Region, Postal, then the questions (one heading ending in a no-break space);
    `source: alchemer` (completion: Status is Complete)."""
    c = Case("platform_alchemer")
    items = """\
  - id: capacity
    title: Capacity
    items:
      - {id: CAP1, text: "We have enough people to set up sharing.", aliases: ["We have enough people to set up sharing."]}
      - {id: CAP2, text: "Sharing work is squeezed out.", reverse: true, aliases: ["Sharing work is squeezed out by other work."]}
      - {id: CAP3, text: "New ways of working are resourced.", aliases: ["New ways of working are resourced."]}
"""
    c.add("instrument.yaml", platform_instrument("Alchemer", "", items, 'columns: {organisation_id: ["Your organisation"]}\n'))
    c.add("organisations.csv", platform_register())
    header = ["Response ID", "Time Started", "Date Submitted", "Status", "Contact ID", "Legacy Comments", "Comments", "Language", "Referer",
              "SessionID", "User Agent", "Tags", "IP Address", "Longitude", "Latitude", "Country", "City", "State/Region", "Postal",
              "Your organisation\u00a0", "We have enough people to set up sharing.", "Sharing work is squeezed out by other work.",
              "New ways of working are resourced."]
    d = Doc(",", "\n").row(header, force=True)
    rng = random.Random(8106)
    k = 0
    for org, n, mu in (("NHS-WV", 6, 3.1), ("CC-WV", 5, 2.5), ("POL-WV", 4, 3.7)):
        for i in range(n + 2):
            k += 1
            status = "Complete" if i < n else ("Partial" if i == n else "Disqualified")
            t0 = f"2024-06-{rng.randint(3, 26):02d} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
            vals = [AGREE5[pick(rng, 5, mu) - 1], AGREE5[5 - pick(rng, 5, mu)], AGREE5[pick(rng, 5, mu) - 1]]
            if status != "Complete":
                vals[2] = ""
            d.row([str(k), t0, t0 if status == "Complete" else "", status, "", "", "", "English", "https://www.example.org/survey",
                   f"{rng.randrange(16 ** 12):012x}_{k}", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "", f"192.0.2.{k}",
                   "-1.5", "50.7", "United Kingdom", "Exeter", "England", "EX1",
                   PLATFORM_REGISTER[[r[0] for r in PLATFORM_REGISTER].index(org)][1]] + vals, force=True)
    c.add("2024-06/wave.yaml", "id: 2024-06\ntitle: June 2024 (Alchemer)\nopens: 2024-06-01\ncloses: 2024-06-30\nsource: alchemer\n")
    c.add("2024-06/responses.csv", encode(d.text(), "utf-8"))
    return c


def case_platform_redcap() -> Case:
    """REDCap "CSV (raw data)" export with data access groups: record_id,
    redcap_data_access_group (the DAG's unique name = the register id), redcap_survey_identifier,
    <form>_timestamp (`[not completed]` when the survey was not finished), the fields (radio
    codes 0-4, yes/no as 1/0), <form>_complete (0, 1, 2) and a second form's fields after it."""
    c = Case("platform_redcap")
    scales = "scales:\n  rc5: {labels: [Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree], codes: [0, 1, 2, 3, 4]}\n"
    items = """\
  - id: culture
    title: Culture
    items:
      - {id: CUL1, text: "Sharing is part of good care here.", scale: rc5, aliases: [cul_good_care]}
      - {id: CUL2, text: "People avoid sharing.", scale: rc5, reverse: true, aliases: [cul_avoid]}
  - id: ig_rules
    title: Understanding of IG rules
    items:
      - {id: KN1, type: knowledge, answer: true, aliases: [kn_serious_harm], text: "You may share to protect someone from serious harm."}
      - {id: KN2, type: knowledge, answer: false, aliases: [kn_consent_only], text: "Consent is the only lawful basis."}
"""
    c.add("instrument.yaml", platform_instrument("REDCap", scales, items))
    reg = Doc(",").row(["organisation_id", "name", "sector", "signatory", "signed_on"])
    for r in (["north_trust", "North Trust", "Health", "yes", "2023-01-10"], ["south_council", "South Council", "Local authority", "no", ""],
              ["east_police", "East Police", "Police", "yes", ""]):
        reg.row(r)
    c.add("organisations.csv", encode(reg.text(), "utf-8"))
    header = ["record_id", "redcap_data_access_group", "redcap_survey_identifier", "readiness_survey_timestamp", "staff_group", "cul_good_care",
              "cul_avoid", "kn_serious_harm", "kn_consent_only", "readiness_survey_complete", "followup_notes", "followup_complete"]
    d = Doc(",", "\n").row(header)
    rng = random.Random(8107)
    k = 0
    for org, n, mu in (("north_trust", 5, 3.7), ("south_council", 4, 2.9), ("east_police", 3, 3.3)):
        for i in range(n + 1):
            k += 1
            done = i < n
            ts = f"2023-02-{rng.randint(1, 27):02d} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}" if done else "[not completed]"
            d.row([str(k), org, "", ts, rng.choice(["1", "2", "3", ""]), str(pick(rng, 5, mu) - 1), str(5 - pick(rng, 5, mu)),
                   rng.choice(["1", "1", "0", ""]), rng.choice(["0", "0", "1"]), "2" if done else rng.choice(["0", "1"]), "", "0"])
    d.row([str(k + 1), "north_trust", "", "2023-02-28 12:00:00", "", "", "", "1", "", "2", "", "0"])  # knowledge only: scored
    d.row([str(k + 2), "", "", "2023-02-28 12:00:00", "", "3", "1", "1", "0", "2", "", "0"])  # no DAG: unknown_organisation
    c.add("2023-02/wave.yaml", "id: 2023-02\ntitle: February 2023 (REDCap)\nopens: 2023-02-01\ncloses: 2023-02-28\nsource: redcap\n")
    c.add("2023-02/responses.csv", encode(d.text(), "utf-8"))
    return c


def xlsx_microsoft_forms(path: str) -> None:
    """A workbook laid out as Microsoft Forms' "Open results in Excel" writes it: sheet Form1,
    ID / Start time / Completion time / Email / Name, then one column per question; the times
    are date-styled serial numbers; the ids numbers."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    wb.set_properties({"created": __import__("datetime").datetime(2024, 9, 30, 12, 0, 0)})
    ws = wb.add_worksheet("Form1")
    dt = wb.add_format({"num_format": "m/d/yy h:mm:ss"})
    head = ["ID", "Start time", "Completion time", "Email", "Name", "Which organisation do you work for?",
            "Sharing information with partners is part of good care here.", "People here avoid sharing in case they get it wrong.",
            "I know when I may share without consent.", "Consent is the only lawful basis for sharing for direct care."]
    for col, h in enumerate(head):
        ws.write_string(0, col, h)
    rng = random.Random(8108)
    names = {"NHS-WV": ["Wessex Vale Hospitals NHS Trust", "WVH"], "CC-WV": ["Wessex Vale County Council", "WVCC"],
             "POL-WV": ["Wessex Vale Police"]}
    r = 0
    for org, n, mu in (("NHS-WV", 5, 3.5), ("CC-WV", 4, 3.0), ("POL-WV", 3, 4.0)):
        for _ in range(n):
            r += 1
            start = 45545 + rng.randint(0, 20) + rng.randint(30000, 60000) / 86400
            ws.write_number(r, 0, r)
            ws.write_number(r, 1, start, dt)
            ws.write_number(r, 2, start + rng.randint(120, 900) / 86400, dt)
            ws.write_string(r, 3, "anonymous")
            ws.write_string(r, 5, rng.choice(names[org]))
            ws.write_string(r, 6, AGREE5[pick(rng, 5, mu) - 1])
            ws.write_string(r, 7, AGREE5[5 - pick(rng, 5, mu)])
            ws.write_string(r, 8, AGREE5[pick(rng, 5, mu) - 1])
            ws.write_string(r, 9, rng.choice(["True", "False", "False", "Don't know"]))
    r += 2  # an empty row: skipped, not a row read
    ws.write_number(r, 0, 99)
    ws.write_number(r, 2, 45560.5, dt)
    ws.write_string(r, 5, "Wessex Vale Fire Service")  # unknown_organisation, no suggestion
    ws.write_string(r, 6, "Agree")
    r += 1
    ws.write_number(r, 0, 100)
    ws.write_number(r, 2, 45560.75, dt)
    ws.write_string(r, 5, "WVH")
    ws.write_string(r, 6, "Agree")
    ws.write_string(r, 11, "stray value")  # beyond the header's columns: malformed_row
    wb.close()


def case_platform_microsoft_forms() -> Case:
    """Microsoft Forms results as `responses.xlsx` (XlsxWriter), `source: microsoft-forms`."""
    c = Case("platform_microsoft_forms")
    items = """\
  - id: culture
    title: Culture
    items:
      - {id: CUL1, text: "Sharing is part of good care here.", aliases: ["Sharing information with partners is part of good care here."]}
      - {id: CUL2, text: "People avoid sharing.", reverse: true, aliases: ["People here avoid sharing in case they get it wrong."]}
  - id: ig_rules
    title: Understanding of IG rules
    items:
      - {id: IG1, text: "I know when I may share without consent.", aliases: ["I know when I may share without consent."]}
      - {id: KN1, type: knowledge, answer: false, aliases: ["Consent is the only lawful basis for sharing for direct care."], text: "Consent only?"}
"""
    c.add("instrument.yaml", platform_instrument("Microsoft Forms", "", items, 'columns: {organisation_id: ["Which organisation do you work for?"]}\n'))
    c.add("organisations.csv", platform_register())
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        p = os.path.join(tmp, "r.xlsx")
        xlsx_microsoft_forms(p)
        data = zip_normalise(open(p, "rb").read())
    c.add("2024-09/wave.yaml", "id: 2024-09\ntitle: September 2024 (Microsoft Forms)\nopens: 2024-09-01\ncloses: 2024-09-30\nsource: microsoft-forms\n")
    c.add("2024-09/responses.xlsx", data)
    return c


def case_platform_qualtrics_xlsx() -> Case:
    """A Qualtrics "Excel" download as `responses.xlsx` written with openpyxl (inline strings
    would differ; openpyxl writes shared strings): the three header records of the CSV export
    (ImportId record included), the dates as text, answers as numbers; a hidden first sheet is
    still the first worksheet in tab order, so wave.yaml names the sheet."""
    c = Case("platform_qualtrics_xlsx")
    items = """\
  - id: culture
    title: Culture
    items:
      - {id: CUL1, text: "Sharing is part of good care here.", aliases: [Q1_1]}
      - {id: CUL2, text: "People avoid sharing.", reverse: true, aliases: [Q1_2]}
      - {id: CUL3, text: "Leaders encourage sharing.", aliases: [Q1_3]}
"""
    c.add("instrument.yaml", platform_instrument("Qualtrics workbook", "", items))
    c.add("organisations.csv", platform_register())
    import io as _io

    import openpyxl

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes["A1"] = "Exported from Qualtrics"
    notes.sheet_state = "hidden"
    ws = wb.create_sheet("Sharing readiness")
    ws.append(["StartDate", "EndDate", "Status", "Progress", "Finished", "RecordedDate", "ResponseId", "ExternalReference", "Q1_1", "Q1_2", "Q1_3"])
    ws.append(["Start Date", "End Date", "Response Type", "Progress", "Finished", "Recorded Date", "Response ID", "External Data Reference",
               "Agree? - Good care", "Agree? - Avoid sharing", "Agree? - Leaders"])
    ws.append(['{"ImportId":"startDate","timeZone":"Europe/London"}', '{"ImportId":"endDate","timeZone":"Europe/London"}',
               '{"ImportId":"status"}', '{"ImportId":"progress"}', '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"Europe/London"}',
               '{"ImportId":"_recordId"}', '{"ImportId":"externalDataReference"}', '{"ImportId":"QID1_1"}', '{"ImportId":"QID1_2"}', '{"ImportId":"QID1_3"}'])
    rng = random.Random(8109)
    k = 0
    for org, n, mu in (("NHS-WV", 4, 3.9), ("VCS-HUB", 4, 3.2), ("EDU-03", 3, 2.7)):
        for i in range(n):
            k += 1
            day = rng.randint(1, 30)
            fin = 0 if i == n - 1 and org == "VCS-HUB" else 1
            ws.append([f"2024-04-{day:02d} 09:00:00", f"2024-04-{day:02d} 09:{rng.randint(10, 59)}:00", 0, 100 if fin else 40, fin,
                       f"2024-04-{day:02d} 09:59:00", f"R_{k:02d}{rng.randrange(16 ** 8):08x}", org,
                       pick(rng, 5, mu), 6 - pick(rng, 5, mu), pick(rng, 5, mu)])
    ws.merge_cells("A20:C20")
    ws["A20"] = "Report generated 2024-05-01"  # a merged note below the data: its value in the top-left cell only, so missing_response_id
    buf = _io.BytesIO()
    wb.properties.created = __import__("datetime").datetime(2024, 5, 1)
    wb.properties.modified = __import__("datetime").datetime(2024, 5, 1)
    wb.save(buf)
    c.add("2024-04/wave.yaml", "id: 2024-04\ntitle: April 2024 (Qualtrics workbook)\nopens: 2024-04-01\ncloses: 2024-04-30\n"
                               "source: qualtrics\nsheet: sharing READINESS\n")
    c.add("2024-04/responses.xlsx", zip_normalise(buf.getvalue()))
    return c


def zip_normalise(data: bytes) -> bytes:
    """Rewrites a ZIP with fixed timestamps so that the fixture is byte-reproducible."""
    import io as _io
    import zipfile as _zf

    src = _zf.ZipFile(_io.BytesIO(data))
    out = _io.BytesIO()
    with _zf.ZipFile(out, "w", _zf.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>",
                              b'<dcterms:modified xsi:type="dcterms:W3CDTF">2024-05-01T00:00:00Z</dcterms:modified>', body)
            zi = _zf.ZipInfo(info.filename, date_time=(2024, 5, 1, 0, 0, 0))
            zi.compress_type = _zf.ZIP_DEFLATED
            dst.writestr(zi, body)
    return out.getvalue()



# ---------------------------------------------------------------------------- §9: the journey
#
# Each organisation's respondents answer two likert items per domain; `steps` increments
# spread over the answers give exact organisation means (10 respondents, two items: each
# step adds 1.25 points to the domain mean), so the cases of SPEC §9.10 can be laid out.

JOURNEY_INSTRUMENT = """\
id: sharing-readiness
version: "2.0"
title: Information Sharing Readiness Survey (journey fixture)
thresholds: {{min_respondents: {n}, min_organisations: {k}, min_change: 5, alpha: 0.05}}
domains:
  - id: culture
    title: Culture
    items:
      - {{id: CUL1, text: "Sharing is part of good care here."}}
      - {{id: CUL2, text: "People here avoid sharing.", reverse: true}}
  - id: capacity
    title: Capacity
    weight: 2
    items:
      - {{id: CAP1, text: "We have enough people to set up sharing."}}
      - {{id: CAP2, text: "Time for sharing work is planned."}}
"""


def stepped_answers(n: int, steps: int, reverse_second: bool) -> list[tuple[int, int]]:
    """n respondents' two answers, all 2 plus `steps` increments spread round-robin (cap 5)."""
    cells = [[2, 2] for _ in range(n)]
    order = [(r, i) for i in range(2) for r in range(n)]
    s = steps
    while s > 0:
        moved = False
        for r, i in order:
            if s == 0:
                break
            if cells[r][i] < 5:
                cells[r][i] += 1
                s -= 1
                moved = True
        if not moved:
            raise ValueError("too many steps")
    out = []
    for a, b in cells:
        out.append((a, 6 - b if reverse_second else b))
    return out


def journey_wave(wid: str, per_org: dict[str, tuple[int, int, int]], day: str) -> bytes:
    """per_org: organisation -> (respondents, culture steps, capacity steps)."""
    d = Doc(",").row(["response_id", "organisation_id", "submitted_at", "CUL1", "CUL2", "CAP1", "CAP2"])
    k = 0
    for org, (n, s1, s2) in per_org.items():
        cul = stepped_answers(n, s1, True)
        cap = stepped_answers(n, s2, False)
        for (a, b), (c_, d_) in zip(cul, cap):
            k += 1
            d.row([f"{wid}-{k:03d}", org, day, str(a), str(b), str(c_), str(d_)])
    return encode(d.text(), "utf-8")


def journey_register(rows: list[tuple[str, str, str, str, str]]) -> bytes:
    d = Doc(",").row(["organisation_id", "name", "sector", "signatory", "signed_on", "headcount"])
    for oid, sector, sig, signed, hc in rows:
        d.row([oid, f"Organisation {oid}", sector, sig, signed, hc])
    return encode(d.text(), "utf-8")


def case_journey_pilot_baseline() -> Case:
    """Four waves: `pilot`, `base` (`baseline: true`), `m6`, `m12` (§9.10.1); the charter
    status of §9.10.2 (yes with a date, yes without, no with a date, signed on m6's close);
    X's reference wave (§9.10.3: published at base, 8 respondents at m6, published at m12) and
    its suppressed point (§9.10.4); O9 joining at m12 and O10 skipping m6 (§9.10.12);
    headcounts with a zero-respondent and an over-100% organisation (§9.10.11)."""
    c = Case("journey_pilot_baseline")
    c.add("instrument.yaml", JOURNEY_INSTRUMENT.format(n=10, k=3))
    c.add("organisations.csv", journey_register([
        ("O1", "Health", "yes", "2016-03-01", "40"), ("O2", "Health", "yes", "", "25"), ("O3", "Police", "no", "2016-02-01", "12"),
        ("O4", "Police", "yes", "2016-07-29", "30"), ("O9", "Council", "no", "", ""), ("O10", "Council", "yes", "2017-01-10", "20"),
        ("O11", "Voluntary", "no", "", "15"), ("X", "Health", "no", "", "11"),
    ]))
    waves = [
        ("pilot", "2015-11-01", "2015-11-30", "", {"O1": (10, 10, 8), "O2": (10, 12, 12), "O3": (10, 6, 9)}),
        ("base", "2016-01-04", "2016-01-29", "baseline: true\n", {"O1": (13, 11, 9), "O2": (10, 13, 12), "O3": (14, 8, 10), "O4": (10, 9, 9),
                                                                   "O10": (10, 14, 13), "X": (10, 10, 10)}),
        ("m6", "2016-07-01", "2016-07-29", "", {"O1": (12, 15, 12), "O2": (10, 14, 13), "O3": (14, 8, 11), "O4": (10, 14, 15), "X": (8, 16, 16)}),
        ("m12", "2017-01-02", "2017-01-27", "", {"O1": (13, 18, 16), "O2": (11, 15, 15), "O3": (14, 9, 11), "O4": (10, 17, 18),
                                                 "O9": (10, 12, 12), "O10": (10, 17, 17), "X": (11, 24, 20)}),
    ]
    for wid, opens, closes, extra, per_org in waves:
        c.add(f"{wid}/wave.yaml", f"id: {wid}\ntitle: Wave {wid}\nopens: {opens}\ncloses: {closes}\n{extra}")
        c.add(f"{wid}/responses.csv", journey_wave(wid, per_org, closes))
    return c


def charter_case(name: str, earlier: int) -> Case:
    """Three waves, k = 3: five new signatories (signed between base and m6, or m6 and m12),
    five non-signatories, `earlier` earlier signatories; differences in differences tested at
    m6 and m12."""
    c = Case(name)
    c.add("instrument.yaml", JOURNEY_INSTRUMENT.format(n=5, k=3))
    reg = []
    for i in range(5):
        reg.append((f"N{i}", "Health" if i % 2 else "Council", "yes", "2020-03-15" if i < 3 else "2020-09-10", str(10 + i)))
    for i in range(5):
        reg.append((f"Z{i}", "Police" if i % 2 else "Voluntary", "no", "", str(8 + i)))
    for i in range(earlier):
        reg.append((f"E{i}", "Education", "yes", "" if i == 0 else "2019-06-01", ""))
    c.add("organisations.csv", journey_register(reg))
    base, m6, m12 = {}, {}, {}
    for i in range(5):
        base[f"N{i}"] = (5, 3 + i, 4 + (i % 3))
        m6[f"N{i}"] = (5, 5 + i + (i % 2), 6 + (i % 3) + (2 if i < 3 else 0))
        m12[f"N{i}"] = (5, 8 + i + (i % 3), 9 + (i % 4))
        base[f"Z{i}"] = (5, 4 + i, 5 + (i % 2))
        m6[f"Z{i}"] = (5, 4 + i + (i % 2), 5 + (i % 3))
        m12[f"Z{i}"] = (5, 5 + i - (i % 2), 5 + (i % 2) + (1 if i == 2 else 0))
    for i in range(earlier):
        base[f"E{i}"] = (5, 6, 6)
        m6[f"E{i}"] = (5, 7 + i, 7)
        m12[f"E{i}"] = (5, 8, 8 + i)
    for wid, opens, closes, per_org in (("base", "2020-01-06", "2020-01-31", base), ("m6", "2020-07-06", "2020-07-31", m6),
                                        ("m12", "2021-01-04", "2021-01-29", m12)):
        c.add(f"{wid}/wave.yaml", f"id: {wid}\ntitle: Wave {wid}\nopens: {opens}\ncloses: {closes}\n")
        c.add(f"{wid}/responses.csv", journey_wave(wid, per_org, closes))
    return c


def case_journey_charter() -> Case:
    """§9.10.9: the charter evaluation with no earlier signatories: every figure shown."""
    return charter_case("journey_charter", 0)


def case_journey_charter_earlier() -> Case:
    """§9.10.10: two earlier signatories (1 <= |E| < k = 3): the group changes are hidden."""
    return charter_case("journey_charter_earlier", 2)


def case_journey_cohort() -> Case:
    """National cohort (k = 3): at `after` seven organisations rise by 0-3.75 points per domain
    (a paired test detects it, under `min_change`: "change under 5 points", §9.10.7), and O8
    joins, so a = 1 and b = 0: the differencing guard of §9.10.6 withholds the change."""
    c = Case("journey_cohort")
    c.add("instrument.yaml", JOURNEY_INSTRUMENT.format(n=10, k=3))
    c.add("organisations.csv", journey_register([(f"O{i}", "Health" if i % 2 else "Police", "yes" if i < 4 else "no", "", "") for i in range(1, 9)]))
    before = {f"O{i}": (10, 6 + i, 5 + 2 * i) for i in range(1, 7)}
    after = {f"O{i}": (10, 6 + i + 2 + (i % 2), 5 + 2 * i + 2 + (i % 3 == 0)) for i in range(1, 7)}
    before["O7"] = (10, 9, 9)
    after["O7"] = (10, 11, 9)
    after["O8"] = (10, 7, 7)
    for wid, opens, closes, per_org in (("before", "2022-01-03", "2022-01-28", before), ("after", "2022-07-04", "2022-07-29", after)):
        c.add(f"{wid}/wave.yaml", f"id: {wid}\ntitle: Wave {wid}\nopens: {opens}\ncloses: {closes}\n")
        c.add(f"{wid}/responses.csv", journey_wave(wid, per_org, closes))
    return c


CASES = [
    case_bom_crlf_two_waves,
    case_utf16le_semicolon,
    case_utf16be_cr_tab,
    case_cp1252_tab,
    case_qualtrics_aliases,
    case_dates_and_duplicates,
    case_rejects_everything,
    case_custom_tokens_levels,
    case_half_rule_alpha_edges,
    case_boundaries_bh_changes,
    case_platform_qualtrics,
    case_platform_qualtrics_legacy,
    case_platform_qualtrics_xlsx,
    case_platform_limesurvey,
    case_platform_surveymonkey,
    case_platform_google_forms,
    case_platform_microsoft_forms,
    case_platform_redcap,
    case_platform_alchemer,
    case_journey_pilot_baseline,
    case_journey_charter,
    case_journey_charter_earlier,
    case_journey_cohort,
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=DEFAULT_ROOT)
    ap.add_argument("--no-expected", action="store_true", help="do not run the reference to refresh expected/")
    args = ap.parse_args()
    os.makedirs(args.root, exist_ok=True)
    for make in CASES:
        case = make()
        base = os.path.join(args.root, case.name)
        if os.path.isdir(base):
            shutil.rmtree(base)
        for rel, data in sorted(case.files.items()):
            p = os.path.join(base, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as fh:
                fh.write(data)
        if not args.no_expected:
            out = os.path.join(base, "expected")
            r = subprocess.run(
                [sys.executable, os.path.join(HERE, "readiness_ref.py"), "--surveys", base, "--out", out],
                capture_output=True,
                text=True,
            )
            if r.returncode != 0:
                print(f"{case.name}: reference failed ({r.returncode}):\n{r.stderr}", file=sys.stderr)
                return 1
        print(f"wrote {base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
