import ReadinessStatistics
import XCTest

/// Linear-interpolation quantiles against `numpy.quantile` (method 'linear').
final class QuantileTests: XCTestCase {
    func testQuartilesMatchNumPy() {
        let cases: [(x: [Double], lower: Double, median: Double, upper: Double)] = [
            (x: [42.0], lower: 42.0, median: 42.0, upper: 42.0),  // numpy.quantile(x, [0.25, 0.5, 0.75])
            (x: [10.0, 20.0], lower: 12.5, median: 15.0, upper: 17.5),  // numpy.quantile(x, [0.25, 0.5, 0.75])
            (x: [3.0, 1.0, 2.0], lower: 1.5, median: 2.0, upper: 2.5),  // numpy.quantile(x, [0.25, 0.5, 0.75])
            // numpy.quantile(x, [0.25, 0.5, 0.75])
            (x: [62.5, 75.0, 50.0, 87.5, 62.5, 70.0], lower: 62.5, median: 66.25, upper: 73.75),
            // numpy.quantile(x, [0.25, 0.5, 0.75])
            (
                x: [58.333333333333336, 41.666666666666664, 66.66666666666667, 75.0, 50.0, 33.333333333333336, 100.0],
                lower: 45.83333333333333, median: 58.333333333333336, upper: 70.83333333333334
            ),
            // numpy.quantile(x, [0.25, 0.5, 0.75])
            (x: [7.0, 15.0, 36.0, 39.0, 40.0, 41.0], lower: 20.25, median: 37.5, upper: 39.75),
            // numpy.quantile(x, [0.25, 0.5, 0.75])
            (
                x: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1], lower: 0.35, median: 0.6,
                upper: 0.8500000000000001
            ),
        ]
        for (x, lower, median, upper) in cases {
            let quartiles = Statistics.quartiles(x)
            XCTAssertEqual(quartiles?.lower ?? .nan, lower, accuracy: 1e-12, "\(x)")
            XCTAssertEqual(quartiles?.median ?? .nan, median, accuracy: 1e-12, "\(x)")
            XCTAssertEqual(quartiles?.upper ?? .nan, upper, accuracy: 1e-12, "\(x)")
        }
    }

    func testQuantileMatchesNumPy() {
        let cases: [(sorted: [Double], q: Double, expected: Double)] = [
            (sorted: [1.0, 2.0, 3.0, 4.0], q: 0.1, expected: 1.3),  // numpy.quantile([1.0, 2.0, 3.0, 4.0], 0.1)
            (sorted: [1.0, 2.0, 3.0, 4.0], q: 0.0, expected: 1.0),  // numpy.quantile([1.0, 2.0, 3.0, 4.0], 0.0)
            (sorted: [1.0, 2.0, 3.0, 4.0], q: 1.0, expected: 4.0),  // numpy.quantile([1.0, 2.0, 3.0, 4.0], 1.0)
            (sorted: [5.0], q: 0.37, expected: 5.0),  // numpy.quantile([5.0], 0.37)
            (sorted: [0.0, 100.0], q: 0.3, expected: 30.0),  // numpy.quantile([0.0, 100.0], 0.3)
            (sorted: [0.0, 100.0], q: 0.7, expected: 70.0),  // numpy.quantile([0.0, 100.0], 0.7)
            // numpy.quantile([-3.5, -1.0, 2.0, 8.25, 9.0], 0.9)
            (sorted: [-3.5, -1.0, 2.0, 8.25, 9.0], q: 0.9, expected: 8.7),
        ]
        for (sorted, q, expected) in cases {
            let actual = Statistics.quantile(sorted: sorted, q) ?? .nan
            XCTAssertEqual(actual, expected, accuracy: 1e-12, "\(sorted) at \(q)")
        }
    }

    func testEmptyAndOutOfRange() {
        XCTAssertNil(Statistics.quantile(sorted: [], 0.5))
        XCTAssertNil(Statistics.quartiles([]))
        XCTAssertNil(Statistics.quantile(sorted: [1, 2], 1.5))
        XCTAssertNil(Statistics.quantile(sorted: [1, 2], -0.1))
        XCTAssertNil(Statistics.quantile(sorted: [1, 2], .nan))
        XCTAssertNil(Statistics.quartiles([1, .nan, 3]))
    }

    func testQuartilesDoNotNeedSortedInput() {
        let shuffled = Statistics.quartiles([41, 7, 39, 15, 40, 36])
        let sorted = Statistics.quartiles([7, 15, 36, 39, 40, 41])
        XCTAssertEqual(shuffled?.lower, sorted?.lower)
        XCTAssertEqual(shuffled?.median, sorted?.median)
        XCTAssertEqual(shuffled?.upper, sorted?.upper)
    }
}
