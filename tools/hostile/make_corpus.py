#!/usr/bin/env python3
"""Deterministically (re)create the hostile-input corpus under Tests/Fixtures/hostile/.

    python3 tools/hostile/make_corpus.py               # rewrite every case folder
    python3 tools/hostile/make_corpus.py --verify      # also run tools/reference on each case
    python3 tools/hostile/make_corpus.py --materialise 009-big-field-20mb /tmp/case
                                                       # a case's surveys folder, big files generated

Cases of the core list are `<NNN-name>/`; cases added by `tools/hostile/cases_<series>.py` (series
a lowercase word, each file run in this module's namespace, so it uses `case`, `ok`, `fail`...) are
`<series>-<NNN-name>/`, numbered within their series. Each case is a folder holding a complete surveys folder (`surveys/`) and
`expect.json`:

    exit               0, 1 or 64 (SPEC §7)
    stderr_contains    substrings that stderr must hold
    stderr_matches     regular expressions (ICU / Python compatible) that stderr must match
    rejects            {"<wave>": [[line, "response_id", "reason"], ...]}: rejects.csv exactly
    rows               {"<wave>": {"read": N, "scored": N, "rejected": N}}
    args               extra command-line arguments
    generate           {"surveys/<file>": [recipe, ...]}: placeholders replaced at test time
    sha256             {"surveys/<file>": hex} of a generated file (both generators agree)
    outputs_contain    {"<path under --out>": [substrings]}
    outputs_exist      [paths under --out]
    never_in_outputs   substrings that no output file may hold (xlsx unzipped)
    escaping           {"names": [...], "forbidden_line_prefixes": [...]}
    timeout            seconds (default 30)
    notes              what the case proves
    beyond_spec        why the SPEC does not decide this case (an issue asks more of the tool than the
                       SPEC does, e.g. issue 11's unknown item keys): `--verify` skips it

Expected values come from the SPEC (/work/shared/SPEC.md), worked out by hand; `--verify`
cross-checks the exit code, rows and rejects against the independent Python reference
(tools/reference/readiness_ref.py, needs pyyaml, numpy, scipy).

Recipes (the Swift test implements the same, byte for byte):

    {"placeholder": "@@X@@", "kind": "repeat", "text": "...", "count": N}
    {"placeholder": "@@X@@", "kind": "numbered", "format": ",X{n}", "first": 1, "count": N}
    {"placeholder": "@@X@@", "kind": "junk", "seed": S, "bytes": N, "exclude": [bytes]}

`junk` is xorshift64 (x ^= x << 13; x ^= x >> 7; x ^= x << 17, modulo 2^64) starting from
`seed`; each step yields the byte (x >> 24) & 0xFF, skipped when in `exclude`.
"""

from __future__ import annotations

import argparse
import csv
import glob
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ROOT = os.path.join(REPO, "Tests", "Fixtures", "hostile")
REFERENCE = os.path.join(REPO, "tools", "reference", "readiness_ref.py")

# ---------------------------------------------------------------------------- recipes


def junk(seed: int, count: int, exclude: list[int]) -> bytes:
    mask = (1 << 64) - 1
    x = seed & mask
    out = bytearray()
    skip = set(exclude)
    while len(out) < count:
        x ^= (x << 13) & mask
        x ^= x >> 7
        x ^= (x << 17) & mask
        byte = (x >> 24) & 0xFF
        if byte not in skip:
            out.append(byte)
    return bytes(out)


def expand(recipe: dict) -> bytes:
    kind = recipe["kind"]
    if kind == "repeat":
        return recipe["text"].encode("utf-8") * recipe["count"]
    if kind == "numbered":
        first = recipe.get("first", 1)
        return "".join(recipe["format"].replace("{n}", str(n)) for n in range(first, first + recipe["count"])).encode("utf-8")
    if kind == "junk":
        return junk(recipe["seed"], recipe["bytes"], recipe.get("exclude", []))
    raise ValueError(kind)


def materialise(data: bytes, recipes: list[dict]) -> bytes:
    for recipe in recipes:
        token = recipe["placeholder"].encode("utf-8")
        assert data.count(token) >= 1, recipe["placeholder"]
        data = data.replace(token, expand(recipe))
    return data


# ---------------------------------------------------------------------------- the base survey

INSTRUMENT = """\
id: hostile
version: "1"
title: Hostile input corpus
thresholds:
  min_respondents: 2
  min_organisations: 2
columns:
  submitted_at: [SubmittedAt]
  role: [Role]
roles: [Frontline practitioner, Team manager]
domains:
  - id: culture
    title: Culture
    items:
      - id: C1
        text: Sharing information with partners is part of good care here.
      - id: C2
        text: People here avoid sharing in case they get it wrong.
        reverse: true
  - id: ig
    title: Understanding of IG rules
    items:
      - id: I1
        text: I know when I may share without consent.
      - id: K1
        type: knowledge
        answer: true
        text: You may share without consent to protect someone from serious harm.
"""

REGISTER = """\
organisation_id,name,sector,signatory
ORG-A,Alpha Trust,Health,yes
ORG-B,Bravo Council,Councils,no
ORG-C,Charlie Care,Health,no
"""

WAVE = "id: w1\ntitle: Wave one\nopens: 2024-01-01\ncloses: 2024-12-31\n"
HEADER = "response_id,organisation_id,submitted_at,C1,C2,I1,K1"
GOOD = [
    "r1,ORG-A,2024-02-01,4,2,4,true",
    "r2,ORG-A,2024-02-02,3,3,5,false",
    "r3,ORG-B,2024-02-03,5,1,4,true",
    "r4,ORG-B,,2,4,1,DK",
    "r5,ORG-C,2024-03-01,Agree,Disagree,4,no",
    "r6,ORG-C,2024-03-02,1,5,2,t",
]


def csv_text(lines: list[str], eol: str = "\n", final: bool = True) -> str:
    return eol.join(lines) + (eol if final else "")


