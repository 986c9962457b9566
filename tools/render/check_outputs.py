#!/usr/bin/env python3
"""Opens every report under an output folder as its readers' programs do, and fails on what
they would show wrongly (issue 9):

- no national Markdown table is wider than 7 columns;
- every Markdown file rendered by cmark-gfm (GitHub's renderer, with its autolink, tagfilter,
  table and strikethrough extensions) and by markdown-it-py with linkify: no `<a`, no
  `<script`, no `<img` other than the report's own charts (charts/*.svg), and every table
  renders with as many rows as the Markdown has;
- every workbook opens in openpyxl, and no part of it holds a character XML forbids or a
  bidirectional control;
- no Markdown, SVG or workbook part holds a bidirectional control or another format character
  (but the zero-width (non-)joiner, and the word joiner the Markdown writer puts before "@").

Usage: python3 tools/render/check_outputs.py OUT_DIR [--no-workbooks]
Exit 0 when every file passes; 1 with one line per problem; 2 when a renderer is missing.
"""
import html.parser
import os
import re
import shutil
import subprocess
import sys
import zipfile

try:
    from markdown_it import MarkdownIt
except ImportError:
    print("markdown-it-py is missing: run scripts/setup", file=sys.stderr)
    sys.exit(2)
try:
    import linkify_it  # noqa: F401  (markdown-it's linkify needs it)
except ImportError:
    print("linkify-it-py is missing: run scripts/setup", file=sys.stderr)
    sys.exit(2)

CMARK = shutil.which("cmark-gfm")
if CMARK is None:
    print("cmark-gfm is missing: run scripts/setup", file=sys.stderr)
    sys.exit(2)

MARKDOWN_IT = MarkdownIt("commonmark", {"linkify": True, "html": True}).enable(["linkify", "table", "strikethrough"])
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Format characters (Cf) a report must not carry: bidi embeddings, overrides, isolates and
# marks; zero-width space; BOM; deprecated format characters; interlinear annotations.
FORMAT = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2061-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u00ad]")

problems = []


def cmark(text):
    run = subprocess.run([CMARK, "-e", "autolink", "-e", "tagfilter", "-e", "table", "-e", "strikethrough"],
                         input=text.encode("utf-8"), capture_output=True)
    if run.returncode != 0:
        raise RuntimeError(run.stderr.decode("utf-8", "replace"))
    return run.stdout.decode("utf-8")


class Elements(html.parser.HTMLParser):
    """Tags that matter: links, scripts, images, and the rows of each table."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.scripts, self.images, self.tables = [], 0, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs.get("href", ""))
        elif tag == "script":
            self.scripts += 1
        elif tag == "img":
            self.images.append(attrs.get("src", ""))
        elif tag == "table":
            self.tables.append(0)
        elif tag == "tr" and self.tables:
            self.tables[-1] += 1


def markdown_tables(text):
    """Rows (header included) of each pipe table of the Markdown source, in order."""
    tables, rows = [], 0
    for line in text.split("\n") + [""]:
        if line.startswith("|"):
            rows += 1
        elif rows:
            tables.append(rows - 1)  # the delimiter row is not a row
            rows = 0
    return tables


def check_markdown(path, name):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if FORMAT.search(text):
        problems.append(f"{name}: holds a format character U+{ord(FORMAT.search(text).group()):04X}")
    if XML_ILLEGAL.search(text.replace("\t", "")):
        problems.append(f"{name}: holds a control character")
    want = markdown_tables(text)
    if name.endswith("national/evidence.md"):
        for line in text.split("\n"):
            columns = len(re.split(r"(?<!\\)\|", line)) - 2 if line.startswith("|") else 0
            if columns > 7:
                problems.append(f"{name}: a table {columns} columns wide (at most 7 print on a page): {line[:80]}")
                break
    for renderer, rendered in (("cmark-gfm", cmark(text)), ("markdown-it", MARKDOWN_IT.render(text))):
        found = Elements()
        found.feed(rendered)
        for href in found.links:
            problems.append(f"{name} [{renderer}]: a live link to {href!r}")
        if found.scripts or "<script" in rendered.lower():
            problems.append(f"{name} [{renderer}]: a <script>")
        for src in found.images:
            if not re.fullmatch(r"charts/[A-Za-z0-9_-]+\.svg", src):
                problems.append(f"{name} [{renderer}]: an image {src!r} that is not the report's own chart")
        if found.tables != want:
            problems.append(f"{name} [{renderer}]: tables render with {found.tables} rows, the Markdown has {want}")


def check_svg(path, name):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if FORMAT.search(text):
        problems.append(f"{name}: holds a format character")
    if XML_ILLEGAL.search(text.replace("\t", "").replace("\n", "").replace("\r", "")):
        problems.append(f"{name}: holds a character XML forbids")


def check_workbook(path, name):
    with zipfile.ZipFile(path) as archive:
        for part in archive.namelist():
            if not part.endswith((".xml", ".rels")):
                continue
            text = archive.read(part).decode("utf-8")
            if XML_ILLEGAL.search(text.replace("\t", "").replace("\n", "").replace("\r", "")):
                problems.append(f"{name} [{part}]: a character XML forbids")
            if FORMAT.search(text):
                problems.append(f"{name} [{part}]: a format character U+{ord(FORMAT.search(text).group()):04X}")
    import openpyxl
    try:
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass
    except Exception as error:  # openpyxl refuses the file: that is the finding
        problems.append(f"{name}: openpyxl cannot open it: {type(error).__name__}: {error}")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 64
    root = args[0]
    checked = {"md": 0, "svg": 0, "xlsx": 0}
    for folder, _, files in sorted(os.walk(root)):
        for file in sorted(files):
            path = os.path.join(folder, file)
            name = os.path.relpath(path, root)
            if file.endswith(".md"):
                check_markdown(path, name)
                checked["md"] += 1
            elif file.endswith(".svg"):
                check_svg(path, name)
                checked["svg"] += 1
            elif file.endswith(".xlsx") and "--no-workbooks" not in sys.argv:
                check_workbook(path, name)
                checked["xlsx"] += 1
    for problem in problems[:60]:
        print(problem)
    print(f"{checked['md']} Markdown, {checked['svg']} SVG, {checked['xlsx']} workbook files checked; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
