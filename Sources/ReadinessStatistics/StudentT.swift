import Foundation

extension Statistics {
    /// CDF of Student's t distribution with df > 0 degrees of freedom (non-integer allowed).
    ///
    /// Each tail is ½ I_x(df/2, ½) with x = df/(df + t²), so neither tail is computed as
    /// 1 minus the other. NaN when df ≤ 0 or an argument is NaN; df = +∞ is the normal CDF.
    public static func studentTCDF(_ t: Double, df: Double) -> Double {
        guard !t.isNaN, df > 0 else { return .nan }
        if t == 0 { return 0.5 }
        let tail = StudentT.upperTail(abs(t), df: df)
        return t < 0 ? tail : 1 - tail
    }

    /// Two-sided p-value 2·P(T > |t|), computed as I_x(df/2, ½) with x = df/(df + t²).
    ///
    /// There is no subtraction from 1, so a huge |t| gives a tiny positive p, not 0 or NaN
    /// (it is 0 only where the true value underflows). NaN when df ≤ 0 or t is NaN.
    public static func studentTTwoSidedP(_ t: Double, df: Double) -> Double {
        guard !t.isNaN, df > 0 else { return .nan }
        if t == 0 { return 1 }
        return min(1, 2 * StudentT.upperTail(abs(t), df: df))
    }

    /// Quantile (inverse CDF) of Student's t for 0 < p < 1 and df > 0 (non-integer allowed).
    ///
    /// df = 1 and df = 2 have closed forms; otherwise Hill's (1970) approximation, or for
    /// df < 1 the tail asymptote, is refined by safeguarded Halley steps on the tail (or,
    /// near p = ½, the central) probability to full double precision. p = ½ gives exactly 0,
    /// p = 0 and p = 1 give −∞ and +∞; NaN when p is outside [0, 1] or df ≤ 0.
    public static func studentTQuantile(_ p: Double, df: Double) -> Double {
        guard p >= 0, p <= 1, df > 0 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        // 1 − p is exact for p ≥ 0.5 (Sterbenz), so the tail probability carries no rounding.
        let isLower = p < 0.5
        let tail = isLower ? p : 1 - p
        let t = StudentT.upperQuantile(tail, df: df)
        return isLower ? -t : t
    }

    /// Two-sided t-interval mean ± t(1 − α/2, n − 1)·sd/√n, not clipped; nil when n < 2.
    ///
    /// Also nil when the confidence is not strictly between 0 and 1 or sd is negative or NaN.
    public static func tInterval(
        mean: Double, sd: Double, n: Int, confidence: Double = 0.95
    ) -> (low: Double, high: Double)? {
        guard n >= 2, confidence > 0, confidence < 1, sd >= 0 else { return nil }
        let critical = studentTQuantile((1 + confidence) / 2, df: Double(n - 1))
        let half = critical * sd / Double(n).squareRoot()
        return (low: mean - half, high: mean + half)
    }
}

extension Statistics {
    /// Student's t tail, density and tail inverse for t ≥ 0.
    enum StudentT {
        /// P(T > t) for t > 0.
        static func upperTail(_ t: Double, df: Double) -> Double {
            if df == .infinity { return 0.5 * erfc(t / 2.0.squareRoot()) }
            if t == .infinity { return 0 }
            let ratio = t * t / df
            if ratio.isFinite && ratio < 1e300 {
                // x = df/(df + t²) = 1/(1 + r), y = 1 − x = r/(1 + r) with r = t²/df.
                let x = 1 / (1 + ratio)
                let y = ratio / (1 + ratio)
                let logX = -log1p(ratio)
                let logY = -log1p(1 / ratio)
                return 0.5 * IncompleteBeta.regularized(a: df / 2, b: 0.5, x: x, y: y, logX: logX, logY: logY)
            }
            // t²/df overflows (or nearly): x = 1/(1 + r) ≈ 1/r, known only through its logarithm.
            let logX = log(df) - 2 * log(t)
            let x = exp(logX)
            return 0.5 * IncompleteBeta.regularized(a: df / 2, b: 0.5, x: x, y: 1, logX: logX, logY: -x)
        }

        /// Density of Student's t at t.
        static func density(_ t: Double, df: Double) -> Double {
            if df == .infinity { return exp(-0.5 * t * t) / (2 * Double.pi).squareRoot() }
            let logNorm = -IncompleteBeta.logBeta(df / 2, 0.5) - 0.5 * log(df)
            let ratio = t * t / df
            let logKernel = ratio.isFinite ? -(df + 1) / 2 * log1p(ratio) : -(df + 1) * (log(t) - 0.5 * log(df))
            return exp(logNorm + logKernel)
        }

        /// The t > 0 with P(T > t) = tail, for 0 < tail < ½.
        static func upperQuantile(_ tail: Double, df: Double) -> Double {
            if df == 1 {
                // Cauchy: t = cot(π·tail); near tail = ½ use tan(π(½ − tail)), whose argument is exact.
                return tail < 0.25 ? 1 / tan(Double.pi * tail) : tan(Double.pi * (0.5 - tail))
            }
            if df == 2 {
                return (1 - 2 * tail) / (2 * tail * (1 - tail)).squareRoot()
            }
            let guess: Double
            if df == .infinity {
                guess = -NormalQuantile.approximate(tail)
            } else if df >= 1, case let hill = hillGuess(tail, df: df), hill.isFinite, hill > 0 {
                guess = hill
            } else {
                // df < 1, or Hill's formula overflowed (a tail so far out that t²/df is huge).
                guess = tailAsymptoteGuess(tail, df: df)
            }
            return refine(guess, tail: tail, df: df)
        }

