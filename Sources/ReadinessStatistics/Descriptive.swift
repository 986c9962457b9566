extension Statistics {
    /// Arithmetic mean; nil for an empty sample.
    ///
    /// The sum is compensated (Neumaier), so the result is the exact mean to within a
    /// rounding or two whatever the order of the values. A sample whose values are all
    /// equal has exactly that value as its mean.
    public static func mean(_ xs: [Double]) -> Double? {
        guard let first = xs.first else { return nil }
        if xs.allSatisfy({ $0 == first }) { return first }
        return compensatedSum(xs) / Double(xs.count)
    }

    /// Sample variance (n − 1 denominator); nil when n < 2.
    ///
    /// Two passes: the mean first, then the compensated sum of squared deviations from it.
    /// A sample whose values are all equal has a variance of exactly 0.
    public static func sampleVariance(_ xs: [Double]) -> Double? {
        guard xs.count >= 2, let center = mean(xs) else { return nil }
        if xs.allSatisfy({ $0 == center }) { return 0 }
        let squares = xs.map { ($0 - center) * ($0 - center) }
        return compensatedSum(squares) / Double(xs.count - 1)
    }

    /// Neumaier's compensated sum, left to right.
    static func compensatedSum(_ xs: [Double]) -> Double {
        var sum = 0.0
        var compensation = 0.0
        for x in xs {
            let next = sum + x
            if abs(sum) >= abs(x) {
                compensation += (sum - next) + x
            } else {
                compensation += (x - next) + sum
            }
            sum = next
        }
        return sum.isFinite ? sum + compensation : sum
    }
}
