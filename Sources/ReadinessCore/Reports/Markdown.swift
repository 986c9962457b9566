import Foundation

/// Building blocks for Markdown reports that carry any text safely: no broken table, no
/// live HTML, link or code span from a name.
public enum Markdown {
    /// `text` as inert Markdown inline text on one line.
    public static func escape(_ text: String) -> String {
        var result = ""
        var recent: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            defer { recent = Array((recent + [scalar]).suffix(3)) }
            switch scalar {
            case "\n", "\r", "\t", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": result += " "
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", ":", "@":
                result += "\\" + String(scalar)
            case ".":
                // "www." starts an autolink in GitHub's Markdown.
                result += String(String.UnicodeScalarView(recent)).lowercased() == "www" ? "\\." : "."
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { result += "\u{FFFD}" } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
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
        let text = String(format: "%.1f", value)
        return text == "-0.0" ? "0.0" : text
    }

    /// A signed change with 1 decimal.
    public static func signed(_ value: Double) -> String {
        let text = oneDecimal(value)
        return value > 0 && text != "0.0" ? "+" + text : text
    }

    /// A p-value with 3 decimals, or `<0.001`.
    public static func pValue(_ p: Double) -> String {
        p < 0.001 ? "<0.001" : String(format: "%.3f", p)
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
