import XCTest

@testable import ReadinessCore

/// `Markdown.escape` and the `CSVTable` writers against the plain string code they replace.
final class MarkdownTests: XCTestCase {
    /// The escape written plainly, one scalar at a time: controls (but tab and line breaks)
    /// and U+FFFE/U+FFFF become U+FFFD, format characters go (but ZWNJ, ZWJ), line breaks
    /// and tabs become spaces, HTML characters entities, syntax characters and every full
    /// stop are escaped, and `@` follows a word joiner.
    private func referenceEscape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0x0A || value == 0x0D || value == 0x09 || value == 0x2028 || value == 0x2029 {
                result += " "
            } else if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0xFFFE || value == 0xFFFF {
                result += "\u{FFFD}"
            } else if scalar.properties.generalCategory == .format && value != 0x200C && value != 0x200D {
                continue
            } else if "<>&".unicodeScalars.contains(scalar) {
                result += ["<": "&lt;", ">": "&gt;", "&": "&amp;"][Character(scalar)]!
            } else if "\\`*_[]|#~:.".unicodeScalars.contains(scalar) {
                result += "\\" + String(scalar)
            } else if scalar == "@" {
                result += "\u{2060}@"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static let alphabet: [Unicode.Scalar] =
        (0...0x7F).compactMap { Unicode.Scalar($0) }
        + [
            "\u{85}", "\u{2028}", "\u{2029}", "é", "\u{301}", "İ", "Ｗ", "ẘ", "\u{200D}", "😀", "\u{FFFD}", "W", "w", "w",
            ".",
            "\u{202E}", "\u{2066}", "\u{200B}", "\u{200E}", "\u{61C}", "\u{FEFF}", "\u{FFFE}", "\u{FFFF}", "\u{200C}",
            "\u{9F}",
        ]

    private func randomText(_ generator: inout SystemRandomNumberGenerator) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &generator) {
            scalars.append(Self.alphabet.randomElement(using: &generator)!)
        }
        return String(scalars)
    }

    func testEscapeMatchesReference() {
        let fixed = [
            "", "plain text 123", "www.example.org", "WwW.x", "a www.b", "ww.", "wwww.", "x.www.", "İwww.",
            "<b>&amp;</b>", "a|b", "1. item", "tab\there", "line\r\nbreak", "\u{0}\u{7F}", "Ｗww.", "e\u{301}",
        ]
        for text in fixed { XCTAssertEqual(Markdown.escape(text), referenceEscape(text), text.debugDescription) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50_000 {
            let text = randomText(&generator)
            XCTAssertEqual(Markdown.escape(text), referenceEscape(text), text.debugDescription)
        }
    }

    /// A comma, quote or line break followed by a combining mark is one Swift Character
    /// but still a comma, quote or line break in the file (Python's csv quotes it too).
    func testCSVQuotesSeparatorsFollowedByCombiningMarks() {
        XCTAssertEqual(CSVTable.escape(",\u{301}x"), "\",\u{301}x\"")
        XCTAssertEqual(CSVTable.escape("a\"\u{301}"), "\"a\"\"\u{301}\"")
        XCTAssertEqual(CSVTable.escape("a\n\u{301}"), "\"a\n\u{301}\"")
        XCTAssertEqual(CSVTable.escape("caf\u{E9}"), "caf\u{E9}")
        var table = CSVTable(header: ["x"])
        table.text(",\u{301}")
        XCTAssertEqual(String(decoding: table.bytes, as: UTF8.self), "x\n\",\u{301}\"")
    }

    /// A NUL followed by a combining mark still becomes U+FFFD in a workbook cell.
    func testWorkbookTextReplacesNULBeforeCombiningMark() {
        XCTAssertEqual(CellText.limited("a\u{0}\u{301}b"), "a\u{FFFD}\u{301}b")
    }

    /// The row builders write what `append` of the escaped strings wrote.
    func testCSVRowBuildersMatchAppend() {
        var generator = SystemRandomNumberGenerator()
        var built = CSVTable(header: ["a", "b,c", "d\"e"])
        var reference = "a,\"b,c\",\"d\"\"e\"\n"
        for _ in 0..<20_000 {
            let text = randomText(&generator) + (Bool.random(using: &generator) ? ",\u{301}" : "")
            let number: Double? =
                Bool.random(using: &generator) ? nil : Double.random(in: -1e6...1e6, using: &generator)
            let count = Int.random(in: -1000...1_000_000, using: &generator)
            let flag = Bool.random(using: &generator)
            built.text(text)
            built.number(number)
            built.integer(count)
            built.bool(flag)
            built.endRow()
            reference +=
                [text, CSVTable.number(number), String(count), CSVTable.bool(flag)].map(CSVTable.escape)
                .joined(separator: ",") + "\n"
        }
        XCTAssertEqual(built.text, reference)
        var appended = CSVTable(header: ["x"])
        appended.append(["1", "a\r\nb", "\"", ""])
        XCTAssertEqual(appended.text, "x\n1,\"a\r\nb\",\"\"\"\",\n")
    }
}