def responses(rows: list[str], header: str = HEADER, **kw) -> str:
    return csv_text([header] + rows, **kw)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing needle."""
    seen = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise KeyError(needle)


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


CASES: list[tuple[str, dict, dict]] = []
# Cases added by the files tools/hostile/cases_<series>.py are numbered within their series,
# as "<series>-NNN-<name>", so that each file can grow without renumbering the others.
SERIES = ""
CASE_SERIES: list[str] = []


def case(name: str, expect: dict, *, instrument: str | bytes | None = INSTRUMENT,
         register: str | bytes | None = REGISTER, waves: dict | None = None, extra: dict | None = None) -> None:
    """Adds a case. `waves` maps a folder to {file: content}; default one wave w1 with GOOD rows."""
    files: dict[str, str | bytes] = {}
    if instrument is not None:
        files["instrument.yaml"] = instrument
    if register is not None:
        files["organisations.csv"] = register
    if waves is None:
        waves = {"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD)}}
    for folder, content in waves.items():
        for file, data in content.items():
            files[f"{folder}/{file}"] = data
    for path, data in (extra or {}).items():
        files[path] = data
    CASES.append((name, files, expect))
    CASE_SERIES.append(SERIES)


def beyond_spec(name: str, reason: str) -> None:
    """Marks the case `name` (already added by this series) as one the SPEC does not decide:
    the tool is stricter than the SPEC asks (an issue's rule, or a limit of this
    implementation), so `--verify` skips it rather than expect the reference to agree."""
    for _name, _files, expect in CASES:
        if _name == name:
            expect["beyond_spec"] = reason
            return
    raise SystemExit(f"beyond_spec: no case named {name!r}")


def ok(rows: tuple[int, int, int], rejects: list | None = None, wave: str = "w1", **more) -> dict:
    read, scored, rejected = rows
    expect = {"exit": 0, "rows": {wave: {"read": read, "scored": scored, "rejected": rejected}},
              "rejects": {wave: rejects or []}}
    expect.update(more)
    return expect


def fail(*contains: str, matches: list[str] | None = None, **more) -> dict:
    expect = {"exit": 1, "stderr_contains": list(contains)}
    if matches:
        expect["stderr_matches"] = matches
    expect.update(more)
    return expect


def instrument_error(line: int | str, path: str, **more) -> dict:
    """exit 1 with `instrument.yaml:<line>:<column>: error: <path>`."""
    return fail("instrument.yaml", path, matches=[rf"instrument\.yaml:{line}:[0-9]+: error: {re.escape(path)}(?![A-Za-z0-9_])"], **more)


# ============================================================================ responses: shape of the file

case("empty-responses-file", fail(
    "w1/responses.csv", "response_id", "organisation_id",
    matches=[r"w1/responses\.csv:1:1: error: "],
    notes="A zero-byte responses.csv has no header, so both required columns are missing: fatal, exit 1, nothing written."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": ""}})

case("header-only", ok((0, 0, 0), notes="A header and no rows: rows read 0 = 0 + 0, every report still written."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": HEADER + "\n"}})

case("header-only-no-newline", ok((0, 0, 0), notes="A header without a final line break and no rows."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": HEADER}})

case("header-then-blank-lines", ok((0, 0, 0), notes="Empty lines (LF, CRLF, CR) after the header are skipped and are not rows read (SPEC §7)."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": HEADER + "\n\n\r\n\r\n"}})

case("binary-junk-file", {
    "exit": 1,
    "stderr_contains": ["w1/responses.csv", "response_id"],
    "stderr_matches": [r"w1/responses\.csv:[0-9]+:[0-9]+: error: "],
    "generate": {"surveys/w1/responses.csv": [{"placeholder": "@@JUNK@@", "kind": "junk", "seed": 20240101,
                                                "bytes": 65536, "exclude": [0x0D, 0x0A, 0xEF, 0xFE, 0xFF]}]},
    "notes": "64 KB of pseudo-random bytes instead of a CSV (generated at test time): decoded as Windows-1252, "
             "its first record has no response_id or organisation_id column: fatal, located, exit 1."},
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": "@@JUNK@@"}})

case("binary-junk-rows", {
    "exit": 0,
    "rows": {"w1": {"read": 514, "scored": 6, "rejected": 508}},
    "generate": {"surveys/w1/responses.csv": [{"placeholder": "@@JUNK@@", "kind": "junk", "seed": 7, "bytes": 65536,
                                                "exclude": [0x22]}]},
    "notes": "A valid header and six good rows, then 64 KB of junk bytes (no double quotes) generated at test time: "
             "every junk record is rejected or scored and the accounting balances (counts from tools/reference)."},
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD) + "@@JUNK@@\n"}})

case("binary-junk-rows-with-quotes", {
    "exit": 0,
    "rows": {"w1": {"read": 263, "scored": 6, "rejected": 257}},
    "generate": {"surveys/w1/responses.csv": [{"placeholder": "@@JUNK@@", "kind": "junk", "seed": 99, "bytes": 32768}]},
    "notes": "Junk bytes including double quotes after good rows: an unterminated quote may swallow the rest "
             "of the file, but every record read is still scored or rejected (counts from tools/reference)."},
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD) + "@@JUNK@@"}})

NUL_ROWS = [
    "r1,ORG-A,2024-02-01,4,2,4,true",
    "r2\0,ORG-A,2024-02-01,3,3,5,false",
    "r3,ORG-A\0,2024-02-01,4,2,4,true,",
    "r4,ORG-B,2024-02-01,\0,\0,\0,\0,",
    "r5,ORG-B,2024-02-01,4\0,2,4,true,",
    "r6\0\0\0",
    "r7,ORG-C,2024-02-01,4,2,4,true,\0\0note\0",
]
case("nul-bytes", ok((7, 4, 3), [
    [4, "r3", "unknown_organisation"],
    [5, "r4", "empty_response"],
    [7, "r6\u0000\u0000\u0000", "malformed_row"],
], notes="NUL bytes in a header name, an id, an organisation id, item cells and a notes cell: NUL is not white "
         "space, so 'ORG-A\\0' is unknown, '\\0' cells are invalid values (r4 answers nothing), 'r2\\0' is an id "
         "of its own; nothing crashes, nothing is lost."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(
        [NUL_ROWS[0] + ",", NUL_ROWS[1] + ","] + NUL_ROWS[2:], header=HEADER + ",\0Notes\0")}})

# A 20 MB quoted free-text field holding commas, semicolons, tabs, doubled quotes and line breaks.
BIG_UNIT = 'BIG-FIELD-SENTINEL lorem, ipsum; dolor\tsit ""amet"" <script>x</script>\n'
BIG_COUNT = -(-20 * 1024 * 1024 // len(BIG_UNIT.encode()))
case("big-field-20mb", {
    "exit": 0,
    "rows": {"w1": {"read": 4, "scored": 3, "rejected": 1}},
    "rejects": {"w1": [[BIG_COUNT + 4, "r3", "malformed_row"]]},
    "generate": {"surveys/w1/responses.csv": [{"placeholder": "@@BIG@@", "kind": "repeat", "text": BIG_UNIT, "count": BIG_COUNT}]},
    "never_in_outputs": ["BIG-FIELD-SENTINEL", "lorem, ipsum"],
    "timeout": 120,
    "notes": f"A single quoted free-text field of {BIG_COUNT * len(BIG_UNIT.encode())} bytes ({BIG_COUNT} line breaks inside), "
             "generated at test time: read in full, never copied to an output, and the physical line of the "
             "next records counts the breaks inside the quotes."},
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
        'r1,ORG-A,2024-02-01,4,2,4,true,"@@BIG@@"',
        "r2,ORG-A,2024-02-02,3,3,5,false,short note",
        "r3,ORG-B,2024-02-03,5,1",
        "r4,ORG-B,,2,4,1,DK,",
    ], header=HEADER + ",Comments")}})

case("ten-thousand-columns", {
    "exit": 0,
    "rows": {"w1": {"read": 5, "scored": 4, "rejected": 1}},
    "rejects": {"w1": [[6, "r5", "malformed_row"]]},
    "generate": {"surveys/w1/responses.csv": [
        {"placeholder": "@@COLUMNS@@", "kind": "numbered", "format": ",Extra{n}", "first": 1, "count": 9993},
        {"placeholder": "@@CELLS@@", "kind": "repeat", "text": ",x", "count": 9993},
        {"placeholder": "@@SHORT@@", "kind": "repeat", "text": ",x", "count": 9992},
    ]},
    "outputs_contain": {"w1/data-quality.md": ["Extra1", "Extra9993"],
                        # centre/findings.csv lists each column not read by name (issue 11).
                        "w1/centre/findings.csv": ["\n1,5007,,ignored_column,Extra5000,matches no item or fixed column; not read\n"]},
    "never_in_outputs": ["Extra5000,Extra5001"],
    "timeout": 60,
    "notes": "A header of 10,000 columns (7 known, 9,993 unknown) generated at test time; unknown columns are "
             "listed, never copied; a row one field short is malformed."},
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
        "r1,ORG-A,2024-02-01,4,2,4,true@@CELLS@@",
        "r2,ORG-A,2024-02-02,3,3,5,false@@CELLS@@",
        "r3,ORG-B,2024-02-03,5,1,4,true@@CELLS@@",
        "r4,ORG-B,,2,4,1,DK@@CELLS@@",
        "r5,ORG-C,2024-03-01,4,2,4,true@@SHORT@@",
    ], header=HEADER + "@@COLUMNS@@")}})

case("ten-thousand-columns-no-required", {
    "exit": 1,
    "stderr_contains": ["w1/responses.csv", "response_id", "organisation_id"],
    "stderr_matches": [r"w1/responses\.csv:1:1: error: "],
    "generate": {"surveys/w1/responses.csv": [
        {"placeholder": "@@COLUMNS@@", "kind": "numbered", "format": "Column{n},", "first": 1, "count": 10000}]},
    "notes": "10,000 header columns and neither required column: fatal, exit 1, and the message still names "
             "what is missing."},
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": "@@COLUMNS@@\n1,2,3\n"}})

case("long-row-10000-fields", {
    "exit": 0,
    "rows": {"w1": {"read": 3, "scored": 2, "rejected": 1}},
    "rejects": {"w1": [[3, "r2", "malformed_row"]]},
    "generate": {"surveys/w1/responses.csv": [{"placeholder": "@@MANY@@", "kind": "repeat", "text": ",4", "count": 9993}]},
    "notes": "One data row with 10,000 fields under a 7-column header: malformed_row, the others scored."},
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
        "r1,ORG-A,2024-02-01,4,2,4,true",
        "r2,ORG-A,2024-02-02,3,3,5,false@@MANY@@",
        "r3,ORG-B,2024-02-03,5,1,4,true",
    ])}})

case("unterminated-quote-at-eof", ok((3, 2, 1), [[4, "r3", "malformed_row"]],
     notes="The last record opens a quote that never closes: one malformed_row at the line it starts on."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD[:2] + ['r3,ORG-B,2024-02-03,5,1,4,"true'])}})

case("unterminated-quote-mid-file", ok((2, 1, 1), [[3, "r2", "malformed_row"]],
     notes="A quote opened on line 3 swallows the rest of the file (SPEC §7): one record, one malformed_row "
           "at line 3; the rows it swallowed are not rows read."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(
         [GOOD[0], 'r2,ORG-A,2024-02-02,"3,3,5,false'] + GOOD[2:])}})

case("lone-quote-last-line", ok((3, 2, 1), [[4, "", "malformed_row"]],
     notes="A last line holding only a double quote: an unterminated one-field record, malformed_row, no id."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD[:2] + ['"'])}})

MIXED = (
    HEADER + ",Notes\r\n"                                   # 1
    "r1,ORG-A,2024-02-01,4,2,4,true,\n"                     # 2
    'r2,ORG-A,2024-02-02,3,3,5,false,"a\r\nb"\r'            # 3-4
    "\r"                                                    # 5 empty (lone CR)
    'r3,ORG-B,2024-02-03,5,1,4,true,"x\ry\nz"\n'            # 6-8
    "r4,ORG-B,2024-02-04,4\n"                               # 9 malformed
    "\n"                                                    # 10 empty (lone LF)
    "\r"                                                    # 11 empty (lone CR; LF then CR is two breaks)
    "r5,ORG-C,2024-02-05,2,4,1,DK,\r\n"                     # 12
    "bad,ORG-C\r"                                           # 13 malformed
    "r6,ORG-C,2024-02-06,1,5,2,t,"                          # 14, no final break
)
case("mixed-line-endings", ok((7, 5, 2), [[9, "r4", "malformed_row"], [13, "bad", "malformed_row"]],
     notes="LF, CRLF and lone CR mixed, also inside quoted fields, empty lines of each kind, no final break: "
           "each break counts one line (SPEC §7), so the rejects carry exact physical lines."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": MIXED}})

case("cr-only-line-endings", ok((4, 3, 1), [[5, "r4", "malformed_row"]],
     notes="Old-Mac CR line endings throughout, with a CR inside a quoted field."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": csv_text([
         HEADER + ",Notes",
         'r1,ORG-A,2024-02-01,4,2,4,true,"one\rtwo"',
         "r2,ORG-A,2024-02-02,3,3,5,false,",
         "r4,ORG-B,2024-02-03",
         "r5,ORG-B,2024-02-03,5,1,4,true,",
     ], eol="\r")}})

case("duplicate-header-names", ok((4, 3, 1), [[4, "", "missing_response_id"]],
     outputs_contain={"w1/centre/items.csv": ["w1,national,C1,3,100.000000,", "w1,national,K1,3,100.000000,"]},
     notes="C1 twice, K1 and k1, response_id and RESPONSE_ID: the first column of each wins (SPEC §7), the second "
           "is ignored, so a blank first response_id is missing_response_id even though the second holds an id."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
         "r1,ORG-A,2024-02-01,5,1,2,4,true,false,x1",
         "r2,ORG-A,2024-02-02,5,zzz,2,4,true,false,x2",
         ",ORG-B,2024-02-03,5,1,2,4,true,false,x3",
         "r4,ORG-B,2024-02-04,5,1,2,4,true,no,",
     ], header="response_id,organisation_id,submitted_at,C1,C1,C2,I1,K1,k1,RESPONSE_ID")}})

case("missing-response-id-column", fail(
    "w1/responses.csv", "response_id", "respondent_id",
    matches=[r"w1/responses\.csv:1:1: error: ", r"(?i)closest[^\n]*respondent_id"],
    notes="The header says respondent_id: fatal, and the message suggests the closest header found."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD, header=HEADER.replace("response_id", "respondent_id"))}})

case("missing-organisation-id-column", fail(
    "w1/responses.csv", "organisation_id", "organisaton_id",
    matches=[r"w1/responses\.csv:1:1: error: ", r"(?i)closest[^\n]*organisaton_id"],
    notes="The header says organisaton_id (a typo): fatal; the closest header (distance 1, within SPEC §8.3's "
          "threshold max(1, 15 // 3) = 5) is suggested. (Before §8, this case used org_id, at distance 9: no longer "
          "suggested; see exports-series.)"),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD, header=HEADER.replace("organisation_id", "organisaton_id"))}})

case("missing-both-required-columns", fail(
    "w1/responses.csv", "response_id", "organisation_id",
    matches=[r"w1/responses\.csv:1:1: error: ", r"(?i)closest[^\n]*Response ID", r"(?i)closest[^\n]*Organisation"],
    notes="Header 'Response ID' and 'Organisation': both missing, both reported with their closest header."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(
        GOOD, header="Response ID,Organisation,submitted_at,C1,C2,I1,K1")}})

case("double-bom-header", fail(
    "w1/responses.csv", "response_id",
    matches=[r"w1/responses\.csv:1:1: error: ", r"(?i)closest[^\n]*response_id"],
    notes="Two UTF-8 BOMs: the first is the BOM, the second (U+FEFF, not white space) sticks to the first "
          "header name, so response_id is missing; the closest header is suggested."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": b"\xef\xbb\xbf\xef\xbb\xbf" + responses(GOOD).encode()}})

case("invalid-utf8-mid-file", ok((4, 3, 1), [[5, "r4", "unknown_organisation"]],
     outputs_contain={"w1/data-quality.md": ["Windows-1252"],
                      "w1/centre/items.csv": ["w1,national,K1,3,66.666667,", "w1,national,C1,2,"]},
     notes="Valid UTF-8 (é) early, then a 0x92 apostrophe and 0xE9 byte mid-file: the whole file is read as "
           "Windows-1252 (SPEC §7), so 'Don\\x92t know' is the don't-know token (answered, incorrect), "
           "'Agr\\xe9e' is an invalid value and 'ORG-\\xc1' is unknown."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": (
         (HEADER + ",Notes\n").encode()
         + "r1,ORG-A,2024-02-01,4,2,4,true,Café\n".encode("utf-8")
         + b"r2,ORG-A,2024-02-02,3,3,5,Don\x92t know,\"caf\xe9, ok\"\n"
         + b"r3,ORG-B,2024-02-03,Agr\xe9e,1,4,true,\n"
         + b"r4,ORG-\xc1,2024-02-03,4,1,4,true,\n")}})

case("utf8-encoded-surrogate", ok((3, 3, 0), outputs_contain={"w1/data-quality.md": ["Windows-1252"]},
     notes="An encoded surrogate (ED A0 80) and an overlong slash (C0 AF) are not valid UTF-8: the whole file is "
           "read as Windows-1252 and the data-quality report says so."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": (HEADER + ",Notes\n").encode()
                   + b"r1,ORG-A,2024-02-01,4,2,4,true,a\xed\xa0\x80b\nr2,ORG-A,2024-02-02,3,3,5,false,\xc0\xaf\n"
                   + b"r3,ORG-B,2024-02-03,5,1,4,true,plain\n"}})
case("utf8-truncated-at-end-of-file", ok((3, 3, 0), outputs_contain={"w1/data-quality.md": ["Windows-1252"]},
     notes="Valid UTF-8 (é) throughout, then a multi-byte sequence cut off by the end of the file: invalid, so "
           "Windows-1252 for the whole file."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": (HEADER + ",Notes\n").encode()
                   + "r1,ORG-A,2024-02-01,4,2,4,true,café\nr2,ORG-A,2024-02-02,3,3,5,false,\n".encode()
                   + b"r3,ORG-B,2024-02-03,5,1,4,true,caf\xc3"}})
case("register-windows-1252", ok((6, 6, 0),
     outputs_contain={"w1/partners/ORG-A/report.md": ["Café Trust"]},
     notes="The register holds a Windows-1252 é (0xE9): read by the same reader (SPEC §7), the partner report "
           "shows 'Café Trust'."),
     register=REGISTER.replace("Alpha Trust", "Caf\udce9 Trust").encode("utf-8", "surrogateescape"))

case("utf16le-without-bom", fail(
    "w1/responses.csv", "response_id",
    matches=[r"w1/responses\.csv:1:1: error: "],
    notes="UTF-16 LE without a BOM is valid UTF-8 full of NULs (SPEC §7: only a BOM selects UTF-16), so no "
          "header name matches: fatal, exit 1."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD).encode("utf-16-le")}})

case("utf16be-without-bom", fail(
    "w1/responses.csv", "response_id",
    matches=[r"w1/responses\.csv:1:1: error: "],
    notes="UTF-16 BE without a BOM: read as UTF-8, no header matches: fatal."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD).encode("utf-16-be")}})

case("utf16le-bom-tab-rejects", ok((4, 3, 1), [[4, "r3", "malformed_row"]],
     notes="UTF-16 LE with BOM, tab-delimited, CRLF: decoded, delimiter detected, a short row rejected at its line."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": b"\xff\xfe" + csv_text([
         HEADER.replace(",", "\t"), GOOD[0].replace(",", "\t"), GOOD[1].replace(",", "\t"),
         "r3\tORG-B\t2024-02-03", GOOD[3].replace(",", "\t")], eol="\r\n").encode("utf-16-le")}})

case("register-utf16be-bom", ok((6, 6, 0),
     notes="The register as UTF-16 BE with BOM and CR line endings: read like a responses file."),
     register=b"\xfe\xff" + REGISTER.replace("\n", "\r").encode("utf-16-be"))

case("bom-crlf-no-final-break", ok((3, 2, 1), [[3, "r2", "malformed_row"]],
     notes="UTF-8 BOM, CRLF, no final line break; the BOM is not part of the first header name."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": "\ufeff" + csv_text(
         [HEADER, GOOD[0], "r2,ORG-A,2024-02-02,3,3,5,false,extra", GOOD[2]], eol="\r\n", final=False)}})

case("semicolon-with-quoted-commas", ok((3, 3, 0),
     notes="Header with a quoted name holding commas: only delimiters outside quotes count, so ';' wins; "
           "decimal commas in an unknown column are harmless."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": csv_text([
         'response_id;organisation_id;"Notes, free text, more, commas";C1;C2;I1;K1',
         "r1;ORG-A;3,5;4;2;4;true",
         "r2;ORG-A;\"a;b\";3;3;5;false",
         "r3;ORG-B;;5;1;4;true",
     ])}})

case("trailing-delimiter-every-row", ok((3, 0, 3), [
    [2, "r1", "malformed_row"], [3, "r2", "malformed_row"], [4, "r3", "malformed_row"]],
    notes="Every data row ends with an extra delimiter (8 fields under a 7-field header): all malformed, "
          "nothing scored, reports still written and the accounting balances."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([g + "," for g in GOOD[:3]])}})

case("blank-and-space-lines", ok((5, 1, 4), [
    [3, "", "malformed_row"], [4, "", "malformed_row"], [6, "", "malformed_row"], [7, "", "missing_response_id"]],
    notes="An empty line is skipped but counted; a line of spaces or a tab is a one-field record (malformed_row); "
          "',' is two fields; ',,,,,,' has the right count and no id."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(["", "   ", "\t", GOOD[0], ",", ",,,,,,"])}})

case("quote-inside-unquoted-field", ok((4, 4, 0),
     outputs_contain={"w1/centre/items.csv": ["w1,national,C1,1,"]},
     notes="A quote inside an unquoted field is literal (4\"x: invalid); text after a closing quote is appended "
           "(\"4\"5 is 45: invalid); \"4\" followed by a space is 4 after trimming (SPEC §7)."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
         'r1,ORG-A,2024-02-01,4"x,2,4,true',
         'r2,ORG-A,2024-02-01,"4"5,2,4,true',
         'r3,ORG-A,2024-02-01,"4" ,2,4,true',
         'r4,ORG-B,2024-02-01,"""4""",2,4,true',
         ])}})

# ============================================================================ rejects, exactly

case("every-reject-reason", ok((11, 4, 7), [
    [3, "r2", "malformed_row"],
    [4, "", "missing_response_id"],
    [5, "r4", "unknown_organisation"],
    [6, "r5", "outside_wave_window"],
    [7, "r6", "empty_response"],
    [8, "r7", "duplicate_superseded"],
    [10, "r8", "outside_wave_window"],
], notes="One row for every reason of SPEC §2.4, plus window edges: 2024-12-31 is inside (inclusive) and "
         "2024-01-01T00:00:00+05:00 is inside (the calendar date as written)."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
        "r1,ORG-A,2024-02-01,4,2,4,true",
        "r2,ORG-A,2024-02-01,4,2,4",
        ",ORG-A,2024-02-01,4,2,4,true",
        "r4,ORG-Z,2024-02-01,4,2,4,true",
        "r5,ORG-B,2025-01-01,4,2,4,true",
        "r6,ORG-B,2024-02-01,,N/A,DK,",
        "r7,ORG-B,2024-02-01,3,3,3,false",
        "r7,ORG-B,2024-02-02,2,2,2,true",
        "r8,ORG-C,2023-12-31,4,2,4,true",
        "r9,ORG-C,2024-12-31,4,2,4,true",
        "r10,ORG-C,2024-01-01T00:00:00+05:00,4,2,4,true",
    ])}})

case("reject-reason-order", ok((9, 2, 7), [
    [2, "", "missing_response_id"],
    [3, "r2", "unknown_organisation"],
    [4, "r3", "outside_wave_window"],
    [5, "r4", "empty_response"],
    [6, "", "malformed_row"],
    [7, "r6", "empty_response"],
    [9, "r7", "unknown_organisation"],
], notes="Rows failing several checks get the first reason in the table's order; an unparseable date is "
         "absent (no window check); a rejected row with a scored row's id does not compete as a duplicate."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
        ",ORG-Z,2025-01-01,,,,",
        "r2,ORG-Z,2025-01-01,,,,",
        "r3,ORG-A,2025-01-01,,,,",
        "r4,ORG-A,2024-02-01,,,,",
        "   ",
        "r6,ORG-A,bad-date,,,,",
        "r7,ORG-A,2024-02-01,4,2,4,true",
        "r7,ORG-Z,2024-03-01,4,2,4,true",
        "r8,ORG-A,2024-02-01,4,2,4,true",
    ])}})

case("duplicates-resolution", ok((16, 8, 8), [
    [3, "d1", "duplicate_superseded"],
    [4, "d2", "duplicate_superseded"],
    [6, "d3", "duplicate_superseded"],
    [8, "d4", "duplicate_superseded"],
    [11, "d5", "duplicate_superseded"],
    [13, "d6", "duplicate_superseded"],
    [14, "d7", "empty_response"],
    [16, "d8", "duplicate_superseded"],
], notes="Latest instant wins with offsets applied; a row without a date loses; equal instants (a date alone is "
         "00:00:00Z) and two undated rows go to the later row; UK dates; an unparseable date is absent; ids are "
         "trimmed before comparing."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
        "d1,ORG-A,2024-02-01T10:00:00Z,4,2,4,true",
        "d1,ORG-A,2024-02-01T11:00:00+02:00,3,3,3,false",
        "d2,ORG-A,,4,2,4,true",
        "d2,ORG-A,2024-02-01,3,3,3,false",
        "d3,ORG-B,2024-02-01,4,2,4,true",
        "d3,ORG-B,2024-02-01T00:00:00Z,3,3,3,false",
        "d4,ORG-B,,4,2,4,true",
        "d4,ORG-B,,3,3,3,false",
        "d5,ORG-C,01/02/2024 10:00,4,2,4,true",
        "d5,ORG-C,2024-02-01 09:59:59,3,3,3,false",
        "d6,ORG-C,2024-02-01,4,2,4,true",
        "d6,ORG-C,garbage-date,3,3,3,false",
        "d7,ORG-A,2024-02-01,,,,",
        "d7,ORG-A,2024-01-15,4,2,4,true",
        " d8 ,ORG-A,2024-02-01T12:00Z,4,2,4,true",
        "d8,ORG-A,2024-02-01T12:00+00:00,3,3,3,false",
    ])}})

case("wave-window-dates", ok((8, 7, 1), [[6, "w5", "outside_wave_window"]],
     notes="The window uses the calendar date as written: 2024-12-31T23:30:00-05:00 is inside, "
           "2025-01-01T01:00:00+05:00 is outside; 32/12/2024, 2024-02-30 and fractional seconds are "
           "unparseable, so absent and not checked."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
         "w1,ORG-A,2024-12-31T23:30:00-05:00,4,2,4,true",
         "w2,ORG-A,2024-12-31 23:59,4,2,4,true",
         "w3,ORG-A,31/12/2024,4,2,4,true",
         "w4,ORG-B,32/12/2024,4,2,4,true",
         "w5,ORG-B,2025-01-01T01:00:00+05:00,4,2,4,true",
         "w6,ORG-B,2024-02-30,4,2,4,true",
         "w7,ORG-C,2024-02-01T10:00:00.123Z,4,2,4,true",
         "w8,ORG-C,01/01/2024 00:00:00,4,2,4,true",
     ])}})

case("qualtrics-metadata-rows", ok((3, 2, 1), [[6, "R_3", "malformed_row"]],
     notes="Qualtrics export: records 2 and 3 (labels and ImportId) are skipped, not rows read, but their "
           "lines count; aliases map ResponseId, Org, EndDate and Q-codes."),
     instrument=INSTRUMENT.replace("  submitted_at: [SubmittedAt]", "  response_id: [ResponseId]\n  organisation_id: [Org]\n  submitted_at: [EndDate]")
     .replace("      - id: C1\n", "      - id: C1\n        aliases: [Q1_1]\n"),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": csv_text([
         "ResponseId,Org,EndDate,Q1_1,C2,I1,K1",
         "Response ID,Organisation,End Date,Sharing is part of care,Avoid sharing,Know when,Serious harm",
         '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""endDate""}",'
         '"{""ImportId"":""QID2""}","{""ImportId"":""QID3""}","{""ImportId"":""QID4""}","{""ImportId"":""QID5""}"',
         "R_1,ORG-A,2024-02-01 10:00:00,4,2,4,true",
         "R_2,ORG-B,2024-02-01 11:00:00,5,1,4,true",
         "R_3,ORG-B,2024-02-01 11:00:00,5,1",
     ])}})

case("qualtrics-third-record-not-third-line", ok((2, 2, 0),
     notes="The label row holds a quoted line break, so the ImportId record is the third record but starts on "
           "line 4: records 2 and 3 are still skipped (SPEC §7 counts records)."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": csv_text([
         HEADER,
         'Response ID,Organisation,"Submitted\nat",C1,C2,I1,K1',
         '"{""ImportId"":""_recordId""}",x,x,x,x,x,x',
         GOOD[0], GOOD[2],
     ])}})

case("qualtrics-blank-lines-between-metadata", ok((2, 2, 0),
     notes="Empty lines after the header and between the Qualtrics metadata records: empty lines are not "
           "records, so the label and ImportId records are still records 2 and 3 and are skipped."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": csv_text([
         HEADER, "",
         "Response ID,Organisation,Submitted at,C1,C2,I1,K1", "",
         '"{""ImportId"":""_recordId""}",x,x,x,x,x,x',
         GOOD[0], GOOD[2],
     ])}})

case("qualtrics-lookalike-not-skipped", ok((3, 1, 2), [[2, "Response ID", "unknown_organisation"],
                                                      [3, '{"Import":"_recordId"}', "unknown_organisation"]],
     notes="The third record starts with {\"Import\" but not {\"ImportId\": nothing is skipped, so the two "
           "metadata rows are rows read and rejected."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": csv_text([
         HEADER,
         "Response ID,Organisation,Submitted,C1,C2,I1,K1",
         '"{""Import"":""_recordId""}",x,x,x,x,x,x',
         GOOD[0],
     ])}})

case("case-sensitive-organisation-ids", ok((3, 2, 1), [[3, "r2", "unknown_organisation"]],
     notes="Organisation ids are trimmed and then matched exactly: ' ORG-A ' is ORG-A, 'org-a' is unknown."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
         "r1, ORG-A ,2024-02-01,4,2,4,true",
         "r2,org-a,2024-02-01,4,2,4,true",
         "r3,ORG-B,2024-02-01,4,2,4,true",
     ])}})

case("unicode-white-space-trimming", ok((7, 4, 3), [
    [2, "u1", "duplicate_superseded"], [5, "u2", "unknown_organisation"], [8, "u5", "empty_response"]],
    notes="Cells are trimmed of Unicode white space as Python's str.strip() (NBSP, EM SPACE, U+3000, NEL, "
          "U+2028) but not of U+200B: ' u1 ' and 'u1' are one id, 'u2\\u200b' is its own id, 'ORG-B\\u200b' is "
          "unknown, U+2028 is not a line break."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
        "\u00a0u1\u2003,\u3000ORG-A\u00a0,2024-02-01,4,2,4,true",
        "u1,ORG-A,2024-02-02,3,3,3,false",
        "u2\u200b,ORG-A,2024-02-01,4,2,4,true",
        "u2,ORG-B\u200b,2024-02-01,4,2,4,true",
        "\u0085u3\u0085,ORG-B,2024-02-01, 4\u00a0,2,4,true",
        "\u2028u4,ORG-C,2024-02-01,4,2,4,true",
        "u5,ORG-C,2024-02-01,\u00a0,\u3000,N/A\u00a0,\u2003",
    ])}})
case("windows-1252-nbsp-ids", ok((4, 2, 2), [[2, "w1", "duplicate_superseded"], [5, "w3", "empty_response"]],
     notes="A Windows-1252 file (0xE9 makes it invalid UTF-8) with 0xA0 (NBSP) around ids and in cells: "
           "decoded, then trimmed like any white space."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": (HEADER + "\n").encode() + b"\xa0w1\xa0,ORG-A,2024-02-01,4,2,4,true\n"
                   b"w1,ORG-A,2024-02-02,3,3,3,false\nw2,\xa0ORG-B\xa0,2024-02-01,Agr\xe9e,2,4,true\n"
                   b"w3,ORG-C,2024-02-01,\xa0,\xa0,\xa0,\xa0\n"}})

case("formula-and-quoted-ids-in-rejects", ok((5, 1, 4), [
    [2, "=cmd|' /C calc'!A0", "unknown_organisation"],
    [3, "+1,2", "unknown_organisation"],
    [4, '-1 "q"', "unknown_organisation"],
    [5, "@x\nline", "unknown_organisation"],
], notes="Response ids starting with = + - @ and holding commas, quotes and a line break reach rejects.csv "
         "exactly, quoted by the CSV rules (SPEC §7); the physical line of a record with an inner break counts it."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
        "=cmd|' /C calc'!A0,ORG-Z,2024-02-01,4,2,4,true",
        '"+1,2",ORG-Z,2024-02-01,4,2,4,true',
        '"-1 ""q""",ORG-Z,2024-02-01,4,2,4,true',
        '"@x\nline",ORG-Z,2024-02-01,4,2,4,true',
        "ok,ORG-A,2024-02-01,4,2,4,true",
    ])}})

