import XCTest

@testable import ReadinessCore

/// The decisions of `DisclosureRules` (SPEC §4.1, §4.3, §4.6), case by case.
final class DisclosureRulesTests: XCTestCase {
    func rules(respondents: Int = 10, organisations: Int = 5, share: Double = 0.5) -> DisclosureRules {
        var thresholds = Thresholds()
        thresholds.minRespondents = respondents
        thresholds.minOrganisations = organisations
        thresholds.maxOrganisationShare = share
        return DisclosureRules(thresholds)
    }

    func testNationalFiguresNeedRespondentsOrganisationsAndNoDominance() {
        let rules = rules()
        let cases: [(counts: [Int], expected: Suppression?, why: String)] = [
            ([3, 3, 3, 3, 3], nil, "15 respondents of 5 organisations, none over half"),
            ([2, 2, 2, 2, 1], .fewerRespondents(10), "9 respondents"),
            ([10, 10, 10, 10, 0, 0], .fewerOrganisations(5), "4 organisations contribute; zeros do not count"),
            ([11, 3, 3, 3, 1], .dominated, "11 of 21 is over half"),
            ([10, 4, 3, 2, 1], nil, "10 of 20 is exactly half: allowed"),
            ([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], nil, "ten organisations of one respondent each"),
        ]
        for (counts, expected, why) in cases {
            XCTAssertEqual(rules.decide(FigureBase(perOrganisation: counts)), expected, why)
        }
        XCTAssertEqual(
            rules.decide(FigureBase(organisations: 4)), .fewerOrganisations(5), "organisation figures: k only")
        XCTAssertNil(rules.decide(FigureBase(organisations: 5)))
    }

    func testDominanceIsComparedAtSixDecimals() {
        // 1/3 = 0.333333 at 6 decimals: equal to a share of 0.3333333 (0.333333 too), so allowed.
        XCTAssertNil(
            rules(respondents: 1, organisations: 3, share: 0.3333333).decide(FigureBase(perOrganisation: [1, 1, 1])))
        XCTAssertEqual(
            rules(respondents: 1, organisations: 3, share: 0.33333).decide(FigureBase(perOrganisation: [1, 1, 1])),
            .dominated)
        XCTAssertNil(
            rules(respondents: 1, organisations: 1, share: 1).decide(FigureBase(perOrganisation: [7])),
            "a share of 1 never dominates")
    }

    func testPartnerFiguresCountRespondents() {
        let rules = rules()
        XCTAssertNil(rules.partnerFigure(respondents: 10))
        XCTAssertEqual(rules.partnerFigure(respondents: 9), .fewerRespondents(10))
        XCTAssertEqual(rules.organisationScore(respondents: 1), .fewerRespondents(10))
    }

    /// Breakdown cells: per-organisation respondents of each cell; one hidden cell takes the
    /// next smallest with it, and more are hidden while the hidden cells together would be.
    func testComplementaryCellsInABreakdown() {
        let rules = rules(respondents: 10, organisations: 2)
        // Four roles over three organisations.
        let cells = [[20, 20, 10], [10, 10, 10], [2, 2, 0], [6, 6, 0]]
        XCTAssertEqual(rules.complementary(cells, primary: []), [])
        XCTAssertEqual(rules.complementary(cells, primary: [2]), [2, 3], "4 + 12 = 16 from two organisations: safe")
        let single = [[30, 30, 30], [9, 0, 0], [1, 0, 0], [3, 12, 5]]
        XCTAssertEqual(
            rules.complementary(single, primary: [1, 2]), [1, 2, 3],
            "two hidden cells of one organisation: their sum would reveal it, so the next smallest goes too")
        XCTAssertEqual(rules.complementary([[12, 0], [0, 5]], primary: [1]), [0, 1], "two cells: both or neither")
    }

    func testSectorGroupsMergeSuppressAndHideComplements() {
        let rules = rules(organisations: 5)
        let groups = rules.sectorGroups([("Acute", 6), ("Councils", 2), ("Police", 1), ("Primary", 5)])
        XCTAssertEqual(groups.map(\.name), ["Acute", "Primary", "Other sectors"])
        XCTAssertEqual(groups[2].sectors, ["Councils", "Police"])
        XCTAssertEqual(
            groups.map(\.suppression), [nil, .complementary, .fewerOrganisations(5)],
            "3 hidden organisations < 5: the smallest shown group (Primary) is hidden too")
        let merged = rules.sectorGroups([("A", 3), ("B", 3), ("C", 9)])
        XCTAssertEqual(merged.map(\.name), ["C", "Other sectors"])
        XCTAssertEqual(merged.map(\.suppression), [nil, nil])
        let tie = rules.sectorGroups([("A", 7), ("B", 7), ("C", 1)])
        XCTAssertEqual(
            tie.map(\.suppression), [nil, .complementary, .fewerOrganisations(5)], "ties: the later is hidden")
        let none = rules.sectorGroups([("A", 5), ("B", 6)])
        XCTAssertEqual(none.map(\.suppression), [nil, nil], "nothing hidden, nothing to protect")
    }

    func testLabelsAndCountsOnlyReport() {
        let rules = rules()
        XCTAssertEqual(Suppression.fewerRespondents(10).label, "<10")
        XCTAssertEqual(Suppression.fewerOrganisations(5).label, "<5 organisations")
        XCTAssertEqual(Suppression.dominated.label, "dominated by one organisation")
        XCTAssertFalse(rules.nationalFiguresPublishable(organisationsTakingPart: 4))
        XCTAssertTrue(rules.nationalFiguresPublishable(organisationsTakingPart: 5))
    }
}
