import ReadinessStatistics
import XCTest

@testable import ReadinessCore

/// The journey's decisions of `DisclosureRules` (SPEC §9.9), case by case, with the
/// differencing guards the attacker of tools/disclosure/check_journey.py asked for.
final class JourneyDisclosureTests: XCTestCase {
    let rules = DisclosureRules(Thresholds())  // N = 10, k = 5

    func testPartnerSeriesPointsAreTheirPublishedScores() {
        XCTAssertNil(rules.partnerSeriesPoint(published: true, overall: false))
        XCTAssertEqual(rules.partnerSeriesPoint(published: false, overall: false), .fewerRespondents(10))
        XCTAssertEqual(rules.partnerSeriesPoint(published: false, overall: true), .notEveryDomainPublished)
        XCTAssertEqual(Suppression.fewerRespondents(10).longLabel, "<10 respondents")
        XCTAssertEqual(Suppression.fewerOrganisations(5).longLabel, "<5 organisations")
    }

    func testSignatoryGroupsAreShownTogetherOrNotAtAll() {
        XCTAssertTrue(rules.signatoryGroups(signatories: 5, nonSignatories: 7) == (nil, nil))
        let lone = rules.signatoryGroups(signatories: 9, nonSignatories: 0)
        XCTAssertEqual(lone.signatories?.suppression, .complementary, "alone, it is the national figure less the other")
        XCTAssertEqual(lone.signatories?.reason, "fewer than 5 organisations among non-signatories")
        XCTAssertEqual(lone.nonSignatories?.suppression, .fewerOrganisations(5))
        XCTAssertEqual(lone.nonSignatories?.reason, "fewer than 5 organisations")
        let both = rules.signatoryGroups(signatories: 4, nonSignatories: 2)
        XCTAssertEqual(
            [both.signatories?.suppression, both.nonSignatories?.suppression],
            [.fewerOrganisations(5), .fewerOrganisations(5)])
    }

    /// Rule 3 per change, then for the comparison as a whole: one withheld change withholds
    /// the others, and so do 1 to k − 1 organisations in a domain's cohort but not overall's.
    func testCohortChangesOfAComparisonAreWithheldTogether() {
        let shown = Cohort(organisations: 9, onlyNow: 0, onlyThen: 0)
        let few = Cohort(organisations: 9, onlyNow: 0, onlyThen: 2)
        let small = Cohort(organisations: 3, onlyNow: 0, onlyThen: 0)
        XCTAssertEqual(rules.cohortChanges([shown, shown, shown]), [nil, nil, nil])
        XCTAssertEqual(
            rules.cohortChanges([shown, few, shown]), [.withheld(5), .withheld(5), .withheld(5)],
            "overall is a weighted mean of the domains: their changes add up to it")
        XCTAssertEqual(
            rules.cohortChanges([shown, small, shown]), [nil, .fewerOrganisations(5), nil],
            "too small a cohort is hidden on its own: it protects nobody's total")
        XCTAssertEqual(rules.cohortChanges([shown, nil]), [nil, .fewerOrganisations(5)], "no cohort: no change")
        XCTAssertEqual(
            rules.cohortChanges([shown, shown, shown], outsideOverall: 1), [.withheld(5), .withheld(5), .withheld(5)])
        XCTAssertEqual(rules.cohortChanges([shown, shown, shown], outsideOverall: 4).compactMap { $0 }.count, 3)
        XCTAssertEqual(rules.cohortChanges([shown, shown, shown], outsideOverall: 5), [nil, nil, nil])
        XCTAssertEqual(
            rules.cohortChanges([shown, small, shown], outsideOverall: 2),
            [.withheld(5), .fewerOrganisations(5), .withheld(5)])
    }

    func testMeansAndTheChangeSinceTheBaselineBesideThePrevious() {
        XCTAssertNil(rules.meansShown(outsideOverall: 0))
        XCTAssertEqual(rules.meansShown(outsideOverall: 1), .complementary)
        XCTAssertEqual(rules.meansShown(outsideOverall: 4), .complementary)
        XCTAssertNil(rules.meansShown(outsideOverall: 5))
        XCTAssertNil(rules.sinceBaselineBesidePrevious(involved: 0))
        XCTAssertEqual(rules.sinceBaselineBesidePrevious(involved: 1), .withheld(5))
        XCTAssertNil(rules.sinceBaselineBesidePrevious(involved: 5))
    }

    /// Rule 4, and the charter's groups hidden when the changes since the baseline are withheld.
    func testCharterRowsShowWhatRule4Allows() {
        let row = CharterRow(
            domain: nil, newSignatories: 5, nonSignatories: 6, earlierSignatories: 0, changeNew: 9.24,
            changeNon: 0.5667, diff: 8.6733, test: TTest(t: 7, df: 8.5, p: 0.0001, low: 5.86, high: 11.49),
            adjustedP: 0.0001, verdict: .rise)
        let shown = rules.charterFigure(row, title: "Overall readiness")
        XCTAssertEqual(shown.groupChanges.value, CharterGroupChanges(new: 9.24, non: 0.5667))
        XCTAssertEqual(shown.difference.value?.diff, 8.6733)
        let withheld = rules.charterFigure(row, title: "Overall readiness", cohortWithheld: true)
        XCTAssertEqual(
            withheld.groupChanges.suppression, .complementary,
            "with no earlier signatory the two groups' totals add up to the withheld cohort's")
        XCTAssertEqual(withheld.difference.value?.ciLow, 5.86)
        var earlier = row
        earlier.earlierSignatories = 2
        XCTAssertEqual(rules.charterRow(earlier), .differenceOnly)
        earlier.earlierSignatories = 5
        XCTAssertEqual(rules.charterRow(earlier), .shown, "k earlier signatories rest on enough organisations")
        var four = row
        four.newSignatories = 4
        let hidden = rules.charterFigure(four, title: "Overall readiness")
        XCTAssertEqual(hidden.difference.suppression, .fewerOrganisations(5))
        XCTAssertEqual(hidden.groupChanges.suppression, .fewerOrganisations(5))
        XCTAssertEqual(hidden.newSignatories, 4, "the counts are always shown")
    }
}
