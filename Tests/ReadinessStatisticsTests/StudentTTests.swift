import ReadinessStatistics
import XCTest

/// Student's t CDF, two-sided p, quantile and t-interval against SciPy
/// (values printed by `tools/fixtures/statistics.py`).
final class StudentTTests: XCTestCase {
    func testQuantileMatchesSciPy() {
        let cases: [(p: Double, df: Double, expected: Double)] = [
            (p: 0.975, df: 1.0, expected: 12.706204736174694),  // scipy.stats.t.ppf(0.975, 1)
            (p: 0.5, df: 1.0, expected: 0.0),  // scipy.stats.t.ppf(0.5, 1)
            (p: 0.025, df: 1.0, expected: -12.706204736174705),  // scipy.stats.t.ppf(0.025, 1)
            (p: 0.999, df: 1.0, expected: 318.30883898555015),  // scipy.stats.t.ppf(0.999, 1)
            (p: 0.6, df: 1.0, expected: 0.32491969623290634),  // scipy.stats.t.ppf(0.6, 1)
            (p: 0.975, df: 2.0, expected: 4.302652729749462),  // scipy.stats.t.ppf(0.975, 2)
            (p: 0.5, df: 2.0, expected: 0.0),  // scipy.stats.t.ppf(0.5, 2)
            (p: 0.025, df: 2.0, expected: -4.302652729749464),  // scipy.stats.t.ppf(0.025, 2)
            (p: 0.999, df: 2.0, expected: 22.327124770119866),  // scipy.stats.t.ppf(0.999, 2)
            (p: 0.6, df: 2.0, expected: 0.2886751345948128),  // scipy.stats.t.ppf(0.6, 2)
            (p: 0.975, df: 3.0, expected: 3.1824463052837078),  // scipy.stats.t.ppf(0.975, 3)
            (p: 0.5, df: 3.0, expected: 0.0),  // scipy.stats.t.ppf(0.5, 3)
            (p: 0.025, df: 3.0, expected: -3.1824463052837086),  // scipy.stats.t.ppf(0.025, 3)
            (p: 0.999, df: 3.0, expected: 10.214531852407383),  // scipy.stats.t.ppf(0.999, 3)
            (p: 0.6, df: 3.0, expected: 0.2766706623326898),  // scipy.stats.t.ppf(0.6, 3)
            (p: 0.975, df: 5.0, expected: 2.5705818356363146),  // scipy.stats.t.ppf(0.975, 5)
            (p: 0.5, df: 5.0, expected: 0.0),  // scipy.stats.t.ppf(0.5, 5)
            (p: 0.025, df: 5.0, expected: -2.5705818356363155),  // scipy.stats.t.ppf(0.025, 5)
            (p: 0.999, df: 5.0, expected: 5.893429531356009),  // scipy.stats.t.ppf(0.999, 5)
            (p: 0.6, df: 5.0, expected: 0.2671808657041451),  // scipy.stats.t.ppf(0.6, 5)
            (p: 0.975, df: 9.0, expected: 2.262157162798205),  // scipy.stats.t.ppf(0.975, 9)
            (p: 0.5, df: 9.0, expected: 0.0),  // scipy.stats.t.ppf(0.5, 9)
            (p: 0.025, df: 9.0, expected: -2.2621571627982053),  // scipy.stats.t.ppf(0.025, 9)
            (p: 0.999, df: 9.0, expected: 4.296805662729918),  // scipy.stats.t.ppf(0.999, 9)
            (p: 0.6, df: 9.0, expected: 0.260955336473911),  // scipy.stats.t.ppf(0.6, 9)
            (p: 0.975, df: 10.0, expected: 2.228138851986274),  // scipy.stats.t.ppf(0.975, 10)
            (p: 0.5, df: 10.0, expected: 0.0),  // scipy.stats.t.ppf(0.5, 10)
            (p: 0.025, df: 10.0, expected: -2.2281388519862753),  // scipy.stats.t.ppf(0.025, 10)
            (p: 0.999, df: 10.0, expected: 4.143700494046589),  // scipy.stats.t.ppf(0.999, 10)
            (p: 0.6, df: 10.0, expected: 0.2601848294920803),  // scipy.stats.t.ppf(0.6, 10)
            (p: 0.975, df: 29.0, expected: 2.045229642132703),  // scipy.stats.t.ppf(0.975, 29)
            (p: 0.5, df: 29.0, expected: 0.0),  // scipy.stats.t.ppf(0.5, 29)
            (p: 0.025, df: 29.0, expected: -2.045229642132704),  // scipy.stats.t.ppf(0.025, 29)
            (p: 0.999, df: 29.0, expected: 3.3962402883568026),  // scipy.stats.t.ppf(0.999, 29)
            (p: 0.6, df: 29.0, expected: 0.25568363457125604),  // scipy.stats.t.ppf(0.6, 29)
            (p: 0.975, df: 30.0, expected: 2.0422724563012378),  // scipy.stats.t.ppf(0.975, 30)
            (p: 0.5, df: 30.0, expected: 0.0),  // scipy.stats.t.ppf(0.5, 30)
            (p: 0.025, df: 30.0, expected: -2.042272456301238),  // scipy.stats.t.ppf(0.025, 30)
            (p: 0.999, df: 30.0, expected: 3.3851848668293045),  // scipy.stats.t.ppf(0.999, 30)
            (p: 0.6, df: 30.0, expected: 0.2556053649519128),  // scipy.stats.t.ppf(0.6, 30)
            (p: 0.975, df: 100.0, expected: 1.9839715185235518),  // scipy.stats.t.ppf(0.975, 100)
            (p: 0.5, df: 100.0, expected: 0.0),  // scipy.stats.t.ppf(0.5, 100)
            (p: 0.025, df: 100.0, expected: -1.983971518523552),  // scipy.stats.t.ppf(0.025, 100)
            (p: 0.999, df: 100.0, expected: 3.173739493738783),  // scipy.stats.t.ppf(0.999, 100)
            (p: 0.6, df: 100.0, expected: 0.25402218245822766),  // scipy.stats.t.ppf(0.6, 100)
            (p: 0.975, df: 1000.0, expected: 1.9623390808264083),  // scipy.stats.t.ppf(0.975, 1000)
            (p: 0.5, df: 1000.0, expected: 0.0),  // scipy.stats.t.ppf(0.5, 1000)
            (p: 0.025, df: 1000.0, expected: -1.9623390808264085),  // scipy.stats.t.ppf(0.025, 1000)
            (p: 0.999, df: 1000.0, expected: 3.0984021639129233),  // scipy.stats.t.ppf(0.999, 1000)
            (p: 0.6, df: 1000.0, expected: 0.25341451583949876),  // scipy.stats.t.ppf(0.6, 1000)
            (p: 0.975, df: 4.5, expected: 2.6589123472044034),  // scipy.stats.t.ppf(0.975, 4.5)
            (p: 0.5, df: 4.5, expected: 0.0),  // scipy.stats.t.ppf(0.5, 4.5)
            (p: 0.025, df: 4.5, expected: -2.658912347204404),  // scipy.stats.t.ppf(0.025, 4.5)
            (p: 0.999, df: 4.5, expected: 6.421242884295791),  // scipy.stats.t.ppf(0.999, 4.5)
            (p: 0.6, df: 4.5, expected: 0.2687518355421751),  // scipy.stats.t.ppf(0.6, 4.5)
            (p: 0.975, df: 17.3, expected: 2.1070320037534676),  // scipy.stats.t.ppf(0.975, 17.3)
            (p: 0.5, df: 17.3, expected: 0.0),  // scipy.stats.t.ppf(0.5, 17.3)
            (p: 0.025, df: 17.3, expected: -2.107032003753469),  // scipy.stats.t.ppf(0.025, 17.3)
            (p: 0.999, df: 17.3, expected: 3.634692494240616),  // scipy.stats.t.ppf(0.999, 17.3)
            (p: 0.6, df: 17.3, expected: 0.25727707737796557),  // scipy.stats.t.ppf(0.6, 17.3)
        ]
        for (p, df, expected) in cases {
            assertClose(Statistics.studentTQuantile(p, df: df), expected, "t.ppf(\(p), \(df))")
        }
    }

