import XCTest

@testable import ReadinessCore

/// SPEC §8.1: the keys `scales`, `default_scale`, `true_tokens`, `false_tokens` and an
/// item's `scale`, their YAML typing, and every validation error with its exact message.
final class ScaleValidationTests: XCTestCase {
    static func yaml(_ top: String, items: String = "      - {id: A1, text: a}") -> String {
        """
        id: x
        version: "1"
        title: X
        \(top)
        domains:
          - id: d
            items:
        \(items)
        """
    }

    func load(_ yaml: String) -> Result<Instrument, FatalInputError> {
        Result { () throws(FatalInputError) -> Instrument in try InstrumentLoader().load(yaml: yaml).instrument }
    }

    /// Every problem as printed: `instrument.yaml:LINE:COLUMN: error: PATH: MESSAGE`.
    func problems(_ yaml: String) -> [String] {
        guard case .failure(let error) = load(yaml) else { return [] }
        return error.diagnostics.map(\.description)
    }

    func testScalesLoadWithTheirTyping() throws {
        let instrument = try load(
            Self.yaml(
                """
                scales:
                  agree7:
                    labels: [Strongly disagree, Disagree, Somewhat disagree, Neither, Somewhat agree, Agree, Strongly agree]
                  q1: {labels: [Low, Mid, High], codes: [2, 4, 3]}
                  like3: {labels: [Dislike, [Neither like nor dislike, Neutral], Like], codes: [3, 2, 1], missing: ["-1", -2]}
                  redcap: {labels: [No, Yes], codes: [0, 1], favourable: [2]}
                  text: {labels: [a, b, c], codes: [x, "4", yes]}
                default_scale: agree7
                true_tokens: [Sí, yes, "1"]
                """,
                items: """
                          - {id: A1, text: a}
                          - {id: A2, text: b, scale: q1}
                          - {id: A3, text: c, scale: likert}
                    """)
        ).get()
        XCTAssertEqual(instrument.scales.map(\.name), ["agree7", "q1", "like3", "redcap", "text"])
        XCTAssertEqual(instrument.defaultScale, "agree7")
        XCTAssertEqual(instrument.scales[0].points, 7)
        XCTAssertEqual(instrument.scales[0].codes, (1...7).map { .integer($0) })
        XCTAssertEqual(instrument.scales[0].favourable, [5, 6, 7], "default: points above the middle")
        XCTAssertEqual(instrument.scales[1].codes, [.integer(2), .integer(4), .integer(3)])
        XCTAssertEqual(instrument.scales[1].favourable, [3])
        XCTAssertEqual(instrument.scales[2].labels[1], ["Neither like nor dislike", "Neutral"])
        XCTAssertEqual(instrument.scales[2].missing, ["-1", "-2"], "a plain -2 in missing is the text -2")
        XCTAssertEqual(instrument.scales[3].favourable, [2])
        XCTAssertEqual(
            instrument.scales[4].codes, [.text("x"), .text("4"), .text("yes")], "quoted 4 and plain yes are texts")
        XCTAssertEqual(instrument.trueTokens, ["Sí", "yes", "1"])
        XCTAssertEqual(instrument.falseTokens, Instrument.defaultFalseTokens)
        XCTAssertEqual(instrument.items.map(\.scale), [nil, "q1", "likert"])
        XCTAssertEqual(instrument.items.map { instrument.scale(of: $0).name }, ["agree7", "q1", "likert"])
        XCTAssertEqual(instrument.scalesInUse.map(\.name), ["agree7", "q1", "likert"])
    }

    func testDefaultFavourablePoints() {
        // i > (k + 1)/2: 4–5 of 5, 5–7 of 7, 3–4 of 4, 3 of 3, 2 of 2.
        XCTAssertEqual(AnswerScale.defaultFavourable(points: 5), [4, 5])
        XCTAssertEqual(AnswerScale.defaultFavourable(points: 7), [5, 6, 7])
        XCTAssertEqual(AnswerScale.defaultFavourable(points: 4), [3, 4])
        XCTAssertEqual(AnswerScale.defaultFavourable(points: 3), [3])
        XCTAssertEqual(AnswerScale.defaultFavourable(points: 2), [2])
        XCTAssertEqual(AnswerScale.defaultFavourable(points: 11), [7, 8, 9, 10, 11])
    }

    func testTheBuiltInScaleFollowsFavourableScore() {
        XCTAssertEqual(
            AnswerScale.builtIn(labels: Instrument.defaultLikertLabels, favourableScore: 75).favourable, [4, 5])
        XCTAssertEqual(
            AnswerScale.builtIn(labels: Instrument.defaultLikertLabels, favourableScore: 50).favourable, [3, 4, 5])
        XCTAssertEqual(
            AnswerScale.builtIn(labels: Instrument.defaultLikertLabels, favourableScore: 75.0000004).favourable,
            [4, 5],
            "compared at 6 decimals, as every threshold")
        XCTAssertEqual(
            AnswerScale.builtIn(labels: Instrument.defaultLikertLabels, favourableScore: 100).favourable, [5])
    }

