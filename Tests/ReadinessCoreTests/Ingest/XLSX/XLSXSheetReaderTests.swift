import CZlibShim
import XCTest

@testable import ReadinessCore

/// SPEC §8.7's rules for reading a worksheet, one test per rule, on hand-made workbooks.
final class XLSXSheetReaderTests: XCTestCase {
    typealias Book = XLSXTestWorkbook

    func records(
        _ data: String, strings: [String]? = nil, numberFormats: [(id: Int, code: String)] = [],
        cellFormats: [Int] = [0], workbookProperties: String = "",
        file: StaticString = #filePath, line: UInt = #line
    ) -> [XLSXRecord] {
        let parts = Book.parts(
            sheets: [("Sheet1", data)], strings: strings, numberFormats: numberFormats,
            cellFormats: cellFormats, workbookProperties: workbookProperties)
        switch Book.read(parts) {
        case .success(let records): return records
        case .failure(let error):
            XCTFail("unexpected error: \(error)", file: file, line: line)
            return []
        }
    }

    func error(_ parts: [(name: String, bytes: [UInt8])], sheet: String? = nil) -> String {
        switch Book.read(parts, sheet: sheet) {
        case .success(let records): return "no error; records \(records)"
        case .failure(let error): return error.description
        }
    }

    /// `<row r="N">` of inline-string cells, from `A`.
    func row(_ number: Int, _ texts: [String?]) -> String {
        let cells = texts.enumerated().compactMap { index, text -> String? in
            guard let text else { return nil }
            let column = String(UnicodeScalar(UInt8(65 + index)))
            return "<c r=\"\(column)\(number)\" t=\"inlineStr\"><is><t>\(Book.escaped(text))</t></is></c>"
        }
        return "<row r=\"\(number)\">\(cells.joined())</row>"
    }

    // MARK: rows and cells

    func testHeaderIsTheFirstRowWithAValueAndEmptyRowsAreNotRecords() {
        let data =
            "<sheetData><row r=\"1\"/><row r=\"2\"><c r=\"A2\" s=\"0\"/></row>"
            + row(3, ["ID", "Org", "CUL1"]) + row(4, ["1", "A", "4"]) + "<row r=\"5\"></row>"
            + row(7, [nil, "B"]) + row(9, ["3", nil, nil]) + "</sheetData>"
        XCTAssertEqual(
            records(data),
            [
                XLSXRecord(row: 3, cells: ["ID", "Org", "CUL1"]),
                XLSXRecord(row: 4, cells: ["1", "A", "4"]),
                XLSXRecord(row: 7, cells: ["", "B"]),
                XLSXRecord(row: 9, cells: ["3"]),
            ])
    }

    func testReadingStopsWhenTheBodySaysSo() throws {
        // Broken XML after row 3 is never reached when only the first two records are wanted.
        let data =
            "<sheetData>" + row(1, ["ID", "Org"]) + row(2, ["1", "A"]) + row(3, ["2", "B"])
            + "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>&broken;</t></is></c></row></sheetData>"
        let path = Book.write(Book.zip(Book.parts(sheets: [("Sheet1", data)])))
        let reader = try XLSXSheetReader(path: path, file: "responses.xlsx")
        var seen: [Int] = []
        try reader.forEachRecordWhile({ record in
            seen.append(record.row)
            return seen.count < 2
        })
        XCTAssertEqual(seen, [1, 2])
        XCTAssertThrowsError(try reader.records())
    }

    func testRowsAndCellsWithoutReferencesFollowThePreviousOne() {
        let data = """
            <sheetData><row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>\
            <row r="4"><c r="B4"><v>1</v></c><c><v>2</v></c><c r="E4"><v>3</v></c><c><v>4</v></c></row>\
            <row><c><v>5</v></c></row></sheetData>
            """
        XCTAssertEqual(
            records(data),
            [
                XLSXRecord(row: 1, cells: ["a", "b"]),
                XLSXRecord(row: 4, cells: ["", "1", "2", "", "3", "4"]),
                XLSXRecord(row: 5, cells: ["5"]),
            ])
    }

