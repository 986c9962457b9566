import Foundation
import XCTest

@testable import ReadinessCore

/// `readiness init`'s survey drafts: the preset detected for each platform's example export,
/// each guess of a column, and the files checked by an independent YAML reader against SPEC
/// §2 and §8's key names (tools/draft/check_draft.py; scripts/setup installs PyYAML).
final class SurveyDraftTests: XCTestCase {
    static let examples = TestFiles.repository.appendingPathComponent("docs/platforms/examples")
    static let checker = TestFiles.repository.appendingPathComponent("tools/draft/check_draft.py").path
    /// The free-text answers in the examples: no draft may hold them.
    static let freeText = ["Training would help.", "Not sure who decides.", "Clearer guidance please"]

    func draft(_ file: String, options: SurveyDraft.Options = .init()) throws -> SurveyDraft {
        SurveyDraft.build(
            try ExportSample.read(path: Self.examples.appendingPathComponent(file).path, sheet: options.sheet),
            options: options)
    }

    func testEachPlatformsExampleIsDetectedAndDraftedWithSpecKeys() throws {
        let cases: [(file: String, source: String, header: Int, rows: Int)] = [
            ("qualtrics.csv", "qualtrics", 3, 4), ("qualtrics-legacy.csv", "qualtrics-legacy", 2, 3),
            ("limesurvey.csv", "limesurvey", 1, 4), ("surveymonkey.csv", "surveymonkey", 2, 3),
            ("google-forms.csv", "google-forms", 1, 3), ("microsoft-forms.xlsx", "microsoft-forms", 1, 3),
            ("redcap.csv", "redcap", 1, 4), ("alchemer.csv", "alchemer", 1, 4),
        ]
        for (file, source, header, rows) in cases {
            let export = Self.examples.appendingPathComponent(file)
            let sample = try ExportSample.read(path: export.path)
            XCTAssertEqual(ExportPlatform.detect(sample.firstRecords).platform.rawValue, source, file)
            XCTAssertEqual(sample.headerRecords, header, file)
            XCTAssertEqual(sample.rows, rows, file)

            let folder = TestFiles.temporaryPath(self, "draft")
            let written = try SurveyDraft.write(export: export.path, to: folder, options: .init())
            let responses = file.hasSuffix(".xlsx") ? "wave1/responses.xlsx" : "wave1/responses.csv"
            XCTAssertEqual(written, ["instrument.yaml", "organisations.csv", "wave1/wave.yaml", responses], file)
            // The export is copied byte for byte.
            XCTAssertEqual(
                FileManager.default.contents(atPath: folder.appendingPathComponent(responses).path),
                FileManager.default.contents(atPath: export.path), file)
            let (status, text) = try TestFiles.run(
                "/usr/bin/env", ["python3", Self.checker, folder.path, "wave1", source] + Self.freeText)
            XCTAssertEqual(status, 0, "\(file): \(text)")
            XCTAssertEqual(text, "ok\n", file)
        }
    }

    func testTheCheckerFindsWhatIsWrong() throws {
        // The checker must be able to fail: a draft with a free-text answer and a bad key.
        let folder = TestFiles.temporaryPath(self, "draft")
        _ = try SurveyDraft.write(
            export: Self.examples.appendingPathComponent("google-forms.csv").path, to: folder, options: .init())
        let instrument = folder.appendingPathComponent("instrument.yaml")
        let text = try String(contentsOf: instrument, encoding: .utf8) + "favorable_score: 3\n# Training would help.\n"
        try text.write(to: instrument, atomically: true, encoding: .utf8)
        let (status, result) = try TestFiles.run(
            "/usr/bin/env",
            ["python3", Self.checker, folder.path, "wave1", "google-forms"]
                + Self.freeText)
        XCTAssertEqual(status, 1)
        XCTAssertTrue(result.contains("unknown key favorable_score"), result)
        XCTAssertTrue(result.contains("holds the free-text answer 'Training would help.'"), result)
    }

