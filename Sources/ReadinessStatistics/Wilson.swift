extension Statistics {
    /// Wilson score interval for successes out of n, as proportions in [0, 1]; nil when n == 0.
    ///
    /// centre = (p + z²/2n)/(1 + z²/n), half = z/(1 + z²/n)·√(p(1 − p)/n + z²/4n²). With no
    /// successes the low bound is exactly 0, with n successes the high bound exactly 1 (the
    /// formula gives these up to rounding). Also nil when successes is outside 0...n or z is
    /// negative or NaN.
    public static func wilsonInterval(
        successes: Int, n: Int, z: Double = 1.959963984540054
    ) -> (low: Double, high: Double)? {
        guard n > 0, successes >= 0, successes <= n, z >= 0 else { return nil }
        let count = Double(n)
        let p = Double(successes) / count
        let zSquared = z * z
        let denominator = 1 + zSquared / count
        let centre = (p + zSquared / (2 * count)) / denominator
        let half = z / denominator * (p * (1 - p) / count + zSquared / (4 * count * count)).squareRoot()
        let low = successes == 0 ? 0 : max(0, centre - half)
        let high = successes == n ? 1 : min(1, centre + half)
        return (low: low, high: high)
    }
}