    /// The examples of SPEC §8.1's table, one by one, located at their node.
    func testEveryValidationErrorOfTheTable() {
        let cases: [(String, String, String)] = [
            (
                "scales:\n  yes_no: {labels: [Yes]}", "A1",
                "instrument.yaml:5:20: error: scales.yes_no.labels: expected at least 2 labels, found 1"
            ),
            (
                "scales:\n  agree7: {labels: [a, b, c, '', e]}", "A1",
                "instrument.yaml:5:30: error: scales.agree7.labels[3]: must not be empty"
            ),
            (
                "scales:\n  agree7: {labels: [a, b, c, Agree, ' agree ']}", "A1",
                "instrument.yaml:5:37: error: scales.agree7.labels[4]: duplicate label 'agree' (also labels[3])"
            ),
            (
                "scales:\n  q1: {labels: [Low, Mid, High], codes: [1, 2, 3, 4]}", "A1",
                "instrument.yaml:5:41: error: scales.q1.codes: expected 3 codes (one per label), found 4"
            ),
            (
                "scales:\n  q1: {labels: [Low, Mid, High], codes: [3, 4, \"4\"]}", "A1",
                "instrument.yaml:5:48: error: scales.q1.codes[2]: duplicate code '4' (also codes[1])"
            ),
            (
                "scales:\n  q1: {labels: [Low, Mid, High], codes: [1.5, 2, 3]}", "A1",
                "instrument.yaml:5:42: error: scales.q1.codes[0]: expected an integer or a text, found 1.5"
            ),
            (
                "scales:\n  q1: {labels: [\"2\", Mid, High], codes: [1, 2, 3]}", "A1",
                "instrument.yaml:5:17: error: scales.q1.labels[0]: '2' is also the code of point 2 (codes[1])"
            ),
            (
                "scales:\n  like3: {labels: [Dislike, Neither, Like], codes: [3, 2, 1], missing: [\"1\"]}", "A1",
                "instrument.yaml:5:73: error: scales.like3.missing[0]: '1' is also the code of point 3 (codes[2])"
            ),
            (
                "scales:\n  like3: {labels: [Dislike, Neither, Like], missing: [neither]}", "A1",
                "instrument.yaml:5:55: error: scales.like3.missing[0]: 'neither' is also a label of point 2 (labels[1])"
            ),
            (
                "scales:\n  sm5: {labels: [N/A, b, c]}", "A1",
                "instrument.yaml:5:18: error: scales.sm5.labels[0]: 'N/A' is also a missing token"
            ),
            (
                "scales:\n  sm5: {labels: [a, b, c], codes: [DK, 2, 3]}", "A1",
                "instrument.yaml:5:36: error: scales.sm5.codes[0]: 'DK' is also a don't-know token"
            ),
            (
                "scales:\n  q1: {labels: [Low, Mid, High], favourable: [4]}", "A1",
                "instrument.yaml:5:47: error: scales.q1.favourable[0]: expected a point number from 1 to 3, found 4"
            ),
            (
                "scales:\n  q1: {labels: [Low, Mid, High], favourable: [3, 3]}", "A1",
                "instrument.yaml:5:50: error: scales.q1.favourable[1]: point 3 is repeated (also favourable[0])"
            ),
            (
                "scales:\n  q1: {labels: [Low, Mid, High], favourable: [x]}", "A1",
                "instrument.yaml:5:47: error: scales.q1.favourable[0]: expected a point number from 1 to 3, found 'x'"
            ),
            (
                "scales:\n  q1: {labels: [Low, Mid, High], favourable: [2.0]}", "A1",
                "instrument.yaml:5:47: error: scales.q1.favourable[0]: expected a point number from 1 to 3, found 2.0"
            ),
            (
                "scales:\n  q1: {labels: [Low, Mid, High], favourable: []}", "A1",
                "instrument.yaml:5:46: error: scales.q1.favourable: expected at least one point number"
            ),
            (
                "scales:\n  q1: {labels: [Low, Mid, High], favorable: [3]}", "A1",
                "instrument.yaml:5:34: error: scales.q1.favorable: "
                    + "unknown key; expected labels, codes, missing or favourable; did you mean 'favourable'?"
            ),
            (
                "scales:\n  1q: {labels: [Low, High]}", "A1",
                "instrument.yaml:5:3: error: scales.1q: '1q' must match ^[A-Za-z][A-Za-z0-9_]{0,31}$"
            ),
            (
                "scales:\n  likert: {labels: [Low, High]}", "A1",
                "instrument.yaml:5:3: error: scales.likert: the built-in "
                    + "scale likert is set by likert_labels; choose another name"
            ),
            (
                "scales:\n  agree7: {labels: [a, b]}", "{id: A1, text: a, scale: agre7}",
                "instrument.yaml:9:34: error: domains[0].items[0].scale: "
                    + "unknown scale 'agre7'; expected one of agree7, likert"
            ),
            (
                "default_scale: agre7", "A1",
                "instrument.yaml:4:16: error: default_scale: unknown scale 'agre7'; expected one of likert"
            ),
            (
                "scales:\n  agree7: {labels: [a, b]}",
                "{id: K1, type: knowledge, answer: true, text: k, scale: agree7}",
                "instrument.yaml:9:65: error: domains[0].items[0].scale: only likert items have a scale"
            ),
            (
                "false_tokens: [no, \"1\"]", "A1",
                "instrument.yaml:4:20: error: false_tokens[1]: '1' is also a true token"
            ),
            (
                "true_tokens: [yes, \"0\"]\nfalse_tokens: [no, \"0\"]", "A1",
                "instrument.yaml:5:20: error: false_tokens[1]: '0' is also a true token"
            ),
            (
                "true_tokens: [yes, N/A]", "A1",
                "instrument.yaml:4:20: error: true_tokens[1]: 'N/A' is also a missing token"
            ),
            (
                "true_tokens: [yes, dk]", "A1",
                "instrument.yaml:4:20: error: true_tokens[1]: 'dk' is also a don't-know token"
            ),
            ("true_tokens: []", "A1", "instrument.yaml:4:14: error: true_tokens: expected at least one token"),
        ]
        for (top, item, expected) in cases {
            let items = item == "A1" ? "      - {id: A1, text: a}" : "      - \(item)"
            XCTAssertEqual(problems(Self.yaml(top, items: items)), [expected], top)
        }
    }