case("invalid-cells-empty-response", ok((4, 2, 2), [[2, "r1", "empty_response"], [3, "r2", "empty_response"]],
     outputs_contain={"w1/centre/items.csv": ["w1,national,C1,1,100.000000,"]},
     notes="Likert 6, 0, 4.0, +4, yes and knowledge 'maybe' are invalid values, so a row of them answers "
           "nothing (empty_response); '04' is 4; a knowledge don't-know alone is an answer."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
         "r1,ORG-A,2024-02-01,6,0,4.0,maybe",
         "r2,ORG-A,2024-02-01,+4,yes,N/A,",
         "r3,ORG-B,2024-02-01,04,,,",
         "r4,ORG-B,2024-02-01,,,,DK",
     ])}})

# ============================================================================ register

def register_error(line: int, id_text: str, rows: list[str], notes: str, column: int = 1) -> dict:
    return fail("organisations.csv", id_text,
                matches=[rf"organisations\.csv:{line}:{column}: error: "], notes=notes)


def register(rows: list[str], header: str = "organisation_id,name,sector,signatory") -> str:
    return csv_text([header] + rows)


REG_OK = ["ORG-A,Alpha Trust,Health,yes", "ORG-B,Bravo Council,Councils,no", "ORG-C,Charlie Care,Health,no"]

