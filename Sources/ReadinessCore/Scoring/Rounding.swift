#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Printing and comparing numbers at the 6 decimals of the CSV files (SPEC §7).
public enum Rounding {
    /// `x` as C's `printf("%.6f")` writes it, with `-0.000000` written `0.000000`.
    public static func fixed6(_ x: Double) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendFixed6(x, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 bytes of `fixed6(x)` to `bytes`, without an intermediate string.
    public static func appendFixed6(_ x: Double, to bytes: inout [UInt8]) {
        guard let micros = scaled(x, decimals: 6) else {
            bytes.append(contentsOf: printed(x).utf8)
            return
        }
        // printf writes the sign of a negative value even when it rounds to zero; SPEC §7
        // drops it, so only a non-zero result carries one.
        if x < 0, micros != 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(micros, decimals: 6, to: &bytes)
    }

    /// `x` as C's `printf("%.<decimals>f")` writes it (so `-0.0` for a small negative value),
    /// for 0 to 6 decimals.
    public static func printf(_ x: Double, decimals: Int) -> String {
        precondition((0...6).contains(decimals), "printf(_:decimals:) covers 0 to 6 decimals")
        guard let units = scaled(x, decimals: decimals) else { return printed(x, decimals: decimals) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        if x.sign == .minus { bytes.append(UInt8(ascii: "-")) }
        appendDigits(units, decimals: decimals, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `units` / 10^decimals with exactly `decimals` decimals.
    private static func appendDigits(_ units: UInt64, decimals: Int, to bytes: inout [UInt8]) {
        let scale = powersOfTen[decimals]
        appendDecimal(units / scale, to: &bytes)
        guard decimals > 0 else { return }
        bytes.append(UInt8(ascii: "."))
        var fraction = units % scale
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            for index in stride(from: decimals - 1, through: 0, by: -1) {
                buffer[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: fraction % 10)
                fraction /= 10
            }
            bytes.append(contentsOf: buffer[..<decimals])
        }
    }

    private static let powersOfTen: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// `x` rounded to the value its 6-decimal print shows, for threshold and level comparisons.
    public static func sixDecimals(_ x: Double) -> Double {
        // Below 2^53 micro-units the quotient of two exact doubles is correctly rounded, as
        // parsing the printed decimal would be.
        if let micros = scaled(x, decimals: 6), micros < 1 << 53 {
            let value = Double(micros) / 1_000_000
            return x < 0 && micros != 0 ? -value : value
        }
        return Double(fixed6(x)) ?? x
    }

    /// |x| × 10^decimals (0 to 6) rounded to an integer as printf rounds it (correctly, ties
    /// to even, on the exact binary value); nil for values the exact integer arithmetic here
    /// does not cover (not finite, or |x| ≥ 10^12), which `printed` handles.
    static func scaled(_ x: Double, decimals: Int) -> UInt64? {
        let magnitude = x.magnitude
        guard magnitude < 1e12 else { return nil }  // also false for NaN
        guard magnitude != 0 else { return 0 }
        let biased = Int(magnitude.exponentBitPattern)
        let significand = biased == 0 ? magnitude.significandBitPattern : magnitude.significandBitPattern | 1 << 52
        // magnitude = significand × 2^exponent, so |x| × 10^d = significand × 5^d × 2^(exponent + d).
        let exponent = (biased == 0 ? 1 : biased) - 1075
        let (high, low) = significand.multipliedFullWidth(by: powersOfFive[decimals])
        let shift = exponent + decimals
        if shift >= 0 {
            // The result is below 10^18, so nothing is shifted out.
            return low << UInt64(shift)
        }
        let drop = -shift
        // The product is below 2^53 × 5^6 < 2^67: dropping 68 bits or more leaves less than a half.
        guard drop < 68 else { return 0 }
        let quotient: UInt64
        let roundUp: Bool
        if drop < 64 {
            quotient = (low >> UInt64(drop)) | (high << UInt64(64 - drop))
            let remainder = low & ((1 << UInt64(drop)) - 1)
            let half: UInt64 = 1 << UInt64(drop - 1)
            roundUp = remainder > half || (remainder == half && quotient & 1 == 1)
        } else if drop == 64 {
            quotient = high
            let half: UInt64 = 1 << 63
            roundUp = low > half || (low == half && quotient & 1 == 1)
        } else {
            let highDrop = drop - 64
            quotient = high >> UInt64(highDrop)
            let remainderHigh = high & ((1 << UInt64(highDrop)) - 1)
            let halfHigh: UInt64 = 1 << UInt64(highDrop - 1)
            roundUp = remainderHigh > halfHigh || (remainderHigh == halfHigh && (low != 0 || quotient & 1 == 1))
        }
        return roundUp ? quotient + 1 : quotient
    }

    private static let powersOfFive: [UInt64] = [1, 5, 25, 125, 625, 3_125, 15_625]

    /// The C library's own `%.6f` (`-0.000000` written `0.000000`), for the values `scaled`
    /// leaves out.
    static func printed(_ x: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let written = withVaList([x]) { vsnprintf(&buffer, buffer.count, "%.6f", $0) }
        guard written > 0, Int(written) < buffer.count else { return "nan" }
        let text = String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text == "-0.000000" ? "0.000000" : text
    }

    /// The C library's own `%.<decimals>f`.
    static func printed(_ x: Double, decimals: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let written = withVaList([x]) { vsnprintf(&buffer, buffer.count, "%.\(decimals)f", $0) }
        guard written > 0, Int(written) < buffer.count else { return "nan" }
        return String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Appends the decimal digits of `value`.
    static func appendDecimal(_ value: UInt64, to bytes: inout [UInt8]) {
        guard value >= 10 else {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            while rest > 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: buffer[start...])
        }
    }

    /// Appends the decimal digits of `value`, as `String(value)` writes them.
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDecimal(UInt64(value.magnitude), to: &bytes)
    }
}
