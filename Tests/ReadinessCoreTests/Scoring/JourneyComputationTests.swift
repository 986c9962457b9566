import ReadinessStatistics
import XCTest

@testable import ReadinessCore

/// SPEC §9.10 cases 5–11 with the numbers they state, on histories of given organisation
/// scores.
///
/// Each expected value comes with the line that computed it, after
/// `from scipy import stats; import numpy as np`.
final class JourneyComputationTests: XCTestCase {
    typealias F = JourneyFixture
    let thresholds = Thresholds()
    let rules5 = DisclosureRules(Thresholds())

    func fixed(_ value: Double?) -> String { value.map(Rounding.fixed6) ?? "" }

    // MARK: Case 5

    static let atBase = [42.1, 47.8, 50.3, 55.0, 58.6, 61.2]
    static let atM12 = [48.0, 52.9, 57.1, 61.4, 63.0, 68.7]

    /// O1–O6 at both waves, O7 at `base` (and, with `o7Later`, at `m12`), O8 at `m12` only;
    /// a one-domain instrument, so the domain row equals the overall row.
    func cohortHistory(o7Later: Double? = nil) -> SurveyHistory {
        let register = F.register((1...8).map { ("O\($0)", false, "") })
        var base: [Int: Double] = [:], m12: [Int: Double] = [:]
        for index in 0..<6 {
            base[index] = Self.atBase[index]
            m12[index] = Self.atM12[index]
        }
        base[6] = 66.0
        m12[7] = 40.0
        if let o7Later { m12[6] = o7Later }
        return SurveyHistory(
            waves: [F.wave("base", closes: "2016-01-29"), F.wave("m12", closes: "2017-01-27")], baseline: 0,
            instrument: F.instrument(), register: register, scores: [F.scores(base), F.scores(m12)])
    }

    func testCase5PairedCohortAgainstVersion1Welch() throws {
        let changes = try XCTUnwrap(ChangeAnalysis(history: cohortHistory(), wave: 1))
        XCTAssertEqual(changes.nationalPrevious.count, 2, "the domain, then overall")
        let overall = changes.nationalPrevious[1]
        XCTAssertNil(overall.domain)
        XCTAssertEqual(overall.against, .previous)
        XCTAssertEqual(overall.cohort, Cohort(organisations: 6, onlyNow: 1, onlyThen: 1), "a = b = 1")
        // r = stats.ttest_rel(at_m12, at_base); r.confidence_interval(0.95)
        XCTAssertEqual(fixed(overall.diff), "6.016667")
        XCTAssertEqual(fixed(overall.test?.t), "12.997726")
        XCTAssertEqual(fixed(overall.test?.df), "5.000000")
        XCTAssertEqual(fixed(overall.test?.p), "0.000048")
        XCTAssertEqual(fixed(overall.test?.low), "4.826741")
        XCTAssertEqual(fixed(overall.test?.high), "7.206593")
        XCTAssertLessThanOrEqual(
            overall.adjustedP!, 2 * overall.test!.p, "a BH-adjusted p is at most (family size) × p")
        XCTAssertTrue(overall.significant)
        XCTAssertEqual(overall.verdict, .rise)
        XCTAssertNil(rules5.cohortChange(overall.cohort!))
        // In a national family of 7 the adjusted p is at most 7p = 0.000336 ≤ 0.05: significant whatever the others.
        let family = ChangeAnalysis.adjust(
            [overall]
                + (1...6).map { _ in
                    Change(
                        scope: .national, domain: 0, against: .previous, reference: 0, diff: 0.1,
                        test: TTest(t: 0.1, df: 5, p: 0.9, low: -1, high: 1))
                }, thresholds)
        XCTAssertLessThanOrEqual(family[0].adjustedP!, 7 * overall.test!.p)
        XCTAssertTrue(family[0].significant)
        // Version 1's Welch over the seven published at each wave:
        // stats.ttest_ind(at_m12+[40.0], at_base+[66.0], equal_var=False) → +1.442857, p 0.770481
        let welch = try XCTUnwrap(Statistics.welchTest(Self.atM12 + [40.0], Self.atBase + [66.0]))
        XCTAssertEqual(
            fixed(Statistics.mean(Self.atM12 + [40.0])! - Statistics.mean(Self.atBase + [66.0])!), "1.442857")
        XCTAssertEqual(fixed(welch.p), "0.770481")
    }

