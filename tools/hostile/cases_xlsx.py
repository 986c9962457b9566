# Hostile cases of the xlsx series (SPEC §8.7, §8.9): run in make_corpus.py's namespace.
import io as _io
import zipfile as _zipfile


def _workbook_bytes() -> bytes:
    """A small, valid .xlsx (stored parts, fixed dates, so the bytes never change)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = [
        ("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="xml" ContentType="application/xml"/></Types>'),
        ("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="Form1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        ("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}"><sheetData><row r="1">'
         '<c r="A1" t="inlineStr"><is><t>ResponseId</t></is></c><c r="B1" t="inlineStr"><is><t>Org</t></is></c></row>'
         '</sheetData></worksheet>'),
    ]
    out = _io.BytesIO()
    with _zipfile.ZipFile(out, "w", _zipfile.ZIP_STORED) as archive:
        for name, text in parts:
            archive.writestr(_zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text)
    return out.getvalue()


case("responses-xlsx-saved-as-csv", fail(
    "an Excel workbook saved under a .csv name (it starts with the ZIP signature); rename it responses.xlsx",
    matches=[r"w1/responses\.csv:1:1: error: an Excel workbook saved under a \.csv name"],
    notes="SPEC §8.7 [hostile responses_xlsx_saved_as_csv]: a responses.csv whose bytes start with PK\\x03\\x04 is a "
          "workbook under the wrong name: fatal at 1:1 with the hint to rename it, not read as Windows-1252 text "
          "(which would report missing columns)."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": _workbook_bytes()}})


# ---------------------------------------------------------------------------- responses.xlsx read in place

def _cell(ref: str, value) -> str:
    """A cell: a number (optionally `(number, style)`) or an inline string."""
    if isinstance(value, tuple):
        number, style = value
        return f'<c r="{ref}" s="{style}"><v>{number}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _sheet(rows: dict) -> str:
    """A worksheet part from {row number: [cell values from column A]} (None leaves a cell out)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    body = []
    for number in sorted(rows):
        cells = "".join(_cell(f"{chr(65 + column)}{number}", value)
                        for column, value in enumerate(rows[number]) if value is not None)
        body.append(f'<row r="{number}">{cells}</row>')
    return f'<worksheet xmlns="{main}"><sheetData>{"".join(body)}</sheetData></worksheet>'


