/// Which text may name a domain, an item, an organisation or a wave: ids become folder
/// names, CSV fields and Markdown table cells, so each is checked scalar by scalar here,
/// in one place.
///
/// No regular expression: `NSRegularExpression`'s `$` also matches before a final line
/// break, which once let a domain id ending in one split `scores.csv` lines and tables.
public enum Identifier {
    /// A domain, item or scale id: `^[A-Za-z][A-Za-z0-9_]{0,31}$`.
    public static func isInstrumentID(_ text: String) -> Bool {
        matches(text, maximumLength: 32, first: isLetter) { isLetter($0) || isDigit($0) || $0 == "_" }
    }

    /// An organisation id's shape: `^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`.
    public static func isOrganisationID(_ text: String) -> Bool {
        matches(
            text, maximumLength: 64, first: { isLetter($0) || isDigit($0) },
            rest: { isLetter($0) || isDigit($0) || $0 == "_" || $0 == "-" })
    }

    /// A wave id's shape: `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`.
    public static func isWaveID(_ text: String) -> Bool {
        matches(
            text, maximumLength: 64, first: { isLetter($0) || isDigit($0) },
            rest: { isLetter($0) || isDigit($0) || $0 == "_" || $0 == "-" || $0 == "." })
    }

    /// The Windows device name that `name` would open instead of a folder (`CON`, `PRN`,
    /// `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`, in any case and with any extension, so
    /// `con.txt` too), or nil.
    ///
    /// Reports are often copied to Windows shares.
    public static func reservedDeviceName(_ name: String) -> String? {
        let stem = String(name.prefix { $0 != "." }).uppercased()
        if ["CON", "PRN", "AUX", "NUL"].contains(stem) { return stem }
        let scalars = Array(stem.unicodeScalars)
        if scalars.count == 4, ["COM", "LPT"].contains(String(String.UnicodeScalarView(scalars.prefix(3)))),
            ("1"..."9").contains(scalars[3])
        {
            return stem
        }
        return nil
    }

    /// Why a wave id of the right shape still cannot name a folder everywhere, or nil.
    public static func waveFolderProblem(_ id: String) -> String? {
        if let device = reservedDeviceName(id) {
            return "is not allowed: \(device) names a device on Windows, so its folder could not be opened there"
        }
        if id.hasSuffix(".") {
            return "must not end with '.': Windows drops a final '.', so the folder would be another wave's"
        }
        return nil
    }

    /// The key under which two names would share one folder on a case-insensitive file
    /// system (macOS, Windows shares): Unicode lowercasing, as SPEC §7 defines
    /// "case-insensitive".
    public static func folderKey(_ name: String) -> String { name.lowercased() }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func matches(
        _ text: String, maximumLength: Int, first: (Unicode.Scalar) -> Bool,
        rest: (Unicode.Scalar) -> Bool
    ) -> Bool {
        var count = 0
        for scalar in text.unicodeScalars {
            guard count == 0 ? first(scalar) : rest(scalar) else { return false }
            count += 1
            if count > maximumLength { return false }
        }
        return count > 0
    }
}
