#!/usr/bin/env python3
"""Independent Python reference implementation of the readiness scoring contract.

This is a *differential oracle* for the Swift pipeline: it implements only what is
needed to produce, for every wave,

    OUT/<wave-id>/rejects.csv
    OUT/<wave-id>/centre/scores.csv, items.csv, changes.csv (with a previous wave), alpha.csv
    OUT/<wave-id>/counts.json      (cross-checking aid, not part of the SPEC)

following /work/shared/SPEC.md literally (§2 inputs, §2.4 rejects, §3 scoring,
§4.1 publication, §5 centre CSV columns, §7 exact conventions).  It was written from
the SPEC alone, without reading the Swift sources.

Usage:  python3 tools/reference/readiness_ref.py --surveys DIR --out DIR

Interpretation choices where the SPEC is silent or ambiguous are marked in the code
with "CHOICE n:" and listed together in INTERPRETATION_CHOICES below.

Only stdlib + PyYAML + numpy + scipy are used.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import numpy as np
import yaml
from scipy import stats

INTERPRETATION_CHOICES = """
1. Wave folder = a non-hidden direct subdirectory of the Surveys folder that contains
   `wave.yaml` or `responses.csv`. Other subdirectories (e.g. `expected/` in the test
   fixtures) are ignored, not treated as wave folders lacking a wave.yaml.
2. YAML timestamps are not auto-resolved: dates in YAML are read as strings and must be
   exactly YYYY-MM-DD and a real calendar date (so `opens: 2024-02-30` is a fatal error
   rather than a YAML crash).
3. Delimiter detection scans the first non-empty physical line, toggling "inside quotes"
   at every `"` character, and continues past line breaks that are inside quotes; it
   stops at the first line break outside quotes.
4. Qualtrics detection: first field of record 3 (after unquoting and str.strip()) starts
   with `{"ImportId"`.
5. A malformed_row still reports a response_id when the record has a field at the
   response_id column's index (trimmed); otherwise the response_id is empty.
6. Likert digits outside 1..5 (e.g. `0`, `6`) fall through to the label check and are
   invalid unless they equal a label.
7. Dates: `T` and `Z` are upper-case only; hours 00-23, minutes/seconds 00-59 (no leap
   second); offset ±HH:MM with HH 00-23 and MM 00-59; year 0001-9999. An empty
   submitted_at cell is absent but NOT counted as unparseable; only non-empty cells
   that fail to parse are counted.
8. Straight-lining compares the parsed raw likert value 1..5 (so `Agree` and `4` are the
   same raw value), before reverse coding.
9. "Variance 0" (Welch not tested when both are 0; Cronbach not computed when
   var_total = 0; sd = 0 giving CI [mean, mean]) is decided as "all values identical",
   which avoids floating-point residue.
10. Overall row: `published` is true exactly when the overall is scored; its reason
    when not scored is free text ("not every domain published").
11. Collision check covers every name of every column (fixed column names and aliases,
    item ids and aliases), compared trimmed and case-insensitively: a name that maps to
    two different columns is a fatal error (reported at the later path).
12. Levels must be strictly ascending (equal `from` values are an error), first `from`
    must be 0.
13. Instrument `roles` default is an empty list: then every non-empty role cell is an
    invalid role.
14. `columns` values, `aliases`, `roles`, `likert_labels` and token lists must be YAML
    lists of strings; anything else is a wrong-type fatal error. `likert_labels` must
    have exactly five entries.
15. A UTF-8 BOM followed by invalid UTF-8 decodes with U+FFFD replacement (the BOM
    decides); likewise for malformed UTF-16.
16. Waves with equal `closes` are ordered by wave id (code point); the previous wave is
    the last in that order whose `closes` is strictly earlier.
17. Thresholds are compared as given (not rounded); the computed value (mean, p_adjusted,
    |diff|) is rounded to 6 decimals by formatting with "%.6f" and parsing back.
18. A domain with an empty `items` list is accepted; an empty `domains` list is fatal.
19. The window check is skipped for rows without a (parseable) submitted_at.
20. Register header names are matched trimmed and case-insensitively, like responses.
21. A domain row with n = 1 has its mean and level but an empty sd (sample SD undefined),
    as well as the empty CI the SPEC prescribes; with n = 0 mean, sd, CI and level are
    all empty and the reason is "fewer than N respondents".
22. response_id comparison for duplicates uses the trimmed cell, case-sensitively.
23. SPEC §2.4 vs §7 on straight-lining: §7 wins (ALL answered likert items share one
    value). SPEC §2.3 "third line" vs §7 "third record" for Qualtrics: §7 wins.
"""

FIXED_COLUMNS = ("response_id", "organisation_id", "submitted_at", "role")
DEFAULT_LIKERT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
DEFAULT_MISSING = ["", "N/A", "NA", "Not applicable", "Prefer not to say"]
DEFAULT_DK = ["Don't know", "Dont know", "DK"]
DEFAULT_LEVELS = [("Emerging", 0), ("Developing", 40), ("Established", 60), ("Leading", 80)]
DEFAULT_THRESHOLDS = {
    "min_respondents": 10,
    "min_organisations": 5,
    "min_answered_fraction": 0.5,
    "favourable_score": 75,
    "min_change": 5,
    "alpha": 0.05,
}
ID_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,31}")
ORG_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
WAVE_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
Z_WILSON = 1.959963984540054


class FatalError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# --------------------------------------------------------------------------- YAML


class _NoTimestampLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings (CHOICE 2)."""


_NoTimestampLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for (tag, rx) in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: str) -> Any:
    with open(path, "rb") as fh:
        data = fh.read()
    return yaml.load(data, Loader=_NoTimestampLoader)


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def is_str_list(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_iso_date(v: Any) -> date | None:
    if not isinstance(v, str):
        return None
    m = ISO_DATE_RE.fullmatch(v)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# --------------------------------------------------------------------------- text


def norm_token(s: str) -> str:
    """Trim, U+2019 -> ', Unicode lower-case: the matching form of tokens and labels."""
    return s.strip().replace("\u2019", "'").lower()


def norm_name(s: str) -> str:
    """Header / column name matching form: trimmed, lower-cased."""
    return s.strip().lower()


# --------------------------------------------------------------------------- instrument


@dataclass
class Item:
    id: str
    type: str  # likert | knowledge
    reverse: bool
    answer: bool | None
    aliases: list[str]
    domain: str


@dataclass
class Domain:
    id: str
    weight: float
    items: list[Item]


@dataclass
class Instrument:
    id: str
    likert_labels: list[str]
    missing_tokens: set[str]
    dk_tokens: set[str]
    levels: list[tuple[str, float]]
    thresholds: dict[str, Any]
    columns: dict[str, list[str]]
    roles: list[str]
    domains: list[Domain]

    @property
    def items(self) -> list[Item]:
        return [it for d in self.domains for it in d.items]

    def min_answered(self, k: int) -> int:
        # Exact decimal arithmetic on the value as written (str of the YAML number).
        frac = Fraction(str(self.thresholds["min_answered_fraction"]))
        return max(1, math.ceil(frac * k))

    def level_of(self, score: float) -> str:
        r = round6(score)
        name = ""
        for lname, lfrom in self.levels:
            if lfrom <= r:
                name = lname
        return name


def load_instrument(path: str) -> Instrument:
    problems: list[str] = []
    try:
        raw = load_yaml(path)
    except OSError as exc:
        raise FatalError([f"{path}: cannot read: {exc}"])
    except yaml.YAMLError as exc:
        raise FatalError([f"{path}: invalid YAML: {exc}"])
    if not isinstance(raw, dict):
        raise FatalError([f"{path}: the instrument must be a mapping"])

    def err(p: str, msg: str) -> None:
        problems.append(f"{path}: {p}: {msg}")

    for key in ("id", "title"):
        if key not in raw:
            err(key, "missing")
        elif not isinstance(raw[key], str):
            err(key, "must be a string")
    if "version" not in raw:
        err("version", "missing")
    elif not isinstance(raw["version"], (str, int, float)) or isinstance(raw["version"], bool):
        err("version", "must be a string")

    # likert labels
    labels = DEFAULT_LIKERT
    if "likert_labels" in raw:
        v = raw["likert_labels"]
        if not is_str_list(v):
            err("likert_labels", "must be a list of strings")
        elif len(v) != 5:
            err("likert_labels", f"must have 5 labels, found {len(v)}")
        else:
            seen: dict[str, int] = {}
            for i, lab in enumerate(v):
                n = norm_token(lab)
                if n == "":
                    err(f"likert_labels[{i}]", "empty")
                elif n in seen:
                    err(f"likert_labels[{i}]", f"duplicate of likert_labels[{seen[n]}]")
                else:
                    seen[n] = i
            labels = v

    def token_list(key: str, default: list[str]) -> list[str]:
        if key not in raw:
            return default
        v = raw[key]
        if not is_str_list(v):
            err(key, "must be a list of strings")
            return default
        return v

    missing = token_list("missing_tokens", DEFAULT_MISSING)
    dk = token_list("dont_know_tokens", DEFAULT_DK)

    # levels
    levels = [(n, float(f)) for n, f in DEFAULT_LEVELS]
    if "levels" in raw:
        v = raw["levels"]
        if not isinstance(v, list) or len(v) == 0:
            err("levels", "must be a non-empty list")
        else:
            parsed: list[tuple[str, float]] = []
            ok = True
            for i, lv in enumerate(v):
                if not isinstance(lv, dict):
                    err(f"levels[{i}]", "must be a mapping {name, from}")
                    ok = False
                    continue
                name = lv.get("name")
                frm = lv.get("from")
                if name is None:
                    err(f"levels[{i}].name", "missing")
                    ok = False
                elif not isinstance(name, str) or name.strip() == "":
                    err(f"levels[{i}].name", "must be a non-empty string")
                    ok = False
                if frm is None:
                    err(f"levels[{i}].from", "missing")
                    ok = False
                elif not is_number(frm):
                    err(f"levels[{i}].from", "must be a number")
                    ok = False
                elif not (0 <= frm <= 100):
                    err(f"levels[{i}].from", "must be between 0 and 100")
                    ok = False
                if ok:
                    parsed.append((name, float(frm)))
            if ok:
                if parsed[0][1] != 0:
                    err("levels[0].from", "must be 0")
                for i in range(1, len(parsed)):
                    # CHOICE 12: strictly ascending.
                    if not parsed[i][1] > parsed[i - 1][1]:
                        err(f"levels[{i}].from", "levels must be ascending")
                levels = parsed

    # thresholds
    thresholds = dict(DEFAULT_THRESHOLDS)
    if "thresholds" in raw:
        v = raw["thresholds"]
        if not isinstance(v, dict):
            err("thresholds", "must be a mapping")
        else:
            for key, val in v.items():
                p = f"thresholds.{key}"
                if key in ("min_respondents", "min_organisations"):
                    if not is_int(val) or val < 1:
                        err(p, "must be an integer >= 1")
                        continue
                elif key == "min_answered_fraction":
                    if not is_number(val) or not (0 < val <= 1):
                        err(p, "must be in (0, 1]")
                        continue
                elif key in ("favourable_score", "min_change"):
                    if not is_number(val) or not (0 <= val <= 100):
                        err(p, "must be in [0, 100]")
                        continue
                elif key == "alpha":
                    if not is_number(val) or not (0 < val < 1):
                        err(p, "must be in (0, 1)")
                        continue
                else:
                    continue  # unknown threshold keys are ignored
                thresholds[key] = val

    # columns
    columns: dict[str, list[str]] = {c: [] for c in FIXED_COLUMNS}
    if "columns" in raw:
        v = raw["columns"]
        if not isinstance(v, dict):
            err("columns", "must be a mapping")
        else:
            for key, val in v.items():
                if key not in FIXED_COLUMNS:
                    err(f"columns.{key}", "unknown column (expected one of " + ", ".join(FIXED_COLUMNS) + ")")
                elif not is_str_list(val):
                    err(f"columns.{key}", "must be a list of strings")
                else:
                    columns[key] = list(val)

    roles: list[str] = []
    if "roles" in raw:
        v = raw["roles"]
        if not is_str_list(v):
            err("roles", "must be a list of strings")
        else:
            roles = v

    if "glossary" in raw and raw["glossary"] is not None:
        g = raw["glossary"]
        if not isinstance(g, dict):
            err("glossary", "must be a mapping of term to definition")
        else:
            for k, val in g.items():
                if not isinstance(val, str):
                    err(f"glossary.{k}", "must be a string")

    # domains
    domains: list[Domain] = []
    if "domains" not in raw:
        err("domains", "missing")
    elif not isinstance(raw["domains"], list):
        err("domains", "must be a list")
    elif len(raw["domains"]) == 0:
        err("domains", "must not be empty")
    else:
        domain_ids: dict[str, int] = {}
        item_ids: dict[str, str] = {}
        for di, d in enumerate(raw["domains"]):
            dp = f"domains[{di}]"
            if not isinstance(d, dict):
                err(dp, "must be a mapping")
                continue
            did = d.get("id")
            if did is None:
                err(f"{dp}.id", "missing")
                did = f"<domain{di}>"
            elif not isinstance(did, str) or not ID_RE.fullmatch(did):
                err(f"{dp}.id", f"invalid id {did!r} (must match ^[A-Za-z][A-Za-z0-9_]{{0,31}}$)")
                did = str(did)
            elif did in domain_ids:
                err(f"{dp}.id", f"duplicate domain id {did!r} (also domains[{domain_ids[did]}])")
            else:
                domain_ids[did] = di
            if "title" in d and not isinstance(d["title"], str):
                err(f"{dp}.title", "must be a string")
            weight = d.get("weight", 1)
            if not is_number(weight):
                err(f"{dp}.weight", "must be a number")
                weight = 1
            elif not weight > 0:
                err(f"{dp}.weight", "must be > 0")
            items: list[Item] = []
            if "items" not in d:
                err(f"{dp}.items", "missing")
            elif not isinstance(d["items"], list):
                err(f"{dp}.items", "must be a list")
            else:
                for ii, it in enumerate(d["items"]):
                    ip = f"{dp}.items[{ii}]"
                    if not isinstance(it, dict):
                        err(ip, "must be a mapping")
                        continue
                    iid = it.get("id")
                    if iid is None:
                        err(f"{ip}.id", "missing")
                        iid = f"<item{di}_{ii}>"
                    elif not isinstance(iid, str) or not ID_RE.fullmatch(iid):
                        err(f"{ip}.id", f"invalid id {iid!r} (must match ^[A-Za-z][A-Za-z0-9_]{{0,31}}$)")
                        iid = str(iid)
                    elif iid in item_ids:
                        err(f"{ip}.id", f"duplicate item id {iid!r} (also {item_ids[iid]})")
                    else:
                        item_ids[iid] = ip
                    if "text" in it and not isinstance(it["text"], str):
                        err(f"{ip}.text", "must be a string")
                    itype = it.get("type", "likert")
                    if itype not in ("likert", "knowledge"):
                        err(f"{ip}.type", f"must be likert or knowledge, found {itype!r}")
                        itype = "likert"
                    reverse = it.get("reverse", False)
                    if not isinstance(reverse, bool):
                        err(f"{ip}.reverse", "must be a boolean")
                        reverse = False
                    answer = it.get("answer")
                    if "answer" in it and not isinstance(answer, bool):
                        err(f"{ip}.answer", "must be a boolean")
                        answer = None
                    if itype == "knowledge" and "answer" not in it:
                        err(f"{ip}.answer", "missing")
                    aliases = it.get("aliases", [])
                    if aliases is None:
                        aliases = []
                    if not is_str_list(aliases):
                        err(f"{ip}.aliases", "must be a list of strings")
                        aliases = []
                    items.append(
                        Item(
                            id=iid,
                            type=itype,
                            reverse=bool(reverse) if itype == "likert" else False,
                            answer=answer if itype == "knowledge" else None,
                            aliases=list(aliases),
                            domain=str(did),
                        )
                    )
            domains.append(Domain(id=str(did), weight=float(weight) if is_number(weight) else 1.0, items=items))

        # CHOICE 11: collision of any header name between two different columns.
        owners: dict[str, tuple[str, str]] = {}  # name -> (column key, path)

        def claim(name: str, col: str, p: str) -> None:
            n = norm_name(name)
            if n in owners and owners[n][0] != col:
                err(p, f"name {name!r} collides with {owners[n][1]}")
            elif n not in owners:
                owners[n] = (col, p)

        for c in FIXED_COLUMNS:
            claim(c, "fixed:" + c, f"columns.{c} (column name)")
        for c in FIXED_COLUMNS:
            for ai, a in enumerate(columns[c]):
                claim(a, "fixed:" + c, f"columns.{c}[{ai}]")
        for di, d in enumerate(domains):
            for ii, it in enumerate(d.items):
                claim(it.id, "item:" + it.id, f"domains[{di}].items[{ii}].id")
                for ai, a in enumerate(it.aliases):
                    claim(a, "item:" + it.id, f"domains[{di}].items[{ii}].aliases[{ai}]")

    if problems:
        raise FatalError(problems)

    return Instrument(
        id=raw["id"],
        likert_labels=list(labels),
        missing_tokens={norm_token(t) for t in missing},
        dk_tokens={norm_token(t) for t in dk},
        levels=levels,
        thresholds=thresholds,
        columns=columns,
        roles=list(roles),
        domains=domains,
    )


# --------------------------------------------------------------------------- decoding

_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
_CP1252_TABLE = [
    chr(b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252") for b in range(256)
]


def decode_cp1252(data: bytes) -> str:
    return "".join(_CP1252_TABLE[b] for b in data)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding label)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 (BOM)"  # CHOICE 15
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", errors="replace"), "UTF-16LE"
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", errors="replace"), "UTF-16BE"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return decode_cp1252(data), "Windows-1252"


# --------------------------------------------------------------------------- records


@dataclass
class Record:
    line: int
    fields: list[str]
    unterminated: bool = False


def detect_delimiter(text: str) -> str:
    """§7: count , ; and tab outside double quotes on the header line (CHOICE 3)."""
    i, n = 0, len(text)
    # skip empty lines before the header
    while i < n and text[i] in "\r\n":
        i += 1
    counts = {",": 0, ";": 0, "\t": 0}
    in_quotes = False
    while i < n:
        c = text[i]
        if c == '"':
            in_quotes = not in_quotes
        elif not in_quotes:
            if c in "\r\n":
                break
            if c in counts:
                counts[c] += 1
        i += 1
    best = ","
    for d in (",", ";", "\t"):  # tie order: , then ; then tab
        if counts[d] > counts[best]:
            best = d
    return best


def parse_records(text: str, delim: str) -> list[Record]:
    """Split decoded text into records following §7 (and Python csv's lenient quoting)."""
    START, IN_FIELD, IN_QUOTED, QUOTE_IN_QUOTED = range(4)
    records: list[Record] = []
    i, n = 0, len(text)
    line = 1

    def line_break_len(pos: int) -> int:
        if text[pos] == "\r" and pos + 1 < n and text[pos + 1] == "\n":
            return 2
        return 1

    while i < n:
        c = text[i]
        if c == "\r" or c == "\n":  # an empty line: skipped, but counted
            i += line_break_len(i)
            line += 1
            continue
        start_line = line
        fields: list[str] = []
        buf: list[str] = []
        state = START
        while True:
            if i >= n:
                fields.append("".join(buf))
                records.append(Record(start_line, fields, unterminated=(state == IN_QUOTED)))
                return records
            c = text[i]
            if state == START:
                if c == '"':
                    state = IN_QUOTED
                    i += 1
                elif c == delim:
                    fields.append("")
                    i += 1
                elif c == "\r" or c == "\n":
                    fields.append("")
                    i += line_break_len(i)
                    line += 1
                    break
                else:
                    buf.append(c)
                    state = IN_FIELD
                    i += 1
            elif state == IN_FIELD:
                if c == delim:
                    fields.append("".join(buf))
                    buf = []
                    state = START
                    i += 1
                elif c == "\r" or c == "\n":
                    fields.append("".join(buf))
                    i += line_break_len(i)
                    line += 1
                    break
                else:  # a quote inside an unquoted field is literal
                    buf.append(c)
                    i += 1
            elif state == IN_QUOTED:
                if c == '"':
                    state = QUOTE_IN_QUOTED
                    i += 1
                elif c == "\r" or c == "\n":
                    k = line_break_len(i)
                    buf.append(text[i : i + k])
                    i += k
                    line += 1
                else:
                    buf.append(c)
                    i += 1
            else:  # QUOTE_IN_QUOTED
                if c == '"':
                    buf.append('"')
                    state = IN_QUOTED
                    i += 1
                elif c == delim:
                    fields.append("".join(buf))
                    buf = []
                    state = START
                    i += 1
                elif c == "\r" or c == "\n":
                    fields.append("".join(buf))
                    i += line_break_len(i)
                    line += 1
                    break
                else:  # text after the closing quote is appended (like Python csv)
                    buf.append(c)
                    state = IN_FIELD
                    i += 1
        records.append(Record(start_line, fields))
    return records


@dataclass
class Table:
    path: str
    encoding: str
    delimiter: str
    header: Record | None
    rows: list[Record]
    qualtrics: bool


def read_table(path: str, qualtrics: bool) -> Table:
    with open(path, "rb") as fh:
        data = fh.read()
    text, enc = decode_bytes(data)
    delim = detect_delimiter(text)
    recs = parse_records(text, delim)
    header = recs[0] if recs else None
    rows = recs[1:]
    is_q = False
    if qualtrics and len(recs) >= 3 and recs[2].fields[0].strip().startswith('{"ImportId"'):
        rows = recs[3:]
        is_q = True
    return Table(path, enc, delim, header, rows, is_q)


# --------------------------------------------------------------------------- dates

_DT_ISO = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(Z|[+-][0-9]{2}:[0-9]{2})?)?"
)
_DT_UK = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})(?: ([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?")


@dataclass
class Stamp:
    day: date  # calendar date as written
    instant: int  # seconds since 0001-01-01T00:00:00Z (offset applied)


def parse_submitted(s: str) -> Stamp | None:
    m = _DT_ISO.fullmatch(s)
    if m:
        y, mo, d, hh, mi, ss, off = m.groups()
    else:
        m = _DT_UK.fullmatch(s)
        if not m:
            return None
        d, mo, y, hh, mi, ss = m.groups()
        off = None
    try:
        day = date(int(y), int(mo), int(d))
    except ValueError:
        return None
    h = int(hh) if hh is not None else 0
    mnt = int(mi) if mi is not None else 0
    sec = int(ss) if ss is not None else 0
    if h > 23 or mnt > 59 or sec > 59:
        return None
    offset = 0
    if off is not None and off != "Z":
        oh, om = int(off[1:3]), int(off[4:6])
        if oh > 23 or om > 59:  # CHOICE 7
            return None
        offset = (oh * 3600 + om * 60) * (1 if off[0] == "+" else -1)
    local = (day.toordinal() - 1) * 86400 + h * 3600 + mnt * 60 + sec
    return Stamp(day, local - offset)


# --------------------------------------------------------------------------- register


@dataclass
class Organisation:
    id: str
    name: str
    sector: str
    signatory: bool


def load_register(path: str) -> dict[str, Organisation]:
    problems: list[str] = []
    try:
        table = read_table(path, qualtrics=False)
    except OSError as exc:
        raise FatalError([f"{path}: cannot read: {exc}"])
    if table.header is None:
        raise FatalError([f"{path}: empty file (no header)"])
    idx: dict[str, int] = {}
    for i, h in enumerate(table.header.fields):
        k = norm_name(h)
        if k not in idx:
            idx[k] = i
    for req in ("organisation_id", "name", "sector", "signatory"):
        if req not in idx:
            problems.append(f"{path}: missing column {req!r}; header found: {table.header.fields!r}")
    if problems:
        raise FatalError(problems)
    nfields = len(table.header.fields)
    orgs: dict[str, Organisation] = {}
    first_line: dict[str, int] = {}
    for rec in table.rows:
        if rec.unterminated:
            problems.append(f"{path}: line {rec.line}: malformed row (unterminated quote)")
            continue
        if len(rec.fields) != nfields:
            problems.append(
                f"{path}: line {rec.line}: malformed row ({len(rec.fields)} fields, header has {nfields})"
            )
            continue
        cells = [f.strip() for f in rec.fields]
        oid = cells[idx["organisation_id"]]
        if not ORG_ID_RE.fullmatch(oid):
            problems.append(f"{path}: line {rec.line}: invalid organisation_id {oid!r}")
            continue
        if oid in orgs:
            problems.append(
                f"{path}: line {rec.line}: duplicate organisation_id {oid!r} (first on line {first_line[oid]})"
            )
            continue
        first_line[oid] = rec.line
        orgs[oid] = Organisation(
            id=oid,
            name=cells[idx["name"]],
            sector=cells[idx["sector"]],
            signatory=cells[idx["signatory"]].lower() == "yes",
        )
    if problems:
        raise FatalError(problems)
    return orgs


# --------------------------------------------------------------------------- waves


@dataclass
class WaveDef:
    id: str
    folder: str
    opens: date
    closes: date


def discover_waves(surveys: str) -> list[WaveDef]:
    problems: list[str] = []
    waves: list[WaveDef] = []
    for name in sorted(os.listdir(surveys)):
        folder = os.path.join(surveys, name)
        if name.startswith(".") or not os.path.isdir(folder):
            continue
        wy = os.path.join(folder, "wave.yaml")
        rc = os.path.join(folder, "responses.csv")
        if not (os.path.exists(wy) or os.path.exists(rc)):
            continue  # CHOICE 1
        if not os.path.isfile(wy):
            problems.append(f"{folder}: wave folder without wave.yaml")
            continue
        try:
            raw = load_yaml(wy)
        except (OSError, yaml.YAMLError) as exc:
            problems.append(f"{wy}: unreadable: {exc}")
            continue
        if not isinstance(raw, dict):
            problems.append(f"{wy}: must be a mapping with id, title, opens, closes")
            continue
        wid = raw.get("id", name)
        if wid is None:
            wid = name
        if is_int(wid):
            wid = str(wid)
        if not isinstance(wid, str) or not WAVE_ID_RE.fullmatch(wid):
            problems.append(f"{wy}: id: {wid!r} cannot name a folder")
        opens = parse_iso_date(raw.get("opens"))
        closes = parse_iso_date(raw.get("closes"))
        if opens is None:
            problems.append(f"{wy}: opens: missing or not a real YYYY-MM-DD date ({raw.get('opens')!r})")
        if closes is None:
            problems.append(f"{wy}: closes: missing or not a real YYYY-MM-DD date ({raw.get('closes')!r})")
        if opens is not None and closes is not None and closes < opens:
            problems.append(f"{wy}: closes {closes} is before opens {opens}")
        if not os.path.isfile(rc):
            problems.append(f"{folder}: responses.csv missing")
        if opens is not None and closes is not None and isinstance(wid, str):
            waves.append(WaveDef(wid, folder, opens, closes))
    seen: dict[str, str] = {}
    for w in waves:
        if w.id in seen:
            problems.append(f"two waves with id {w.id!r}: {seen[w.id]} and {w.folder}")
        else:
            seen[w.id] = w.folder
    if not waves and not problems:
        problems.append(f"{surveys}: no wave folder found")
    if problems:
        raise FatalError(problems)
    waves.sort(key=lambda w: (w.closes, w.id))  # CHOICE 16
    return waves


# --------------------------------------------------------------------------- responses


@dataclass
class Respondent:
    line: int
    response_id: str
    org: str
    stamp: Stamp | None
    scores: dict[str, int]  # item id -> item score (answered items only)
    raw_likert: dict[str, int]  # item id -> raw likert value 1..5
    invalid: list[str]  # item ids with an invalid value
    date_unparseable: bool
    role_invalid: bool


@dataclass
class Reject:
    line: int
    response_id: str
    reason: str
    detail: str


@dataclass
class WaveData:
    wave: WaveDef
    table: Table
    respondents: list[Respondent]  # scored rows, file order
    rejects: list[Reject]
    unknown_columns: list[str]
    missing_item_columns: list[str]


def map_header(instr: Instrument, header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Map column key ('fixed:x' or 'item:ID') -> field index; return unknown headers."""
    names: dict[str, str] = {}
    for c in FIXED_COLUMNS:
        names.setdefault(norm_name(c), "fixed:" + c)
        for a in instr.columns[c]:
            names.setdefault(norm_name(a), "fixed:" + c)
    for it in instr.items:
        names.setdefault(norm_name(it.id), "item:" + it.id)
        for a in it.aliases:
            names.setdefault(norm_name(a), "item:" + it.id)
    mapping: dict[str, int] = {}
    unknown: list[str] = []
    for i, h in enumerate(header):
        key = names.get(norm_name(h))
        if key is None or key in mapping:  # first header wins
            unknown.append(h.strip())
        else:
            mapping[key] = i
    return mapping, unknown


def closest_names(want: list[str], header: list[str]) -> list[str]:
    pool = [h.strip() for h in header]
    out: list[str] = []
    for w in want:
        for m in difflib.get_close_matches(w.lower(), [p.lower() for p in pool], n=3, cutoff=0.5):
            for p in pool:
                if p.lower() == m and p not in out:
                    out.append(p)
    return out


def parse_likert(instr: Instrument, cell: str) -> tuple[str, int | None]:
    """Return ('na'|'invalid'|'value', value)."""
    if cell == "":
        return "na", None
    t = norm_token(cell)
    if t in instr.missing_tokens:
        return "na", None
    if t in instr.dk_tokens:
        return "na", None
    if re.fullmatch(r"[0-9]+", cell):
        v = int(cell)
        if 1 <= v <= 5:
            return "value", v
        # CHOICE 6: otherwise fall through to the label check
    for i, lab in enumerate(instr.likert_labels):
        if t == norm_token(lab):
            return "value", i + 1
    return "invalid", None


_TRUE = {"true", "t", "yes"}
_FALSE = {"false", "f", "no"}


def parse_knowledge(instr: Instrument, cell: str) -> tuple[str, bool | None]:
    """Return ('na'|'invalid'|'dk'|'value', answer)."""
    if cell == "":
        return "na", None
    t = norm_token(cell)
    if t in instr.missing_tokens:
        return "na", None
    if t in instr.dk_tokens:
        return "dk", None
    low = cell.lower()
    if low in _TRUE:
        return "value", True
    if low in _FALSE:
        return "value", False
    return "invalid", None


def read_wave(instr: Instrument, orgs: dict[str, Organisation], wave: WaveDef) -> WaveData:
    path = os.path.join(wave.folder, "responses.csv")
    try:
        table = read_table(path, qualtrics=True)
    except OSError as exc:
        raise FatalError([f"{path}: cannot read: {exc}"])
    header = table.header.fields if table.header is not None else []
    mapping, unknown = map_header(instr, header)
    missing_req = [c for c in ("response_id", "organisation_id") if "fixed:" + c not in mapping]
    if missing_req:
        raise FatalError(
            [
                f"{path}: missing required column(s) {', '.join(missing_req)}; header found: "
                f"{[h.strip() for h in header]!r}; closest names: {closest_names(missing_req, header)!r}"
            ]
        )
    missing_items = [it.id for it in instr.items if "item:" + it.id not in mapping]
    nh = len(header)
    roles_norm = {r.strip().lower() for r in instr.roles}
    rid_i = mapping["fixed:response_id"]
    org_i = mapping["fixed:organisation_id"]
    date_i = mapping.get("fixed:submitted_at")
    role_i = mapping.get("fixed:role")

    rejects: list[Reject] = []
    candidates: list[Respondent] = []
    for rec in table.rows:
        if rec.unterminated or len(rec.fields) != nh:
            rid = rec.fields[rid_i].strip() if rid_i < len(rec.fields) else ""  # CHOICE 5
            detail = (
                "unterminated quote: the rest of the file is one malformed row"
                if rec.unterminated
                else f"{len(rec.fields)} fields, header has {nh}"
            )
            rejects.append(Reject(rec.line, rid, "malformed_row", detail))
            continue
        cells = [f.strip() for f in rec.fields]
        rid = cells[rid_i]
        if rid == "":
            rejects.append(Reject(rec.line, "", "missing_response_id", "response_id is empty"))
            continue
        org = cells[org_i]
        if org not in orgs:
            rejects.append(Reject(rec.line, rid, "unknown_organisation", f"organisation {org!r} is not in the register"))
            continue
        stamp = None
        date_bad = False
        if date_i is not None and cells[date_i] != "":
            stamp = parse_submitted(cells[date_i])
            date_bad = stamp is None
        if stamp is not None and (stamp.day < wave.opens or stamp.day > wave.closes):
            rejects.append(
                Reject(
                    rec.line,
                    rid,
                    "outside_wave_window",
                    f"submitted {stamp.day.isoformat()} outside {wave.opens.isoformat()}..{wave.closes.isoformat()}",
                )
            )
            continue
        scores: dict[str, int] = {}
        raw: dict[str, int] = {}
        invalid: list[str] = []
        for it in instr.items:
            ci = mapping.get("item:" + it.id)
            if ci is None:
                continue
            cell = cells[ci]
            if it.type == "likert":
                kind, v = parse_likert(instr, cell)
                if kind == "value":
                    raw[it.id] = v
                    scores[it.id] = (5 - v) * 25 if it.reverse else (v - 1) * 25
                elif kind == "invalid":
                    invalid.append(it.id)
            else:
                kind, ans = parse_knowledge(instr, cell)
                if kind == "value":
                    scores[it.id] = 100 if ans == it.answer else 0
                elif kind == "dk":
                    scores[it.id] = 0
                elif kind == "invalid":
                    invalid.append(it.id)
        if not scores:
            rejects.append(Reject(rec.line, rid, "empty_response", "no item answered"))
            continue
        role_bad = False
        if role_i is not None:
            rc = cells[role_i]
            if rc != "" and rc.lower() not in roles_norm:
                role_bad = True
        candidates.append(Respondent(rec.line, rid, org, stamp, scores, raw, invalid, date_bad, role_bad))

    # duplicates among rows that passed every other check
    def rank(r: Respondent) -> tuple:
        return (r.stamp is not None, r.stamp.instant if r.stamp is not None else 0, r.line)

    winners: dict[str, Respondent] = {}
    for r in candidates:
        w = winners.get(r.response_id)
        if w is None or rank(r) > rank(w):
            winners[r.response_id] = r
    respondents: list[Respondent] = []
    for r in candidates:
        w = winners[r.response_id]
        if w is r:
            respondents.append(r)
        else:
            rejects.append(
                Reject(r.line, r.response_id, "duplicate_superseded", f"superseded by line {w.line}")
            )
    rejects.sort(key=lambda x: x.line)
    return WaveData(wave, table, respondents, rejects, unknown, missing_items)


# --------------------------------------------------------------------------- statistics


def round6(x: float) -> float:
    return float("%.6f" % x)


def fmt(x: float | None) -> str:
    if x is None:
        return ""
    s = "%.6f" % float(x)
    if s == "-0.000000":
        s = "0.000000"
    return s


def mean(xs: list[float]) -> float:
    total = 0.0
    for x in xs:
        total += x
    return total / len(xs)


def all_equal(xs: list[float]) -> bool:
    return all(x == xs[0] for x in xs)


def sample_var(xs: list[float]) -> float:
    """Sample variance (n - 1); exactly 0 when all values are identical (CHOICE 9)."""
    if all_equal(xs):
        return 0.0
    m = mean(xs)
    return sum((x - m) ** 2 for x in xs) / (len(xs) - 1)


def wilson(x: int, n: int) -> tuple[float, float, float]:
    p = x / n
    z = Z_WILSON
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return 100.0 * p, 100.0 * (centre - half), 100.0 * (centre + half)


def welch(a: list[float], b: list[float]) -> tuple[float, float, float] | None:
    if len(a) < 2 or len(b) < 2:
        return None
    if sample_var(a) == 0 and sample_var(b) == 0:
        return None
    res = stats.ttest_ind(np.array(a, dtype=float), np.array(b, dtype=float), equal_var=False)
    return float(res.statistic), float(res.df), float(res.pvalue)


# --------------------------------------------------------------------------- scoring


@dataclass
class DomainStat:
    n: int
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None
    level: str
    published: bool
    values: list[float]


@dataclass
class OrgResult:
    org: Organisation
    n_scored: int
    domains: dict[str, DomainStat]
    overall: float | None


@dataclass
class WaveResult:
    data: WaveData
    orgs: dict[str, OrgResult]  # keyed by org id, only orgs with a scored respondent
    straight_liners: int


def respondent_domain_score(instr: Instrument, r: Respondent, d: Domain) -> float | None:
    answered = [r.scores[it.id] for it in d.items if it.id in r.scores]
    if len(answered) == 0 or len(answered) < instr.min_answered(len(d.items)):
        return None
    return sum(answered) / len(answered)


def is_straight_liner(instr: Instrument, r: Respondent) -> bool:
    likert = [it for it in instr.items if it.type == "likert" and it.id in r.raw_likert]
    if len(likert) < 5:
        return False
    vals = {r.raw_likert[it.id] for it in likert}
    if len(vals) != 1:
        return False
    return any(it.reverse for it in likert) and any(not it.reverse for it in likert)


def score_wave(instr: Instrument, orgs: dict[str, Organisation], data: WaveData) -> WaveResult:
    min_n = instr.thresholds["min_respondents"]
    by_org: dict[str, list[Respondent]] = {}
    for r in data.respondents:
        by_org.setdefault(r.org, []).append(r)
    results: dict[str, OrgResult] = {}
    for oid in sorted(by_org):
        resp = by_org[oid]
        dstats: dict[str, DomainStat] = {}
        for d in instr.domains:
            vals = [s for s in (respondent_domain_score(instr, r, d) for r in resp) if s is not None]
            n = len(vals)
            m = sd = lo = hi = None
            level = ""
            if n >= 1:
                m = mean(vals)
                level = instr.level_of(m)
            if n >= 2:
                sd = math.sqrt(sample_var(vals))
                h = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
                lo = min(100.0, max(0.0, m - h))
                hi = min(100.0, max(0.0, m + h))
            dstats[d.id] = DomainStat(n, m, sd, lo, hi, level, n >= min_n, vals)
        overall = None
        if all(dstats[d.id].published for d in instr.domains):
            wsum = sum(d.weight for d in instr.domains)
            overall = sum(d.weight * dstats[d.id].mean for d in instr.domains) / wsum
        results[oid] = OrgResult(orgs[oid], len(resp), dstats, overall)
    sl = sum(1 for r in data.respondents if is_straight_liner(instr, r))
    return WaveResult(data, results, sl)


# --------------------------------------------------------------------------- writing


def csv_field(s: str) -> str:
    if any(c in s for c in (",", '"', "\r", "\n")):
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = [",".join(csv_field(h) for h in header)]
    for row in rows:
        out.append(",".join(csv_field(c) for c in row))
    return "\n".join(out) + "\n"


def scores_rows(instr: Instrument, wr: WaveResult) -> list[list[str]]:
    wid = wr.data.wave.id
    min_n = instr.thresholds["min_respondents"]
    rows = []
    for oid, o in wr.orgs.items():
        for d in instr.domains:
            s = o.domains[d.id]
            rows.append(
                [
                    wid,
                    oid,
                    o.org.sector,
                    d.id,
                    str(s.n),
                    fmt(s.mean),
                    fmt(s.sd),
                    fmt(s.ci_low),
                    fmt(s.ci_high),
                    s.level,
                    "true" if s.published else "false",
                    "" if s.published else f"fewer than {min_n} respondents",
                ]
            )
        scored = o.overall is not None
        rows.append(
            [
                wid,
                oid,
                o.org.sector,
                "overall",
                str(o.n_scored),
                fmt(o.overall),
                "",
                "",
                "",
                instr.level_of(o.overall) if scored else "",
                "true" if scored else "false",
                "" if scored else "not every domain published",  # CHOICE 10
            ]
        )
    return rows


def item_rows(instr: Instrument, wr: WaveResult) -> list[list[str]]:
    wid = wr.data.wave.id
    fav = instr.thresholds["favourable_score"]
    scopes: list[tuple[str, list[Respondent]]] = []
    for oid in wr.orgs:
        scopes.append((oid, [r for r in wr.data.respondents if r.org == oid]))
    scopes.append(("national", wr.data.respondents))
    rows = []
    for scope, resp in scopes:
        for it in instr.items:
            n = x = 0
            for r in resp:
                if it.id in r.scores:
                    n += 1
                    sc = r.scores[it.id]
                    if (it.type == "likert" and sc >= fav) or (it.type == "knowledge" and sc == 100):
                        x += 1
            if n == 0:
                rows.append([wid, scope, it.id, "0", "", "", ""])
            else:
                pct, lo, hi = wilson(x, n)
                rows.append([wid, scope, it.id, str(n), fmt(pct), fmt(lo), fmt(hi)])
    return rows


def alpha_rows(instr: Instrument, wr: WaveResult) -> list[list[str]]:
    wid = wr.data.wave.id
    rows = []
    for d in instr.domains:
        lik = [it for it in d.items if it.type == "likert"]
        k = len(lik)
        if k < 2:
            continue
        complete = [r for r in wr.data.respondents if all(it.id in r.scores for it in lik)]
        n = len(complete)
        a = None
        if n >= 2:
            totals = [float(sum(r.scores[it.id] for it in lik)) for r in complete]
            vt = sample_var(totals)
            if vt != 0:
                vsum = sum(sample_var([float(r.scores[it.id]) for r in complete]) for it in lik)
                a = k / (k - 1) * (1 - vsum / vt)
        rows.append([wid, d.id, str(n), fmt(a)])
    return rows


def change_rows(instr: Instrument, wr: WaveResult, prev: WaveResult) -> list[list[str]]:
    wid, pid = wr.data.wave.id, prev.data.wave.id
    alpha = instr.thresholds["alpha"]
    min_change = instr.thresholds["min_change"]

    # each entry: [scope, domain, diff, test-or-None]
    org_entries: list[list[Any]] = []
    for oid, o in wr.orgs.items():
        po = prev.orgs.get(oid)
        if po is None:
            continue
        for d in instr.domains:
            a, b = o.domains[d.id], po.domains[d.id]
            if not (a.published and b.published):
                continue
            org_entries.append([oid, d.id, a.mean - b.mean, welch(a.values, b.values)])

    nat_entries: list[list[Any]] = []

    def published_scores(res: WaveResult, dom: str | None) -> list[float]:
        out = []
        for o in res.orgs.values():
            if dom is None:
                if o.overall is not None:
                    out.append(o.overall)
            elif o.domains[dom].published:
                out.append(o.domains[dom].mean)
        return out

    for dom in [d.id for d in instr.domains] + [None]:
        a = published_scores(wr, dom)
        b = published_scores(prev, dom)
        diff = mean(a) - mean(b) if a and b else None
        nat_entries.append(["national", dom if dom is not None else "overall", diff, welch(a, b)])

    rows = []
    for family in (org_entries, nat_entries):
        tested = [e for e in family if e[3] is not None]
        if tested:
            adj = stats.false_discovery_control([e[3][2] for e in tested], method="bh")
            for e, pa in zip(tested, adj):
                e.append(float(pa))
        for e in family:
            scope, dom, diff, test = e[0], e[1], e[2], e[3]
            if test is None:
                rows.append([wid, pid, scope, dom, fmt(diff), "", "", "", "", "false"])
            else:
                t, df, p = test
                pa = e[4]
                sig = round6(pa) <= alpha and round6(abs(diff)) >= min_change
                rows.append([wid, pid, scope, dom, fmt(diff), fmt(t), fmt(df), fmt(p), fmt(pa), "true" if sig else "false"])
    return rows


def rejects_rows(data: WaveData) -> list[list[str]]:
    return [[str(r.line), r.response_id, r.reason, r.detail] for r in data.rejects]


def counts(instr: Instrument, wr: WaveResult) -> dict[str, Any]:
    data = wr.data
    inv = {it.id: 0 for it in instr.items}
    for r in data.respondents:
        for iid in r.invalid:
            inv[iid] += 1
    by_reason: dict[str, int] = {}
    for rj in data.rejects:
        by_reason[rj.reason] = by_reason.get(rj.reason, 0) + 1
    return {
        "wave": data.wave.id,
        "encoding": data.table.encoding,
        "delimiter": data.table.delimiter,
        "qualtrics": data.table.qualtrics,
        "rows_read": len(data.table.rows),
        "rows_scored": len(data.respondents),
        "rows_rejected": len(data.rejects),
        "rejects_by_reason": dict(sorted(by_reason.items())),
        "invalid_values": inv,
        "invalid_values_total": sum(inv.values()),
        "unparseable_dates": sum(1 for r in data.respondents if r.date_unparseable),
        "invalid_roles": sum(1 for r in data.respondents if r.role_invalid),
        "straight_liners": wr.straight_liners,
        "unknown_columns": data.unknown_columns,
        "missing_item_columns": data.missing_item_columns,
    }


def write_atomic(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- driver


def compute(surveys: str) -> tuple[Instrument, list[WaveResult]]:
    """Load and validate everything, then score. Raises FatalError with every problem."""
    problems: list[str] = []
    instr = None
    orgs = None
    waves: list[WaveDef] = []
    try:
        instr = load_instrument(os.path.join(surveys, "instrument.yaml"))
    except FatalError as e:
        problems += e.problems
    try:
        orgs = load_register(os.path.join(surveys, "organisations.csv"))
    except FatalError as e:
        problems += e.problems
    try:
        waves = discover_waves(surveys)
    except FatalError as e:
        problems += e.problems
    datas: list[WaveData] = []
    if instr is not None and orgs is not None:
        for w in waves:
            try:
                datas.append(read_wave(instr, orgs, w))
            except FatalError as e:
                problems += e.problems
    if problems:
        raise FatalError(problems)
    assert instr is not None and orgs is not None
    return instr, [score_wave(instr, orgs, d) for d in datas]


def run(surveys: str, out: str) -> int:
    try:
        instr, results = compute(surveys)
    except FatalError as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        return 1
    try:
        for i, wr in enumerate(results):
            wid = wr.data.wave.id
            base = os.path.join(out, wid)
            prev = None
            for j in range(i - 1, -1, -1):
                if results[j].data.wave.closes < wr.data.wave.closes:
                    prev = results[j]
                    break
            write_atomic(
                os.path.join(base, "rejects.csv"),
                csv_text(["line", "response_id", "reason", "detail"], rejects_rows(wr.data)),
            )
            write_atomic(
                os.path.join(base, "centre", "scores.csv"),
                csv_text(
                    ["wave", "organisation_id", "sector", "domain", "n", "mean", "sd", "ci_low", "ci_high", "level", "published", "reason"],
                    scores_rows(instr, wr),
                ),
            )
            write_atomic(
                os.path.join(base, "centre", "items.csv"),
                csv_text(["wave", "scope", "item", "n", "favourable_pct", "ci_low", "ci_high"], item_rows(instr, wr)),
            )
            if prev is not None:
                write_atomic(
                    os.path.join(base, "centre", "changes.csv"),
                    csv_text(
                        ["wave", "previous_wave", "scope", "domain", "diff", "t", "df", "p", "p_adjusted", "significant"],
                        change_rows(instr, wr, prev),
                    ),
                )
            write_atomic(
                os.path.join(base, "centre", "alpha.csv"),
                csv_text(["wave", "domain", "n", "alpha"], alpha_rows(instr, wr)),
            )
            write_atomic(os.path.join(base, "counts.json"), json.dumps(counts(instr, wr), indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        print(f"output error: {exc}", file=sys.stderr)
        return 1
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 64 (SPEC §7)
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(64)


def main(argv: list[str] | None = None) -> int:
    ap = _Parser(description="Reference implementation of the readiness centre CSVs (differential oracle).")
    ap.add_argument("--surveys", required=True, help="the Surveys folder")
    ap.add_argument("--out", required=True, help="output folder (one subfolder per wave)")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.surveys):
        print(f"{args.surveys}: not a folder", file=sys.stderr)
        return 1
    return run(args.surveys, args.out)


if __name__ == "__main__":
    sys.exit(main())
