import XCTest

@testable import ReadinessCore

/// `SVGText.sanitised` and `escaped` against the scalar and character loops they shortcut.
final class SVGTextTests: XCTestCase {
    private func referenceSanitised(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for original in text.unicodeScalars {
            // Controls but tab and line breaks, and U+FFFE/U+FFFF, read as U+FFFD; format characters are dropped.
            var scalar = original
            if scalar.properties.generalCategory == .control || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                if scalar == "\t" || scalar == "\n" || scalar == "\r" {
                    pendingSpace = true
                    continue
                }
                scalar = "\u{FFFD}"
            }
            if scalar.properties.generalCategory == .format && scalar.value != 0x200C && scalar.value != 0x200D {
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

    /// By Unicode scalar, as an XML parser reads (a loop over Characters once missed `<` +
    /// a combining mark).
    private func referenceEscaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    func testMarkupFollowedByACombiningMarkIsEscaped() {
        // Each is one Character but two scalars: the markup scalar must still be escaped.
        let cases: [(String, String)] = [
            ("<\u{301}", "&lt;\u{301}"), ("&\u{301}", "&amp;\u{301}"), (">\u{20DD}", "&gt;\u{20DD}"),
            ("\"\u{308}x", "&quot;\u{308}x"), ("a'\u{327}", "a&apos;\u{327}"), ("<\u{301}/svg>", "&lt;\u{301}/svg&gt;"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(
                Array(SVGText.escaped(text).unicodeScalars), Array(expected.unicodeScalars), text.debugDescription)
        }
    }

    private func referenceFixed(_ value: Double, decimals: Int, trimZeros: Bool, minus: String) -> String {
        guard value.isFinite else { return "0" }
        let places = max(0, min(decimals, 6))
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let magnitude = min(abs(value) * Double(scale), 9e15).rounded(.toNearestOrAwayFromZero)
        let scaled = Int64(magnitude)
        var text = String(scaled / scale)
        if places > 0 {
            var digits = String(scaled % scale)
            digits = String(repeating: "0", count: places - digits.count) + digits
            if trimZeros {
                while digits.last == "0" { digits.removeLast() }
            }
            if !digits.isEmpty { text += "." + digits }
        }
        return (value < 0 && scaled != 0 ? minus : "") + text
    }

    func testNumbersMatchReference() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [
            0, -0.0, 0.004, -0.004, 0.005, -0.005, 1.5, -2.5, 100, 9e15, -1e20, .nan, .infinity, 0.1, 0.12,
        ]
        for _ in 0..<20_000 {
            values.append(Double.random(in: -1000...1000, using: &generator))
            values.append(Double(Int.random(in: -100_000...100_000, using: &generator)) / 100)
        }
        for value in values {
            for decimals in -1...7 {
                for (trim, minus) in [(true, "-"), (false, "\u{2212}")] {
                    XCTAssertEqual(
                        SVGNumber.fixed(value, decimals: decimals, trimZeros: trim, minus: minus),
                        referenceFixed(value, decimals: decimals, trimZeros: trim, minus: minus), "\(value) \(decimals)"
                    )
                }
            }
        }
    }

    func testFastPathsMatchReference() {
        let alphabet: [Unicode.Scalar] =
            (0...0x7F).compactMap { Unicode.Scalar($0) }
            + [
                " ", " ", "a", "\u{A0}", "\u{301}", "\u{2028}", "é", "\u{FFFE}", "😀", "\u{85}", "\u{202E}", "\u{200D}",
                "\u{2069}",
            ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...10, using: &generator) {
                scalars.append(alphabet.randomElement(using: &generator)!)
            }
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
