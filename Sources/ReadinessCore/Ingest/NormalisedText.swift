import Foundation

/// Texts as SPEC §8.2 compares them: NFC, U+2019 read as `'`, every run of white space
/// (Python's `str.isspace()`) one space, trimmed; `key` also lowercases as `str.lower()`.
/// Used for sheet names and by `readiness init`.
enum NormalisedText {
    static func normalised(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        // ASCII is already NFC; only other texts go through Foundation's normalisation.
        let composed = text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
        for scalar in composed.unicodeScalars {
            if TextMatching.isPythonWhitespace(scalar) {
                pendingSpace = !scalars.isEmpty
            } else {
                if pendingSpace { scalars.append(" ") }
                pendingSpace = false
                scalars.append(scalar == "\u{2019}" ? "'" : scalar)
            }
        }
        return String(scalars)
    }

    /// The case-insensitive form of the normalised text.
    static func key(_ text: String) -> String {
        TextMatching.key(normalised(text))
    }
}
