import ReadinessStatistics
import XCTest

/// The paired t-test and its interval against `scipy.stats.ttest_rel(...).confidence_interval(0.95)`
/// (tables printed by tools/fixtures/statistics.py; the first case is SPEC §9.10 case 5, the
/// rest generated data).
final class PairedTTests: XCTestCase {
    func testSamplesMatchSciPy() {
        let cases: [(after: [Double], before: [Double], t: Double, df: Double, p: Double, low: Double, high: Double)] =
            [
                // r = scipy.stats.ttest_rel(after, before); r.statistic, r.df, r.pvalue, r.confidence_interval(0.95)
                (
                    after: [48.0, 52.9, 57.1, 61.4, 63.0, 68.7],
                    before: [42.1, 47.8, 50.3, 55.0, 58.6, 61.2],
                    t: 12.997726212669168, df: 5.0, p: 4.8063010404648386e-05, low: 4.826740537176691,
                    high: 7.2065927961566425
                ),
                // r = scipy.stats.ttest_rel(after, before); r.statistic, r.df, r.pvalue, r.confidence_interval(0.95)
                (
                    after: [
                        21.9752, 40.4922, 49.1374, 73.8188, 48.1451, 16.4416, 78.2998, 29.2433, 79.0342, 67.693,
                        19.0957,
                    ],
                    before: [
                        27.2511, 45.5674, 55.2225, 78.0382, 56.3073, 20.9361, 85.1841, 34.5035, 82.9756, 73.8972,
                        25.4064,
                    ],
                    t: -14.904974504125075, df: 10.0, p: 3.716414042154805e-08, low: -6.469860480196072,
                    high: -4.787066792531201
                ),
                // r = scipy.stats.ttest_rel(after, before); r.statistic, r.df, r.pvalue, r.confidence_interval(0.95)
                (
                    after: [35.3025, 35.1598, 31.0442, 69.3203, 38.9684, 42.3205, 36.1556, 82.7053, 32.7868],
                    before: [38.8352, 33.9925, 34.633, 66.8817, 45.5095, 51.4409, 40.921, 84.6061, 36.7295],
                    t: -2.7816051484993407, df: 8.0, p: 0.02386537938687525, low: -6.053240726298199,
                    high: -0.5658703848129116
                ),
                // r = scipy.stats.ttest_rel(after, before); r.statistic, r.df, r.pvalue, r.confidence_interval(0.95)
                (
                    after: [32.8561, 52.2819, 28.7347, 56.5339, 78.2932, 43.2158],
                    before: [25.3208, 54.382, 28.0328, 58.7128, 73.6039, 41.2028],
                    t: 1.1348761823372382, df: 5.0, p: 0.3078847799332391, low: -2.2477253987705206,
                    high: 5.801225398770522
                ),
                // r = scipy.stats.ttest_rel(after, before); r.statistic, r.df, r.pvalue, r.confidence_interval(0.95)
                (
                    after: [
                        68.055, 56.7002, 53.4661, 55.5446, 73.6016, 77.9707, 32.8317, 60.6141, 25.8734, 57.4485,
                        73.2254, 39.9355,
                    ],
                    before: [
                        70.3039, 58.0015, 62.4765, 61.7149, 79.1205, 75.0779, 32.2875, 65.6736, 28.4323, 63.4139,
                        74.2842, 44.4086,
                    ],
                    t: -3.4733405498081287, df: 11.0, p: 0.0052092111774372655, low: -5.43586476426008,
                    high: -1.2188852357399202
                ),
                // r = scipy.stats.ttest_rel(after, before); r.statistic, r.df, r.pvalue, r.confidence_interval(0.95)
                (
                    after: [64.8023, 15.7081, 77.0728, 26.806, 21.2192, 67.5306, 27.5782, 31.6177],
                    before: [63.8526, 28.8383, 80.1098, 39.0223, 28.2356, 66.0336, 20.8038, 37.0503],
                    t: -1.6186349420590411, df: 7.0, p: 0.1495583422566551, low: -9.723965268693398,
                    high: 1.8211152686933958
                ),
                // r = scipy.stats.ttest_rel(after, before); r.statistic, r.df, r.pvalue, r.confidence_interval(0.95)
                (
                    after: [6.8935, 45.6367],
                    before: [21.6855, 39.7273],
                    t: -0.4290820910663049, df: 1.0, p: 0.7419632823465532, low: -135.9594133627234,
                    high: 127.0768133627234
                ),
                // r = scipy.stats.ttest_rel(after, before); r.statistic, r.df, r.pvalue, r.confidence_interval(0.95)
                (
                    after: [
                        51.1871, 35.3028, 48.6167, 24.2823, 38.317, 64.342, 69.054, 83.4421, 50.1664, 64.4148, 76.6082,
                    ],
                    before: [
                        62.4797, 32.7392, 38.567, 32.7962, 40.4943, 69.1044, 66.8782, 83.7112, 53.5092, 70.9464,
                        84.8756,
                    ],
                    t: -1.488969091785136, df: 10.0, p: 0.1673399488920548, low: -6.891963931727984,
                    high: 1.3705093862734352
                ),
                // r = scipy.stats.ttest_rel(after, before); r.statistic, r.df, r.pvalue, r.confidence_interval(0.95)
                (
                    after: [55.1032, 60.4584, 73.2427, 84.9252],
                    before: [63.0354, 62.8282, 75.2038, 88.8921],
                    t: -2.9787935770893768, df: 3.0, p: 0.058653611690061065, low: -8.392401210679363,
                    high: 0.2774012106793613
                ),
                // r = scipy.stats.ttest_rel(after, before); r.statistic, r.df, r.pvalue, r.confidence_interval(0.95)
                (
                    after: [25.8987, 67.3046, 13.1371, 70.89, 33.4695, 49.802, 66.608, 31.6968],
                    before: [30.7047, 71.2567, 21.3766, 82.1329, 45.9231, 58.8159, 72.1104, 40.2163],
                    t: -7.42151665763484, df: 7.0, p: 0.00014671666760134174, low: -10.504419283513112,
                    high: -5.428055716486887
                ),
                // r = scipy.stats.ttest_rel(after, before); r.statistic, r.df, r.pvalue, r.confidence_interval(0.95)
                (
                    after: [54.9903, 54.2269, 8.3892, 42.8563, 63.246, 31.8737, 19.2408],
                    before: [71.0778, 42.2805, 25.9365, 65.4727, 68.817, 42.8341, 21.4147],
                    t: -2.0501694750809243, df: 6.0, p: 0.0862217966781505, low: -19.744816745137054,
                    high: 1.7419310308513403
                ),
            ]
        for (after, before, t, df, p, low, high) in cases {
            let test = Statistics.pairedT(after: after, before: before)
            assertClose(test?.t, t, "t for \(after)")
            assertClose(test?.df, df, "df for \(after)")
            assertClose(test?.p, p, relative: 1e-9, "p for \(after)")
            assertClose(test?.low, low, "low for \(after)")
            assertClose(test?.high, high, "high for \(after)")
        }
    }

    func testNotTested() {
        XCTAssertNil(Statistics.pairedT(after: [1, 2, 3], before: [0, 1, 2]), "every difference the same")
        XCTAssertNil(Statistics.pairedT(after: [5], before: [2]), "one pair")
        XCTAssertNil(Statistics.pairedT(after: [5, 6], before: [2]), "lengths differ")
        XCTAssertNil(Statistics.pairedT(differences: []))
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