    // MARK: Case 6

    func testCase6DifferencingGuard() throws {
        let changes = try XCTUnwrap(ChangeAnalysis(history: cohortHistory(o7Later: 70.0), wave: 1))
        let overall = changes.nationalPrevious[1]
        XCTAssertEqual(overall.cohort, Cohort(organisations: 7, onlyNow: 1, onlyThen: 0), "a = 1 (O8), b = 0")
        // np.mean(np.subtract(at_m12+[70.0], at_base+[66.0]))
        XCTAssertEqual(fixed(overall.diff), "5.728571")
        let visibility = rules5.cohortChange(overall.cohort!)
        XCTAssertEqual(visibility, .withheld(5))
        XCTAssertEqual(visibility?.label, "withheld: would reveal the scores of fewer than 5 organisations")
        XCTAssertEqual(rules5.cohortChange(Cohort(organisations: 4, onlyNow: 0, onlyThen: 0)), .fewerOrganisations(5))
        XCTAssertNil(rules5.cohortChange(Cohort(organisations: 9, onlyNow: 0, onlyThen: 5)))
        XCTAssertEqual(rules5.cohortChange(Cohort(organisations: 9, onlyNow: 0, onlyThen: 4)), .withheld(5))
    }

    // MARK: Case 7

    func testCase7BelowMinChange() {
        let atBase = [44.0, 47.5, 50.0, 51.0, 53.5, 55.0, 58.0, 61.5]
        let delta = [2.5, 3.5, 3.0, 2.8, 3.4, 3.3, 2.9, 3.4]
        let now = zip(atBase, delta).enumerated().map { ($0.offset, $0.element.0 + $0.element.1) }
        let then = atBase.enumerated().map { ($0.offset, $0.element) }
        // stats.ttest_rel(np.add(at_base, d), at_base): t 24.729445, p 4.5e-08
        let result = ChangeAnalysis.cohortChange(now: now, then: then, smallestTested: 5)
        XCTAssertEqual(fixed(result.diff), "3.100000")
        XCTAssertEqual(fixed(result.test?.t), "24.729445")
        XCTAssertEqual(fixed(result.test?.p), "0.000000")
        XCTAssertEqual(result.test?.p ?? 1, 4.5e-08, accuracy: 0.05e-08)
        let change = ChangeAnalysis.adjust(
            [
                Change(
                    scope: .national, domain: nil, against: .previous, reference: 0,
                    diff: result.diff, test: result.test)
            ], thresholds)[0]
        XCTAssertFalse(change.significant)
        XCTAssertEqual(change.verdict, .changeUnder(minChange: 5))
        XCTAssertEqual(change.verdict.text, "change under 5 points", "never no detectable change")
    }

