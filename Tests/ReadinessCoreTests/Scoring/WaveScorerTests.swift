import ReadinessStatistics
import XCTest

@testable import ReadinessCore

final class WaveScorerTests: XCTestCase {
    let instrument = TestInstrument.instrument()
    let t = Answer.knowledgeTrue, f = Answer.knowledgeFalse, dk = Answer.knowledgeDontKnow

    func testItemScores() {
        let likert = Item(id: "a", text: "", kind: .likert(reverse: false), aliases: [])
        let reverse = Item(id: "b", text: "", kind: .likert(reverse: true), aliases: [])
        let knowledge = Item(id: "k", text: "", kind: .knowledge(answer: false), aliases: [])
        XCTAssertEqual((1...5).map { WaveScorer.itemScore(UInt8($0), likert, points: 5) }, [0, 25, 50, 75, 100])
        XCTAssertEqual((1...5).map { WaveScorer.itemScore(UInt8($0), reverse, points: 5) }, [100, 75, 50, 25, 0])
        XCTAssertEqual(WaveScorer.itemScore(f, knowledge, points: 0), 100)
        XCTAssertEqual(WaveScorer.itemScore(t, knowledge, points: 0), 0)
        XCTAssertEqual(WaveScorer.itemScore(dk, knowledge, points: 0), 0)
        XCTAssertNil(WaveScorer.itemScore(Answer.none, likert, points: 5))
    }

    func testHalfRule() {
        let scorer = WaveScorer(instrument: instrument)
        // 3 of 5 culture items is enough (ceil(0.5 × 5) = 3); 2 is not.
        XCTAssertEqual(scorer.domainScores([4, 2, 5, 0, 0, 0, 0])[0], (75 + 75 + 100) / 3)
        XCTAssertNil(scorer.domainScores([4, 2, 0, 0, 0, 0, 0])[0])
        // 1 of 2 ig items is enough; a don't-know counts as answered, scoring 0.
        XCTAssertEqual(scorer.domainScores([0, 0, 0, 0, 0, 0, dk])[1], 0)
    }

    /// Expected values: numpy/scipy, e.g.
    ///
    /// for ig
    /// `x=np.array([87.5,0,50]); m=x.mean(); s=x.std(ddof=1); m±st.t.ppf(0.975,2)*s/np.sqrt(3)`
    /// = 45.833333333333336, 43.89855730355308, -63.21672835585576 (clipped to 0), 154.88339502252242 (clipped to 100).
    func testOrganisationScoresIntervalsLevelsAndSuppression() {
        let respondents = [
            Respondent(organisation: 0, role: nil, answers: [4, 2, 5, 3, 1, 4, f]),
            Respondent(organisation: 0, role: nil, answers: [2, 0, 3, 0, 0, 0, dk]),
            Respondent(organisation: 0, role: nil, answers: [5, 1, 5, 4, 2, 5, t]),
            Respondent(organisation: 1, role: nil, answers: [3, 3, 3, 3, 3, 3, f]),
        ]
        let scores = WaveScorer(instrument: instrument).score(respondents, organisationCount: 3)
        XCTAssertEqual(
            scores.organisations.map(\.organisation), [0, 1], "organisations without respondents are left out")
        let a = scores.organisations[0]
        XCTAssertEqual(a.respondents, 3)
        XCTAssertEqual(a.domains[0].n, 2)
        XCTAssertEqual(a.domains[0].mean!, 85, accuracy: 1e-12)
        XCTAssertEqual(a.domains[0].summary.sd!, 7.0710678118654755, accuracy: 1e-12)
        XCTAssertEqual(a.domains[0].ciLow!, 21.468976319126533, accuracy: 1e-9)
        XCTAssertEqual(a.domains[0].ciHigh!, 100)
        XCTAssertEqual(a.domains[1].mean!, 45.833333333333336, accuracy: 1e-12)
        XCTAssertEqual(a.domains[1].summary.sd!, 43.89855730355308, accuracy: 1e-9)
        XCTAssertEqual(a.domains[1].ciLow!, 0)
        XCTAssertEqual(a.domains[1].ciHigh!, 100)
        XCTAssertEqual(a.domains.map(\.level), ["Leading", "Developing"])
        XCTAssertTrue(a.domains.allSatisfy(\.published))
        XCTAssertEqual(a.overall!, 58.88888888888889, accuracy: 1e-12, "(1 × 85 + 2 × 45.83) / 3")
        XCTAssertEqual(a.overallLevel, "Developing")

        let b = scores.organisations[1]
        XCTAssertEqual(b.domains[0].n, 1)
        XCTAssertFalse(b.domains[0].published)
        XCTAssertEqual(b.domains[0].reason, "fewer than 2 respondents")
        XCTAssertNil(b.domains[0].summary.sd)
        XCTAssertNil(b.domains[0].ciLow)
        XCTAssertNil(b.overall)
        XCTAssertEqual(b.overallLevel, nil)

        // Items: C1 answered 4 times, favourable (≥ 75) for 4 and 5 → 2 of 4 nationally.
        XCTAssertEqual(scores.nationalItems[0].n, 4)
        XCTAssertEqual(scores.nationalItems[0].favourable, 2)
        // C2 is reverse: 2 and 1 are favourable, 3 is not; one respondent left it blank.
        XCTAssertEqual(scores.nationalItems[1].n, 3)
        XCTAssertEqual(scores.nationalItems[1].favourable, 2)
        // K1 (answer false): f, dk, t, f → 2 correct of 4.
        XCTAssertEqual(scores.nationalItems[6].n, 4)
        XCTAssertEqual(scores.nationalItems[6].favourable, 2)
        // Confidence v knowledge pools the answered cells: I1 scores 75, 100, 50 → 75; K1 100, 0, 0, 100 → 50.
        XCTAssertEqual(scores.nationalConfidenceKnowledge[1]?.confidence, 75)
        XCTAssertEqual(scores.nationalConfidenceKnowledge[1]?.knowledge, 50)
        XCTAssertNil(scores.nationalConfidenceKnowledge[0])
    }

