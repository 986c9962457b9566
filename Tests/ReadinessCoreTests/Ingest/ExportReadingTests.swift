import XCTest

@testable import ReadinessCore

/// SPEC §8.3–§8.9 through the reader: settings, date order, the optional response id,
/// completion, records of texts, and what data-quality.md and the manifest say.
final class ExportReadingTests: XCTestCase {
    typealias F = ExportFixture

    func testWaveYAMLErrors() {
        let cases: [(String, String)] = [
            (
                "source: qualtrix",
                "wave.yaml:1:9: error: source: unknown source 'qualtrix'; expected one of generic, qualtrics, "
                    + "qualtrics-legacy, limesurvey, surveymonkey, google-forms, microsoft-forms, redcap, alchemer"
            ),
            ("header_rows: 0", "wave.yaml:1:14: error: header_rows: expected auto or an integer from 1 to 10, found 0"),
            (
                "header_rows: 11",
                "wave.yaml:1:14: error: header_rows: expected auto or an integer from 1 to 10, found 11"
            ),
            (
                "header_rows: two",
                "wave.yaml:1:14: error: header_rows: expected auto or an integer from 1 to 10, found 'two'"
            ),
            ("date_order: YMD", "wave.yaml:1:13: error: date_order: expected auto, DMY or MDY, found 'YMD'"),
            ("date_order: mdy", "wave.yaml:1:13: error: date_order: expected auto, DMY or MDY, found 'mdy'"),
            (
                "require_response_id: maybe",
                "wave.yaml:1:22: error: require_response_id: expected true or false, found 'maybe'"
            ),
            (
                "require_response_id: yes",
                "wave.yaml:1:22: error: require_response_id: expected true or false, found 'yes'"
            ),
            (
                "require_response_id: 'true'",
                "wave.yaml:1:22: error: require_response_id: expected true or false, found 'true'"
            ),
            (
                "completion: [Finished]",
                "wave.yaml:1:13: error: completion: expected none or {column, complete}, found a list"
            ),
            (
                "completion: {column: Finished, complete: 1}",
                "wave.yaml:1:42: error: completion.complete: expected a list of values, found 1"
            ),
            (
                "completion: {complete: ['1']}",
                "wave.yaml:1:13: error: completion.column: missing; expected {column: NAME, complete: [VALUES]}"
            ),
            (
                "completion: {column: Finished, complete: []}",
                "wave.yaml:1:42: error: completion.complete: expected at least one value"
            ),
            (
                "completion: {column: Finished, values: ['1']}",
                "wave.yaml:1:32: error: completion.values: unknown key; expected column or complete"
            ),
        ]
        for (yaml, expected) in cases {
            XCTAssertEqual(F.settingsProblems(yaml), [expected], yaml)
        }
        let settings = F.settings(
            "source: alchemer\nheader_rows: 3\ndate_order: "
                + "MDY\nrequire_response_id: true\ncompletion: none\nsheet: Form 2"
        )
        XCTAssertEqual(settings.source, .alchemer)
        XCTAssertEqual(settings.effectiveHeaderRows, .count(3))
        XCTAssertEqual(settings.effectiveDateOrder, .mdy)
        XCTAssertEqual(settings.effectiveRequireResponseID, true)
        XCTAssertNil(settings.effectiveCompletion, "none overrides the preset's rule")
        XCTAssertEqual(settings.sheet, "Form 2")
        XCTAssertTrue(settings.anyKeyGiven)
        XCTAssertFalse(F.settings("").anyKeyGiven)
        XCTAssertEqual(
            F.settings("completion: {column: Finished, complete: [1, True]}").effectiveCompletion,
            CompletionRule(columns: ["Finished"], complete: ["1", "True"], fromWaveYAML: true))
    }

    func testSheetWithACSVIsFatal() {
        let result = F.analyse([
            "instrument.yaml": "id: t\nversion: '1'\ntitle: T\n" + F.itemsYAML,
            "organisations.csv": "organisation_id,name,sector,signatory\nA,a,s,no\n",
            "w/wave.yaml": F.wave + "sheet: Form1\n", "w/responses.csv": "response_id,organisation_id,CUL1\nr,A,1\n",
        ])
        guard case .failure(let error) = result else { return XCTFail("expected a fatal error") }
        XCTAssertTrue(
            error.description.hasSuffix(
                "w/wave.yaml:5:8: error: sheet: given, but this wave's responses file is responses.csv"),
            error.description)
    }

