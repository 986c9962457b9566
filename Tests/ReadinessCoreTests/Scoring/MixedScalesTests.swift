import XCTest

@testable import ReadinessCore

/// Scores on 4-, 5-, 7- and 11-point scales together (SPEC §8.1): the tally's exact units
/// over a common denominator per domain (L = lcm(6, 3, 4) = 12 in d1, lcm(10, 6) = 30 in
/// d2) give what exact fractions give.
///
/// Expected values: `python3 tools/fixtures/mixed_scales.py` (Fraction means, numpy sample
/// SDs).
final class MixedScalesTests: XCTestCase {
    static let csv = """
        response_id,organisation_id,A1,A2,A3,B1,B2,K1
        r0,A,4,,1,,5,false
        r1,B,1,4,5,6,,false
        r2,A,6,4,4,10,7,true
        r3,B,7,1,1,10,2,false
        r4,A,5,4,2,9,5,
        r5,B,3,4,,1,3,DK
        r6,A,7,2,3,8,7,false
        r7,B,1,2,4,4,4,false
        r8,A,1,1,2,0,4,DK
        r9,B,5,2,,6,5,true
        r10,A,1,,5,2,5,
        r11,B,5,,,,5,true
        r12,A,3,3,,3,,true
        r13,B,7,2,4,1,2,
        r14,A,7,1,,10,,
        r15,B,1,4,3,0,4,true
        r16,A,,1,4,9,6,false
        r17,B,3,2,,1,4,false
        r18,A,1,3,3,10,3,DK
        r19,B,1,3,5,4,4,
        r20,A,6,3,5,10,4,true
        r21,B,1,3,1,4,3,DK
        r22,A,6,3,2,7,7,false
        r23,B,7,,,,5,
        r24,A,7,1,3,,7,DK
        r25,B,1,,1,0,1,false
        r26,A,3,1,1,5,6,DK
        r27,B,1,1,5,2,4,false
        r28,A,7,,1,2,2,true
        r29,B,1,2,5,4,6,
        r30,A,,1,2,3,2,false
        r31,B,1,4,5,6,6,DK
        r32,A,6,3,5,4,4,false
        r33,B,3,3,5,2,6,
        r34,A,,1,5,5,1,false
        r35,B,1,,5,6,5,true
        r36,A,5,,3,5,,DK
        r37,B,4,2,5,5,4,DK
        r38,A,6,,,10,1,false
        r39,B,4,2,3,7,5,DK
        """

    static let instrument = ExportFixture.instrument(
        """
        scales:
          agree7: {labels: [a1, a2, a3, a4, a5, a6, a7]}
          four: {labels: [f1, f2, f3, f4]}
          nps: {labels: [n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10], codes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}
        """,
        domains: """
            domains:
              - id: d1
                items:
                  - {id: A1, text: a, scale: agree7}
                  - {id: A2, text: b, scale: four, reverse: true}
                  - {id: A3, text: c}
              - id: d2
                items:
                  - {id: B1, text: d, scale: nps}
                  - {id: B2, text: e, scale: agree7, reverse: true}
                  - {id: K1, type: knowledge, answer: true, text: k}
            """)

    func testScoresMatchExactFractions() {
        let read = ExportFixture.read(Self.csv + "\n", instrument: Self.instrument)
        XCTAssertEqual(read.scored, 40)
        let layout = read.tally.layout
        XCTAssertEqual(layout.denominators, [12, 30], "lcm(6, 3, 4) and lcm(10, 6)")
        let scores = WaveScorer(instrument: Self.instrument).scores(read.tally)
        let expected: [(Int, Int, Int, String, String)] = [
            (0, 0, 19, "58.479532", "23.272328"), (0, 1, 19, "40.906433", "22.949675"),
            (1, 0, 18, "45.679012", "22.811274"), (1, 1, 19, "38.742690", "15.866429"),
        ]
        for (organisation, domain, n, mean, sd) in expected {
            let score = scores.organisation(organisation)!.domains[domain]
            XCTAssertEqual(score.n, n)
            XCTAssertEqual(Rounding.fixed6(score.mean!), mean, "\(organisation) d\(domain + 1)")
            XCTAssertEqual(Rounding.fixed6(score.summary.sd!), sd, "\(organisation) d\(domain + 1)")
        }
    }

    func testItemScoresAreTheSpecFormula() {
        for k in 2...11 {
            for point in 1...k {
                XCTAssertEqual(
                    AnswerScale.score(point: point, of: k, reverse: false), Double(100 * (point - 1)) / Double(k - 1))
                XCTAssertEqual(
                    AnswerScale.score(point: point, of: k, reverse: true), Double(100 * (k - point)) / Double(k - 1))
            }
        }
        // k = 5: today's (v − 1) × 25 and (5 − v) × 25, bit for bit.
        for v in 1...5 {
            XCTAssertEqual(
                AnswerScale.score(point: v, of: 5, reverse: false).bitPattern, (Double(v - 1) * 25).bitPattern)
            XCTAssertEqual(
                AnswerScale.score(point: v, of: 5, reverse: true).bitPattern, (Double(5 - v) * 25).bitPattern)
        }
    }

    /// Straight-lining compares point numbers, across scales.
    func testStraightLiningByPointNumber() {
        let instrument = ExportFixture.instrument(
            """
            scales:
              agree7: {labels: [a1, a2, a3, a4, a5, a6, a7]}
              q: {labels: [Low, Mid, High], codes: [2, 4, 3]}
            """,
            domains: """
                domains:
                  - id: d
                    items:
                      - {id: A, text: a, scale: agree7}
                      - {id: B, text: b, scale: agree7, reverse: true}
                      - {id: C, text: c}
                      - {id: D, text: d, scale: q}
                      - {id: E, text: e}
                """)
        // Point 3 everywhere (q's point 3 is written 3, here its code), one reverse item.
        let read = ExportFixture.read(
            "response_id,organisation_id,A,B,C,D,E\nr1,A,3,3,3,3,3\nr2,A,3,3,3,4,3\nr3,A,a3,3,Neither "
                + "agree nor disagree,high,3\n",
            instrument: instrument)
        XCTAssertEqual(read.quality.straightLiners, 2, "r2's D is point 2")
    }
}
