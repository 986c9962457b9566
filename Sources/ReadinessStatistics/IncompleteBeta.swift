import Foundation

extension Statistics {
    /// The regularized incomplete beta function and the log-beta function it needs.
    enum IncompleteBeta {
        /// I_x(a, b) for a, b > 0, given x, y = 1 − x and their logarithms.
        ///
        /// The caller passes y and the logarithms separately because it can usually compute
        /// them without cancellation (for Student's t, x = df/(df + t²), y = t²/(df + t²)),
        /// and because x may underflow while log x is still finite. The continued fraction
        /// (modified Lentz) is evaluated where it converges fast, x < (a + 1)/(a + b + 2);
        /// elsewhere I_x(a, b) = 1 − I_y(b, a), which then is not small, so the subtraction
        /// loses nothing. For b = ½, a ≥ 15 and x > 0.65 (Student's t with df ≥ 30 and
        /// t² < 0.54·df) the continued fraction loses about log10(a) digits, so the
        /// large-a asymptotic series is used instead.
        static func regularized(
            a: Double, b: Double, x: Double, y: Double, logX: Double, logY: Double
        ) -> Double {
            guard a > 0, b > 0, !x.isNaN, !y.isNaN else { return .nan }
            if x <= 0 && logX == -.infinity { return 0 }
            if y <= 0 && logY == -.infinity { return 1 }
            if b == 0.5 && a >= 15 && y < 0.35 {
                return largeASeries(a: a, logX: logX)
            }
            let logFront = a * logX + b * logY - logBeta(a, b)
            if x < (a + 1) / (a + b + 2) {
                return exp(logFront) * continuedFraction(a: a, b: b, x: x) / a
            }
            return 1 - exp(logFront) * continuedFraction(a: b, b: a, x: y) / b
        }

        /// I_x(a, ½) for large a by the asymptotic series of DiDonato and Morris (1992, BGRAT).
        ///
        /// With T = a + (b − 1)/2 and u = −T·log x:
        ///   I_x(a, b) = Γ(a + b)/(Γ(a)·T^b) · Σ p_n·K_n,
        ///   K_0 = Q(b, u), the regularized upper incomplete gamma function,
        ///   K_n = [(b + 2n − 2)(b + 2n − 1)·K_(n−1) + (u + b + 2n − 1)·(log x / 2)^(2n − 2)·h] / (4T²),
        ///   h = e^(−u)·u^b / Γ(b),
        ///   p_0 = 1, p_n = (b − 1)/(2n + 1)! + (1/n)·Σ_(m=1)^(n−1) (m·b − n)·p_(n−m)/(2m + 1)!.
        /// For b = ½, Q(½, u) = erfc(√u). The first term dominates and nothing is subtracted from 1.
        static func largeASeries(a: Double, logX: Double) -> Double {
            let b = 0.5
            let logGammaB = 0.5 * log(Double.pi)
            let bigT = a + (b - 1) / 2
            let u = -bigT * logX
            let ratio = exp(logGammaB - logBeta(a, b) - b * log(bigT))
            let h = exp(-u + b * log(u) - logGammaB)
            let tolerance = Double.ulpOfOne
            let maxTerms = 30
            var p: [Double] = [1]
            var oddFactorials: [Double] = [1]  // (2m + 1)! for m = 0, 1, ...
            var k = erfc(u.squareRoot())
            var sum = k
            var logPower = 1.0  // (log x / 2)^(2n − 2)
            let logSquare = (logX / 2) * (logX / 2)
            var b2n = b
            let fourTSquared = 4 * bigT * bigT
            for n in 1..<maxTerms {
                let order = Double(n)
                oddFactorials.append(oddFactorials[n - 1] * Double(2 * n) * Double(2 * n + 1))
                var pn = 0.0
                for m in 1..<n {
                    pn += (Double(m) * b - order) * p[n - m] / oddFactorials[m]
                }
                pn = pn / order + (b - 1) / oddFactorials[n]
                p.append(pn)
                k = (b2n * (b2n + 1) * k + (u + b2n + 1) * logPower * h) / fourTSquared
                logPower *= logSquare
                b2n += 2
                let term = pn * k
                sum += term
                if abs(term) <= tolerance * abs(sum) { break }
            }
            return ratio * sum
        }

        /// The continued fraction for I_x(a, b) (Numerical Recipes §6.4), by modified Lentz.
        ///
        /// I_x(a, b) = x^a·y^b/(a·B(a, b)) times this value; it converges fast for
        /// x < (a + 1)/(a + b + 2).
        static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
            let tiny = 1e-300
            let tolerance = 2 * Double.ulpOfOne
            let maxIterations = 100_000
            let qab = a + b
            let qap = a + 1
            let qam = a - 1
            var c = 1.0
            var d = 1 - qab * x / qap
            if abs(d) < tiny { d = tiny }
            d = 1 / d
            var h = d
            for step in 1...maxIterations {
                let m = Double(step)
                let m2 = 2 * m
                var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
                d = 1 + aa * d
                if abs(d) < tiny { d = tiny }
                c = 1 + aa / c
                if abs(c) < tiny { c = tiny }
                d = 1 / d
                h *= d * c
                aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
                d = 1 + aa * d
                if abs(d) < tiny { d = tiny }
                c = 1 + aa / c
                if abs(c) < tiny { c = tiny }
                d = 1 / d
                let delta = d * c
                h *= delta
                if abs(delta - 1) <= tolerance { break }
            }
            return h
        }

        /// log B(a, b) for a, b > 0.
        ///
        /// For large arguments the lgamma terms are large and nearly cancel, so, as R's
        /// `lbeta`, this uses Stirling's series with the correction term `stirlingCorrection`.
        static func logBeta(_ a: Double, _ b: Double) -> Double {
            let p = min(a, b)
            let q = max(a, b)
            let halfLogTwoPi = 0.918938533204672741780329736406
            if p >= 10 {
                let correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q)
                return -0.5 * log(q) + halfLogTwoPi + correction
                    + (p - 0.5) * log(p / (p + q)) + q * log1p(-p / (p + q))
            }
            if q >= 10 {
                let correction = stirlingCorrection(q) - stirlingCorrection(p + q)
                return lgamma(p) + correction + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q))
            }
            return lgamma(p) + lgamma(q) - lgamma(p + q)
        }

        /// log Γ(x) − [(x − ½) log x − x + ½ log 2π] for x ≥ 10, by its asymptotic series.
        static func stirlingCorrection(_ x: Double) -> Double {
            // B_2k / (2k (2k − 1)) for k = 1...8; at x = 10 the ninth term is below 1e-18.
            let coefficients: [Double] = [
                1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680,
                1.0 / 1188, -691.0 / 360_360, 1.0 / 156, -3617.0 / 122_400,
            ]
            let inverseSquare = 1 / (x * x)
            var sum = 0.0
            for coefficient in coefficients.reversed() {
                sum = sum * inverseSquare + coefficient
            }
            return sum / x
        }
    }
}
