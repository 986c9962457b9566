import Foundation

/// Result of Welch's unequal-variance t-test: statistic, Welch–Satterthwaite df, two-sided p.
public struct WelchTest: Sendable, Equatable {
    /// (mean1 − mean2)/√(v1/n1 + v2/n2).
    public let t: Double
    /// Welch–Satterthwaite degrees of freedom (non-integer).
    public let df: Double
    /// Two-sided p-value 2·P(T > |t|).
    public let p: Double

    /// Creates a result from its parts.
    public init(t: Double, df: Double, p: Double) {
        self.t = t
        self.df = df
        self.p = p
    }
}

extension Statistics {
    /// Welch's two-sided t-test from summaries, as `scipy.stats.ttest_ind(a, b, equal_var=False)`.
    ///
    /// nil when n1 < 2 or n2 < 2, when both variances are 0, or when a variance is
    /// negative or not finite. One zero variance is a valid test (then df = n − 1 of the
    /// other side).
    public static func welch(
        n1: Int, mean1: Double, variance1: Double, n2: Int, mean2: Double, variance2: Double
    ) -> WelchTest? {
        guard n1 >= 2, n2 >= 2,
            variance1 >= 0, variance2 >= 0, variance1.isFinite, variance2.isFinite,
            variance1 > 0 || variance2 > 0
        else { return nil }
        let share1 = variance1 / Double(n1)
        let share2 = variance2 / Double(n2)
        let pooled = share1 + share2
        let df =
            pooled * pooled
            / (share1 * share1 / Double(n1 - 1) + share2 * share2 / Double(n2 - 1))
        let t = (mean1 - mean2) / pooled.squareRoot()
        return WelchTest(t: t, df: df, p: studentTTwoSidedP(t, df: df))
    }

    /// Welch's two-sided t-test on two raw samples, summarised by `mean` and `sampleVariance`.
    public static func welch(_ a: [Double], _ b: [Double]) -> WelchTest? {
        guard let mean1 = mean(a), let variance1 = sampleVariance(a),
            let mean2 = mean(b), let variance2 = sampleVariance(b)
        else { return nil }
        return welch(
            n1: a.count, mean1: mean1, variance1: variance1,
            n2: b.count, mean2: mean2, variance2: variance2
        )
    }
}

extension Statistics {
    /// Welch's two-sided t-test from summaries with the 95% interval of mean1 − mean2, as
    /// `scipy.stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)`:
    /// (mean1 − mean2) ± t(0.975, ν)·√(v1/n1 + v2/n2), ν the Welch–Satterthwaite df.
    ///
    /// nil exactly when `welch` is nil.
    public static func welchTest(
        n1: Int, mean1: Double, variance1: Double, n2: Int, mean2: Double, variance2: Double
    ) -> TTest? {
        guard let test = welch(n1: n1, mean1: mean1, variance1: variance1, n2: n2, mean2: mean2, variance2: variance2)
        else { return nil }
        let standardError = (variance1 / Double(n1) + variance2 / Double(n2)).squareRoot()
        return TTest.interval(t: test.t, df: test.df, p: test.p, estimate: mean1 - mean2, standardError: standardError)
    }

    /// Welch's test with its interval on two raw samples (see `welchTest(n1:...)`).
    public static func welchTest(_ a: [Double], _ b: [Double]) -> TTest? {
        guard let mean1 = mean(a), let variance1 = sampleVariance(a),
            let mean2 = mean(b), let variance2 = sampleVariance(b)
        else { return nil }
        return welchTest(
            n1: a.count, mean1: mean1, variance1: variance1, n2: b.count, mean2: mean2, variance2: variance2)
    }
}
