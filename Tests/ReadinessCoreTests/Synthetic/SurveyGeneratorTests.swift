import Foundation
import XCTest

@testable import ReadinessCore
@testable import ReadinessSynthetic

final class SurveyGeneratorTests: XCTestCase {
    /// The bundled sample, generated once: most tests only read it.
    private static let sample = SurveyGenerator(options: .init()).files()

    private func contents(_ path: String, in files: [GeneratedFile] = sample) throws -> Data {
        try XCTUnwrap(files.first { $0.path == path }?.contents, "no \(path)")
    }

    private func text(_ path: String, in files: [GeneratedFile] = sample) throws -> String {
        try XCTUnwrap(String(data: contents(path, in: files), encoding: .utf8), "\(path) is not UTF-8")
    }

    // MARK: Determinism

    func testSameOptionsGiveIdenticalBytes() {
        XCTAssertEqual(SurveyGenerator(options: .init()).files(), Self.sample)
    }

    func testDifferentSeedChangesResponsesButNotTheInstrument() throws {
        let other = SurveyGenerator(options: .init(seed: 7))
        var baseline = Data()
        other.writeResponses(wave: 0, to: { baseline.append($0) })
        XCTAssertNotEqual(baseline, try contents("baseline/responses.csv"))
        XCTAssertEqual(Data(other.instrument.yaml().utf8), try contents("instrument.yaml"))
    }

    /// From three waves on, the baseline does not depend on how many waves follow (with two,
    /// the generator writes the two-wave sample of version 1: nobody joins late or skips).
    ///
    /// An organisation does not depend on those after it, but for its headcount, which
    /// follows its expected share of the responses.
    func testEarlierWavesAndOrganisationsDoNotDependOnLaterOnes() throws {
        let longer = SurveyGenerator(options: .init(respondents: 200, waves: 4)).files()
        let shorter = SurveyGenerator(options: .init(respondents: 200, waves: 3)).files()
        XCTAssertEqual(
            try contents("baseline/responses.csv", in: longer), try contents("baseline/responses.csv", in: shorter))

        let fewer = SurveyGenerator(options: .init(organisations: 10, respondents: 0)).files()
        func withoutHeadcount(_ text: String) -> [[String]] {
            TestCSV.records(text).map { Array($0.dropLast()) }
        }
        let register = try withoutHeadcount(text("organisations.csv"))
        XCTAssertEqual(try withoutHeadcount(text("organisations.csv", in: fewer)), Array(register.prefix(11)))
    }

    func testStreamedResponsesMatchFiles() throws {
        let generator = SurveyGenerator(options: .init())
        for (index, wave) in ["baseline", "month-6", "month-12"].enumerated() {
            var chunks: [Data] = []
            generator.writeResponses(wave: index, to: { chunks.append($0) })
            XCTAssertGreaterThan(chunks.count, 1, "\(wave) should arrive in several chunks")
            XCTAssertEqual(chunks.reduce(Data(), +), try contents("\(wave)/responses.csv"))
        }
        var written = 0
        generator.writeResponses(wave: 3, to: { written += $0.count })
        XCTAssertEqual(written, 0, "a wave out of range writes nothing")
    }

    func testSinkErrorsPropagate() {
        struct Full: Error {}
        XCTAssertThrowsError(try SurveyGenerator(options: .init()).writeResponses(wave: 0, to: { _ in throw Full() }))
    }

    // MARK: Folder shape

