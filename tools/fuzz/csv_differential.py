#!/usr/bin/env python3
"""Deterministically generate the differential CSV corpus for the Swift reader.

    python3 tools/fuzz/csv_differential.py [--count 3000] [--seed 20240601]
        [--out Tests/ReadinessCoreTests/Fixtures/csv-differential.jsonl] [--check]

Each output line is one JSON object:

    {"id": 17, "kind": "utf16le", "bytes": "<base64 of the file>",
     "encoding": "utf16LE", "delimiter": ";",
     "records": [{"line": 1, "fields": ["a", "b"]}, ...], "unterminated": false}

The expected side never comes from our own parser. It is SPEC §7 decoding (BOM, else
UTF-8, else Windows-1252 with the five undefined bytes kept as U+0081...; bad UTF-8 after a
UTF-8 BOM and bad UTF-16 units or a dangling last byte as U+FFFD, as Python's decoders
with errors="replace" give them), SPEC §7
delimiter detection on the header line, and then Python's own `csv` module:
`csv.reader(io.StringIO(text, newline=''), delimiter=d)`. Python yields `[]` for an empty
line, which SPEC skips, so those are dropped. A record's line is the reader's `line_num`
before the record plus one: `StringIO(newline='')` splits lines exactly at CR, LF and
CRLF, also inside quoted fields, which is SPEC's line count.

Python (strict=False) yields the partial record when the file ends inside a quoted
field; SPEC calls that record unterminated (malformed). We learn whether Python ended
inside quotes by parsing again with a marker line appended: if the marker does not come
back as a record of its own, the marker was swallowed by an open quote.
`unterminated` is true for those files; the Swift test then expects its last record, and
only that one, to be flagged `unterminatedQuote`, with the same fields as Python's.

`--check` also runs the reference implementation's parser
(tools/reference/readiness_ref.py) on every file and reports where it differs from
Python's `csv`.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(REPO, "Tests", "ReadinessCoreTests", "Fixtures", "csv-differential.jsonl")

# A private-use character the generator never emits (see `python_records`).
MARKER = "\ue000readiness-end-marker\ue000"

# --------------------------------------------------------------------------- SPEC side

CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
CP1252_TABLE = [chr(b) if b in CP1252_UNDEFINED else bytes([b]).decode("cp1252") for b in range(256)]
CP1252_ENCODE = {ch: b for b, ch in enumerate(CP1252_TABLE)}


def spec_decode(data: bytes) -> tuple[str, str]:
    """SPEC §7 "Encoding": (text, the Swift `SourceEncoding` case name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf8BOM"
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", errors="replace"), "utf16LE"
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", errors="replace"), "utf16BE"
    try:
        return data.decode("utf-8"), "utf8"
    except UnicodeDecodeError:
        return "".join(CP1252_TABLE[b] for b in data), "windows1252"


def spec_delimiter(text: str) -> str:
    """SPEC §7 "Delimiter": on the header line (the first non-empty line), count `,` `;`
    and tab outside double quotes; the most frequent wins, ties to `,` then `;` then tab."""
    i, n = 0, len(text)
    while i < n and text[i] in "\r\n":
        i += 1
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    while i < n:
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif not quoted:
            if c in "\r\n":
                break
            if c in counts:
                counts[c] += 1
        i += 1
    best = ","
    for d in (";", "\t"):
        if counts[d] > counts[best]:
            best = d
    return best


def python_records(text: str, delimiter: str) -> tuple[list[dict], bool]:
    """Python `csv` records (empty lines dropped) with their start lines, and whether the
    file ends inside an open quote."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    before = 0
    for fields in reader:
        if fields:
            records.append({"line": before + 1, "fields": fields})
        before = reader.line_num
    probe = list(csv.reader(io.StringIO(text + "\n" + MARKER, newline=""), delimiter=delimiter))
    unterminated = not probe or probe[-1] != [MARKER]
    return records, unterminated


# --------------------------------------------------------------------------- generator

WORDS = ["a", "id", "Org", "ResponseId", "CUL1", "Agree", "Strongly agree", "N/A", "Don't know",
         "2024-03-05", "05/03/2024 10:30", "x", "42", "yes", "no", "  ", " padded ", "Q7_1"]
UNICODE = ["é", "ü", "ß", "’", "“", "”", "€", "–", "—", "…", "ç", "Ø", "ñ", "\u00a0",
           "日本", "Ж", "ε", "\u0301", "e\u0301", "😀", "𝄞", "\u2028", "\u0085", "\ufeff",
           "\x00", "\x0b", "\x0c", "\x1e", "\x7f", "\ufffd", "\uffff", "א"]
# Characters that Windows-1252 can hold, for files written in that code page.
CP1252_EXTRA = ["é", "ü", "ß", "’", "“", "”", "€", "–", "—", "…", "ç", "Ø", "ñ", "\u00a0", "ÿ", "\u0081",
                "\u008d", "\u008f", "\u0090", "\u009d", "Š", "œ", "™", "¤", "¿"]
BREAKS = ["\n", "\r\n", "\r"]


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def chunk(self, alphabet: list[str], delimiter: str, quoted: bool) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.40:
            return r.choice(WORDS)
        if roll < 0.60:
            return r.choice(alphabet)
        if roll < 0.72:
            return r.choice([",", ";", "\t", delimiter, delimiter])
        if roll < 0.84:
            return r.choice(BREAKS) if quoted or r.random() < 0.2 else r.choice(WORDS)
        if roll < 0.94:
            return '""' if quoted else '"'
        return " "

    def field(self, alphabet: list[str], delimiter: str) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.12:
            return ""
        if roll < 0.50:  # plain: no quote at the start, no delimiter, no break
            text = "".join(r.choice(WORDS + alphabet) for _ in range(r.randint(1, 3)))
            return text.lstrip('"')
        if roll < 0.82:  # quoted, with anything inside
            body = "".join(self.chunk(alphabet, delimiter, True) for _ in range(r.randint(0, 5)))
            text = '"' + body + '"'
            if r.random() < 0.15:  # text after the closing quote
                text += r.choice(["x", '"', 'y"z', " ", "é", '""'])
            return text
        if roll < 0.92:  # a quote inside an unquoted field
            return r.choice(WORDS) + '"' + r.choice(["", "x", '"', "q\"r"])
        # anything at all (may leave a quote open)
        return "".join(self.chunk(alphabet, delimiter, False) for _ in range(r.randint(1, 4)))

    def text(self, alphabet: list[str]) -> str:
        r = self.rng
        delimiter = r.choice([",", ",", ";", "\t"])
        width = r.randint(1, 4)
        mixed_breaks = r.random() < 0.3
        file_break = r.choice(BREAKS)
        parts = []
        for _ in range(r.randint(0, 2) if r.random() < 0.15 else 0):  # empty lines before the header
            parts.append(r.choice(BREAKS))
        rows = r.randint(1, 5)
        for row in range(rows):
            if r.random() < 0.08:
                fields = [" " * r.randint(1, 3)]  # a line of spaces
            else:
                count = width if r.random() < 0.8 else r.randint(1, width + 2)
                fields = [self.field(alphabet, delimiter) for _ in range(count)]
            parts.append(delimiter.join(fields))
            last = row == rows - 1
            if not last or r.random() < 0.6:
                parts.append(r.choice(BREAKS) if mixed_breaks else file_break)
            while not last and r.random() < 0.1:  # empty lines between rows
                parts.append(r.choice(BREAKS) if mixed_breaks else file_break)
        if r.random() < 0.06:  # leave a quote open somewhere near the end
            parts.append('"' + r.choice(WORDS) + r.choice(BREAKS + [""]) + r.choice(["", "1,2", "x\"\"y"]))
        return "".join(parts)

    def mutate(self, data: bytes) -> bytes:
        r = self.rng
        data = bytearray(data)
        for _ in range(r.randint(1, 4)):
            spot = r.randint(0, len(data))
            byte = r.choice([0x22, 0x0D, 0x0A, 0x2C, 0x3B, 0x09, 0x80, 0x81, 0x9D, 0xC3, 0xE2, 0xED, 0xF0, 0xFF,
                             r.randint(0, 255)])
            roll = r.random()
            if roll < 0.4 or not data:
                data[spot:spot] = bytes([byte])
            elif roll < 0.8:
                data[min(spot, len(data) - 1)] = byte
            else:
                del data[min(spot, len(data) - 1)]
        return bytes(data)

    def file(self) -> tuple[str, bytes]:
        r = self.rng
        kind = r.choices(
            ["utf8", "utf8bom", "utf16le", "utf16be", "cp1252", "mutated", "bom-invalid", "utf16-broken", "tiny"],
            weights=[30, 10, 9, 9, 16, 16, 4, 4, 6],
        )[0]
        if kind == "tiny":  # a handful of characters from the interesting set
            return kind, "".join(r.choice(['"', ",", ";", "\t", "\r", "\n", "a", " ", "é"]) for _ in range(r.randint(0, 8))).encode()
        if kind == "cp1252":
            text = self.text(CP1252_EXTRA)
            data = bytes(CP1252_ENCODE[c] for c in text)
            return kind, data
        text = self.text(UNICODE)
        if kind == "utf8":
            return kind, text.encode("utf-8", "surrogatepass")
        if kind == "utf8bom":
            return kind, b"\xef\xbb\xbf" + text.encode("utf-8")
        if kind == "utf16le":
            return kind, b"\xff\xfe" + text.encode("utf-16-le")
        if kind == "utf16be":
            return kind, b"\xfe\xff" + text.encode("utf-16-be")
        if kind == "bom-invalid":  # a UTF-8 BOM then bytes that are not UTF-8
            return kind, self.mutate(b"\xef\xbb\xbf" + text.encode("utf-8"))
        if kind == "utf16-broken":  # a UTF-16 BOM then lone surrogates, shifted units, odd lengths
            little = r.random() < 0.5
            body = self.mutate(text.encode("utf-16-le" if little else "utf-16-be"))
            return kind, (b"\xff\xfe" if little else b"\xfe\xff") + body
        return kind, self.mutate(text.encode("utf-8"))


def case(identifier: int, kind: str, data: bytes) -> dict:
    text, encoding = spec_decode(data)
    delimiter = spec_delimiter(text)
    records, unterminated = python_records(text, delimiter)
    return {
        "id": identifier,
        "kind": kind,
        "bytes": base64.b64encode(data).decode("ascii"),
        "encoding": encoding,
        "delimiter": delimiter,
        "records": records,
        "unterminated": unterminated,
    }


def reference_mismatches(cases: list[dict]) -> list[str]:
    """Where tools/reference/readiness_ref.py's parser disagrees with Python's `csv`."""
    sys.path.insert(0, os.path.join(REPO, "tools", "reference"))
    import readiness_ref as ref  # noqa: E402  (needs the reference's own dependencies)

    problems = []
    for c in cases:
        data = base64.b64decode(c["bytes"])
        text, _ = ref.decode_bytes(data)
        delimiter = ref.detect_delimiter(text)
        got = [{"line": rec.line, "fields": rec.fields} for rec in ref.parse_records(text, delimiter)]
        flags = [rec.unterminated for rec in ref.parse_records(text, delimiter)]
        want_flags = [False] * len(c["records"])
        if c["unterminated"] and want_flags:
            want_flags[-1] = True
        if delimiter != c["delimiter"] or got != c["records"] or flags != want_flags:
            problems.append(f"case {c['id']} ({c['kind']}): bytes {data!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="also compare the reference implementation's parser")
    args = parser.parse_args()

    generator = Generator(args.seed)
    cases = []
    for identifier in range(args.count):
        kind, data = generator.file()
        cases.append(case(identifier, kind, data))

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for c in cases:
            out.write(json.dumps(c, ensure_ascii=False, separators=(",", ":")) + "\n")

    kinds: dict[str, int] = {}
    for c in cases:
        kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
    records = sum(len(c["records"]) for c in cases)
    quoted_breaks = sum(any("\r" in f or "\n" in f for r in c["records"] for f in r["fields"]) for c in cases)
    print(f"{len(cases)} files, {records} records, {sum(c['unterminated'] for c in cases)} unterminated, "
          f"{quoted_breaks} with line breaks inside fields, by kind {dict(sorted(kinds.items()))}")
    print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes)")
    if args.check:
        problems = reference_mismatches(cases)
        print(f"reference parser: {len(problems)} mismatches")
        for line in problems[:10]:
            print("  " + line)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