    func testVerdictTable() {
        func verdict(_ diff: Double?, _ p: Double?, minChange: Double = 5) -> String {
            var thresholds = Thresholds()
            thresholds.minChange = minChange
            return Verdict.of(diff: diff, adjustedP: p, thresholds: thresholds).text
        }
        XCTAssertEqual(verdict(6, 0.01), "▲ rise")
        XCTAssertEqual(verdict(-6, 0.01), "▼ fall")
        XCTAssertEqual(verdict(4.999999999999993, 0.01), "▲ rise", "|diff| compared as printed: 5.000000")
        XCTAssertEqual(verdict(-4.9, 0.05), "change under 5 points", "p = alpha is detectable")
        XCTAssertEqual(verdict(2, 0.01, minChange: 2.5), "change under 2.5 points")
        XCTAssertEqual(verdict(0.05, 0.01, minChange: 0.1), "change under 0.1 points")
        XCTAssertEqual(verdict(1e-8, 0.01, minChange: 0.0000001), "▲ rise", "a min_change of 1e-7 prints as 0.000000")
        XCTAssertEqual(verdict(12, 0.0500001), "▲ rise", "p compared as printed: 0.050000")
        XCTAssertEqual(verdict(12, 0.0500006), "no detectable change")
        XCTAssertEqual(verdict(12, nil), "not tested")
        XCTAssertEqual(verdict(nil, nil), "not tested")
        XCTAssertEqual(Verdict.shortestDecimal(5), "5")
        XCTAssertEqual(Verdict.shortestDecimal(0.1), "0.1")
        XCTAssertEqual(Verdict.shortestDecimal(12.25), "12.25")
        XCTAssertEqual(Verdict.shortestDecimal(100), "100")
        XCTAssertEqual(Verdict.shortestDecimal(1e-7), "0.0000001")
        XCTAssertEqual(Verdict.shortestDecimal(1.5e20), "150000000000000000000")
        XCTAssertEqual(Verdict.shortestDecimal(0), "0")
    }

    // MARK: Case 8

    func testCase8SeparateFamilies() {
        func adjusted(_ p: [Double]) -> [String] {
            ChangeAnalysis.adjust(
                p.map {
                    Change(
                        scope: .organisation(0), domain: 0, against: .previous, reference: 0, diff: 10,
                        test: TTest(t: 3, df: 10, p: $0, low: 1, high: 2))
                }, thresholds
            ).map { fixed($0.adjustedP) }
        }
        // stats.false_discovery_control(p, method='bh') on each list
        XCTAssertEqual(adjusted([0.004, 0.03, 0.2]), ["0.012000", "0.045000", "0.200000"])
        XCTAssertEqual(adjusted([0.001, 0.04]), ["0.002000", "0.040000"])
        XCTAssertEqual(
            adjusted([0.004, 0.03, 0.2, 0.001, 0.04]), ["0.010000", "0.050000", "0.200000", "0.005000", "0.050000"],
            "what pooling would give")
    }

