import Foundation

/// How cells and headers are compared (SPEC §8.2, replacing §7's trimming): normalised
/// (NFC, U+2019 read as an ASCII apostrophe, every run of Python `str.isspace()` white
/// space one space, trimmed), then lowercased as Python's `str.lower()`.
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

    /// The form in which two texts are compared case-insensitively: `str.lower()` of the
    /// normalised text.
    public static func key(_ text: String) -> String {
        let normal = normalised(text)
        if normal.utf8.allSatisfy({ $0 < 0x80 }) { return normal.lowercased() }
        return normal.unicodeScalars.contains("\u{03A3}") ? pythonLowercased(normal) : normal.lowercased()
    }

    /// `key` of the text normalised once more: the form in which sheet names (wave.yaml's
    /// `sheet`) and the headers `readiness init` drafts from are compared.
    ///
    /// The same rule as `key` except where Foundation's NFC is not idempotent: a mark such as
    /// U+0F73 among other combining marks comes out of one pass out of canonical order, and
    /// this second pass reorders it. Kept apart from `key` (which the reader uses on every
    /// header and cell) so that neither changes a byte of what either side produces.
    static func normalisedKey(_ text: String) -> String {
        key(normalised(text))
    }

    /// SPEC §8.2: Unicode NFC; U+2019 becomes `'`; every run of white space (as Python's
    /// `str.isspace()`) becomes one space; leading and trailing spaces removed.
    ///
    /// The one normaliser of texts: the reader, the register, the instrument's checks,
    /// sheet names and `readiness init` all use it.
    public static func normalised(_ text: String) -> String {
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: NFC and U+2019 cannot apply; only white space can change.
            var previousSpace = true, changed = false
            for byte in utf8 {
                let space = (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x20)
                if space && (previousSpace || byte != 0x20) {
                    changed = true
                    break
                }
                previousSpace = space
            }
            if !changed && !previousSpace || utf8.isEmpty { return text }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count)
            var pending = false
            for byte in utf8 {
                if (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x20) {
                    pending = !bytes.isEmpty
                } else {
                    if pending { bytes.append(0x20) }
                    pending = false
                    bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        let composed = text.precomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        var pending = false
        for scalar in composed.unicodeScalars {
            if isPythonWhitespace(scalar) {
                pending = !scalars.isEmpty
            } else {
                if pending { scalars.append(" ") }
                pending = false
                scalars.append(scalar == "\u{2019}" ? "'" : scalar)
            }
        }
        return String(scalars)
    }

    /// Lowercasing with Python's final-sigma rule: Σ becomes ς after a cased letter when no
    /// cased letter follows (case-ignorable characters skipped), σ otherwise.
    static func pythonLowercased(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        func cased(around index: Int, step: Int) -> Bool {
            var position = index + step
            while position >= 0, position < scalars.count {
                let properties = scalars[position].properties
                if properties.isCaseIgnorable {
                    position += step
                    continue
                }
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