    func testQuantileEdgesMatchSciPy() {
        let cases: [(p: Double, df: Double, expected: Double)] = [
            (p: 0.975, df: 1000000.0, expected: 1.959966356814107),  // scipy.stats.t.ppf(0.975, 1000000.0)
            (p: 0.025, df: 1000000.0, expected: -1.9599663568141072),  // scipy.stats.t.ppf(0.025, 1000000.0)
            (p: 0.999, df: 0.5, expected: 102849.11563017538),  // scipy.stats.t.ppf(0.999, 0.5)
            (p: 1e-10, df: 3.0, expected: -2225.769284683093),  // scipy.stats.t.ppf(1e-10, 3)
            (p: 1e-10, df: 1.0, expected: -3183098861.8379064),  // scipy.stats.t.ppf(1e-10, 1)
            (p: 0.9999999, df: 2.5, expected: 553.0599831647646),  // scipy.stats.t.ppf(0.9999999, 2.5)
            (p: 0.75, df: 1.5, expected: 0.8725946625415716),  // scipy.stats.t.ppf(0.75, 1.5)
            (p: 0.5001, df: 1000000.0, expected: 0.0002506628927537268),  // scipy.stats.t.ppf(0.5001, 1000000.0)
            (p: 0.4999, df: 1.1, expected: -0.0003086087143089164),  // scipy.stats.t.ppf(0.4999, 1.1)
            (p: 1e-300, df: 4.0, expected: -1.3160740129524924e+75),  // scipy.stats.t.ppf(1e-300, 4)
            (p: 0.3, df: 1.5, expected: -0.651795482602357),  // scipy.stats.t.ppf(0.3, 1.5)
            // scipy.stats.t.ppf(0.20316257472497423, 30.5)
            (p: 0.20316257472497423, df: 30.5, expected: -0.8420305568713183),
            // scipy.stats.norm.ppf(0.975) = 1.959963984540054  (normal approximation)
        ]
        for (p, df, expected) in cases {
            let quantile = Statistics.studentTQuantile(p, df: df)
            assertClose(quantile, expected, relative: 1e-10, "t.ppf(\(p), \(df))")
        }
    }