case("register-dotdot-id", register_error(3, "../x", [], "An organisation id '../x' would escape the partners "
     "folder: a fatal register error naming the line, never a path (SPEC §2.2)."),
     register=register(REG_OK[:1] + ["../x,Escaper,Health,no"] + REG_OK[1:]))
case("register-slash-id", register_error(2, "a/b", [], "An id holding '/' would name a subfolder: fatal, line 2."),
     register=register(["a/b,Slash Trust,Health,no"] + REG_OK))
case("register-space-id", register_error(5, "ORG D", [], "An id with an inner space: fatal (outer spaces are trimmed)."),
     register=register(REG_OK + ["ORG D,Spaced Trust,Health,no"]))
case("register-200-character-id", register_error(2, "A" * 60, [], "A 200-character id (the limit is 64): fatal."),
     register=register(["A" * 200 + ",Long Trust,Health,no"] + REG_OK))
case("register-65-character-id", register_error(2, "B" * 60, [], "65 characters is one too many: fatal."),
     register=register(["B" * 65 + ",Long Trust,Health,no"] + REG_OK))
case("register-empty-id", register_error(3, "organisation_id", [], "A blank organisation_id: fatal, line 3."),
     register=register(REG_OK[:1] + [",Nameless Trust,Health,no"] + REG_OK[1:]))
case("register-duplicate-id", fail("organisations.csv", "ORG-A", matches=[r"organisations\.csv:5:1: error: [^\n]*ORG-A"],
     notes="A duplicate organisation id: fatal, at the second line."),
     register=register(REG_OK + ["ORG-A,Alpha Again,Health,no"]))
case("register-every-problem-at-once", fail(
    "organisations.csv", "-lead", "_x", "ÖRG",
    matches=[r"organisations\.csv:2:1: error: [^\n]*-lead", r"organisations\.csv:3:1: error: [^\n]*_x",
             r"organisations\.csv:4:1: error: [^\n]*ÖRG", r"organisations\.csv:5:1: error: "],
    notes="Ids starting with '-' or '_', a non-ASCII id and a newline inside an id: every problem reported at once."),
    register=register(["-lead,Dash Trust,Health,no", "_x,Underscore Trust,Health,no", "ÖRG,Umlaut Trust,Health,no",
                       '"ORG\nX",Newline Trust,Health,no'] + REG_OK))
case("register-missing-column", fail("organisations.csv", "signatory", matches=[r"organisations\.csv:1:1: error: "],
     notes="The register lacks the signatory column: fatal, the header line is named."),
     register=csv_text(["organisation_id,name,sector"] + [",".join(r.split(",")[:3]) for r in REG_OK]))
case("register-malformed-row", fail("organisations.csv", matches=[r"organisations\.csv:3:1: error: "],
     notes="A register row with too many fields: fatal (SPEC §7: a malformed register row)."),
     register=register(REG_OK[:1] + ["ORG-X,Extra,Health,no,surplus"] + REG_OK[1:]))
