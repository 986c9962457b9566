extension Statistics {
    /// Cronbach's alpha of complete rows (respondents) of k item scores.
    ///
    /// α = k/(k − 1)·(1 − Σ var_i / var_total) with sample variances (n − 1) and var_total
    /// the variance of the row sums. nil when k < 2, n < 2, var_total == 0, or the rows
    /// differ in length.
    public static func cronbachAlpha(_ rows: [[Double]]) -> Double? {
        guard rows.count >= 2, let k = rows.first?.count, k >= 2,
            rows.allSatisfy({ $0.count == k })
        else { return nil }
        var itemVariances: [Double] = []
        for item in 0..<k {
            guard let variance = sampleVariance(rows.map { $0[item] }) else { return nil }
            itemVariances.append(variance)
        }
        let totals = rows.map { compensatedSum($0) }
        guard let totalVariance = sampleVariance(totals), totalVariance > 0 else { return nil }
        let items = Double(k)
        return items / (items - 1) * (1 - compensatedSum(itemVariances) / totalVariance)
    }
}