    func testFilesComeInTheDocumentedOrder() {
        let cases: [(options: SurveyGenerator.Options, paths: [String])] = [
            (
                .init(respondents: 5),
                [
                    "instrument.yaml", "organisations.csv", "baseline/wave.yaml", "baseline/responses.csv",
                    "month-6/wave.yaml", "month-6/responses.csv", "month-12/wave.yaml", "month-12/responses.csv",
                    "README.md",
                ]
            ),
            (
                .init(respondents: 5, waves: 1),
                [
                    "instrument.yaml", "organisations.csv", "baseline/wave.yaml", "baseline/responses.csv", "README.md",
                ]
            ),
            (
                .init(respondents: 5, waves: 2),
                [
                    "instrument.yaml", "organisations.csv", "baseline/wave.yaml", "baseline/responses.csv",
                    "month-6/wave.yaml", "month-6/responses.csv", "README.md",
                ]
            ),
        ]
        for (options, paths) in cases {
            XCTAssertEqual(SurveyGenerator(options: options).files().map(\.path), paths, "\(options)")
        }
    }

    func testUnusualOptionsStillGiveACompleteFolder() throws {
        let cases: [(options: SurveyGenerator.Options, organisations: Int, rows: Int, waves: Int)] = [
            (.init(organisations: 0, respondents: 3, waves: 1), 0, 0, 1),
            (.init(organisations: 2, respondents: 0, waves: 0), 2, 0, 1),
            (.init(organisations: -1, respondents: -5, waves: -2), 0, 0, 1),
            (.init(organisations: 1, respondents: 1, waves: 1), 1, 1, 1),
        ]
        for (options, organisations, rows, waves) in cases {
            let files = SurveyGenerator(options: options).files()
            XCTAssertEqual(
                try TestCSV.records(text("organisations.csv", in: files)).count, organisations + 1, "\(options)")
            XCTAssertEqual(try TestCSV.records(text("baseline/responses.csv", in: files)).count, rows + 1, "\(options)")
            XCTAssertEqual(files.filter { $0.path.hasSuffix("/wave.yaml") }.count, waves, "\(options)")
        }
    }

    func testWavesOpenEveryTwentySixWeeks() throws {
        let files = SurveyGenerator(options: .init(respondents: 0, waves: 4)).files()
        let expected = [
            ("baseline", "2026-01-12", "2026-02-13"),
            ("month-6", "2026-07-13", "2026-08-14"),
            ("month-12", "2027-01-11", "2027-02-12"),
            ("month-18", "2027-07-12", "2027-08-13"),
        ]
        for (id, opens, closes) in expected {
            let yaml = try text("\(id)/wave.yaml", in: files)
            XCTAssertTrue(yaml.contains("id: \(id)\n"), yaml)
            XCTAssertTrue(yaml.contains("opens: \(opens)\n"), yaml)
            XCTAssertTrue(yaml.contains("closes: \(closes)\n"), yaml)
        }
    }

    func testReadmeSaysTheDataIsSyntheticAndHowItWasMade() throws {
        let readme = try text("README.md")
        for phrase in ["synthetic", "fictional", "| seed | 20261126 |", "| respondents (rows per wave) | 1500 |"] {
            XCTAssertTrue(readme.contains(phrase), "README lacks \(phrase)")
        }
    }

    // MARK: Identifiers

