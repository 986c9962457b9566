import Foundation

/// Excel's rules for worksheet names.
public enum SheetName {
    public static let maximumLength = 31
    static let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
    /// Excel reserves "History" (case-insensitively) for its change-tracking sheet.
    static let reserved: Set<String> = ["history"]

    /// A name Excel accepts and no sheet in `taken` has (compared case-insensitively).
    ///
    /// Forbidden characters (`[]:*?/\`) and control characters become spaces, runs of
    /// white space become one space, the name is trimmed of white space and apostrophes at
    /// either end and cut to 31 UTF-16 units (whole characters only). An empty result is
    /// "Sheet". A taken name gets " (2)", " (3)"… with the stem shortened to fit 31.
    public static func sanitised(_ name: String, taken: Set<String>) -> String {
        var cleaned = ""
        var pendingSpace = false
        let spaced = String(
            String.UnicodeScalarView(
                name.unicodeScalars.map {
                    $0.properties.generalCategory == .control ? " " : $0
                }))
        for character in ReportText.neutralised(spaced) {
            let isSpace =
                forbidden.contains(character) || character.isWhitespace
                || character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
            if isSpace {
                pendingSpace = !cleaned.isEmpty
                continue
            }
            if pendingSpace { cleaned.append(" ") }
            pendingSpace = false
            cleaned.append(character)
        }
        var stem = trimmed(prefix(trimmed(cleaned), utf16Units: maximumLength))
        if stem.isEmpty { stem = "Sheet" }

        let takenLowercased = Set(taken.map { $0.lowercased() }).union(reserved)
        if !takenLowercased.contains(stem.lowercased()) { return stem }
        var number = 2
        while true {
            let suffix = " (\(number))"
            var shortened = trimmed(prefix(stem, utf16Units: maximumLength - suffix.utf16.count))
            if shortened.isEmpty { shortened = "Sheet" }
            let candidate = shortened + suffix
            if !takenLowercased.contains(candidate.lowercased()) { return candidate }
            number += 1
        }
    }

    /// The worksheet name of each sheet, in order: sanitised and unique.
    public static func assigned(_ sheets: [Sheet]) -> [String] {
        var taken = Set<String>()
        return sheets.map { sheet in
            let name = sanitised(sheet.name, taken: taken)
            taken.insert(name)
            return name
        }
    }

    /// The worksheet name a chart series' `sheet` refers to: a model name (the first sheet
    /// with it, when several share one), else an assigned worksheet name.
    static func references(_ sheets: [Sheet], assigned: [String]) -> [String: String] {
        var references: [String: String] = [:]
        for (sheet, name) in zip(sheets, assigned) where references[sheet.name] == nil {
            references[sheet.name] = name
        }
        for name in assigned where references[name] == nil {
            references[name] = name
        }
        return references
    }

    /// Drops white space and apostrophes at both ends (Excel refuses a leading or trailing
    /// apostrophe).
    static func trimmed(_ text: String) -> String {
        let isTrimmable = { (character: Character) in character == "'" || character.isWhitespace }
        guard let first = text.firstIndex(where: { !isTrimmable($0) }),
            let last = text.lastIndex(where: { !isTrimmable($0) })
        else { return "" }
        return String(text[first...last])
    }

    static func prefix(_ text: String, utf16Units limit: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let units = character.utf16.count
            if used + units > limit { break }
            result.append(character)
            used += units
        }
        return result
    }
}