        /// Solves P(T > t) = tail by Halley steps kept inside a shrinking bracket.
        ///
        /// For tail > ¼ it solves P(0 < T < t) = ½ − tail instead (exact in that range): t is
        /// then small, and the central probability carries it with full relative precision.
        static func refine(_ guess: Double, tail: Double, df: Double) -> Double {
            let isCentral = tail > 0.25
            let centralTarget = 0.5 - tail
            var low = 0.0
            var high = Double.infinity
            var t = guess.isFinite && guess > 0 ? guess : 1
            for _ in 0..<200 {
                let residual =
                    isCentral
                    ? centralTarget - centralProbability(t, df: df)
                    : upperTail(t, df: df) - tail
                if residual == 0 { return t }
                if residual > 0 { low = t } else { high = t }
                let newton = residual / density(t, df: df)
                // −f′/f: df → ∞ gives the normal's t; written to avoid overflowing t².
                let curvature = df == .infinity ? t : (df + 1) / (df / t + t)
                let halleyDenominator = 1 - newton * curvature / 2
                let step = halleyDenominator > 0.5 && halleyDenominator < 2 ? newton / halleyDenominator : newton
                if abs(step) <= 2 * Double.ulpOfOne * t { return t + step }
                var next = t + step
                if !(next > low && next < high) || !next.isFinite {
                    if high == .infinity {
                        next = 2 * max(t, low)
                    } else if low > 0 {
                        next = high / low > 2 ? (low * high).squareRoot() : low + (high - low) / 2
                    } else {
                        next = high / 2
                    }
                }
                if high.isFinite && high - low <= 2 * Double.ulpOfOne * high { return next }
                t = next
            }
            return t
        }

        /// P(0 < T < t) = ½·I_y(½, df/2) with y = t²/(df + t²), for t ≥ 0.
        static func centralProbability(_ t: Double, df: Double) -> Double {
            if df == .infinity { return 0.5 * erf(t / 2.0.squareRoot()) }
            let ratio = t * t / df
            guard ratio > 0 else { return 0 }
            guard ratio.isFinite else { return 0.5 }
            let x = 1 / (1 + ratio)
            let y = ratio / (1 + ratio)
            return 0.5
                * IncompleteBeta.regularized(
                    a: 0.5, b: df / 2, x: y, y: x, logX: -log1p(1 / ratio), logY: -log1p(ratio)
                )
        }

        /// Hill's approximation to the upper tail quantile for df ≥ 1, good to about 6 digits.
        ///
        /// G. W. Hill, "Algorithm 396: Student's t-quantiles", CACM 13(10), 1970: an expansion
        /// about the normal quantile, or for far tails an expansion in (2·tail·d)^(2/df).
        static func hillGuess(_ tail: Double, df: Double) -> Double {
            let a = 1 / (df - 0.5)
            let b = 48 / (a * a)
            var c = ((20700 * a / b - 98) * a - 16) * a + 96.36
            let d = ((94.5 / (b + c) - 3) / b + 1) * (a * Double.pi / 2).squareRoot() * df
            var y = pow(d * 2 * tail, 2 / df)
            if y > 0.05 + a {
                let x = NormalQuantile.approximate(tail)
                y = x * x
                if df < 5 { c += 0.3 * (df - 4.5) * (x + 0.6) }
                c += (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b
                y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x
                y = expm1(a * y * y)
            } else {
                y =
                    ((1 / (((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3) + 0.5 / (df + 4)) * y - 1)
                    * (df + 1) / (df + 2) + 1 / y
            }
            return (df * y).squareRoot()
        }

        /// The t where the tail's power-law asymptote C·t^(−df) equals tail.
        ///
        /// The start for df < 1, where Hill's expansion does not apply, and for tails so far
        /// out that it overflows.
        static func tailAsymptoteGuess(_ tail: Double, df: Double) -> Double {
            let logScale = -IncompleteBeta.logBeta(df / 2, 0.5) + (df / 2 - 1) * log(df)
            return exp((logScale - log(tail)) / df)
        }
    }
}

extension Statistics {
    /// An approximation to the standard normal quantile, used only as a starting point.
    enum NormalQuantile {
        /// Acklam's rational approximation of Φ⁻¹(p) for 0 < p ≤ ½ (relative error below 1.2e-9).
        static func approximate(_ p: Double) -> Double {
            let a = [
                -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
            ]
            let b = [
                -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                6.680131188771972e+01, -1.328068155288572e+01,
            ]
            let c = [
                -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
            ]
            let d = [
                7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                3.754408661907416e+00,
            ]
            if p < 0.02425 {
                let q = (-2 * log(p)).squareRoot()
                let numerator = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
                let denominator = (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
                return numerator / denominator
            }
            let q = p - 0.5
            let r = q * q
            let numerator = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            let denominator = ((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1
            return numerator / denominator
        }
    }
}
