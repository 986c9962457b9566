import XCTest

@testable import ReadinessCore

/// SPEC §8.4: header records, combined names, occurrences, the binding order and steps,
/// second and unknown columns, and every row of the source presets table.
final class HeaderLayoutTests: XCTestCase {
    func detect(_ records: [[String]], _ settings: ExportSettings = ExportSettings()) -> (Int, HeaderLayout) {
        let found = HeaderLayout.detect(records, settings: settings)
        return (found.count, found.layout)
    }

    func testAutoDetection() {
        XCTAssertTrue(detect([["a"], ["b"], ["{\"ImportId\":\"x\"}"]]) == (3, .qualtrics))
        XCTAssertTrue(detect([["a"], ["b"], ["{'ImportId': 'responseId'}"]]) == (3, .qualtrics2017))
        XCTAssertTrue(detect([["a"], ["b"], [" {\"importid\" "]]) == (3, .qualtrics), "normalised, case-insensitive")
        XCTAssertTrue(detect([["a"], ["b"], ["{\"Import\""]]) == (1, .plain))
        XCTAssertTrue(
            detect([["V1", "V2", "V3"], ["ResponseID", "ResponseSet"], ["R_1", "x"]]) == (2, .qualtricsLegacy))
        XCTAssertTrue(detect([["V1", "V3"], ["ResponseID"]]) == (1, .plain))
        XCTAssertTrue(detect([["Respondent ID", "Collector ID"], ["", ""], ["1", "2"]]) == (2, .surveyMonkey))
        XCTAssertTrue(detect([["Respondent ID", "Collector ID"], ["1", "2"]]) == (1, .plain))
        XCTAssertTrue(detect([["response_id"]]) == (1, .plain))
        // Given in wave.yaml: no detection; qualtrics-legacy's preset says 2.
        XCTAssertTrue(
            detect([["a"], ["b"], ["{\"ImportId\""]], ExportFixture.settings("header_rows: 2")) == (2, .configured))
        XCTAssertTrue(
            detect([["a"], ["b"]], ExportFixture.settings("source: qualtrics-legacy")) == (2, .qualtricsLegacy))
        XCTAssertTrue(
            detect([["a"], ["b"], ["{\"ImportId\""]], ExportFixture.settings("header_rows: auto")) == (3, .qualtrics))
    }

    func testCombinedNamesFillFromTheLeftExceptInTheLastRecord() {
        let names = HeaderMap.Names([
            ["Respondent ID", "Collector ID", "How much do you agree?", ""],
            ["", "", "Sharing is good care", "Leaders encourage sharing"],
        ])
        XCTAssertEqual(
            names.keys[2],
            [
                "respondent id", "collector id", "how much do you agree? | sharing is good care",
                "how much do you agree? | leaders encourage sharing",
            ])
        XCTAssertEqual(
            names.display,
            [
                "Respondent ID", "Collector ID", "How much do you agree?",
                "How much do you agree? | Leaders encourage sharing",
            ])
    }

    func testOccurrences() {
        XCTAssertTrue(HeaderMap.occurrence("h#3")! == ("h", 3))
        XCTAssertNil(HeaderMap.occurrence("h#03"), "no leading zero")
        XCTAssertNil(HeaderMap.occurrence("h#0"))
        XCTAssertNil(HeaderMap.occurrence("h#x"))
        XCTAssertTrue(HeaderMap.occurrence("a#b#2")! == ("a#b", 2))
        // A header equal to the whole name wins over counting.
        let names = HeaderMap.Names([["H", "H#2", "H", "H"]])
        XCTAssertEqual(names.resolve("H#2", at: 0).columns, [1])
        XCTAssertEqual(names.resolve("h#3", at: 0).columns, [3])
        XCTAssertEqual(names.resolve("H#5", at: 0).columns, [])
        XCTAssertEqual(
            names.display, ["H#1", "H#2", "H#2", "H#3"],
            "named by heading with #N when repeated; a literal H#2 as written")
        XCTAssertEqual(HeaderMap.Names([["H", "x", "h", ""]]).display, ["H#1", "x", "h#2", "(empty)"])
    }

