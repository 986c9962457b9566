import XCTest

@testable import ReadinessCore

final class InstrumentLoaderTests: XCTestCase {
    func load(_ yaml: String) -> Result<Instrument, FatalInputError> {
        Result { () throws(FatalInputError) -> Instrument in try InstrumentLoader().load(yaml: yaml).instrument }
    }

    func problems(_ yaml: String) -> [String] {
        guard case .failure(let error) = load(yaml) else { return [] }
        return error.diagnostics.map(\.message)
    }

    func testDefaults() throws {
        let instrument = try load(
            """
            id: x
            version: 1.0
            title: X
            domains:
              - id: d
                items: [{id: A1, text: a}]
            """
        ).get()
        XCTAssertEqual(instrument.version, "1.0")
        XCTAssertEqual(instrument.likertLabels, Instrument.defaultLikertLabels)
        XCTAssertEqual(instrument.levels, Instrument.defaultLevels)
        XCTAssertEqual(instrument.thresholds, Thresholds())
        XCTAssertEqual(instrument.domains[0].weight, 1)
        XCTAssertEqual(instrument.domains[0].title, "d")
    }

    func testTheSampleInstrumentFromTheSpecLoads() throws {
        let instrument = try load(TestInstrument.yaml).get()
        XCTAssertEqual(instrument.items.map(\.id), ["C1", "C2", "C3", "C4", "C5", "I1", "K1"])
        XCTAssertEqual(instrument.items[6].kind, .knowledge(answer: false))
        XCTAssertEqual(instrument.domains[1].weight, 2)
        XCTAssertEqual(instrument.thresholds.minRespondents, 2)
    }

    /// Every rule reports its path, and every problem is reported at once.
    func testEveryProblemWithItsPath() {
        let found = problems(
            """
            id: x
            version: "1"
            title: X
            likert_labels: [a, b, c, d, A]
            levels: [{name: Low, from: 0}, {name: High, from: 0}, {from: 101}]
            thresholds: {min_respondents: 0, min_organisations: 2.5, min_answered_fraction: 0, favourable_score: 101, min_change: -1, alpha: 1}
            columns: {response_id: [Org], organisation_id: [Org], nickname: [n]}
            domains:
              - id: 1bad
                weight: 0
                items:
                  - {id: A1, text: a, reverse: "yes"}
                  - {id: A1, text: b}
                  - {id: K1, type: knowledge, text: k}
                  - {id: K2, type: knowledge, answer: maybe, text: k}
                  - {id: A3, text: c, aliases: [a1]}
              - id: 1bad
                weight: "2"
                items: [{id: B1, text: b, type: scale}]
            """)
        let expected = [
            "likert_labels[4]: duplicate label 'A'",
            "levels[1].from: levels must ascend: 0.0 is not above 0.0",
            "levels[2].name: missing",
            "levels[2].from: must be between 0 and 100, found 101.0",
            "thresholds.min_respondents: must be an integer from 1 to 1000000000, found 0",
            "thresholds.min_organisations: expected an integer, found '2.5'",
            "thresholds.min_answered_fraction: must be in (0, 1], found 0.0",
            "thresholds.favourable_score: must be in [0, 100], found 101.0",
            "thresholds.min_change: must be in [0, 100], found -1.0",
            "thresholds.alpha: must be in (0, 1), found 1.0",
            "columns.nickname: unknown key; expected response_id, organisation_id, submitted_at or role",
            "domains[0].id: '1bad' must match ^[A-Za-z][A-Za-z0-9_]{0,31}$",
            "domains[0].weight: must be greater than 0, found 0.0",
            "domains[0].items[0].reverse: expected true or false, found 'yes'",
            "domains[0].items[1].id: duplicate item id 'A1' (also domains[0].items[0])",
            "domains[0].items[2].answer: missing (a knowledge item needs answer: true or false)",
            "domains[0].items[3].answer: expected true or false, found 'maybe'",
            "domains[1].id: '1bad' must match ^[A-Za-z][A-Za-z0-9_]{0,31}$",
            "domains[1].id: duplicate domain id '1bad' (also domains[0])",
            "domains[1].weight: expected a number, found '2'",
            "domains[1].items[0].type: expected likert or knowledge, found 'scale'",
            "columns.organisation_id[0]: alias 'Org' collides with column response_id",
            "domains[0].items[4].aliases[0]: alias 'a1' collides with item A1",
        ]
        for message in expected {
            XCTAssertTrue(
                found.contains(message), "missing problem: \(message)\nfound:\n\(found.joined(separator: "\n"))")
        }
    }

    func testRequiredKeysAndTypes() {
        let found = problems(
            """
            title: [not, text]
            domains: {}
            """)
        XCTAssertTrue(found.contains("id: missing"))
        XCTAssertTrue(found.contains("version: missing"))
        XCTAssertTrue(found.contains("title: expected a text value, found a list"))
        XCTAssertTrue(found.contains("domains: expected a list of domains, found a mapping"))
    }

    func testItemIDCollidingWithAFixedColumn() {
        let found = problems(
            """
            id: x
            version: "1"
            title: X
            domains: [{id: d, items: [{id: Role, text: r}]}]
            """)
        XCTAssertEqual(found, ["domains[0].items[0].id: item id 'Role' collides with column role"])
    }

    func testDiagnosticsCarryTheLine() {
        guard
            case .failure(let error) = load(
                "id: x\nversion: '1'\ntitle: X\ndomains:\n  - id: d\n    weight: -2\n    items: [{id: A, text: a}]\n")
        else { return XCTFail("expected a failure") }
        XCTAssertEqual(
            error.diagnostics.first?.description,
            "instrument.yaml:6:13: error: domains[0].weight: must be greater than 0, found -2.0")
    }

    func testMinimumAnsweredIsExactDecimal() {
        var thresholds = Thresholds()
        XCTAssertEqual(thresholds.minimumAnswered(outOf: 5), 3)
        XCTAssertEqual(thresholds.minimumAnswered(outOf: 4), 2)
        XCTAssertEqual(thresholds.minimumAnswered(outOf: 0), 1)
        thresholds.minAnsweredFraction = Decimal(string: "0.1")!
        XCTAssertEqual(thresholds.minimumAnswered(outOf: 30), 3, "0.1 × 30 is exactly 3, not 3.0000000000000004")
        thresholds.minAnsweredFraction = Decimal(string: "0.7")!
        XCTAssertEqual(thresholds.minimumAnswered(outOf: 10), 7)
    }
}

final class EmptyIDTests: XCTestCase {
    func testEmptyDomainAndItemIDsAreProblems() {
        let yaml =
            "id: x\nversion: '1'\ntitle: t\ndomains: [{id: \"\", items: [{id: \"\", text: a}, {id: A1, text: b}]}]\n"
        guard
            case .failure(let error) = Result(catching: { () throws(FatalInputError) -> Instrument in
                try InstrumentLoader().load(yaml: yaml).instrument
            })
        else { return XCTFail("an empty id must be refused") }
        let messages = error.diagnostics.map(\.message)
        XCTAssertTrue(messages.contains { $0.hasPrefix("domains[0].id: must not be empty") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("domains[0].items[0].id: must not be empty") }, "\(messages)")
    }
}
