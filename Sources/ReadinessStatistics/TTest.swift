/// A two-sided t-test with the 95% confidence interval of the difference it tests.
///
/// `low` and `high` are not clipped: they bound a difference, which may be negative.
public struct TTest: Sendable, Equatable {
    public let t: Double
    public let df: Double
    /// Two-sided p-value 2·P(T > |t|).
    public let p: Double
    public let low: Double
    public let high: Double

    public init(t: Double, df: Double, p: Double, low: Double, high: Double) {
        self.t = t
        self.df = df
        self.p = p
        self.low = low
        self.high = high
    }

    /// A test whose interval is `estimate ± t(1 − α/2, df)·standardError`.
    static func interval(
        t: Double, df: Double, p: Double, estimate: Double, standardError: Double,
        confidence: Double = 0.95
    ) -> TTest {
        let half = Statistics.studentTQuantile((1 + confidence) / 2, df: df) * standardError
        return TTest(t: t, df: df, p: p, low: estimate - half, high: estimate + half)
    }
}