    func testDateOrderDecisions() {
        func decide(
            _ values: [String], _ settings: String = "date_order: auto", opens: String = "2024-01-01",
            closes: String = "2024-12-31"
        ) -> DateOrderDecision {
            let csv =
                "response_id,organisation_id,submitted_at,CUL1\n"
                + values.enumerated().map { "r\($0.offset),A,\($0.element),4\n" }.joined()
            return F.read(csv, settings: F.settings(settings), opens: opens, closes: closes).quality.dateOrder
        }
        XCTAssertEqual(
            decide(["13/1/2024", "14/1/2024", "1/13/2024"]).reason,
            "auto: 2 dates have the first number above 12, 1 the second")
        XCTAssertEqual(decide(["13/1/2024", "14/1/2024", "1/13/2024"]).used, .dmy)
        XCTAssertEqual(decide(["1/13/2024"]).used, .mdy)
        // A tie above 12 goes to the window.
        XCTAssertEqual(
            decide(["13/1/2024", "1/13/2024", "1/2/2024"], opens: "2024-01-01", closes: "2024-01-31").reason,
            "auto: 1 date has the first number above 12 and 1 the second; 2 dates in the wave window as MDY, 1 as DMY")
        // A remaining tie, and no such value at all, give DMY.
        XCTAssertEqual(
            decide(["1/1/2024"]),
            DateOrderDecision(
                setting: .auto, used: .dmy,
                reason: "auto: no number above 12; 1 date in the wave window as DMY, 1 as MDY"))
        XCTAssertEqual(decide(["2024-03-01", ""]).reason, "auto: no day/month dates")
        XCTAssertEqual(
            decide(["1/13/2024"], "date_order: DMY"),
            DateOrderDecision(setting: .dmy, used: .dmy, reason: "date_order in wave.yaml"))
        // Rejected rows count too, and a value contradicting the order is unparseable.
        let csv =
            "response_id,organisation_id,submitted_at,CUL1\nr1,ZZ,1/13/2024,4\nr2,A,13/1/2024,4\nr3,A,1/14/2024 "
            + "10:00,4\n"
        let read = F.read(csv, settings: F.settings("date_order: auto"))
        XCTAssertEqual(read.quality.dateOrder.used, .mdy)
        XCTAssertEqual(read.quality.unparseableDates, 1, "13/1/2024 is no date under MDY")
        // Generic stays DMY (today's UK reading), without a Date order row.
        let generic = F.read(csv)
        XCTAssertEqual(generic.quality.dateOrder.used, .dmy)
        XCTAssertFalse(DataQualityReport.fileFacts(generic.quality).contains { $0[0] == "Date order" })
        XCTAssertTrue(
            DataQualityReport.fileFacts(read.quality).contains(
                ["Date order", "MDY (auto: 2 dates have the second number above 12, 1 the first)"]))
    }

    func testTimeZoneNamesAndOrganisationNamesAreCounted() {
        let csv =
            "response_id,organisation_id,submitted_at,CUL1\nr1,A,2024-02-01 "
            + "10:00 AEST,4\nr2,alpha  TRUST,2024-02-01 10:00 PST,4\n"
            + "r3,Bravo Council,2024-02-01 10:00 XYZ,4\n"
        let read = F.read(csv)
        XCTAssertEqual(read.quality.unrecognisedZones, 2)
        XCTAssertEqual(read.quality.organisationsByName, 2)
        XCTAssertEqual(read.rows?.map(\.organisation), [0, 0, 1])
    }

