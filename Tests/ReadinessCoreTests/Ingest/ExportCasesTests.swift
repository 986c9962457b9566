import XCTest

@testable import ReadinessCore

/// SPEC §8.10 "Cases that must hold", each with its exact numbers (case 17, the workbook,
/// belongs to the XLSX reader).
final class ExportCasesTests: XCTestCase {
    typealias F = ExportFixture

    /// Centre CSV text of one wave's scores and items.
    func centre(_ analysis: WaveAnalysis) -> (scores: String, items: String) {
        let centre = CentreCSV(wave: analysis.wave.id, instrument: analysis.instrument, register: analysis.register)
        return (centre.scores(analysis.scores), centre.items(analysis.scores))
    }

    static let register =
        "organisation_id,name,sector,signatory\nA,Alpha "
        + "Trust,Health,yes\nB,Bravo Council,Councils,no\nC,Charlie,Health,no\n"

    func instrumentYAML(_ top: String, _ domains: String) -> String {
        "id: t\nversion: \"1\"\ntitle: T\nthresholds: {min_respondents: 1, min_organisations: 1}\n\(top)\n\(domains)"
    }

    // 1. Single-quoted ImportId.
    func testCase1SingleQuotedImportId() {
        let csv = """
            ResponseId,ExternalReference,EndDate,Finished,CUL1
            Response ID,External Data Reference,End Date,Finished,Sharing
            {'ImportId': 'responseId'},{'ImportId': 'externalDataReference'},{'ImportId': 'endDate'},{'ImportId': 'finished'},{'ImportId': 'QID1'}
            R_1,A,2024-02-01 10:00:00,1,4
            R_2,A,2024-02-01 10:00:00,1,5
            R_3,B,2024-02-01 10:00:00,1,3
            R_4,B,2024-02-01 10:00:00,1,2
            R_5,C,2024-02-01 10:00:00,1,1
            """
        let wave = F.wave([
            "instrument.yaml": instrumentYAML("", "domains:\n  - id: d\n    items: [{id: CUL1, text: c}]"),
            "organisations.csv": Self.register, "w/wave.yaml": F.wave + "source: qualtrics\n", "w/responses.csv": csv,
        ])
        let quality = wave.analysis.responses.quality
        XCTAssertEqual(quality.headerRecords, 3)
        XCTAssertEqual(quality.layout, .qualtrics2017)
        XCTAssertEqual(quality.rowsRead, 5)
        XCTAssertEqual(wave.analysis.responses.scored, 5)
        XCTAssertTrue(wave.analysis.responses.rejects.isEmpty)
        XCTAssertTrue(
            wave.dataQuality.contains("| Qualtrics metadata rows skipped | yes (records 2 and 3) |"), wave.dataQuality)
        XCTAssertTrue(wave.manifest.contains("\"header_rows\": {\"setting\": \"auto\", \"used\": 3}"), wave.manifest)
    }

