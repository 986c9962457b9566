extension Statistics {
    /// Wilson score interval for successes out of n, as proportions in [0, 1]; nil when n == 0.
    ///
    /// centre = (p + z²/2n)/(1 + z²/n), half = z/(1 + z²/n)·√(p(1 − p)/n + z²/4n²). The
    /// bounds are clamped to [0, 1] only to remove rounding (at 0 or n successes the exact
    /// bound is 0 or 1). Also nil when successes is outside 0...n or z is negative or NaN.
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
        return (low: max(0, centre - half), high: min(1, centre + half))
    }
}