    func testEveryProblemIsReportedAtOnce() {
        let found = problems(
            Self.yaml(
                """
                scales:
                  q1: {labels: [Low], codes: [1, 2], favourable: [0]}
                  likert: {labels: [a, b]}
                true_tokens: []
                """))
        XCTAssertEqual(found.count, 5, found.joined(separator: "\n"))
        XCTAssertTrue(found.contains { $0.contains("scales.q1.labels: expected at least 2 labels, found 1") })
        XCTAssertTrue(found.contains { $0.contains("scales.q1.codes: expected 1 codes (one per label), found 2") })
        XCTAssertTrue(
            found.contains { $0.contains("scales.q1.favourable[0]: expected a point number from 1 to 1, found 0") })
        XCTAssertTrue(found.contains { $0.contains("scales.likert: the built-in scale") })
        XCTAssertTrue(found.contains { $0.contains("true_tokens: expected at least one token") })
    }

    func testLabelEquivalentsAndOwnCodes() throws {
        // A label equal to its own point's code is fine; equivalent labels of one point too.
        let instrument = try load(
            Self.yaml(
                """
                scales:
                  q: {labels: [[One, "1"], [Two, two], Three]}
                """)
        ).get()
        XCTAssertEqual(instrument.scales[0].labels[0], ["One", "1"])
        XCTAssertEqual(
            problems(Self.yaml("scales:\n  q: {labels: [[One, \"\"], Two]}")),
            ["instrument.yaml:5:22: error: scales.q.labels[0][1]: must not be empty"])
        XCTAssertEqual(
            problems(Self.yaml("scales:\n  q: {labels: [[One, Uno], [Two, uno]]}")),
            ["instrument.yaml:5:34: error: scales.q.labels[1][1]: duplicate label 'uno' (also labels[0][1])"])
    }

    func testDomainsThatCannotBeScoredExactlyAreRefused() {
        // lcm(10, 11, 12, 13, 14, 16, 17) exceeds what a domain's units may reach.
        let sizes = [11, 12, 13, 14, 15, 17, 18]
        let scales = sizes.map { k in "  s\(k): {labels: [\((1...k).map { "p\($0)" }.joined(separator: ", "))]}" }
            .joined(separator: "\n")
        let items = sizes.enumerated().map { "      - {id: A\($0.offset), text: a, scale: s\($0.element)}" }.joined(
            separator: "\n")
        let found = problems(Self.yaml("scales:\n" + scales, items: items))
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(
            found[0].contains(
                "domains[0].items: its likert items' scales (11 points, 12 points, 13 points, 14 points, "
                    + "15 points, 17 points, 18 points) are too many different lengths"), found[0])
        XCTAssertEqual(ExactUnits.commonDenominator([5, 7, 11]), 60)
        XCTAssertEqual(ExactUnits.commonDenominator([5]), 4)
        XCTAssertEqual(ExactUnits.commonDenominator([]), 1)
    }
}