    func testQuantileWhereSciPyIsOff() {
        // SciPy's t.ppf is 1.4e-10 off just above ½ and wrong by 118 orders of magnitude at
        // p = 1e-300, df = 1.1; the expected values are mpmath's.
        let cases: [(p: Double, df: Double, expected: Double)] = [
            // mp_t_ppf(0.5000001, 7); scipy.stats.t.ppf(0.5000001, 7) = 2.5974602739221524e-07
            (p: 0.5000001, df: 7.0, expected: 2.5974602742784954e-07),
            // mp_t_ppf(1e-300, 1.1); scipy.stats.t.ppf(1e-300, 1.1) = -7.03111379574486e+153
            (p: 1e-300, df: 1.1, expected: -1.924144540642033e+272),
        ]
        for (p, df, expected) in cases {
            let quantile = Statistics.studentTQuantile(p, df: df)
            assertClose(quantile, expected, relative: 1e-12, "t.ppf(\(p), \(df))")
        }
    }

    func testQuantileIsNotTheNormalApproximation() {
        // scipy.stats.norm.ppf(0.975) = 1.959963984540054; the t quantile must not fall back to it.
        XCTAssertGreaterThan(Statistics.studentTQuantile(0.975, df: 29) - 1.959963984540054, 0.08)
        // scipy.stats.t.ppf(0.975, 1000000.0) = 1.959966356814107: close to normal, yet distinguishable.
        let nearlyNormal = Statistics.studentTQuantile(0.975, df: 1e6)
        assertClose(nearlyNormal, 1.959966356814107, relative: 1e-12, "df = 1e6")
        XCTAssertGreaterThan(nearlyNormal - 1.959963984540054, 2e-6)
    }