    func testIdentifiersMatchTheSpecPatterns() throws {
        let itemID = try NSRegularExpression(pattern: "^[A-Za-z][A-Za-z0-9_]{0,31}$")
        let organisationID = try NSRegularExpression(pattern: "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
        let waveID = try NSRegularExpression(pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

        let instrument = SurveyGenerator(options: .init()).instrument
        let ids = instrument.domains.map(\.id) + instrument.items.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "ids are unique")
        for id in ids { XCTAssertTrue(itemID.matches(id), id) }

        let files = SurveyGenerator(options: .init(organisations: 1200, respondents: 0, waves: 4)).files()
        let register = try TestCSV.records(text("organisations.csv", in: files))
        let organisationIDs = register.dropFirst().compactMap(\.first)
        XCTAssertEqual(organisationIDs.count, 1200)
        XCTAssertEqual(Set(organisationIDs).count, 1200)
        XCTAssertEqual(Set(register.dropFirst().map { $0[1] }).count, 1200, "names are unique")
        for id in organisationIDs { XCTAssertTrue(organisationID.matches(id), id) }
        for path in files.map(\.path) where path.hasSuffix("/wave.yaml") {
            let id = String(path.dropLast("/wave.yaml".count))
            XCTAssertTrue(waveID.matches(id), id)
        }
    }

    func testInstrumentHasSixDomainsWithReverseAndKnowledgeItems() {
        let instrument = SurveyGenerator(options: .init()).instrument
        XCTAssertEqual(
            instrument.domains.map(\.id),
            ["culture", "capacity", "roles", "ig_rules", "shared_language", "data_ownership"])
        for domain in instrument.domains {
            XCTAssertTrue((4...6).contains(domain.items.count), domain.id)
            XCTAssertTrue(domain.items.contains(where: \.isReverse), "\(domain.id) has a reverse item")
        }
        let igRules = instrument.domains.first { $0.id == "ig_rules" }
        XCTAssertEqual(igRules?.weight, 2)
        XCTAssertEqual(igRules?.items.filter { !$0.isLikert }.count, 3)
    }

    func testInstrumentYAMLCarriesKeysAndAliases() throws {
        let yaml = try text("instrument.yaml")
        let expected = [
            "id: sharing-readiness\n", "version: \"1.0\"\n", "  min_respondents: 10\n", "  alpha: 0.05\n",
            "response_id: [\"ResponseId\", \"Response ID\"]", "  - {name: Leading, from: 80}\n",
            "        type: knowledge\n        answer: false\n", "aliases: [\"CUL[SQ001]\"]", "aliases: [\"Q3_1\"]",
            "    weight: 2\n", "\"Caldicott Guardian\": ",
        ]
        for fragment in expected { XCTAssertTrue(yaml.contains(fragment), "instrument.yaml lacks \(fragment)") }
    }

    // MARK: Responses

    func testEveryRecordHasTheHeaderFieldCountExceptPlantedMalformedRows() throws {
        let generator = SurveyGenerator(options: .init())
        let register = try TestCSV.records(text("organisations.csv"))
        XCTAssertTrue(register.allSatisfy { $0.count == 7 })

        for (index, wave) in ["baseline", "month-6", "month-12"].enumerated() {
            let records = try TestCSV.records(text("\(wave)/responses.csv"))
            let header = try XCTUnwrap(records.first)
            XCTAssertEqual(header.last, "Comments")
            let malformed = records.dropFirst().filter { $0.count != header.count }.count
            let planted = generator.defectCounts(wave: index).first { $0.defect == .malformedRow }?.rows
            XCTAssertEqual(malformed, planted, wave)
            XCTAssertGreaterThan(malformed, 0, wave)
        }
    }

    func testRowCountsAreTheRequestedRespondents() throws {
        for wave in ["baseline", "month-6", "month-12"] {
            let records = try TestCSV.records(text("\(wave)/responses.csv"))
            XCTAssertEqual(records.count - 1, 1500, wave)
        }
    }

    func testDefectsCoverEveryKindAtTwoToFourPercent() {
        let generator = SurveyGenerator(options: .init())
        for wave in 0..<3 {
            let counts = generator.defectCounts(wave: wave)
            for (defect, rows) in counts { XCTAssertGreaterThan(rows, 0, "\(defect) in wave \(wave)") }
            let rate = Double(counts.reduce(0) { $0 + $1.rows }) / 1500
            XCTAssertTrue((0.02...0.04).contains(rate), "rate \(rate)")
        }
    }

    func testExportsDifferLikeTheToolsTheyMimic() throws {
        let baseline = try contents("baseline/responses.csv")
        let followUp = try contents("month-6/responses.csv")
        XCTAssertFalse(baseline.contains(13), "baseline has LF line endings")
        XCTAssertEqual(Array(followUp.prefix(3)), [0xEF, 0xBB, 0xBF], "month-6 starts with a BOM")
        XCTAssertTrue(try text("month-6/responses.csv").contains("\r\n"))
        XCTAssertFalse(try contents("month-12/responses.csv").contains(13), "month-12 is exported as the baseline was")

        let baselineHeader = try XCTUnwrap(TestCSV.records(text("baseline/responses.csv")).first)
        XCTAssertEqual(Array(baselineHeader.prefix(4)), ["ResponseId", "RecordedDate", "OrganisationCode", "Role"])
        XCTAssertTrue(baselineHeader.contains("CUL[SQ001]"))
    }

    func testResponsesHoldTheMessOfRealExports() throws {
        let records = try TestCSV.records(text("baseline/responses.csv"))
        let header = try XCTUnwrap(records.first)
        let rows = records.dropFirst().filter { $0.count == header.count }
        let cells = rows.flatMap { $0 }
        for token in ["Don't know", "Don\u{2019}t know", "N/A"] {
            XCTAssertTrue(cells.contains(token), "no \(token)")
        }
        let registered = Set(try TestCSV.records(text("organisations.csv")).dropFirst().compactMap(\.first))
        XCTAssertTrue(rows.contains { !registered.contains($0[2]) }, "an unknown organisation code")
        XCTAssertTrue(
            cells.contains { $0.range(of: #"^\d\d/\d\d/2026 \d\d:\d\d$"#, options: .regularExpression) != nil })
        XCTAssertTrue(cells.contains { $0.contains("\n") }, "a comment spans lines")
        XCTAssertTrue(cells.contains("Strongly agree") || cells.contains("strongly agree"))

        // A re-submission repeats an id with a later time (both ISO, so text order is time order).
        var firstSeen: [String: String] = [:]
        var resubmissions = 0
        for row in rows where !row[0].trimmingCharacters(in: .whitespaces).isEmpty {
            if let earlier = firstSeen[row[0]] {
                resubmissions += 1
                XCTAssertGreaterThanOrEqual(row[1], earlier, row[0])
            } else {
                firstSeen[row[0]] = row[1]
            }
        }
        XCTAssertGreaterThan(resubmissions, 0)
    }

    // MARK: The journey (SPEC §9)

    /// Signatories sign after the baseline closes, on weekdays, some between every pair of
    /// waves, and never while a wave is open.
    func testSigningDatesSpreadBetweenEveryPairOfWaves() throws {
        typealias SampleWave = SurveyGenerator.SampleWave
        for waves in [3, 5] {
            let generator = SurveyGenerator(options: .init(respondents: 0, waves: waves))
            let register = try TestCSV.records(text("organisations.csv", in: generator.files())).dropFirst()
            XCTAssertTrue(register.filter { $0[4] == "no" }.allSatisfy { $0[5].isEmpty })
            let days = try register.filter { $0[4] == "yes" }.map {
                try XCTUnwrap(CalendarDate(iso: $0[5])).daysSinceEpoch
            }
            // A window runs from the day after a wave closes to a week before the next opens; a
            // day drawn on a weekend moves to the Monday.
            let windows = (0..<(waves - 1)).map { pair -> ClosedRange<Int> in
                let window = SampleWave.signingWindow(after: pair)
                XCTAssertLessThan(SampleWave(index: pair).closes, window.lowerBound)
                XCTAssertLessThan(
                    window.upperBound.daysSinceEpoch + 2, SampleWave(index: pair + 1).opens.daysSinceEpoch)
                return window.lowerBound.daysSinceEpoch...(window.upperBound.daysSinceEpoch + 2)
            }
            for (pair, window) in windows.enumerated() {
                XCTAssertTrue(
                    days.contains { window.contains($0) }, "someone signs between waves \(pair) and \(pair + 1)")
            }
            XCTAssertTrue(days.allSatisfy { day in windows.contains { $0.contains(day) } }, "every date in a window")
            XCTAssertTrue(days.allSatisfy { ($0 + 3) % 7 < 5 }, "weekdays (1970-01-01 was a Thursday)")
        }
    }

    /// Every organisation has a headcount of at least 1, mostly above its responses; one is a
    /// deliberate typo, lower than its responses.
    func testEveryOrganisationHasAHeadcount() throws {
        let register = try TestCSV.records(text("organisations.csv")).dropFirst()
        XCTAssertEqual(register.count, 45)
        let headcounts = register.map { Int($0[6]) ?? 0 }
        XCTAssertTrue(headcounts.allSatisfy { $0 >= 1 })
        var responses: [String: Int] = [:]
        for row in try TestCSV.records(text("baseline/responses.csv")).dropFirst() where row.count > 2 {
            responses[row[2], default: 0] += 1
        }
        let over = register.filter { (responses[$0[0]] ?? 0) > Int($0[6])! }.map { $0[0] }
        XCTAssertEqual(over, ["ORG038"], "only the planted typo has more responses than staff")
    }

    /// Two organisations take part only from the 12-month wave; one misses the 6-month wave.
    func testTwoJoinLateAndOneMissesTheMiddleWave() throws {
        func organisations(_ wave: String, in files: [GeneratedFile] = SurveyGeneratorTests.sample) throws -> Set<
            String
        > {
            Set(
                try TestCSV.records(text("\(wave)/responses.csv", in: files)).dropFirst().filter { $0.count > 2 }.map {
                    $0[2]
                })
        }
        let baseline = try organisations("baseline"), middle = try organisations("month-6"),
            last = try organisations("month-12")
        for late in ["ORG033", "ORG045"] {
            XCTAssertFalse(baseline.contains(late), late)
            XCTAssertFalse(middle.contains(late), late)
            XCTAssertTrue(last.contains(late), late)
        }
        XCTAssertTrue(baseline.contains("ORG031"))
        XCTAssertFalse(middle.contains("ORG031"))
        XCTAssertTrue(last.contains("ORG031"))
        // With more waves, the same: they join at month-12 and stay.
        let longer = SurveyGenerator(options: .init(respondents: 1500, waves: 4)).files()
        XCTAssertTrue(try organisations("month-18", in: longer).isSuperset(of: ["ORG031", "ORG033"]))
        // With two waves (the version 1 sample), everyone may take part in both.
        let two = SurveyGenerator(options: .init(waves: 2)).files()
        XCTAssertTrue(try organisations("month-6", in: two).contains("ORG031"))
        XCTAssertTrue(try organisations("baseline", in: two).contains("ORG033"))
    }

    func testOrganisationSizesVaryEnoughForSuppression() throws {
        let records = try TestCSV.records(text("baseline/responses.csv"))
        var sizes: [String: Int] = [:]
        for row in records.dropFirst() where row.count > 2 { sizes[row[2], default: 0] += 1 }
        XCTAssertTrue(sizes.values.contains { $0 >= 60 }, "a large trust")
        XCTAssertTrue(sizes.values.contains { $0 < 10 }, "a small group")
    }

    // MARK: Dates

    func testDatesAreWrittenTheUKWayAndByMonth() {
        XCTAssertEqual(CalendarDate(year: 2026, month: 2, day: 3).british, "03/02/2026")
        XCTAssertEqual(CalendarDate(year: 2026, month: 12, day: 31).monthAndYear, "December 2026")
    }
}

/// A minimal RFC 4180 reader for checking the generated files (BOM, LF, CRLF, quotes).
private enum TestCSV {
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        if pending == "\u{FEFF}" { pending = scalars.next() }
        while let scalar = pending {
            pending = scalars.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append(scalar)
                        pending = scalars.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": inQuotes = true
            case ",":
                record.append(field)
                field = ""
            case "\r", "\n":
                if scalar == "\r", pending == "\n" { pending = scalars.next() }
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}

extension NSRegularExpression {
    fileprivate func matches(_ text: String) -> Bool {
        firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
