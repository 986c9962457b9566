import XCTest
@testable import ReadinessCore

/// `SVGText.sanitised` and `escaped` against the scalar and character loops they shortcut.
final class SVGTextTests: XCTestCase {
    private func referenceSanitised(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                if scalar == "\t" || scalar == "\n" || scalar == "\r" { pendingSpace = true }
                continue
            }
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace && !scalars.isEmpty { scalars.append(" ") }
            pendingSpace = false
            scalars.append(scalar)
        }
        return String(scalars)
    }

    private func referenceEscaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }

    func testFastPathsMatchReference() {
        let alphabet: [Unicode.Scalar] = (0...0x7F).compactMap { Unicode.Scalar($0) }
            + [" ", " ", "a", "\u{A0}", "\u{301}", "\u{2028}", "é", "\u{FFFE}", "😀", "\u{85}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...10, using: &generator) { scalars.append(alphabet.randomElement(using: &generator)!) }
            let text = String(scalars)
            XCTAssertEqual(SVGText.sanitised(text), referenceSanitised(text), text.debugDescription)
            XCTAssertEqual(SVGText.escaped(text), referenceEscaped(text), text.debugDescription)
        }
        for text in ["", " ", "a  b", " a", "a ", "&\u{301}", "'\u{301}x", "plain words"] {
            XCTAssertEqual(SVGText.sanitised(text), referenceSanitised(text), text.debugDescription)
            XCTAssertEqual(SVGText.escaped(text), referenceEscaped(text), text.debugDescription)
        }
    }
}