    func testNamespacePrefixesAndAbsoluteReferences() {
        let data = """
            <x:sheetData xmlns:x="\(Book.main)"><x:row r="2"><x:c r="$B$2"><x:v>7</x:v></x:c></x:row></x:sheetData>
            """
        XCTAssertEqual(records(data), [XLSXRecord(row: 2, cells: ["", "7"])])
    }

    func testMergedRangesKeepOnlyTheTopLeftValue() {
        let data =
            "<sheetData>" + row(1, ["h1", "h2", "h3"]) + row(2, ["a", "covered", "c"])
            + row(3, ["covered", "covered", "z"]) + row(4, [nil, "only covered"]) + "</sheetData>"
            + "<mergeCells count=\"2\"><mergeCell ref=\"A2:B3\"/><mergeCell "
            + "ref=\"B4:C4\"/><mergeCell ref=\"A4:A4\"/></mergeCells>"
        XCTAssertEqual(
            records(data),
            [
                XLSXRecord(row: 1, cells: ["h1", "h2", "h3"]),
                XLSXRecord(row: 2, cells: ["a", "", "c"]),
                XLSXRecord(row: 3, cells: ["", "", "z"]),
                XLSXRecord(row: 4, cells: ["", "only covered"]),
            ])
    }

    func testMergedRangeStartingOnTheRowWithItsOwnTopLeft() {
        let data =
            "<sheetData>" + row(1, [nil, "x", "y"]) + "</sheetData><mergeCells><mergeCell ref=\"C1:B1\"/></mergeCells>"
        XCTAssertEqual(records(data), [XLSXRecord(row: 1, cells: ["", "x"])])
    }

    // MARK: cell texts

    func testSharedStringsRunsPhoneticRunsAndEscapes() {
        let strings = [
            "<si><t>plain</t></si>",
            "<si><r><rPr><b/></rPr><t>Str</t></r><r><t xml:space=\"preserve\">ongly agree</t></r></si>",
            "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si>",
            "<si><t>line_x000D_break and _x005F_x000D_ kept, tab_x0009_</t></si>",
            "<si><t>&lt;a &amp; b&gt; &#233;&#x20AC; &quot;q&quot; &apos;</t></si>",
            "<si><t>cr\r\nlf\rend</t></si>",
            "<si/>",
            "<si><t><![CDATA[<raw & text>]]></t></si>",
            "<si><t>_xD83D__xDE00_ and _xD800_ lone</t></si>",
        ]
        let cells = (0..<strings.count).map {
            "<c r=\"\(String(UnicodeScalar(UInt8(65 + $0))))1\" t=\"s\"><v>\($0)</v></c>"
        }
        let got = records("<sheetData><row r=\"1\">\(cells.joined())</row></sheetData>", strings: strings)
        XCTAssertEqual(
            got.first?.cells,
            [
                "plain", "Strongly agree", "東京", "line\rbreak and _x000D_ kept, tab\t", "<a & b> é€ \"q\" '",
                "cr\nlf\nend", "", "<raw & text>", "😀 and \u{FFFD} lone",
            ])
    }

    func testInlineStringsConcatenateRunsWithoutPhoneticRuns() {
        let data = """
            <sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>Agr</t></r><r><t>ee</t></r>\
            <rPh sb="0" eb="1"><t>x</t></rPh></is></c><c r="B1" t="inlineStr"><is><t>a_x0041_</t></is></c></row></sheetData>
            """
        XCTAssertEqual(records(data).first?.cells, ["Agree", "aA"])
    }

    func testFormulasGiveTheirCachedValue() {
        let data = """
            <sheetData><row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>\
            <c r="C1"><f>NOW()</f></c><c r="D1" t="b"><f>TRUE()</f><v>1</v></c><c r="E1" t="e"><f>1/0</f><v>#DIV/0!</v></c>\
            <c r="F1" s="1"><f>A1+45000</f><v>45292</v></c></row></sheetData>
            """
        XCTAssertEqual(
            records(data, cellFormats: [0, 14]).first?.cells, ["2", "ab", "", "TRUE", "#DIV/0!", "2024-01-01"])
    }

