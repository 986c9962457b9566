/// Respondent domain scores summarised by exact integers, so that adding, removing and
/// merging respondents is exact and independent of order.
///
/// Item scores are multiples of 100/L (`TallyLayout`: L = 4 on 5-point scales, where a
/// likert answer scores 0–4 units and a knowledge answer 0 or 4), so a respondent's domain
/// score is `100 · S / (L · k)` for the integer units `S` of the `k` items answered. Per
/// possible `k`, the moments hold the count, `Σ S` and `Σ S²`. Each quotient below is of
/// exact integers, so for L = 4 it is bit for bit the `25 · S / k` of 25-point units.
/// `summary(_:)` turns them into the mean and sample variance: the mean correctly rounded
/// from the exact value, the variance from non-negative terms only (no cancellation).
public enum ScoreMoments {
    /// Moments stored per k: count, Σ S, Σ S², one after the other.
    public static let stride = 3

    /// The summary of one scope and domain.
    ///
    /// `moments` holds `stride` integers for each k from `lowest` upwards.
    static func summary(_ moments: UnsafePointer<Int>, slots: Int, lowest: Int, denominator: Int = 4)
        -> SampleSummary
    {
        let scale = Double(denominator)
        var n = 0
        for slot in 0..<slots { n += moments[slot * stride] }
        guard n > 0 else { return SampleSummary(n: 0, mean: nil, variance: nil) }
        // Identical values: every group constant (n·ΣS² = (ΣS)²) and every group mean equal.
        var identical = true
        var reference: (sum: Int, k: Int, count: Int)?
        for slot in 0..<slots {
            let count = moments[slot * stride], sum = moments[slot * stride + 1], squares = moments[slot * stride + 2]
            guard count > 0 else { continue }
            let k = lowest + slot
            if Int128(count) * Int128(squares) != Int128(sum) * Int128(sum) {
                identical = false
                break
            }
            if let reference {
                // sum / (k · count) == reference.sum / (reference.k · reference.count)
                if Int128(sum) * Int128(reference.k) * Int128(reference.count) != Int128(reference.sum) * Int128(k)
                    * Int128(count)
                {
                    identical = false
                    break
                }
            } else {
                reference = (sum, k, count)
            }
        }
        if identical, let reference {
            // Each respondent's score, as a respondent's own division gives it.
            let value = Double(100 * (reference.sum / reference.count)) / Double(denominator * reference.k)
            return SampleSummary(n: n, mean: value, variance: n < 2 ? nil : 0)
        }
        // Σ x = 100 Σ_k (ΣS)_k / (L k) in double-double, then divided by n.
        var total = DoubleDouble(0)
        for slot in 0..<slots where moments[slot * stride] > 0 {
            total =
                total
                + DoubleDouble.quotient(Double(100 * moments[slot * stride + 1]), Double(denominator * (lowest + slot)))
        }
        let mean = total.divided(by: Double(n))
        guard n >= 2 else { return SampleSummary(n: n, mean: mean.value, variance: nil) }
        // Σ (x − mean)² = Σ_k [within-group sum of squares + n_k (mean_k − mean)²].
        var m2 = 0.0
        for slot in 0..<slots {
            let count = moments[slot * stride]
            guard count > 0 else { continue }
            let k = Double(lowest + slot)
            let sum = moments[slot * stride + 1], squares = moments[slot * stride + 2]
            let within = Int128(count) * Int128(squares) - Int128(sum) * Int128(sum)
            // 10000 (n_k ΣS² − (ΣS)²) / (L² k² n_k)
            m2 += 10000 * Double(within) / (scale * scale * (k * k * Double(count)))
            let groupMean = DoubleDouble.quotient(Double(100 * sum), scale * k * Double(count))
            let difference = (groupMean - mean).value
            m2 += Double(count) * difference * difference
        }
        return SampleSummary(n: n, mean: mean.value, variance: m2 / Double(n - 1))
    }
}

/// A number as the unevaluated sum of two doubles (about 106 bits), enough to round the
/// mean of a million rational scores correctly.
struct DoubleDouble {
    var high: Double
    var low: Double

    init(_ value: Double) {
        high = value
        low = 0
    }

    init(high: Double, low: Double) {
        self.high = high
        self.low = low
    }

    var value: Double { high + low }

    /// a / b to about 106 bits: a − q·b is exact with a fused multiply-add.
    static func quotient(_ a: Double, _ b: Double) -> DoubleDouble {
        let q1 = a / b
        let q2 = a.addingProduct(-q1, b) / b
        return normalised(q1, q2)
    }

    /// self / b for a double b.
    func divided(by b: Double) -> DoubleDouble {
        let q1 = high / b
        let remainder = high.addingProduct(-q1, b) + low
        return Self.normalised(q1, remainder / b)
    }

    static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let (s, e) = twoSum(a.high, b.high)
        return normalised(s, e + a.low + b.low)
    }

    static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        a + DoubleDouble(high: -b.high, low: -b.low)
    }

    static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    static func normalised(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        return DoubleDouble(high: s, low: b - (s - a))
    }
}
