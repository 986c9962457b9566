import ReadinessStatistics
import XCTest

/// Cronbach's alpha against the NumPy formula
/// `k/(k-1) * (1 - X.var(axis=0, ddof=1).sum() / X.sum(axis=1).var(ddof=1))`.
final class CronbachTests: XCTestCase {
    func testMatchesNumPyFormula() {
        let cases: [(rows: [[Double]], expected: Double)] = [
            // X = np.array(rows); k/(k-1) * (1 - X.var(axis=0, ddof=1).sum() / X.sum(axis=1).var(ddof=1))
            (
                rows: [
                    [75.0, 50.0, 75.0], [100.0, 75.0, 100.0], [50.0, 50.0, 25.0], [75.0, 75.0, 75.0],
                    [25.0, 0.0, 50.0],
                ],
                expected: 0.8970588235294117
            ),
            // X = np.array(rows); k/(k-1) * (1 - X.var(axis=0, ddof=1).sum() / X.sum(axis=1).var(ddof=1))
            (
                rows: [[1.0, 2.0], [2.0, 3.0], [3.0, 3.0], [4.0, 5.0]],
                expected: 0.96
            ),
            // X = np.array(rows); k/(k-1) * (1 - X.var(axis=0, ddof=1).sum() / X.sum(axis=1).var(ddof=1))
            (
                rows: [[0.0, 100.0, 50.0, 25.0], [100.0, 0.0, 50.0, 75.0], [50.0, 50.0, 50.0, 50.0]],
                expected: -10.666666666666666
            ),
            // X = np.array(rows); k/(k-1) * (1 - X.var(axis=0, ddof=1).sum() / X.sum(axis=1).var(ddof=1))
            (
                rows: [
                    [3.0, 4.0, 3.0, 5.0, 4.0], [2.0, 2.0, 3.0, 2.0, 1.0], [5.0, 5.0, 4.0, 5.0, 5.0],
                    [4.0, 3.0, 4.0, 4.0, 3.0], [1.0, 2.0, 1.0, 1.0, 2.0], [3.0, 3.0, 3.0, 4.0, 3.0],
                ],
                expected: 0.9504310344827587
            ),
        ]
        for (rows, expected) in cases {
            let alpha = Statistics.cronbachAlpha(rows)
            XCTAssertEqual(alpha ?? .nan, expected, accuracy: 1e-12, "\(rows)")
        }
    }

    func testNotComputed() {
        // NumPy gives -inf here (the row sums do not vary); alpha is not computed.
        XCTAssertNil(Statistics.cronbachAlpha([[75, 25], [25, 75], [50, 50]]), "var_total == 0")
        XCTAssertNil(Statistics.cronbachAlpha([[1, 2, 3]]), "n < 2")
        XCTAssertNil(Statistics.cronbachAlpha([[1], [2], [3]]), "k < 2")
        XCTAssertNil(Statistics.cronbachAlpha([]), "no rows")
        XCTAssertNil(Statistics.cronbachAlpha([[1, 2], [2, 3, 4]]), "ragged rows")
    }
}
