import XCTest

@testable import ReadinessCore

/// Nothing a terminal would obey reaches it: control characters, escape sequences, line
/// separators and bidirectional overrides are shown as U+FFFD.
final class TerminalTextTests: XCTestCase {
    func testControlCharactersBecomeReplacementCharacters() {
        let cases: [(String, String)] = [
            ("plain text, ünïcode ✓", "plain text, ünïcode ✓"),
            ("\u{1B}]0;owned\u{7}", "\u{FFFD}]0;owned\u{FFFD}"),
            ("\u{1B}[2J\u{1B}[31mred", "\u{FFFD}[2J\u{FFFD}[31mred"),
            ("a\nb\rc\td", "a\u{FFFD}b\u{FFFD}c\u{FFFD}d"),
            ("\u{9B}31m C1 CSI", "\u{FFFD}31m C1 CSI"),
            ("del\u{7F}", "del\u{FFFD}"),
            ("abc\u{202E}cba", "abc\u{FFFD}cba"),
            ("line\u{2028}sep", "line\u{FFFD}sep"),
            ("nul\u{0}", "nul\u{FFFD}"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(TerminalText.safe(text), expected, text.debugDescription)
        }
        XCTAssertEqual(TerminalText.safeLines(["a\u{1B}", "b"]), "a\u{FFFD}\nb")
        XCTAssertEqual(TerminalText.quoted("ti\u{1B}tle"), "'ti\u{FFFD}tle'")
        XCTAssertEqual(
            TerminalText.quoted(String(repeating: "x", count: 81)), "'" + String(repeating: "x", count: 80) + "…'")
    }

    func testDiagnosticsAreSafeAndOnOneLine() {
        let diagnostic = Diagnostic(
            file: "w1/wave.yaml", line: 3, column: 8,
            message: "opens: '\u{1B}[31m2024' is not a real ISO date\nfake.yaml:1:1: error: forged")
        XCTAssertEqual(
            diagnostic.description,
            "w1/wave.yaml:3:8: error: opens: '\u{FFFD}[31m2024' is "
                + "not a real ISO date\u{FFFD}fake.yaml:1:1: error: forged"
        )
        XCTAssertFalse(OutputError(path: "out/\u{1B}x", message: "m").description.contains("\u{1B}"))
    }
}