    func testInfiniteDFIsTheNormalDistribution() {
        let cases: [(p: Double, expected: Double)] = [
            (p: 0.975, expected: 1.959963984540054),  // scipy.stats.norm.ppf(0.975)
            (p: 0.025, expected: -1.9599639845400545),  // scipy.stats.norm.ppf(0.025)
            (p: 1e-10, expected: -6.361340902404056),  // scipy.stats.norm.ppf(1e-10)
            (p: 0.6, expected: 0.2533471031357997),  // scipy.stats.norm.ppf(0.6)
        ]
        for (p, expected) in cases {
            let quantile = Statistics.studentTQuantile(p, df: .infinity)
            assertClose(quantile, expected, relative: 1e-12, "norm.ppf(\(p))")
            assertClose(Statistics.studentTCDF(expected, df: .infinity), p, relative: 1e-12, "norm.cdf(\(expected))")
        }
    }

    func testQuantileAtOneHalfIsExactlyZero() {
        for df in [0.5, 1, 2, 3, 4.5, 30, 1e6] {
            XCTAssertEqual(Statistics.studentTQuantile(0.5, df: df), 0, "df = \(df)")
        }
    }

    func testQuantileInvertsCDF() {
        for df in [0.7, 1, 1.5, 2, 3.3, 8, 40, 250, 1e5] {
            for p in [1e-12, 1e-6, 0.01, 0.2, 0.49, 0.51, 0.8, 0.99, 1 - 1e-9] {
                let t = Statistics.studentTQuantile(p, df: df)
                let back = p < 0.5 ? Statistics.studentTCDF(t, df: df) : 1 - Statistics.studentTCDF(t, df: df)
                let tail = p < 0.5 ? p : 1 - p
                assertClose(back, tail, relative: 1e-9, "cdf(ppf(\(p), \(df)))")
            }
        }
    }

    func testQuantileOutsideDomain() {
        XCTAssertEqual(Statistics.studentTQuantile(0, df: 5), -.infinity)
        XCTAssertEqual(Statistics.studentTQuantile(1, df: 5), .infinity)
        XCTAssertTrue(Statistics.studentTQuantile(1.5, df: 5).isNaN)
        XCTAssertTrue(Statistics.studentTQuantile(0.5, df: 0).isNaN)
        XCTAssertTrue(Statistics.studentTQuantile(.nan, df: 5).isNaN)
    }