case("register-unterminated-quote", fail("organisations.csv", matches=[r"organisations\.csv:3:1: error: "],
     notes="A register row opening a quote that never closes: fatal, at the line where it starts."),
     register=register(REG_OK[:1] + ['ORG-X,"Unclosed,Health,no'] + REG_OK[1:]))
case("register-empty-file", fail("organisations.csv", matches=[r"organisations\.csv(:1:1)?: error: "],
     notes="A zero-byte register: fatal."),
     register="")
case("register-missing-file", fail("organisations.csv", notes="No organisations.csv at all: fatal."), register=None)
case("register-header-only", ok((6, 0, 6), [[n + 2, f"r{n + 1}", "unknown_organisation"] for n in range(6)],
     notes="A register with no organisations: every row is unknown_organisation, reports still written, "
           "the accounting balances."),
     register="organisation_id,name,sector,signatory\n")
case("register-id-edges", ok((4, 4, 0),
     outputs_exist=["w1/partners/9/report.md", "w1/partners/" + "Z" * 64 + "/report.md", "w1/partners/a_b-c/report.md",
                    "w1/partners/ORG-A/report.md"],
     notes="Ids '9', 'a_b-c', ' ORG-A ' (trimmed) and a 64-character id are valid and each names a folder."),
     register=register(["9,Nine,Health,yes", "a_b-c,Mixed,Health,no", " ORG-A ,Alpha Trust,Councils,no",
                        "Z" * 64 + ",Long Trust,Councils,no"]),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
         "r1,9,2024-02-01,4,2,4,true", "r2,a_b-c,2024-02-01,4,2,4,true", "r3,ORG-A,2024-02-01,4,2,4,true",
         "r4," + "Z" * 64 + ",2024-02-01,4,2,4,true"])}})

# ============================================================================ names: escaping

def name_case(name: str, names: list[str], notes: str, sectors: list[str] | None = None,
              prefixes: list[str] | None = None, instrument: str = INSTRUMENT, wave: str = WAVE,
              workbook_names: list[str] | None = None) -> None:
    """Organisations N01... named `names`, three respondents each; `escaping.names` are looked for as text in
    the workbooks (all of them unless `workbook_names` says which: a control character is stored _x0001_)."""
    sectors = sectors or ["Health", "Councils"]
    rows = []
    reg = ["organisation_id,name,sector,signatory"]
    for index, org_name in enumerate(names):
        org = f"N{index + 1:02d}"
        quoted = '"' + org_name.replace('"', '""') + '"'
        sector = sectors[index % len(sectors)]
        reg.append(f'{org},{quoted},"{sector.replace(chr(34), chr(34) * 2)}",{"yes" if index % 2 == 0 else "no"}')
        for person in range(3):
            v = (index + person) % 5 + 1
            rows.append(f"{org}-{person},{org},2024-02-01,{v},{6 - v},{(v % 5) + 1},{'true' if person else 'false'}")
    expect = ok((len(rows), len(rows), 0),
                escaping={"names": names if workbook_names is None else workbook_names,
                          "forbidden_line_prefixes": prefixes or []},
                notes=notes)
    case(name, expect, instrument=instrument, register=csv_text(reg),
         waves={"w1": {"wave.yaml": wave, "responses.csv": responses(rows)}})


name_case("names-pipes", ["Pipe | Trust", "|Leading pipe", "Trailing pipe|", "Many || pipes | here |", "Plain Council"],
          "Names holding '|' never add a table column: every table row keeps its column count.")
name_case("names-html", ["<script>alert(1)</script> Council", "<img src=x onerror=alert(1)>", "</td></tr><b>bold</b>",
                         "<!-- comment --> Trust", "Plain Council"],
          "Names holding HTML: no raw tag in Markdown or SVG; SVG stays well-formed XML.")
name_case("names-links", ["[x](javascript:alert(1))", "[ref]: javascript:alert(1)", "http://evil.example/x",
                          "www.evil.example", "mail a@b.example", "<https://evil.example>", "![img](http://evil.example/i.png)"],
          "Names that look like links, reference definitions, autolinks and images never become links.")
name_case("names-backticks", ["Back `ticks` Trust", "```fence", "`unclosed", "``double`` | pipe", "Plain Council"],
          "Backticks in names never open a code span that swallows a table delimiter.")
name_case("names-newlines", ["Line one\nZZline two", "Evil\n# Injected heading", "Row\n| forged | row | here |",
                             "Crlf\r\nZZcrlf name", "Lone\rZZcr name", "Plain Council"],
          "Line breaks in names (quoted in the register) never break a table or start a heading.",
          prefixes=["# Injected", "| forged", "ZZline", "ZZcrlf", "ZZcr"])
name_case("names-formula-prefixes", ["=SUM(1+1)*cmd|' /C calc'!A0", "+44 Trust", "-2+3 Council", "@SUM(A1) Care",
                                     "=HYPERLINK(\"http://evil.example\",\"x\")", "=A1\tB1"],
          "Names starting with =, +, -, @ (one holding a tab) are text in every workbook cell, never a formula.")
name_case("names-markdown-emphasis", ["**bold** _em_ ~~strike~~", "\\ backslash \\| escaped", "# Heading Trust",
                                      "> quote Trust", "1. list Trust", "&amp; &lt;b&gt; entity"],
          "Emphasis, backslashes, heading, quote and list markers and entities in names stay literal text.")

EVERYWHERE = INSTRUMENT.replace("title: Culture", 'title: "Culture | <script>alert(1)</script> [x](javascript:alert(1))"') \
    .replace("text: Sharing information with partners is part of good care here.",
             'text: "=HYPERLINK(\\"http://evil.example\\") | `tick` <b>bold</b>"') \
    .replace("title: Hostile input corpus", 'title: "Hostile | <script>x</script>"') + \
    'glossary:\n  "<script>term</script> | [t](javascript:x)": "def | <img src=x onerror=alert(1)> `tick`"\n'
name_case("names-everywhere", ["Pipe | <script>alert(1)</script> [x](javascript:alert(1)) `t`", "=cmd|' /C calc'!A0",
                               "Plain Council", "Another Trust", "Third Trust", "Fourth Trust"],
          "Hostile text in sector names (national report), wave title, instrument title, domain title, item text "
          "and glossary as well as organisation names: every Markdown, SVG and workbook output stays inert.",
          sectors=["Sector | <script>s</script>", "=SUM(A1) [s](javascript:alert(1))"], instrument=EVERYWHERE,
          wave='id: w1\ntitle: "Wave | <script>w</script> [w](javascript:alert(1))"\nopens: 2024-01-01\ncloses: 2024-12-31\n')

# ============================================================================ instrument validation (SPEC §2.1, §7)

I = INSTRUMENT


def inst_case(name: str, text: str, line: int | str, path: str, notes: str) -> None:
    case(name, instrument_error(line, path, notes=notes), instrument=text)


t = replace_once(I, "  - id: ig\n", "  - id: culture\n")
inst_case("inst-duplicate-domain-id", t, line_of(t, "- id: culture", 2), "domains[1].id", "Two domains with id culture.")
t = replace_once(I, "      - id: I1\n", "      - id: C1\n")
inst_case("inst-duplicate-item-id", t, line_of(t, "- id: C1", 2), "domains[1].items[0].id", "Item id C1 twice (across domains).")
t = replace_once(I, "      - id: I1\n", "      - id: c1\n")
inst_case("inst-item-ids-differ-in-case", t, line_of(t, "- id: c1"), "domains[1].items[0].id",
          "Item ids C1 and c1 name the same column (headers match case-insensitively): fatal.")
t = replace_once(I, "  - id: culture\n", "  - id: 1culture\n")
inst_case("inst-bad-domain-id", t, line_of(t, "1culture"), "domains[0].id", "A domain id starting with a digit.")
t = replace_once(I, "      - id: C1\n", "      - id: C-1\n")
inst_case("inst-bad-item-id", t, line_of(t, "C-1"), "domains[0].items[0].id", "An item id holding '-'.")
t = replace_once(I, "      - id: C1\n", "      - id: C" + "1" * 32 + "\n")
inst_case("inst-item-id-too-long", t, line_of(t, "C111"), "domains[0].items[0].id", "A 33-character item id (limit 32).")
t = replace_once(I, "      - id: I1\n", "      - text: no id\n").replace("      - text: no id\n        text: I know when I may share without consent.\n", "      - text: no id\n")
inst_case("inst-item-without-id", t, line_of(t, "- text: no id"), "domains[1].items[0].id", "An item without an id.")
t = replace_once(I, "    title: Culture\n", "    title: Culture\n    weight: 0\n")
inst_case("inst-weight-zero", t, line_of(t, "weight: 0"), "domains[0].weight", "weight 0 (must be > 0).")
t = replace_once(I, "    title: Understanding of IG rules\n", "    title: Understanding of IG rules\n    weight: -1.5\n")
inst_case("inst-weight-negative", t, line_of(t, "weight: -1.5"), "domains[1].weight", "A negative weight.")
t = replace_once(I, "    title: Culture\n", "    title: Culture\n    weight: heavy\n")
inst_case("inst-weight-not-a-number", t, line_of(t, "weight: heavy"), "domains[0].weight", "A weight that is text (wrong YAML type).")

LEVELS = "levels:\n  - name: Emerging\n    from: {0}\n  - name: {n1}\n    from: {1}\n  - name: Established\n    from: {2}\n"


def with_levels(a, b, c, n1="Developing"):
    return replace_once(I, "domains:\n", LEVELS.format(a, b, c, n1=n1) + "domains:\n")


t = with_levels(0, 60, 40)
inst_case("inst-levels-not-ascending", t, line_of(t, "from: 40"), "levels[2].from", "Levels 0, 60, 40: not ascending.")
t = with_levels(0, 40, 40)
inst_case("inst-levels-equal-from", t, line_of(t, "from: 40", 2), "levels[2].from", "Levels 0, 40, 40: not strictly ascending.")
t = with_levels(10, 40, 60)
inst_case("inst-levels-not-from-zero", t, line_of(t, "from: 10"), "levels[0].from", "The first level starts at 10, not 0.")
t = with_levels(0, 40, 120)
inst_case("inst-level-from-above-100", t, line_of(t, "from: 120"), "levels[2].from", "A level from 120 (outside 0-100).")
t = with_levels(-5, 40, 60)
inst_case("inst-level-from-below-0", t, line_of(t, "from: -5"), "levels[0].from", "A level from -5 (outside 0-100).")
t = replace_once(I, "domains:\n", "levels:\n  - name: Emerging\n    from: 0\n  - from: 40\n  - name: Established\n    from: 60\n" + "domains:\n")
inst_case("inst-level-without-name", t, line_of(t, "- from: 40"), "levels[1].name", "A level without a name.")


def with_threshold(line: str) -> str:
    return replace_once(I, "  min_organisations: 2\n", "  min_organisations: 2\n" + line + "\n")


