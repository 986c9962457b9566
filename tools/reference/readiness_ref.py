#!/usr/bin/env python3
"""Independent Python reference implementation of the readiness scoring contract.

This is a *differential oracle* for the Swift pipeline: it implements only what is
needed to produce, for every wave,

    OUT/<wave-id>/rejects.csv
    OUT/<wave-id>/centre/scores.csv, items.csv, alpha.csv
    OUT/<wave-id>/centre/changes.csv        (when a previous wave exists)
    OUT/<wave-id>/centre/journey.csv        (every wave, §9.7)
    OUT/<wave-id>/centre/charter.csv        (every wave closing after the baseline)
    OUT/<wave-id>/centre/response-rates.csv (when the register has `headcount`)
    OUT/<wave-id>/counts.json               (cross-checking aid, not part of the SPEC)

following /work/shared/SPEC.md (version 2) literally: §2 inputs, §2.4 rejects, §3
scoring, §4.1 publication, §5 centre CSV columns, §7 exact conventions, §8 real
survey-platform exports (scales, tokens, normalisation, identifiers, header records and
presets, completion, dates, xlsx workbooks, fatal errors) and §9 (baseline, charter
status, comparisons, series, charter evaluation, response rates, new partners, files).
It was written from the SPEC alone, without reading the Swift sources.

Usage:  python3 tools/reference/readiness_ref.py --surveys DIR --out DIR

Interpretation choices where the SPEC is silent or ambiguous are marked in the code
with "CHOICE n:" and listed together in INTERPRETATION_CHOICES below.

Only stdlib + PyYAML + numpy + scipy are used (responses.xlsx is read with zipfile and
xml.etree, never openpyxl).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import unicodedata
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import yaml
from scipy import stats

INTERPRETATION_CHOICES = """
1. Wave folder = a non-hidden direct subdirectory of the Surveys folder that contains
   `wave.yaml`, `responses.csv` or `responses.xlsx`. Other subdirectories (e.g.
   `expected/` in the test fixtures) are ignored, not treated as wave folders lacking a
   wave.yaml.
2. YAML timestamps are not auto-resolved: dates in YAML are read as strings and must be
   exactly YYYY-MM-DD and a real calendar date (so `opens: 2024-02-30` is a fatal error
   rather than a YAML crash).
3. Delimiter detection scans the first non-empty physical line, toggling "inside quotes"
   at every `"` character, and continues past line breaks that are inside quotes; it
   stops at the first line break outside quotes.
