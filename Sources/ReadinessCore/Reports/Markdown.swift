import Foundation

/// Building blocks for Markdown reports that carry any text safely: no broken table, no
/// live HTML, link or code span from a name.
public enum Markdown {
    /// `text` as inert Markdown inline text on one line, in every renderer we check
    /// (cmark-gfm with its autolink, tagfilter, table and strikethrough extensions, as
    /// GitHub renders; markdown-it with linkify).
    ///
    /// After `ReportText.neutralised`: line breaks and tabs become spaces; `<`, `>`, `&`
    /// become entities (no HTML); punctuation that opens emphasis, code, links, tables or
    /// headings is backslash-escaped. Links need more: every full stop is escaped, so that
    /// markdown-it's linkify, which keeps an escaped character as a token of its own, finds no
    /// bare domain ("README.md", "example.com"); and every `@` gets a word joiner (U+2060,
    /// invisible) in front, because cmark-gfm's e-mail autolink joins escaped text back
    /// together and still links `a\@b.com`, but no e-mail address holds U+2060.
    public static func escape(_ text: String) -> String {
        if isInert(text) { return text }
        var result = ""
        for scalar in ReportText.neutralised(text).unicodeScalars {
            switch scalar {
            case "\n", "\r", "\t", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": result += " "
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", ":", ".":
                result += "\\" + String(scalar)
            case "@": result += "\u{2060}@"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether `escape` leaves `text` as it is: printable ASCII with nothing to escape.
    private static func isInert(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case 0x20, 0x21, 0x22, 0x24, 0x25, 0x27...0x29, 0x2B...0x2D, 0x2F...0x39, 0x3B, 0x3D, 0x3F, 0x41...0x5A,
                    0x5E,
                    0x61...0x7B, 0x7D:
                    continue
                default:
                    return false
                }
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

    /// Pipe tables no wider than `maxColumns`: the first `keep` columns repeat in each, the
    /// others are shared out in order, so a table prints on a page and reads on a phone.
    public static func tables(
        _ header: [String], _ rows: [[String]], alignRight: Set<Int> = [], keep: Int = 1,
        maxColumns: Int = 7
    ) -> String {
        guard header.count > maxColumns, keep < maxColumns else { return table(header, rows, alignRight: alignRight) }
        let rest = Array(keep..<header.count)
        let size = maxColumns - keep
        let parts = (rest.count + size - 1) / size
        // Even shares: 10 columns over two tables of six rather than seven and three.
        let share = (rest.count + parts - 1) / parts
        return stride(from: 0, to: rest.count, by: share).map { start -> String in
            let columns = Array(0..<keep) + rest[start..<min(rest.count, start + share)]
            let right = Set(columns.indices.filter { alignRight.contains(columns[$0]) })
            return table(
                columns.map { header[$0] }, rows.map { row in columns.map { $0 < row.count ? row[$0] : "" } },
                alignRight: right)
        }.joined(separator: "\n")
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

    /// A percentage with 1 decimal (`%.1f%%`), e.g.
    ///
    /// `32.5%`.
    public static func percent(_ value: Double) -> String {
        oneDecimal(value) + "%"
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
            ? "> **Synthetic data.** This report was built from a synthetic sample "
                + "survey: every organisation, respondent and figure in it is fictional.\n\n"
            : ""
    }
}
