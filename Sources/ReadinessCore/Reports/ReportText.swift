/// Text from the inputs made safe to show, before any format's own escaping: one rule for
/// every report (Markdown, SVG, workbooks), so a name reads the same everywhere.
///
/// - Control characters (C0 except tab, line feed and carriage return; DEL; C1) and the
///   non-characters U+FFFE and U+FFFF become U+FFFD: XML 1.0 forbids most of them outright,
///   so a workbook part or an SVG holding one cannot be opened, and the others are invisible.
/// - Format characters (general category Cf) are removed: the bidirectional embeddings,
///   overrides and isolates (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F,
///   U+061C) would reverse the text after them ("Bidi ‹RLO›evil‹PDF›" reads "Bidi live"),
///   and zero-width characters hide text. The zero-width non-joiner and joiner (U+200C,
///   U+200D) stay: scripts such as Persian and emoji sequences need them.
///
/// Tab and line breaks are left to each format (a workbook cell keeps them, a Markdown
/// table cell cannot). CSV files are not passed through here: SPEC §7 says how they are written.
public enum ReportText {
    /// `text` with controls replaced and format characters removed.
    public static func neutralised(_ text: String) -> String {
        if isPlain(text) { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch action(scalar) {
            case .keep: scalars.append(scalar)
            case .replace: scalars.append("\u{FFFD}")
            case .remove: continue
            }
        }
        return String(scalars)
    }

    /// How many scalars of `text` `neutralised` replaces by U+FFFD.
    public static func replacedCount(_ text: String) -> Int {
        if isPlain(text) { return 0 }
        return text.unicodeScalars.reduce(0) { $0 + (action($1) == .replace ? 1 : 0) }
    }

    enum Action { case keep, replace, remove }

    static func action(_ scalar: Unicode.Scalar) -> Action {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return .keep
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: return .replace
        case 0x200C, 0x200D: return .keep
        case 0x20...0x7E: return .keep
        default: return scalar.properties.generalCategory == .format ? .remove : .keep
        }
    }

    /// Printable ASCII, tab and line breaks: left as it is.
    static func isPlain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            for byte in utf8 where byte >= 0x7F || (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) {
                return false
            }
            return true
        }
    }

    /// The input text of a wave that holds characters `neutralised` replaces: each source once.
    static func replacements(in analysis: WaveAnalysis) -> [ReplacedText] {
        var found: [ReplacedText] = []
        func check(_ text: String, _ source: @autoclosure () -> String) {
            let count = replacedCount(text)
            if count > 0 { found.append(ReplacedText(source: source(), characters: count)) }
        }
        let instrument = analysis.instrument
        check(instrument.title, "instrument.yaml, title")
        for domain in instrument.domains {
            check(domain.title, "instrument.yaml, domain \(domain.id) title")
            for item in domain.items { check(item.text, "instrument.yaml, item \(item.id) text") }
        }
        for (index, label) in instrument.likertLabels.enumerated() {
            check(label, "instrument.yaml, likert label \(index + 1)")
        }
        for level in instrument.levels { check(level.name, "instrument.yaml, a level name") }
        for role in instrument.roles { check(role, "instrument.yaml, a role") }
        for entry in instrument.glossary {
            check(entry.term, "instrument.yaml, a glossary term")
            check(entry.definition, "instrument.yaml, a glossary definition")
        }
        for organisation in analysis.register.organisations {
            check(organisation.name, "organisations.csv, organisation \(organisation.id), name")
            check(organisation.sector, "organisations.csv, organisation \(organisation.id), sector")
        }
        check(analysis.wave.title, "\(analysis.wave.folder)/wave.yaml, title")
        for column in analysis.responses.quality.unknownColumns {
            check(column, "responses.csv, an unknown column's name")
        }
        for reject in analysis.responses.rejects {
            check(reject.responseID, "responses.csv line \(reject.line), response_id")
        }
        return found
    }
}
