import ReadinessStatistics

/// Summary of a sample: what a t-interval and Welch's test need.
public struct SampleSummary: Sendable, Equatable {
    public var n: Int
    public var mean: Double?
    /// Sample variance (n − 1); nil when n < 2.
    public var variance: Double?

    public init(_ values: [Double]) {
        var running = RunningSummary()
        for value in values { running.add(value) }
        self = running.summary
    }

    public init(n: Int, mean: Double?, variance: Double?) {
        self.n = n
        self.mean = mean
        self.variance = variance
    }

    public var sd: Double? { variance.map { $0.squareRoot() } }
}

/// A sample summarised as it streams past: the mean from a compensated (Neumaier) sum,
/// left to right, as `Statistics.mean`; the variance by Welford's method; identical values
/// give exactly that value and a variance of exactly 0.
public struct RunningSummary: Sendable, Equatable {
    public private(set) var n = 0
    var sum = 0.0, compensation = 0.0
    var welfordMean = 0.0, m2 = 0.0
    var first = 0.0, allEqual = true

    public init() {}

    public mutating func add(_ x: Double) {
        if n == 0 {
            first = x
        } else if x != first {
            allEqual = false
        }
        n += 1
        let next = sum + x
        if abs(sum) >= abs(x) { compensation += (sum - next) + x } else { compensation += (x - next) + sum }
        sum = next
        let delta = x - welfordMean
        welfordMean += delta / Double(n)
        m2 += delta * (x - welfordMean)
    }

    public var summary: SampleSummary {
        guard n > 0 else { return SampleSummary(n: 0, mean: nil, variance: nil) }
        let mean = allEqual ? first : (sum.isFinite ? sum + compensation : sum) / Double(n)
        let variance: Double? = n < 2 ? nil : (allEqual ? 0 : max(0, m2) / Double(n - 1))
        return SampleSummary(n: n, mean: mean, variance: variance)
    }
}