def _workbook(sheets: list, extra: list | None = None, styles: bool = True) -> bytes:
    """An .xlsx with the given (name, sheet XML) in tab order; style 1 is the date-time format m/d/yy h:mm."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    listed = "".join(f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (name, _) in enumerate(sheets))
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                   for i in range(len(sheets)))
    parts = [
        ("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="xml" ContentType="application/xml"/></Types>'),
        ("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{listed}</sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         f'{rels}<Relationship Id="rId99" Type="{rel}/styles" Target="styles.xml"/></Relationships>'),
    ]
    if styles:
        parts.append(("xl/styles.xml", f'<styleSheet xmlns="{main}"><cellXfs count="2"><xf numFmtId="0"/>'
                      '<xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>'))
    parts += [(f"xl/worksheets/sheet{i + 1}.xml", xml) for i, (_, xml) in enumerate(sheets)]
    parts += extra or []
    out = _io.BytesIO()
    with _zipfile.ZipFile(out, "w", _zipfile.ZIP_STORED) as archive:
        for name, data in parts:
            archive.writestr(_zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


_FORMS_HEADER = ["ID", "Start time", "Completion time", "Email", "Name", "organisation_id", "C1", "C2", "I1", "K1"]
_FORMS_WAVE = WAVE + "source: microsoft-forms\n"
# SPEC §8.10 case 17: ID 1 a number, Completion time 45292.5 styled m/d/yy h:mm, C1 = 4; row 3 empty; row 4 an
# unknown organisation.
_FORMS_ROWS = {
    1: _FORMS_HEADER,
    2: [1, (45292.4, 1), (45292.5, 1), "anonymous", None, "ORG-A", 4, 2, 5, "true"],
    4: [2, (45293.4, 1), (45293.5, 1), "anonymous", None, "ORG-Z", 3, 3, 3, "false"],
}

case("microsoft-forms-workbook", ok(
    (2, 1, 1), [[4, "2", "unknown_organisation"]],
    outputs_contain={"w1/data-quality.md": ["| Encoding | XLSX workbook |", "| Delimiter | – |",
                                            "| Worksheet | Form1 (first worksheet) |", "| Source preset | microsoft-forms |"],
                     "w1/manifest.json": ['"path": "w1/responses.xlsx"', '"file": "responses.xlsx", "sheet": "Form1"']},
    notes="SPEC §8.10 case 17: responses.xlsx read in place of responses.csv, first sheet Form1, header in row 1; "
          "the number 1 reads as response id '1', the date-styled 45292.5 as 2024-01-01 12:00:00 (in the window), C1 as "
          "point 4; the empty row 3 is not a row read; the unknown organisation on sheet row 4 is rejected at line 4. "
          "data-quality.md says XLSX workbook, – and the worksheet; the manifest hashes the workbook and names its sheet."),
    waves={"w1": {"wave.yaml": _FORMS_WAVE, "responses.xlsx": _workbook([("Form1", _sheet(_FORMS_ROWS))])}})

case("workbook-sheet-not-found", fail(
    "no worksheet 'Form 2'; worksheets found: 'Form1'",
    matches=[r"w1/responses\.xlsx: error: no worksheet 'Form 2'; worksheets found: 'Form1'"],
    notes="SPEC §8.10 case 17: sheet: Form 2 names no worksheet of the workbook: fatal, listing the worksheets found."),
    waves={"w1": {"wave.yaml": _FORMS_WAVE + "sheet: Form 2\n", "responses.xlsx": _workbook([("Form1", _sheet(_FORMS_ROWS))])}})

case("workbook-sheet-named", ok(
    (2, 1, 1), [[4, "2", "unknown_organisation"]],
    outputs_contain={"w1/data-quality.md": ["| Worksheet | Form1 (named in wave.yaml) |"]},
    notes="SPEC §8.7: sheet: names the worksheet read, matched normalised and case-insensitively ('  form1 ' is Form1), "
          "though another sheet comes first in tab order."),
    waves={"w1": {"wave.yaml": _FORMS_WAVE + "sheet: '  form1 '\n",
                  "responses.xlsx": _workbook([("Summary", _sheet({1: ["nothing here"]})), ("Form1", _sheet(_FORMS_ROWS))])}})

case("workbook-and-csv-both", fail(
    "both responses.csv and responses.xlsx; keep one",
    matches=[r"w1/: error: both responses\.csv and responses\.xlsx; keep one"],
    notes="SPEC §8.7, §8.9: a wave folder holding both files is fatal at the folder."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD),
                  "responses.xlsx": _workbook([("Form1", _sheet(_FORMS_ROWS))])}})

case("workbook-encrypted", fail(
    "encrypted or legacy .xls workbook; save it as an .xlsx workbook without a password",
    matches=[r"w1/responses\.xlsx: error: encrypted or legacy \.xls workbook"],
    notes="SPEC §8.7, §8.9: a Compound File (D0 CF 11 E0 A1 B1 1A E1: an encrypted workbook or a legacy .xls) is fatal."),
    waves={"w1": {"wave.yaml": _FORMS_WAVE, "responses.xlsx": bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)}})

case("workbook-macro-enabled", fail(
    "macro-enabled workbook (xl/vbaProject.bin); save it as an .xlsx workbook without macros",
    matches=[r"w1/responses\.xlsx: error: macro-enabled workbook \(xl/vbaProject\.bin\)"],
    notes="SPEC §8.7, §8.9: a workbook holding xl/vbaProject.bin is fatal; its macros are never read."),
    waves={"w1": {"wave.yaml": _FORMS_WAVE,
                  "responses.xlsx": _workbook([("Form1", _sheet(_FORMS_ROWS))], extra=[("xl/vbaProject.bin", "macros")])}})

case("workbook-without-workbook-part", fail(
    "not an .xlsx workbook: no xl/workbook.xml",
    matches=[r"w1/responses\.xlsx: error: not an \.xlsx workbook: no xl/workbook\.xml"],
    notes="SPEC §8.7, §8.9: a ZIP archive without xl/workbook.xml is not a workbook."),
    waves={"w1": {"wave.yaml": _FORMS_WAVE, "responses.xlsx": _workbook_bytes().replace(b"xl/workbook.xml", b"xl/notebook.xml")}})

_DTD_SHEET = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              + _sheet(_FORMS_ROWS))
case("workbook-part-with-dtd", fail(
    "part xl/worksheets/sheet1.xml holds a DTD, which is not read",
    matches=[r"w1/responses\.xlsx(:[0-9]+:[0-9]+)?: error: part xl/worksheets/sheet1\.xml holds a DTD, which is not read"],
    never_in_outputs=["root:"],
    notes="SPEC §8.7, §8.9: a part holding <!DOCTYPE is refused; no DTD or external entity is ever read."),
    waves={"w1": {"wave.yaml": _FORMS_WAVE, "responses.xlsx": _workbook([("Form1", _DTD_SHEET)])}})

case("workbook-value-beyond-header", ok(
    (2, 1, 1), [[3, "2", "malformed_row"]],
    outputs_contain={"w1/rejects.csv": ["found a value in column 12, beyond the header's 10 columns"]},
    notes="SPEC §8.7: a non-empty cell right of the header's last non-empty column makes the row malformed_row, "
          "with the detail naming the sheet column."),
    waves={"w1": {"wave.yaml": _FORMS_WAVE, "responses.xlsx": _workbook([("Form1", _sheet({
        1: _FORMS_HEADER,
        2: [1, (45292.4, 1), (45292.5, 1), "anonymous", None, "ORG-A", 4, 2, 5, "true"],
        3: [2, (45292.4, 1), (45292.5, 1), "anonymous", None, "ORG-B", 4, 2, 5, "true", None, "stray"],
    }))])}})
