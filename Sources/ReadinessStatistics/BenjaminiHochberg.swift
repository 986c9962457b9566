extension Statistics {
    /// Benjamini–Hochberg adjusted p-values in input order, as
    /// `scipy.stats.false_discovery_control(p, method='bh')`.
    ///
    /// Sorted ascending, the i-th of m becomes p·(m/i) (m/i computed first, as SciPy does);
    /// then a cumulative minimum from the largest rank down, clipped to [0, 1]. Tied
    /// p-values get equal adjusted values. p-values should lie in [0, 1]; a NaN (which
    /// SciPy rejects) sorts last and makes every adjusted value NaN.
    public static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let order = p.indices.sorted { lhs, rhs in
            let lhsFirst = p[lhs].isTotallyOrdered(belowOrEqualTo: p[rhs])
            let rhsFirst = p[rhs].isTotallyOrdered(belowOrEqualTo: p[lhs])
            return lhsFirst != rhsFirst ? lhsFirst : lhs < rhs
        }
        let count = Double(p.count)
        var adjusted = [Double](repeating: 0, count: p.count)
        var running = Double.infinity
        for (offset, index) in order.enumerated().reversed() {
            let scaled = p[index] * (count / Double(offset + 1))
            running = running.isNaN || scaled.isNaN ? .nan : min(running, scaled)
            adjusted[index] = running.isNaN ? .nan : min(1, max(0, running))
        }
        return adjusted
    }
}