    // 2. The legacy layout.
    func testCase2LegacyLayout() {
        var lines = [
            "V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1,Q2",
            "ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,EndDate,Finished,Sharing,Leaders",
        ]
        for row in 1...15 {
            let organisation = ["A", "B", "C"][row % 3]
            lines.append(
                "R_\(row),Default,,\(organisation),,1.2.3.4,0,2024-02-01 "
                    + "09:00:00,2024-02-01 09:10:00,1,\(row % 5 + 1),\(5 - row % 5)"
            )
        }
        let instrument = instrumentYAML(
            "", "domains:\n  - id: d\n    items: [{id: C1, text: c, aliases: [Q1]}, {id: C2, text: d, aliases: [Q2]}]")
        let wave = F.wave([
            "instrument.yaml": instrument, "organisations.csv": Self.register,
            "w/wave.yaml": F.wave + "source: qualtrics\n", "w/responses.csv": lines.joined(separator: "\n") + "\n",
        ])
        let quality = wave.analysis.responses.quality
        XCTAssertEqual(quality.headerRecords, 2)
        XCTAssertEqual(quality.layout, .qualtricsLegacy)
        XCTAssertEqual(quality.rowsRead, 15)
        XCTAssertEqual(wave.analysis.responses.scored, 15)
        let bindings = Dictionary(uniqueKeysWithValues: quality.bindings.map { ($0.target, $0) })
        XCTAssertEqual(
            bindings["response_id"], ColumnBinding(target: "response_id", column: 1, name: "V1", by: "preset"))
        XCTAssertEqual(bindings["organisation_id"]?.column, 4)
        XCTAssertEqual(bindings["submitted_at"]?.column, 9)
        XCTAssertEqual(bindings["completion"]?.column, 10)
        XCTAssertNil(bindings["C1"], "bound by its own alias in record 1: not listed")
        if case .applied(_, let name, let column) = quality.completion {
            XCTAssertEqual(name, "Finished")
            XCTAssertEqual(column, 10)
        } else {
            XCTFail("completion not applied")
        }
        XCTAssertTrue(
            wave.dataQuality.contains("| Qualtrics metadata rows skipped | yes (record 2, V1… layout) |"),
            wave.dataQuality)
        // The first data row is on line 3: a malformed one there is rejected on line 3.
        let read = F.read(
            lines[0] + "\n" + lines[1] + "\nR_0,Default\n", instrument: wave.analysis.instrument,
            register: wave.analysis.register, settings: F.settings("source: qualtrics"))
        XCTAssertEqual(read.rejects.map(\.line), [3])
        XCTAssertEqual(read.rejects.map(\.reason), [.malformedRow])
    }

    // 3. Qualtrics recode: 4 is point 2, 3 is point 3, 1 is invalid.
    func testCase3Recode() {
        let instrument = instrumentYAML(
            "scales:\n  q1: {labels: [Low, Mid, High], codes: [2, 4, 3]}",
            """
            domains:
              - id: d1
                items: [{id: Q, text: q, scale: q1}]
              - id: d2
                items: [{id: Z, text: z}]
            """)
        let csv = "response_id,organisation_id,Q,Z\nr1,A,4,3\nr2,B,3,3\nr3,C,1,3\n"
        let wave = F.wave([
            "instrument.yaml": instrument, "organisations.csv": Self.register, "w/wave.yaml": F.wave,
            "w/responses.csv": csv,
        ])
        let (scores, items) = centre(wave.analysis)
        XCTAssertTrue(scores.contains("w,A,Health,d1,1,50.000000,"), scores)
        XCTAssertTrue(scores.contains("w,B,Councils,d1,1,100.000000,"), scores)
        XCTAssertTrue(scores.contains("w,C,Health,d1,0,,"), scores)
        XCTAssertTrue(items.contains("w,A,Q,1,0.000000,"), items)
        XCTAssertTrue(items.contains("w,B,Q,1,100.000000,"), items)
        XCTAssertTrue(items.contains("w,C,Q,0,,,"), items)
        XCTAssertEqual(wave.analysis.responses.quality.invalidValues, [1, 0])
        XCTAssertTrue(wave.dataQuality.contains("## Scales"))
        XCTAssertTrue(wave.dataQuality.contains("| Q | q1 | 3 | 2, 4, 3 | 3 |"), wave.dataQuality)
        XCTAssertTrue(wave.dataQuality.contains("| Z | likert | 5 | 1, 2, 3, 4, 5 | 4, 5 |"), wave.dataQuality)
        XCTAssertTrue(
            wave.manifest.contains(
                "\"scales\": {\"likert\": {\"points\": 5, \"codes\": [\"1\", "
                    + "\"2\", \"3\", \"4\", \"5\"], \"favourable\": [4, 5]}, "
                    + "\"q1\": {\"points\": 3, \"codes\": [\"2\", \"4\", \"3\"], \"favourable\": [3]}}"), wave.manifest)
    }

