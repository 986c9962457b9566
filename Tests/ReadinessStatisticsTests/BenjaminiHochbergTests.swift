import ReadinessStatistics
import XCTest

/// Benjamini–Hochberg adjustment against `scipy.stats.false_discovery_control(p, method='bh')`.
final class BenjaminiHochbergTests: XCTestCase {
    func testMatchesSciPy() {
        let cases: [(p: [Double], expected: [Double])] = [
            (
                p: [0.01, 0.04, 0.03, 0.005, 0.2],
                expected: [0.025, 0.05, 0.05, 0.025, 0.2]
            ),  // scipy.stats.false_discovery_control(p, method='bh')
            (
                p: [0.05, 0.05, 0.05, 0.01],
                expected: [0.05, 0.05, 0.05, 0.04]
            ),  // scipy.stats.false_discovery_control(p, method='bh')
            (
                p: [1.0, 1.0, 0.9, 0.02],
                expected: [1.0, 1.0, 1.0, 0.08]
            ),  // scipy.stats.false_discovery_control(p, method='bh')
            (
                p: [0.5],
                expected: [0.5]
            ),  // scipy.stats.false_discovery_control(p, method='bh')
            // scipy.stats.false_discovery_control(p, method='bh')
            (
                p: [
                    0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216, 0.222, 0.251, 0.269, 0.275,
                    0.34, 0.341, 0.384, 0.569, 0.594, 0.696, 0.762, 0.94, 0.942, 0.975, 0.986,
                ],
                expected: [
                    0.025, 0.1, 0.21000000000000002, 0.21000000000000002, 0.21000000000000002, 0.25, 0.2642857142857143,
                    0.49107142857142866, 0.49107142857142866, 0.49107142857142866, 0.49107142857142866,
                    0.49107142857142866, 0.49107142857142866, 0.49107142857142866, 0.5328125, 0.5328125,
                    0.5647058823529413, 0.781578947368421, 0.781578947368421, 0.8699999999999999, 0.9071428571428571,
                    0.986, 0.986, 0.986, 0.986,
                ]
            ),
            (
                p: [0.0, 0.3, 0.02, 0.3, 0.6],
                expected: [0.0, 0.375, 0.05, 0.375, 0.6]
            ),  // scipy.stats.false_discovery_control(p, method='bh')
            (
                p: [0.9, 0.8, 0.7],
                expected: [0.9, 0.9, 0.9]
            ),  // scipy.stats.false_discovery_control(p, method='bh')
        ]
        for (p, expected) in cases {
            let adjusted = Statistics.benjaminiHochberg(p)
            XCTAssertEqual(adjusted.count, expected.count)
            for (actual, want) in zip(adjusted, expected) {
                XCTAssertEqual(actual, want, accuracy: 1e-12, "\(p): got \(adjusted)")
            }
        }
    }

    func testEmptyInEmptyOut() {
        XCTAssertEqual(Statistics.benjaminiHochberg([]), [])
    }

    func testTiesShareTheirAdjustedValue() {
        let adjusted = Statistics.benjaminiHochberg([0.03, 0.01, 0.03, 0.03, 0.5])
        XCTAssertEqual(adjusted[0], adjusted[2])
        XCTAssertEqual(adjusted[0], adjusted[3])
    }

    func testNeverAboveOneAndNeverBelowTheRawValue() {
        let p = [1.0, 0.999, 0.2, 0.0001, 1.0, 0.64]
        let adjusted = Statistics.benjaminiHochberg(p)
        for (raw, value) in zip(p, adjusted) {
            XCTAssertLessThanOrEqual(value, 1)
            XCTAssertGreaterThanOrEqual(value, raw)
        }
    }
}