    func testBindingOrderStepsAndSecondColumns() {
        let instrument = ExportFixture.instrument(
            "columns: {submitted_at: [submitdate], response_id: [id]}",
            domains: """
                domains:
                  - id: d
                    items:
                      - {id: A, text: a, aliases: ["H"]}
                      - {id: B, text: b, aliases: ["H#3"]}
                      - {id: C, text: c, aliases: ["Q | Sub"]}
                      - {id: D, text: d, aliases: ["Later"]}
                      - {id: E, text: e}
                """)
        let settings = ExportFixture.settings("completion: {column: submitdate}")
        let map = ExportFixture.map(
            [
                ["id", "organisation_id", "submitdate", "H", "H", "H", "H", "Q", "", "x", "E", "e"],
                ["", "", "", "", "", "", "", "Sub", "Sub2", "Later", "", ""],
            ], instrument: instrument, settings: settings)
        XCTAssertEqual(map.responseID, 0)
        XCTAssertEqual(map.organisationID, 1)
        XCTAssertEqual(map.submittedAt, 2, "one column may serve two fixed columns")
        XCTAssertEqual(map.completion, 2)
        XCTAssertEqual(map.items, [3, 5, 7, 9, 10])
        XCTAssertEqual(map.duplicates, ["H#2", "H#4", "e#2"])
        XCTAssertEqual(map.unknown, ["Q | Sub2"])
        XCTAssertEqual(
            map.bindings,
            [
                ColumnBinding(target: "B", column: 6, name: "H#3", by: "occurrence"),
                ColumnBinding(target: "C", column: 8, name: "Q", by: "combined name"),
                ColumnBinding(target: "D", column: 10, name: "x", by: "record 2"),
            ])
    }

    /// SPEC §8.10 case 8.
    func testTwoHeaderRows() {
        let records = [
            ["Respondent ID", "Collector ID", "How much do you agree?", ""],
            ["", "", "Sharing is good care", "Leaders encourage sharing"],
        ]
        for alias in ["How much do you agree? | Leaders encourage sharing", "Leaders encourage sharing"] {
            let instrument = ExportFixture.instrument(
                domains: """
                    domains:
                      - id: d
                        items:
                          - {id: X, text: x, aliases: ["\(alias)"]}
                          - {id: Y, text: y, aliases: ["How much do you agree?"]}
                    """)
            let map = ExportFixture.map(
                records, instrument: instrument, settings: ExportFixture.settings("source: surveymonkey"))
            XCTAssertEqual(map.items, [3, 2], alias)
            XCTAssertEqual(map.responseID, 0)
        }
    }

    /// Every row of SPEC §8.4's presets table: fallback names in order, leftmost wins.
    func testEveryPreset() {
        let rows:
            [(
                SourcePreset, [String], [String], [String], [String]?, String?, HeaderRowsSetting, DateOrderSetting,
                Bool
            )] = [
                (.generic, [], [], [], nil, nil, .auto, .dmy, true),
                (
                    .qualtrics, ["ResponseId", "ResponseID"], ["ExternalReference", "ExternalDataReference"],
                    ["EndDate", "RecordedDate"],
                    ["Finished"], "'1' or 'True'", .auto, .auto, true
                ),
                (
                    .qualtricsLegacy, ["ResponseID", "V1"], ["ExternalDataReference", "V4"], ["EndDate", "V9"],
                    ["Finished", "V10"],
                    "'1' or 'True'", .count(2), .auto, true
                ),
                (
                    .limesurvey, ["id", "Response ID"], [], ["submitdate", "Date submitted"],
                    ["submitdate", "Date submitted"], "any value",
                    .auto, .auto, true
                ),
                (.surveymonkey, ["Respondent ID"], ["Custom Data 1"], ["End Date"], nil, nil, .auto, .auto, true),
                (.googleForms, [], [], ["Timestamp"], nil, nil, .auto, .auto, false),
                (.microsoftForms, ["ID"], [], ["Completion time"], nil, nil, .auto, .auto, true),
                (
                    .redcap, [], ["redcap_data_access_group"], [], ["<form>_complete"], "'2' or 'Complete'", .auto,
                    .auto, true
                ),
                (.alchemer, ["Response ID"], [], ["Date Submitted"], ["Status"], "'Complete'", .auto, .auto, false),
            ]
        XCTAssertEqual(rows.map(\.0), SourcePreset.allCases)
        for (preset, responseID, organisation, submitted, completion, meaning, headerRows, dateOrder, required) in rows
        {
            XCTAssertEqual(preset.names(of: .responseID), responseID, preset.rawValue)
            XCTAssertEqual(preset.names(of: .organisationID), organisation, preset.rawValue)
            XCTAssertEqual(preset.names(of: .submittedAt), submitted, preset.rawValue)
            XCTAssertEqual(preset.names(of: .role), [], preset.rawValue)
            XCTAssertEqual(preset.completion?.columns, completion, preset.rawValue)
            XCTAssertEqual(preset.completion?.meaning, meaning, preset.rawValue)
            XCTAssertEqual(preset.headerRows, headerRows, preset.rawValue)
            XCTAssertEqual(preset.dateOrder, dateOrder, preset.rawValue)
            XCTAssertEqual(preset.requiresResponseID, required, preset.rawValue)
        }
        XCTAssertTrue(SourcePreset.redcap.responseIDIsFirstColumn)
    }