    func testBooleansAndErrors() {
        let data = """
            <sheetData><row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c>\
            <c r="C1" t="e"><v>#N/A</v></c><c r="D1" t="d"><v>2024-01-01T00:00:00</v></c></row></sheetData>
            """
        XCTAssertEqual(records(data).first?.cells, ["TRUE", "FALSE", "#N/A", "2024-01-01T00:00:00"])
    }

    func testNumbersAreShortestPlainDecimals() {
        let values = [
            "4", "4.0", "0.1", "1E-7", "-0", "1e16", "0.5", "123456789012345678901", "-2.5", "3.0000000000000004",
            "1.7976931348623157E+308", "abc",
        ]
        let cells = values.enumerated().map {
            "<c r=\"\(String(UnicodeScalar(UInt8(65 + $0.offset))))1\" s=\"1\"><v>\($0.element)</v></c>"
        }
        // Style 1 is a percentage (numFmtId 9): number formats other than dates are ignored.
        let got = records("<sheetData><row r=\"1\">\(cells.joined())</row></sheetData>", cellFormats: [0, 9])
        XCTAssertEqual(
            got.first?.cells,
            [
                "4", "4", "0.1", "0.0000001", "0", "10000000000000000", "0.5", "123456789012345680000", "-2.5",
                "3.0000000000000004", "179769313486231570" + String(repeating: "0", count: 291), "abc",
            ])
    }

    func testPlainDecimal() {
        let cases: [(Double, String)] = [
            (4, "4"), (0.1, "0.1"), (1e-7, "0.0000001"), (-0.0, "0"), (100, "100"), (1e21, "1000000000000000000000"),
            (1.5e-10, "0.00000000015"), (123.456, "123.456"), (-1e-7, "-0.0000001"),
            (Double.leastNonzeroMagnitude, "0." + String(repeating: "0", count: 323) + "5"),
            (0.30000000000000004, "0.30000000000000004"), (45292.5, "45292.5"),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(XLSXCellText.plainDecimal(value), expected, "\(value)")
        }
    }

    func testDateStylesBuiltInAndCustom() {
        // Styles: 0 General, 1..: built-in 14, 22, 45, 47, 13 (a fraction, not a date), then customs.
        let formats: [(id: Int, code: String)] = [
            (164, "m/d/yy h:mm"), (165, "[Red]0.00"), (166, "\"day\" 0"), (167, "\\d0"), (168, "yyyy-mm-dd"),
            (169, "[h]:mm:ss"), (170, "0.00E+00"), (171, "[$-409]mmmm d, yyyy"), (172, "# ?/?"),
        ]
        let styles = [0, 14, 22, 45, 47, 13, 164, 165, 166, 167, 168, 169, 170, 171, 172]
        let cells = styles.indices.map {
            "<c r=\"\(String(UnicodeScalar(UInt8(65 + $0))))1\" s=\"\($0)\"><v>45292.5</v></c>"
        }
        let got = records(
            "<sheetData><row r=\"1\">\(cells.joined())</row></sheetData>", numberFormats: formats, cellFormats: styles)
        let date = "2024-01-01 12:00:00"
        XCTAssertEqual(
            got.first?.cells,
            [
                "45292.5", date, date, date, date, "45292.5", date, "45292.5", "45292.5", "45292.5", date,
                date, "45292.5", date, "45292.5",
            ])
    }

    func testDateFormatCodeTest() {
        let cases: [(String, Bool)] = [
            ("General", false), ("0.00%", false), ("yyyy", true), ("D", true), ("mm:ss", true), ("h", true),
            ("\"ymd\"0", false), ("\\y\\m0", false), ("[DBNum1]0", false), ("[$-F800]dddd", true), ("0 \"s\"", false),
            ("_(* #,##0_)", false), ("@", false),
        ]
        for (code, expected) in cases {
            XCTAssertEqual(XLSXCellText.isDateFormatCode(code), expected, code)
        }
    }