    func testCDFMatchesSciPy() {
        let cases: [(t: Double, df: Double, expected: Double)] = [
            (t: 2.0, df: 5.0, expected: 0.9490302605850708),  // scipy.stats.t.cdf(2.0, 5)
            (t: -2.0, df: 5.0, expected: 0.050969739414929174),  // scipy.stats.t.cdf(-2.0, 5)
            (t: 0.0, df: 3.0, expected: 0.5),  // scipy.stats.t.cdf(0.0, 3)
            (t: 1.0, df: 1.0, expected: 0.75),  // scipy.stats.t.cdf(1.0, 1)
            (t: -1.0, df: 2.0, expected: 0.2113248654051871),  // scipy.stats.t.cdf(-1.0, 2)
            (t: 0.3, df: 4.5, expected: 0.6112332264802843),  // scipy.stats.t.cdf(0.3, 4.5)
            (t: 2.5, df: 17.3, expected: 0.9886262499120995),  // scipy.stats.t.cdf(2.5, 17.3)
            (t: 1.96, df: 1000.0, expected: 0.9748634075221256),  // scipy.stats.t.cdf(1.96, 1000)
            (t: -1.96, df: 1000000.0, expected: 0.024998033792634926),  // scipy.stats.t.cdf(-1.96, 1000000.0)
            (t: -40.0, df: 30.0, expected: 6.863022597203209e-28),  // scipy.stats.t.cdf(-40.0, 30)
            (t: 40.0, df: 30.0, expected: 1.0),  // scipy.stats.t.cdf(40.0, 30)
            (t: 0.001, df: 10.0, expected: 0.5003891083126295),  // scipy.stats.t.cdf(0.001, 10)
            (t: -8.0, df: 2.5, expected: 0.0038283220655217234),  // scipy.stats.t.cdf(-8.0, 2.5)
        ]
        for (t, df, expected) in cases {
            assertClose(Statistics.studentTCDF(t, df: df), expected, "t.cdf(\(t), \(df))")
            // The lower tail is computed directly, so it is accurate relatively too.
            if t < 0 {
                assertClose(Statistics.studentTCDF(t, df: df), expected, relative: 1e-10, "t.cdf(\(t), \(df))")
            }
        }
    }

    func testTwoSidedPMatchesSciPy() {
        let cases: [(t: Double, df: Double, expected: Double)] = [
            (t: 2.0, df: 5.0, expected: 0.10193947882985835),  // 2 * scipy.stats.t.sf(abs(2.0), 5)
            (t: -2.0, df: 5.0, expected: 0.10193947882985835),  // 2 * scipy.stats.t.sf(abs(-2.0), 5)
            (t: 0.0, df: 3.0, expected: 1.0),  // 2 * scipy.stats.t.sf(abs(0.0), 3)
            (t: 1.0, df: 1.0, expected: 0.5000000000000001),  // 2 * scipy.stats.t.sf(abs(1.0), 1)
            // 2 * scipy.stats.t.sf(abs(2.2281388519649385), 10)
            (t: 2.2281388519649385, df: 10.0, expected: 0.05000000000180864),
            (t: 0.5, df: 2.5, expected: 0.6576979198697148),  // 2 * scipy.stats.t.sf(abs(0.5), 2.5)
            (t: 3.1, df: 17.3, expected: 0.00640217064994822),  // 2 * scipy.stats.t.sf(abs(3.1), 17.3)
            (t: 50.0, df: 30.0, expected: 1.871541765922271e-30),  // 2 * scipy.stats.t.sf(abs(50.0), 30)
            (t: 1000.0, df: 10.0, expected: 2.4608247101732713e-26),  // 2 * scipy.stats.t.sf(abs(1000.0), 10)
            // 2 * scipy.stats.t.sf(abs(-10000000000.0), 5)
            (t: -10000000000.0, df: 5.0, expected: 1.898033449112473e-49),
            (t: 1000000.0, df: 1.5, expected: 7.541704864026433e-10),  // 2 * scipy.stats.t.sf(abs(1000000.0), 1.5)
            (t: 1e-09, df: 7.0, expected: 0.9999999992300171),  // 2 * scipy.stats.t.sf(abs(1e-09), 7)
            (t: 1.96, df: 1000000.0, expected: 0.04999606758526985),  // 2 * scipy.stats.t.sf(abs(1.96), 1000000.0)
            // 2 * scipy.stats.t.sf(1e200, 1) = 0.0 (underflow); 2 / math.pi * math.atan(1 / 1e200) =
            // 6.3661977236758134e-201
        ]
        for (t, df, expected) in cases {
            assertClose(Statistics.studentTTwoSidedP(t, df: df), expected, relative: 1e-10, "p(\(t), \(df))")
        }
    }

