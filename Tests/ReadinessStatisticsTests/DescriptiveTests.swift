import ReadinessStatistics
import XCTest

/// Mean and sample variance against exact rational arithmetic rounded once.
final class DescriptiveTests: XCTestCase {
    func testMatchExactArithmetic() {
        let cases: [(x: [Double], mean: Double, variance: Double?)] = [
            (x: [1.0], mean: 1.0, variance: nil),  // exact_mean(x), exact_variance(x)  [numpy: 1.0, nil]
            (x: [2.0, 4.0], mean: 3.0, variance: 2.0),  // exact_mean(x), exact_variance(x)  [numpy: 3.0, 2.0]
            // exact_mean(x), exact_variance(x)  [numpy: 67.5, 203.125]
            (x: [62.5, 75.0, 50.0, 87.5, 62.5], mean: 67.5, variance: 203.125),
            // exact_mean(x), exact_variance(x)  [numpy: 60.41666666666667, 202.54629629629633]
            (
                x: [58.333333333333336, 41.666666666666664, 66.66666666666667, 75.0], mean: 60.41666666666667,
                variance: 202.54629629629633
            ),
            // exact_mean(x), exact_variance(x)  [numpy: 1000000000.2500001, 0.01666665871940154]
            (
                x: [1000000000.1, 1000000000.2, 1000000000.3, 1000000000.4], mean: 1000000000.25,
                variance: 0.016666658719382593
            ),
            // exact_mean(x), exact_variance(x)  [numpy: 0.10000000000000002, 2.8888949165808538e-34]
            (x: [0.1, 0.1, 0.1], mean: 0.1, variance: 0.0),
            // exact_mean(x), exact_variance(x)  [numpy: 0.75, 6.666666666666667e+31]
            (x: [1e+16, 1.0, -1e+16, 3.0], mean: 1.0, variance: 6.666666666666667e+31),
        ]
        for (x, mean, variance) in cases {
            let actualMean = Statistics.mean(x) ?? .nan
            XCTAssertEqual(actualMean, mean, accuracy: 1e-12 * max(1, abs(mean)), "mean of \(x)")
            if let variance {
                let actual = Statistics.sampleVariance(x) ?? .nan
                XCTAssertEqual(actual, variance, accuracy: 1e-12 * abs(variance), "variance of \(x)")
            } else {
                XCTAssertNil(Statistics.sampleVariance(x), "variance of \(x)")
            }
        }
    }

    func testConstantSampleIsExact() {
        XCTAssertEqual(Statistics.mean([0.1, 0.1, 0.1]), 0.1)
        XCTAssertEqual(Statistics.sampleVariance([0.1, 0.1, 0.1]), 0)
        XCTAssertEqual(Statistics.sampleVariance([58.333333333333336, 58.333333333333336]), 0)
    }

    func testEmptyAndSingle() {
        XCTAssertNil(Statistics.mean([]))
        XCTAssertNil(Statistics.sampleVariance([]))
        XCTAssertNil(Statistics.sampleVariance([4]))
        XCTAssertEqual(Statistics.mean([4]), 4)
    }
}