    func testPresetsFixedColumnsAndCompletionAreSaid() throws {
        let qualtrics = try draft("qualtrics.csv")
        XCTAssertTrue(qualtrics.wave.contains("source: qualtrics\n"))
        XCTAssertTrue(
            qualtrics.wave.contains("# Source preset: qualtrics, detected: record 3 starts with {\"ImportId\""))
        XCTAssertTrue(
            qualtrics.wave.contains("# Completion: a row counts when `Finished` is 1 or True (qualtrics preset)."))
        XCTAssertTrue(qualtrics.wave.contains("opens: 2024-03-04\ncloses: 2024-03-06\n"))
        // ExternalReference holds ids: the register lists them as ids.
        XCTAssertEqual(
            qualtrics.register,
            """
            organisation_id,name,sector,locality,signatory,signed_on,aliases
            EST02,EST02,unassigned,,no,,
            NTH01,NTH01,unassigned,,no,,
            WST03,WST03,unassigned,,no,,

            """)
        // The question text of record 2 is the item's text; the role found by its heading.
        XCTAssertTrue(
            qualtrics.instrument.contains(
                "- {id: Q2_1, text: \"How much do you agree? - Sharing "
                    + "information with partners is part of good care here.\"}"
            ))
        XCTAssertTrue(qualtrics.instrument.contains("role: [\"Q1\"]"))
        XCTAssertTrue(qualtrics.instrument.contains("#   column 23 'Q4': free text (its heading says 'anything else')"))

        // --source wins over detection, and says both.
        let forced = try draft("qualtrics.csv", options: .init(source: .generic))
        XCTAssertTrue(forced.wave.contains("# Source preset: generic, given with --source (detected: qualtrics,"))
        XCTAssertTrue(forced.wave.contains("source: generic\n"))

        // No response id under a preset that wants one: require_response_id false, said.
        let google = try draft("google-forms.csv")
        XCTAssertFalse(google.wave.contains("require_response_id"), "google-forms does not require one")
        XCTAssertTrue(google.wave.contains("# response_id: no column found."))
        let organisations = google.register.split(separator: "\n").map(String.init)
        XCTAssertEqual(
            organisations,
            [
                "organisation_id,name,sector,locality,signatory,signed_on,aliases",
                "ORG001,East Council,unassigned,,no,,", "ORG002,North Trust,unassigned,,no,,",
            ])

        let forms = try draft("microsoft-forms.xlsx")
        XCTAssertTrue(forms.wave.contains("sheet: \"Form1\"  # the first worksheet, read by default"))
        XCTAssertTrue(forms.wave.contains("opens: 2024-03-04\ncloses: 2024-03-06\n"), forms.wave)
        XCTAssertEqual(forms.responsesPath, "wave1/responses.xlsx")

        // SurveyMonkey: US dates read month first, as the numbers above 12 say.
        let monkey = try draft("surveymonkey.csv")
        XCTAssertTrue(monkey.wave.contains("day/month dates read as MDY"))
        XCTAssertTrue(monkey.wave.contains("opens: 2024-03-04\ncloses: 2024-03-14\n"))
    }

    func testScalesGuessedFromAnswers() throws {
        // LimeSurvey: CUL[SQ001..3] share a stem: one 7-point scale from every number seen.
        let lime = try draft("limesurvey.csv")
        XCTAssertTrue(lime.instrument.contains("  points7:  # guessed: answers are numbers from 1 to 7"))
        XCTAssertTrue(
            lime.instrument.contains(
                "scale: points7, aliases: [\"CUL[SQ001]\"]}  # column 10 "
                    + "'CUL[SQ001]': numbers 1 to 7 (with 2 other columns of 'CUL')"
            ))
        // Y/N knowledge answers extend the token lists.
        XCTAssertTrue(lime.instrument.contains("true_tokens: [\"true\", \"t\", \"yes\", \"1\", \"Y\"]"))
        XCTAssertTrue(lime.instrument.contains("false_tokens: [\"false\", \"f\", \"no\", \"0\", \"N\"]"))
        XCTAssertTrue(lime.instrument.contains("organisation_id: [\"ORG\"]"))
        // REDCap: 0-4 codes, 1/0 knowledge, the data access group as ids.
        let redcap = try draft("redcap.csv")
        XCTAssertTrue(redcap.instrument.contains("  points5_from0:"))
        XCTAssertTrue(redcap.instrument.contains("    codes: [0, 1, 2, 3, 4]"))
        XCTAssertTrue(
            redcap.instrument.contains(
                "{id: kn1, type: knowledge, answer: true, text: \"kn1\"}  "
                    + "# column 8 'kn1': answers 0/1 (REDCap writes yes/no as 1/0)"
            ))
        XCTAssertTrue(redcap.register.contains("north_trust,north_trust,unassigned,,no,,"))
    }

