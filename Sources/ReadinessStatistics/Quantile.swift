extension Statistics {
    /// Quantile of an ascending-sorted sample by linear interpolation; nil when empty.
    ///
    /// NumPy's default (`method='linear'`), Excel's QUARTILE.INC: position h = (n − 1)·q,
    /// interpolated between the neighbouring order statistics the way NumPy's `_lerp`
    /// does it. Also nil when q is outside [0, 1] or NaN. The input is not checked for order.
    public static func quantile(sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty, q >= 0, q <= 1 else { return nil }
        let position = Double(sorted.count - 1) * q
        let lowerIndex = min(Int(position.rounded(.down)), sorted.count - 1)
        let upperIndex = min(lowerIndex + 1, sorted.count - 1)
        let fraction = position - Double(lowerIndex)
        let lower = sorted[lowerIndex]
        let upper = sorted[upperIndex]
        let difference = upper - lower
        return fraction >= 0.5 ? upper - difference * (1 - fraction) : lower + difference * fraction
    }

    /// Lower quartile, median and upper quartile by `quantile(sorted:_:)`; nil when empty.
    ///
    /// Sorts a copy. Also nil when a value is NaN, which has no place in an order.
    public static func quartiles(_ xs: [Double]) -> (lower: Double, median: Double, upper: Double)? {
        guard !xs.contains(where: \.isNaN) else { return nil }
        let sorted = xs.sorted()
        guard let lower = quantile(sorted: sorted, 0.25),
            let median = quantile(sorted: sorted, 0.5),
            let upper = quantile(sorted: sorted, 0.75)
        else { return nil }
        return (lower: lower, median: median, upper: upper)
    }
}