for key, value, label in [
    ("min_respondents", "0", "min-respondents-zero"),
    ("min_respondents", "2.5", "min-respondents-not-integer"),
    ("min_organisations", "0", "min-organisations-zero"),
    ("min_answered_fraction", "0", "min-answered-fraction-zero"),
    ("min_answered_fraction", "1.5", "min-answered-fraction-above-one"),
    ("favourable_score", "100.5", "favourable-score-above-100"),
    ("favourable_score", "-1", "favourable-score-negative"),
    ("min_change", "-0.5", "min-change-negative"),
    ("min_change", "101", "min-change-above-100"),
    ("alpha", "1", "alpha-one"),
    ("alpha", "0", "alpha-zero"),
]:
    if key in ("min_respondents", "min_organisations"):
        t = I.replace(f"  {key}: 2\n", f"  {key}: {value}\n")
    else:
        t = with_threshold(f"  {key}: {value}")
    inst_case(f"inst-threshold-{label}", t, line_of(t, f"{key}: {value}"), f"thresholds.{key}",
              f"thresholds.{key} = {value} is out of range (SPEC §7).")

case("inst-thresholds-at-bounds", ok((6, 6, 0), notes="Every threshold at its allowed bound (min_answered_fraction 1, "
     "favourable_score 0, min_change 100, alpha 0.999, min_respondents 1, min_organisations 1): valid, exit 0."),
     instrument=I.replace("  min_respondents: 2\n  min_organisations: 2\n",
                          "  min_respondents: 1\n  min_organisations: 1\n  min_answered_fraction: 1\n"
                          "  favourable_score: 0\n  min_change: 100\n  alpha: 0.999\n"))

t = replace_once(I, "        answer: true\n", "")
inst_case("inst-knowledge-without-answer", t, line_of(t, "- id: K1"), "domains[1].items[1].answer", "A knowledge item without answer.")
t = replace_once(I, "        reverse: true\n", "        reverse: maybe\n")
inst_case("inst-reverse-not-boolean", t, line_of(t, "reverse: maybe"), "domains[0].items[1].reverse", "reverse: maybe.")
t = replace_once(I, "        answer: true\n", "        answer: 42\n")
inst_case("inst-answer-not-boolean", t, line_of(t, "answer: 42"), "domains[1].items[1].answer", "answer: 42.")
t = replace_once(I, "        type: knowledge\n", "        type: scale\n").replace("        answer: true\n", "")
inst_case("inst-item-type-unknown", t, line_of(t, "type: scale"), "domains[1].items[1].type", "type: scale (likert or knowledge).")


def with_alias(item: str, alias: str) -> str:
    return replace_once(I, f"      - id: {item}\n", f"      - id: {item}\n        aliases: [{alias}]\n")


t = with_alias("I1", "C1")
inst_case("inst-alias-collides-item-id", t, line_of(t, "aliases: [C1]"), "domains[1].items[0].aliases[0]",
          "Item I1 has alias C1, another item's id.")
t = with_alias("I1", "organisation_id")
inst_case("inst-alias-collides-fixed-column", t, line_of(t, "aliases: [organisation_id]"), "domains[1].items[0].aliases[0]",
          "An item alias equal to a fixed column's name.")
t = with_alias("I1", "submittedat")
inst_case("inst-alias-collides-fixed-alias", t, line_of(t, "aliases: [submittedat]"), "domains[1].items[0].aliases[0]",
          "An item alias equal (case-insensitively) to the alias SubmittedAt of submitted_at.")
t = replace_once(with_alias("C1", "Q1"), "      - id: I1\n", "      - id: I1\n        aliases: [' q1 ']\n")
inst_case("inst-alias-collides-other-alias", t, line_of(t, "' q1 '"), "domains[1].items[0].aliases[0]",
          "Two items share the alias Q1 (trimmed, case-insensitive).")
t = replace_once(I, "  role: [Role]\n", "  role: [Role, C2]\n")
case("inst-fixed-alias-collides-item", fail("instrument.yaml", "C2", matches=[
    rf"instrument\.yaml:({line_of(t, 'role: [Role, C2]')}|{line_of(t, '- id: C2')}):[0-9]+: error: (columns\.role\[1\]|domains\[0\]\.items\[1\]\.id)(?![A-Za-z0-9_])"],
    notes="The role column's alias C2 is also an item id."), instrument=t)
t = replace_once(I, "  role: [Role]\n", "  role: [Role]\n  respondent: [RespondentId]\n")
inst_case("inst-columns-unknown-key", t, line_of(t, "respondent:"), "columns.respondent", "An unknown key under columns.")

t = replace_once(I, "domains:\n", "likert_labels:\n  - Strongly disagree\n  - Disagree\n  - Neutral\n  - Agree\n  - agree\n" + "domains:\n")
inst_case("inst-likert-labels-duplicate", t, line_of(t, "  - agree"), "likert_labels[4]", "Labels Agree and agree are one label.")
t = replace_once(I, "domains:\n", "likert_labels:\n  - Disagree\n  - Neutral\n  - Agree\n  - Strongly agree\n" + "domains:\n")
# The key's line or the list's first line both locate a list of the wrong length.
inst_case("inst-likert-labels-four", t, f"({line_of(t, 'likert_labels:')}|{line_of(t, 'likert_labels:') + 1})", "likert_labels",
          "Four labels, not five.")

t = I.split("domains:\n")[0] + "domains: {culture: Culture}\n"
inst_case("inst-wrong-type-domains", t, line_of(t, "domains:"), "domains", "domains is a mapping, not a list.")
t = replace_once(I, "title: Hostile input corpus\n", "title: {en: Hostile}\n")
inst_case("inst-wrong-type-title", t, line_of(t, "title: {en"), "title", "title is a mapping, not text.")
t = replace_once(I, "thresholds:\n  min_respondents: 2\n  min_organisations: 2\n", "thresholds: [2, 2]\n")
inst_case("inst-wrong-type-thresholds", t, line_of(t, "thresholds:"), "thresholds", "thresholds is a list.")
t = replace_once(I, "roles: [Frontline practitioner, Team manager]\n", "roles: {a: b}\n")
inst_case("inst-wrong-type-roles", t, line_of(t, "roles:"), "roles", "roles is a mapping.")
t = replace_once(I, "domains:\n", "missing_tokens: 5\ndomains:\n")
inst_case("inst-wrong-type-missing-tokens", t, line_of(t, "missing_tokens:"), "missing_tokens", "missing_tokens is a number.")
t = I.replace("    items:\n      - id: I1\n        text: I know when I may share without consent.\n      - id: K1\n"
              "        type: knowledge\n        answer: true\n        text: You may share without consent to protect someone from serious harm.\n",
              "    items: I1\n")
inst_case("inst-wrong-type-items", t, line_of(t, "items: I1"), "domains[1].items", "items is text, not a list.")
t = replace_once(I, "  min_respondents: 2\n", "  min_respondents: ten\n")
inst_case("inst-wrong-type-threshold", t, line_of(t, "min_respondents: ten"), "thresholds.min_respondents", "A threshold that is text.")
t = I.replace("id: hostile\n", "").replace('version: "1"\n', "")
case("inst-missing-id-and-version", fail("instrument.yaml", "id", "version", matches=[r"error: id\b", r"error: version\b"],
     notes="id and version missing: both reported."), instrument=t)
t = I.split("domains:\n")[0] + "domains: []\n"
inst_case("inst-empty-domains", t, line_of(t, "domains:"), "domains", "An empty domains list.")
t = replace_once(I, "roles: [Frontline practitioner, Team manager]\n", "roles: [Frontline practitioner, Team manager\n")
case("inst-yaml-syntax-error", fail("instrument.yaml", matches=[r"instrument\.yaml:[0-9]+:[0-9]+: error: "],
     notes="An unclosed flow list: the YAML error is located as file:line:column."), instrument=t)
t = replace_once(I, "    title: Culture\n", "\ttitle: Culture\n")
case("inst-tab-indentation", fail("instrument.yaml", matches=[r"instrument\.yaml:[0-9]+:[0-9]+: error: "],
     notes="A tab used for indentation (not allowed in YAML): located error."), instrument=t)
case("inst-empty-file", fail("instrument.yaml", notes="A zero-byte instrument: fatal."), instrument="")
case("inst-missing-file", fail("instrument.yaml", notes="No instrument.yaml: fatal."), instrument=None)
case("inst-top-level-list", fail("instrument.yaml", matches=[r"instrument\.yaml:1:1: error: "],
     notes="The instrument is a YAML list, not a mapping."), instrument="- id: hostile\n- version: 1\n")
t = replace_once(I, "  - id: ig\n", "  - id: culture\n")
t = replace_once(t, "    title: Culture\n", "    title: Culture\n    weight: 0\n")
t = replace_once(t, "        answer: true\n", "")
t = replace_once(t, "  min_organisations: 2\n", "  min_organisations: 2\n  alpha: 2\n")
t = replace_once(t, "  role: [Role]\n", "  role: [Role]\n  respondent: [X]\n")
case("inst-every-problem-at-once", fail("instrument.yaml", matches=[
    rf"instrument\.yaml:{line_of(t, 'alpha: 2')}:[0-9]+: error: thresholds\.alpha\b",
    rf"instrument\.yaml:{line_of(t, 'respondent: [X]')}:[0-9]+: error: columns\.respondent\b",
    rf"instrument\.yaml:{line_of(t, 'weight: 0')}:[0-9]+: error: domains\[0\]\.weight\b",
    rf"instrument\.yaml:{line_of(t, '- id: culture', 2)}:[0-9]+: error: domains\[1\]\.id\b",
    rf"instrument\.yaml:{line_of(t, '- id: K1')}:[0-9]+: error: domains\[1\]\.items\[1\]\.answer\b"],
    notes="Five different problems: all reported in one run, each with line and path."), instrument=t)
t = I.replace("roles: [Frontline practitioner, Team manager]\n",
              "roles: [Frontline practitioner, Team manager]\n"
              'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
              + "".join(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9))) \
    + "glossary: {bomb: *a8}\n"
case("inst-alias-bomb", fail("instrument.yaml", "too many alias expansions", matches=[
    rf"instrument\.yaml:{line_of(t, 'a3: &a3')}:[0-9]+: error: too many alias expansions: \*a2 brings the file to 1008"],
    notes="A 'billion laughs' YAML alias bomb (10^9 strings if expanded) before a glossary definition: refused "
          "where the expansions pass 1,000 (the 8th *a2 of a3: 10 + 110 + 8 x 111), before anything is composed; "
          "promptly, no memory blow-up.", timeout=30), instrument=t)
case("inst-deep-nesting", {
    "exit": 1, "stderr_contains": ["instrument.yaml"],
    "stderr_matches": [r"instrument\.yaml:[0-9]+:[0-9]+: error: "],
    "generate": {"surveys/instrument.yaml": [{"placeholder": "@@OPEN@@", "kind": "repeat", "text": "[", "count": 100000},
                                             {"placeholder": "@@CLOSE@@", "kind": "repeat", "text": "]", "count": 100000}]},
    "timeout": 30,
    "notes": "A glossary value nested 100,000 lists deep (generated): no stack overflow, a located error, exit 1."},
    instrument=I + "glossary: {deep: @@OPEN@@@@CLOSE@@}\n")