    func testClassifyingOneColumn() {
        func column(_ answers: [String]) -> ExportSample.Column {
            var column = ExportSample.Column()
            for answer in answers { column.add(answer, keeping: ExportSample.maxDistinct) }
            return column
        }
        var scales: [(name: String, labels: [String], codes: [Int]?, comment: String)] = []
        var tokens: (true: [String], false: [String]) = ([], [])
        func guess(_ answers: [String], heading: String = "Q") -> String {
            switch SurveyDraft.classify(
                column(answers), heading: heading, platform: .generic, scales: &scales, extraTokens: &tokens)
            {
            case .likert(let scale, _): return "likert \(scale ?? "-")"
            case .knowledge: return "knowledge"
            case .numeric(let low, let high): return "numbers \(low)-\(high)"
            case .skipped(let reason): return "skipped: \(reason)"
            case .fixed: return "fixed"
            }
        }
        XCTAssertEqual(guess(["Agree", "Strongly agree", "N/A", "Don't know"]), "likert -")
        XCTAssertEqual(guess(["Never", "Often", "Always", "Never"]), "likert frequency5")
        XCTAssertEqual(guess(["Somewhat agree", "Agree"]), "likert agree7")
        XCTAssertEqual(guess(["Yes", "no", "Sí"]), "knowledge")
        XCTAssertEqual(tokens.true, ["Sí"])
        XCTAssertEqual(guess(["3", "04", "7"]), "numbers 3-7")
        XCTAssertEqual(guess(["-1", "2"]), "skipped: negative numbers: not a scale")
        // Labels by use: most used first, ties in the order first seen; free text never.
        XCTAssertEqual(guess(["Low", "High", "High", "Mid", "Mid", "High", "Low"]), "likert scale1")
        XCTAssertEqual(scales.last?.labels, ["High", "Low", "Mid"])
        XCTAssertEqual(guess(["High", "Mid", "Low", "Low", "Mid", "High"]), "likert scale1")
        XCTAssertEqual(
            guess(["Fine", "Could be better", "Fine"]),
            "skipped: 2 distinct answers in 3 rows, too few repeats to tell a scale from free text; answers not copied")
        XCTAssertEqual(
            guess(["a", "b", "a", "b"], heading: "Any comments?"), "skipped: free text (its heading says 'comment')")
        XCTAssertEqual(
            guess([String(repeating: "long ", count: 10), "x"]),
            "skipped: free text (answers longer than 40 characters)")
        XCTAssertEqual(
            guess((1...13).map { "answer \($0)" }), "skipped: free text or identifiers (more than 12 distinct answers)")
        XCTAssertEqual(guess([]), "skipped: no answers in the export: could not decide what it is")
    }

    func testStems() {
        XCTAssertEqual(SurveyDraft.stem("CUL[SQ001]"), "CUL")
        XCTAssertEqual(SurveyDraft.stem("Q2_13"), "Q2")
        XCTAssertEqual(SurveyDraft.stem("How much? [Row]"), "How much?")
        XCTAssertEqual(SurveyDraft.stem("How much? | Row"), "How much?")
        XCTAssertEqual(SurveyDraft.stem("Row text:How much?"), "How much?")
        XCTAssertEqual(SurveyDraft.stem("cul1"), "")
        XCTAssertEqual(SurveyDraft.stem("Q_"), "")
    }

    func testPlatformDetection() {
        XCTAssertEqual(
            ExportPlatform.detect([["ID", "Start time", "Completion time", "Email", "Name", "Q"]]).platform,
            .microsoftForms)
        XCTAssertEqual(ExportPlatform.detect([["Timestamp", "Org", "Q1"]]).platform, .googleForms)
        XCTAssertEqual(ExportPlatform.detect([["record_id", "q1", "survey_complete"]]).platform, .redcap)
        XCTAssertEqual(
            ExportPlatform.detect([["ResponseId", "Org", "Q1"], ["x"], ["{'ImportId': 'responseId'}"]]).platform,
            .qualtrics)
        XCTAssertEqual(ExportPlatform.detect([["response_id", "organisation_id", "CUL1"]]).platform, .generic)
        XCTAssertEqual(
            ExportPlatform.detect([["response_id", "Status", "CUL1"]]).reason,
            "only Status of the columns Qualtrics adds, too few to be sure")
    }

    func testWritingRefusesAFolderThatIsNotEmpty() throws {
        let folder = TestFiles.temporaryPath(self, "draft")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: folder.appendingPathComponent("instrument.yaml").path, contents: Data("mine".utf8))
        XCTAssertThrowsError(
            try SurveyDraft.write(
                export: Self.examples.appendingPathComponent("redcap.csv").path, to: folder,
                options: .init())
        ) { error in
            XCTAssertEqual(
                "\(error)", "\(folder.path): error: the folder is not empty; give --out a new or empty folder")
        }
        XCTAssertEqual(
            FileManager.default.contents(atPath: folder.appendingPathComponent("instrument.yaml").path),
            Data("mine".utf8))
    }

    func testYAMLQuoting() {
        XCTAssertEqual(DraftYAML.quoted("a \"b\" \\ c\nd\u{1}"), "\"a \\\"b\\\" \\\\ c\\nd\\u0001\"")
        XCTAssertEqual(DraftYAML.comment("line\nbreak", limit: 80), "line break")
        XCTAssertEqual(DraftYAML.comment("abcdef", limit: 4), "abc…")
    }
}
