import XCTest

@testable import ReadinessCore

final class CellValuesTests: XCTestCase {
    static func instrument(missing: [String]? = nil, dontKnow: [String]? = nil) -> Instrument {
        Instrument(
            id: "t", version: "1", title: "t", likertLabels: Instrument.defaultLikertLabels,
            missingTokens: missing ?? Instrument.defaultMissingTokens,
            dontKnowTokens: dontKnow ?? Instrument.defaultDontKnowTokens, levels: Instrument.defaultLevels,
            thresholds: Thresholds(), columns: ColumnAliases(), roles: [], domains: [], glossary: [])
    }

    func testLikert() {
        let parser = CellParser(instrument: Self.instrument())
        let cases: [(String, CellReading)] = [
            ("1", .answer(1)), ("5", .answer(5)), (" 3 ", .answer(3)), ("04", .answer(4)), ("0004", .answer(4)),
            ("0", .invalid), ("6", .invalid), ("4.0", .invalid), ("+4", .invalid), ("-1", .invalid), ("٤", .invalid),
            ("Agree", .answer(4)), ("  strongly AGREE ", .answer(5)), ("Neither agree nor disagree", .answer(3)),
            ("", .notAnswered), ("   ", .notAnswered), ("N/A", .notAnswered), ("na", .notAnswered),
            ("Prefer not to say", .notAnswered), ("Don't know", .notAnswered), ("Don’t know", .notAnswered),
            ("dk", .notAnswered), ("yes", .invalid), ("\u{A0}2\u{3000}", .answer(2)),
        ]
        for (cell, expected) in cases {
            XCTAssertEqual(parser.likert(cell), expected, cell.debugDescription)
        }
    }

    func testKnowledge() {
        let parser = CellParser(instrument: Self.instrument())
        let cases: [(String, CellReading)] = [
            ("true", .answer(Answer.knowledgeTrue)), ("T", .answer(Answer.knowledgeTrue)),
            ("Yes", .answer(Answer.knowledgeTrue)),
            ("FALSE", .answer(Answer.knowledgeFalse)), ("f", .answer(Answer.knowledgeFalse)),
            ("no", .answer(Answer.knowledgeFalse)),
            ("Don’t know", .answer(Answer.knowledgeDontKnow)), ("DK", .answer(Answer.knowledgeDontKnow)),
            ("", .notAnswered), ("N/A", .notAnswered), ("1", .answer(Answer.knowledgeTrue)),
            ("0", .answer(Answer.knowledgeFalse)),
            ("01", .invalid), ("2", .invalid), ("y", .invalid), ("Agree", .invalid),
        ]
        for (cell, expected) in cases {
            XCTAssertEqual(parser.knowledge(cell), expected, cell.debugDescription)
        }
    }

    func testTokensInTheInstrumentReplaceTheDefaults() {
        let parser = CellParser(instrument: Self.instrument(missing: ["skip"], dontKnow: ["unsure"]))
        XCTAssertEqual(parser.likert("N/A"), .invalid)
        XCTAssertEqual(parser.likert("skip"), .notAnswered)
        XCTAssertEqual(parser.likert(""), .notAnswered, "an empty cell is always not answered")
        XCTAssertEqual(parser.likert("DK"), .invalid)
        XCTAssertEqual(parser.knowledge("unsure"), .answer(Answer.knowledgeDontKnow))
        XCTAssertEqual(parser.knowledge("DK"), .invalid)
    }
}