    func testPresetNamesAreFallbacksAfterTheInstrumentsOwn() {
        let instrument = ExportFixture.instrument("columns: {submitted_at: [When]}")
        let header = [["ResponseId", "ExternalReference", "RecordedDate", "EndDate", "When", "Finished", "CUL1"]]
        let map = ExportFixture.map(
            header, instrument: instrument, settings: ExportFixture.settings("source: qualtrics"))
        XCTAssertEqual(map.responseID, 0)
        XCTAssertEqual(map.organisationID, 1)
        XCTAssertEqual(map.submittedAt, 4, "the instrument's own name comes first")
        XCTAssertEqual(map.completion, 5)
        XCTAssertEqual(map.duplicates, ["RecordedDate", "EndDate"], "answer to a target's (fallback) name, unbound")
        let plain = ExportFixture.map(
            [["ResponseId", "ExternalReference", "RecordedDate", "EndDate", "Finished", "CUL1"]],
            instrument: ExportFixture.instrument(), settings: ExportFixture.settings("source: qualtrics"))
        XCTAssertEqual(plain.submittedAt, 2, "the leftmost column answering to either name wins, not the first name")
    }

    /// REDCap: the record id is the first column; the completion column is the first
    /// `_complete` header at or right of the rightmost item column; `<form>_timestamp` binds after the items.
    func testREDCapForm() {
        let instrument = ExportFixture.instrument(
            domains: """
                domains:
                  - id: d
                    items:
                      - {id: K, type: knowledge, answer: true, text: k, aliases: [has_diabetes]}
                """)
        let header = [
            [
                "record_id", "redcap_data_access_group", "intro_timestamp", "intro_complete", "age", "has_diabetes",
                "prescreening_survey_timestamp", "prescreening_survey_complete", "other_complete",
            ]
        ]
        let map = ExportFixture.map(header, instrument: instrument, settings: ExportFixture.settings("source: redcap"))
        XCTAssertEqual(map.responseID, 0)
        XCTAssertEqual(map.organisationID, 1)
        XCTAssertEqual(map.items, [5])
        XCTAssertEqual(map.completion, 7)
        XCTAssertEqual(map.completionName, "prescreening_survey_complete")
        XCTAssertEqual(map.submittedAt, 6)
        XCTAssertEqual(map.unknown, ["intro_timestamp", "intro_complete", "age", "other_complete"])
        XCTAssertEqual(map.bindings.map(\.target), ["response_id", "organisation_id", "submitted_at", "completion"])
        XCTAssertEqual(map.bindings.map(\.by), ["preset", "preset", "preset", "preset"])
    }

    func testHeaderCheckMessages() {
        let instrument = ExportFixture.instrument()
        func problems(_ csv: String, _ settings: String = "") -> [String] {
            ResponseReader.checkHeader(
                Array(csv.utf8), file: "w/responses.csv", instrument: instrument,
                settings: ExportFixture.settings(settings)
            ).map(\.description)
        }
        XCTAssertEqual(
            problems("Timestamp,organisation_id,CUL1\n"),
            [
                "w/responses.csv:1:1: error: missing required column response_id (accepted: 'response_id'); header found: "
                    + "'Timestamp', 'organisation_id', 'CUL1'; if this export has "
                    + "no response id, set require_response_id: false in wave.yaml"
            ])
        XCTAssertEqual(problems("Timestamp,organisation_id,CUL1\n", "source: google-forms"), [])
        XCTAssertEqual(problems("Timestamp,organisation_id,CUL1\n", "require_response_id: false"), [])
        XCTAssertEqual(
            problems("response_id,organisation_id,Finish,CUL1\n", "completion: {column: Finished, complete: ['1']}"),
            [
                "w/responses.csv:1:1: error: completion column 'Finished' "
                    + "(from wave.yaml) not in the header; closest header: 'Finish'"
            ])
        XCTAssertEqual(
            problems("response_id,organisation_id,CUL1\n", "source: qualtrics"), [], "a preset's column may be absent")
        XCTAssertEqual(
            problems("V1,V2,V3,V4\nResponseID,ResponseSet,Name,ExternalDataReference\n", "source: qualtrics"), [],
            "found through record 2")
    }
}
