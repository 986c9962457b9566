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
