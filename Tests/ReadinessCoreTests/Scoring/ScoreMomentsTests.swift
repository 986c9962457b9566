import XCTest

@testable import ReadinessCore

/// The exact moments of respondent domain scores give the correctly rounded mean and
/// sample variance.
///
/// Expected values: `python3 tools/fixtures/moments.py` (exact Fractions, rounded by
/// float()); numpy's mean of the same scores is in each comment.
final class ScoreMomentsTests: XCTestCase {
    // (name, lowest k, moments per k: count, ΣS, ΣS², n, mean, variance)
    let cases: [(String, Int, [Int], Int, Double, Double?)] = [
        ("one", 1, [1, 3, 9], 1, 75.0, nil),  // numpy mean 75.0
        ("identical thirds", 2, [0, 0, 0, 7, 14, 28], 7, 16.666666666666668, 0.0),  // numpy mean 16.666666666666668
        ("two values", 1, [2, 4, 16], 2, 50.0, 5000.0),  // numpy mean 50.0
        // numpy mean 54.58333333333333
        ("mixed k small", 1, [1, 1, 1, 1, 7, 49, 2, 11, 61, 1, 11, 121], 5, 54.583333333333336, 586.8055555555555),
        // numpy mean 56.61666666666667
        ("random 50 k 3-5", 3, [13, 91, 695, 21, 178, 1994, 16, 192, 2924], 50, 56.61666666666667, 795.5544217687075),
        (
            "random 1000 k 3-6", 3, [246, 1478, 12480, 274, 2374, 27634, 250, 2585, 36123, 230, 2905, 47977], 1000,
            52.18333333333333, 959.9885301968635
        ),  // numpy mean 52.18333333333334
        (
            "random 100000 k 4-7", 4,
            [24960, 200425, 2_205_727, 24999, 250827, 3_432_897, 24981, 299352, 4_873_376, 25060, 351428, 6_684_394],
            100000,
            50.0919125, 909.319252392294
        ),  // numpy mean 50.0919125
        (
            "random 1000000 k 6-12", 6,
            [
                142994, 1_712_394, 27_942_696, 142974, 1_997_158, 37_867_620, 142725, 2_283_518, 49_490_020, 142853,
                2_569_632,
                62_537_982, 143203, 2_865_696, 77_426_274, 142662, 3_144_204, 93_319_340, 142589, 3_425_430,
                110_852_660,
            ], 1_000_000, 49.98801324134199, 882.2350891343476
        ),  // numpy mean 49.988013241341996
        (
            "one outlier in 200000", 3, [0, 0, 0, 0, 0, 0, 0, 0, 0, 200000, 2_000_001, 20_000_021], 200000, 41.6666875,
            8.680555555555556e-05
        ),  // numpy mean 41.6666875
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
        let rows: [[UInt8]] = [
            [4, 2, 5, 3, 1, 4, 7], [2, 0, 3, 0, 0, 0, 8], [5, 1, 5, 4, 2, 5, 6], [3, 3, 3, 3, 3, 3, 7],
        ]
        func tally(_ indices: [Int], removing: [Int] = []) -> WaveTally {
            let tally = WaveTally(layout: layout, organisationCount: 2)
            for (sign, list) in [(1, indices), (-1, removing)] {
                for index in list {
                    rows[index].withUnsafeBufferPointer {
                        tally.apply(
                            organisation: index % 2, role: -1, answers: $0.baseAddress!,
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

/// The tally's contributor counts (respondents behind each pooled figure, per organisation,
/// for disclosure control) equal counts made directly from the rows, and add, remove and
/// merge exactly like every other count.
final class TallyContributionsTests: XCTestCase {
    let instrument = TestInstrument.instrument()

    struct Row {
        var organisation: Int
        var role: Int
        var answers: [UInt8]
    }

    /// Random rows: culture C1–C5 (likert), ig I1 (likert) and K1 (knowledge), any unanswered.
    func rows(_ count: Int, seed: UInt64) -> [Row] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var answers = (0..<6).map { _ in random.next() % 3 == 0 ? Answer.none : UInt8(1 + random.next() % 5) }
            answers.append(random.next() % 3 == 0 ? Answer.none : UInt8(6 + random.next() % 3))
            return Row(organisation: Int(random.next() % 4), role: Int(random.next() % 3) - 1, answers: answers)
        }
    }

    func tally(_ rows: [Row], removing: [Row] = []) -> WaveTally {
        let tally = WaveTally(layout: TallyLayout(instrument: instrument), organisationCount: 4)
        for (sign, list) in [(1, rows), (-1, removing)] {
            for row in list {
                row.answers.withUnsafeBufferPointer {
                    tally.apply(
                        organisation: row.organisation, role: row.role, answers: $0.baseAddress!,
                        invalidItems: UnsafeBufferPointer(start: nil, count: 0), date: .present, roleInvalid: false,
                        sign: sign)
                }
            }
        }
        return tally
    }

    /// Counts made row by row from the instrument, independently of the tally's tables.
    func expected(_ rows: [Row], organisation: Int) -> Contributions {
        let domains = instrument.domains
        let groups = instrument.roles.count + 1
        var result = Contributions(
            likert: Array(repeating: 0, count: domains.count), knowledge: Array(repeating: 0, count: domains.count),
            complete: Array(repeating: 0, count: domains.count), roles: Array(repeating: 0, count: groups),
            roleDomains: Array(repeating: Array(repeating: 0, count: domains.count), count: groups))
        for row in rows where row.organisation == organisation {
            let group = row.role < 0 ? groups - 1 : row.role
            result.roles[group] += 1
            var offset = 0
            for (index, domain) in domains.enumerated() {
                let answers = Array(row.answers[offset..<offset + domain.items.count])
                let answered = zip(domain.items, answers).filter { $0.1 != Answer.none }
                if answered.contains(where: { !$0.0.isKnowledge }) { result.likert[index] += 1 }
                if answered.contains(where: { $0.0.isKnowledge }) { result.knowledge[index] += 1 }
                let likert = zip(domain.items, answers).filter { !$0.0.isKnowledge }
                if likert.count >= 2, likert.allSatisfy({ $0.1 != Answer.none }) { result.complete[index] += 1 }
                if answered.count >= instrument.thresholds.minimumAnswered(outOf: domain.items.count) {
                    result.roleDomains[group][index] += 1
                }
                offset += domain.items.count
            }
        }
        return result
    }

    func testContributionsCountRespondentsBehindEachFigure() {
        let all = rows(400, seed: 9)
        let whole = tally(all)
        for organisation in 0..<4 {
            XCTAssertEqual(
                whole.contributions(organisation), expected(all, organisation: organisation),
                "organisation \(organisation)")
        }
        // One respondent answering every culture item is one likert contributor, however many cells.
        let single = tally([Row(organisation: 0, role: 0, answers: [5, 5, 5, 5, 5, 5, 6])])
        XCTAssertEqual(single.contributions(0).likert, [1, 1])
        XCTAssertEqual(single.contributions(0).knowledge, [0, 1])
        XCTAssertEqual(single.contributions(0).complete, [1, 0], "ig has one likert item: no alpha")
        XCTAssertEqual(single.contributions(0).roles, [1, 0, 0])
    }

    func testContributionsAddRemoveAndMergeExactly() {
        let all = rows(300, seed: 21)
        let whole = tally(all)
        let merged = tally(Array(all.prefix(120)))
        merged.merge(tally(Array(all.dropFirst(120))))
        let extra = rows(50, seed: 22)
        let removed = tally(all + extra, removing: extra)
        for organisation in 0..<4 {
            XCTAssertEqual(merged.contributions(organisation), whole.contributions(organisation))
            XCTAssertEqual(removed.contributions(organisation), whole.contributions(organisation))
            XCTAssertEqual(merged.moments(organisation), whole.moments(organisation))
        }
    }
}
