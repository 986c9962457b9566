extension Statistics {
    /// The paired t-test of `after` against `before`, as `scipy.stats.ttest_rel(after, before)`
    /// with `.confidence_interval(0.95)`.
    ///
    /// δ = after − before pair by pair; t = mean(δ)/(sd(δ)/√m) with sd over m − 1 and
    /// df = m − 1; the interval is mean(δ) ± t(0.975, m − 1)·sd(δ)/√m. nil when the samples
    /// differ in length, when m < 2, or when every δ is the same (sd = 0: SciPy's t is then
    /// infinite or NaN, so there is nothing to test).
    public static func pairedT(after: [Double], before: [Double]) -> TTest? {
        guard after.count == before.count, after.count >= 2 else { return nil }
        let differences = zip(after, before).map { $0 - $1 }
        return pairedT(differences: differences)
    }

    /// The paired t-test of differences δ already taken (see `pairedT(after:before:)`).
    public static func pairedT(differences: [Double]) -> TTest? {
        guard differences.count >= 2, let first = differences.first,
            differences.contains(where: { $0 != first }),
            let mean = mean(differences), let variance = sampleVariance(differences), variance > 0
        else { return nil }
        let m = Double(differences.count)
        let standardError = (variance / m).squareRoot()
        let t = mean / standardError
        let df = m - 1
        return TTest.interval(
            t: t, df: df, p: studentTTwoSidedP(t, df: df), estimate: mean, standardError: standardError)
    }
}