    func testWithoutAResponseIDColumn() {
        let csv = "organisation_id,CUL1,CUL2\nA,4,2\nA,4,2\nZZ,4,2\nA,\"4\",2\nB,,\nA,4,2\n"
        let read = F.read(csv, settings: F.settings("require_response_id: false"))
        XCTAssertEqual(read.scored, 4)
        XCTAssertEqual(read.rejects.map(\.reason), [.unknownOrganisation, .emptyResponse])
        XCTAssertEqual(read.rejects.map(\.responseID), ["", ""])
        XCTAssertFalse(read.quality.responseIDColumn)
        XCTAssertEqual(read.quality.identicalRows, 3, "rows 3, 5 and 7 repeat row 2 (a quoted 4 is the same field)")
        // The same with the file read in two halves.
        let big = "organisation_id,CUL1,CUL2\n" + (0..<200_000).map { "A,\($0 % 5 + 1),\($0 % 3 + 1)\n" }.joined()
        let halves = F.read(big, settings: F.settings("require_response_id: false"), parallelism: .always)
        let whole = F.read(big, settings: F.settings("require_response_id: false"), parallelism: .never)
        XCTAssertEqual(whole.quality.identicalRows, 200_000 - 15)
        XCTAssertEqual(halves.quality.identicalRows, whole.quality.identicalRows)
        XCTAssertEqual(halves.scored, whole.scored)
    }

    func testRejectOrderWithCompletion() {
        let csv = """
            response_id,organisation_id,submitted_at,Finished,CUL1
            r1,A,2024-02-01,0,4
            ,A,2024-02-01,0,4
            r3,ZZ,2024-02-01,0,4
            r4,A,2030-02-01,0,4
            r5,A,2030-02-01,1,4
            r6,A,2024-02-01,1,
            r7,A,2024-02-01,1,4
            r7,A,2024-02-02,0,4
            """
        let read = F.read(
            csv + "\n", settings: F.settings("completion: {column: Finished, complete: ['1', 'True']}"),
            opens: "2024-01-01", closes: "2024-12-31")
        XCTAssertEqual(
            read.rejects.map(\.reason),
            [
                .incompleteResponse, .missingResponseID, .unknownOrganisation, .incompleteResponse,
                .outsideWaveWindow, .emptyResponse, .incompleteResponse,
            ])
        XCTAssertEqual(read.rejects[0].detail, "Finished is '0'; complete means '1' or 'True'")
        XCTAssertEqual(read.scored, 1, "a partial response never supersedes a complete one")
        XCTAssertEqual(
            RowAccounting(read).rejected.map(\.reason),
            [
                .malformedRow, .missingResponseID, .unknownOrganisation, .incompleteResponse, .outsideWaveWindow,
                .emptyResponse, .duplicateSuperseded,
            ])
        var unread = read
        unread.quality = ReadingQuality()
        XCTAssertFalse(RowAccounting(unread).rejected.map(\.reason).contains(.incompleteResponse))
    }

    /// Records of texts (a workbook's rows) read exactly as the same records in a CSV file.
    func testTextRecordsReadAsTheirCSV() {
        var random = SplitMix64(seed: 5)
        let pieces = [
            "4", "2", "Agree", " strongly agree ", "N/A", "", "x,y", "say \"hi\"", "line\nbreak", "Alpha Trust", "A",
            "B", "ZZ",
            "true", "DK", "2024-02-01", "1/13/2024", "r1", "r2", "r3",
        ]
        var records = [
            TextRecord(
                line: 1, fields: ["response_id", "organisation_id", "submitted_at", "CUL1", "CUL2", "KN1", "Notes"])
        ]
        var csv = "response_id,organisation_id,submitted_at,CUL1,CUL2,KN1,Notes\n"
        var line = 2
        for _ in 0..<300 {
            let fields = (0..<7).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
            records.append(TextRecord(line: line, fields: fields))
            csv +=
                fields.map { field in
                    field.contains(where: { ",\"\n".contains($0) })
                        ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                }.joined(separator: ",") + "\n"
            line += 1 + fields.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
        }
        let reader = ResponseReader(
            instrument: F.instrument(), register: F.defaultRegister, opens: CalendarDate(iso: "2024-01-01")!,
            closes: CalendarDate(iso: "2024-12-31")!)
        let fromCSV = reader.read(Array(csv.utf8), file: "f", parallelism: .never, keepRows: true)
        var quality = ReadingQuality()
        quality.file = "f"
        let fromRecords = reader.read(records: records, quality: quality, parallelism: .never, keepRows: true)
        XCTAssertEqual(fromRecords.rejects, fromCSV.rejects)
        XCTAssertEqual(fromRecords.rows, fromCSV.rows)
        XCTAssertEqual(fromRecords.quality.rowsRead, 300)
        XCTAssertEqual(fromRecords.quality.invalidValues, fromCSV.quality.invalidValues)
    }

