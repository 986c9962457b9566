/// The encoding a file was read in (SPEC §2.3, §7).
public enum SourceEncoding: String, Sendable, Equatable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 with BOM"
    case utf16LE = "UTF-16 LE"
    case utf16BE = "UTF-16 BE"
    case windows1252 = "Windows-1252 (not valid UTF-8)"
}

/// Turns a file's bytes into UTF-8: a BOM decides, else UTF-8, else Windows-1252 for the
/// whole file.
public enum TextDecoding {
    /// The file's text as UTF-8 bytes (no BOM) and the encoding it was read in.
    public static func utf8(from bytes: [UInt8]) -> (bytes: [UInt8], encoding: SourceEncoding) {
        if !bytes.starts(with: [0xEF, 0xBB, 0xBF]), !bytes.starts(with: [0xFF, 0xFE]),
            !bytes.starts(with: [0xFE, 0xFF]),
            isValidUTF8(bytes)
        {
            return (bytes, .utf8)
        }
        return bytes.withUnsafeBufferPointer { utf8(from: $0) }
    }

    /// `utf8(from:)` of bytes in place (a mapped file): only the result is a copy.
    static func utf8(from bytes: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], encoding: SourceEncoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return (validUTF8(Array(bytes.dropFirst(3))), .utf8BOM)
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return (fromUTF16(bytes[2...], bigEndian: false), .utf16LE)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return (fromUTF16(bytes[2...], bigEndian: true), .utf16BE)
        }
        if isValidUTF8(bytes) { return (Array(bytes), .utf8) }
        return (fromWindows1252(bytes), .windows1252)
    }

    /// Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF),
    /// eight ASCII bytes at a time.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isValidUTF8($0) }
    }

    /// Strict UTF-8 validation of bytes in place.
    static func isValidUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        do {
            let count = buffer.count
            guard let base = buffer.baseAddress else { return true }
            var index = 0
            while index < count {
                if index + 8 <= count {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        index += 8
                        continue
                    }
                }
                let lead = base[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                let length: Int
                var low: UInt8 = 0x80, high: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0:
                    length = 3
                    low = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED:
                    length = 3
                    high = 0x9F
                case 0xF0:
                    length = 4
                    low = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4:
                    length = 4
                    high = 0x8F
                default: return false
                }
                guard index + length <= count else { return false }
                let second = base[index + 1]
                guard second >= low && second <= high else { return false }
                for offset in 2..<max(2, length) where base[index + offset] & 0xC0 != 0x80 { return false }
                index += length
            }
            return true
        }
    }

    /// After a UTF-8 BOM the bytes are UTF-8; invalid sequences become U+FFFD.
    static func validUTF8(_ bytes: [UInt8]) -> [UInt8] {
        if isValidUTF8(bytes) { return bytes }
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    static func fromUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        bytes.withUnsafeBufferPointer { fromUTF16($0[...], bigEndian: bigEndian) }
    }

    /// UTF-16 units straight to UTF-8; an unpaired surrogate becomes one U+FFFD, as Swift's
    /// and Python's decoders give it.
    static func fromUTF16(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, bigEndian: Bool) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count / 2 + 16)
        func append(_ scalar: UInt32) {
            switch scalar {
            case ..<0x80:
                result.append(UInt8(scalar))
            case ..<0x800:
                result.append(UInt8(0xC0 | (scalar >> 6)))
                result.append(UInt8(0x80 | (scalar & 0x3F)))
            case ..<0x10000:
                result.append(UInt8(0xE0 | (scalar >> 12)))
                result.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                result.append(UInt8(0x80 | (scalar & 0x3F)))
            default:
                result.append(UInt8(0xF0 | (scalar >> 18)))
                result.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
                result.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                result.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
        let start = bytes.startIndex, units = bytes.count / 2
        func unit(_ index: Int) -> UInt32 {
            let first = UInt32(bytes[start + 2 * index]), second = UInt32(bytes[start + 2 * index + 1])
            return bigEndian ? first << 8 | second : second << 8 | first
        }
        var index = 0
        while index < units {
            let value = unit(index)
            index += 1
            switch value {
            case 0xD800...0xDBFF:
                // A high surrogate waiting at the very end for a pair cut off by a dangling
                // byte is covered by that byte's U+FFFD below.
                if index == units && bytes.count % 2 == 1 { continue }
                if index < units, case let low = unit(index), (0xDC00...0xDFFF).contains(low) {
                    append(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00))
                    index += 1
                } else {
                    append(0xFFFD)
                }
            case 0xDC00...0xDFFF:
                append(0xFFFD)
            default:
                append(value)
            }
        }
        // A dangling last byte is a broken unit: one U+FFFD, as Python's decoder gives it.
        if bytes.count % 2 == 1 { append(0xFFFD) }
        return result
    }

    /// Code points of bytes 0x80–0x9F in Windows-1252; the five it leaves undefined map to
    /// themselves (U+0081, U+008D, U+008F, U+0090, U+009D).
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func fromWindows1252(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { fromWindows1252($0) }
    }

    /// Every byte one scalar, written straight as UTF-8 (all of them are below U+10000).
    static func fromWindows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / 16 + 16)
        for byte in bytes {
            if byte < 0x80 {
                result.append(byte)
                continue
            }
            let scalar = byte <= 0x9F ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
            if scalar < 0x800 {
                result.append(UInt8(0xC0 | (scalar >> 6)))
                result.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                result.append(UInt8(0xE0 | (scalar >> 12)))
                result.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                result.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
        return result
    }
}