    func testTwoSidedPForHugeStatisticIsTinyButPositive() {
        for (t, df) in [(1e6, 30.0), (1e12, 2.0), (1e200, 1.0), (-1e300, 3.0)] {
            let p = Statistics.studentTTwoSidedP(t, df: df)
            XCTAssertFalse(p.isNaN, "t = \(t), df = \(df)")
            XCTAssertGreaterThanOrEqual(p, 0)
            XCTAssertLessThan(p, 1e-20)
        }
        // SciPy underflows to 0 here; 2 / math.pi * math.atan(1 / 1e200) = 6.3661977236758134e-201
        let farOut = Statistics.studentTTwoSidedP(1e200, df: 1)
        assertClose(farOut, 6.3661977236758134e-201, relative: 1e-10, "t = 1e200")
        XCTAssertEqual(Statistics.studentTTwoSidedP(.infinity, df: 4), 0)
        XCTAssertEqual(Statistics.studentTCDF(.infinity, df: 4), 1)
        XCTAssertEqual(Statistics.studentTCDF(-.infinity, df: 4), 0)
    }

    func testTIntervalMatchesSciPy() {
        let cases: [(mean: Double, sd: Double, n: Int, confidence: Double, low: Double, high: Double)] = [
            // scipy.stats.t.interval(0.95, 7, loc=62.5, scale=12.0 / np.sqrt(8))
            (mean: 62.5, sd: 12.0, n: 8, confidence: 0.95, low: 52.467748940443464, high: 72.53225105955653),
            // scipy.stats.t.interval(0.95, 1, loc=40.0, scale=25.0 / np.sqrt(2))
            (mean: 40.0, sd: 25.0, n: 2, confidence: 0.95, low: -184.6160883023438, high: 264.61608830234377),
            // scipy.stats.t.interval(0.95, 29, loc=99.0, scale=3.0 / np.sqrt(30))
            (mean: 99.0, sd: 3.0, n: 30, confidence: 0.95, low: 97.8797815897257, high: 100.1202184102743),
            // scipy.stats.t.interval(0.9, 4, loc=50.0, scale=10.0 / np.sqrt(5))
            (mean: 50.0, sd: 10.0, n: 5, confidence: 0.9, low: 40.46609133631828, high: 59.533908663681714),
            // scipy.stats.t.interval(0.99, 999, loc=37.5, scale=20.0 / np.sqrt(1000))
            (mean: 37.5, sd: 20.0, n: 1000, confidence: 0.99, low: 35.86778429056086, high: 39.13221570943914),
        ]
        for (mean, sd, n, confidence, low, high) in cases {
            let interval = Statistics.tInterval(mean: mean, sd: sd, n: n, confidence: confidence)
            assertClose(interval?.low, low, "low, n = \(n)")
            assertClose(interval?.high, high, "high, n = \(n)")
        }
    }

    func testTIntervalEdges() {
        XCTAssertNil(Statistics.tInterval(mean: 50, sd: 10, n: 1))
        XCTAssertNil(Statistics.tInterval(mean: 50, sd: 10, n: 0))
        XCTAssertNil(Statistics.tInterval(mean: 50, sd: 10, n: 5, confidence: 1))
        let flat = Statistics.tInterval(mean: 10, sd: 0, n: 4)
        XCTAssertEqual(flat?.low, 10)
        XCTAssertEqual(flat?.high, 10)
        // Not clipped: the bounds of scores may leave [0, 100] here; clipping is the caller's.
        let wide = Statistics.tInterval(mean: 99, sd: 3, n: 30)
        XCTAssertGreaterThan(wide?.high ?? 0, 100)
    }

    /// Within 1e-9 absolute or relative by default; only relative when `relative` is given.
    private func assertClose(
        _ actual: Double?, _ expected: Double, relative: Double? = nil,
        _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let actual else { return XCTFail("nil for \(message)", file: file, line: line) }
        let tolerance = relative.map { $0 * abs(expected) } ?? max(1e-9, 1e-9 * abs(expected))
        XCTAssertLessThanOrEqual(
            abs(actual - expected), tolerance, "\(message): got \(actual), expected \(expected)",
            file: file, line: line
        )
    }
}