    /// The families are kept apart in a real analysis: organisation-previous and
    /// organisation-baseline rows are each adjusted only among themselves.
    func testFamiliesAreAdjustedSeparatelyInAnAnalysis() throws {
        let register = F.register((1...6).map { ("O\($0)", false, "") })
        func wave(_ shift: Double, _ slope: Double) -> WaveScores {
            F.scores(
                Dictionary(uniqueKeysWithValues: (0..<6).map { ($0, 50 + shift + slope * Double($0)) }), domains: 2)
        }
        let history = SurveyHistory(
            waves: [
                F.wave("base", closes: "2016-01-29"), F.wave("m6", closes: "2016-07-29"),
                F.wave("m12", closes: "2017-01-27"),
            ],
            baseline: 0, instrument: F.instrument(domains: 2), register: register,
            scores: [wave(0, 1), wave(1, 1), wave(4, 2)])
        let changes = try XCTUnwrap(ChangeAnalysis(history: history, wave: 2))
        XCTAssertEqual(changes.organisationPrevious.count, 12)
        XCTAssertEqual(changes.organisationBaseline.count, 12)
        XCTAssertEqual(changes.nationalPrevious.count, 3)
        XCTAssertEqual(changes.nationalBaseline.count, 3)
        let pooled = Statistics.benjaminiHochberg(
            (changes.organisationPrevious + changes.organisationBaseline).map { $0.test!.p })
        for (offset, family) in [changes.organisationPrevious, changes.organisationBaseline].enumerated() {
            let expected = Statistics.benjaminiHochberg(family.map { $0.test!.p })
            XCTAssertEqual(family.map { $0.adjustedP! }, expected)
            XCTAssertNotEqual(expected, Array(pooled[(offset * 12)..<(offset * 12 + 12)]), "pooling would differ")
        }
        XCTAssertTrue(changes.organisationPrevious.allSatisfy { $0.reference == 1 && $0.against == .previous })
        XCTAssertTrue(changes.organisationBaseline.allSatisfy { $0.reference == 0 && $0.against == .baseline })
        XCTAssertTrue(
            changes.nationalBaseline.allSatisfy { $0.reference == 0 && $0.against == .baseline && $0.test != nil })
        // National cohort: δ = 3 + i since m6, so mean 5.5 over six organisations.
        XCTAssertEqual(changes.nationalPrevious.map { fixed($0.diff) }, ["5.500000", "5.500000", "5.500000"])
        XCTAssertEqual(changes.nationalPrevious.map { $0.cohort?.organisations }, [6, 6, 6])
        XCTAssertEqual(changes.rows.count, 30)
        XCTAssertEqual(
            changes.rows.map(\.against), Array(repeating: .previous, count: 15) + Array(repeating: .baseline, count: 15)
        )
        XCTAssertEqual(changes.overall.map(\.sincePrevious), (0..<6).map { 3 + Double($0) })
        XCTAssertEqual(changes.overall.map(\.sinceBaseline), (0..<6).map { 4 + Double($0) })
        XCTAssertEqual(changes.overall.map(\.previousWave), Array(repeating: 1, count: 6))
        // Every δ the same: not tested, though the cohort is large enough.
        let same = ChangeAnalysis.cohortChange(
            now: (0..<6).map { ($0, 53.0 + Double($0)) }, then: (0..<6).map { ($0, 50.0 + Double($0)) },
            smallestTested: 5)
        XCTAssertNil(same.test)
        XCTAssertEqual(same.diff, 3)
        XCTAssertNil(
            ChangeAnalysis.cohortChange(now: [(0, 1), (1, 5)], then: [(0, 0), (1, 1)], smallestTested: 5).test,
            "m < max(2, k)")
        XCTAssertNotNil(
            ChangeAnalysis.cohortChange(now: [(0, 1), (1, 5)], then: [(0, 0), (1, 1)], smallestTested: 2).test,
            "m = 2 ≥ max(2, 1)")
    }

    // MARK: Cases 9 and 10

    static let new = [8.5, 12.0, 6.4, 10.2, 9.1]
    static let non = [1.2, -2.5, 3.0, 0.4, 2.1, -0.8]

    /// New signatories signed between the waves; non-signatories never; `earlier` signed
    /// before the baseline closed (or gave no date).
    ///
    /// Baseline scores 50, then 50 + Δ. Ids are made in code-point order, so register
    /// indices follow the order of creation.
    func charterHistory(new: [Double], non: [Double], earlier: Int = 0) -> SurveyHistory {
        var entries: [(id: String, signatory: Bool, signedOn: String)] = []
        var base: [Int: Double] = [:], m12: [Int: Double] = [:]
        for (position, change) in new.enumerated() {
            entries.append(("N\(position)", true, "2016-0\(3 + position)-01"))
            base[entries.count - 1] = 50
            m12[entries.count - 1] = 50 + change
        }
        for (position, change) in non.enumerated() {
            // Q0 signs after m12: not yet
            entries.append(("Q\(position)", position == 0, position == 0 ? "2017-02-01" : ""))
            base[entries.count - 1] = 50
            m12[entries.count - 1] = 50 + change
        }
        for position in 0..<earlier {
            entries.append(("R\(position)", true, position == 0 ? "" : "2016-01-29"))
            base[entries.count - 1] = 50
            m12[entries.count - 1] = 70
        }
        return SurveyHistory(
            waves: [F.wave("base", closes: "2016-01-29"), F.wave("m12", closes: "2017-01-27")], baseline: 0,
            instrument: F.instrument(), register: F.register(entries), scores: [F.scores(base), F.scores(m12)])
    }

    /// The overall sentence of a row as the national report states it, with k = 5.
    func charterSentence(_ row: CharterRow, _ baseline: Wave, _ wave: Wave) -> String {
        CharterSentence.overall(
            rules5.charterFigure(row, title: "Overall readiness"), baseline: baseline, wave: wave, groupSize: 5)
    }

