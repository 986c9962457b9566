import Foundation
import XCTest

@testable import ReadinessCore

final class WorkbookTests: XCTestCase {
    // MARK: Sheet names

    func testSheetNamesAreSanitised() {
        let cases: [(name: String, taken: Set<String>, expected: String, line: UInt)] = [
            ("Scores", [], "Scores", #line),
            ("", [], "Sheet", #line),
            ("   ", [], "Sheet", #line),
            ("[]:*?/\\", [], "Sheet", #line),
            ("Scores: by sector", [], "Scores by sector", #line),
            ("Q1/Q2 [draft]?", [], "Q1 Q2 draft", #line),
            ("a\\b*c", [], "a b c", #line),
            ("line\nbreak\ttab", [], "line break tab", #line),
            ("'quoted'", [], "quoted", #line),
            ("'' ' x ' ''", [], "x", #line),
            ("O'Brien's", [], "O'Brien's", #line),
            ("'", [], "Sheet", #line),
            ("Organisation domain scores by sector and role", [], "Organisation domain scores by s", #line),
            ("Organisation domain scores by      sector", [], "Organisation domain scores by s", #line),
            ("Thirty-one characters exactly!!", [], "Thirty-one characters exactly!!", #line),
            ("Ends with apostrophe at 31 cut'here", [], "Ends with apostrophe at 31 cut", #line),
            ("History", [], "History (2)", #line),
            ("history", [], "history (2)", #line),
            ("Scores", ["Scores"], "Scores (2)", #line),
            ("Scores", ["scores"], "Scores (2)", #line),
            ("SCORES", ["scores", "Scores (2)"], "SCORES (3)", #line),
            (
                "Organisation domain scores by sector", ["Organisation domain scores by s"],
                "Organisation domain scores (2)", #line
            ),
            ("", ["Sheet"], "Sheet (2)", #line),
            ("Résumé — ünïcode", [], "Résumé — ünïcode", #line),
            (String(repeating: "😀", count: 20), [], String(repeating: "😀", count: 15), #line),
        ]
        for testCase in cases {
            let result = SheetName.sanitised(testCase.name, taken: testCase.taken)
            XCTAssertEqual(result, testCase.expected, "input \(testCase.name.debugDescription)", line: testCase.line)
            XCTAssertLessThanOrEqual(result.utf16.count, 31, line: testCase.line)
        }
    }

    func testAssignedNamesAreUniqueAndAcceptedByLibxlsxwriter() throws {
        let raw = [
            "Scores", "scores", "SCORES", "", "", "History", "'", "a/b", "a:b",
            String(repeating: "x", count: 40), String(repeating: "x", count: 45),
        ]
        let names = SheetName.assigned(raw.map { Sheet(name: $0) })
        XCTAssertEqual(
            names,
            [
                "Scores", "scores (2)", "SCORES (3)", "Sheet", "Sheet (2)", "History (2)",
                "Sheet (3)", "a b", "a b (2)", String(repeating: "x", count: 31),
                String(repeating: "x", count: 27) + " (2)",
            ])
        let model = WorkbookModel(title: "t", created: day, sheets: raw.map { Sheet(name: $0) })
        let parts = try unzipped(Workbook.bytes(model, temporaryFolder: folder()))
        let workbookXML = try XCTUnwrap(parts["xl/workbook.xml"])
        for name in names {
            XCTAssertTrue(workbookXML.contains("name=\"\(xmlEscaped(name, attribute: true))\""), name)
        }
    }

    // MARK: Error mapping

    func testMissingFolderIsReportedWithThePath() throws {
        let missing = try folder().appendingPathComponent("no/such/folder/readiness.xlsx")
        XCTAssertThrowsError(try Workbook.write(minimalModel(), to: missing)) { error in
            guard let error = error as? WorkbookError else { return XCTFail("\(error)") }
            XCTAssertTrue(error.message.contains(missing.deletingLastPathComponent().path), error.message)
            XCTAssertTrue(error.context.contains("readiness.xlsx"))
            XCTAssertTrue(error.message.hasPrefix("Error creating output xlsx file"), error.message)
            XCTAssertFalse(error.description.contains("libxlsxwriter error"), "no raw code: \(error)")
            XCTAssertTrue(error.description.contains("no/such/folder"))
        }
    }

    func testNamesLibxlsxwriterRefusesAreMappedNotCrashes() throws {
        let cases: [(names: [String], operation: String, message: String, line: UInt)] = [
            (["Bad[name]"], "workbook_validate_sheet_name", "invalid characters", #line),
            ([String(repeating: "x", count: 32)], "workbook_validate_sheet_name", "31 characters", #line),
            (["'quoted'"], "workbook_validate_sheet_name", "apostrophe", #line),
            (["Scores", "scores"], "workbook_validate_sheet_name", "already in use", #line),
        ]
        for testCase in cases {
            let directory = try folder()
            let path = directory.appendingPathComponent("out.xlsx").path
            let model = WorkbookModel(title: "t", created: day, sheets: testCase.names.map { Sheet(name: $0) })
            XCTAssertThrowsError(
                try Workbook.writeFile(model, path: path, sanitisingSheetNames: false),
                line: testCase.line
            ) { error in
                guard let error = error as? WorkbookError else { return XCTFail("\(error)", line: testCase.line) }
                XCTAssertEqual(error.operation, testCase.operation, line: testCase.line)
                XCTAssertTrue(error.message.contains(testCase.message), error.message, line: testCase.line)
                XCTAssertTrue(error.context.contains(testCase.names.last!), error.context, line: testCase.line)
            }
            XCTAssertEqual(
                try FileManager.default.contentsOfDirectory(atPath: directory.path), [],
                "a failed write leaves no file", line: testCase.line)
        }
    }

    func testCloseFailureIsMapped() throws {
        // A folder where the file should be: libxlsxwriter cannot create it at close.
        let directory = try folder()
        let occupied = directory.appendingPathComponent("taken.xlsx")
        try FileManager.default.createDirectory(at: occupied, withIntermediateDirectories: false)
        XCTAssertThrowsError(try Workbook.writeFile(minimalModel(), path: occupied.path)) { error in
            guard let error = error as? WorkbookError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.operation, "workbook_close")
            XCTAssertTrue(error.message.hasPrefix("Error creating output xlsx file"), error.message)
            XCTAssertEqual(error.context, occupied.path)
        }
        XCTAssertThrowsError(try Workbook.write(minimalModel(), to: occupied)) { error in
            guard let error = error as? WorkbookError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.operation, "rename")
            XCTAssertTrue(error.message.contains("Cannot move"), error.message)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["taken.xlsx"])
    }

    func testFailureInsideTheSessionClosesAndLeavesNoFile() throws {
        let directory = try folder()
        let url = directory.appendingPathComponent("wide.xlsx")
        let model = WorkbookModel(
            title: "t", created: day,
            sheets: [
                Sheet(name: "Wide", rows: [Array(repeating: .blank, count: 16_384) + [.number(1)]], style: .plain)
            ])
        XCTAssertThrowsError(try Workbook.write(model, to: url)) { error in
            guard let error = error as? WorkbookError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.operation, "worksheet_write_number")
            XCTAssertEqual(error.context, "sheet 'Wide', cell XFE3")
            XCTAssertEqual(error.message, "Worksheet row or column index out of range.")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }

    func testConcurrentWritesKeepTheirOwnDates() throws {
        let directory = try folder()
        let base = minimalModel()
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            var model = base
            model.created = CalendarDate(year: 2001 + index, month: 1, day: 1)
            try? Workbook.write(model, to: directory.appendingPathComponent("\(index).xlsx"))
        }
        for index in 0..<8 {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("\(index).xlsx")))
            let core = try XCTUnwrap(unzipped(bytes)["docProps/core.xml"])
            XCTAssertTrue(core.contains(">\(2001 + index)-01-01T00:00:00Z</dcterms:created>"), core)
        }
    }

    func testInvalidDateIsReported() throws {
        var model = minimalModel()
        model.created = CalendarDate(year: 2023, month: 2, day: 29)
        XCTAssertThrowsError(try Workbook.bytes(model, temporaryFolder: folder())) { error in
            guard let error = error as? WorkbookError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.operation, "workbook_set_properties")
            XCTAssertTrue(error.message.contains("2023-02-29 is not a calendar date"), error.message)
        }
    }

    func testInvalidChartsAreMappedErrors() throws {
        let good = ChartSeries(name: "Mean", sheet: "Data", categoryColumn: 0, valueColumn: 1, firstRow: 2, lastRow: 4)
        func chart(_ change: (inout Chart) -> Void) -> Chart {
            var chart = Chart(kind: .column, title: "Scores", series: [good], anchorRow: 6, anchorColumn: 0)
            change(&chart)
            return chart
        }
        var unknownSheet = good
        unknownSheet.sheet = "Nope"
        var backwards = good
        backwards.firstRow = 5
        var negative = good
        negative.valueColumn = -1
        var farRow = good
        farRow.lastRow = 1_048_576
        let cases: [(chart: Chart, operation: String, message: String, line: UInt)] = [
            (chart { $0.series = [unknownSheet] }, "chart_series_set_values", "no sheet named 'Nope'", #line),
            (chart { $0.series = [backwards] }, "chart_series_set_values", "first row 5 comes after", #line),
            (chart { $0.series = [negative] }, "chart_series_set_values", "not all inside", #line),
            (chart { $0.series = [farRow] }, "chart_series_set_values", "not all inside", #line),
            (chart { $0.series = [] }, "chart_add_series", "at least one series", #line),
            (
                chart {
                    $0.overlay = [good]
                    $0.overlayKind = .line
                }, "chart_combine", "cannot combine", #line
            ),
            (chart { $0.upDownBars = 0xFF0000 }, "chart_set_up_down_bars", "line charts", #line),
            (chart { $0.anchorRow = -1 }, "worksheet_insert_chart_opt", "outside the worksheet", #line),
            (chart { $0.width = 0 }, "worksheet_insert_chart_opt", "not positive", #line),
            (chart { $0.valueAxisMax = .nan }, "chart_axis_set_min", "not a number", #line),
        ]
        for testCase in cases {
            let directory = try folder()
            let url = directory.appendingPathComponent("charts.xlsx")
            let model = WorkbookModel(
                title: "t", created: day,
                sheets: [
                    Sheet(
                        name: "Data", columns: [Column("Domain"), Column("Mean")],
                        rows: [[.text("a"), .number(1)], [.text("b"), .number(2)], [.text("c"), .number(3)]],
                        charts: [testCase.chart])
                ])
            XCTAssertThrowsError(try Workbook.write(model, to: url), line: testCase.line) { error in
                guard let error = error as? WorkbookError else { return XCTFail("\(error)", line: testCase.line) }
                XCTAssertEqual(error.operation, testCase.operation, line: testCase.line)
                XCTAssertTrue(error.message.contains(testCase.message), error.message, line: testCase.line)
                XCTAssertTrue(
                    error.context.hasPrefix("sheet 'Data', chart 1 'Scores'"), error.context, line: testCase.line)
            }
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [], line: testCase.line)
        }
    }

    func testOverlayOfTheSameKindJoinsTheChart() throws {
        let series = ChartSeries(
            name: "Mean", sheet: "Data", categoryColumn: 0, valueColumn: 1, firstRow: 2, lastRow: 3)
        var overlay = series
        overlay.name = "Median"
        overlay.valueColumn = 2
        let model = WorkbookModel(
            title: "t", created: day,
            sheets: [
                Sheet(
                    name: "Data", columns: [Column("Domain"), Column("Mean"), Column("Median")],
                    rows: [[.text("a"), .number(1), .number(2)], [.text("b"), .number(2), .number(3)]],
                    charts: [
                        Chart(
                            kind: .line, title: "t", series: [series], overlay: [overlay],
                            overlayKind: .line, anchorRow: 5, anchorColumn: 0)
                    ])
            ])
        let chart = try XCTUnwrap(unzipped(Workbook.bytes(model, temporaryFolder: folder()))["xl/charts/chart1.xml"])
        XCTAssertEqual(occurrences(of: "<c:ser>", in: chart), 2)
        XCTAssertTrue(chart.contains("<c:f>Data!$C$3:$C$4</c:f>"))
    }

    // MARK: What is written

    func testFormulaLookingTextIsWrittenAsText() throws {
        let tricky = [
            "=HYPERLINK(\"http://x\",\"click\")", "+44 1202 123456", "-1", "@SUM(A1)", "=1+1", "'quoted",
            "<b>&amp;</b>", "tab\there", "bell\u{7}",
        ]
        let model = WorkbookModel(
            title: "=title", subject: "@subject", created: day,
            sheets: [
                Sheet(
                    name: "=Sheet", banner: "=banner", columns: [Column("=header"), Column("n", format: .score)],
                    rows: tricky.map { [.text($0), .number(1)] }, notes: ["=note"],
                    charts: [
                        Chart(
                            kind: .column, title: "=SUM(A1)", xAxisTitle: "=x", yAxisTitle: "+y",
                            series: [
                                ChartSeries(
                                    name: "=A1", sheet: "=Sheet", categoryColumn: 0, valueColumn: 1,
                                    firstRow: 2, lastRow: 4)
                            ],
                            anchorRow: 15, anchorColumn: 0)
                    ])
            ])
        let parts = try unzipped(Workbook.bytes(model, temporaryFolder: folder()))
        let sheet = try XCTUnwrap(parts["xl/worksheets/sheet1.xml"])
        XCTAssertFalse(sheet.contains("<f>"), "no cell holds a formula")
        XCTAssertFalse(sheet.contains("t=\"str\""), "no formula string result")
        XCTAssertEqual(occurrences(of: "t=\"s\"", in: sheet), tricky.count + 4, "every text is a shared string")
        let strings = try XCTUnwrap(parts["xl/sharedStrings.xml"])
        for text in tricky.dropLast(2) + ["=header", "=banner", "=note"] {
            XCTAssertTrue(strings.contains(">\(xmlEscaped(text))</t>"), text)
        }
        XCTAssertTrue(strings.contains("tab\there"))
        XCTAssertTrue(strings.contains("bell\u{FFFD}"), "control characters are replaced by U+FFFD, not dropped")

        let chart = try XCTUnwrap(parts["xl/charts/chart1.xml"])
        XCTAssertFalse(chart.contains("<c:f>SUM(A1)</c:f>"), "a title is never read as a reference")
        XCTAssertFalse(chart.contains("<c:f>A1</c:f>"))
        XCTAssertTrue(chart.contains("\u{200B}=SUM(A1)</a:t>"))
        XCTAssertTrue(chart.contains("\u{200B}=A1</c:v>") || chart.contains("\u{200B}=A1</"), chart)
        XCTAssertTrue(chart.contains("<a:t>+y</a:t>"))
        XCTAssertTrue(chart.contains("<c:f>'=Sheet'!$B$3:$B$5</c:f>"), chart)

        let core = try XCTUnwrap(parts["docProps/core.xml"])
        XCTAssertTrue(core.contains("<dc:title>=title</dc:title>"))
        XCTAssertTrue(core.contains("<dc:subject>@subject</dc:subject>"))
    }

    func testLongTextIsCutNotRefused() throws {
        XCTAssertEqual(CellText.limited("short"), "short")
        XCTAssertEqual(CellText.limited("a\u{0}b"), "a\u{FFFD}b")
        let exact = String(repeating: "x", count: 32_767)
        XCTAssertEqual(CellText.limited(exact), exact)
        let long = String(repeating: "y", count: 40_000)
        let cut = CellText.limited(long)
        XCTAssertEqual(cut.utf16.count, 32_767)
        XCTAssertTrue(cut.hasSuffix("y…"))
        let emoji = CellText.limited(String(repeating: "😀", count: 20_000))
        XCTAssertLessThanOrEqual(emoji.utf16.count, 32_767)
        XCTAssertTrue(emoji.hasSuffix("😀…"))

        let model = WorkbookModel(
            title: "t", created: day,
            sheets: [
                Sheet(name: "Long", columns: [Column("text")], rows: [[.text(long)]])
            ])
        let parts = try unzipped(Workbook.bytes(model, temporaryFolder: folder()))
        XCTAssertTrue(
            try XCTUnwrap(parts["xl/sharedStrings.xml"]).contains(String(repeating: "y", count: 32_766) + "…</t>"))
        XCTAssertTrue(
            try XCTUnwrap(parts["xl/worksheets/sheet1.xml"]).contains("<col min=\"1\" max=\"1\" width=\"60"),
            "a fitted width is capped")
    }

    func testNonFiniteNumbersAreLeftBlank() throws {
        let model = WorkbookModel(
            title: "t", created: day,
            sheets: [
                Sheet(
                    name: "N", columns: [Column("a"), Column("b"), Column("c"), Column("d")],
                    rows: [
                        [.number(.nan), .number(.infinity), .number(-.infinity), .number(2.5)],
                        [.blank, .boolean(true), .boolean(false), .number(-0.0)],
                    ])
            ])
        let sheet = try XCTUnwrap(
            unzipped(Workbook.bytes(model, temporaryFolder: folder()))["xl/worksheets/sheet1.xml"])
        XCTAssertFalse(sheet.contains("r=\"A3\""))
        XCTAssertFalse(sheet.contains("r=\"B3\""))
        XCTAssertFalse(sheet.contains("r=\"C3\""))
        XCTAssertTrue(sheet.contains("<c r=\"D3\"><v>2.5</v></c>"), sheet)
        XCTAssertFalse(sheet.contains("r=\"A4\""))
        XCTAssertTrue(sheet.contains("<c r=\"B4\" t=\"b\"><v>1</v></c>"))
        XCTAssertTrue(sheet.contains("<c r=\"C4\" t=\"b\"><v>0</v></c>"))
        XCTAssertFalse(sheet.contains("inf") || sheet.contains("nan"), sheet)
    }

    func testSheetLayout() throws {
        let model = WorkbookModel(
            title: "Centre", subject: "Wave 2", created: CalendarDate(year: 2024, month: 1, day: 31),
            sheets: [
                Sheet(
                    name: "Scores", banner: "INTERNAL — not for dissemination",
                    columns: [
                        Column("Organisation"), Column("Mean", format: .score), Column("Share", format: .percent),
                        Column("Level", width: 14),
                    ],
                    rows: [
                        [.text("Org A"), .number(61.25), .number(0.5), .level("Developing")],
                        [.text("Org B"), .number(80), .number(1), .level("Advanced")],
                        [.text("Org C"), .blank, .blank, .level("Unknown")],
                    ],
                    notes: ["Scores are means of 0–100 item scores.", "Second note."]),
                Sheet(
                    name: "Table", banner: "Items", columns: [Column("Item"), Column("item"), Column("")],
                    rows: [[.text("C1"), .number(1)]], style: .table),
                Sheet(name: "Empty table", columns: [Column("Only")], style: .table),
                Sheet(
                    name: "Plain", columns: [Column("p", format: .integer)], rows: [[.number(3.7)]],
                    freezeHeader: false, style: .plain),
            ], levelFills: ["Developing": 0xFFC000, "Advanced": 0x00205B, "Unused": 0x000000])
        let parts = try unzipped(Workbook.bytes(model, temporaryFolder: folder()))

        let scores = try XCTUnwrap(parts["xl/worksheets/sheet1.xml"])
        XCTAssertTrue(
            scores.contains("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
            scores)
        XCTAssertTrue(scores.contains("<autoFilter ref=\"A2:D5\"/>"), scores)
        XCTAssertTrue(scores.contains("<col min=\"1\" max=\"1\" width=\"14.7"), "Organisation: 12 characters + 2")
        XCTAssertTrue(scores.contains("<col min=\"4\" max=\"4\" width=\"14.7"), "a fixed width")
        XCTAssertTrue(scores.contains("<c r=\"A7\" s="), "first note after one blank row, wrapped")
        XCTAssertTrue(scores.contains("<c r=\"A8\" s="))
        XCTAssertFalse(scores.contains("r=\"A6\""))

        let styles = try XCTUnwrap(parts["xl/styles.xml"])
        XCTAssertTrue(styles.contains("formatCode=\"0.0\""))
        XCTAssertTrue(styles.contains("formatCode=\"0.0%\""))
        XCTAssertTrue(styles.contains("<fgColor rgb=\"FFFFC000\"/>"))
        XCTAssertTrue(styles.contains("<fgColor rgb=\"FF00205B\"/>"))
        XCTAssertTrue(styles.contains("<color rgb=\"FFFFFFFF\"/>"), "white text on the dark fill")
        XCTAssertTrue(styles.contains("<bottom style=\"thin\">"))
        XCTAssertTrue(styles.contains("<font><b/>"), "banner and header are bold (one font, shared)")

        let table = try XCTUnwrap(parts["xl/tables/table1.xml"])
        XCTAssertTrue(table.contains("ref=\"A2:C3\""), table)
        XCTAssertTrue(table.contains("name=\"Item\""))
        XCTAssertTrue(table.contains("name=\"item (2)\""), "table headers are unique")
        XCTAssertTrue(table.contains("name=\"Column 3\""), "and not empty")
        XCTAssertFalse(try XCTUnwrap(parts["xl/worksheets/sheet2.xml"]).contains("<autoFilter"))
        let emptyTable = try XCTUnwrap(parts["xl/tables/table2.xml"])
        XCTAssertTrue(emptyTable.contains("ref=\"A2:A3\""), "a table keeps one data row")

        let plain = try XCTUnwrap(parts["xl/worksheets/sheet4.xml"])
        XCTAssertFalse(plain.contains("<pane"))
        XCTAssertFalse(plain.contains("<autoFilter"))
        XCTAssertTrue(styles.contains("formatCode=\"0\""))

        let core = try XCTUnwrap(parts["docProps/core.xml"])
        XCTAssertTrue(
            core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-01-31T00:00:00Z</dcterms:created>"))
        XCTAssertTrue(
            core.contains("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2024-01-31T00:00:00Z</dcterms:modified>"))
        XCTAssertTrue(core.contains("<dc:title>Centre</dc:title>"))
        XCTAssertTrue(core.contains("<dc:subject>Wave 2</dc:subject>"))
    }

    func testTheFirstDayOf1970IsNotNow() throws {
        var model = minimalModel()
        model.created = CalendarDate(year: 1970, month: 1, day: 1)
        let core = try XCTUnwrap(unzipped(Workbook.bytes(model, temporaryFolder: folder()))["docProps/core.xml"])
        XCTAssertTrue(core.contains(">1970-01-01T00:00:01Z</dcterms:created>"), core)
    }

    func testSameModelSameBytes() throws {
        let model = everyFeature()
        let directory = try folder()
        let first = directory.appendingPathComponent("first.xlsx")
        let second = directory.appendingPathComponent("second.xlsx")
        try Workbook.write(model, to: first)
        try Workbook.write(model, to: second)
        let bytes = try Workbook.bytes(model, temporaryFolder: directory)
        XCTAssertEqual(try Data(contentsOf: first), try Data(contentsOf: second))
        XCTAssertEqual([UInt8](try Data(contentsOf: first)), bytes)
        XCTAssertEqual(
            Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)),
            ["first.xlsx", "second.xlsx"], "no temporary files are left behind")
        // Overwriting an existing file works too.
        try Workbook.write(minimalModel(), to: first)
        XCTAssertNotEqual(try Data(contentsOf: first), try Data(contentsOf: second))
    }

    func testChartRoundTrip() throws {
        let parts = try unzipped(Workbook.bytes(everyFeature(), temporaryFolder: folder()))
        let bars = try XCTUnwrap(parts["xl/charts/chart1.xml"])
        XCTAssertTrue(bars.contains("<c:barDir val=\"bar\"/><c:grouping val=\"stacked\"/>"), bars)
        XCTAssertTrue(bars.contains("<c:f>'Sheet name'!$A$3:$A$8</c:f>"))
        XCTAssertTrue(bars.contains("<c:f>'Sheet name'!$B$3:$B$8</c:f>"))
        XCTAssertTrue(bars.contains("<c:f>'Sheet name'!$C$3:$C$8</c:f>"))
        XCTAssertTrue(
            bars.contains("<c:legendEntry><c:idx val=\"0\"/><c:delete val=\"1\"/></c:legendEntry>"),
            "the invisible series has no legend entry")
        XCTAssertTrue(bars.contains("<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"), "invisible series")
        XCTAssertTrue(bars.contains("<a:srgbClr val=\"1F77B4\"/>"))
        XCTAssertTrue(bars.contains("<c:max val=\"100\"/><c:min val=\"0\"/>"))
        XCTAssertTrue(bars.contains("<c:orientation val=\"maxMin\"/>"), "categories top down")
        XCTAssertTrue(bars.contains("<c:crosses val=\"max\"/>"))
        XCTAssertTrue(bars.contains("<c:legendPos val=\"b\"/>"))
        XCTAssertTrue(bars.contains("<c:dLbls>"))
        XCTAssertTrue(bars.contains("<c:numCache>"), "cached values for readers that do not recalculate")

        let range = try XCTUnwrap(parts["xl/charts/chart3.xml"])
        XCTAssertTrue(range.contains("<c:lineChart>"))
        XCTAssertTrue(range.contains("<c:upDownBars>"), range)
        XCTAssertTrue(range.contains("<c:symbol val=\"diamond\"/>"))
        XCTAssertTrue(
            range.contains("<c:f>'Scores all'!$D$3:$D$8</c:f>"), "a model sheet name maps to the sanitised one")
        XCTAssertTrue(range.contains("<c:legendPos val=\"b\"/>"))

        let scatter = try XCTUnwrap(parts["xl/charts/chart2.xml"])
        XCTAssertTrue(scatter.contains("<c:scatterChart>"))
        XCTAssertFalse(scatter.contains("<c:legend>"), "legend off")
        XCTAssertTrue(scatter.contains("<c:xVal>"))

        let drawing = try XCTUnwrap(parts["xl/drawings/drawing1.xml"])
        XCTAssertTrue(
            drawing.contains("<xdr:from><xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>"), drawing)
        XCTAssertTrue(drawing.contains("<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>30</xdr:row>"))
        // 400 pixels down from row 1 at 20 pixels a row ends at row 21.
        XCTAssertTrue(drawing.contains("<xdr:row>21</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"))
        XCTAssertNotNil(parts["xl/drawings/drawing2.xml"], "the second sheet's chart")
    }

    /// With WORKBOOK_DUMP=/path/every.xlsx, writes the every-feature workbook there for
    /// manual checks (openpyxl, Excel); otherwise does nothing.
    func testDumpEveryFeature() throws {
        guard let path = ProcessInfo.processInfo.environment["WORKBOOK_DUMP"] else { return }
        try Workbook.write(everyFeature(), to: URL(fileURLWithPath: path))
    }

    func testPureHelpers() {
        XCTAssertEqual(CalendarDate(year: 1970, month: 1, day: 1).secondsSince1970, 0)
        XCTAssertEqual(CalendarDate(year: 2024, month: 1, day: 31).secondsSince1970, 1_706_659_200)
        XCTAssertEqual(CalendarDate(year: 2000, month: 2, day: 29).secondsSince1970, 951_782_400)
        XCTAssertEqual(CalendarDate(year: 1969, month: 12, day: 31).secondsSince1970, -86_400)
        XCTAssertNil(CalendarDate(year: 1900, month: 2, day: 29).secondsSince1970)
        XCTAssertNil(CalendarDate(year: 2024, month: 13, day: 1).secondsSince1970)
        XCTAssertNil(CalendarDate(year: 2024, month: 4, day: 31).secondsSince1970)
        XCTAssertEqual(CalendarDate(year: 2024, month: 3, day: 5).description, "2024-03-05")

        XCTAssertEqual(CellReference.name(row: 0, column: 0), "A1")
        XCTAssertEqual(CellReference.name(row: 6, column: 2), "C7")
        XCTAssertEqual(CellReference.columnName(25), "Z")
        XCTAssertEqual(CellReference.columnName(26), "AA")
        XCTAssertEqual(CellReference.columnName(16_383), "XFD")

        let widths: [(NumberFormat, Double, Int)] = [
            (.score, 61.25, 4), (.score, -0.04, 3), (.score, 100, 5), (.percent, 0.5, 5), (.percent, 1, 6),
            (.integer, 3.7, 1), (.integer, 12_345, 5), (.decimal6, 1.5, 8), (.pValue, 0.0004, 6), (.pValue, 0.0123, 5),
            (.general, 3, 1), (.general, 0.1, 3), (.general, 1.0 / 3, 11), (.general, .nan, 0),
        ]
        for (format, value, expected) in widths {
            XCTAssertEqual(format.displayLength(value), expected, "\(format) \(value)")
        }
        let sheet = Sheet(
            name: "s", columns: [Column("Organisation name"), Column("n"), Column("x", width: 30)],
            rows: [[.text("A very long organisation name indeed\nsecond line"), .number(5)]])
        XCTAssertEqual(SheetLayout.width(ofColumn: 0, in: sheet), 38)
        XCTAssertEqual(SheetLayout.width(ofColumn: 1, in: sheet), Column.minimumFittedWidth)
        XCTAssertEqual(SheetLayout.width(ofColumn: 2, in: sheet), 30)

        XCTAssertEqual(LevelFill.fontColour(onFill: 0x000000), 0xFFFFFF)
        XCTAssertEqual(LevelFill.fontColour(onFill: 0x00205B), 0xFFFFFF)
        XCTAssertEqual(LevelFill.fontColour(onFill: 0xFFC000), 0x000000)
        XCTAssertEqual(LevelFill.fontColour(onFill: 0xFFFFFF), 0x000000)
    }

    // MARK: Fixtures

    private let day = CalendarDate(year: 2024, month: 6, day: 30)

    private func minimalModel() -> WorkbookModel {
        WorkbookModel(
            title: "t", created: day, sheets: [Sheet(name: "One", columns: [Column("a")], rows: [[.number(1)]])])
    }

    /// A workbook with every feature: the file `scripts`-free manual checks open too.
    func everyFeature() -> WorkbookModel {
        let domains = ["Culture", "Capacity", "Roles", "IG rules", "Language", "Ownership"]
        let rows: [[Cell]] = domains.enumerated().map { index, domain in
            let q1 = 40.0 + Double(index) * 3
            return [
                .text(domain), .number(q1), .number(15 + Double(index)), .number(q1 + 8), .number(q1 + 5),
                .level(index % 2 == 0 ? "Developing" : "Advanced"), .number(0.25 + Double(index) / 10),
                .boolean(index % 3 == 0),
            ]
        }
        let columns = [
            Column("Domain"), Column("Q1", format: .score), Column("IQR", format: .score),
            Column("Q3", format: .score), Column("Score", format: .score), Column("Level"),
            Column("Favourable", format: .percent), Column("Published"),
        ]
        let bars = Chart(
            kind: .barStacked, title: "Interquartile range", xAxisTitle: "Score (0–100)",
            valueAxisMin: 0, valueAxisMax: 100,
            series: [
                ChartSeries(
                    name: "Q1", sheet: "Sheet name", categoryColumn: 0, valueColumn: 1,
                    firstRow: 2, lastRow: 7, noFill: true),
                ChartSeries(
                    name: "Interquartile range", sheet: "Sheet name", categoryColumn: 0,
                    valueColumn: 2, firstRow: 2, lastRow: 7, colour: 0x1F77B4,
                    dataLabels: true),
            ],
            anchorRow: 1, anchorColumn: 5, reverseCategories: true)
        let range = Chart(
            kind: .line, title: "Your scores against the group", yAxisTitle: "Score",
            valueAxisMin: 0, valueAxisMax: 100,
            series: [
                ChartSeries(
                    name: "Lower quartile", sheet: "Scores: all", categoryColumn: 0,
                    valueColumn: 1, firstRow: 2, lastRow: 7, noFill: true),
                ChartSeries(
                    name: "Your score", sheet: "Scores: all", categoryColumn: 0,
                    valueColumn: 4, firstRow: 2, lastRow: 7, colour: 0xD62728,
                    marker: .diamond, showsLine: false),
                ChartSeries(
                    name: "Upper quartile", sheet: "Scores: all", categoryColumn: 0,
                    valueColumn: 3, firstRow: 2, lastRow: 7, noFill: true),
            ],
            anchorRow: 12, anchorColumn: 9, upDownBars: 0xC6DBEF)
        let scatter = Chart(
            kind: .scatter, title: "Q1 against score", xAxisTitle: "Q1", yAxisTitle: "Score",
            series: [
                ChartSeries(
                    name: "Domains", sheet: "Sheet name", categoryColumn: 1, valueColumn: 4,
                    firstRow: 2, lastRow: 7, colour: 0x2CA02C)
            ],
            anchorRow: 30, anchorColumn: 0, width: 480, height: 288, legend: false)
        return WorkbookModel(
            title: "Every feature", subject: "Workbook tests", created: day,
            sheets: [
                Sheet(
                    name: "Sheet name", banner: "INTERNAL — not for dissemination", columns: columns, rows: rows,
                    notes: ["A note."], charts: [bars, scatter]),
                Sheet(
                    name: "Scores: all", banner: "Scores", columns: columns, rows: rows, style: .table, charts: [range]),
                Sheet(
                    name: "Plain", columns: [Column("x")], rows: [[.text("=1+1")]], freezeHeader: false, style: .plain),
            ], levelFills: ["Developing": 0xFFC000, "Advanced": 0x00205B])
    }

    private func folder() throws -> URL {
        try TestFiles.temporaryFolder(self, "WorkbookTests")
    }

    /// Every XML part of an XLSX file, by name, unzipped with `unzip` (or Python's zipfile).
    private func unzipped(_ bytes: [UInt8]) throws -> [String: String] {
        let directory = try folder()
        let file = directory.appendingPathComponent("book.xlsx")
        try Data(bytes).write(to: file)
        let out = directory.appendingPathComponent("parts", isDirectory: true)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") {
            try run("/usr/bin/unzip", ["-q", "-o", file.path, "-d", out.path])
        } else {
            try run(
                "/usr/bin/env",
                [
                    "python3", "-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
                    file.path, out.path,
                ])
        }
        var parts: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            parts[String(url.standardizedFileURL.path.dropFirst(out.standardizedFileURL.path.count + 1))] = text
        }
        return parts
    }

    private func run(_ executable: String, _ arguments: [String]) throws {
        let outcome = try TestFiles.run(executable, arguments)
        XCTAssertEqual(outcome.status, 0, "\(executable) \(arguments): \(outcome.output)")
    }

    private func occurrences(of needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    /// Escaped as libxlsxwriter escapes text content (attributes also get `&quot;`).
    private func xmlEscaped(_ text: String, attribute: Bool = false) -> String {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return attribute ? escaped.replacingOccurrences(of: "\"", with: "&quot;") : escaped
    }

    /// Rows beyond a worksheet's limit continue on further sheets with the same banner and
    /// headers; the notes come last; every row is kept, in order.
    func testSheetsLongerThanExcelAllowsContinueOnFurtherSheets() {
        let rows = (0..<25).map { [Cell.number(Double($0))] }
        let sheet = Sheet(
            name: "Rejects", banner: "INTERNAL", columns: [Column("line")], rows: rows, notes: ["a", "b"])
        let parts = sheet.fittingExcel(worksheetRows: 12)  // 12 − 2 header rows − 3 for the notes = 7 rows a sheet
        XCTAssertEqual(parts.map(\.name), ["Rejects", "Rejects (2)", "Rejects (3)", "Rejects (4)"])
        XCTAssertEqual(parts.map(\.rows.count), [7, 7, 7, 4])
        XCTAssertEqual(parts.flatMap(\.rows), rows)
        XCTAssertEqual(parts.map(\.notes), [[], [], [], ["a", "b"]])
        XCTAssertTrue(parts.allSatisfy { $0.banner == "INTERNAL" && $0.columns == sheet.columns })
        XCTAssertEqual(sheet.fittingExcel(worksheetRows: 40), [sheet])
        XCTAssertEqual(Sheet.excelRows, 1_048_576)
    }

    /// What a printed page and a chart need, as the XML parts hold it: A4 one page wide,
    /// landscape when wide, the banner and headers repeated, header and footer codes with `&`
    /// doubled, a print area; per-point fills, deleted labels on empty segments; counts as
    /// integers and p-values below 0.001 shown as "<0.001".
    func testPageSetupChartPointsAndFormats() throws {
        let columns = [Column("Group")] + (1...12).map { Column("Value \($0)", width: 12, format: .pValue) }
        var series = ChartSeries(
            name: "Level", sheet: "Wide", categoryColumn: 0, valueColumn: 1, firstRow: 2, lastRow: 3,
            colour: 0x2166AC, dataLabels: true)
        series.pointColours = [nil, 0x112233]
        series.shownLabels = [false, true]
        let model = WorkbookModel(
            title: "Report", created: CalendarDate(year: 2024, month: 6, day: 30),
            sheets: [
                Sheet(
                    name: "Wide", banner: "Banner", columns: columns,
                    rows: [[.text("a"), .number(0.0004)], [.text("b"), .number(0.25)]], notes: ["A note"],
                    charts: [
                        Chart(kind: .barStacked, title: "Chart", series: [series], anchorRow: 8, anchorColumn: 0)
                    ]),
                Sheet(
                    name: "Narrow", columns: [Column("Measure"), Column("Value", format: .score)],
                    rows: [[.text("Respondents"), .count(1474)]]),
            ],
            print: PrintSetup(report: "A & B report", wave: "Wave one", marking: "INTERNAL: not for dissemination"))
        let parts = try unzipped(Workbook.bytes(model, temporaryFolder: folder()))
        let wide = try XCTUnwrap(parts["xl/worksheets/sheet1.xml"])
        XCTAssertTrue(wide.contains("orientation=\"landscape\""), wide)
        XCTAssertTrue(wide.contains("fitToHeight=\"0\""), "one page wide, as long as it takes")
        XCTAssertTrue(wide.contains("paperSize=\"9\""), "A4")
        XCTAssertTrue(
            wide.contains(
                "<oddHeader>&amp;LA &amp;&amp; B report&amp;C&amp;\"-,Bold\"INTERNAL: "
                    + "not for dissemination&amp;RWave one</oddHeader>"
            ), wide)
        XCTAssertTrue(
            wide.contains(
                "<oddFooter>&amp;L&amp;\"-,Bold\"INTERNAL: not for dissemination&amp;RPage &amp;P of &amp;N</oddFooter>"
            ), wide)
        XCTAssertTrue(wide.contains("<mergeCell ref=\"A1:M1\"/>"), "the banner spans the printed columns")
        let narrow = try XCTUnwrap(parts["xl/worksheets/sheet2.xml"])
        XCTAssertFalse(narrow.contains("orientation=\"landscape\""), "a narrow sheet prints portrait")
        let workbook = try XCTUnwrap(parts["xl/workbook.xml"])
        XCTAssertTrue(workbook.contains("_xlnm.Print_Titles"), "rows repeated on every page")
        XCTAssertTrue(workbook.contains("_xlnm.Print_Area"), workbook)
        let styles = try XCTUnwrap(parts["xl/styles.xml"])
        XCTAssertTrue(styles.contains("formatCode=\"[&lt;0.001]&quot;&lt;0.001&quot;;0.000\""), styles)
        XCTAssertTrue(styles.contains("formatCode=\"0\""), "the integer format for counts")
        let chart = try XCTUnwrap(parts["xl/charts/chart1.xml"])
        XCTAssertEqual(occurrences(of: "<c:dPt>", in: chart), 2, "a fill per point")
        XCTAssertTrue(chart.contains("<a:noFill/>"), "the first point is invisible")
        XCTAssertTrue(chart.contains("<c:delete val=\"1\"/>"), "the empty segment's label is deleted")
    }
}