# ============================================================================ waves

W = WAVE
case("wave-missing-yaml", fail("w1/wave.yaml", notes="A wave folder with responses.csv and no wave.yaml: fatal."),
     waves={"w1": {"responses.csv": responses(GOOD)}})
case("wave-invalid-yaml", fail("w1/wave.yaml", matches=[r"w1/wave\.yaml:[0-9]+:[0-9]+: error: "],
     notes="wave.yaml with an unclosed flow list: a located fatal error."),
     waves={"w1": {"wave.yaml": "id: w1\ntitle: [Wave one\nopens: 2024-01-01\ncloses: 2024-12-31\n", "responses.csv": responses(GOOD)}})
case("wave-empty-yaml", fail("w1/wave.yaml", notes="A zero-byte wave.yaml: no opens or closes, fatal."),
     waves={"w1": {"wave.yaml": "", "responses.csv": responses(GOOD)}})
case("wave-yaml-is-a-list", fail("w1/wave.yaml", notes="wave.yaml holding a list: fatal."),
     waves={"w1": {"wave.yaml": "- 2024-01-01\n- 2024-12-31\n", "responses.csv": responses(GOOD)}})
case("wave-bad-dates", fail("w1/wave.yaml", "opens", "closes",
     matches=[r"w1/wave\.yaml:3:[0-9]+: error: [^\n]*opens", r"w1/wave\.yaml:4:[0-9]+: error: [^\n]*closes"],
     notes="opens 2024-02-30 (no such day) and closes 2024-1-5 (not two digits): both reported with lines."),
     waves={"w1": {"wave.yaml": "id: w1\ntitle: Wave one\nopens: 2024-02-30\ncloses: 2024-1-5\n", "responses.csv": responses(GOOD)}})
case("wave-uk-date", fail("w1/wave.yaml", "opens", matches=[r"w1/wave\.yaml:3:[0-9]+: error: [^\n]*opens"],
     notes="opens written 01/02/2024: wave dates must be ISO."),
     waves={"w1": {"wave.yaml": "id: w1\ntitle: Wave one\nopens: 01/02/2024\ncloses: 2024-12-31\n", "responses.csv": responses(GOOD)}})
case("wave-closes-missing", fail("w1/wave.yaml", "closes", notes="No closes date: fatal."),
     waves={"w1": {"wave.yaml": "id: w1\ntitle: Wave one\nopens: 2024-01-01\n", "responses.csv": responses(GOOD)}})
case("wave-opens-wrong-type", fail("w1/wave.yaml", "opens", matches=[r"w1/wave\.yaml:3:[0-9]+: error: [^\n]*opens"],
     notes="opens is a list: fatal, located."),
     waves={"w1": {"wave.yaml": "id: w1\ntitle: Wave one\nopens: [2024-01-01]\ncloses: 2024-12-31\n", "responses.csv": responses(GOOD)}})
case("wave-closes-before-opens", fail("w1/wave.yaml", "closes", matches=[r"w1/wave\.yaml:4:[0-9]+: error: [^\n]*closes"],
     notes="closes 2024-05-31 before opens 2024-06-01: fatal, at the closes line."),
     waves={"w1": {"wave.yaml": "id: w1\ntitle: Wave one\nopens: 2024-06-01\ncloses: 2024-05-31\n", "responses.csv": responses(GOOD)}})
case("wave-duplicate-id", fail("wave.yaml", "spring", matches=[r"(a|b)/wave\.yaml:1:[0-9]+: error: [^\n]*spring"],
     notes="Two wave folders whose wave.yaml both say id: spring: fatal, located at the id line."),
     waves={"a": {"wave.yaml": "id: spring\ntitle: A\nopens: 2024-01-01\ncloses: 2024-06-30\n", "responses.csv": responses(GOOD)},
            "b": {"wave.yaml": "id: spring\ntitle: B\nopens: 2024-07-01\ncloses: 2024-12-31\n", "responses.csv": responses(GOOD)}})
case("wave-duplicate-id-from-folder", fail("wave.yaml", "'b'",
     notes="Folder a says id: b and folder b has no id (so its id is its folder name b): two waves with one id."),
     waves={"a": {"wave.yaml": "id: b\ntitle: A\nopens: 2024-01-01\ncloses: 2024-06-30\n", "responses.csv": responses(GOOD)},
            "b": {"wave.yaml": "title: B\nopens: 2024-07-01\ncloses: 2024-12-31\n", "responses.csv": responses(GOOD)}})
case("wave-id-traversal", fail("w1/wave.yaml", "../evil", matches=[r"w1/wave\.yaml:1:[0-9]+: error: [^\n]*\.\./evil"],
     notes="A wave id '../evil' cannot name a folder: fatal, nothing written outside --out."),
     waves={"w1": {"wave.yaml": "id: ../evil\ntitle: Evil\nopens: 2024-01-01\ncloses: 2024-12-31\n", "responses.csv": responses(GOOD)}})
case("wave-folder-name-with-space", fail("wave one", notes="No id in wave.yaml and a folder named 'wave one': the id "
     "defaults to the folder name, which cannot name an output folder: fatal."),
     waves={"wave one": {"wave.yaml": "title: Wave one\nopens: 2024-01-01\ncloses: 2024-12-31\n", "responses.csv": responses(GOOD)}})
case("wave-none", fail("wave", notes="A surveys folder with an instrument and a register but no wave: fatal."), waves={})
case("wave-responses-missing", fail("w1/responses.csv", notes="A wave folder with wave.yaml and no responses.csv: fatal."),
     waves={"w1": {"wave.yaml": W}})
case("wave-equal-dates", ok((3, 2, 1), [[4, "r3", "outside_wave_window"]],
     notes="opens = closes = 2024-02-01: the one-day window is inclusive on both ends."),
     waves={"w1": {"wave.yaml": "id: w1\ntitle: One day\nopens: 2024-02-01\ncloses: 2024-02-01\n", "responses.csv": responses([
         "r1,ORG-A,2024-02-01,4,2,4,true", "r2,ORG-A,2024-02-01T23:59:59Z,4,2,4,true", "r3,ORG-A,2024-02-02,4,2,4,true"])}})
case("wave-id-from-folder", ok((6, 6, 0), wave="spring-2024", outputs_exist=["spring-2024/data-quality.md", "spring-2024/rejects.csv"],
     notes="A wave.yaml without id (and a UTF-8 BOM): the id is the folder name."),
     waves={"spring-2024": {"wave.yaml": "\ufefftitle: Spring\nopens: 2024-01-01\ncloses: 2024-12-31\n", "responses.csv": responses(GOOD)}})

# ============================================================================ more shapes