    func testCase9CharterEvaluation() throws {
        let history = charterHistory(new: Self.new, non: Self.non)
        XCTAssertNil(CharterEvaluation(history: history, wave: 0), "only waves after the baseline")
        let evaluation = try XCTUnwrap(CharterEvaluation(history: history, wave: 1))
        XCTAssertEqual(evaluation.rows.count, 2)
        let overall = evaluation.rows[1]
        XCTAssertNil(overall.domain)
        XCTAssertEqual([overall.newSignatories, overall.nonSignatories, overall.earlierSignatories], [5, 6, 0])
        // r = stats.ttest_ind(new, non, equal_var=False); r.confidence_interval(0.95)
        XCTAssertEqual(fixed(overall.changeNew), "9.240000")
        XCTAssertEqual(fixed(overall.changeNon), "0.566667")
        XCTAssertEqual(fixed(overall.diff), "8.673333")
        XCTAssertEqual(fixed(overall.test?.t), "7.024893")
        XCTAssertEqual(fixed(overall.test?.df), "8.513366")
        XCTAssertEqual(fixed(overall.test?.p), "0.000081")
        XCTAssertEqual(fixed(overall.test?.low), "5.855818")
        XCTAssertEqual(fixed(overall.test?.high), "11.490848")
        XCTAssertLessThanOrEqual(overall.adjustedP!, 2 * overall.test!.p)
        XCTAssertTrue(overall.significant)
        let sentence = charterSentence(overall, history.waves[0], history.waves[1])
        XCTAssertEqual(
            sentence,
            "Between Wave base and Wave m12, the 5 organisations that signed the charter in between changed by "
                + "+9.2 points in overall readiness, against +0.6 points "
                + "among the 6 that had not signed: a difference of +8.7 points "
                + "(95% CI +5.9 to +11.5). Signatories improved detectably "
                + "more (▲). Organisations chose whether and when to sign, so "
                + "this compares groups; it does not show that the charter caused the difference.")
        let csv = CentreCSV(wave: "m12", instrument: history.instrument, register: history.register)
            .charter(evaluation, baselineWave: "base")
        XCTAssertEqual(
            csv.split(separator: "\n").last,
            "m12,base,overall,5,6,0,9.240000,0.566667,8.673333,7.024893,8.513366,0.000081,0.000081,5.855818,11.490848,true"
        )
    }

    func testCase10CharterHiddenAndUntested() throws {
        let hidden = try XCTUnwrap(
            CharterEvaluation(history: charterHistory(new: Self.new, non: Self.non, earlier: 2), wave: 1))
        let overall = hidden.rows[1]
        XCTAssertEqual(overall.earlierSignatories, 2)
        XCTAssertEqual(fixed(overall.changeNew), "9.240000", "the figures are unchanged")
        XCTAssertEqual(fixed(overall.diff), "8.673333")
        XCTAssertEqual(rules5.charterRow(overall), .differenceOnly)
        let history = charterHistory(new: Self.new, non: Self.non)
        let sentence = charterSentence(overall, history.waves[0], history.waves[1])
        XCTAssertFalse(sentence.contains("+9.2"))
        XCTAssertFalse(sentence.contains("+0.6"))
        XCTAssertEqual(
            sentence,
            "Between Wave base and Wave m12, the 5 organisations that signed the charter in between changed by "
                + "8.7 points more in overall readiness than the 6 that had "
                + "not signed (95% CI +5.9 to +11.5). Signatories improved "
                + "detectably more (▲). Organisations chose whether and when "
                + "to sign, so this compares groups; it does not show that "
                + "the charter caused the difference.")

        let four = try XCTUnwrap(
            CharterEvaluation(history: charterHistory(new: Array(Self.new.prefix(4)), non: Self.non), wave: 1))
        let untested = four.rows[1]
        XCTAssertEqual(fixed(untested.changeNew), "9.275000")  // np.mean(new[:4])
        XCTAssertNil(untested.test)
        XCTAssertNil(untested.adjustedP)
        XCTAssertFalse(untested.significant)
        let csv = CentreCSV(wave: "m12", instrument: history.instrument, register: history.register).charter(
            four, baselineWave: "base")
        XCTAssertEqual(csv.split(separator: "\n").last, "m12,base,overall,4,6,0,9.275000,0.566667,8.708333,,,,,,,false")
        XCTAssertEqual(
            charterSentence(untested, history.waves[0], history.waves[1]),
            "The charter evaluation needs at least 5 organisations that signed after base and 5 that had not signed by "
                + "m12's close, each with an overall score published in both waves; there were 4 and 6.")
    }

