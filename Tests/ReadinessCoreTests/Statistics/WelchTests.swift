import ReadinessCore
import XCTest

/// Welch's unequal-variance t-test against `scipy.stats.ttest_ind(equal_var=False)`.
final class WelchTests: XCTestCase {
    func testSamplesMatchSciPy() {
        let cases: [(a: [Double], b: [Double], t: Double, df: Double, p: Double)] = [
            (a: [62.5, 75.0, 50.0, 87.5, 62.5], b: [50.0, 37.5, 62.5, 50.0, 25.0],
             t: 2.4961508830135313, df: 8.0, p: 0.03716427787289955), // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (a: [62.5, 75.0, 50.0, 87.5, 62.5, 70.0, 58.3], b: [50.0, 37.5, 62.5],
             t: 1.9303870098941327, df: 3.7654259306725275, p: 0.13017746613193984), // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (a: [50.0, 50.0, 50.0], b: [40.0, 60.0, 55.0, 47.0],
             t: -0.11347042117083508, df: 3.0, p: 0.9168250488577583), // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (a: [1.0, 2.0, 3.0, 4.0], b: [1.5, 2.5, 3.5, 4.5, 5.5, 6.5],
             t: -1.5000000000000002, df: 7.941176470588236, p: 0.17227907729130926), // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (a: [100.0, 100.0, 99.0, 100.0], b: [0.0, 1.0, 0.0, 0.0, 1.0],
             t: 283.85714285714283, df: 6.814569536423841, p: 3.909991619798411e-15), // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (a: [58.333333333333336, 41.666666666666664, 66.66666666666667, 75.0, 50.0, 33.333333333333336], b: [58.333333333333336, 41.666666666666664, 66.66666666666667, 75.0, 50.0, 33.333333333333336],
             t: 0.0, df: 10.0, p: 1.0), // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (a: [10.0, 12.0], b: [30.0, 31.0, 29.0, 30.5, 30.0, 29.5, 31.5, 28.5],
             t: -17.913371790059205, df: 1.2628062360801782, p: 0.017865000649237812), // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
        ]
        for (a, b, t, df, p) in cases {
            let test = Statistics.welch(a, b)
            assertClose(test?.t, t, "t for \(a) vs \(b)")
            assertClose(test?.df, df, "df for \(a) vs \(b)")
            assertClose(test?.p, p, relative: 1e-9, "p for \(a) vs \(b)")
        }
    }

    func testSummariesMatchSciPy() {
        let cases: [(n1: Int, mean1: Double, variance1: Double, n2: Int, mean2: Double, variance2: Double,
                     t: Double, df: Double, p: Double)] = [
            (n1: 12, mean1: 64.2, variance1: 180.5, n2: 9, mean2: 55.0, variance2: 96.0,
             t: 1.814474487593149, df: 18.997060331257117, p: 0.0854297145297225), // scipy.stats.ttest_ind_from_stats(64.2, np.sqrt(180.5), 12, 55.0, np.sqrt(96.0), 9, equal_var=False); df = (v1/n1 + v2/n2)**2 / ((v1/n1)**2/(n1-1) + (v2/n2)**2/(n2-1))
            (n1: 3, mean1: 50.0, variance1: 0.0, n2: 4, mean2: 56.0, variance2: 25.0,
             t: -2.4, df: 3.0, p: 0.09587448227183096), // scipy.stats.ttest_ind_from_stats(50.0, np.sqrt(0.0), 3, 56.0, np.sqrt(25.0), 4, equal_var=False); df = (v1/n1 + v2/n2)**2 / ((v1/n1)**2/(n1-1) + (v2/n2)**2/(n2-1))
            (n1: 40, mean1: 70.0, variance1: 0.0001, n2: 35, mean2: 69.0, variance2: 0.0004,
             t: 267.94565082283344, df: 48.47954425268016, p: 1.5736663384799032e-78), // scipy.stats.ttest_ind_from_stats(70.0, np.sqrt(0.0001), 40, 69.0, np.sqrt(0.0004), 35, equal_var=False); df = (v1/n1 + v2/n2)**2 / ((v1/n1)**2/(n1-1) + (v2/n2)**2/(n2-1))
            (n1: 2, mean1: 0.0, variance1: 1.0, n2: 1000, mean2: 0.0, variance2: 1.0,
             t: 0.0, df: 1.0040039959799638, p: 1.0), // scipy.stats.ttest_ind_from_stats(0.0, np.sqrt(1.0), 2, 0.0, np.sqrt(1.0), 1000, equal_var=False); df = (v1/n1 + v2/n2)**2 / ((v1/n1)**2/(n1-1) + (v2/n2)**2/(n2-1))
        ]
        for (n1, mean1, variance1, n2, mean2, variance2, t, df, p) in cases {
            let test = Statistics.welch(
                n1: n1, mean1: mean1, variance1: variance1, n2: n2, mean2: mean2, variance2: variance2
            )
            assertClose(test?.t, t, "t, n = \(n1), \(n2)")
            assertClose(test?.df, df, "df, n = \(n1), \(n2)")
            assertClose(test?.p, p, relative: 1e-9, "p, n = \(n1), \(n2)")
        }
    }

    func testOneZeroVarianceIsATest() {
        let test = Statistics.welch([50, 50, 50], [40, 60, 55, 47])
        XCTAssertNotNil(test)
        XCTAssertEqual(test?.df ?? 0, 3, accuracy: 1e-12, "df is n − 1 of the varying side")
    }

    func testNotTested() {
        XCTAssertNil(Statistics.welch([50, 50, 50], [60, 60]), "both variances 0")
        XCTAssertNil(Statistics.welch([0.1, 0.1, 0.1], [0.2, 0.2, 0.2, 0.2]), "both constant, inexact decimals")
        XCTAssertNil(Statistics.welch([50], [40, 60, 55]), "n1 < 2")
        XCTAssertNil(Statistics.welch([40, 60, 55], []), "n2 < 2")
        XCTAssertNil(
            Statistics.welch(n1: 5, mean1: 1, variance1: -1, n2: 5, mean2: 2, variance2: 1), "negative variance"
        )
        XCTAssertNil(
            Statistics.welch(n1: 5, mean1: 1, variance1: 0, n2: 5, mean2: 2, variance2: 0), "both variances 0"
        )
    }

    func testEnormousStatisticGivesTinyPositiveP() {
        let test = Statistics.welch(n1: 50, mean1: 100, variance1: 1e-12, n2: 50, mean2: 0, variance2: 1e-12)
        XCTAssertNotNil(test)
        XCTAssertFalse(test?.p.isNaN ?? true)
        XCTAssertGreaterThanOrEqual(test?.p ?? -1, 0)
        XCTAssertLessThan(test?.p ?? 1, 1e-100)
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