    func testLevelsCompareAtSixDecimals() {
        XCTAssertEqual(instrument.level(of: 39.99999999999999)?.name, "Developing")
        XCTAssertEqual(instrument.level(of: 39.9999994)?.name, "Emerging")
        XCTAssertEqual(instrument.level(of: 0)?.name, "Emerging")
        XCTAssertEqual(instrument.level(of: 80)?.name, "Leading")
        XCTAssertEqual(instrument.level(of: 100)?.name, "Leading")
    }

    /// Expected strings: Python `"%.6f" % value` (C printf semantics, ties to even on the binary value).
    func testRoundingPrintsLikePrintf() {
        let cases: [(Double, String)] = [
            (0, "0.000000"), (-0.0000001, "0.000000"), (-0.0, "0.000000"), (1.0000005, "1.000001"),
            (0.1953125, "0.195312"), (0.1953135, "0.195314"), (100, "100.000000"), (-3.25, "-3.250000"),
            (4.999999999999993, "5.000000"), (1e20, "100000000000000000000.000000"),
        ]
        for (value, text) in cases { XCTAssertEqual(Rounding.fixed6(value), text, "\(value)") }
    }
}

final class ReliabilityAccumulatorTests: XCTestCase {
    /// The one-pass alpha (exact integer sums) equals the two-pass `Statistics.cronbachAlpha`,
    /// itself checked against numpy in StatisticsTests, on listwise-complete respondents.
    func testOnePassAlphaEqualsTwoPassAlpha() throws {
        let instrument = TestInstrument.instrument()
        var generator = SplitMix64(seed: 7)
        var respondents: [Respondent] = []
        for index in 0..<200 {
            var answers = (0..<6).map { _ in UInt8(generator.next() % 6) }  // 0 is not answered
            answers.append(Answer.knowledgeTrue)
            respondents.append(Respondent(organisation: index % 3, role: nil, answers: answers))
        }
        let scores = WaveScorer(instrument: instrument).score(respondents, organisationCount: 3)
        let culture = instrument.domains[0]
        let rows = respondents.compactMap { respondent -> [Double]? in
            let row = culture.items.indices.compactMap {
                WaveScorer.itemScore(respondent.answers[$0], culture.items[$0], points: 5)
            }
            return row.count == culture.items.count ? row : nil
        }
        let reliability = try XCTUnwrap(scores.reliability.first { $0.domain == 0 })
        XCTAssertEqual(reliability.n, rows.count)
        XCTAssertEqual(try XCTUnwrap(reliability.alpha), try XCTUnwrap(Statistics.cronbachAlpha(rows)), accuracy: 1e-12)
        XCTAssertNil(scores.reliability.first { $0.domain == 1 }, "one likert item: no alpha row")
    }
}

/// A tiny deterministic generator for test data (SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