    func testSerialDates() {
        let cases: [(Double, Bool, String?)] = [
            (45292, false, "2024-01-01"), (45292.5, false, "2024-01-01 12:00:00"), (61, false, "1900-03-01"),
            (60.99, false, nil), (60, false, nil), (1, false, nil), (-5, false, nil),
            (45292.99998, false, "2024-01-01 23:59:58"), (45292.999999, false, "2024-01-02"),
            // Half a second rounds up: 0.5 s is 1/172800 of a day.
            (45292 + 1.5 / 86_400, false, "2024-01-01 00:00:02"), (45292 + 0.4 / 86_400, false, "2024-01-01"),
            (0, true, "1904-01-01"), (1, true, "1904-01-02"), (43830.25, true, "2024-01-01 06:00:00"),
            (2_958_465, false, "9999-12-31"), (2_958_466, false, nil), (1e300, false, nil),
        ]
        for (serial, date1904, expected) in cases {
            XCTAssertEqual(XLSXCellText.isoDate(serial: serial, date1904: date1904), expected, "\(serial) \(date1904)")
        }
    }

    func testDateCellsInBothSystemsAndTheSixtyOneRule() {
        let data =
            "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>45292</v></c><c "
            + "r=\"B1\" s=\"1\"><v>60</v></c></row></sheetData>"
        XCTAssertEqual(records(data, cellFormats: [0, 14]).first?.cells, ["2024-01-01", "60"])
        XCTAssertEqual(
            records(data, cellFormats: [0, 14], workbookProperties: "<workbookPr date1904=\"1\"/>").first?.cells,
            ["2028-01-02", "1904-03-01"])
    }

    func testShortestDecimalMatchesACaseOfSpecSeventeen() {
        // SPEC §8.10 case 17: ID 1 (number), Completion time 45292.5 styled m/d/yy h:mm.
        let data =
            "<sheetData>" + row(1, ["ID", "Completion time", "CUL1"])
            + "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\" "
            + "s=\"1\"><v>45292.5</v></c><c r=\"C2\"><v>4</v></c></row></sheetData>"
        XCTAssertEqual(
            records(data, numberFormats: [(164, "m/d/yy h:mm")], cellFormats: [0, 164]).last?.cells,
            ["1", "2024-01-01 12:00:00", "4"])
    }

    func testBeyondHeaderDetail() {
        XCTAssertEqual(
            XLSXSheetReader.beyondHeaderDetail(Array(repeating: "x", count: 12) + ["", "v"], headerColumns: 12),
            "found a value in column 14, beyond the header's 12 columns")
        XCTAssertNil(XLSXSheetReader.beyondHeaderDetail(Array(repeating: "x", count: 12), headerColumns: 12))
        XCTAssertNil(XLSXSheetReader.beyondHeaderDetail(["a"], headerColumns: 12))
    }

    // MARK: choosing the sheet

    func testFirstWorksheetInTabOrderHiddenOrNot() throws {
        let parts = Book.parts(
            sheets: [
                ("Hidden", "<sheetData>\(row(1, ["h"]))</sheetData>"),
                ("Form1", "<sheetData>\(row(1, ["f"]))</sheetData>"),
            ], hiddenFirst: true)
        let path = Book.write(Book.zip(parts))
        let reader = try XLSXSheetReader(path: path, file: "responses.xlsx")
        XCTAssertEqual(reader.worksheet, "Hidden")
        XCTAssertEqual(reader.worksheetDescription, "Hidden (first worksheet)")
        XCTAssertEqual(reader.worksheets, ["Hidden", "Form1"])
        XCTAssertEqual(try reader.records(), [XLSXRecord(row: 1, cells: ["h"])])
    }

