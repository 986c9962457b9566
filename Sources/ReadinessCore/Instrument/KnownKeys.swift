import Yams

/// The keys each mapping of `instrument.yaml` and `wave.yaml` may hold, and the error for a
/// key it may not.
///
/// A misspelt key used to be ignored, so its value silently took the default: `wieght:
/// 0.15` weighed 1, `reversed: true` scored a reverse-worded statement the wrong way round.
/// Every unknown key is now an error at the key, in SPEC §8.1's form:
/// `PATH: unknown key; expected a, b or c; did you mean 'x'?`.
enum KnownKeys {
    static let instrument = [
        "id", "version", "title", "likert_labels", "missing_tokens", "dont_know_tokens", "levels",
        "thresholds", "columns", "roles", "domains", "glossary", "scales", "default_scale",
        "true_tokens", "false_tokens",
    ]
    static let thresholds = [
        "min_respondents", "min_organisations", "min_answered_fraction", "favourable_score",
        "min_change", "alpha", "max_organisation_share",
    ]
    static let level = ["name", "from"]
    static let domain = ["id", "title", "weight", "items"]
    static let item = ["id", "text", "type", "reverse", "answer", "aliases", "scale"]
    static let scale = ["labels", "codes", "missing", "favourable"]
    static let columns = FixedColumn.allCases.map(\.rawValue)
    static let wave = [
        "id", "title", "opens", "closes", "baseline", "source", "header_rows", "date_order",
        "require_response_id", "completion", "sheet",
    ]
    static let completion = ["column", "complete"]

    /// The largest edit distance at which a known key is suggested.
    static let suggestionDistance = 2

    /// The message for `key` found in the mapping at `path` (empty at the top level).
    static func message(key: String, path: String, expected: [String]) -> String {
        var message = "\(joined(path, key)): unknown key; expected \(list(expected))"
        if let suggestion = suggestion(for: key, among: expected) { message += "; did you mean '\(suggestion)'?" }
        return message
    }

    /// `path.key`, the key cut after 80 characters (a key can be any text).
    static func joined(_ path: String, _ key: String) -> String {
        let scalars = key.unicodeScalars
        let shown = scalars.count > 80 ? String(String.UnicodeScalarView(scalars.prefix(80))) + "…" : key
        return path.isEmpty ? shown : "\(path).\(shown)"
    }

    /// `a, b or c`.
    static func list(_ keys: [String]) -> String {
        guard keys.count > 1 else { return keys.first ?? "" }
        return keys.dropLast().joined(separator: ", ") + " or " + keys.last!
    }

    /// The known key nearest to `key` (case aside) within `suggestionDistance`; ties to
    /// the earliest in `known`.
    static func suggestion(for key: String, among known: [String]) -> String? {
        let target = Array(key.lowercased().unicodeScalars)
        guard !target.isEmpty else { return nil }
        var best: (key: String, distance: Int)?
        for candidate in known {
            let limit = min(suggestionDistance, (best?.distance ?? Int.max) - 1)
            guard limit >= 0,
                let distance = Suggestions.distance(target, Array(candidate.unicodeScalars), atMost: limit)
            else {
                continue
            }
            best = (candidate, distance)
        }
        return best?.key
    }

    /// One error per key of `mapping` not in `expected`, located at the key.
    static func problems(_ mapping: Node.Mapping, path: String, expected: [String], file: String) -> [Diagnostic] {
        mapping.compactMap { key, _ in
            let text = key.scalar?.string ?? ""
            guard !expected.contains(text) else { return nil }
            return Diagnostic(
                file: file, line: key.mark?.line, column: key.mark?.column,
                message: message(key: text, path: path, expected: expected))
        }
    }
}

extension Walker {
    /// Every key of `mapping` that `expected` does not list, as an error at the key.
    mutating func checkKeys(_ mapping: Node.Mapping, _ path: String, _ expected: [String]) {
        problems += KnownKeys.problems(mapping, path: path, expected: expected, file: file)
    }
}
