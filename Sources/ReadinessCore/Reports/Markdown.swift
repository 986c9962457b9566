import Foundation

/// Building blocks for Markdown reports that carry any text safely: no broken table, no
/// live HTML, link or code span from a name.
public enum Markdown {
    /// `text` as inert Markdown inline text on one line.
    public static func escape(_ text: String) -> String {
        if isInert(text) { return text }
        var result = ""
        // The three scalars before the current one, oldest first.
        var recent: (Unicode.Scalar?, Unicode.Scalar?, Unicode.Scalar?) = (nil, nil, nil)
        for scalar in text.unicodeScalars {
            defer { recent = (recent.1, recent.2, scalar) }
            switch scalar {
            case "\n", "\r", "\t", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": result += " "
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", ":", "@":
                result += "\\" + String(scalar)
            case ".":
                // "www." starts an autolink in GitHub's Markdown. Only "w" and "W" lowercase to "w".
                let isW = { (scalar: Unicode.Scalar?) in scalar == "w" || scalar == "W" }
                result += isW(recent.0) && isW(recent.1) && isW(recent.2) ? "\\." : "."
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { result += "\u{FFFD}" } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// Whether `escape` leaves `text` as it is: printable ASCII with nothing to escape (a
    /// full stop only where it does not follow "www").
    private static func isInert(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            // The last three bytes, most recent lowest, each folded to lowercase ASCII.
            var recent: UInt32 = 0
            for byte in utf8 {
                switch byte {
                case 0x20, 0x21, 0x22, 0x24, 0x25, 0x27...0x29, 0x2B...0x2D, 0x2F...0x39, 0x3B, 0x3D, 0x3F, 0x41...0x5A, 0x5E,
                     0x61...0x7B, 0x7D:
                    break
                case 0x2E:
                    if recent & 0xFF_FFFF == 0x77_7777 { return false }
                default:
                    return false
                }
                recent = recent << 8 | UInt32(byte | 0x20)
            }
            return true
        }
    }

    /// A pipe table with a header row.
    public static func table(_ header: [String], _ rows: [[String]], alignRight: Set<Int> = []) -> String {
        var lines = ["| " + header.joined(separator: " | ") + " |"]
        lines.append("|" + header.indices.map { alignRight.contains($0) ? " ---: |" : " --- |" }.joined())
        for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A score with 1 decimal, or a dash.
    public static func score(_ value: Double?) -> String {
        guard let value else { return "—" }
        return oneDecimal(value)
    }

    /// One decimal, `-0.0` written `0.0`.
    public static func oneDecimal(_ value: Double) -> String {
        let text = Rounding.printf(value, decimals: 1)
        return text == "-0.0" ? "0.0" : text
    }

    /// A signed change with 1 decimal.
    public static func signed(_ value: Double) -> String {
        let text = oneDecimal(value)
        return value > 0 && text != "0.0" ? "+" + text : text
    }

    /// A p-value with 3 decimals, or `<0.001`.
    public static func pValue(_ p: Double) -> String {
        p < 0.001 ? "<0.001" : Rounding.printf(p, decimals: 3)
    }

    /// A 95% interval written `low–high`.
    public static func interval(_ low: Double?, _ high: Double?) -> String {
        guard let low, let high else { return "—" }
        return "\(oneDecimal(low))–\(oneDecimal(high))"
    }

    /// The notice that opens every report built from synthetic data.
    public static func syntheticNotice(_ synthetic: Bool) -> String {
        synthetic
            ? "> **Synthetic data.** This report was built from a synthetic sample survey: every organisation, respondent and figure in it is fictional.\n\n"
            : ""
    }
}