    func testChartSheetsAreNotWorksheets() throws {
        var parts = Book.parts(sheets: [("Chart", ""), ("Data", "<sheetData>\(row(1, ["d"]))</sheetData>")])
        let rels = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(Book.relationships)/chartsheet" Target="chartsheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="\(Book.relationships)/worksheet" Target="/xl/worksheets/../worksheets/sheet2.xml"/></Relationships>
            """
        parts.removeAll { $0.name == "xl/_rels/workbook.xml.rels" }
        parts.append(("xl/_rels/workbook.xml.rels", Array(rels.utf8)))
        let reader = try XLSXSheetReader(path: Book.write(Book.zip(parts)))
        XCTAssertEqual(reader.worksheet, "Data")
        XCTAssertEqual(try reader.records(), [XLSXRecord(row: 1, cells: ["d"])])
    }

    func testNamedSheetMatchesNormalisedAndCaseInsensitively() throws {
        let parts = Book.parts(sheets: [
            ("Form1", "<sheetData>\(row(1, ["one"]))</sheetData>"),
            ("Réponses  d’équipe", "<sheetData>\(row(2, ["two"]))</sheetData>"),
        ])
        let path = Book.write(Book.zip(parts))
        // NFD é, a no-break space run, U+2019 as ', other case, padding.
        let reader = try XLSXSheetReader(
            path: path, file: "responses.xlsx", sheet: " RE\u{301}PONSES\u{A0}\t D'ÉQUIPE ")
        XCTAssertEqual(reader.worksheet, "Réponses  d’équipe")
        XCTAssertEqual(reader.choice, .named)
        XCTAssertEqual(reader.worksheetDescription, "Réponses  d’équipe (named in wave.yaml)")
        XCTAssertEqual(try reader.records(), [XLSXRecord(row: 2, cells: ["two"])])
    }

    func testNamedSheetMissingListsTheWorksheets() {
        let parts = Book.parts(sheets: [("Form1", "<sheetData/>"), ("Summary", "<sheetData/>")])
        XCTAssertEqual(
            error(parts, sheet: "Form 2"),
            "responses.xlsx: error: no worksheet 'Form 2'; worksheets found: 'Form1', 'Summary'")
    }

    // MARK: invalid workbooks (SPEC §8.7, §8.9)

    func testInvalidWorkbooks() {
        let good = Book.parts(sheets: [("Sheet1", "<sheetData/>")])
        func with(_ extra: [(String, String)]) -> [(name: String, bytes: [UInt8])] {
            Book.parts(sheets: [("Sheet1", "<sheetData/>")], extra: extra)
        }
        func message(_ bytes: [UInt8]) -> String {
            let path = Book.write(bytes)
            do {
                _ = try XLSXSheetReader(path: path, file: "responses.xlsx").records()
                return "no error"
            } catch {
                return error.description
            }
        }
        let prefix = "responses.xlsx: error: "
        XCTAssertEqual(
            message(Array("ID,Org\n1,A\n".utf8)), prefix + "not an .xlsx workbook: the file is not a ZIP archive")
        XCTAssertEqual(message([]), prefix + "not an .xlsx workbook: the file is not a ZIP archive")
        XCTAssertEqual(
            message([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 600)),
            prefix + "encrypted or legacy .xls workbook; save it as an .xlsx workbook without a password")
        XCTAssertEqual(
            message(Book.zip(good.filter { $0.name != "xl/workbook.xml" })),
            prefix + "not an .xlsx workbook: no xl/workbook.xml")
        XCTAssertEqual(
            message(Book.zip(good + [("xl/vbaProject.bin", [1, 2, 3])])),
            prefix + "macro-enabled workbook (xl/vbaProject.bin); save it as an .xlsx workbook without macros")
        let macroTypes = """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" \
            ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>
            """
        XCTAssertEqual(
            message(Book.zip(with([("[Content_Types].xml", macroTypes)]))),
            prefix
                + "macro-enabled workbook (content type application/vnd.ms-excel.sheet.macroEnabled.main+xml); "
                + "save it as an .xlsx workbook without macros"
        )
        XCTAssertEqual(
            message(Book.zip(good.filter { $0.name != "xl/workbook.xml" } + [("xl/workbook.bin", [0])])),
            prefix + "binary .xlsb workbook (xl/workbook.bin); save it as an Excel Workbook (.xlsx)")
        let strict = """
            <workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships">\
            <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
            """
        XCTAssertEqual(
            message(Book.zip(with([("xl/workbook.xml", strict)]))),
            prefix + "Strict Open XML workbook; save it as an Excel Workbook (.xlsx), not Strict Open XML")
        let doctype = "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaa\">]><worksheet><sheetData/></worksheet>"
        XCTAssertEqual(
            message(Book.zip(with([("xl/worksheets/sheet1.xml", doctype)]))),
            prefix + "part xl/worksheets/sheet1.xml holds a DTD, which is not read")
        let doctypeStrings = "<!doctype sst SYSTEM \"http://example.invalid/x.dtd\"><sst/>"
        XCTAssertEqual(
            message(Book.zip(with([("xl/sharedStrings.xml", doctypeStrings)]))),
            prefix + "part xl/sharedStrings.xml holds a DTD, which is not read")
        XCTAssertEqual(
            message(Book.zip(good, declaredSizes: ["xl/worksheets/sheet1.xml": 5 << 30])),
            prefix + "part xl/worksheets/sheet1.xml inflates beyond 4 GiB, which is not read")
        let noSheets = "<workbook xmlns=\"\(Book.main)\"><sheets/></workbook>"
        XCTAssertEqual(
            message(Book.zip(with([("xl/workbook.xml", noSheets)]))), prefix + "the workbook has no worksheet")
        var damaged = Book.zip(good)
        let sheetStart = damaged.firstRange(of: Array("<sheetData/>".utf8))!.lowerBound
        damaged[sheetStart + 1] = UInt8(ascii: "S")
        XCTAssertEqual(
            message(damaged), prefix + "part xl/worksheets/sheet1.xml is damaged: its checksum does not match")
        let badString = "<sheetData><row r=\"3\"><c r=\"B3\" t=\"s\"><v>7</v></c></row></sheetData>"
        XCTAssertEqual(
            message(Book.zip(Book.parts(sheets: [("Sheet1", badString)], strings: Book.plain(["a"])))),
            "responses.xlsx:3:2: error: part xl/worksheets/sheet1.xml: "
                + "cell refers to shared string '7', but the workbook has 1"
        )
        let badXML =
            "<sheetData><row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>a &nope; b</t></is></c></row></sheetData>"
        XCTAssertEqual(
            message(Book.zip(Book.parts(sheets: [("Sheet1", badXML)]))),
            "responses.xlsx:3:2: error: part xl/worksheets/sheet1.xml: not well-formed XML: an unknown entity '&nope;'")
        let badReference = "<sheetData><row r=\"3\"><c r=\"XFE3\"><v>1</v></c></row></sheetData>"
        XCTAssertEqual(
            message(Book.zip(Book.parts(sheets: [("Sheet1", badReference)]))),
            "responses.xlsx:3: error: part xl/worksheets/sheet1.xml: "
                + "cell reference 'XFE3' is not a cell in columns A to XFD"
        )
    }

    func testWorkbookSavedAsCSV() {
        let zipped = Book.zip(Book.parts(sheets: [("Sheet1", "<sheetData/>")]))
        let diagnostic = zipped.withUnsafeBufferPointer {
            XLSXSheetReader.workbookSavedAsCSV($0, file: "w1/responses.csv")
        }
        XCTAssertEqual(
            diagnostic?.description,
            "w1/responses.csv:1:1: error: an Excel workbook saved under a .csv "
                + "name (it starts with the ZIP signature); rename it responses.xlsx"
        )
        XCTAssertNil(
            Array("ID,Org\n".utf8).withUnsafeBufferPointer { XLSXSheetReader.workbookSavedAsCSV($0, file: "x") })
    }

    // MARK: inflating

    /// `bytes` as a raw deflate stream, as ZIP writers store a part.
    func deflated(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        XCTAssertEqual(
            deflateInit2_(
                &stream, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                Int32(MemoryLayout<z_stream>.size)), Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        var input = bytes
        let written = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Int in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                XCTAssertEqual(deflate(&stream, Z_FINISH), Z_STREAM_END)
                return target.count - Int(stream.avail_out)
            }
        }
        return Array(output[..<written])
    }

    /// A one-entry archive holding `compressed` as a deflated entry of `size` bytes.
    func deflatedArchive(_ plain: [UInt8], name: String = "a.xml") throws -> (ZipArchive, [UInt8]) {
        let compressed = deflated(plain)
        var stored = Book.zip([(name, compressed)])
        // Method 8 in the local header (offset 8) and the directory entry.
        stored[8] = 8
        let directory = stored.firstRange(of: [0x50, 0x4B, 0x01, 0x02])!.lowerBound
        stored[directory + 10] = 8
        let crc = plain.withUnsafeBufferPointer { UInt32(CZlibShim.crc32(0, $0.baseAddress, UInt32($0.count))) }
        for (offset, shift) in [(16, 0), (17, 8), (18, 16), (19, 24)] {
            stored[directory + offset] = UInt8(crc >> UInt32(shift) & 0xFF)
        }
        for (offset, shift) in [(24, 0), (25, 8), (26, 16), (27, 24)] {
            stored[directory + offset] = UInt8(plain.count >> shift & 0xFF)
        }
        return (
            try stored.withUnsafeBufferPointer { pointer in
                let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: pointer.count)
                _ = copy.initialize(from: pointer)
                return try ZipArchive(UnsafeBufferPointer(copy))
            }, stored
        )
    }

    func testInflatingStopsPastTheLimitWithoutInflatingEverything() throws {
        let plain = [UInt8](repeating: 0x41, count: 4 << 20)
        let (archive, _) = try deflatedArchive(plain)
        let entry = try XCTUnwrap(archive.entry("A.XML"))
        XCTAssertLessThan(entry.compressedSize, 16_384)
        // The whole part within the limit, checksum checked.
        let whole = try PartInflater(entry, of: archive)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var total = 0
        while true {
            let read = try buffer.withUnsafeMutableBufferPointer { try whole.read(into: $0) }
            if read == 0 { break }
            total += read
        }
        XCTAssertEqual(total, plain.count)
        // The directory claims 4 MiB; a limit of 1 MiB stops after about 1 MiB of output.
        XCTAssertThrowsError(try PartInflater(entry, of: archive, limit: 1 << 20)) { error in
            XCTAssertEqual((error as? XLSXProblem)?.message, "part a.xml inflates beyond 4 GiB, which is not read")
        }
        var lying = entry
        lying.uncompressedSize = 10
        let bomb = try PartInflater(lying, of: archive, limit: 1 << 20)
        var produced = 0
        XCTAssertThrowsError(
            try {
                while true {
                    let read = try buffer.withUnsafeMutableBufferPointer { try bomb.read(into: $0) }
                    if read == 0 { break }
                    produced += read
                }
            }()
        ) { error in
            XCTAssertEqual((error as? XLSXProblem)?.message, "part a.xml inflates beyond 4 GiB, which is not read")
        }
        XCTAssertLessThanOrEqual(produced, 1 << 20)
    }

    /// Counts what the scanner sees.
    struct Counter: XMLContentHandler {
        var elements = 0, textBytes = 0
        var wantsText: Bool { true }
        mutating func startElement(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes, selfClosing: Bool) {
            elements += 1
        }
        mutating func endElement(_ name: UnsafeBufferPointer<UInt8>) {}
        mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) { textBytes += raw.count }
    }

    func testATokenLongerThan64MiBIsRefusedBeforeItTakesTheMemory() throws {
        let within = Array("<a>".utf8) + [UInt8](repeating: 0x78, count: 10 << 20) + Array("</a>".utf8)
        let (archive, _) = try deflatedArchive(within)
        var counter = Counter()
        try XMLScanner.scan(PartInflater(archive.entries[0], of: archive), into: &counter)
        XCTAssertEqual(counter.textBytes, 10 << 20)
        let beyond = Array("<a b=\"".utf8) + [UInt8](repeating: 0x78, count: 65 << 20)
        let (long, _) = try deflatedArchive(beyond)
        XCTAssertThrowsError(try XMLScanner.scan(PartInflater(long.entries[0], of: long), into: &counter)) { error in
            XCTAssertEqual(
                (error as? XLSXProblem)?.message, "part a.xml holds a tag or text longer than 64 MiB, which is not read"
            )
        }
    }

    func testDeflatedSheetAcrossManyWindows() throws {
        // Long texts and many rows: tokens straddle the scanner's 256 KiB window and the
        // inflater's pieces; a 600 KB cell makes the window grow.
        var rows: [String] = [row(1, ["id", "text"])]
        var expected: [XLSXRecord] = [XLSXRecord(row: 1, cells: ["id", "text"])]
        for number in 2...3000 {
            let text =
                number == 1500
                ? String(repeating: "é<&>", count: 150_000)
                : "answer \(number) " + String(repeating: "x", count: number % 97)
            rows.append(row(number, [String(number), text]))
            expected.append(XLSXRecord(row: number, cells: [String(number), text]))
        }
        let parts = Book.parts(sheets: [("S", "<sheetData>" + rows.joined() + "</sheetData>")])
        var archive = Book.zip(parts)
        // Store the sheet deflated: rebuild with one deflated entry by hand.
        let sheet = parts.first { $0.name == "xl/worksheets/sheet1.xml" }!.bytes
        let (_, deflatedZip) = try deflatedArchive(sheet, name: "xl/worksheets/sheet1.xml")
        // Merge: the other parts stored, the sheet deflated (take its local entry and directory record).
        archive = mergedArchive(stored: parts.filter { $0.name != "xl/worksheets/sheet1.xml" }, deflated: deflatedZip)
        let path = Book.write(archive)
        XCTAssertEqual(try XLSXSheetReader(path: path).records(), expected)
    }

    /// An archive of `stored` entries plus the single deflated entry of `deflated`.
    func mergedArchive(stored: [(name: String, bytes: [UInt8])], deflated: [UInt8]) -> [UInt8] {
        let plain = Book.zip(stored)
        let plainDirectory = plain.firstRange(of: [0x50, 0x4B, 0x01, 0x02])!.lowerBound
        let plainEnd = plain.firstRange(of: [0x50, 0x4B, 0x05, 0x06])!.lowerBound
        let deflatedDirectory = deflated.firstRange(of: [0x50, 0x4B, 0x01, 0x02])!.lowerBound
        let deflatedEnd = deflated.firstRange(of: [0x50, 0x4B, 0x05, 0x06])!.lowerBound
        var output = Array(plain[..<plainDirectory])
        let shift = output.count
        output += deflated[..<deflatedDirectory]
        var record = Array(deflated[deflatedDirectory..<deflatedEnd])
        for (offset, byteShift) in [(42, 0), (43, 8), (44, 16), (45, 24)] {
            record[offset] = UInt8(shift >> byteShift & 0xFF)
        }
        let directoryOffset = output.count
        let directory = Array(plain[plainDirectory..<plainEnd]) + record
        output += directory
        output += [0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0]
        let count = stored.count + 1
        output += [UInt8(count & 0xFF), UInt8(count >> 8), UInt8(count & 0xFF), UInt8(count >> 8)]
        for value in [directory.count, directoryOffset] {
            output += [
                UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF),
            ]
        }
        output += [0, 0]
        return output
    }
}
