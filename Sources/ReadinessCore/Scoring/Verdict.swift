/// What a report says about a change or a difference (SPEC §9.2 "Verdicts"): one decision,
/// used by every report, every CSV file's `significant` and the charter evaluation.
public enum Verdict: Sendable, Equatable {
    /// Significant and diff > 0.
    case rise
    /// Significant and diff < 0.
    case fall
    /// Tested, adjusted p ≤ `alpha`, but |diff| < `min_change` (the threshold is kept).
    case changeUnder(minChange: Double)
    /// Tested, adjusted p > `alpha`.
    case noDetectableChange
    /// Too few respondents or organisations, or no variation.
    case notTested

    /// The decision for a difference, given whether it was tested and its BH-adjusted p.
    ///
    /// Both the adjusted p and the difference are compared as printed, at 6 decimals (§7).
    /// A difference that prints 0.000000 yet is significant (possible only with a
    /// `min_change` of 0) takes the sign of the unrounded difference.
    public static func of(diff: Double?, adjustedP: Double?, thresholds: Thresholds) -> Verdict {
        guard let diff, let adjustedP else { return .notTested }
        guard Rounding.sixDecimals(adjustedP) <= Rounding.sixDecimals(thresholds.alpha) else {
            return .noDetectableChange
        }
        guard abs(Rounding.sixDecimals(diff)) >= Rounding.sixDecimals(thresholds.minChange) else {
            return .changeUnder(minChange: thresholds.minChange)
        }
        return diff > 0 ? .rise : (diff < 0 ? .fall : .changeUnder(minChange: thresholds.minChange))
    }

    /// Significant: a detectable change of at least `min_change` (§3.11, §9.2).
    public var isSignificant: Bool { self == .rise || self == .fall }

    /// Whether a test was made.
    public var isTested: Bool { self != .notTested }

    /// ▲ or ▼ for a significant change, empty otherwise.
    public var arrow: String {
        switch self {
        case .rise: "▲"
        case .fall: "▼"
        default: ""
        }
    }

    /// The words of §9.2's table: `▲ rise`, `▼ fall`, `change under 5 points`,
    /// `no detectable change`, `not tested`.
    public var text: String {
        switch self {
        case .rise: "▲ rise"
        case .fall: "▼ fall"
        case .changeUnder(let minChange): "change under \(Self.shortestDecimal(minChange)) points"
        case .noDetectableChange: "no detectable change"
        case .notTested: "not tested"
        }
    }

    /// A number in its shortest decimal form, never with an exponent: 5 → `5`, 2.5 → `2.5`,
    /// 1e-7 → `0.0000001` (the shortest digits that read back as the same double).
    public static func shortestDecimal(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == 0 { return "0" }
        var text = "\(abs(value))"
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: marker)...]) ?? 0
            text = String(text[..<marker])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = Array(whole + fraction)
        var point = whole.count + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > max(1, point), digits.last == "0" { digits.removeLast() }
        var result: String
        if point <= 0 {
            result = "0." + String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            result = String(digits) + String(repeating: "0", count: point - digits.count)
        } else {
            result = String(digits[..<point]) + "." + String(digits[point...])
        }
        return value < 0 ? "-" + result : result
    }
}