    // 4. Seven points.
    func testCase4SevenPoints() {
        let instrument = instrumentYAML(
            """
            scales:
              agree7: {labels: [Strongly disagree, Disagree, Somewhat disagree, Neither, Somewhat agree, Agree, Strongly agree]}
            default_scale: agree7
            """, "domains:\n  - id: d\n    items: [{id: S, text: s}]")
        let csv = "response_id,organisation_id,S\nr1,A,4\nr2,B,6\nr3,C,7\n"
        let wave = F.wave([
            "instrument.yaml": instrument, "organisations.csv": Self.register, "w/wave.yaml": F.wave,
            "w/responses.csv": csv,
        ])
        let (scores, items) = centre(wave.analysis)
        XCTAssertTrue(scores.contains("w,A,Health,d,1,50.000000,"), scores)
        XCTAssertTrue(scores.contains("w,B,Councils,d,1,83.333333,"), scores)
        XCTAssertTrue(scores.contains("w,C,Health,d,1,100.000000,"), scores)
        XCTAssertTrue(items.contains("w,A,S,1,0.000000,"), items)
        XCTAssertTrue(items.contains("w,B,S,1,100.000000,"), items)
        XCTAssertTrue(items.contains("w,C,S,1,100.000000,"), items)
        XCTAssertTrue(items.contains("w,national,S,3,66.666667,"), items)
        XCTAssertEqual(WaveScorer.itemScore(6, wave.analysis.instrument.items[0], points: 7), 100.0 * 5 / 6)
    }

    // 5. Reversed and missing codes.
    func testCase5ReversedAndMissingCodes() {
        let instrument = instrumentYAML(
            """
            scales:
              like3: {labels: [Dislike, Neither like nor dislike, Like], codes: [3, 2, 1], missing: ["-1", "-2"]}
            """, "domains:\n  - id: d\n    items: [{id: L, text: l, scale: like3}, {id: Z, text: z}]")
        let csv = "response_id,organisation_id,L,Z\nr1,A,1,3\nr2,B,2,3\nr3,C,-1,3\n"
        let wave = F.wave([
            "instrument.yaml": instrument, "organisations.csv": Self.register, "w/wave.yaml": F.wave,
            "w/responses.csv": csv,
        ])
        let items = centre(wave.analysis).items
        XCTAssertTrue(items.contains("w,A,L,1,100.000000,"), items)
        XCTAssertTrue(items.contains("w,B,L,1,0.000000,"), items)
        XCTAssertTrue(items.contains("w,C,L,0,,,"), items)
        XCTAssertEqual(wave.analysis.responses.quality.invalidValues, [0, 0], "-1 is not answered, not invalid")
        let scores = centre(wave.analysis).scores
        XCTAssertTrue(scores.contains("w,A,Health,d,1,75.000000,"), "mean of 100 and 50: \(scores)")
        XCTAssertTrue(scores.contains("w,B,Councils,d,1,50.000000,"), "mean of 50 and 50: \(scores)")
        XCTAssertTrue(scores.contains("w,C,Health,d,1,50.000000,"), "only Z answered: \(scores)")
    }

    // 6. Knowledge tokens.
    func testCase6KnowledgeTokens() {
        let instrument = instrumentYAML(
            "",
            "domains:\n  - id: d\n    items: [{id: KN1, type: "
                + "knowledge, answer: true, text: k, aliases: [has_diabetes]}]"
        )
        let csv = "response_id,organisation_id,has_diabetes\nr1,A,1\nr2,B,0\nr3,C,2\n"
        let wave = F.wave([
            "instrument.yaml": instrument, "organisations.csv": Self.register, "w/wave.yaml": F.wave,
            "w/responses.csv": csv,
        ])
        let items = centre(wave.analysis).items
        XCTAssertTrue(items.contains("w,A,KN1,1,100.000000,"), items)
        XCTAssertTrue(items.contains("w,B,KN1,1,0.000000,"), items)
        XCTAssertEqual(wave.analysis.responses.scored, 2, "r1, whose only item cell is 1, is scored")
        XCTAssertEqual(
            wave.analysis.responses.rejects.map(\.reason), [.emptyResponse], "2 is invalid, so r3 answers nothing")
        XCTAssertTrue(
            wave.dataQuality.contains("| Rows rejected as empty_response that held invalid values | 1 |"),
            wave.dataQuality)
        let spanish = F.read(
            "response_id,organisation_id,KN1\nr1,A,sí\nr2,A,Sí\nr3,A,true\n",
            instrument: F.instrument("true_tokens: [Sí, yes, \"1\"]"))
        XCTAssertEqual(spanish.rows?.map { $0.answers[2] }, [Answer.knowledgeTrue, Answer.knowledgeTrue])
        XCTAssertEqual(spanish.quality.invalidValues[2], 0)
        XCTAssertEqual(
            spanish.rejects.map(\.reason), [.emptyResponse], "true is no longer a token when true_tokens is given")
    }

