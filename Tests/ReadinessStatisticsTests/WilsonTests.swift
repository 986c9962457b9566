import ReadinessStatistics
import XCTest

/// Wilson score interval against statsmodels'
/// `proportion_confint(successes, n, alpha=0.05, method='wilson')`.
final class WilsonTests: XCTestCase {
    func testMatchesStatsmodels() {
        let cases: [(successes: Int, n: Int, low: Double, high: Double)] = [
            // proportion_confint(0, 10, alpha=0.05, method='wilson')
            (successes: 0, n: 10, low: 0.0, high: 0.27753279986288926),
            // proportion_confint(10, 10, alpha=0.05, method='wilson')
            (successes: 10, n: 10, low: 0.7224672001371106, high: 1.0),
            // proportion_confint(7, 10, alpha=0.05, method='wilson')
            (successes: 7, n: 10, low: 0.39677814746114537, high: 0.8922087325936989),
            // proportion_confint(1, 1, alpha=0.05, method='wilson')
            (successes: 1, n: 1, low: 0.2065493143772374, high: 1.0),
            // proportion_confint(0, 1, alpha=0.05, method='wilson')
            (successes: 0, n: 1, low: 0.0, high: 0.7934506856227627),
            // proportion_confint(3, 7, alpha=0.05, method='wilson')
            (successes: 3, n: 7, low: 0.15821985525146964, high: 0.7495416354723428),
            // proportion_confint(45, 120, alpha=0.05, method='wilson')
            (successes: 45, n: 120, low: 0.293524297864468, high: 0.464230493740208),
            // proportion_confint(999, 1000, alpha=0.05, method='wilson')
            (successes: 999, n: 1000, low: 0.9943574414020421, high: 0.9998234536293739),
            // proportion_confint(1, 2, alpha=0.05, method='wilson')
            (successes: 1, n: 2, low: 0.09453120573423068, high: 0.9054687942657693),
        ]
        for (successes, n, low, high) in cases {
            let interval = Statistics.wilsonInterval(successes: successes, n: n)
            XCTAssertEqual(interval?.low ?? .nan, low, accuracy: 1e-12, "\(successes)/\(n) low")
            XCTAssertEqual(interval?.high ?? .nan, high, accuracy: 1e-12, "\(successes)/\(n) high")
        }
    }

    func testBoundsAtNoneAndAllAreExact() {
        for n in [1, 2, 10, 37, 1000] {
            XCTAssertEqual(Statistics.wilsonInterval(successes: 0, n: n)?.low, 0, "0/\(n)")
            XCTAssertEqual(Statistics.wilsonInterval(successes: n, n: n)?.high, 1, "\(n)/\(n)")
        }
    }

    func testNoInterval() {
        XCTAssertNil(Statistics.wilsonInterval(successes: 0, n: 0))
        XCTAssertNil(Statistics.wilsonInterval(successes: 3, n: 2))
        XCTAssertNil(Statistics.wilsonInterval(successes: -1, n: 2))
    }
}
