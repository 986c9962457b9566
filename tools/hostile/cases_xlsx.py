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