    // 7. No-break spaces.
    func testCase7NoBreakSpaces() {
        let instrument = F.instrument(
            """
            scales:
              sm5: {labels: [(1) Trivial., (2) Minor, (3) Moderate, (4) Major, (5) Critical]}
            """, domains: "domains:\n  - id: d\n    items: [{id: S, text: s, scale: sm5}, {id: L, text: l}]")
        let read = F.read(
            "response_id,organisation_id,S,L\nr1,A,(1)\u{A0}Trivial.,Strongly\u{202F}agree\nr2,A,\"(4)\u{A0}\u{A0}Major \",\"strongly\tagree\"\n",
            instrument: instrument)
        XCTAssertEqual(read.rows?.map(\.answers), [[1, 5], [4, 5]])
        XCTAssertEqual(read.quality.invalidValues, [0, 0])
    }

    // 8. Two header rows (a full read).
    func testCase8TwoHeaderRows() {
        let instrument = F.instrument(
            domains: """
                domains:
                  - id: d
                    items:
                      - {id: X, text: x, aliases: ["How much do you agree? | Leaders encourage sharing"]}
                      - {id: Y, text: y, aliases: ["How much do you agree?"]}
                """)
        let csv =
            "Respondent ID,Collector ID,How much do you agree?,,Custom "
            + "Data 1\n,,Sharing is good care,Leaders encourage sharing,\n"
            + "101,9,Agree,Disagree,A\n102,9,4,5,B\n"
        let read = F.read(csv, instrument: instrument, settings: F.settings("source: surveymonkey"))
        XCTAssertEqual(read.quality.headerRecords, 2)
        XCTAssertEqual(read.quality.layout, .surveyMonkey)
        XCTAssertEqual(read.rows?.map(\.answers), [[2, 4], [5, 4]])
        XCTAssertEqual(read.quality.bindings.map(\.target), ["response_id", "X", "organisation_id"])
        XCTAssertEqual(read.quality.bindings.map(\.by), ["preset", "combined name", "preset"])
        XCTAssertEqual(
            DataQualityReport.fileFacts(read.quality).last, ["Date order", "DMY (auto: no day/month dates)"])
        XCTAssertTrue(
            DataQualityReport.fileFacts(read.quality).contains(["Header records", "2 (SurveyMonkey layout detected)"]))
    }

    // 9. Repeated heading.
    func testCase9RepeatedHeading() {
        var header = ["response_id", "organisation_id"] + (3...39).map { "other\($0)" }
        header += Array(repeating: "If I get help for drug-related problems, ...", count: 6)
        let instrument = F.instrument(
            domains: """
                domains:
                  - id: d
                    items:
                      - {id: A, text: a, aliases: ["If I get help for drug-related problems, ..."]}
                      - {id: B, text: b, aliases: ["If I get help for drug-related problems, ...#3"]}
                """)
        let row = ["r1", "A"] + Array(repeating: "", count: 37) + ["1", "2", "3", "4", "5", "1"]
        let csv = header.map { "\"\($0)\"" }.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n"
        let read = F.read(csv, instrument: instrument)
        let map = F.map([header], instrument: instrument)
        XCTAssertEqual(map.items, [39, 41], "columns 40 and 42")
        XCTAssertEqual(read.rows?.map(\.answers), [[1, 3]])
        let name = "If I get help for drug-related problems, ..."
        XCTAssertEqual(read.quality.duplicateHeaders, ["\(name)#2", "\(name)#4", "\(name)#5", "\(name)#6"])
        XCTAssertEqual(
            read.quality.bindings, [ColumnBinding(target: "B", column: 42, name: "\(name)#3", by: "occurrence")])
    }

