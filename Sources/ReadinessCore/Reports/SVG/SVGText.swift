/// Numbers as the charts print them, whatever the locale.
enum SVGNumber {
    /// A coordinate: at most two decimals, trailing zeros dropped, never "-0".
    static func coordinate(_ value: Double) -> String {
        fixed(value, decimals: 2, trimZeros: true, minus: "-")
    }

    /// A value for a reader: exactly `decimals` decimals, a typographic minus (U+2212).
    static func label(_ value: Double, decimals: Int = 1) -> String {
        fixed(value, decimals: decimals, trimZeros: false, minus: "\u{2212}")
    }

    /// A whole percentage, e.g.
    ///
    /// "45%".
    static func percent(_ value: Double) -> String {
        label(value, decimals: 0) + "%"
    }

    /// Rounds half away from zero on the decimal digits; non-finite values print as "0"
    /// because a chart must never emit "nan" into an attribute.
    static func fixed(_ value: Double, decimals: Int, trimZeros: Bool, minus: String) -> String {
        guard value.isFinite else { return "0" }
        let places = max(0, min(decimals, 6))
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let magnitude = min(abs(value) * Double(scale), 9e15).rounded(.toNearestOrAwayFromZero)
        let scaled = Int64(magnitude)
        // Written into one small buffer: at most a 3-byte minus, 16 digits, a point and 6 decimals.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        if value < 0 && scaled != 0 { bytes.append(contentsOf: minus.utf8) }
        Rounding.appendDecimal(Int(scaled / scale), to: &bytes)
        if places > 0 {
            bytes.append(UInt8(ascii: "."))
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: places))
            var fraction = scaled % scale
            var index = bytes.count - 1
            while fraction > 0 {
                bytes[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: fraction % 10)
                fraction /= 10
                index -= 1
            }
            if trimZeros {
                while bytes.count > start, bytes[bytes.count - 1] == UInt8(ascii: "0") { bytes.removeLast() }
                if bytes.count == start { bytes.removeLast() }  // the point, with no decimals left
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Text from the data made safe for XML and fitted to the space a chart gives it.
///
/// Widths are estimates from rough sans-serif glyph widths: the charts name only generic
/// fonts, so the exact metrics are unknown and every fit keeps a margin.
enum SVGText {
    /// `ReportText.neutralised` (controls become U+FFFD, format characters such as bidi
    /// overrides go), then runs of white space collapsed to one space and the ends trimmed.
    ///
    /// XML 1.0 forbids C0 controls, U+FFFE and U+FFFF outright.
    static func sanitised(_ text: String) -> String {
        if isTidyASCII(text) { return text }
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in ReportText.neutralised(text).unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace && !scalars.isEmpty { scalars.append(" ") }
            pendingSpace = false
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Printable ASCII with single spaces only between words: what `sanitised` leaves as it is.
    private static func isTidyASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            guard let first = utf8.first, let last = utf8.last, first != 0x20, last != 0x20 else { return utf8.isEmpty }
            var previous: UInt8 = 0
            for byte in utf8 {
                guard byte >= 0x20, byte <= 0x7E, !(byte == 0x20 && previous == 0x20) else { return false }
                previous = byte
            }
            return true
        }
    }

    /// XML character data and attribute values: the five predefined entities.
    ///
    /// By Unicode scalar, as an XML parser reads: `<` followed by a combining mark is one
    /// Swift `Character`, and a match on characters once let it through raw.
    static func escaped(_ text: String) -> String {
        // Each of the five characters holds one of these bytes; text without them is unchanged.
        if !text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) {
            return text
        }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
            case "'": result.append(contentsOf: "&apos;".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// Estimated rendered width in pixels.
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            ems += emWidth(scalar)
        }
        return ems * size * (bold ? 1.1 : 1.0)
    }

    private static func emWidth(_ scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case "i", "j", "l", "I", ".", ",", ":", ";", "'", "|", "!": return 0.3
        case " ": return 0.32
        case "f", "r", "t", "(", ")", "[", "]", "-", "/", "\"": return 0.41
        case "m", "w": return 0.9
        case "M", "W": return 0.95
        case "0"..."9", "$", "+", "=", "<", ">", "#", "_", "?": return 0.64
        case "a"..."z": return 0.6
        case "A"..."Z": return 0.72
        case "&", "%", "@", "\u{2014}": return 0.9
        default: break
        }
        let value = scalar.value
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark
            || scalar.properties.generalCategory == .format
        {
            return 0
        }
        // East Asian scripts, Hangul and most emoji take a full em.
        if (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value)
            || (0xFF00...0xFF60).contains(value)
            || (0x1F300...0x1FAFF).contains(value) || (0x20000...0x3FFFD).contains(value)
        {
            return 1.0
        }
        return 0.66
    }

    /// `text` cut at a word or character so that it and a trailing "…" fit `maxWidth`.
    static func truncated(_ text: String, maxWidth: Double, size: Double, bold: Bool = false) -> String {
        if width(text, size: size, bold: bold) <= maxWidth { return text }
        let ellipsis = "…"
        // Every visible character is at least 0.3 em wide, so no more than this prefix can
        // fit; cutting first keeps a 100,000-character label from costing quadratic time.
        var characters = Array(text.prefix(Int(maxWidth / (0.3 * size)) + 2))
        while !characters.isEmpty
            && width(String(characters) + ellipsis, size: size, bold: bold) > maxWidth
        {
            characters.removeLast()
        }
        while let last = characters.last, last == " " || last == "," || last == ";" || last == ":" || last == "-" {
            characters.removeLast()
        }
        return String(characters) + ellipsis
    }

    /// `text` broken at spaces into at most `maxLines` lines of at most `maxWidth`; the
    /// last line ends with "…" when the text does not fit, and a word longer than a line is
    /// cut.
    static func wrapped(_ text: String, maxWidth: Double, size: Double, bold: Bool = false, maxLines: Int) -> [String] {
        let words = text.split(separator: " ").map(String.init)
        guard !words.isEmpty, maxLines > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        var index = 0
        while index < words.count {
            let word = words[index]
            let candidate = current.isEmpty ? word : current + " " + word
            if width(candidate, size: size, bold: bold) <= maxWidth {
                current = candidate
                index += 1
                continue
            }
            if lines.count == maxLines - 1 { break }
            if current.isEmpty {
                // One word wider than a line can only be cut.
                lines.append(truncated(word, maxWidth: maxWidth, size: size, bold: bold))
                index += 1
            } else {
                lines.append(current)
                current = ""
            }
        }
        let rest = ([current] + words[index...]).filter { !$0.isEmpty }.joined(separator: " ")
        if !rest.isEmpty {
            lines.append(index < words.count ? truncated(rest, maxWidth: maxWidth, size: size, bold: bold) : rest)
        }
        return lines
    }

    /// A stable id fragment (FNV-1a, 32 bits) so two charts inlined in one page do not
    /// share `id`s, without depending on Swift's per-process hash seed.
    static func stableID(_ text: String) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
