import Foundation
import XCTest

@testable import ReadinessCore

/// What the journey views hold (SPEC §9.8, §9.9) and the Journey sheets built from them.
final class JourneyViewTests: XCTestCase {
    typealias F = JourneyFixture

    /// §9.10 cases 3 and 4: X published at base and m12, 8 respondents at m6; a headcount of 40.
    func analyses() throws -> [WaveAnalysis] {
        let base: [Double] = [25, 37.5, 50, 50, 62.5, 37.5, 50, 25, 62.5, 50]
        let m6: [Double] = [50, 62.5, 50, 75, 37.5, 62.5, 50, 62.5]
        let m12: [Double] = [50, 62.5, 75, 62.5, 50, 75, 62.5, 87.5, 50, 62.5, 62.5]
        var files = [
            "instrument.yaml": F.instrumentYAML(),
            "organisations.csv": "organisation_id,name,sector,signatory,signed_on,headcount\nX,Ex,S,no,,40\n",
        ]
        for (id, opens, closes, scores) in [
            ("base", "2016-01-01", "2016-01-29", base), ("m6", "2016-07-01", "2016-07-29", m6),
            ("m12", "2017-01-01", "2017-01-27", m12),
        ] {
            files["\(id)/wave.yaml"] = F.waveYAML(id, opens: opens, closes: closes)
            files["\(id)/responses.csv"] = F.responses([("X", scores)], date: closes)
        }
        return try Pipeline.analyse(SurveyLoader.load(from: F.write(files, in: self)))
    }

    func partner(_ analysis: WaveAnalysis) -> PartnerView {
        Disclosure(analysis, signatory: [false]).partner(0)
    }

    func testAPartnersJourneyHoldsOnlyItsPublishedPoints() throws {
        let all = try analyses()
        XCTAssertNil(partner(all[0]).journey, "one wave is no journey")
        let journey = try XCTUnwrap(partner(all[2]).journey)
        XCTAssertEqual(journey.waves.map(\.id), ["base", "m6", "m12"])
        XCTAssertFalse(journey.firstSurvey)
        XCTAssertTrue(journey.showsSincePrevious && journey.showsSinceBaseline)
        let domain = journey.rows[0]
        XCTAssertEqual(domain.points.map { $0?.value?.mean }, [45, nil, 700.0 / 11])
        XCTAssertEqual(domain.points[1]?.suppression, .fewerRespondents(10), "the suppressed point holds no value")
        XCTAssertEqual(domain.nationalMedians, [nil, nil, nil], "one organisation is no national median")
        XCTAssertEqual(domain.sincePrevious?.against.id, "base")
        XCTAssertEqual(domain.sincePrevious?.againstPrevious, false)
        XCTAssertEqual(domain.sincePrevious?.verdict, .rise)
        XCTAssertEqual(domain.sinceBaseline?.diff ?? 0, 700.0 / 11 - 45, accuracy: 1e-12)
        let overall = journey.rows[1]
        XCTAssertTrue(overall.isOverall)
        XCTAssertEqual(overall.points[1]?.suppression, .notEveryDomainPublished)
        XCTAssertNil(overall.sincePrevious?.verdict, "overall is compared, not tested")
        // Its own response rates are always shown to it: 10, 8 and 11 of 40.
        XCTAssertEqual(journey.responseRates?.map(\.rate), [25, 20, 27.5])
        let m12 = try XCTUnwrap(partner(all[2]).responseRate)
        XCTAssertEqual(m12.own.rate, 27.5)
        XCTAssertEqual(
            m12.national, .hidden(.fewerOrganisations(5)), "one organisation taking part: no national median")
    }

    func testThePartnersJourneySheetLeavesGapsAndChartsThem() throws {
        let view = partner(try analyses()[2])
        let sheet = try XCTUnwrap(Workbooks.partnerJourney(view, banner: "B"))
        XCTAssertEqual(
            sheet.columns.map(\.header), ["Wave", "Closes", "Domain 0", "Overall readiness", "Response rate"])
        XCTAssertEqual(sheet.rows.map { $0[0] }, [.text("base"), .text("m6"), .text("m12")])
        XCTAssertEqual(sheet.rows[1][2], .blank, "m6 was not published: a blank cell, so a gap in the line")
        XCTAssertEqual(sheet.rows[1][3], .blank)
        XCTAssertEqual(sheet.rows[0][2], .number(45))
        XCTAssertEqual(sheet.rows[1][4], .number(0.2))
        let chart = try XCTUnwrap(sheet.charts.first)
        XCTAssertEqual(chart.kind, .line)
        XCTAssertEqual(chart.blanks, .gap)
        XCTAssertEqual(chart.series.map(\.valueColumn), [2, 3])
        XCTAssertEqual(chart.series.map(\.marker), [.circle, .circle])
        XCTAssertEqual(chart.series.map { $0.lastRow - $0.firstRow + 1 }, [3, 3], "categories: the three waves")
        XCTAssertNil(Workbooks.partnerJourney(partner(try analyses()[0]), banner: "B"))
    }

    func testTheNationalJourneyWaitsForEnoughOrganisations() throws {
        let view = Disclosure(try analyses()[2], signatory: [false]).national(inputs: [])
        XCTAssertFalse(view.figuresPublishable)
        XCTAssertNil(view.journey, "a counts-only national report has no journey")
        XCTAssertNil(view.signatories)
    }
}