    func testTextRecordsKeepTheirLinesAndRejectCellsBeyondTheHeader() {
        let reader = ResponseReader(
            instrument: F.instrument(), register: F.defaultRegister, opens: CalendarDate(iso: "2024-01-01")!,
            closes: CalendarDate(iso: "2024-12-31")!)
        let records = [
            TextRecord(line: 1, fields: ["response_id", "organisation_id", "CUL1"]),
            TextRecord(line: 2, fields: ["1", "A", "4"]),
            TextRecord(line: 4, fields: ["2", "ZZ", "4"]),
            TextRecord(line: 5, fields: ["3", "A"]),
            TextRecord(line: 7, fields: ["4", "A", "4", "", "extra"]),
            TextRecord(line: 9, fields: ["1", "A", "5"]),
        ]
        var quality = ReadingQuality()
        quality.file = "w/responses.xlsx"
        quality.worksheet = "Form1"
        let read = reader.read(records: records, quality: quality)
        XCTAssertEqual(read.rejects.map(\.line), [2, 4, 5, 7])
        XCTAssertEqual(
            read.rejects.map(\.reason), [.duplicateSuperseded, .unknownOrganisation, .emptyResponse, .malformedRow])
        XCTAssertEqual(read.rejects[0].detail, "response_id also on line 9, which wins")
        XCTAssertEqual(read.rejects[3].detail, "found a value in column 5, beyond the header's 3 columns")
        XCTAssertEqual(read.quality.rowsRead, 5)
        let facts = DataQualityReport.fileFacts(read.quality)
        XCTAssertEqual(facts[1], ["Encoding", "XLSX workbook"])
        XCTAssertEqual(facts[2], ["Delimiter", "–"])
        XCTAssertEqual(facts[3], ["Worksheet", "Form1 (first worksheet)"])
    }

    func testManifestIngestKeysInOrder() {
        let csv = "ResponseId,ExternalReference,EndDate,Finished,H,H,H\nR_1,A,12/13/2024 10:00,1,4,5,2\n"
        let instrument =
            "id: t\nversion: '1'\ntitle: T\ndomains:\n  - id: d\n    items: [{id: CUL3, text: c, aliases: ['H#3']}]\n"
        let wave = F.wave([
            "instrument.yaml": instrument, "organisations.csv": "organisation_id,name,sector,signatory\nA,a,s,no\n",
            "w/wave.yaml": F.wave + "source: qualtrics\n", "w/responses.csv": csv,
        ])
        XCTAssertTrue(
            wave.manifest.contains(
                """
                "ingest": {"file": "responses.csv", "sheet": null, "source": "qualtrics", "header_rows": {"setting": "auto", "used": 1}, \
                "date_order": {"setting": "auto", "used": "MDY"}, "completion": {"column": "Finished", "complete": ["1", "True"]}, \
                "response_id_column": true, "bindings": [{"target": "response_id", "column": 1, "name": "ResponseId", "by": "preset"}, \
                {"target": "organisation_id", "column": 2, "name": "ExternalReference", "by": "preset"}, \
                {"target": "submitted_at", "column": 3, "name": "EndDate", "by": "preset"}, \
                {"target": "completion", "column": 4, "name": "Finished", "by": "preset"}, \
                {"target": "CUL3", "column": 7, "name": "H#3", "by": "occurrence"}]}
                """), wave.manifest)
        XCTAssertTrue(wave.dataQuality.contains("  - `CUL3 ← H\\#3 (column 7, by occurrence)`\n"), wave.dataQuality)
        XCTAssertTrue(
            wave.dataQuality.contains("| Completion | `Finished` is 1 or True (preset qualtrics) |"), wave.dataQuality)
        XCTAssertTrue(wave.dataQuality.contains("| incomplete_response | 0 |"))
        XCTAssertTrue(
            wave.dataQuality.contains("- Unknown columns, ignored and never copied: `H\\#1`, `H\\#2`."),
            wave.dataQuality)
    }
}