    // 10. No response id.
    func testCase10NoResponseID() {
        let instrument = instrumentYAML(
            "columns: {organisation_id: [Which organisation do you work for?]}",
            "domains:\n  - id: d\n    items: [{id: C1, text: c}]")
        let csv =
            "Timestamp,Which organisation do you work for?,C1\n4/9/2025 0:13:09,Alpha "
            + "Trust,4\n4/9/2025 0:13:09,Alpha Trust,4\n4/9/2025 0:15:00,B,2\n"
        let files = [
            "instrument.yaml": instrument, "organisations.csv": Self.register,
            "w/wave.yaml": "id: w\ntitle: W\nopens: 2025-01-01\ncloses: 2025-12-31\nsource: google-forms\n",
            "w/responses.csv": csv,
        ]
        let wave = F.wave(files)
        XCTAssertEqual(wave.analysis.responses.scored, 3)
        XCTAssertTrue(wave.analysis.responses.rejects.isEmpty)
        XCTAssertEqual(wave.analysis.responses.quality.identicalRows, 1)
        XCTAssertEqual(wave.analysis.responses.quality.organisationsByName, 2)
        XCTAssertTrue(
            wave.dataQuality.contains(
                "| Response id | no column: each row is its own response; duplicates not checked |"))
        XCTAssertTrue(
            wave.dataQuality.contains("| Rows identical in every field to an earlier row (flagged, kept) | 1 |"))
        XCTAssertTrue(wave.dataQuality.contains("| Organisation given by name or alias (matched) | 2 |"))
        XCTAssertTrue(wave.manifest.contains("\"response_id_column\": false"))
        var generic = files
        generic["w/wave.yaml"] = "id: w\ntitle: W\nopens: 2025-01-01\ncloses: 2025-12-31\n"
        guard case .failure(let error) = F.analyse(generic) else { return XCTFail("expected a fatal error") }
        XCTAssertTrue(
            error.description.hasSuffix(
                "if this export has no response id, set require_response_id: false in wave.yaml"), error.description)
        XCTAssertTrue(error.description.contains("responses.csv:1:1: error: missing required column response_id"))
    }

    // 11. US dates.
    func testCase11USDates() {
        let csv =
            "response_id,organisation_id,submitted_at,CUL1\nr1,A,12/13/2018 11:06:09,4\nr2,A,1/9/2019 20:30:20,4\n"
        let read = F.read(csv, settings: F.settings("date_order: auto"), opens: "2018-12-01", closes: "2019-12-31")
        XCTAssertEqual(
            read.quality.dateOrder,
            DateOrderDecision(
                setting: .auto, used: .mdy,
                reason: "auto: 1 date has the second number above 12, none the first"))
        XCTAssertEqual(read.scored, 2)
        XCTAssertEqual(read.quality.unparseableDates, 0)
        // Both dated in the window (2018-12-13 and 2019-01-09): a window ending on 2019-01-08 rejects the second.
        let narrow = F.read(csv, settings: F.settings("date_order: auto"), opens: "2018-12-13", closes: "2019-01-08")
        XCTAssertEqual(
            narrow.rejects.map(\.detail), ["submitted on 2019-01-09, outside the wave window 2018-12-13 to 2019-01-08"])
    }

