#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Printing and comparing numbers at the 6 decimals of the CSV files (SPEC §7).
public enum Rounding {
    /// `x` as C's `printf("%.6f")` writes it, with `-0.000000` written `0.000000`.
    public static func fixed6(_ x: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let written = withVaList([x]) { vsnprintf(&buffer, buffer.count, "%.6f", $0) }
        guard written > 0, Int(written) < buffer.count else { return "nan" }
        let text = String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text == "-0.000000" ? "0.000000" : text
    }

    /// `x` rounded to the value its 6-decimal print shows, for threshold and level comparisons.
    public static func sixDecimals(_ x: Double) -> Double {
        Double(fixed6(x)) ?? x
    }
}
