import ReadinessStatistics
import XCTest

/// Welch's unequal-variance t-test against `scipy.stats.ttest_ind(equal_var=False)`.
final class WelchTests: XCTestCase {
    func testSamplesMatchSciPy() {
        let cases: [(a: [Double], b: [Double], t: Double, df: Double, p: Double)] = [
            // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (
                a: [62.5, 75.0, 50.0, 87.5, 62.5], b: [50.0, 37.5, 62.5, 50.0, 25.0],
                t: 2.4961508830135313, df: 8.0, p: 0.03716427787289955
            ),
            // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (
                a: [62.5, 75.0, 50.0, 87.5, 62.5, 70.0, 58.3], b: [50.0, 37.5, 62.5],
                t: 1.9303870098941327, df: 3.7654259306725275, p: 0.13017746613193984
            ),
            // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (
                a: [50.0, 50.0, 50.0], b: [40.0, 60.0, 55.0, 47.0],
                t: -0.11347042117083508, df: 3.0, p: 0.9168250488577583
            ),
            // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (
                a: [1.0, 2.0, 3.0, 4.0], b: [1.5, 2.5, 3.5, 4.5, 5.5, 6.5],
                t: -1.5000000000000002, df: 7.941176470588236, p: 0.17227907729130926
            ),
            // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (
                a: [100.0, 100.0, 99.0, 100.0], b: [0.0, 1.0, 0.0, 0.0, 1.0],
                t: 283.85714285714283, df: 6.814569536423841, p: 3.909991619798411e-15
            ),
            // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (
                a: [58.333333333333336, 41.666666666666664, 66.66666666666667, 75.0, 50.0, 33.333333333333336],
                b: [58.333333333333336, 41.666666666666664, 66.66666666666667, 75.0, 50.0, 33.333333333333336],
                t: 0.0, df: 10.0, p: 1.0
            ),
            // scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, df, pvalue
            (
                a: [10.0, 12.0], b: [30.0, 31.0, 29.0, 30.5, 30.0, 29.5, 31.5, 28.5],
                t: -17.913371790059205, df: 1.2628062360801782, p: 0.017865000649237812
            ),
        ]
        for (a, b, t, df, p) in cases {
            let test = Statistics.welch(a, b)
            assertClose(test?.t, t, "t for \(a) vs \(b)")
            assertClose(test?.df, df, "df for \(a) vs \(b)")
            assertClose(test?.p, p, relative: 1e-9, "p for \(a) vs \(b)")
        }
    }

    func testSummariesMatchSciPy() {
        let cases:
            [(
                n1: Int, mean1: Double, variance1: Double, n2: Int, mean2: Double, variance2: Double,
                t: Double, df: Double, p: Double
            )] = [
                // scipy.stats.ttest_ind_from_stats(64.2, np.sqrt(180.5), 12, 55.0, np.sqrt(96.0), 9, equal_var=False); df =
                // (v1/n1 + v2/n2)**2 / ((v1/n1)**2/(n1-1) + (v2/n2)**2/(n2-1))
                (
                    n1: 12, mean1: 64.2, variance1: 180.5, n2: 9, mean2: 55.0, variance2: 96.0,
                    t: 1.814474487593149, df: 18.997060331257117, p: 0.0854297145297225
                ),
                // scipy.stats.ttest_ind_from_stats(50.0, np.sqrt(0.0), 3, 56.0, np.sqrt(25.0), 4, equal_var=False); df =
                // (v1/n1 + v2/n2)**2 / ((v1/n1)**2/(n1-1) + (v2/n2)**2/(n2-1))
                (
                    n1: 3, mean1: 50.0, variance1: 0.0, n2: 4, mean2: 56.0, variance2: 25.0,
                    t: -2.4, df: 3.0, p: 0.09587448227183096
                ),
                // scipy.stats.ttest_ind_from_stats(70.0, np.sqrt(0.0001), 40, 69.0, np.sqrt(0.0004), 35, equal_var=False);
                // df = (v1/n1 + v2/n2)**2 / ((v1/n1)**2/(n1-1) + (v2/n2)**2/(n2-1))
                (
                    n1: 40, mean1: 70.0, variance1: 0.0001, n2: 35, mean2: 69.0, variance2: 0.0004,
                    t: 267.94565082283344, df: 48.47954425268016, p: 1.5736663384799032e-78
                ),
                // scipy.stats.ttest_ind_from_stats(0.0, np.sqrt(1.0), 2, 0.0, np.sqrt(1.0), 1000, equal_var=False); df =
                // (v1/n1 + v2/n2)**2 / ((v1/n1)**2/(n1-1) + (v2/n2)**2/(n2-1))
                (
                    n1: 2, mean1: 0.0, variance1: 1.0, n2: 1000, mean2: 0.0, variance2: 1.0,
                    t: 0.0, df: 1.0040039959799638, p: 1.0
                ),
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

    /// Welch's test with its interval, `scipy.stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)`:
    /// SPEC §9.10 cases 9 and 3, generated data, and one constant sample.
    func testIntervalsMatchSciPy() {
        let cases: [(a: [Double], b: [Double], t: Double, df: Double, p: Double, low: Double, high: Double)] = [
            // r = scipy.stats.ttest_ind(a, b, equal_var=False); r.statistic, r.df, r.pvalue,
            // r.confidence_interval(0.95)
            (
                a: [8.5, 12.0, 6.4, 10.2, 9.1],
                b: [1.2, -2.5, 3.0, 0.4, 2.1, -0.8],
                t: 7.024893312718371, df: 8.513366381207396, p: 8.10964271844477e-05, low: 5.855818387338633,
                high: 11.49084827932803
            ),
            // r = scipy.stats.ttest_ind(a, b, equal_var=False); r.statistic, r.df, r.pvalue,
            // r.confidence_interval(0.95)
            (
                a: [50.0, 62.5, 75.0, 62.5, 50.0, 75.0, 62.5, 87.5, 50.0, 62.5, 62.5],
                b: [25.0, 37.5, 50.0, 50.0, 62.5, 37.5, 50.0, 25.0, 62.5, 50.0],
                t: 3.3629284832649162, df: 18.054810369842627, p: 0.00345288298374393, low: 6.996202651734814,
                high: 30.276524620992454
            ),
            // r = scipy.stats.ttest_ind(a, b, equal_var=False); r.statistic, r.df, r.pvalue,
            // r.confidence_interval(0.95)
            (
                a: [-9.7336, 20.2761, 10.5377, -5.0668, 1.6731, -1.0188, -3.5494, -2.9825, 2.4002],
                b: [4.0808, -8.8351, 7.2581, 5.6473, 7.042, 4.0314, 1.2517],
                t: -0.4160870860936147, df: 13.444200816096375, p: 0.6839119220642401, low: -9.46141913580464,
                high: 6.39685405643956
            ),
            // r = scipy.stats.ttest_ind(a, b, equal_var=False); r.statistic, r.df, r.pvalue,
            // r.confidence_interval(0.95)
            (
                a: [20.3653, 8.898, 20.6289, 19.7825],
                b: [14.455, 5.9309, 19.5474, 16.6502],
                t: 0.8012540547034885, df: 5.994878512908849, p: 0.4535625100989576, low: -6.7239192146565365,
                high: 13.269519214656537
            ),
            // r = scipy.stats.ttest_ind(a, b, equal_var=False); r.statistic, r.df, r.pvalue,
            // r.confidence_interval(0.95)
            (
                a: [3.6531, -7.302, -4.9355, 19.3651, 14.8414, 8.9945, -0.5891],
                b: [5.1247, 6.9628],
                t: -0.3035382497267318, df: 6.590559734428082, p: 0.7708364311387179, low: -10.513294791899774,
                high: 8.147937649042635
            ),
            // r = scipy.stats.ttest_ind(a, b, equal_var=False); r.statistic, r.df, r.pvalue,
            // r.confidence_interval(0.95)
            (
                a: [-0.2141, 2.8603, 14.8303, 19.1736, 0.567, -0.2795],
                b: [15.6159, 14.5847],
                t: -2.523808545970125, df: 5.206417873856181, p: 0.051034870900475066, low: -17.94625630281188,
                high: 0.058189636145211665
            ),
            // r = scipy.stats.ttest_ind(a, b, equal_var=False); r.statistic, r.df, r.pvalue,
            // r.confidence_interval(0.95)
            (
                a: [20.267, 6.0473],
                b: [11.2412, 19.4194, 16.9985, 26.8717, 22.6734, 13.8754, 16.1668, 27.8374, 17.5776],
                t: -0.8196482251345141, df: 1.1437168092918344, p: 0.5484582010922402, low: -75.8154161760895,
                high: 63.760516176089496
            ),
            // r = scipy.stats.ttest_ind(a, b, equal_var=False); r.statistic, r.df, r.pvalue,
            // r.confidence_interval(0.95)
            (
                a: [-5.728, 13.7676, -3.2662, 9.24, 16.1364, 14.6453, -0.1065, -3.7743, 3.0505],
                b: [11.3345, 4.4257, 1.0017, 6.6981],
                t: -0.2712213263544758, df: 10.59727867203941, p: 0.7914310495210769, low: -8.970019642794384,
                high: 7.009975198349937
            ),
            // r = scipy.stats.ttest_ind(a, b, equal_var=False); r.statistic, r.df, r.pvalue,
            // r.confidence_interval(0.95)
            (
                a: [
                    7.7618, 24.578, 9.387, -8.9931, 0.8513, -3.4327, 19.0497, 8.2742, 2.8383, 19.6428, -8.2872, -3.0128,
                ],
                b: [9.0675, 7.3553, 21.0065],
                t: -1.2607424061272643, df: 4.59085496050515, p: 0.26767494325540186, low: -20.90554965410541,
                high: 7.39556632077208
            ),
            // r = scipy.stats.ttest_ind(a, b, equal_var=False); r.statistic, r.df, r.pvalue,
            // r.confidence_interval(0.95)
            (
                a: [7.4817, 10.7799, -3.2172, 19.5351, 23.8148, -6.7766, -9.9871, 9.2861, -1.3524],
                b: [7.0682, 13.5008, 3.217],
                t: -0.49259349901274324, df: 8.434141289524671, p: 0.6348673724289698, low: -13.656753411331335,
                high: 8.813708966886894
            ),
            // r = scipy.stats.ttest_ind(a, b, equal_var=False); r.statistic, r.df, r.pvalue,
            // r.confidence_interval(0.95)
            (
                a: [50.0, 50.0, 50.0],
                b: [40.0, 60.0, 55.0, 47.0],
                t: -0.11347042117083508, df: 3.0, p: 0.9168250488577583, low: -14.523241794847948,
                high: 13.523241794847948
            ),
        ]
        for (a, b, t, df, p, low, high) in cases {
            let test = Statistics.welchTest(a, b)
            assertClose(test?.t, t, "t for \(a) vs \(b)")
            assertClose(test?.df, df, "df for \(a) vs \(b)")
            assertClose(test?.p, p, relative: 1e-9, "p for \(a) vs \(b)")
            assertClose(test?.low, low, "low for \(a) vs \(b)")
            assertClose(test?.high, high, "high for \(a) vs \(b)")
        }
        XCTAssertNil(Statistics.welchTest([50, 50], [60, 60, 60]), "both variances 0")
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
