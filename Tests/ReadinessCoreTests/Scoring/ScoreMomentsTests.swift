import XCTest
@testable import ReadinessCore

/// The exact moments of respondent domain scores give the correctly rounded mean and
/// sample variance. Expected values: `python3 tools/fixtures/moments.py` (exact Fractions,
/// rounded by float()); numpy's mean of the same scores is in each comment.
final class ScoreMomentsTests: XCTestCase {
    // (name, lowest k, moments per k: count, ΣS, ΣS², n, mean, variance)
    let cases: [(String, Int, [Int], Int, Double, Double?)] = [
        ("one", 1, [1, 3, 9], 1, 75.0, nil),  // numpy mean 75.0
        ("identical thirds", 2, [0, 0, 0, 7, 14, 28], 7, 16.666666666666668, 0.0),  // numpy mean 16.666666666666668
        ("two values", 1, [2, 4, 16], 2, 50.0, 5000.0),  // numpy mean 50.0
        ("mixed k small", 1, [1, 1, 1, 1, 7, 49, 2, 11, 61, 1, 11, 121], 5, 54.583333333333336, 586.8055555555555),  // numpy mean 54.58333333333333
        ("random 50 k 3-5", 3, [13, 91, 695, 21, 178, 1994, 16, 192, 2924], 50, 56.61666666666667, 795.5544217687075),  // numpy mean 56.61666666666667
        ("random 1000 k 3-6", 3, [246, 1478, 12480, 274, 2374, 27634, 250, 2585, 36123, 230, 2905, 47977], 1000, 52.18333333333333, 959.9885301968635),  // numpy mean 52.18333333333334
        ("random 100000 k 4-7", 4, [24960, 200425, 2205727, 24999, 250827, 3432897, 24981, 299352, 4873376, 25060, 351428, 6684394], 100000, 50.0919125, 909.319252392294),  // numpy mean 50.0919125
        ("random 1000000 k 6-12", 6, [142994, 1712394, 27942696, 142974, 1997158, 37867620, 142725, 2283518, 49490020, 142853, 2569632, 62537982, 143203, 2865696, 77426274, 142662, 3144204, 93319340, 142589, 3425430, 110852660], 1000000, 49.98801324134199, 882.2350891343476),  // numpy mean 49.988013241341996
        ("one outlier in 200000", 3, [0, 0, 0, 0, 0, 0, 0, 0, 0, 200000, 2000001, 20000021], 200000, 41.6666875, 8.680555555555556e-05),  // numpy mean 41.6666875
    ]

    func testMeanIsCorrectlyRoundedAndVarianceAccurate() {
        for (name, lowest, moments, n, mean, variance) in cases {
            let summary = moments.withUnsafeBufferPointer {
                ScoreMoments.summary($0.baseAddress!, slots: moments.count / 3, lowest: lowest)
            }
            XCTAssertEqual(summary.n, n, name)
            XCTAssertEqual(summary.mean, mean, "\(name): the mean is the exact mean correctly rounded")
            if let variance {
                XCTAssertEqual(summary.variance!, variance, accuracy: variance * 4e-16, name)
            } else {
                XCTAssertNil(summary.variance, name)
            }
        }
    }

    func testIdenticalScoresHaveZeroVarianceEvenAcrossAnsweredCounts() {
        // 25·2/1 = 50 three times and 25·4/2 = 50 twice: equal scores from different answered counts.
        let moments = [3, 6, 12, 2, 8, 32]
        let summary = moments.withUnsafeBufferPointer { ScoreMoments.summary($0.baseAddress!, slots: 2, lowest: 1) }
        XCTAssertEqual(summary.mean, 50)
        XCTAssertEqual(summary.variance, 0)
    }

    func testNoRespondents() {
        let moments = [0, 0, 0]
        let summary = moments.withUnsafeBufferPointer { ScoreMoments.summary($0.baseAddress!, slots: 1, lowest: 1) }
        XCTAssertEqual(summary.n, 0)
        XCTAssertNil(summary.mean)
    }

    /// Removing a row takes back exactly what adding it gave, and merging tallies equals one tally.
    func testTallyAddRemoveAndMergeAreExact() {
        let instrument = TestInstrument.instrument()
        let layout = TallyLayout(instrument: instrument)
        let rows: [[UInt8]] = [[4, 2, 5, 3, 1, 4, 7], [2, 0, 3, 0, 0, 0, 8], [5, 1, 5, 4, 2, 5, 6], [3, 3, 3, 3, 3, 3, 7]]
        func tally(_ indices: [Int], removing: [Int] = []) -> WaveTally {
            let tally = WaveTally(layout: layout, organisationCount: 2)
            for (sign, list) in [(1, indices), (-1, removing)] {
                for index in list {
                    rows[index].withUnsafeBufferPointer {
                        tally.apply(organisation: index % 2, role: -1, answers: $0.baseAddress!,
                                    invalidItems: UnsafeBufferPointer(start: nil, count: 0), date: .present,
                                    roleInvalid: false, sign: sign)
                    }
                }
            }
            return tally
        }
        let scorer = WaveScorer(instrument: instrument)
        let whole = scorer.scores(tally([0, 1, 2, 3]))
        let merged = tally([0, 1])
        merged.merge(tally([2, 3]))
        XCTAssertEqual(scorer.scores(merged).organisations, whole.organisations)
        let removed = tally([0, 1, 2, 3, 2, 0], removing: [2, 0])
        XCTAssertEqual(scorer.scores(removed).organisations, whole.organisations)
        XCTAssertNotEqual(scorer.scores(tally([0, 1, 2])).organisations, whole.organisations)
    }
}