    func testCharterVerdictSentences() {
        XCTAssertEqual(CharterSentence.verdictSentence(.fall), "Signatories improved detectably less (▼).")
        XCTAssertEqual(
            CharterSentence.verdictSentence(.changeUnder(minChange: 5)),
            "The difference is detectable but under 5 points.")
        XCTAssertEqual(
            CharterSentence.verdictSentence(.noDetectableChange),
            "The difference is not detectable: it could be chance.")
        var row = CharterRow(
            domain: nil, newSignatories: 6, nonSignatories: 5, earlierSignatories: 0, changeNew: 1, changeNon: 3,
            diff: -2, test: TTest(t: -1, df: 8, p: 0.3, low: -6.04, high: 2.04))
        row = CharterEvaluation.adjust([row], thresholds)[0]
        let wave = F.wave("m6", closes: "2016-07-29")
        XCTAssertEqual(
            charterSentence(row, F.wave("base", closes: "2016-01-29"), wave),
            "Between Wave base and Wave m6, the 6 organisations that signed the charter in between changed by +1.0 "
                + "points in overall readiness, against +3.0 points "
                + "among the 5 that had not signed: a difference of -2.0 "
                + "points (95% CI -6.0 to +2.0). The difference is not "
                + "detectable: it could be chance. Organisations chose "
                + "whether and when to sign, so this compares groups; it "
                + "does not show that the charter caused the difference."
        )
    }

    // MARK: Case 11

    func testCase11ResponseRates() throws {
        // stats.binomtest(13, 40).proportion_ci(method='wilson') → 0.20084502, 0.47982254
        let thirteen = ResponseRate(organisation: 0, headcount: 40, respondents: 13)
        XCTAssertEqual(
            [fixed(thirteen.rate), fixed(thirteen.ciLow), fixed(thirteen.ciHigh)],
            ["32.500000", "20.084502", "47.982254"])
        XCTAssertFalse(thirteen.exceedsHeadcount)
        // stats.binomtest(0, 25).proportion_ci(method='wilson') → 0, 0.13319225
        let none = ResponseRate(organisation: 0, headcount: 25, respondents: 0)
        XCTAssertEqual(
            [fixed(none.rate), fixed(none.ciLow), fixed(none.ciHigh)], ["0.000000", "0.000000", "13.319225"])
        XCTAssertFalse(none.takesPart)
        let over = ResponseRate(organisation: 0, headcount: 12, respondents: 14)
        XCTAssertEqual([fixed(over.rate), fixed(over.ciLow), fixed(over.ciHigh)], ["116.666667", "", ""])
        XCTAssertTrue(over.exceedsHeadcount)
        XCTAssertFalse(over.takesPart)

        // Rates [32.5, 50, 61.224490, 20, 45, 75] and the two above, which are not in the median:
        // np.percentile(rates, [25, 50, 75]) → 35.625, 47.5, 58.41836735
        let counts: [(id: String, headcount: Int, respondents: Int)] = [
            ("A", 40, 13), ("B", 20, 10), ("C", 49, 30), ("D", 20, 4), ("E", 20, 9), ("F", 20, 15), ("G", 25, 0),
            ("H", 12, 14),
            ("I", 0, 3),
        ]
        let register = F.register(
            counts.map { ($0.id, false, "") },
            headcount: Dictionary(
                uniqueKeysWithValues: counts.filter { $0.headcount > 0 }.map { ($0.id, $0.headcount) }),
            hasHeadcount: true)
        var scores: [Int: Double] = [:], respondents: [Int: Int] = [:]
        for (index, entry) in counts.enumerated() where entry.respondents > 0 {
            scores[index] = 50
            respondents[index] = entry.respondents
        }
        let rates = try XCTUnwrap(ResponseRates(scores: F.scores(scores, respondents: respondents), register: register))
        XCTAssertEqual(rates.rows.map(\.organisation), Array(0..<8), "I has no headcount")
        XCTAssertEqual(fixed(rates.rows[2].rate), "61.224490")
        XCTAssertEqual(rates.takingPart, 6)
        XCTAssertEqual(Markdown.score(rates.median), "47.5")
        XCTAssertEqual(Markdown.score(rates.lower), "35.6")
        XCTAssertEqual(Markdown.score(rates.upper), "58.4")
        XCTAssertEqual(rates.withoutRespondents, 1)
        XCTAssertEqual(rates.overHeadcount, 1)
        XCTAssertTrue(rules5.responseRateMedianShown(rates))
        var seven = Thresholds()
        seven.minOrganisations = 7
        XCTAssertFalse(DisclosureRules(seven).responseRateMedianShown(rates))
        XCTAssertNil(
            ResponseRates(scores: F.scores(scores), register: F.register([("A", false, "")])), "no headcount column")
    }

