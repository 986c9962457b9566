import XCTest

@testable import ReadinessCore

/// SPEC §8.2 (normalisation) and §8.1 "Cells": the String rules, and the byte paths that
/// must agree with them.
final class ScaleCellsTests: XCTestCase {
    func testNormalisation() {
        let cases: [(String, String)] = [
            ("  Strongly   agree ", "Strongly agree"),
            ("(1)\u{A0}Trivial.", "(1) Trivial."),
            ("Strongly\u{202F}agree", "Strongly agree"),
            ("a\t\r\nb", "a b"),
            ("a\u{2007}\u{3000}b", "a b"),
            ("a\u{200B}b", "a\u{200B}b"),  // U+200B is not white space for str.isspace()
            ("Don\u{2019}t know", "Don't know"),
            ("E\u{301}ducation", "\u{C9}ducation"),  // NFC
            ("\u{85}x\u{2028}", "x"),
            ("", ""),
            ("   ", ""),
            ("plain", "plain"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(
                Array(TextMatching.normalised(text).unicodeScalars), Array(expected.unicodeScalars),
                text.debugDescription)
        }
        XCTAssertEqual(TextMatching.key(" ÉDUCATION\u{A0}"), "éducation")
        XCTAssertEqual(TextMatching.key("EDUCACIO\u{301}N"), TextMatching.key("educación"))
    }

    static let scalesYAML = """
        scales:
          q1: {labels: [Low, Mid, High], codes: [2, 4, 3]}
          like3: {labels: [Dislike, [Neither like nor dislike, Neutral], Like], codes: [3, 2, 1], missing: ["-1", "No opinion"]}
          signed: {labels: [Minus, Zero, Plus], codes: [-1, 0, 1]}
          words: {labels: [First, Second, Third], codes: [aa, bb, "07"]}
          agree7: {labels: [s1, s2, s3, s4, s5, s6, s7]}
          nps: {labels: [n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10], codes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}
        true_tokens: [Sí, yes, "1"]
        """

    static let domainsYAML = """
        domains:
          - id: d
            items:
              - {id: L, text: l}
              - {id: Q1, text: q, scale: q1}
              - {id: LK, text: l, scale: like3}
              - {id: SG, text: s, scale: signed}
              - {id: WD, text: w, scale: words}
              - {id: A7, text: a, scale: agree7}
              - {id: NP, text: n, scale: nps}
              - {id: KN, type: knowledge, answer: true, text: k}
        """

    func testLikertCellsOnEveryScale() {
        let instrument = ExportFixture.instrument(Self.scalesYAML, domains: Self.domainsYAML)
        let parser = CellParser(instrument: instrument)
        let index = Dictionary(uniqueKeysWithValues: instrument.scaleTable.enumerated().map { ($1.name, $0) })
        let cases: [(String, String, CellReading)] = [
            // Built-in: codes 1–5 (with leading zeros), labels, tokens.
            ("likert", "04", .answer(4)), ("likert", "0004", .answer(4)), ("likert", "4.0", .invalid),
            ("likert", "+4", .invalid),
            ("likert", "-4", .invalid), ("likert", "6", .invalid), ("likert", "strongly  AGREE", .answer(5)),
            ("likert", "N/A", .notAnswered),
            ("likert", "Don’t know", .notAnswered), ("likert", "", .notAnswered),
            // Recodes: 4 is point 2, 3 is point 3, 1 and 2's neighbours are not codes.
            ("q1", "4", .answer(2)), ("q1", "3", .answer(3)), ("q1", "2", .answer(1)), ("q1", "1", .invalid),
            ("q1", "5", .invalid),
            ("q1", "high", .answer(3)),
            // Reversed codes and the scale's missing.
            ("like3", "1", .answer(3)), ("like3", "3", .answer(1)), ("like3", "-1", .notAnswered),
            ("like3", "No  Opinion", .notAnswered),
            ("like3", "-01", .invalid), ("like3", "neutral", .answer(2)),
            ("like3", "Neither like nor dislike", .answer(2)),
            // Negative and zero codes.
            ("signed", "-1", .answer(1)), ("signed", "-01", .answer(1)), ("signed", "0", .answer(2)),
            ("signed", "-0", .answer(2)),
            ("signed", "00", .answer(2)), ("signed", "+1", .invalid), ("signed", "1", .answer(3)),
            ("signed", "--1", .invalid),
            // Text codes match as labels do: "07" is a text, so "7" is not it.
            ("words", "AA", .answer(1)), ("words", " bb ", .answer(2)), ("words", "07", .answer(3)),
            ("words", "7", .invalid),
            ("words", "third", .answer(3)),
            // Seven and eleven points.
            ("agree7", "6", .answer(6)), ("agree7", "7", .answer(7)), ("agree7", "8", .invalid),
            ("agree7", "S4", .answer(4)),
            ("nps", "0", .answer(1)), ("nps", "10", .answer(11)), ("nps", "010", .answer(11)), ("nps", "11", .invalid),
        ]
        for (scale, cell, expected) in cases {
            XCTAssertEqual(parser.likert(cell, scale: index[scale]!), expected, "\(scale): \(cell.debugDescription)")
        }
    }

    func testKnowledgeCells() {
        let instrument = ExportFixture.instrument(Self.scalesYAML, domains: Self.domainsYAML)
        let parser = CellParser(instrument: instrument)
        XCTAssertEqual(parser.knowledge("sí"), .answer(Answer.knowledgeTrue))
        XCTAssertEqual(parser.knowledge("SÍ"), .answer(Answer.knowledgeTrue))
        XCTAssertEqual(parser.knowledge("1"), .answer(Answer.knowledgeTrue))
        XCTAssertEqual(parser.knowledge("true"), .invalid, "a list given replaces the defaults")
        XCTAssertEqual(parser.knowledge("0"), .answer(Answer.knowledgeFalse))
        XCTAssertEqual(parser.knowledge("dk"), .answer(Answer.knowledgeDontKnow))
        XCTAssertEqual(parser.knowledge("N/A"), .notAnswered)
        let defaults = CellParser(instrument: ExportFixture.instrument())
        XCTAssertEqual(defaults.knowledge("1"), .answer(Answer.knowledgeTrue))
        XCTAssertEqual(defaults.knowledge("0"), .answer(Answer.knowledgeFalse))
        XCTAssertEqual(defaults.knowledge("2"), .invalid)
        XCTAssertEqual(defaults.knowledge("sí"), .invalid)
    }

    /// The byte tables (one byte; ASCII keys) give exactly what the String rules give.
    func testBytePathsAgreeWithTheRules() {
        let instrument = ExportFixture.instrument(
            Self.scalesYAML + "\nmissing_tokens: ['', N/A, '12']", domains: Self.domainsYAML)
        let parser = CellParser(instrument: instrument)
        let keys = CellKeys(instrument: instrument, parser: parser)
        var cells = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        cells += [
            "04", "-1", "-01", "-0", "00", "10", "010", "+1", "1.0", "Low", " low", "HIGH ", "No  opinion",
            "no\topinion",
            "Don’t know", "don't  KNOW", "Neither like nor dislike", "neutral", "aa", "BB", "07", "7", "Strongly agree",
            "strongly\u{A0}agree", "Sí", "yes", "TRUE", "dk", "n/a", "12", "012", "s7", "n10", "first", "Third  ",
            String(repeating: "x", count: 70), "x’y", "é",
        ]
        var random = SplitMix64(seed: 13)
        let alphabet = Array("0123456789-+ .aAbBlLoOwWhHiIgGnN/’\t".unicodeScalars)
        for _ in 0..<3000 {
            let length = Int(random.next() % 5) + 1
            cells.append(
                String(
                    String.UnicodeScalarView(
                        (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })))
        }
        for table in 0...keys.knowledgeTable {
            for cell in cells {
                let rules = table == keys.knowledgeTable ? parser.knowledge(cell) : parser.likert(cell, scale: table)
                var bytes = Array(cell.utf8)
                // The reader trims ASCII white space before the byte paths.
                while let first = bytes.first, ResponseReader.isASCIISpace(first) { bytes.removeFirst() }
                while let last = bytes.last, ResponseReader.isASCIISpace(last) { bytes.removeLast() }
                guard !bytes.isEmpty else { continue }
                let fast: CellReading? = bytes.withUnsafeBufferPointer { buffer in
                    if buffer.count == 1, buffer[0] < 0x80 {
                        let code = keys.oneByte[table * 128 + Int(buffer[0])]
                        return code > 0 ? .answer(UInt8(code)) : code == 0 ? .notAnswered : .invalid
                    }
                    return keys.reading(0, buffer.count, buffer, table: table)
                }
                if let fast { XCTAssertEqual(fast, rules, "table \(table): \(cell.debugDescription)") }
            }
        }
    }
}
