import XCTest

@testable import ReadinessCore

final class ChangesAndBenchmarksTests: XCTestCase {
    let instrument = TestInstrument.instrument()

    /// Respondents of one organisation whose culture and ig answers are all `value`.
    func respondents(_ organisation: Int, _ values: [UInt8]) -> [Respondent] {
        values.map {
            Respondent(
                organisation: organisation, role: nil, answers: [$0, 6 - $0, $0, $0, 6 - $0, $0, Answer.knowledgeFalse])
        }
    }

    /// Benchmark quartiles: `numpy.quantile([50, 62.5, 75, 100], [0.25, 0.5, 0.75])` = 59.375, 68.75, 81.25.
    func testBenchmarksFallBackToAllOrganisations() {
        let register = Register(organisations: [
            Organisation(id: "A", name: "a", sector: "X", locality: "", signatory: false, signedOn: ""),
            Organisation(id: "B", name: "b", sector: "X", locality: "", signatory: false, signedOn: ""),
            Organisation(id: "C", name: "c", sector: "Y", locality: "", signatory: false, signedOn: ""),
            Organisation(id: "D", name: "d", sector: "Y", locality: "", signatory: false, signedOn: ""),
        ])
        let people =
            respondents(0, [3, 3]) + respondents(1, [4, 4]) + respondents(2, [5, 5]) + respondents(3, [3, 4])
        let scores = WaveScorer(instrument: instrument).score(people, organisationCount: 4)
        var thresholds = instrument.thresholds
        thresholds.minOrganisations = 2
        let sector = Benchmarks(scores: scores, register: register, thresholds: thresholds, domainCount: 2)
        XCTAssertEqual(sector.group(sector: "X", domain: 0)?.sector, "X")
        XCTAssertEqual(sector.group(sector: "X", domain: 0)?.count, 2)
        thresholds.minOrganisations = 3
        let all = Benchmarks(scores: scores, register: register, thresholds: thresholds, domainCount: 2)
        let group = all.group(sector: "X", domain: 0)!
        XCTAssertNil(group.sector)
        XCTAssertEqual(group.count, 4)
        XCTAssertEqual(group.lower, 59.375)
        XCTAssertEqual(group.median, 68.75)
        XCTAssertEqual(group.upper, 81.25)
        XCTAssertEqual(group.position(of: 100), .aboveUpperQuartile)
        XCTAssertEqual(group.position(of: 50), .belowLowerQuartile)
        XCTAssertEqual(group.position(of: 81.2500000001), .betweenQuartiles, "compared at 6 decimals")
    }

    /// Welch and BH against scipy:
    /// `st.ttest_ind([100,100,75,75],[50,50,50,25],equal_var=False)` → t=5.196152422706632, df=6.0, p=0.0020213...
    func testChangesAreTestedAdjustedAndMarked() {
        let register = TestInstrument.register(["A", "B"])
        let before = WaveScorer(instrument: instrument).score(
            respondents(0, [3, 3, 3, 2]) + respondents(1, [3, 3]), organisationCount: 2)
        let now = WaveScorer(instrument: instrument).score(
            respondents(0, [5, 5, 4, 4]) + respondents(1, [3, 3]), organisationCount: 2)
        let history = SurveyHistory(
            waves: [
                JourneyFixture.wave("before", closes: "2024-01-31"), JourneyFixture.wave("now", closes: "2024-07-31"),
            ],
            baseline: 0, instrument: instrument, register: register, scores: [before, now])
        let analysis = ChangeAnalysis(history: history, wave: 1)!
        // A: culture and ig tested; B: both sides have variance 0 → not tested.
        XCTAssertEqual(analysis.organisationChanges.count, 4)
        let culture = analysis.organisationChanges[0]
        XCTAssertEqual(culture.scope, .organisation(0))
        XCTAssertEqual(culture.diff!, 43.75, accuracy: 1e-12)
        XCTAssertNotNil(culture.test)
        XCTAssertTrue(culture.significant)
        XCTAssertEqual(culture.arrow, "▲")
        let flat = analysis.organisationChanges[2]
        XCTAssertEqual(flat.scope, .organisation(1))
        XCTAssertNil(flat.test)
        XCTAssertEqual(flat.diff, 0)
        XCTAssertFalse(flat.significant)
        // National: one domain row per domain plus overall.
        XCTAssertEqual(analysis.nationalChanges.count, 3)
        XCTAssertNil(analysis.nationalChanges[2].domain)
    }
}