    // 12. The window decides; Google's CSV; the 12-hour clock.
    func testCase12WindowDecides() {
        let csv = "response_id,organisation_id,submitted_at,CUL1\nr1,A,3/5/2025 10:00,4\nr2,A,3/6/2025 10:00,4\n"
        let read = F.read(
            csv, settings: F.settings("source: google-forms\nrequire_response_id: true"),
            opens: "2025-03-01", closes: "2025-03-31")
        XCTAssertEqual(read.quality.dateOrder.used, .mdy)
        XCTAssertEqual(
            read.quality.dateOrder.reason, "auto: no number above 12; 2 dates in the wave window as MDY, 0 as DMY")
        XCTAssertEqual(read.scored, 2)
        let google = SubmissionDate.parse("2020/10/30 3:08:44 PM GMT+1", order: .mdy)
        XCTAssertEqual(google?.date.description, "2020-10-30")
        XCTAssertEqual(google?.instant, 1_604_066_924)  // 2020-10-30T14:08:44Z
        let midnight = SubmissionDate.parse("12/31/2024 12:30 AM", order: .mdy)
        XCTAssertEqual(midnight?.date.description, "2024-12-31")
        XCTAssertEqual(midnight?.instant, 1_735_605_000)  // 2024-12-31T00:30:00Z
    }

    // 13. Completion.
    func testCase13Completion() {
        let csv = """
            Response ID,Date Submitted,Status,Organisation,CUL1
            1,2024-02-01 10:00:00,Partial,A,4
            2,2024-02-01 10:00:00,Partial,ZZZ,4
            3,2025-02-01 10:00:00,Complete,A,4
            4,2024-02-01 10:00:00,complete,A,4
            5,2024-02-01 10:00:00,,B,4
            """
        let instrument = F.instrument("columns: {organisation_id: [Organisation]}")
        let read = F.read(
            csv + "\n", instrument: instrument, settings: F.settings("source: alchemer"),
            opens: "2024-01-01", closes: "2024-12-31")
        XCTAssertEqual(
            read.rejects.map(\.reason),
            [.incompleteResponse, .unknownOrganisation, .outsideWaveWindow, .incompleteResponse])
        XCTAssertEqual(read.rejects[0].detail, "Status is 'Partial'; complete means 'Complete'")
        XCTAssertEqual(read.rejects[3].detail, "Status is empty; complete means 'Complete'")
        XCTAssertEqual(read.scored, 1)
        let facts = DataQualityReport.fileFacts(read.quality)
        XCTAssertTrue(facts.contains(["Completion", "`Status` is Complete (preset alchemer)"]), "\(facts)")
        XCTAssertTrue(facts.contains(["Source preset", "alchemer"]))
        // Long values are cut to 40 characters.
        let long = String(repeating: "x", count: 45)
        let cut = F.read(
            "Response ID,Status,Organisation,CUL1\n1,\(long),A,4\n", instrument: instrument,
            settings: F.settings("source: alchemer"))
        XCTAssertEqual(
            cut.rejects.first?.detail, "Status is '\(String(repeating: "x", count: 40))…'; complete means 'Complete'")
        // A preset's column not in the file: no check, and data-quality.md says so.
        let none = F.read(
            "Response ID,Organisation,CUL1\n1,A,4\n", instrument: instrument, settings: F.settings("source: alchemer"))
        XCTAssertEqual(none.scored, 1)
        XCTAssertTrue(
            DataQualityReport.fileFacts(none.quality).contains(["Completion", "not applied: `Status` not in the file"]))
        // A not-empty rule.
        let lime = F.read(
            "id,submitdate,organisation_id,CUL1\n1,,A,4\n2,2024-01-02 10:00:00,A,4\n",
            settings: F.settings("source: limesurvey"))
        XCTAssertEqual(lime.rejects.map(\.detail), ["submitdate is empty; complete means any value"])
    }