4. (Version 1 Qualtrics detection; replaced by §8.4's header records, see 24.)
5. A malformed_row still reports a response_id when the record has a field at the
   response_id column's index (trimmed); otherwise the response_id is empty.
6. (Version 1 likert digits; replaced by §8.1's codes: a digit string that is no code
   falls through to the labels, as §8.1 orders it.)
7. Dates: `T` and `Z` are upper-case only (AM/PM and zone names any case); minutes and
   seconds 00-59 (no leap second); year 0001-9999. An empty submitted_at cell (or
   REDCap's `[not completed]`) is absent but NOT counted as unparseable; only non-empty
   cells that fail to parse are counted.
8. Straight-lining compares the point number (§8.1), so `Agree` and `4` are the same point.
9. "Variance 0" (Welch not tested when both are 0; Cronbach not computed when
   var_total = 0; sd = 0 giving CI [mean, mean]; the paired test's "every δ the same")
   is decided as "all values identical", which avoids floating-point residue.
10. Overall row: `published` is true exactly when the overall is scored; its reason
    when not scored is free text ("not every domain published").
11. Collision check covers every name of every column (fixed column names and aliases,
    item ids and aliases), compared normalised (§8.2) and case-insensitively: a name that
    maps to two different columns is a fatal error (reported at the later path). Preset
    fallback names and wave.yaml's completion column are not part of this check.
12. Levels must be strictly ascending (equal `from` values are an error), first `from`
    must be 0.
13. Instrument `roles` default is an empty list: then every non-empty role cell is an
    invalid role.
14. `columns` values, `aliases`, `roles`, `likert_labels`, `missing_tokens` and
    `dont_know_tokens` must be YAML lists of strings; anything else is a wrong-type fatal
    error. `likert_labels` must have exactly five entries.
15. A UTF-8 BOM followed by invalid UTF-8 decodes with U+FFFD replacement (the BOM
    decides); likewise for malformed UTF-16.
16. (Version 1 equal-`closes` ordering; replaced by §9.1.1's fatal error.)
17. Thresholds are compared as given (not rounded); the computed value (mean, p_adjusted,
    |diff|) is rounded to 6 decimals by formatting with "%.6f" and parsing back.
18. A domain with an empty `items` list is accepted; an empty `domains` list is fatal.
19. The window check is skipped for rows without a (parseable) submitted_at.
20. Register header names are matched normalised (§8.2) and case-insensitively, like
    responses; the register always has one header record.
21. A domain row with n = 1 has its mean and level but an empty sd (sample SD undefined),
    as well as the empty CI the SPEC prescribes; with n = 0 mean, sd, CI and level are
    all empty and the reason is "fewer than N respondents".
22. response_id comparison for duplicates uses the trimmed cell, case-sensitively.
23. SPEC §2.4 vs §7 on straight-lining: §7 wins (ALL answered likert items share one
    value).

Version 2 (§8, §9). Each quotes the sentence it reads.
24. "a plain integer in `codes` or `favourable` is an integer and a plain non-integer
    number there (`1.5`) is an error": a plain integer is a plain scalar that YAML 1.1
    (PyYAML, as Yams) resolves as int (`4`, `-1`, `+4`, `0x1F`, `1_0`; `010` is octal 8),
    with YAML's value; a plain float (`1.5`, `.5`, `.inf`) is the error; any other plain
    scalar (`1e3`, `true`, `yes`, `~`) is a text as written.
25. "must be a YAML boolean" (`baseline`, and `require_response_id`): a plain `true`,
    `True`, `TRUE`, `false`, `False` or `FALSE` (YAML 1.2's core schema), so `yes`, `on`
    and a quoted "true" are errors, as §9.10.1 requires for `baseline: yes`.
26. "An entry is a label, or a list of equivalent labels": each entry of such a list is
    checked at `labels[i][j]`; an empty list, like an empty label, "must not be empty";
    equivalent labels of one point may repeat each other.
27. "codes: ... not an integer or text": an empty (or all white space) text code is an
    error too (`must not be empty`), since an empty cell is never an answer.
28. "a token in both lists, or also a missing or don't-know token": only a list the
    instrument gives is checked (an instrument without the keys stays valid, as the
    Compatibility paragraph promises), against the other list as it is in effect (given
    or default) and the non-empty missing and don't-know tokens; a token in two given
    lists is reported once, at `false_tokens[i]`. "'X' is also a don't-know token" is
    the message for don't-know tokens (the SPEC shows only the missing one).
29. §8.7 "Serial s gives the date 1899-12-30 + ⌊s⌋ days": a serial past 9999-12-31 is
    written as other numbers are.
30. §8.7 shared strings: an index outside the shared-string table reads as an empty cell.
    A `t="d"` cell (ISO date text, not in the table) reads as its text; a formula's cached
    number follows the number rules (date style included).
31. §8.7 "a non-empty cell right of the last non-empty cell of any header record makes the
    row malformed_row": the header's width is the rightmost non-empty cell over all header
    records; the detail names the leftmost column beyond it. A cell is non-empty when its
    text (before normalisation) is not empty.
32. §8.9 "date_order: expected auto, DMY or MDY": the three values are matched exactly as
    written (`dmy` is an error), as are `auto` for header_rows and `none` for completion.
33. §8.5 "`none` (every row complete)": `completion: none` or an empty value (YAML null).
34. §8.5 `complete: [VALUES]`: an empty list is a fatal error (no row could be complete);
    keys other than `column` and `complete` are errors; values are the scalars' texts as
    written (`1`, `True`).
35. §8.5 "what was found (cut to 40 characters, with `…` if cut)": the normalised cell's
    first 40 characters, then `…` (41 characters in all); an empty cell reads `is empty`.
    The values list reads `'1' or 'True'`, `'a', 'b' or 'c'`; the not-empty rule `any
    value`.
36. §8.6 "the non-empty submitted_at values of the form A/B/Y in all rows read (rejected
    ones included)": rows with the header's field count (a malformed row's cells are not
    aligned with the header, so it is left out); a value has the form when its normalised
    text starts with 1-2 digits / 1-2 digits / 2 or 4 digits followed by its end or a
    space. "real dates in [opens, closes]" means the whole value parses under that order
    and its calendar date is in the window.
37. §8.4 "A name `TEXT#N` ... matches a header equal to the whole name if there is one;
    otherwise the N-th column from the left that answers to `TEXT` in the same step": both
    are looked for within the step (record r, or the combined names); when some column of
    that step has the whole name, only such columns are candidates.
38. §8.8 "every binding not made by an own name in record 1 ... the reason being by
    occurrence, by record N, by combined name or by preset": a fallback name gives `by
    preset` whatever record it was found in (so §8.10.2's "binds column 1 through record
    2" is listed `preset`); an own name gives `occurrence` (a `#N` name resolved by
    position), else `combined name`, else `record N` (N ≥ 2). counts.json lists them by
    column, and `columns_bound` gives every target's column.
39. §8.8 "named ... by record-1 heading, or by combined name when that is empty, with `#N`
    when the name occurs more than once": names are compared case-insensitively for the
    `#N`, which is added only when repeated, `(empty)` included.
40. §9.7 group rows "`reason` says why not (e.g. `fewer than 5 organisations`)": a national
    row reads `fewer than K organisations`; a signatory group row reads that when the group
    itself is short, else `the other group has fewer than K organisations` (§9.9 rule 5,
    applied to `overall` too). compare.py compares these reasons only as empty/non-empty.
41. §9.3 group "their mean": the plain mean (summed in order, as every version-1 mean);
    §9.2's diff = "the mean of δ_o" and §9.4's change_new/change_non use numpy's mean, as
    the SPEC's lines (`np.mean(...)`) do; medians and quartiles are numpy's percentile.
42. §8.5 "The detail names the column": by the completion rule's name that found it, as
    written (wave.yaml's NAME, `#N` included; the preset's `Finished`, `V10`,
    `submitdate` or `Date submitted`, `Status`; REDCap's `<form>_complete` header).
43. §8.3 details: the cell is quoted normalised; an ambiguous name lists the ids in register
    order; an empty organisation cell reads `organisation_id '' is not in the register`
    with no suggestion (only non-empty cells get one).
44. §8.3 "ties go to an id before a name before an alias, then to the earliest register
    line": among one organisation's aliases, the earlier in its `aliases` cell wins. Ids
    are compared lower-cased, like names (so `acu-2` gets `ACU-2`).
45. §8.3 "'closest header' uses the same distance ... between every header cell and each
    name of the missing column": the cells of every header record (ties: leftmost column,
    then the earlier record); the names are its own names and the preset's. The fatal
    message reads `missing required column C (a column named N1, N2); header found: H1,
    H2; closest header: 'X'` (+ §8.3's hint for response_id).
46. §8.5 REDCap "the first header ending in `_complete` at or right of the rightmost column
    bound to an item": record-1 headers, searched from column 1 when no item is bound;
    `<form>_timestamp` is tried only when submitted_at found no own name. The preset's
    response_id "first column" is its last fallback, after the own names.
47. §8.8 "Rows identical in every field to an earlier row": scored rows whose raw fields
    equal those of any earlier data row (rejected or not); counted only without a
    response_id column.
48. §8.6 TIME's AM/PM: when AM or PM follows the time it is read as AM/PM, so `13:00 PM`
    is unparseable (not a 13 o'clock time with an unknown zone `PM`). "Time-zone name not
    recognised" is counted over scored rows whose date parsed.
49. §8.4 "fields normalised, case-insensitive" in layout detection: `{"importid"` or
    `{'importid'` after normalising and lower-casing the first field of record 3.
    counts.json's `qualtrics` is true for the current and the legacy Qualtrics layouts.
50. §8.7 invalid workbooks the SPEC lists without a message: `not an .xlsx workbook: not a
    ZIP archive`, `binary .xlsb workbook; ...`, `Strict Open XML workbook; ...`,
    `macro-enabled workbook (a macroEnabled content type); ...`, `part P inflates beyond 4
    GiB`, `no worksheet in this workbook`. A chartsheet is not a worksheet.
51. §9.1.3 register cells are trimmed before the checks; messages read
    `organisations.csv:LINE:COLUMN: error: signed_on: expected empty or a real YYYY-MM-DD
    date, found '01/03/2016'` (headcount likewise).
52. §9.5 "a 95% Wilson interval (§3.6, x = r, n = h)": §3.6's closed form with its z; with r
    = 0 the lower bound clips to 0. journey.csv's `signatory` is `true`/`false`.
53. §9.2 "`baseline` comparisons exist when B closes before P": then the national
    baseline rows cover every domain and `overall`, like the previous rows, even with
    m = 0 (diff empty).
"""

FIXED_COLUMNS = ("response_id", "organisation_id", "submitted_at", "role")
DEFAULT_LIKERT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
DEFAULT_MISSING = ["", "N/A", "NA", "Not applicable", "Prefer not to say"]
DEFAULT_DK = ["Don't know", "Dont know", "DK"]
DEFAULT_TRUE = ["true", "t", "yes", "1"]
DEFAULT_FALSE = ["false", "f", "no", "0"]
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

TAG_INT = "tag:yaml.org,2002:int"
TAG_FLOAT = "tag:yaml.org,2002:float"
TAG_NULL = "tag:yaml.org,2002:null"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def load_yaml_both(path: str) -> tuple[Any, Any]:
    """The document as Python values and as a node tree (for raw scalar texts and marks)."""
    with open(path, "rb") as fh:
        data = fh.read()
    value = yaml.load(data, Loader=_NoTimestampLoader)
    node = yaml.compose(data, Loader=_NoTimestampLoader)
    return value, node


def load_yaml(path: str) -> Any:
    return load_yaml_both(path)[0]


def node_child(node: Any, key: Any) -> Any:
    """The child of a mapping node (by key text) or of a sequence node (by index)."""
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int):
        return node.value[key] if 0 <= key < len(node.value) else None
    return None


def node_at(node: Any, path: list[Any]) -> Any:
    for p in path:
        node = node_child(node, p)
    return node


def node_key(node: Any, key: str) -> Any:
    """The key node of a mapping entry (for 'unknown key' positions)."""
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k
    return None


def mark(node: Any) -> str:
    if node is None:
        return ""
    return f"{node.start_mark.line + 1}:{node.start_mark.column + 1}:"


def found_text(node: Any) -> str:
    """How a value is named in 'found ...' messages."""
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.tag in (TAG_INT, TAG_FLOAT):
            return node.value  # numbers as written: `found 0`, `found 1.5`
        return repr_text(node.value)  # texts quoted: `found 'YMD'`
    return "nothing"


def repr_text(s: str) -> str:
    return "'" + s + "'"


def plain_int(node: Any) -> int | None:
    """CHOICE 24-a: a plain integer is a plain scalar YAML resolves as int (PyYAML's
    YAML 1.1 rules); its value is YAML's."""
    if isinstance(node, yaml.ScalarNode) and node.style is None and node.tag == TAG_INT:
        return int(_CONSTRUCTOR.construct_yaml_int(node))
    return None


def plain_float(node: Any) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.tag == TAG_FLOAT


def yaml_bool(node: Any) -> bool | None:
    """CHOICE 25: a YAML boolean is a plain true/True/TRUE/false/False/FALSE (YAML 1.2's
    core schema); `yes`, `on`, quoted "true" are not booleans."""
    if isinstance(node, yaml.ScalarNode) and node.style is None:
        if node.value in ("true", "True", "TRUE"):
            return True
        if node.value in ("false", "False", "FALSE"):
            return False
    return None


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


# --------------------------------------------------------------------------- text (§8.2)

_WS_RUN = re.compile(r"\s+")  # str patterns: \s is exactly str.isspace()


def norm(s: str) -> str:
    """§8.2: NFC, U+2019 -> ', runs of white space -> one space, trimmed."""
    if not s.isascii():
        s = unicodedata.normalize("NFC", s).replace("\u2019", "'")
    return _WS_RUN.sub(" ", s).strip(" ")


def key(s: str) -> str:
    """Normalised and case-insensitive: the matching form of every compared text."""
    return norm(s).lower()


# Version 1 names, kept for callers: both are now the §8.2 matching form.
norm_token = key
norm_name = key


def levenshtein(a: str, b: str) -> int:
    """Insert, delete, substitute: 1 each, over Unicode scalar values (§8.3)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def qualifies(d: int, a: str, b: str) -> bool:
    return d <= max(1, max(len(a), len(b)) // 3)


# --------------------------------------------------------------------------- instrument

INT_CELL_RE = re.compile(r"-?[0-9]+")


@dataclass
class Scale:
    """§8.1: k ordered points, each with labels and a code; missing entries; favourable set."""

    name: str
    labels: list[list[str]]  # per point, the equivalent labels as written
    codes: list[int | str]  # per point
    missing: set[str]  # matching form
    favourable: set[int]  # point numbers 1..k
    int_codes: dict[int, int] = field(default_factory=dict)  # code -> point
    text_codes: dict[str, int] = field(default_factory=dict)
    label_points: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, c in enumerate(self.codes, 1):
            if isinstance(c, int):
                self.int_codes.setdefault(c, i)
            else:
                self.text_codes.setdefault(key(c), i)
        for i, labs in enumerate(self.labels, 1):
            for lab in labs:
                self.label_points.setdefault(key(lab), i)

    @property
    def k(self) -> int:
        return len(self.labels)

    def code_point(self, text: str) -> int | None:
        """The point whose code matches a normalised cell (an integer code: optional `-`
        and ASCII digits of that value; a text code: as a label)."""
        if INT_CELL_RE.fullmatch(text):
            p = self.int_codes.get(int(text))
            if p is not None:
                return p
        return self.text_codes.get(text.lower())

    def point(self, text: str) -> int | None:
        p = self.code_point(text)
        if p is not None:
            return p
        return self.label_points.get(text.lower())

    def score(self, i: int, reverse: bool) -> float:
        k = self.k
        return 100 * (k - i) / (k - 1) if reverse else 100 * (i - 1) / (k - 1)

    def is_favourable(self, i: int, reverse: bool) -> bool:
        return (self.k + 1 - i if reverse else i) in self.favourable


def code_matches(code: int | str, text: str) -> bool:
    """Whether a code matches a (normalised) text, as it would match a cell."""
    t = norm(text)
    if isinstance(code, int):
        return bool(INT_CELL_RE.fullmatch(t)) and int(t) == code
    return key(code) == t.lower()


def code_key(code: int | str) -> str:
    """§8.1: `4` = `"4"`: codes compare by their text, normalised, case-insensitive."""
    return str(code) if isinstance(code, int) else key(code)


@dataclass
class Item:
    id: str
    type: str  # likert | knowledge
    reverse: bool
    answer: bool | None
    aliases: list[str]
    domain: str
    scale_name: str = "likert"
    scale: Scale | None = None


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
    true_tokens: set[str] = field(default_factory=lambda: {key(t) for t in DEFAULT_TRUE})
    false_tokens: set[str] = field(default_factory=lambda: {key(t) for t in DEFAULT_FALSE})
    scales: dict[str, Scale] = field(default_factory=dict)  # declared scales
    default_scale: str = "likert"
    has_scales_key: bool = False

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


def builtin_likert(labels: list[str], favourable_score: float) -> Scale:
    """§8.1: `likert` is likert_labels with codes 1-5; favourable where the non-reverse
    item score is >= favourable_score."""
    fav = {i for i in range(1, 6) if 100 * (i - 1) / 4 >= favourable_score}
    return Scale("likert", [[lab] for lab in labels], [1, 2, 3, 4, 5], set(), fav)


SCALE_KEYS = ("labels", "codes", "missing", "favourable")


def load_scales(path: str, root: Any, missing: list[str], dk: list[str], err) -> dict[str, Scale]:
    """§8.1 `scales`: parsed from the node tree (plain scalars are texts as written,
    except plain integers in codes and favourable). Every problem goes to err()."""
    snode = node_child(root, "scales")
    out: dict[str, Scale] = {}
    if snode is None or (isinstance(snode, yaml.ScalarNode) and snode.tag == TAG_NULL):
        return out
    if not isinstance(snode, yaml.MappingNode):
        err(snode, "scales", f"expected a mapping of scale names to scales, found {found_text(snode)}")
        return out
    missing_keys = {key(t) for t in missing}
    dk_keys = {key(t) for t in dk}
    for knode, vnode in snode.value:
        name = knode.value if isinstance(knode, yaml.ScalarNode) else str(knode)
        p = f"scales.{name}"
        if name == "likert":
            err(knode, p, "the built-in scale likert is set by likert_labels; choose another name")
            continue
        if not ID_RE.fullmatch(name):
            err(knode, p, f"invalid scale name '{name}'; expected a name matching ^[A-Za-z][A-Za-z0-9_]{{0,31}}$")
            continue
        if not isinstance(vnode, yaml.MappingNode):
            err(vnode, p, f"expected a mapping with labels, codes, missing and favourable, found {found_text(vnode)}")
            continue
        ok = True
        for k2, _ in vnode.value:
            kn = k2.value if isinstance(k2, yaml.ScalarNode) else str(k2)
            if kn not in SCALE_KEYS:
                err(k2, f"{p}.{kn}", "unknown key; expected labels, codes, missing or favourable")
                ok = False
        # labels
        lnode = node_child(vnode, "labels")
        labels: list[list[str]] = []
        label_paths: list[list[tuple[str, Any]]] = []
        if lnode is None:
            err(vnode, f"{p}.labels", "missing")
            ok = False
        elif not isinstance(lnode, yaml.SequenceNode):
            err(lnode, f"{p}.labels", f"expected a list of labels, found {found_text(lnode)}")
            ok = False
        else:
            for i, e in enumerate(lnode.value):
                lp = f"{p}.labels[{i}]"
                if isinstance(e, yaml.ScalarNode):
                    if norm(e.value) == "":
                        err(e, lp, "must not be empty")
                        ok = False
                    labels.append([e.value])
                    label_paths.append([(lp, e)])
                elif isinstance(e, yaml.SequenceNode):
                    # CHOICE 26: a list of equivalent labels; each entry is checked at labels[i][j].
                    group, paths = [], []
                    if not e.value:
                        err(e, lp, "must not be empty")
                        ok = False
                    for j, sub in enumerate(e.value):
                        sp = f"{lp}[{j}]"
                        if not isinstance(sub, yaml.ScalarNode):
                            err(sub, sp, f"expected a label, found {found_text(sub)}")
                            ok = False
                            continue
                        if norm(sub.value) == "":
                            err(sub, sp, "must not be empty")
                            ok = False
                        group.append(sub.value)
                        paths.append((sp, sub))
                    labels.append(group)
                    label_paths.append(paths)
                else:
                    err(e, lp, f"expected a label or a list of labels, found {found_text(e)}")
                    ok = False
                    labels.append([])
                    label_paths.append([])
            if len(lnode.value) < 2:
                err(lnode, f"{p}.labels", f"expected at least 2 labels, found {len(lnode.value)}")
                ok = False
        k = len(labels)
        # a label on two points
        seen_label: dict[str, int] = {}
        for i, paths in enumerate(label_paths):
            for (lp, ln) in paths:
                kk = key(ln.value)
                if kk == "":
                    continue
                if kk in seen_label and seen_label[kk] != i:
                    err(ln, lp, f"duplicate label '{norm(ln.value)}' (also labels[{seen_label[kk]}])")
                    ok = False
                else:
                    seen_label.setdefault(kk, i)
        # codes
        cnode = node_child(vnode, "codes")
        codes: list[int | str] = list(range(1, k + 1))
        code_nodes: list[Any] = [None] * k
        if cnode is not None:
            if not isinstance(cnode, yaml.SequenceNode):
                err(cnode, f"{p}.codes", f"expected a list of codes, found {found_text(cnode)}")
                ok = False
            else:
                codes = []
                code_nodes = []
                for i, e in enumerate(cnode.value):
                    cp = f"{p}.codes[{i}]"
                    iv = plain_int(e)
                    if iv is not None:
                        codes.append(iv)
                    elif plain_float(e) or not isinstance(e, yaml.ScalarNode):
                        err(e, cp, f"expected an integer or a text, found {found_text(e)}")
                        ok = False
                        codes.append(f"\x00bad{i}")
                    else:
                        if norm(e.value) == "":
                            # CHOICE 27: an empty text code is an error (an empty cell is never an answer).
                            err(e, cp, "must not be empty")
                            ok = False
                        codes.append(e.value)
                    code_nodes.append(e)
                if len(codes) != k and k >= 2:
                    err(cnode, f"{p}.codes", f"expected {k} codes (one per label), found {len(codes)}")
                    ok = False
                seen_code: dict[str, int] = {}
                for i, c in enumerate(codes):
                    if isinstance(c, str) and c.startswith("\x00bad"):
                        continue
                    ck = code_key(c)
                    if ck in seen_code:
                        err(code_nodes[i], f"{p}.codes[{i}]", f"duplicate code '{c if isinstance(c, int) else norm(c)}' (also codes[{seen_code[ck]}])")
                        ok = False
                    else:
                        seen_code[ck] = i
        valid_codes = [(i, c) for i, c in enumerate(codes) if not (isinstance(c, str) and c.startswith("\x00bad"))]
        # a label that another point's code matches
        for i, paths in enumerate(label_paths):
            for (lp, ln) in paths:
                for j, c in valid_codes:
                    if j != i and j < k and code_matches(c, ln.value):
                        err(ln, lp, f"'{norm(ln.value)}' is also the code of point {j + 1} (codes[{j}])")
                        ok = False
                        break
        # labels and codes that are missing or don't-know tokens
        for i, paths in enumerate(label_paths):
            for (lp, ln) in paths:
                kk = key(ln.value)
                if kk in missing_keys and kk != "":
                    err(ln, lp, f"'{norm(ln.value)}' is also a missing token")
                    ok = False
                elif kk in dk_keys:
                    err(ln, lp, f"'{norm(ln.value)}' is also a don't-know token")
                    ok = False
        for j, c in valid_codes:
            shown = str(c) if isinstance(c, int) else norm(c)
            hit_m = any(code_matches(c, t) for t in missing if norm(t) != "")
            hit_d = any(code_matches(c, t) for t in dk)
            if hit_m:
                err(code_nodes[j], f"{p}.codes[{j}]", f"'{shown}' is also a missing token")
                ok = False
            elif hit_d:
                err(code_nodes[j], f"{p}.codes[{j}]", f"'{shown}' is also a don't-know token")
                ok = False
        # missing
        mnode = node_child(vnode, "missing")
        miss: list[str] = []
        if mnode is not None:
            if not isinstance(mnode, yaml.SequenceNode):
                err(mnode, f"{p}.missing", f"expected a list of labels or codes, found {found_text(mnode)}")
                ok = False
            else:
                for i, e in enumerate(mnode.value):
                    mp = f"{p}.missing[{i}]"
                    if not isinstance(e, yaml.ScalarNode):
                        err(e, mp, f"expected a text, found {found_text(e)}")
                        ok = False
                        continue
                    t = e.value
                    hit = None
                    for j, c in valid_codes:
                        if code_matches(c, t):
                            hit = f"'{norm(t)}' is also the code of point {j + 1} (codes[{j}])"
                            break
                    if hit is None:
                        for j, labs in enumerate(labels):
                            if any(key(lab) == key(t) for lab in labs):
                                hit = f"'{norm(t)}' is also a label of point {j + 1} (labels[{j}])"
                                break
                    if hit is not None:
                        err(e, mp, hit)
                        ok = False
                    miss.append(t)
        # favourable
        fnode = node_child(vnode, "favourable")
        fav = {i for i in range(1, k + 1) if 2 * i > k + 1}
        if fnode is not None:
            if not isinstance(fnode, yaml.SequenceNode):
                err(fnode, f"{p}.favourable", f"expected a list of point numbers, found {found_text(fnode)}")
                ok = False
            elif not fnode.value:
                err(fnode, f"{p}.favourable", "expected at least one point number")
                ok = False
            else:
                fav = set()
                seen_f: dict[int, int] = {}
                for i, e in enumerate(fnode.value):
                    fp = f"{p}.favourable[{i}]"
                    iv = plain_int(e)
                    if iv is None or not (1 <= iv <= k):
                        err(e, fp, f"expected a point number from 1 to {k}, found {found_text(e)}")
                        ok = False
                        continue
                    if iv in seen_f:
                        err(e, fp, f"point {iv} is repeated (also favourable[{seen_f[iv]}])")
                        ok = False
                        continue
                    seen_f[iv] = i
                    fav.add(iv)
        if ok:
            out[name] = Scale(name, labels, codes, {key(t) for t in miss}, fav)
        else:
            out[name] = None  # type: ignore[assignment]  # declared, but invalid
    return out


def load_instrument(path: str) -> Instrument:
    problems: list[str] = []
    try:
        raw, root = load_yaml_both(path)
    except OSError as exc:
        raise FatalError([f"{path}: cannot read: {exc}"])
    except yaml.YAMLError as exc:
        raise FatalError([f"{path}: invalid YAML: {exc}"])
    if not isinstance(raw, dict):
        raise FatalError([f"{path}: the instrument must be a mapping"])

    def err(p: str, msg: str) -> None:
        problems.append(f"{path}: {p}: {msg}")

    def nerr(node: Any, p: str, msg: str) -> None:
        """§8.1's form: FILE:LINE:COLUMN: error: PATH: MESSAGE."""
        problems.append(f"{path}:{mark(node)} error: {p}: {msg}")

    for k_ in ("id", "title"):
        if k_ not in raw:
            err(k_, "missing")
        elif not isinstance(raw[k_], str):
            err(k_, "must be a string")
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
                n = key(lab)
                if n == "":
                    err(f"likert_labels[{i}]", "empty")
                elif n in seen:
                    err(f"likert_labels[{i}]", f"duplicate of likert_labels[{seen[n]}]")
                else:
                    seen[n] = i
            labels = v

    def token_list(k_: str, default: list[str]) -> list[str]:
        if k_ not in raw:
            return default
        v = raw[k_]
        if not is_str_list(v):
            err(k_, "must be a list of strings")
            return default
        return v

    missing = token_list("missing_tokens", DEFAULT_MISSING)
    dk = token_list("dont_know_tokens", DEFAULT_DK)

    # true_tokens / false_tokens (§8.1): plain scalars are texts as written
    def knowledge_tokens(k_: str) -> tuple[list[str], Any]:
        node = node_child(root, k_)
        if node is None:
            return (DEFAULT_TRUE if k_ == "true_tokens" else DEFAULT_FALSE), None
        if not isinstance(node, yaml.SequenceNode):
            nerr(node, k_, f"expected a list of tokens, found {found_text(node)}")
            return [], None
        if not node.value:
            nerr(node, k_, "expected at least one token")
            return [], None
        toks = []
        for i, e in enumerate(node.value):
            if not isinstance(e, yaml.ScalarNode):
                nerr(e, f"{k_}[{i}]", f"expected a token, found {found_text(e)}")
                continue
            toks.append(e.value)
        return toks, node

    true_toks, tnode = knowledge_tokens("true_tokens")
    false_toks, fnode = knowledge_tokens("false_tokens")
    mk, dkk = {key(t) for t in missing}, {key(t) for t in dk}
    for name, toks, node, other, other_name in (
        ("true_tokens", true_toks, tnode, false_toks, "false"),
        ("false_tokens", false_toks, fnode, true_toks, "true"),
    ):
        if node is None:
            continue  # CHOICE 28: only lists given in the instrument are checked
        other_keys = {key(t) for t in other}
        for i, t in enumerate(toks):
            kk = key(t)
            e = node.value[i] if i < len(node.value) else node
            if kk in other_keys and (name == "false_tokens" or fnode is None):
                nerr(e, f"{name}[{i}]", f"'{norm(t)}' is also a {other_name} token")
            elif kk in mk:
                nerr(e, f"{name}[{i}]", f"'{norm(t)}' is also a missing token")
            elif kk in dkk:
                nerr(e, f"{name}[{i}]", f"'{norm(t)}' is also a don't-know token")

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
            for k_, val in v.items():
                p = f"thresholds.{k_}"
                if k_ in ("min_respondents", "min_organisations"):
                    if not is_int(val) or val < 1:
                        err(p, "must be an integer >= 1")
                        continue
                elif k_ == "min_answered_fraction":
                    if not is_number(val) or not (0 < val <= 1):
                        err(p, "must be in (0, 1]")
                        continue
                elif k_ in ("favourable_score", "min_change"):
                    if not is_number(val) or not (0 <= val <= 100):
                        err(p, "must be in [0, 100]")
                        continue
                elif k_ == "alpha":
                    if not is_number(val) or not (0 < val < 1):
                        err(p, "must be in (0, 1)")
                        continue
                elif k_ == "max_organisation_share":
                    if not is_number(val) or not (0 < val <= 1):
                        err(p, "must be in (0, 1]")
                        continue
                else:
                    continue  # unknown threshold keys are ignored
                thresholds[k_] = val

    # columns
    columns: dict[str, list[str]] = {c: [] for c in FIXED_COLUMNS}
    if "columns" in raw:
        v = raw["columns"]
        if not isinstance(v, dict):
            err("columns", "must be a mapping")
        else:
            for k_, val in v.items():
                if k_ not in FIXED_COLUMNS:
                    err(f"columns.{k_}", "unknown column (expected one of " + ", ".join(FIXED_COLUMNS) + ")")
                elif not is_str_list(val):
                    err(f"columns.{k_}", "must be a list of strings")
                else:
                    columns[k_] = list(val)

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
            for k_, val in g.items():
                if not isinstance(val, str):
                    err(f"glossary.{k_}", "must be a string")

    # scales (§8.1)
    scales = load_scales(path, root, missing, dk, nerr)
    scale_names = sorted(list(scales) + ["likert"])
    default_scale = "likert"
    dnode = node_child(root, "default_scale")
    if dnode is not None:
        if not isinstance(dnode, yaml.ScalarNode):
            nerr(dnode, "default_scale", f"expected a scale name, found {found_text(dnode)}")
        elif dnode.value not in scale_names:
            nerr(dnode, "default_scale", f"unknown scale '{dnode.value}'; expected one of {', '.join(scale_names)}")
        else:
            default_scale = dnode.value

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
                    scale_name = default_scale
                    snode = node_at(root, ["domains", di, "items", ii, "scale"])
                    if snode is not None:
                        if itype == "knowledge":
                            nerr(snode, f"{ip}.scale", "only likert items have a scale")
                        elif not isinstance(snode, yaml.ScalarNode):
                            nerr(snode, f"{ip}.scale", f"expected a scale name, found {found_text(snode)}")
                        elif snode.value not in scale_names:
                            nerr(snode, f"{ip}.scale", f"unknown scale '{snode.value}'; expected one of {', '.join(scale_names)}")
                        else:
                            scale_name = snode.value
                    items.append(
                        Item(
                            id=iid,
                            type=itype,
                            reverse=bool(reverse) if itype == "likert" else False,
                            answer=answer if itype == "knowledge" else None,
                            aliases=list(aliases),
                            domain=str(did),
                            scale_name=scale_name if itype == "likert" else "",
                        )
                    )
            domains.append(Domain(id=str(did), weight=float(weight) if is_number(weight) else 1.0, items=items))

        # CHOICE 11: collision of any header name between two different columns.
        owners: dict[str, tuple[str, str]] = {}  # name -> (column key, path)

        def claim(name: str, col: str, p: str) -> None:
            n = key(name)
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

    likert = builtin_likert(list(labels), thresholds["favourable_score"])
    all_scales = dict(scales)
    all_scales["likert"] = likert
    for it in [it for d in domains for it in d.items]:
        if it.type == "likert":
            it.scale = all_scales[it.scale_name]
    return Instrument(
        id=raw["id"],
        likert_labels=list(labels),
        missing_tokens={key(t) for t in missing},
        dk_tokens={key(t) for t in dk},
        levels=levels,
        thresholds=thresholds,
        columns=columns,
        roles=list(roles),
        domains=domains,
        true_tokens={key(t) for t in true_toks},
        false_tokens={key(t) for t in false_toks},
        scales=scales,
        default_scale=default_scale,
        has_scales_key=node_child(root, "scales") is not None,
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
    beyond: int = 0  # xlsx: the first sheet column (1-based) holding a value right of the header


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
    """A read responses (or register) file: its records before the header records are split off."""

    path: str
    encoding: str
    delimiter: str
    records: list[Record]
    xlsx: bool = False
    sheet: str = ""
    sheet_named: bool = False
    xlsx_width: int = 0  # the header's columns (xlsx: last non-empty cell of any header record)


def read_csv_table(path: str, responses: bool = False) -> Table:
    with open(path, "rb") as fh:
        data = fh.read()
    if responses and data.startswith(b"PK\x03\x04"):
        raise FatalError([f"{path}:1:1: error: an Excel workbook saved under a .csv name (it starts with the ZIP signature); rename it responses.xlsx"])
    text, enc = decode_bytes(data)
    delim = detect_delimiter(text)
    return Table(path, enc, delim, parse_records(text, delim))


# --------------------------------------------------------------------------- xlsx (§8.7)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_PART = 4 * 1024 ** 3
DATE_FORMAT_IDS = set(range(14, 23)) | {45, 46, 47}
_X_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _q(tag: str, ns: str = NS_MAIN) -> str:
    return "{" + ns + "}" + tag


def decode_x_escapes(s: str) -> str:
    """`_xHHHH_` -> the UTF-16 code unit HHHH, left to right (so `_x005F_x0041_` is `_x0041_`)."""
    if "_x" not in s:
        return s
    units = _X_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), s)
    # surrogate pairs written as two escapes become one scalar
    return units.encode("utf-16", "surrogatepass").decode("utf-16", errors="replace")


def number_text(x: float) -> str:
    """The shortest decimal that reads back as the same binary64, in plain notation."""
    if x == 0:
        return "0"
    s = format(Decimal(repr(x)), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def is_date_code(code: str) -> bool:
    """A custom number format is a date style when d, m, y, h or s remains once quoted
    text, backslash escapes and [...] sections are removed."""
    out = []
    i, n = 0, len(code)
    while i < n:
        c = code[i]
        if c == '"':
            j = code.find('"', i + 1)
            i = n if j < 0 else j + 1
        elif c == "\\":
            i += 2
        elif c == "[":
            j = code.find("]", i + 1)
            i = n if j < 0 else j + 1
        else:
            out.append(c)
            i += 1
    rest = "".join(out).lower()
    return any(ch in rest for ch in "dmyhs")


def serial_text(x: float, date1904: bool) -> str:
    """§8.7: a date-styled serial as ISO text (numbers below 61 stay numbers)."""
    if x < 61:
        return number_text(x)
    days = math.floor(x)
    secs = math.floor((x - days) * 86400 + 0.5)
    if secs >= 86400:
        days += 1
        secs -= 86400
    base = date(1904, 1, 1) if date1904 else date(1899, 12, 30)
    try:
        d = base + timedelta(days=days)
    except OverflowError:
        return number_text(x)  # CHOICE 29: a serial past 9999-12-31 is written as a number
    if secs == 0:
        return d.isoformat()
    return f"{d.isoformat()} {secs // 3600:02d}:{secs % 3600 // 60:02d}:{secs % 60:02d}"


def col_index(ref: str) -> int:
    """`AB12` -> 28 (1-based column)."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
    return n


def _runs_text(el: Any) -> str:
    """The text of a string item: its t and r/t runs, phonetic runs (rPh) left out."""
    parts = []
    for child in el:
        if child.tag == _q("t"):
            parts.append(child.text or "")
        elif child.tag == _q("r"):
            for t in child.findall(_q("t")):
                parts.append(t.text or "")
    return decode_x_escapes("".join(parts))


class Workbook:
    """A minimal transitional .xlsx reader following SPEC §8.7 literally."""

    def __init__(self, path: str):
        self.path = path
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head == CFB_SIGNATURE:
            raise self.fatal("encrypted or legacy .xls workbook; save it as an .xlsx workbook without a password")
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError):
            raise self.fatal("not an .xlsx workbook: not a ZIP archive")
        names = set(self.zf.namelist())
        if "xl/workbook.bin" in names:
            raise self.fatal("binary .xlsb workbook; save it as an .xlsx workbook")
        if "xl/vbaProject.bin" in names:
            raise self.fatal("macro-enabled workbook (xl/vbaProject.bin); save it as an .xlsx workbook without macros")
        if "[Content_Types].xml" in names:
            ct = self.part("[Content_Types].xml")
            if b"macroenabled" in ct.lower():
                raise self.fatal("macro-enabled workbook (a macroEnabled content type); save it as an .xlsx workbook without macros")
        if "xl/workbook.xml" not in names:
            raise self.fatal("not an .xlsx workbook: no xl/workbook.xml")
        wb = self.xml("xl/workbook.xml")
        if wb.tag.startswith("{" + NS_STRICT + "}"):
            raise self.fatal("Strict Open XML workbook; save it as an Excel Workbook (.xlsx, transitional)")
        self.date1904 = False
        pr = wb.find(_q("workbookPr"))
        if pr is not None and pr.get("date1904", "").lower() in ("1", "true"):
            self.date1904 = True
        rels = self.rels("xl/_rels/workbook.xml.rels", "xl/")
        self.sheets: list[tuple[str, str]] = []  # (name, part) of worksheets in tab order
        sheets = wb.find(_q("sheets"))
        for s in sheets if sheets is not None else []:
            rid = s.get("{" + NS_REL + "}id")
            typ, target = rels.get(rid, ("", ""))
            if typ.endswith("/worksheet") and target:
                self.sheets.append((s.get("name", ""), target))
        self.shared_path = next((t for (typ, t) in rels.values() if typ.endswith("/sharedStrings")), "xl/sharedStrings.xml")
        self.styles_path = next((t for (typ, t) in rels.values() if typ.endswith("/styles")), "xl/styles.xml")

    def fatal(self, msg: str) -> FatalError:
        return FatalError([f"{self.path}: error: {msg}"])

    def part(self, name: str) -> bytes:
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            raise self.fatal(f"not an .xlsx workbook: no {name}")
        if info.file_size > MAX_PART:
            raise self.fatal(f"part {name} inflates beyond 4 GiB")
        with self.zf.open(info) as fh:
            data = fh.read(MAX_PART + 1)
        if len(data) > MAX_PART:
            raise self.fatal(f"part {name} inflates beyond 4 GiB")
        if b"<!doctype" in data.lower():
            raise self.fatal(f"part {name} holds a DTD, which is not read")
        return data

    def xml(self, name: str) -> Any:
        try:
            return ET.fromstring(self.part(name))
        except ET.ParseError as exc:
            raise self.fatal(f"part {name} is not well-formed XML ({exc})")

    def rels(self, name: str, base: str) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        if name not in self.zf.namelist():
            return out
        root = self.xml(name)
        for r in root.findall("{" + NS_PKG_REL + "}Relationship"):
            target = r.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            else:
                target = os.path.normpath(base + target).replace(os.sep, "/")
            out[r.get("Id", "")] = (r.get("Type", ""), target)
        return out

    def shared_strings(self) -> list[str]:
        if self.shared_path not in self.zf.namelist():
            return []
        root = self.xml(self.shared_path)
        return [_runs_text(si) for si in root.findall(_q("si"))]

    def date_styles(self) -> list[bool]:
        """Per cellXfs index: whether the number format is a date style."""
        if self.styles_path not in self.zf.namelist():
            return []
        root = self.xml(self.styles_path)
        custom: dict[int, str] = {}
        nf = root.find(_q("numFmts"))
        for f in nf if nf is not None else []:
            try:
                custom[int(f.get("numFmtId", "-1"))] = f.get("formatCode", "")
            except ValueError:
                pass
        out = []
        xfs = root.find(_q("cellXfs"))
        for xf in xfs if xfs is not None else []:
            try:
                fid = int(xf.get("numFmtId", "0"))
            except ValueError:
                fid = 0
            if fid in custom:
                out.append(is_date_code(custom[fid]))
            else:
                out.append(fid in DATE_FORMAT_IDS)
        return out

    def choose(self, wanted: str | None) -> tuple[str, str]:
        if not self.sheets:
            raise self.fatal("no worksheet in this workbook")
        if wanted is None:
            return self.sheets[0]
        for name, part in self.sheets:
            if key(name) == key(wanted):
                return name, part
        found = ", ".join(f"'{n}'" for n, _ in self.sheets)
        raise self.fatal(f"no worksheet '{wanted}'; worksheets found: {found}")

    def rows(self, part: str) -> list[tuple[int, dict[int, str]]]:
        """Every row with a non-empty cell: (sheet row number, {column: text})."""
        shared = self.shared_strings()
        dstyles = self.date_styles()
        data = self.part(part)
        out: list[tuple[int, dict[int, str]]] = []
        root = ET.fromstring(data)
        sd = root.find(_q("sheetData"))
        row_no = 0
        for row in sd if sd is not None else []:
            if row.tag != _q("row"):
                continue
            r = row.get("r")
            row_no = int(r) if r and r.isdigit() else row_no + 1
            cells: dict[int, str] = {}
            col = 0
            for c in row:
                if c.tag != _q("c"):
                    continue
                ref = c.get("r")
                col = col_index(ref) if ref else col + 1
                text = self.cell_text(c, shared, dstyles)
                if text != "":
                    cells[col] = text
            if cells:
                out.append((row_no, cells))
        return out

    def cell_text(self, c: Any, shared: list[str], dstyles: list[bool]) -> str:
        t = c.get("t", "n")
        v = c.find(_q("v"))
        vtext = v.text if v is not None and v.text is not None else None
        if t == "inlineStr":
            is_ = c.find(_q("is"))
            return _runs_text(is_) if is_ is not None else ""
        if vtext is None:
            return ""  # absent value, or a formula without a cached value
        if t == "s":
            try:
                return shared[int(vtext)]
            except (ValueError, IndexError):
                return ""  # CHOICE 30: a shared-string index out of range is an empty cell
        if t == "str" or t == "e" or t == "d":
            return vtext
        if t == "b":
            return "TRUE" if vtext.strip() in ("1", "true") else "FALSE"
        try:
            x = float(vtext)
        except ValueError:
            return vtext
        if x == 0:
            x = 0.0
        s = c.get("s")
        style = int(s) if s and s.isdigit() else 0
        if 0 <= style < len(dstyles) and dstyles[style]:
            return serial_text(x, self.date1904)
        return number_text(x)


def read_xlsx_table(path: str, sheet: str | None) -> tuple[Table, list[tuple[int, dict[int, str]]]]:
    wb = Workbook(path)
    name, part = wb.choose(sheet)
    rows = wb.rows(part)
    t = Table(path, "XLSX workbook", "–", [], xlsx=True, sheet=name, sheet_named=sheet is not None)
    return t, rows


def xlsx_records(rows: list[tuple[int, dict[int, str]]], header_records: int) -> tuple[list[Record], int]:
    """Sheet rows as records: width = the last non-empty column of any header record."""
    width = 0
    for _, cells in rows[:header_records]:
        width = max(width, max(cells))
    recs = []
    for i, (row_no, cells) in enumerate(rows):
        fields = [cells.get(c, "") for c in range(1, width + 1)]
        beyond = 0
        if i >= header_records:
            over = [c for c in cells if c > width]
            beyond = min(over) if over else 0  # CHOICE 31: the leftmost such column is named
        recs.append(Record(row_no, fields, beyond=beyond))
    return recs, width


# --------------------------------------------------------------------------- dates (§8.6)

_DT = re.compile(
    r"(?:(?P<iy>[0-9]{4})-(?P<im>[0-9]{2})-(?P<id>[0-9]{2})"
    r"|(?P<sy>[0-9]{4})/(?P<sm>[0-9]{1,2})/(?P<sd>[0-9]{1,2})"
    r"|(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4}|[0-9]{2}))"
    r"(?:(?P<sep>[ T])(?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?"
    r"(?: ?(?P<ampm>[AaPp][Mm]))?"
    r"(?: ?(?P<zone>Z|[+-][0-9]{2}:[0-9]{2}|[+-][0-9]{4}"
    r"|(?:[Gg][Mm][Tt]|[Uu][Tt][Cc])[+-][0-9]{1,2}(?::[0-9]{2})?|[A-Za-z]{2,5}))?)?"
)
_ABY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}|[0-9]{2})(?: |$)")
ZONE_NAMES = {
    "utc": 0, "gmt": 0, "wet": 0,
    "bst": 60, "cet": 60, "west": 60,
    "cest": 120, "eet": 120,
    "eest": 180,
    "edt": -240,
    "est": -300, "cdt": -300,
    "cst": -360, "mdt": -360,
    "mst": -420, "pdt": -420,
    "pst": -480,
}


@dataclass
class Stamp:
    day: date  # calendar date as written
    instant: int  # seconds since 0001-01-01T00:00:00Z (offset applied)


def is_not_completed(text: str) -> bool:
    return text.lower() == "[not completed]"


def parse_date_value(s: str, order: str = "DMY") -> tuple[Stamp | None, bool]:
    """§8.6 on a normalised text: (stamp or None, whether a zone name was not recognised)."""
    m = _DT.fullmatch(s)
    if not m:
        return None, False
    g = m.groupdict()
    if g["iy"] is not None:
        y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g["sy"] is not None:
        y, mo, d = int(g["sy"]), int(g["sm"]), int(g["sd"])
        if g["sep"] == "T":
            return None, False
    else:
        if g["sep"] == "T":
            return None, False  # "T" only after YYYY-MM-DD
        a, b = int(g["a"]), int(g["b"])
        y = int(g["y"]) + (2000 if len(g["y"]) == 2 else 0)
        d, mo = (a, b) if order == "DMY" else (b, a)
    try:
        day = date(y, mo, d)
    except ValueError:
        return None, False
    h = mi = sec = 0
    offset = 0
    unknown_zone = False
    if g["H"] is not None:
        h, mi = int(g["H"]), int(g["M"])
        sec = int(g["S"]) if g["S"] is not None else 0
        if g["ampm"] is not None:
            if not 1 <= h <= 12:
                return None, False
            pm = g["ampm"].lower() == "pm"
            h = (0 if h == 12 else h) + (12 if pm else 0)
        elif h > 23:
            return None, False
        if mi > 59 or sec > 59:
            return None, False
        z = g["zone"]
        if z is not None and z != "Z":
            zl = z.lower()
            if z[0] in "+-":
                body = z[1:].replace(":", "")
                oh, om = int(body[:2]), int(body[2:])
                if om > 59:
                    return None, False
                offset = (oh * 60 + om) * (1 if z[0] == "+" else -1)
            elif zl[:3] in ("gmt", "utc") and len(z) > 3 and z[3] in "+-":
                rest = z[3:]
                sign = 1 if rest[0] == "+" else -1
                parts = rest[1:].split(":")
                oh = int(parts[0])
                om = int(parts[1]) if len(parts) > 1 else 0
                if om > 59:
                    return None, False
                offset = sign * (oh * 60 + om)
            elif zl in ZONE_NAMES:
                offset = ZONE_NAMES[zl]
            else:
                unknown_zone = True
            if abs(offset) > 14 * 60:
                return None, False
    local = (day.toordinal() - 1) * 86400 + h * 3600 + mi * 60 + sec
    return Stamp(day, local - offset * 60), unknown_zone


def parse_submitted(s: str, order: str = "DMY") -> Stamp | None:
    """A submitted_at cell (normalised here) as a Stamp, or None when absent or unparseable."""
    t = norm(s)
    if t == "" or is_not_completed(t):
        return None
    return parse_date_value(t, order)[0]


def decide_date_order(values: list[str], opens: date, closes: date) -> tuple[str, dict[str, int]]:
    """§8.6 `auto` from every non-empty submitted_at text of the rows read."""
    n_d = n_m = 0
    aby = []
    for v in values:
        m = _ABY.match(v)
        if not m:
            continue
        aby.append(v)
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            n_d += 1
        elif b > 12 >= a:
            n_m += 1
    info = {"aby_values": len(aby), "first_above_12": n_d, "second_above_12": n_m, "in_window_dmy": 0, "in_window_mdy": 0}
    if n_d > n_m:
        return "DMY", info
    if n_m > n_d:
        return "MDY", info
    for order in ("DMY", "MDY"):
        cnt = 0
        for v in aby:
            st, _ = parse_date_value(v, order)
            if st is not None and opens <= st.day <= closes:
                cnt += 1
        info["in_window_" + order.lower()] = cnt
    if info["in_window_mdy"] > info["in_window_dmy"]:
        return "MDY", info
    return "DMY", info


# --------------------------------------------------------------------------- register


@dataclass
class Organisation:
    id: str
    name: str
    sector: str
    signatory: bool
    signed_on: date | None = None
    headcount: int | None = None
    aliases: list[str] = field(default_factory=list)
    line: int = 0

    def signatory_at(self, closes: date) -> bool:
        """§9.1.4: yes, and signed_on empty or on or before the wave's close."""
        return self.signatory and (self.signed_on is None or self.signed_on <= closes)


@dataclass
class Register:
    orgs: dict[str, Organisation]  # register order
    has_headcount: bool = False
    has_aliases: bool = False

    # dict-like access for version 1 callers
    def __contains__(self, oid: str) -> bool:
        return oid in self.orgs

    def __getitem__(self, oid: str) -> Organisation:
        return self.orgs[oid]


HEADCOUNT_RE = re.compile(r"[0-9]+")


def load_register(path: str) -> Register:
    problems: list[str] = []
    try:
        table = read_csv_table(path)
    except OSError as exc:
        raise FatalError([f"{path}: cannot read: {exc}"])
    if not table.records:
        raise FatalError([f"{path}: empty file (no header)"])
    header = table.records[0]
    idx: dict[str, int] = {}
    for i, h in enumerate(header.fields):
        k = key(h)
        if k not in idx:
            idx[k] = i
    for req in ("organisation_id", "name", "sector", "signatory"):
        if req not in idx:
            problems.append(f"{path}: missing column {req!r}; header found: {header.fields!r}")
    if problems:
        raise FatalError(problems)
    nfields = len(header.fields)
    orgs: dict[str, Organisation] = {}
    first_line: dict[str, int] = {}
    for rec in table.records[1:]:
        if rec.unterminated:
            problems.append(f"{path}: line {rec.line}: malformed row (unterminated quote)")
            continue
        if len(rec.fields) != nfields:
            problems.append(f"{path}: line {rec.line}: malformed row ({len(rec.fields)} fields, header has {nfields})")
            continue
        cells = [f.strip() for f in rec.fields]
        oid = cells[idx["organisation_id"]]
        bad = False
        if not ORG_ID_RE.fullmatch(oid):
            problems.append(f"{path}: line {rec.line}: invalid organisation_id {oid!r}")
            bad = True
        signed_on = None
        if "signed_on" in idx and cells[idx["signed_on"]] != "":
            signed_on = parse_iso_date(cells[idx["signed_on"]])
            if signed_on is None:
                col = idx["signed_on"] + 1
                problems.append(
                    f"{path}:{rec.line}:{col}: error: signed_on: expected empty or a real YYYY-MM-DD date, found '{cells[idx['signed_on']]}'"
                )
                bad = True
        headcount = None
        if "headcount" in idx and cells[idx["headcount"]] != "":
            h = cells[idx["headcount"]]
            if not (HEADCOUNT_RE.fullmatch(h) and int(h) >= 1):
                col = idx["headcount"] + 1
                problems.append(
                    f"{path}:{rec.line}:{col}: error: headcount: expected empty or a whole number of at least 1 (ASCII digits), found '{h}'"
                )
                bad = True
            else:
                headcount = int(h)
        if bad:
            continue
        if oid in orgs:
            problems.append(f"{path}: line {rec.line}: duplicate organisation_id {oid!r} (first on line {first_line[oid]})")
            continue
        aliases = []
        if "aliases" in idx:
            aliases = [a for a in (norm(x) for x in rec.fields[idx["aliases"]].split(";")) if a != ""]
        first_line[oid] = rec.line
        orgs[oid] = Organisation(
            id=oid,
            name=cells[idx["name"]],
            sector=cells[idx["sector"]],
            signatory=cells[idx["signatory"]].lower() == "yes",
            signed_on=signed_on,
            headcount=headcount,
            aliases=aliases,
            line=rec.line,
        )
    if problems:
        raise FatalError(problems)
    return Register(orgs, has_headcount="headcount" in idx, has_aliases="aliases" in idx)


class OrgMatcher:
    """§8.3: by id (exact), else by name or alias (normalised, case-insensitive);
    otherwise a reject detail with an ambiguity or a did-you-mean suggestion."""

    def __init__(self, register: Register):
        self.register = register
        self.by_name: dict[str, list[str]] = {}
        self.candidates: list[tuple[int, int, int, str, str]] = []  # (kind, line, order, text, oid)
        for o in register.orgs.values():
            for n in [o.name] + o.aliases:
                k = key(n)
                if k == "":
                    continue
                lst = self.by_name.setdefault(k, [])
                if o.id not in lst:
                    lst.append(o.id)
            self.candidates.append((0, o.line, 0, o.id.lower(), o.id))
            self.candidates.append((1, o.line, 0, key(o.name), o.id))
            for i, a in enumerate(o.aliases):
                self.candidates.append((2, o.line, i, key(a), o.id))
        self.cache: dict[str, tuple[str | None, bool, str]] = {}

    def match(self, cell: str) -> tuple[str | None, bool, str]:
        """(organisation id or None, matched by name or alias, reject detail)."""
        hit = self.cache.get(cell)
        if hit is None:
            hit = self._match(cell)
            if len(self.cache) < 100000:
                self.cache[cell] = hit
        return hit

    def _match(self, cell: str) -> tuple[str | None, bool, str]:
        oid = cell.strip()
        if oid in self.register.orgs:
            return oid, False, ""
        k = key(cell)
        shown = norm(cell)
        if k != "":
            ids = self.by_name.get(k, [])
            if len(ids) == 1:
                return ids[0], True, ""
            if len(ids) > 1:
                return None, False, f"organisation_id '{shown}' names {len(ids)} organisations: {', '.join(ids)}; give the id"
        detail = f"organisation_id '{shown}' is not in the register"
        if k != "":
            best = None
            for kind, line, order, text, cid in self.candidates:
                if text == "":
                    continue
                d = levenshtein(k, text)
                if not qualifies(d, k, text):
                    continue
                rank = (d, kind, line, order)
                if best is None or rank < best[0]:
                    best = (rank, cid)
            if best is not None:
                kind, cid = best[0][1], best[1]
                if kind == 0:
                    detail += f"; did you mean '{cid}'?"
                else:
                    detail += f"; did you mean '{cid}' ({self.register.orgs[cid].name})?"
        return None, False, detail


# --------------------------------------------------------------------------- waves

SOURCES = ("generic", "qualtrics", "qualtrics-legacy", "limesurvey", "surveymonkey", "google-forms", "microsoft-forms", "redcap", "alchemer")
FIRST_COLUMN = "\x00first-column"


@dataclass
class Preset:
    names: dict[str, list[str]]  # fixed column -> fallback names
    completion: tuple[list[str], list[str] | None] | None  # (column names, complete values; None = not empty)
    header_rows: Any
    date_order: str
    require: bool


PRESETS: dict[str, Preset] = {
    "generic": Preset({}, None, "auto", "DMY", True),
    "qualtrics": Preset(
        {"response_id": ["ResponseId", "ResponseID"], "organisation_id": ["ExternalReference", "ExternalDataReference"], "submitted_at": ["EndDate", "RecordedDate"]},
        (["Finished"], ["1", "True"]), "auto", "auto", True,
    ),
    "qualtrics-legacy": Preset(
        {"response_id": ["ResponseID", "V1"], "organisation_id": ["ExternalDataReference", "V4"], "submitted_at": ["EndDate", "V9"]},
        (["Finished", "V10"], ["1", "True"]), 2, "auto", True,
    ),
    "limesurvey": Preset(
        {"response_id": ["id", "Response ID"], "submitted_at": ["submitdate", "Date submitted"]},
        (["submitdate", "Date submitted"], None), "auto", "auto", True,
    ),
    "surveymonkey": Preset({"response_id": ["Respondent ID"], "organisation_id": ["Custom Data 1"], "submitted_at": ["End Date"]}, None, "auto", "auto", True),
    "google-forms": Preset({"submitted_at": ["Timestamp"]}, None, "auto", "auto", False),
    "microsoft-forms": Preset({"response_id": ["ID"], "submitted_at": ["Completion time"]}, None, "auto", "auto", True),
    "redcap": Preset(
        {"response_id": [FIRST_COLUMN], "organisation_id": ["redcap_data_access_group"]},
        (["<form>_complete"], ["2", "Complete"]), "auto", "auto", True,
    ),
    "alchemer": Preset({"response_id": ["Response ID"], "submitted_at": ["Date Submitted"]}, (["Status"], ["Complete"]), "auto", "auto", False),
}


@dataclass
class Completion:
    names: list[str]
    values: list[str] | None  # None: complete when not empty
    origin: str  # "wave.yaml" or "preset <name>"
    redcap: bool = False


@dataclass
class WaveDef:
    id: str
    folder: str
    opens: date
    closes: date
    title: str = ""
    baseline: bool = False
    yaml_path: str = ""
    responses: str = ""  # path of responses.csv or responses.xlsx
    xlsx: bool = False
    source: str = "generic"
    header_rows: Any = "auto"
    header_rows_given: bool = False
    date_order: str = "DMY"
    date_order_given: bool = False
    require_response_id: bool = True
    completion: Completion | None = None
    sheet: str | None = None
    keys_given: list[str] = field(default_factory=list)


WAVE_KEYS_V2 = ("source", "header_rows", "date_order", "require_response_id", "completion", "sheet")


def parse_wave_settings(wy: str, raw: dict, root: Any, w: WaveDef, problems: list[str]) -> None:
    """§8.4-§8.7 keys of wave.yaml and §9.1.2's `baseline`, with §8.9's messages."""

    def perr(node: Any, msg: str) -> None:
        problems.append(f"{wy}:{mark(node)} error: {msg}")

    w.keys_given = [k for k in WAVE_KEYS_V2 if k in raw]
    src = node_child(root, "source")
    if src is not None:
        if isinstance(src, yaml.ScalarNode) and src.value in SOURCES:
            w.source = src.value
        else:
            shown = src.value if isinstance(src, yaml.ScalarNode) else found_text(src)
            perr(src, f"source: unknown source '{shown}'; expected one of {', '.join(SOURCES)}")
    preset = PRESETS[w.source]
    w.header_rows, w.date_order, w.require_response_id = preset.header_rows, preset.date_order, preset.require
    if preset.completion is not None:
        names, values = preset.completion
        w.completion = Completion(list(names), None if values is None else list(values), f"preset {w.source}", redcap=w.source == "redcap")
    hr = node_child(root, "header_rows")
    if hr is not None:
        iv = plain_int(hr)
        if iv is not None and 1 <= iv <= 10:
            w.header_rows, w.header_rows_given = iv, True
        elif isinstance(hr, yaml.ScalarNode) and hr.value == "auto" and hr.style is None:
            w.header_rows, w.header_rows_given = "auto", True
        else:
            perr(hr, f"header_rows: expected auto or an integer from 1 to 10, found {found_text(hr)}")
    do = node_child(root, "date_order")
    if do is not None:
        # CHOICE 32: auto, DMY and MDY are matched exactly as written.
        if isinstance(do, yaml.ScalarNode) and do.value in ("auto", "DMY", "MDY"):
            w.date_order, w.date_order_given = do.value, True
        else:
            perr(do, f"date_order: expected auto, DMY or MDY, found {found_text(do)}")
    rr = node_child(root, "require_response_id")
    if rr is not None:
        b = yaml_bool(rr)
        if b is None:
            perr(rr, f"require_response_id: expected true or false, found {found_text(rr)}")
        else:
            w.require_response_id = b
    cp = node_child(root, "completion")
    if cp is not None:
        if isinstance(cp, yaml.ScalarNode) and (cp.value == "none" or cp.tag == TAG_NULL) and cp.style is None:
            w.completion = None  # CHOICE 33: `none` or an empty value
        elif isinstance(cp, yaml.MappingNode):
            col = node_child(cp, "column")
            comp = node_child(cp, "complete")
            ok = True
            for k2, _ in cp.value:
                if not (isinstance(k2, yaml.ScalarNode) and k2.value in ("column", "complete")):
                    perr(k2, f"completion.{getattr(k2, 'value', '?')}: unknown key; expected column or complete")
                    ok = False
            if col is None:
                perr(cp, "completion.column: missing; expected the name of the completion column")
                ok = False
            elif not isinstance(col, yaml.ScalarNode) or norm(col.value) == "":
                perr(col, f"completion.column: expected a column name, found {found_text(col)}")
                ok = False
            values = None
            if comp is not None:
                if not isinstance(comp, yaml.SequenceNode):
                    perr(comp, f"completion.complete: expected a list of values, found {found_text(comp)}")
                    ok = False
                elif not comp.value:
                    perr(comp, "completion.complete: expected at least one value")  # CHOICE 34
                    ok = False
                else:
                    values = []
                    for i, e in enumerate(comp.value):
                        if not isinstance(e, yaml.ScalarNode):
                            perr(e, f"completion.complete[{i}]: expected a value, found {found_text(e)}")
                            ok = False
                        else:
                            values.append(e.value)
            if ok:
                w.completion = Completion([col.value], values, "wave.yaml")
        else:
            perr(cp, f"completion: expected none or {{column, complete}}, found {found_text(cp)}")
    sh = node_child(root, "sheet")
    if sh is not None:
        if isinstance(sh, yaml.ScalarNode) and norm(sh.value) != "":
            w.sheet = sh.value
            if not w.xlsx:
                perr(sh, "sheet: given, but this wave's responses file is responses.csv")
        else:
            perr(sh, f"sheet: expected a worksheet name, found {found_text(sh)}")
    bl = node_child(root, "baseline")
    if bl is not None:
        b = yaml_bool(bl)
        if b is None:
            perr(bl, f"baseline: expected true or false, found {found_text(bl)}")
        else:
            w.baseline = b


def discover_waves(surveys: str) -> list[WaveDef]:
    problems: list[str] = []
    waves: list[WaveDef] = []
    for name in sorted(os.listdir(surveys)):
        folder = os.path.join(surveys, name)
        if name.startswith(".") or not os.path.isdir(folder):
            continue
        wy = os.path.join(folder, "wave.yaml")
        rc = os.path.join(folder, "responses.csv")
        rx = os.path.join(folder, "responses.xlsx")
        if not (os.path.exists(wy) or os.path.exists(rc) or os.path.exists(rx)):
            continue  # CHOICE 1
        if not os.path.isfile(wy):
            problems.append(f"{folder}: wave folder without wave.yaml")
            continue
        try:
            raw, root = load_yaml_both(wy)
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
        has_csv, has_xlsx = os.path.exists(rc), os.path.exists(rx)
        if has_csv and has_xlsx:
            problems.append(f"{folder}: error: both responses.csv and responses.xlsx; keep one")
        elif has_xlsx and not os.path.isfile(rx):
            problems.append(f"{folder}: responses.xlsx is not a file")
        elif has_csv and not os.path.isfile(rc):
            problems.append(f"{folder}: responses.csv is not a file")
        elif not (has_csv or has_xlsx):
            problems.append(f"{folder}: responses.csv missing (no responses.csv or responses.xlsx)")
        title = raw.get("title")
        w = WaveDef(
            str(wid), folder, opens or date(1, 1, 1), closes or date(1, 1, 1),
            title=title if isinstance(title, str) else str(wid), yaml_path=wy,
            responses=rx if has_xlsx and not has_csv else rc, xlsx=has_xlsx and not has_csv,
        )
        parse_wave_settings(wy, raw, root, w, problems)
        if opens is not None and closes is not None and isinstance(wid, str):
            waves.append(w)
    seen: dict[str, str] = {}
    for w in waves:
        if w.id in seen:
            problems.append(f"two waves with id {w.id!r}: {seen[w.id]} and {w.folder}")
        else:
            seen[w.id] = w.folder
    by_close: dict[date, WaveDef] = {}
    for w in waves:
        if w.closes in by_close:
            o = by_close[w.closes]
            problems.append(
                f"{o.yaml_path} and {w.yaml_path}: error: two waves close on {w.closes.isoformat()} "
                f"({o.id} and {w.id}); each wave needs its own closes date, which orders the waves"
            )
        else:
            by_close[w.closes] = w
    base = [w for w in waves if w.baseline]
    if len(base) > 1:
        problems.append("error: baseline: true in more than one wave.yaml: " + ", ".join(w.yaml_path for w in base))
    if not waves and not problems:
        problems.append(f"{surveys}: no wave folder found")
    if problems:
        raise FatalError(problems)
    waves.sort(key=lambda w: w.closes)
    return waves


# --------------------------------------------------------------------------- header records and bindings (§8.4)

_OCCURRENCE = re.compile(r"(.*)#([1-9][0-9]*)")


@dataclass
class Binding:
    target: str  # response_id, organisation_id, submitted_at, role, completion, or an item id
    column: int  # 0-based
    name: str  # the rule's name that found it, as written
    by: str  # "record 1" (not listed), "record N", "combined name", "occurrence", "preset"


class Header:
    """The R header records of a file and every name each column answers to."""

    def __init__(self, records: list[list[str]], width: int):
        self.R = len(records)
        self.width = width
        self.cells = [[norm(r[c]) if c < len(r) else "" for c in range(width)] for r in records]
        self.keys = [[x.lower() for x in row] for row in self.cells]
        self.combined: list[str] = []
        if self.R >= 2:
            filled = []
            for s, row in enumerate(self.cells):
                if s < self.R - 1:
                    out, last = [], ""
                    for x in row:
                        if x != "":
                            last = x
                        out.append(x if x != "" else last)
                    filled.append(out)
                else:
                    filled.append(row)
            for c in range(width):
                self.combined.append(" | ".join(filled[s][c] for s in range(self.R) if filled[s][c] != ""))
        self.combined_keys = [x.lower() for x in self.combined]
        self.steps: list[Any] = list(range(self.R)) + (["combined"] if self.R >= 2 else [])

    def step_keys(self, s: Any) -> list[str]:
        return self.combined_keys if s == "combined" else self.keys[s]

    def answering(self, name: str, s: Any) -> tuple[list[int], bool]:
        """Columns answering to a name in a step; `TEXT#N` by occurrence when no header is the whole name."""
        ks = self.step_keys(s)
        want = key(name)
        literal = [c for c, k in enumerate(ks) if k == want]
        if literal:
            return literal, False
        m = _OCCURRENCE.fullmatch(name.strip())
        if m:
            base = key(m.group(1))
            cols = [c for c, k in enumerate(ks) if k == base]
            n = int(m.group(2))
            if len(cols) >= n:
                return [cols[n - 1]], True
        return [], False

    def find(self, own: list[str], fallback: list[str], taken: set[int]) -> Binding | None:
        for group, is_fallback in ((own, False), (fallback, True)):
            names = [n for n in group if n != FIRST_COLUMN]
            for s in self.steps:
                best = None
                for name in names:
                    cols, occ = self.answering(name, s)
                    for c in cols:
                        if c not in taken:
                            if best is None or c < best[0]:
                                best = (c, name, occ)
                            break
                if best is not None:
                    c, name, occ = best
                    if is_fallback:
                        by = "preset"
                    elif occ:
                        by = "occurrence"
                    elif s == "combined":
                        by = "combined name"
                    else:
                        by = f"record {s + 1}"
                    return Binding("", c, name, by)
            if is_fallback and FIRST_COLUMN in group and self.width > 0 and 0 not in taken:
                return Binding("", 0, "(first column)", "preset")
        return None

    def answers_any(self, c: int, names: list[str]) -> bool:
        for name in names:
            if name == FIRST_COLUMN:
                continue
            for s in self.steps:
                cols, _ = self.answering(name, s)
                if c in cols:
                    return True
        return False

    def address(self, c: int) -> str:
        """How data-quality.md names a column: record-1 heading, else combined name, `#N` when repeated."""

        def base(i: int) -> str:
            if self.cells and self.cells[0][i] != "":
                return self.cells[0][i]
            if self.R >= 2 and self.combined[i] != "":
                return self.combined[i]
            return "(empty)"

        b = base(c)
        same = [i for i in range(self.width) if base(i).lower() == b.lower()]
        if len(same) > 1:
            return f"{b}#{same.index(c) + 1}"
        return b

    def closest(self, names: list[str]) -> str | None:
        """§8.3's distance between every header cell and each name; ties to the leftmost column."""
        best = None
        for c in range(self.width):
            for s in range(self.R):
                cell = self.keys[s][c]
                if cell == "":
                    continue
                for n in names:
                    if n == FIRST_COLUMN:
                        continue
                    nk = key(n)
                    d = levenshtein(cell, nk)
                    if qualifies(d, cell, nk) and (best is None or (d, c, s) < best[0]):
                        best = ((d, c, s), self.cells[s][c])
        return None if best is None else best[1]


def detect_header_rows(records: list[Record]) -> tuple[int, str]:
    """§8.4 `auto`: (R, layout)."""

    def first(i: int) -> str:
        return key(records[i].fields[0]) if len(records) > i and records[i].fields else ""

    if len(records) >= 3 and (first(2).startswith('{"importid"') or first(2).startswith("{'importid'")):
        return 3, "qualtrics"
    if len(records) >= 2 and len(records[0].fields) >= 2 and key(records[0].fields[0]) == "v1" and key(records[0].fields[1]) == "v2" and first(1) == "responseid":
        return 2, "qualtrics-legacy"
    if len(records) >= 2 and first(0) == "respondent id" and first(1) == "":
        return 2, "surveymonkey"
    return 1, ""


# --------------------------------------------------------------------------- responses


@dataclass
class Respondent:
    line: int
    response_id: str
    org: str
    stamp: Stamp | None
    scores: dict[str, float]  # item id -> item score (answered items only)
    points: dict[str, int]  # likert item id -> point number
    favourable: dict[str, bool]  # item id -> favourable (likert) / correct (knowledge)
    invalid: list[str]  # item ids with an invalid value
    date_unparseable: bool
    role_invalid: bool
    by_name: bool = False
    zone_unknown: bool = False
    identical: bool = False

    @property
    def raw_likert(self) -> dict[str, int]:
        return self.points


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
    rows: list[Record] = field(default_factory=list)
    header_records: int = 1
    layout: str = ""
    bindings: list[dict[str, Any]] = field(default_factory=list)
    second_columns: list[str] = field(default_factory=list)
    date_order_used: str = "DMY"
    date_order_info: dict[str, int] = field(default_factory=dict)
    completion: Completion | None = None
    completion_column: Binding | None = None
    completion_dropped: bool = False
    response_id_column: bool = True
    empty_with_invalid: int = 0
    columns_bound: dict[str, int] = field(default_factory=dict)  # target -> 1-based column


def parse_likert(instr: Instrument, cell: str, scale: Scale | None = None) -> tuple[str, int | None]:
    """§8.1 likert cell: ('na'|'invalid'|'value', point)."""
    sc = scale if scale is not None else builtin_likert(instr.likert_labels, instr.thresholds["favourable_score"])
    t = norm(cell)
    if t == "":
        return "na", None
    k = t.lower()
    if k in instr.missing_tokens or k in sc.missing or k in instr.dk_tokens:
        return "na", None
    p = sc.point(t)
    if p is not None:
        return "value", p
    return "invalid", None


def parse_knowledge(instr: Instrument, cell: str) -> tuple[str, bool | None]:
    """§8.1 knowledge cell: ('na'|'invalid'|'dk'|'value', answer)."""
    k = key(cell)
    if k == "" or k in instr.missing_tokens:
        return "na", None
    if k in instr.dk_tokens:
        return "dk", None
    if k in instr.true_tokens:
        return "value", True
    if k in instr.false_tokens:
        return "value", False
    return "invalid", None


def list_values(values: list[str]) -> str:
    q = [f"'{v}'" for v in values]
    if len(q) == 1:
        return q[0]
    return ", ".join(q[:-1]) + " or " + q[-1]


def cut40(s: str) -> str:
    return s if len(s) <= 40 else s[:40] + "…"  # CHOICE 35: 40 characters kept, then …


def bind_columns(instr: Instrument, wave: WaveDef, header: Header, path: str) -> tuple[dict[str, Binding], list[str]]:
    """§8.4 matching; returns the bindings and the fatal problems."""
    preset = PRESETS[wave.source]
    problems: list[str] = []
    bound: dict[str, Binding] = {}
    comp = wave.completion
    own = {c: [c] + instr.columns[c] for c in FIXED_COLUMNS}
    fallback = {c: list(preset.names.get(c, [])) for c in FIXED_COLUMNS}
    redcap_deferred = comp is not None and comp.redcap
    for c in FIXED_COLUMNS:
        b = header.find(own[c], fallback[c], set())
        if b is not None:
            b.target = c
            bound[c] = b
    if comp is not None and not comp.redcap:
        if comp.origin == "wave.yaml":
            b = header.find(comp.names, [], set())
        else:
            b = header.find([], comp.names, set())
        if b is not None:
            b.target = "completion"
            bound["completion"] = b
    taken = {b.column for b in bound.values()}
    for it in instr.items:
        b = header.find([it.id] + it.aliases, [], taken)
        if b is not None:
            b.target = it.id
            bound["item:" + it.id] = b
            taken.add(b.column)
    if redcap_deferred:
        item_cols = [b.column for k, b in bound.items() if k.startswith("item:")]
        start = max(item_cols) if item_cols else 0
        for c in range(start, header.width):
            if header.R and header.keys[0][c].endswith("_complete"):
                bound["completion"] = Binding("completion", c, header.cells[0][c], "preset")
                form = header.cells[0][c][: -len("_complete")]
                if "submitted_at" not in bound:
                    b = header.find([], [form + "_timestamp"], set())
                    if b is not None:
                        b.target = "submitted_at"
                        bound["submitted_at"] = b
                break
    names_tried = lambda c: own[c] + [n for n in fallback[c] if n != FIRST_COLUMN]  # noqa: E731
    found = ", ".join(header.cells[0]) if header.R else ""
    for c in ("response_id", "organisation_id"):
        if c in bound or (c == "response_id" and not wave.require_response_id):
            continue
        msg = f"{path}:1:1: error: missing required column {c} (a column named {', '.join(names_tried(c))}); header found: {found}"
        close = header.closest(names_tried(c))
        if close is not None:
            msg += f"; closest header: '{close}'"
        if c == "response_id":
            msg += "; if this export has no response id, set require_response_id: false in wave.yaml"
        problems.append(msg)
    if comp is not None and comp.origin == "wave.yaml" and "completion" not in bound:
        msg = f"{path}:1:1: error: completion column '{comp.names[0]}' (from wave.yaml) not in the header"
        close = header.closest(comp.names)
        if close is not None:
            msg += f"; closest header: '{close}'"
        problems.append(msg)
    return bound, problems


def read_wave(instr: Instrument, register: Register, wave: WaveDef) -> WaveData:
    path = wave.responses
    try:
        if wave.xlsx:
            table, sheet_rows = read_xlsx_table(path, wave.sheet)
            # auto detection reads the first fields of records 1-3 (and record 1's second field)
            pseudo = [Record(r, [cells.get(c, "") for c in range(1, max(cells) + 1)]) for r, cells in sheet_rows[:3]]
        else:
            table = read_csv_table(path, responses=True)
            sheet_rows = []
            pseudo = table.records
    except OSError as exc:
        raise FatalError([f"{path}: cannot read: {exc}"])
    if wave.header_rows == "auto":
        R, layout = detect_header_rows(pseudo)
    else:
        R, layout = int(wave.header_rows), ""
    if wave.xlsx:
        records, width = xlsx_records(sheet_rows, R)
        table.xlsx_width = width
    else:
        records = table.records
        width = len(records[0].fields) if records else 0
    table.records = records
    head = records[:R]
    rows = records[R:]
    header = Header([r.fields for r in head], width)
    bound, problems = bind_columns(instr, wave, header, path)
    if problems:
        raise FatalError(problems)

    # second and unknown columns
    used = {b.column for b in bound.values()}
    all_names: list[str] = []
    preset = PRESETS[wave.source]
    for c in FIXED_COLUMNS:
        all_names += [c] + instr.columns[c] + preset.names.get(c, [])
    if wave.completion is not None:
        if wave.completion.redcap:
            if "completion" in bound:
                all_names.append(bound["completion"].name)
        else:
            all_names += wave.completion.names
    for it in instr.items:
        all_names += [it.id] + it.aliases
    second, unknown = [], []
    for c in range(width):
        if c in used:
            continue
        (second if header.answers_any(c, all_names) else unknown).append(header.address(c))
    missing_items = [it.id for it in instr.items if "item:" + it.id not in bound]
    bindings = [b for b in bound.values() if b.by != "record 1"]
    bindings.sort(key=lambda b: (b.column, b.target))
    listed = [{"target": b.target, "column": b.column + 1, "name": header.address(b.column), "by": b.by} for b in bindings]
    order = list(FIXED_COLUMNS) + ["completion"] + ["item:" + it.id for it in instr.items]
    columns_bound = {k.replace("item:", ""): bound[k].column + 1 for k in order if k in bound}

    rid_i = bound["response_id"].column if "response_id" in bound else None
    org_i = bound["organisation_id"].column
    date_i = bound["submitted_at"].column if "submitted_at" in bound else None
    role_i = bound["role"].column if "role" in bound else None
    comp_b = bound.get("completion")
    comp = wave.completion if comp_b is not None else None
    complete_keys = None if comp is None or comp.values is None else {key(v) for v in comp.values}

    # §8.6 date order, decided once per file from every row read
    order, info = wave.date_order, {}
    if order == "auto":
        vals = []
        if date_i is not None:
            for rec in rows:
                if not rec.unterminated and len(rec.fields) == width and not rec.beyond:  # CHOICE 36
                    v = norm(rec.fields[date_i])
                    if v != "" and not is_not_completed(v):
                        vals.append(v)
        order, info = decide_date_order(vals, wave.opens, wave.closes)

    roles_norm = {key(r) for r in instr.roles}
    matcher = OrgMatcher(register)
    likert_items = [(it, bound["item:" + it.id].column) for it in instr.items if "item:" + it.id in bound]
    rejects: list[Reject] = []
    candidates: list[Respondent] = []
    seen_rows: set[tuple[str, ...]] = set()
    empty_with_invalid = 0
    for rec in rows:
        fields = rec.fields
        if rec.unterminated or len(fields) != width or rec.beyond:
            rid = fields[rid_i].strip() if rid_i is not None and rid_i < len(fields) else ""  # CHOICE 5
            if rec.unterminated:
                detail = "unterminated quote: the rest of the file is one malformed row"
            elif rec.beyond:
                detail = f"found a value in column {rec.beyond}, beyond the header's {width} columns"
            else:
                detail = f"{len(fields)} fields, header has {width}"
            rejects.append(Reject(rec.line, rid, "malformed_row", detail))
            continue
        identical = False
        if rid_i is None:
            tup = tuple(fields)
            identical = tup in seen_rows
            seen_rows.add(tup)
        rid = fields[rid_i].strip() if rid_i is not None else ""
        if rid_i is not None and rid == "":
            rejects.append(Reject(rec.line, "", "missing_response_id", "response_id is empty"))
            continue
        org, by_name, detail = matcher.match(fields[org_i])
        if org is None:
            rejects.append(Reject(rec.line, rid, "unknown_organisation", detail))
            continue
        if comp is not None:
            cell = norm(fields[comp_b.column])
            complete = (cell != "") if complete_keys is None else (cell.lower() in complete_keys)
            if not complete:
                found_ = "empty" if cell == "" else f"'{cut40(cell)}'"
                means = "any value" if comp.values is None else list_values(comp.values)
                rejects.append(Reject(rec.line, rid, "incomplete_response", f"{comp_b.name} is {found_}; complete means {means}"))
                continue
        stamp = None
        date_bad = zone_unknown = False
        if date_i is not None:
            v = norm(fields[date_i])
            if v != "" and not is_not_completed(v):
                stamp, zone_unknown = parse_date_value(v, order)
                date_bad = stamp is None
                if stamp is None:
                    zone_unknown = False
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
        scores: dict[str, float] = {}
        points: dict[str, int] = {}
        fav: dict[str, bool] = {}
        invalid: list[str] = []
        for it, ci in likert_items:
            cell = fields[ci]
            if it.type == "likert":
                kind, v = parse_likert(instr, cell, it.scale)
                if kind == "value":
                    points[it.id] = v
                    scores[it.id] = it.scale.score(v, it.reverse)
                    fav[it.id] = it.scale.is_favourable(v, it.reverse)
                elif kind == "invalid":
                    invalid.append(it.id)
            else:
                kind, ans = parse_knowledge(instr, cell)
                if kind == "value":
                    scores[it.id] = 100.0 if ans == it.answer else 0.0
                    fav[it.id] = ans == it.answer
                elif kind == "dk":
                    scores[it.id] = 0.0
                    fav[it.id] = False
                elif kind == "invalid":
                    invalid.append(it.id)
        if not scores:
            if invalid:
                empty_with_invalid += 1
            rejects.append(Reject(rec.line, rid, "empty_response", "no item answered"))
            continue
        role_bad = False
        if role_i is not None:
            rc = key(fields[role_i])
            if rc != "" and rc not in roles_norm:
                role_bad = True
        candidates.append(
            Respondent(rec.line, rid, org, stamp, scores, points, fav, invalid, date_bad, role_bad, by_name, zone_unknown, identical)
        )

    respondents: list[Respondent] = []
    if rid_i is None:
        respondents = candidates  # each row is its own response (§8.3)
    else:
        # duplicates among rows that passed every other check
        def rank(r: Respondent) -> tuple:
            return (r.stamp is not None, r.stamp.instant if r.stamp is not None else 0, r.line)

        winners: dict[str, Respondent] = {}
        for r in candidates:
            w = winners.get(r.response_id)
            if w is None or rank(r) > rank(w):
                winners[r.response_id] = r
        for r in candidates:
            w = winners[r.response_id]
            if w is r:
                respondents.append(r)
            else:
                rejects.append(Reject(r.line, r.response_id, "duplicate_superseded", f"superseded by line {w.line}"))
    rejects.sort(key=lambda x: x.line)
    return WaveData(
        wave, table, respondents, rejects, unknown, missing_items,
        rows=rows, header_records=R, layout=layout, bindings=listed, second_columns=second,
        date_order_used=order, date_order_info=info, completion=wave.completion, completion_column=comp_b,
        completion_dropped=wave.completion is not None and comp_b is None, response_id_column=rid_i is not None,
        empty_with_invalid=empty_with_invalid, columns_bound=columns_bound,
    )


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


@dataclass
class Test:
    t: float
    df: float
    p: float
    ci_low: float
    ci_high: float


def welch_test(a: list[float], b: list[float]) -> Test | None:
    """Welch's t-test (a - b), not tested when either side has n < 2 or both variances are 0."""
    if len(a) < 2 or len(b) < 2:
        return None
    if sample_var(a) == 0 and sample_var(b) == 0:
        return None
    res = stats.ttest_ind(np.array(a, dtype=float), np.array(b, dtype=float), equal_var=False)
    ci = res.confidence_interval(0.95)
    return Test(float(res.statistic), float(res.df), float(res.pvalue), float(ci.low), float(ci.high))


def welch(a: list[float], b: list[float]) -> tuple[float, float, float] | None:
    t = welch_test(a, b)
    return None if t is None else (t.t, t.df, t.p)


def paired_test(after: list[float], before: list[float]) -> Test:
    res = stats.ttest_rel(np.array(after, dtype=float), np.array(before, dtype=float))
    ci = res.confidence_interval(0.95)
    return Test(float(res.statistic), float(res.df), float(res.pvalue), float(ci.low), float(ci.high))


def bh(ps: list[float]) -> list[float]:
    if not ps:
        return []
    return [float(x) for x in stats.false_discovery_control(ps, method="bh")]


def quartiles(xs: list[float]) -> tuple[float, float, float]:
    q1, med, q3 = np.percentile(np.array(xs, dtype=float), [25, 50, 75])
    return float(q1), float(med), float(q3)


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
    orgs: dict[str, OrgResult]  # keyed by org id (sorted), only orgs with a scored respondent
    straight_liners: int

    @property
    def wave(self) -> WaveDef:
        return self.data.wave

    def score(self, oid: str, dom: str | None) -> float | None:
        """A published domain score (dom None: the overall, when scored), or None."""
        o = self.orgs.get(oid)
        if o is None:
            return None
        if dom is None:
            return o.overall
        s = o.domains[dom]
        return s.mean if s.published else None


def respondent_domain_score(instr: Instrument, r: Respondent, d: Domain) -> float | None:
    answered = [r.scores[it.id] for it in d.items if it.id in r.scores]
    if len(answered) == 0 or len(answered) < instr.min_answered(len(d.items)):
        return None
    return sum(answered) / len(answered)


def is_straight_liner(instr: Instrument, r: Respondent) -> bool:
    likert = [it for it in instr.items if it.type == "likert" and it.id in r.points]
    if len(likert) < 5:
        return False
    vals = {r.points[it.id] for it in likert}
    if len(vals) != 1:
        return False
    return any(it.reverse for it in likert) and any(not it.reverse for it in likert)


def score_wave(instr: Instrument, register: Register, data: WaveData) -> WaveResult:
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
        results[oid] = OrgResult(register[oid], len(resp), dstats, overall)
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


def tf(b: bool) -> str:
    return "true" if b else "false"


SCORES_HEADER = ["wave", "organisation_id", "sector", "domain", "n", "mean", "sd", "ci_low", "ci_high", "level", "published", "reason"]
ITEMS_HEADER = ["wave", "scope", "item", "n", "favourable_pct", "ci_low", "ci_high"]
ALPHA_HEADER = ["wave", "domain", "n", "alpha"]
CHANGES_HEADER = ["wave", "previous_wave", "scope", "domain", "diff", "t", "df", "p", "p_adjusted", "significant", "against", "organisations", "ci_low", "ci_high"]
JOURNEY_HEADER = ["wave", "closes", "scope", "sector", "signatory", "first_wave", "domain", "n", "organisations", "mean", "median", "q1", "q3", "level", "published", "reason"]
CHARTER_HEADER = ["wave", "baseline_wave", "domain", "new_signatories", "non_signatories", "earlier_signatories", "change_new", "change_non", "diff", "t", "df", "p", "p_adjusted", "ci_low", "ci_high", "significant"]
RATES_HEADER = ["wave", "organisation_id", "headcount", "respondents", "rate", "ci_low", "ci_high", "exceeds_headcount"]
REJECTS_HEADER = ["line", "response_id", "reason", "detail"]


def scores_rows(instr: Instrument, wr: WaveResult) -> list[list[str]]:
    wid = wr.data.wave.id
    min_n = instr.thresholds["min_respondents"]
    rows = []
    for oid, o in wr.orgs.items():
        for d in instr.domains:
            s = o.domains[d.id]
            rows.append(
                [
                    wid, oid, o.org.sector, d.id, str(s.n), fmt(s.mean), fmt(s.sd), fmt(s.ci_low), fmt(s.ci_high),
                    s.level, tf(s.published), "" if s.published else f"fewer than {min_n} respondents",
                ]
            )
        scored = o.overall is not None
        rows.append(
            [
                wid, oid, o.org.sector, "overall", str(o.n_scored), fmt(o.overall), "", "", "",
                instr.level_of(o.overall) if scored else "", tf(scored),
                "" if scored else "not every domain published",  # CHOICE 10
            ]
        )
    return rows


def item_rows(instr: Instrument, wr: WaveResult) -> list[list[str]]:
    wid = wr.data.wave.id
    scopes: list[tuple[str, list[Respondent]]] = []
    by_org: dict[str, list[Respondent]] = {}
    for r in wr.data.respondents:
        by_org.setdefault(r.org, []).append(r)
    for oid in wr.orgs:
        scopes.append((oid, by_org.get(oid, [])))
    scopes.append(("national", wr.data.respondents))
    rows = []
    for scope, resp in scopes:
        for it in instr.items:
            n = x = 0
            for r in resp:
                if it.id in r.scores:
                    n += 1
                    if r.favourable[it.id]:
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


def rejects_rows(data: WaveData) -> list[list[str]]:
    return [[str(r.line), r.response_id, r.reason, r.detail] for r in data.rejects]


# --------------------------------------------------------------------------- §9: the journey


@dataclass
class Journey:
    """Every wave's results in `closes` order and the baseline's index."""

    instr: Instrument
    register: Register
    results: list[WaveResult]
    baseline: int

    @property
    def k(self) -> int:
        return self.instr.thresholds["min_organisations"]

    def domains(self) -> list[str | None]:
        """Domain ids in instrument order, then None for `overall`."""
        return [d.id for d in self.instr.domains] + [None]

    def significant(self, diff: float, p_adj: float) -> bool:
        th = self.instr.thresholds
        return round6(p_adj) <= th["alpha"] and round6(abs(diff)) >= th["min_change"]

    def verdict(self, diff: float | None, test: Test | None, p_adj: float | None) -> str:
        """§9.2's verdicts (used by reports; kept here for the tests and counts.json)."""
        if test is None or p_adj is None or diff is None:
            return "not tested"
        th = self.instr.thresholds
        if round6(p_adj) > th["alpha"]:
            return "no detectable change"
        if round6(abs(diff)) >= th["min_change"]:
            return "▲ rise" if diff > 0 else "▼ fall"
        return f"change under {shortest(th['min_change'])} points"

    # -------------------------------------------------------------- comparisons (§9.2)

    def reference_wave(self, i: int, oid: str, dom: str) -> int | None:
        """R: the latest wave before i in which the organisation's domain was published."""
        for j in range(i - 1, -1, -1):
            if self.results[j].score(oid, dom) is not None:
                return j
        return None

    def cohort(self, w: WaveResult, x: WaveResult, dom: str | None) -> tuple[list[str], list[float], list[float]]:
        ids = [oid for oid in w.orgs if w.score(oid, dom) is not None and x.score(oid, dom) is not None]
        return ids, [w.score(o, dom) for o in ids], [x.score(o, dom) for o in ids]

    def national_entry(self, i: int, j: int, dom: str | None) -> dict[str, Any]:
        w, x = self.results[i], self.results[j]
        ids, sw, sx = self.cohort(w, x, dom)
        m = len(ids)
        diff = float(np.mean(np.subtract(sw, sx))) if m else None
        deltas = [a - b for a, b in zip(sw, sx)]
        test = None
        if m >= max(2, self.k) and not all_equal(deltas):
            test = paired_test(sw, sx)
        a = sum(1 for oid in w.orgs if w.score(oid, dom) is not None) - m
        b = sum(1 for oid in x.orgs if x.score(oid, dom) is not None) - m
        return {"against_wave": x.wave.id, "scope": "national", "domain": dom or "overall", "diff": diff, "test": test,
                "organisations": m, "a": a, "b": b}

    def changes(self, i: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(previous entries, baseline entries) of wave i, BH-adjusted within each family."""
        w = self.results[i]
        b = self.baseline
        has_baseline = b < i - 1  # B closes before P
        prev_org, base_org = [], []
        for oid, o in w.orgs.items():
            for d in self.instr.domains:
                s = o.domains[d.id]
                if not s.published:
                    continue
                r = self.reference_wave(i, oid, d.id)
                if r is not None:
                    rs = self.results[r].orgs[oid].domains[d.id]
                    prev_org.append({"against_wave": self.results[r].wave.id, "scope": oid, "domain": d.id,
                                     "diff": s.mean - rs.mean, "test": welch_test(s.values, rs.values), "organisations": None})
                if has_baseline and r != b:
                    bo = self.results[b].orgs.get(oid)
                    if bo is not None and bo.domains[d.id].published:
                        bs = bo.domains[d.id]
                        base_org.append({"against_wave": self.results[b].wave.id, "scope": oid, "domain": d.id,
                                         "diff": s.mean - bs.mean, "test": welch_test(s.values, bs.values), "organisations": None})
        prev_nat = [self.national_entry(i, i - 1, dom) for dom in self.domains()]
        base_nat = [self.national_entry(i, b, dom) for dom in self.domains()] if has_baseline else []
        for family in (prev_org, prev_nat, base_org, base_nat):
            tested = [e for e in family if e["test"] is not None]
            for e, pa in zip(tested, bh([e["test"].p for e in tested])):
                e["p_adjusted"] = pa
        for e in prev_org + prev_nat:
            e["against"] = "previous"
        for e in base_org + base_nat:
            e["against"] = "baseline"
        return prev_org + prev_nat, base_org + base_nat

    def change_rows(self, i: int) -> list[list[str]]:
        wid = self.results[i].wave.id
        prev, base = self.changes(i)
        rows = []
        for e in prev + base:
            t: Test | None = e["test"]
            m = "" if e["organisations"] is None else str(e["organisations"])
            if t is None:
                rows.append([wid, e["against_wave"], e["scope"], e["domain"], fmt(e["diff"]), "", "", "", "", "false", e["against"], m, "", ""])
            else:
                pa = e["p_adjusted"]
                rows.append([wid, e["against_wave"], e["scope"], e["domain"], fmt(e["diff"]), fmt(t.t), fmt(t.df), fmt(t.p), fmt(pa),
                             tf(self.significant(e["diff"], pa)), e["against"], m, fmt(t.ci_low), fmt(t.ci_high)])
        return rows

    def cohort_display(self, e: dict[str, Any]) -> str:
        """§9.9 rule 3: what the national report shows of a cohort change."""
        k = self.k
        if e["organisations"] < k:
            return f"fewer than {k} organisations"
        a, b = e["a"], e["b"]
        if (a == 0 and 1 <= b <= k - 1) or (b == 0 and 1 <= a <= k - 1):
            return f"withheld: would reveal the scores of fewer than {k} organisations"
        return "shown"

    # -------------------------------------------------------------- charter (§9.4)

    def charter_display(self, r: dict[str, Any]) -> str:
        """§9.9 rule 4: `shown`, `group changes hidden` (1 <= |E| < k) or `not shown`."""
        k = self.k
        if len(r["g1"]) < k or len(r["g0"]) < k:
            return "not shown"
        if 1 <= len(r["e"]) < k:
            return "group changes hidden"
        return "shown"

    def charter(self, i: int) -> list[dict[str, Any]]:
        w, bw = self.results[i], self.results[self.baseline]
        out = []
        for dom in self.domains():
            g1, g0, e = [], [], []
            for oid in w.orgs:
                sw, sb = w.score(oid, dom), bw.score(oid, dom)
                if sw is None or sb is None:
                    continue
                org = self.register[oid]
                delta = sw - sb
                if org.signatory and org.signed_on is not None and bw.wave.closes < org.signed_on <= w.wave.closes:
                    g1.append((oid, delta))
                elif not org.signatory_at(w.wave.closes):
                    g0.append((oid, delta))
                else:
                    e.append((oid, delta))
            d1, d0 = [d for _, d in g1], [d for _, d in g0]
            change_new = float(np.mean(d1)) if d1 else None
            change_non = float(np.mean(d0)) if d0 else None
            diff = change_new - change_non if d1 and d0 else None
            need = max(2, self.k)
            test = None
            if len(d1) >= need and len(d0) >= need and not (all_equal(d1) and all_equal(d0)):
                test = welch_test(d1, d0)
            out.append({"domain": dom or "overall", "g1": [o for o, _ in g1], "g0": [o for o, _ in g0], "e": [o for o, _ in e],
                        "change_new": change_new, "change_non": change_non, "diff": diff, "test": test})
        tested = [r for r in out if r["test"] is not None]
        for r, pa in zip(tested, bh([r["test"].p for r in tested])):
            r["p_adjusted"] = pa
        return out

    def charter_rows(self, i: int) -> list[list[str]]:
        wid, bid = self.results[i].wave.id, self.results[self.baseline].wave.id
        rows = []
        for r in self.charter(i):
            t: Test | None = r["test"]
            head = [wid, bid, r["domain"], str(len(r["g1"])), str(len(r["g0"])), str(len(r["e"])),
                    fmt(r["change_new"]), fmt(r["change_non"]), fmt(r["diff"])]
            if t is None:
                rows.append(head + ["", "", "", "", "", "", "false"])
            else:
                pa = r["p_adjusted"]
                rows.append(head + [fmt(t.t), fmt(t.df), fmt(t.p), fmt(pa), fmt(t.ci_low), fmt(t.ci_high), tf(self.significant(r["diff"], pa))])
        return rows

    # -------------------------------------------------------------- series (§9.3, §9.7)

    def first_wave(self, v: int, oid: str) -> str:
        for j in range(v + 1):
            if oid in self.results[j].orgs:
                return self.results[j].wave.id
        return ""

    def group(self, v: int, scope: str, dom: str | None) -> list[float]:
        res = self.results[v]
        closes = res.wave.closes
        out = []
        for oid in res.orgs:
            s = res.score(oid, dom)
            if s is None:
                continue
            if scope == "signatories" and not self.register[oid].signatory_at(closes):
                continue
            if scope == "non-signatories" and self.register[oid].signatory_at(closes):
                continue
            out.append(s)
        return out

    def journey_rows_of(self, v: int) -> list[list[str]]:
        res = self.results[v]
        wid, closes = res.wave.id, res.wave.closes.isoformat()
        k = self.k
        rows = []
        srows = scores_rows(self.instr, res)
        by = {(r[1], r[3]): r for r in srows}
        for oid, o in res.orgs.items():
            status = tf(self.register[oid].signatory_at(res.wave.closes))
            first = self.first_wave(v, oid)
            for dom in self.domains():
                s = by[(oid, dom or "overall")]
                rows.append([wid, closes, oid, o.org.sector, status, first, dom or "overall", s[4], "", s[5], "", "", "", s[9], s[10], s[11]])
        for scope in ("national", "signatories", "non-signatories"):
            for dom in self.domains():
                vals = self.group(v, scope, dom)
                n = len(vals)
                if scope == "national":
                    published = n >= k
                    reason = "" if published else f"fewer than {k} organisations"
                else:
                    # §9.9 rule 5: both signatory groups need k published organisations
                    other = self.group(v, "non-signatories" if scope == "signatories" else "signatories", dom)
                    published = n >= k and len(other) >= k
                    if published:
                        reason = ""
                    elif n < k:
                        reason = f"fewer than {k} organisations"
                    else:
                        reason = f"the other group has fewer than {k} organisations"  # CHOICE 40
                if n:
                    q1, med, q3 = quartiles(vals)
                    stat = [fmt(mean(vals)), fmt(med), fmt(q1), fmt(q3), self.instr.level_of(med)]
                else:
                    stat = ["", "", "", "", ""]
                rows.append([wid, closes, scope, "", "", "", dom or "overall", "", str(n)] + stat + [tf(published), reason])
        return rows

    def journey_rows(self, i: int) -> list[list[str]]:
        rows = []
        for v in range(i + 1):
            rows += self.journey_rows_of(v)
        return rows

    # -------------------------------------------------------------- response rates (§9.5), new partners (§9.6)

    def rates(self, i: int) -> list[dict[str, Any]]:
        res = self.results[i]
        out = []
        for oid in sorted(self.register.orgs):
            org = self.register[oid]
            if org.headcount is None:
                continue
            h = org.headcount
            r = res.orgs[oid].n_scored if oid in res.orgs else 0
            rate = 100.0 * r / h
            lo = hi = None
            if r <= h:
                _, lo, hi = wilson(r, h)
                lo, hi = min(100.0, max(0.0, lo)), min(100.0, max(0.0, hi))
            out.append({"id": oid, "headcount": h, "respondents": r, "rate": rate, "ci_low": lo, "ci_high": hi, "exceeds": r > h})
        return out

    def rate_rows(self, i: int) -> list[list[str]]:
        wid = self.results[i].wave.id
        return [[wid, x["id"], str(x["headcount"]), str(x["respondents"]), fmt(x["rate"]), fmt(x["ci_low"]), fmt(x["ci_high"]), tf(x["exceeds"])]
                for x in self.rates(i)]

    def rate_summary(self, i: int) -> dict[str, Any]:
        rates = self.rates(i)
        taking = [x["rate"] for x in rates if 1 <= x["respondents"] <= x["headcount"]]
        out: dict[str, Any] = {
            "taking_part": len(taking),
            "headcount_no_scored_respondent": sum(1 for x in rates if x["respondents"] == 0),
            "over_100_percent": sum(1 for x in rates if x["exceeds"]),
            "exceeds_headcount": [x["id"] for x in rates if x["exceeds"]],
        }
        if taking:
            q1, med, q3 = quartiles(taking)
            out.update({"median": fmt(med), "q1": fmt(q1), "q3": fmt(q3), "shown": len(taking) >= self.k})
        return out

    def new_partners(self, i: int) -> list[str]:
        if i == 0:
            return []
        return [oid for oid in self.results[i].orgs if self.first_wave(i, oid) == self.results[i].wave.id]


def joined_sentence(n: int) -> str:
    """§9.6's sentence of the national report."""
    if n == 0:
        return "No organisation joined since the previous wave"
    return f"{n} organisation{'' if n == 1 else 's'} joined since the previous wave"


def shortest(x: float) -> str:
    """The shortest decimal form of a threshold (`5`, `2.5`)."""
    return number_text(float(x))


# --------------------------------------------------------------------------- counts.json


def counts(instr: Instrument, wr: WaveResult, journey: Journey | None = None, i: int = 0) -> dict[str, Any]:
    data = wr.data
    w = data.wave
    inv = {it.id: 0 for it in instr.items}
    for r in data.respondents:
        for iid in r.invalid:
            inv[iid] += 1
    by_reason: dict[str, int] = {}
    for rj in data.rejects:
        by_reason[rj.reason] = by_reason.get(rj.reason, 0) + 1
    comp = None
    if data.completion_column is not None and data.completion is not None:
        comp = {"column": data.completion_column.name, "column_number": data.completion_column.column + 1,
                "complete": data.completion.values, "origin": data.completion.origin}
    out: dict[str, Any] = {
        "wave": w.id,
        "encoding": data.table.encoding,
        "delimiter": data.table.delimiter,
        "qualtrics": data.layout in ("qualtrics", "qualtrics-legacy"),
        "rows_read": len(data.rows),
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
        # §8
        "file": os.path.basename(w.responses),
        "sheet": data.table.sheet if data.table.xlsx else None,
        "sheet_named_in_wave_yaml": data.table.sheet_named if data.table.xlsx else None,
        "source": w.source,
        "header_rows": {"setting": w.header_rows, "given_in_wave_yaml": w.header_rows_given, "used": data.header_records, "layout": data.layout or None},
        "date_order": {"setting": w.date_order, "given_in_wave_yaml": w.date_order_given, "used": data.date_order_used, **data.date_order_info},
        "completion": comp,
        "completion_dropped": data.completion_dropped,
        "response_id_column": data.response_id_column,
        "bindings": data.bindings,
        "columns_bound": data.columns_bound,
        "second_columns": data.second_columns,
        "organisation_by_name": sum(1 for r in data.respondents if r.by_name),
        "zone_name_not_recognised": sum(1 for r in data.respondents if r.zone_unknown),
        "identical_rows": sum(1 for r in data.respondents if r.identical),
        "empty_response_with_invalid_values": data.empty_with_invalid,
    }
    if journey is not None:
        res = journey.results
        out["baseline_wave"] = res[journey.baseline].wave.id
        out["previous_wave"] = res[i - 1].wave.id if i >= 1 else None
        out["journey"] = [r.wave.id for r in res[: i + 1]]
        closes = w.closes
        out["signatories_at_wave"] = [o.id for o in journey.register.orgs.values() if o.signatory_at(closes)]
        out["signed_date_unknown"] = [o.id for o in journey.register.orgs.values() if o.signatory and o.signed_on is None]
        out["not_signatory_with_date"] = [o.id for o in journey.register.orgs.values() if not o.signatory and o.signed_on is not None]
        out["new_partners"] = journey.new_partners(i)
        out["new_partners_sentence"] = joined_sentence(len(out["new_partners"])) if i >= 1 else None
        if i > journey.baseline:
            ch = journey.charter(i)
            out["charter"] = {r["domain"]: {"new": r["g1"], "non": r["g0"], "earlier": r["e"],
                                            "verdict": journey.verdict(r["diff"], r["test"], r.get("p_adjusted")),
                                            "display": journey.charter_display(r)} for r in ch}
        if i >= 1:
            prev, base = journey.changes(i)
            out["national_changes"] = [
                {"against": e["against"], "wave": e["against_wave"], "domain": e["domain"], "organisations": e["organisations"],
                 "a": e["a"], "b": e["b"], "verdict": journey.verdict(e["diff"], e["test"], e.get("p_adjusted")),
                 "display": journey.cohort_display(e)}
                for e in prev + base if e["scope"] == "national"
            ]
        if journey.register.has_headcount:
            out["response_rates"] = journey.rate_summary(i)
    return out


def write_atomic(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- driver


def compute_journey(surveys: str) -> Journey:
    """Load and validate everything, then score. Raises FatalError with every problem."""
    problems: list[str] = []
    instr = None
    register = None
    waves: list[WaveDef] = []
    try:
        instr = load_instrument(os.path.join(surveys, "instrument.yaml"))
    except FatalError as e:
        problems += e.problems
    try:
        register = load_register(os.path.join(surveys, "organisations.csv"))
    except FatalError as e:
        problems += e.problems
    try:
        waves = discover_waves(surveys)
    except FatalError as e:
        problems += e.problems
    datas: list[WaveData] = []
    if instr is not None and register is not None:
        for w in waves:
            try:
                datas.append(read_wave(instr, register, w))
            except FatalError as e:
                problems += e.problems
    if problems:
        raise FatalError(problems)
    assert instr is not None and register is not None
    results = [score_wave(instr, register, d) for d in datas]
    baseline = next((i for i, r in enumerate(results) if r.wave.baseline), 0)
    return Journey(instr, register, results, baseline)


def compute(surveys: str) -> tuple[Instrument, list[WaveResult]]:
    j = compute_journey(surveys)
    return j.instr, j.results


def run(surveys: str, out: str) -> int:
    try:
        journey = compute_journey(surveys)
    except FatalError as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        return 1
    instr = journey.instr
    try:
        files: list[tuple[str, str]] = []
        for i, wr in enumerate(journey.results):
            base = os.path.join(out, wr.wave.id)
            files.append((os.path.join(base, "rejects.csv"), csv_text(REJECTS_HEADER, rejects_rows(wr.data))))
            files.append((os.path.join(base, "centre", "scores.csv"), csv_text(SCORES_HEADER, scores_rows(instr, wr))))
            files.append((os.path.join(base, "centre", "items.csv"), csv_text(ITEMS_HEADER, item_rows(instr, wr))))
            if i >= 1:
                files.append((os.path.join(base, "centre", "changes.csv"), csv_text(CHANGES_HEADER, journey.change_rows(i))))
            files.append((os.path.join(base, "centre", "alpha.csv"), csv_text(ALPHA_HEADER, alpha_rows(instr, wr))))
            files.append((os.path.join(base, "centre", "journey.csv"), csv_text(JOURNEY_HEADER, journey.journey_rows(i))))
            if i > journey.baseline:
                files.append((os.path.join(base, "centre", "charter.csv"), csv_text(CHARTER_HEADER, journey.charter_rows(i))))
            if journey.register.has_headcount:
                files.append((os.path.join(base, "centre", "response-rates.csv"), csv_text(RATES_HEADER, journey.rate_rows(i))))
            files.append((os.path.join(base, "counts.json"), json.dumps(counts(instr, wr, journey, i), indent=2, ensure_ascii=False) + "\n"))
        for path, text in files:
            write_atomic(path, text)
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