case("leading-blank-lines-before-header", ok((3, 2, 1), [[5, "r2", "malformed_row"]],
     notes="Two empty lines (LF, CRLF) before the header: the header is on line 3 and data lines count from there."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": "\n\r\n" + responses([GOOD[0], "r2,ORG-A", GOOD[2]])}})
case("leading-blank-lines-missing-column", fail("w1/responses.csv", "response_id", matches=[r"w1/responses\.csv:3:1: error: "],
     notes="Empty lines before a header lacking response_id: the error names line 3, where the header is."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": "\n\n" + responses(GOOD, header=HEADER.replace("response_id", "id"))}})
case("two-waves-rejects-in-each", {
    "exit": 0,
    "rows": {"a": {"read": 7, "scored": 5, "rejected": 2}, "b": {"read": 8, "scored": 6, "rejected": 2}},
    "rejects": {"a": [[4, "a3", "outside_wave_window"], [5, "a4", "duplicate_superseded"]],
                "b": [[4, "b3", "malformed_row"], [5, "b4", "unknown_organisation"]]},
    "outputs_exist": ["b/centre/changes.csv"],
    "notes": "Two waves, each with its own rejects: every wave's rows are accounted for separately; the later "
             "wave has a previous wave."},
    waves={"a": {"wave.yaml": "id: a\ntitle: Baseline\nopens: 2024-01-01\ncloses: 2024-06-30\n", "responses.csv": responses([
               "a1,ORG-A,2024-02-01,4,2,4,true", "a2,ORG-A,2024-02-02,3,3,5,false", "a3,ORG-B,2024-07-05,5,1,4,true",
               "a4,ORG-B,,2,4,1,DK", "a4,ORG-B,2024-03-01,2,4,1,DK", "a5,ORG-C,2024-03-01,Agree,Disagree,4,no",
               "a6,ORG-C,2024-03-02,1,5,2,t"])},
           "b": {"wave.yaml": "id: b\ntitle: Follow-up\nopens: 2024-07-01\ncloses: 2024-12-31\n", "responses.csv": responses([
               "b1,ORG-A,2024-08-01,5,1,5,true", "b2,ORG-A,2024-08-02,4,2,4,true", "b3,ORG-B,2024-08-03,4,2",
               "b4,ORG-Q,2024-08-03,4,2,4,true", "b5,ORG-B,2024-08-04,3,3,3,false", "b6,ORG-B,2024-08-05,3,3,3,false",
               "b7,ORG-C,2024-08-06,2,4,2,true", "b8,ORG-C,2024-08-07,2,4,2,true"])}})
case("hostile-unknown-column-names", ok((3, 3, 0),
     never_in_outputs=["FREE-TEXT-SENTINEL"],
     notes="Unknown header names holding HTML, links, pipes, backticks and formulas are listed in data-quality.md "
           "inertly; their cells (free text) reach no output."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(
         [g + ",FREE-TEXT-SENTINEL 1,FREE-TEXT-SENTINEL 2,FREE-TEXT-SENTINEL 3,FREE-TEXT-SENTINEL 4,FREE-TEXT-SENTINEL 5,x"
          for g in GOOD[:3]],
         header=HEADER + ',<script>alert(1)</script>,[x](javascript:alert(1)),a|b,`tick,=cmd,"x` [l](javascript:alert(1)) `"')}})
name_case("names-control-characters", ["Ctl\x01\x08\x0b\x1f end", "NonChar \ufffe\uffff end", "Del\x7f end",
                                       "Bidi \u202eevil\u202c end", "Plain Council"],
          "C0 controls, DEL, non-characters U+FFFE/U+FFFF and a bidi override in names and a sector: SVG stays "
          "well-formed XML, Markdown gets no raw control character, workbooks are written.",
          sectors=["Sec\x01tor", "Health"], workbook_names=["Plain Council"])
case("names-40000-characters", {
    "exit": 0, "rows": {"w1": {"read": 6, "scored": 6, "rejected": 0}}, "rejects": {"w1": []},
    "generate": {"surveys/organisations.csv": [{"placeholder": "@@LONG@@", "kind": "repeat", "text": "Long|<b>", "count": 5000}]},
    "escaping": {"names": [], "forbidden_line_prefixes": []},
    "notes": "A 40,000-character organisation name (over a workbook cell's 32,767 limit) holding pipes and HTML: "
             "the run still succeeds and every output stays inert."},
    register=REGISTER.replace("Alpha Trust", "@@LONG@@"))
case("register-empty-name-and-sector", ok((6, 6, 0),
     notes="An organisation with an empty name and an empty sector: still scored and reported, nothing breaks."),
     register=REGISTER.replace("ORG-A,Alpha Trust,Health,yes", "ORG-A,,,yes"))
case("wave-responses-is-a-folder", fail("w1/responses.csv", notes="responses.csv is a folder: fatal, exit 1."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv/keep": "x"}})
case("inst-is-a-folder", fail("instrument.yaml", notes="instrument.yaml is a folder: fatal, exit 1."),
     instrument=None, extra={"instrument.yaml/keep": "x"})

# ============================================================================ files big enough to be read in two halves

PAR_UNIT = 'p{n},ORG-A,2024-02-01,4,2,4,true,"x\r\ny\rz"\r\n'
case("large-file-quoted-breaks-around-the-middle", {
    "exit": 0,
    "rows": {"w1": {"read": 100003, "scored": 100001, "rejected": 2}},
    "rejects": {"w1": [[150002, "mid", "malformed_row"], [300003, "bad", "malformed_row"]]},
    "generate": {"surveys/w1/responses.csv": [
        {"placeholder": "@@A@@", "kind": "numbered", "format": PAR_UNIT, "first": 1, "count": 50000},
        {"placeholder": "@@B@@", "kind": "numbered", "format": PAR_UNIT, "first": 50001, "count": 50000}]},
    "timeout": 120,
    "notes": "A 4.5 MB file (over the size at which a reader may split the work in two) of 100,000 rows whose "
             "quoted notes hold CRLF and lone CR, with a malformed row at the middle: every physical line is "
             "counted exactly, whatever the reading strategy."},
    waves={"w1": {"wave.yaml": WAVE, "responses.csv":
                  HEADER + ",Notes\n@@A@@mid,ORG-A\n@@B@@bad,ORG-A\nq1,ORG-B,2024-02-01,4,2,4,true,x"}})
case("large-file-blank-lines-around-the-middle", {
    "exit": 0,
    "rows": {"w1": {"read": 3, "scored": 2, "rejected": 1}},
    "rejects": {"w1": [[2300005, "r2", "malformed_row"]]},
    "generate": {"surveys/w1/responses.csv": [{"placeholder": "@@BLANK@@", "kind": "repeat", "text": "\r\n", "count": 2300000}]},
    "timeout": 120,
    "notes": "2.3 million empty CRLF lines (4.6 MB) between rows: skipped, not rows read, but counted, so the "
             "malformed row after them is on line 2,300,005."},
    waves={"w1": {"wave.yaml": WAVE, "responses.csv":
                  HEADER + "\n" + GOOD[0] + "\n@@BLANK@@\n\rr2,ORG-A\n" + GOOD[2] + "\n"}})
case("large-quoted-field-of-fake-rows", {
    "exit": 0,
    "rows": {"w1": {"read": 3, "scored": 2, "rejected": 1}},
    "rejects": {"w1": [[150004, "r3", "malformed_row"]]},
    "generate": {"surveys/w1/responses.csv": [
        {"placeholder": "@@FAKE@@", "kind": "numbered", "format": "f{n},ORG-A,2024-02-01,4,2,4,true,\n", "first": 1, "count": 150000}]},
    "never_in_outputs": ["f149999"],
    "timeout": 120,
    "notes": "One quoted free-text field of 5 MB whose lines look exactly like valid rows: it is one field of one "
             "row, so none of the 150,000 look-alikes is a row read, whatever the reading strategy."},
    waves={"w1": {"wave.yaml": WAVE, "responses.csv":
                  HEADER + ",Notes\n" + GOOD[0] + ',"@@FAKE@@"\n' + GOOD[2] + ",\nr3,ORG-B\n"}})

# ============================================================================ usage errors

case("usage-unknown-reports", {"exit": 64, "args": ["--reports", "everything"],
                               "notes": "--reports everything is a usage error: exit 64, nothing written."})
case("usage-unknown-flag", {"exit": 64, "args": ["--no-such-flag"], "notes": "An unknown flag: exit 64."})

# ============================================================================ writing

def load_series() -> None:
    """Adds the cases of every tools/hostile/cases_<series>.py, in file-name order."""
    global SERIES
    for path in sorted(glob.glob(os.path.join(HERE, "cases_*.py"))):
        SERIES = os.path.basename(path)[len("cases_"):-len(".py")]
        with open(path, encoding="utf-8") as fh:
            exec(compile(fh.read(), path, "exec"), globals())
    SERIES = ""


def folder_names() -> list[str]:
    """Core cases are NNN-name; a series' cases are series-NNN-name, numbered within the series."""
    counters: dict[str, int] = {}
    names = []
    for series, (name, _, _) in zip(CASE_SERIES, CASES):
        counters[series] = counters.get(series, 0) + 1
        names.append(f"{series}-{counters[series]:03d}-{name}" if series else f"{counters[series]:03d}-{name}")
    return names


def write_corpus(root: str) -> list[str]:
    if os.path.isdir(root):
        shutil.rmtree(root)
    names = []
    for folder, (name, files, expect) in zip(folder_names(), CASES):
        names.append(folder)
        base = os.path.join(root, folder)
        os.makedirs(os.path.join(base, "surveys"))
        for path, data in sorted(files.items()):
            target = os.path.join(base, "surveys", path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as fh:
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        if "generate" in expect:
            expect.setdefault("sha256", {})
            for path, recipes in expect["generate"].items():
                with open(os.path.join(base, path), "rb") as fh:
                    expect["sha256"][path] = hashlib.sha256(materialise(fh.read(), recipes)).hexdigest()
        with open(os.path.join(base, "expect.json"), "w", encoding="utf-8") as fh:
            fh.write(compact_lists(json.dumps(expect, indent=2, ensure_ascii=False)) + "\n")
    with open(os.path.join(root, "README.md"), "w", encoding="utf-8") as fh:
        fh.write(README)
    return names


def compact_lists(text: str) -> str:
    """Puts every list of plain values (a reject, a list of strings) on one line; JSON strings hold no raw line break."""
    return re.sub(r"\[\n[^\[\]{}]*?\n\s*\]",
                  lambda m: re.sub(r"\n\s*", "", re.sub(r",\n\s*", ", ", m.group(0))), text)


def verify(root: str, names: list[str]) -> int:
    """Runs the reference on every case and compares exit code, rows and rejects."""
    problems = 0
    for folder in names:
        with open(os.path.join(root, folder, "expect.json"), encoding="utf-8") as fh:
            expect = json.load(fh)
        if expect.get("args"):
            continue
        if expect.get("beyond_spec"):
            print(f"{'skipped':8} {folder}: {expect['beyond_spec']}")
            continue
        with tempfile.TemporaryDirectory() as scratch:
            surveys = os.path.join(scratch, "surveys")
            shutil.copytree(os.path.join(root, folder, "surveys"), surveys)
            for path, recipes in expect.get("generate", {}).items():
                target = os.path.join(scratch, path)
                with open(target, "rb") as fh:
                    data = materialise(fh.read(), recipes)
                with open(target, "wb") as fh:
                    fh.write(data)
            out = os.path.join(scratch, "out")
            run = subprocess.run([sys.executable, REFERENCE, "--surveys", surveys, "--out", out],
                                 capture_output=True, text=True, errors="replace")
            notes = []
            if run.returncode != expect["exit"]:
                notes.append(f"exit {run.returncode}, expected {expect['exit']}: {run.stderr.strip()[-300:]}")
            if run.returncode == 0:
                for wave, rows in expect.get("rows", {}).items():
                    with open(os.path.join(out, wave, "counts.json"), encoding="utf-8") as fh:
                        counts = json.load(fh)
                    got = {"read": counts["rows_read"], "scored": counts["rows_scored"], "rejected": counts["rows_rejected"]}
                    if got != rows:
                        notes.append(f"{wave} rows {got}, expected {rows}")
                for wave, rejects in expect.get("rejects", {}).items():
                    with open(os.path.join(out, wave, "rejects.csv"), encoding="utf-8", newline="") as fh:
                        got = [[int(r[0]), r[1], r[2]] for r in list(csv.reader(fh))[1:]]
                    if got != rejects:
                        notes.append(f"{wave} rejects {got}, expected {rejects}")
                if "rows" not in expect:
                    for wave in sorted(os.listdir(out)):
                        with open(os.path.join(out, wave, "counts.json"), encoding="utf-8") as fh:
                            counts = json.load(fh)
                        print(f"  {folder}: reference {wave} read {counts['rows_read']} scored {counts['rows_scored']} rejected {counts['rows_rejected']}")
            status = "ok" if not notes else "DIFFERS"
            print(f"{status:8} {folder}" + "".join(f"\n         {n}" for n in notes))
            problems += bool(notes)
    return 1 if problems else 0


README = """\
# Hostile-input corpus

Written by `tools/hostile/make_corpus.py` (do not edit by hand: change the script and run it);
run by `Tests/ReadinessEndToEndTests/HostileInputTests.swift`, one test over every folder.

Each `<NNN-name>/` holds `surveys/` (instrument.yaml, organisations.csv, wave folders) and
`expect.json`: the exit code, stderr substrings and patterns, the exact rejects and row counts
per wave, and what the case proves (`notes`). Expected values come from the SPEC and agree with
the independent reference (`python3 tools/hostile/make_corpus.py --verify`).

Big inputs (a 20 MB field, 10,000 columns, binary junk, deep YAML nesting) are committed as
small templates with `@@PLACEHOLDER@@` tokens and a `generate` recipe, expanded at test time;
`--materialise <case> <folder>` writes one case's surveys folder with its big files.
"""


def materialise_case(name: str, target: str) -> int:
    source = os.path.join(ROOT, name)
    with open(os.path.join(source, "expect.json"), encoding="utf-8") as fh:
        expect = json.load(fh)
    shutil.copytree(os.path.join(source, "surveys"), target)
    for path, recipes in expect.get("generate", {}).items():
        file = os.path.join(target, os.path.relpath(path, "surveys"))
        with open(file, "rb") as fh:
            data = materialise(fh.read(), recipes)
        with open(file, "wb") as fh:
            fh.write(data)
    print(f"{name}: surveys folder written to {target}; expect.json says exit {expect['exit']}")
    return 0


def main() -> int:
    load_series()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=ROOT)
    parser.add_argument("--verify", action="store_true", help="cross-check every case against tools/reference")
    parser.add_argument("--only", default="", help="verify only the cases whose folder name holds this text")
    parser.add_argument("--materialise", nargs=2, metavar=("CASE", "FOLDER"),
                        help="write one case's surveys folder, generated files expanded, and stop")
    args = parser.parse_args()
    if args.materialise:
        return materialise_case(*args.materialise)
    names = write_corpus(args.root)
    print(f"{len(names)} cases written to {args.root}")
    return verify(args.root, [n for n in names if args.only in n]) if args.verify else 0


if __name__ == "__main__":
    sys.exit(main())