    // MARK: Series and groups (§9.3, §9.9 rules 2 and 5)

    func testGroupsFollowStatusAtTheWaveAndAreShownTogether() {
        // Five signatories from 2016-03-01, three never: at base none has signed.
        let entries = (0..<8).map { ("O\($0)", $0 < 5, $0 < 5 ? "2016-03-01" : "") }
        let values = Dictionary(uniqueKeysWithValues: (0..<8).map { ($0, 40 + 5 * Double($0)) })
        let history = SurveyHistory(
            waves: [F.wave("base", closes: "2016-01-29"), F.wave("m6", closes: "2016-07-29")],
            baseline: 0, instrument: F.instrument(), register: F.register(entries),
            scores: [F.scores(values), F.scores(values)])
        let base = history.groups[0], m6 = history.groups[1]
        XCTAssertEqual(base[JourneyGroup.national.rawValue][1].organisations, 8)
        XCTAssertTrue(base[JourneyGroup.national.rawValue][1].published)
        XCTAssertEqual(base[JourneyGroup.signatories.rawValue][1].organisations, 0)
        XCTAssertNil(base[JourneyGroup.signatories.rawValue][1].median, "empty when organisations is 0")
        XCTAssertFalse(base[JourneyGroup.nonSignatories.rawValue][1].published, "rule 5: both or neither")
        XCTAssertEqual(
            base[JourneyGroup.nonSignatories.rawValue][1].reason, "fewer than 5 organisations among signatories")
        XCTAssertEqual(m6[JourneyGroup.signatories.rawValue][1].organisations, 5)
        XCTAssertEqual(m6[JourneyGroup.nonSignatories.rawValue][1].organisations, 3)
        XCTAssertFalse(m6[JourneyGroup.signatories.rawValue][1].published)
        XCTAssertEqual(m6[JourneyGroup.nonSignatories.rawValue][1].reason, "fewer than 5 organisations")
        // numpy.quantile([40, 45, 50, 55, 60], [0.25, 0.5, 0.75]) = 45, 50, 55
        let signed = m6[JourneyGroup.signatories.rawValue][1]
        XCTAssertEqual([signed.lower, signed.median, signed.upper, signed.mean], [45, 50, 55, 50])
        XCTAssertEqual(signed.level, "Developing")
        XCTAssertEqual(history.signatories(atWave: 0), Array(repeating: false, count: 8))
        XCTAssertEqual(history.signatories(atWave: 1), (0..<8).map { $0 < 5 })
    }
}
