/// The text of an .xlsx cell as SPEC §8.7 writes it: numbers in their shortest plain
/// decimal, date-styled numbers as ISO dates, `_xHHHH_` escapes decoded.
public enum XLSXCellText {
    /// The number formats that are dates whatever the workbook says (built-in 14–22, 45–47).
    static func isBuiltInDateFormat(_ id: Int) -> Bool { (14...22).contains(id) || (45...47).contains(id) }

    /// Whether a custom format code shows a date or time: it still holds `d`, `m`, `y`, `h`
    /// or `s` (any case) once quoted text, `\`-escapes and `[...]` sections are removed.
    public static func isDateFormatCode(_ code: String) -> Bool {
        var inQuote = false, inBracket = false, escaped = false
        for scalar in code.unicodeScalars {
            if escaped {
                escaped = false
                continue
            }
            if inQuote {
                if scalar == "\"" { inQuote = false }
                continue
            }
            if inBracket {
                if scalar == "]" { inBracket = false }
                continue
            }
            switch scalar {
            case "\\": escaped = true
            case "\"": inQuote = true
            case "[": inBracket = true
            case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S": return true
            default: break
            }
        }
        return false
    }

    /// The value of a `<v>` that should hold a number, or nil when it is not a plain decimal
    /// (Swift's `Double(_:)` would also take `inf`, `nan` and hexadecimal).
    static func number(_ text: String) -> Double? {
        var sawDigit = false, sawExponent = false, previous: UInt8 = 0
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case 0x30...0x39: sawDigit = true
            case 0x2B, 0x2D: guard index == 0 || previous == 0x45 || previous == 0x65 else { return nil }
            case 0x2E: guard !sawExponent else { return nil }
            case 0x45, 0x65:
                guard sawDigit, !sawExponent else { return nil }
                sawExponent = true
            default: return nil
            }
            previous = byte
        }
        guard sawDigit, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// The shortest decimal that reads back as `value`, in plain notation: `4`, `0.1`,
    /// `0.0000001`, `12345678901234567000`; `-0` is `0`.
    public static func plainDecimal(_ value: Double) -> String {
        if value == 0 { return "0" }
        // Swift's description is the shortest round-trip digit string (maybe with an exponent).
        let shortest = value.magnitude.description
        var digits: [UInt8] = []
        var pointAt = -1
        var exponent = 0
        var inExponent = false, exponentText = ""
        for byte in shortest.utf8 {
            if inExponent {
                exponentText.append(Character(Unicode.Scalar(byte)))
                continue
            }
            switch byte {
            case 0x2E: pointAt = digits.count
            case 0x65, 0x45: inExponent = true
            default: digits.append(byte)
            }
        }
        if pointAt < 0 { pointAt = digits.count }
        if inExponent { exponent = Int(exponentText) ?? 0 }
        // Place the decimal point `exponent` further right, then trim zeros on both ends.
        var point = pointAt + exponent
        while digits.count > 1, digits.first == 0x30 {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > max(point, 0), digits.last == 0x30 { digits.removeLast() }
        var text = value < 0 ? "-" : ""
        if point <= 0 {
            text += "0." + String(repeating: "0", count: -point) + String(decoding: digits, as: UTF8.self)
        } else if point >= digits.count {
            text += String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: point - digits.count)
        } else {
            text +=
                String(decoding: digits[..<point], as: UTF8.self) + "."
                + String(decoding: digits[point...], as: UTF8.self)
        }
        return text
    }

    /// The serial number of a date-styled cell as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`
    /// (SPEC §8.7), or nil when it is written as a plain number instead: below 61 in the
    /// 1900 system (before 1900-03-01, Excel's leap-year bug) and past 9999-12-31.
    public static func isoDate(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, date1904 ? serial >= 0 : serial >= 61, serial < (date1904 ? 2_957_004 : 2_958_466) else {
            return nil
        }
        let whole = serial.rounded(.down)
        var days = Int(whole)
        var seconds = Int(((serial - whole) * 86_400 + 0.5).rounded(.down))
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        // Days from 1970-01-01 of each system's day 0: 1899-12-30 and 1904-01-01.
        let (year, month, day) = civil(fromDays: days + (date1904 ? -24_107 : -25_569))
        guard year <= 9999 else { return nil }
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        if seconds > 0 {
            text += " " + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        }
        return text
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `_xHHHH_` escapes (OOXML's ST_Xstring) decoded: `_x000D_` is a CR, `_x005F_` an
    /// underscore; UTF-16 surrogate pairs join, a lone surrogate is U+FFFD.
    public static func decodingEscapes(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0x5F) else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var pendingHigh: UInt16?
        func flushHigh() {
            if pendingHigh != nil { output.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
            pendingHigh = nil
        }
        while index < bytes.count {
            if bytes[index] == 0x5F, index + 6 < bytes.count, bytes[index + 1] == 0x78, bytes[index + 6] == 0x5F,
                let unit = hexUnit(bytes[(index + 2)..<(index + 6)])
            {
                index += 7
                switch unit {
                case 0xD800...0xDBFF:
                    flushHigh()
                    pendingHigh = unit
                case 0xDC00...0xDFFF:
                    if let high = pendingHigh {
                        let value = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
                        output.append(contentsOf: String(Unicode.Scalar(value)!).utf8)
                        pendingHigh = nil
                    } else {
                        output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    }
                default:
                    flushHigh()
                    output.append(contentsOf: String(Unicode.Scalar(unit)!).utf8)
                }
                continue
            }
            flushHigh()
            output.append(bytes[index])
            index += 1
        }
        flushHigh()
        return output
    }

    private static func hexUnit(_ digits: ArraySlice<UInt8>) -> UInt16? {
        var value: UInt16 = 0
        for digit in digits {
            switch digit {
            case 0x30...0x39: value = value << 4 | UInt16(digit - 0x30)
            case 0x41...0x46: value = value << 4 | UInt16(digit - 0x41 + 10)
            case 0x61...0x66: value = value << 4 | UInt16(digit - 0x61 + 10)
            default: return nil
            }
        }
        return value
    }
}
