/// How cells and headers are compared (SPEC §7): trimmed of Unicode white space as
/// Python's `str.strip()` does, lowercased, and U+2019 read as an ASCII apostrophe.
public enum TextMatching {
    /// The white space Python's `str.isspace()` accepts.
    @inline(__always)
    public static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// `text` without leading and trailing white space, as `str.strip()`.
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isPythonWhitespace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isPythonWhitespace($0) })!
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }

    /// The form in which two texts are compared case-insensitively.
    public static func key(_ text: String) -> String {
        let trimmed = trimmed(text)
        var folded = trimmed.unicodeScalars.contains("\u{03A3}") ? pythonLowercased(trimmed) : trimmed.lowercased()
        if folded.unicodeScalars.contains("\u{2019}") {
            folded = String(String.UnicodeScalarView(folded.unicodeScalars.map { $0 == "\u{2019}" ? "'" : $0 }))
        }
        return folded
    }

    /// Lowercasing with Python's final-sigma rule: Σ becomes ς after a cased letter when no
    /// cased letter follows (case-ignorable characters skipped), σ otherwise.
    static func pythonLowercased(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        func cased(around index: Int, step: Int) -> Bool {
            var position = index + step
            while position >= 0, position < scalars.count {
                let properties = scalars[position].properties
                if properties.isCaseIgnorable { position += step; continue }
                return properties.isCased
            }
            return false
        }
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" {
                result += cased(around: index, step: -1) && !cased(around: index, step: 1) ? "\u{03C2}" : "\u{03C3}"
            } else {
                result += String(scalar).lowercased()
            }
        }
        return result
    }

    /// Unicode code-point order, as the SPEC sorts (Swift's `<` on String is not that).
    public static func codePointLess(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}