    // 14. A REDCap form.
    func testCase14REDCapForm() {
        let instrument = F.instrument(
            domains:
                "domains:\n  - id: d\n    items: [{id: KN1, type: "
                + "knowledge, answer: true, text: k, aliases: [has_diabetes]}]"
        )
        let csv = """
            record_id,redcap_data_access_group,intro_timestamp,intro_complete,age,has_diabetes,prescreening_survey_timestamp,prescreening_survey_complete
            1,alpha trust,x,2,30,1,[not completed],2
            2,A,x,2,30,0,2024-05-01 10:00:00,0
            3,A,x,2,30,1,2024-05-01 10:00:00,Complete
            """
        let read = F.read(csv + "\n", instrument: instrument, settings: F.settings("source: redcap"))
        if case .applied(_, let name, let column) = read.quality.completion {
            XCTAssertEqual(name, "prescreening_survey_complete")
            XCTAssertEqual(column, 8)
        } else {
            XCTFail("completion not applied")
        }
        XCTAssertTrue(
            read.quality.bindings.contains(
                ColumnBinding(target: "submitted_at", column: 7, name: "prescreening_survey_timestamp", by: "preset")))
        XCTAssertEqual(
            read.rejects.map(\.detail), ["prescreening_survey_complete is '0'; complete means '2' or 'Complete'"])
        XCTAssertEqual(read.scored, 2)
        XCTAssertEqual(read.quality.missingDates, 1, "[not completed] is absent")
        XCTAssertEqual(read.quality.unparseableDates, 0, "…not unparseable")
        XCTAssertEqual(read.quality.organisationsByName, 1)
    }

    // 15. Organisation by name.
    func testCase15OrganisationByName() {
        let register = F.register(
            "organisation_id,name,sector,signatory,aliases\nIND03,Educación,Education,no,Educacion; Education\n")
        let csv = "response_id,organisation_id,CUL1\nr1,educación,4\nr2,EDUCACION,4\nr3,Education,4\nr4,Educasion,4\n"
        let read = F.read(csv, register: register)
        XCTAssertEqual(read.scored, 3)
        XCTAssertEqual(read.rows?.map(\.organisation), [0, 0, 0])
        XCTAssertEqual(
            read.rejects.map(\.detail),
            ["organisation_id 'Educasion' is not in the register; did you mean 'IND03' (Educación)?"])
        XCTAssertEqual(read.quality.organisationsByName, 3)
    }

    // 16. Suggestions.
    func testCase16Suggestions() {
        let register = F.register(
            "organisation_id,name,sector,signatory\n"
                + (1...5).map { "ACU-\($0),Acute \($0),Health,no" }.joined(separator: "\n"))
        let read = F.read("response_id,organisation_id,CUL1\nr1,ACU-6,4\nr2,acu-2,4\nr3,NOPE,4\n", register: register)
        XCTAssertEqual(
            read.rejects.map(\.detail),
            [
                "organisation_id 'ACU-6' is not in the register; did you mean 'ACU-1'?",
                "organisation_id 'acu-2' is not in the register; did you mean 'ACU-2'?",
                "organisation_id 'NOPE' is not in the register",
            ])
        XCTAssertEqual(read.rejects.map(\.reason), Array(repeating: .unknownOrganisation, count: 3))
    }

    // 18. Unchanged: a plain 5-point survey gets none of §8.8's additions.
    func testCase18Unchanged() {
        let csv =
            "response_id,organisation_id,submitted_at,CUL1,CUL2,KN1\nr1,A,2024-02-01,4,2,true\nr2,B,01/02/2024,Agree,5,no\n"
        let instrument = instrumentYAML("", ExportFixture.itemsYAML)
        let wave = F.wave([
            "instrument.yaml": instrument, "organisations.csv": Self.register, "w/wave.yaml": F.wave,
            "w/responses.csv": csv,
        ])
        XCTAssertFalse(wave.manifest.contains("\"ingest\""))
        XCTAssertFalse(wave.manifest.contains("\"scales\""))
        XCTAssertFalse(wave.dataQuality.contains("## Scales"))
        XCTAssertFalse(wave.dataQuality.contains("incomplete_response"))
        for row in [
            "Source preset", "Header records", "Date order", "Response id", "Completion", "Worksheet",
            "Organisation given",
            "Time-zone", "identical", "held invalid values",
        ] {
            XCTAssertFalse(wave.dataQuality.contains(row), row)
        }
        XCTAssertTrue(wave.dataQuality.contains("| Qualtrics metadata rows skipped | no |"))
        let facts = DataQualityReport.fileFacts(wave.analysis.responses.quality)
        XCTAssertEqual(
            facts.map { $0[0] }, ["Responses file", "Encoding", "Delimiter", "Qualtrics metadata rows skipped"])
    }
}
