import Foundation
import XCTest

@testable import ReadinessCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

final class SVGChartsTests: XCTestCase {
    /// Every piece of text a caller passes, made as hostile as a survey export can make it.
    private static let hostile = "<script>alert('x')</script> & \"Q\" ]]> \u{0}\u{1}\u{7}\u{1B}tab\there\u{FFFE}"

    private static let likertLabels = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]

    /// One of each chart, with hostile text everywhere text goes.
    private static func charts(text: String = hostile) -> [(String, String)] {
        [
            (
                "bullet",
                SVGChart.bullet(
                    title: text, description: text,
                    rows: [
                        BulletRow(
                            label: text, value: 25, groupMedian: 40, groupLower: 30, groupUpper: 55, change: text,
                            note: text),
                        BulletRow(
                            label: "Culture", value: 50, groupMedian: 45, groupLower: 35, groupUpper: 60,
                            change: "+10.5 ▲"),
                        BulletRow(label: "Systems", value: nil, note: "suppressed: fewer than 5 respondents"),
                    ])
            ),
            (
                "ranges",
                SVGChart.ranges(
                    title: text, description: text,
                    rows: [
                        RangeRow(label: text, median: 40, lower: 30, upper: 55, previousMedian: 35, note: text),
                        RangeRow(label: "Culture", median: 80, lower: 70, upper: 90),
                        RangeRow(label: "Systems", median: nil, note: text),
                    ])
            ),
            (
                "stacked",
                SVGChart.stacked(
                    title: text, description: text, categories: [text, "B", "C", "D"],
                    rows: [
                        StackedRow(label: text, counts: [1, 2, 3, 4]),
                        StackedRow(label: "Police", counts: [0, 6, 0, 2]),
                    ])
            ),
            (
                "diverging",
                SVGChart.diverging(
                    title: text, description: text, labels: [text] + likertLabels.dropFirst(),
                    rows: [
                        DivergingRow(label: text, counts: [5, 10, 20, 40, 25]),
                        DivergingRow(label: "Second", counts: [30, 20, 10, 30, 10]),
                    ])
            ),
            (
                "journey",
                SVGChart.journey(
                    title: text, description: text, waves: [text, "m6", text],
                    panels: [
                        JourneyPanel(
                            title: text, values: [40, nil, .nan], bands: [JourneyBand(lower: 30, upper: 50), nil, nil],
                            references: [45, 50, nil]),
                        JourneyPanel(title: "Overall", values: [40, 45, 50]),
                    ], levels: [(text, 0), ("Developing", 40)],
                    legend: JourneyLegend(value: text, band: text, reference: text))
            ),
        ]
    }

    private static func emptyCharts() -> [(String, String)] {
        [
            ("bullet", SVGChart.bullet(title: "T", description: "D", rows: [])),
            ("ranges", SVGChart.ranges(title: "T", description: "D", rows: [])),
            ("stacked, no rows", SVGChart.stacked(title: "T", description: "D", categories: ["A"], rows: [])),
            (
                "stacked, no categories",
                SVGChart.stacked(
                    title: "T", description: "D", categories: [],
                    rows: [StackedRow(label: "x", counts: [1])])
            ),
            ("diverging", SVGChart.diverging(title: "T", description: "D", labels: likertLabels, rows: [])),
            (
                "journey, no panels",
                SVGChart.journey(
                    title: "T", description: "D", waves: ["a"], panels: [], levels: [],
                    legend: JourneyLegend(value: "v"))
            ),
            (
                "journey, no waves",
                SVGChart.journey(
                    title: "T", description: "D", waves: [],
                    panels: [JourneyPanel(title: "p", values: [])], levels: [],
                    legend: JourneyLegend(value: "v"))
            ),
        ]
    }

    // MARK: Documents

    func testTheParserRejectsMalformedXML() {
        for bad in ["<svg><a></svg>", "<svg>\u{1}</svg>", "<svg>&</svg>", "<svg a=\"<\"/>", "<svg/><x/>", "<svg><a>"] {
            XCTAssertNil(ParsedSVG(bad), bad)
        }
        XCTAssertNotNil(ParsedSVG("<svg><a/>&amp;</svg>"))
    }

    func testEveryChartIsWellFormedStandaloneSVG() throws {
        for (name, svg) in Self.charts() + Self.emptyCharts() {
            let document = try XCTUnwrap(ParsedSVG(svg), "\(name) is not well-formed XML")
            let root = document.elements[0]
            XCTAssertEqual(root.name, "svg", name)
            XCTAssertEqual(root.attributes["xmlns"], "http://www.w3.org/2000/svg", name)
            XCTAssertEqual(root.attributes["version"], "1.1", name)
            XCTAssertEqual(root.attributes["role"], "img", name)
            let width = try XCTUnwrap(root.attributes["width"].flatMap(Double.init), name)
            let height = try XCTUnwrap(root.attributes["height"].flatMap(Double.init), name)
            XCTAssertEqual(
                root.attributes["viewBox"], "0 0 \(root.attributes["width"]!) \(root.attributes["height"]!)", name)
            XCTAssertGreaterThan(width, 0, name)
            XCTAssertGreaterThan(height, 0, name)
            XCTAssertTrue(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "), name)
        }
    }

    func testTitleAndDescAreTheFirstChildrenAndLabelTheChart() throws {
        for (name, svg) in Self.charts() + Self.emptyCharts() {
            let document = try XCTUnwrap(ParsedSVG(svg), name)
            let children = document.elements.filter { $0.depth == 1 }
            XCTAssertEqual(children.prefix(3).map(\.name), ["title", "desc", "rect"], name)
            XCTAssertEqual(children[2].attributes["fill"], "#FFFFFF", "\(name): white background")
            let ids = [children[0].attributes["id"], children[1].attributes["id"]].compactMap { $0 }
            XCTAssertEqual(document.elements[0].attributes["aria-labelledby"], ids.joined(separator: " "), name)
            XCTAssertFalse(children[0].text.isEmpty, name)
        }
    }

    func testHostileTextIsEscapedAndControlsReplaced() throws {
        for (name, svg) in Self.charts() {
            XCTAssertFalse(svg.lowercased().contains("<script"), name)
            XCTAssertFalse(svg.contains("]]>"), name)
            XCTAssertTrue(svg.contains("&lt;script&gt;"), name)
            let controls = svg.unicodeScalars.filter {
                ($0.properties.generalCategory == .control && $0 != "\n") || $0.value == 0xFFFE
            }
            XCTAssertEqual(controls.count, 0, name)
            let document = try XCTUnwrap(ParsedSVG(svg), name)
            let title = document.elements.first { $0.name == "title" }?.text
            XCTAssertEqual(
                title, "<script>alert('x')</script> & \"Q\" ]]> \u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}tab here\u{FFFD}", name)
        }
    }

    func testNothingIsFetchedFromOutside() {
        for (name, svg) in Self.charts() + Self.emptyCharts() {
            let rest = svg.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            for forbidden in ["http", "href", "<image", "<script", "@import", "url(", "<style", "<foreignObject"] {
                XCTAssertFalse(rest.contains(forbidden), "\(name) contains \(forbidden)")
            }
            XCTAssertTrue(svg.contains("sans-serif"), name)
        }
    }

    func testRenderingIsDeterministic() {
        XCTAssertEqual(Self.charts().map(\.1), Self.charts().map(\.1))
        XCTAssertEqual(Self.emptyCharts().map(\.1), Self.emptyCharts().map(\.1))
    }

    func testEmptyInputSaysNoDataToShow() throws {
        for (name, svg) in Self.emptyCharts() {
            let document = try XCTUnwrap(ParsedSVG(svg), name)
            XCTAssertTrue(document.texts.contains("No data to show"), name)
        }
    }

    func testNumbersHaveAtMostTwoDecimalsAndNoNegativeZero() throws {
        let svg = SVGChart.bullet(
            title: "T", description: "",
            rows: [
                BulletRow(label: "a", value: 33.333333, groupMedian: -0.0001, groupLower: .nan, groupUpper: 12),
                BulletRow(label: "b", value: .infinity),
            ])
        let document = try XCTUnwrap(ParsedSVG(svg))
        for element in document.elements {
            for key in ["x", "y", "width", "height", "x1", "x2", "y1", "y2", "cx", "cy", "r"] {
                guard let value = element.attributes[key] else { continue }
                XCTAssertNotNil(
                    value.range(of: #"^-?[0-9]+(\.[0-9]{1,2})?$"#, options: .regularExpression),
                    "\(element.name) \(key)=\(value)")
                XCTAssertFalse(value.hasPrefix("-0") && Double(value) == 0, "\(element.name) \(key)=\(value)")
            }
        }
        XCTAssertFalse(svg.lowercased().contains("nan"))
        XCTAssertFalse(svg.lowercased().contains("inf"))
    }

    func testLongLabelsAreTruncatedWithAnEllipsis() throws {
        let long = String(repeating: "Information sharing agreement ", count: 12)
        let svg = SVGChart.diverging(
            title: "T", description: "", labels: Self.likertLabels,
            rows: [DivergingRow(label: long, counts: [1, 1, 1, 1, 1])])
        let document = try XCTUnwrap(ParsedSVG(svg))
        let label = document.elements.filter { $0.attributes["class"] == "row-label" }.map(\.text)
        XCTAssertEqual(label.count, 2)
        XCTAssertTrue(label.last?.hasSuffix("…") ?? false)
        XCTAssertLessThan(label.joined().count, 100)
    }

    func testHugeLabelsStillRenderQuickly() throws {
        let huge = String(repeating: "x", count: 200_000) + " " + String(repeating: "word ", count: 20_000)
        let start = Date()
        let svg = SVGChart.bullet(
            title: huge, description: huge,
            rows: [
                BulletRow(
                    label: huge, value: 50, change: huge,
                    note: huge)
            ])
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertNotNil(ParsedSVG(svg))
    }

    func testRowsMakeTheChartTaller() throws {
        func height(_ rows: Int) throws -> Double {
            let svg = SVGChart.stacked(
                title: "T", description: "", categories: ["A", "B"],
                rows: (0..<rows).map { StackedRow(label: "S\($0)", counts: [1, 2]) })
            return try XCTUnwrap(ParsedSVG(svg)?.elements[0].attributes["height"].flatMap(Double.init))
        }
        XCTAssertLessThan(try height(2), try height(10))
    }

    // MARK: Geometry

    func testBulletBarsAreProportionalAndTheAxisHasGridlinesEveryTwenty() throws {
        let svg = SVGChart.bullet(
            title: "T", description: "",
            rows: [
                BulletRow(label: "a", value: 25, groupMedian: 50, groupLower: 20, groupUpper: 60),
                BulletRow(label: "b", value: 50),
                BulletRow(label: "c", value: 100, change: "+1.0"),
                BulletRow(label: "d", value: nil, note: "suppressed: fewer than 5 respondents"),
            ])
        let document = try XCTUnwrap(ParsedSVG(svg))
        let bars = document.elements.filter { $0.attributes["class"] == "bar" }
        XCTAssertEqual(bars.count, 3, "no bar for the suppressed row")
        let widths = bars.map { $0.number("width") }
        XCTAssertEqual(widths[1] / widths[0], 2, accuracy: 0.01)
        XCTAssertEqual(widths[2] / widths[0], 4, accuracy: 0.01)

        let gridlines = document.elements.filter { $0.attributes["class"] == "gridline" }.map { $0.number("x1") }
        XCTAssertEqual(gridlines.count, 6)
        XCTAssertEqual(gridlines[0], bars[0].number("x"), accuracy: 0.01)
        XCTAssertEqual(gridlines[5] - gridlines[0], widths[2], accuracy: 0.02)
        for (index, x) in gridlines.enumerated() {
            XCTAssertEqual(x, gridlines[0] + Double(index) * widths[2] / 5, accuracy: 0.02)
        }
        for value in ["0", "20", "40", "60", "80", "100"] { XCTAssertTrue(document.texts.contains(value), value) }

        let band = try XCTUnwrap(document.elements.first { $0.attributes["class"] == "band" })
        XCTAssertEqual(band.number("x") - gridlines[0], widths[2] * 0.2, accuracy: 0.02)
        XCTAssertEqual(band.number("width"), widths[2] * 0.4, accuracy: 0.02)
        let median = try XCTUnwrap(document.elements.first { $0.attributes["class"] == "median" })
        XCTAssertEqual(median.number("x") + median.number("width") / 2, gridlines[0] + widths[2] / 2, accuracy: 0.02)

        XCTAssertTrue(document.texts.contains("suppressed: fewer than 5 respondents"))
        XCTAssertEqual(document.texts.filter { ["25.0", "50.0", "100.0"].contains($0) }.count, 3)
        XCTAssertTrue(document.texts.contains("+1.0"))
    }

    func testBulletValueLabelStaysClearOfTheMedianTick() {
        let cases: [(barEnd: Double, tick: Double?)] = [
            (300, 200), (300, 298), (300, 302), (120, 118), (500, nil), (105, 140),
        ]
        for (barEnd, tick) in cases {
            let place = SVGChart.Bullet.labelPlacement(
                barStart: 100, barEnd: barEnd, tick: tick, textWidth: 28, limit: 700)
            let from = place.inside ? place.x - 28 : place.x
            let to = place.inside ? place.x : place.x + 28
            if let tick { XCTAssertTrue(to < tick - 1.5 || from > tick + 1.5, "bar \(barEnd) tick \(tick)") }
            if place.inside { XCTAssertGreaterThanOrEqual(from, 100, "bar \(barEnd)") }
        }
    }

    func testRangesPlaceMediansAndBandsOnTheScale() throws {
        let svg = SVGChart.ranges(
            title: "T", description: "",
            rows: [
                RangeRow(label: "a", median: 20, lower: 10, upper: 40, previousMedian: 30),
                RangeRow(label: "b", median: 80, lower: 70, upper: 90),
                RangeRow(label: "c", median: nil, note: "suppressed"),
            ])
        let document = try XCTUnwrap(ParsedSVG(svg))
        let gridlines = document.elements.filter { $0.attributes["class"] == "gridline" }.map { $0.number("x1") }
        XCTAssertEqual(gridlines.count, 6)
        let zero = gridlines[0], span = gridlines[5] - gridlines[0]
        let medians = document.elements.filter { $0.attributes["class"] == "median" }.map { $0.number("cx") }
        XCTAssertEqual(medians.count, 2)
        XCTAssertEqual(medians[0], zero + span * 0.2, accuracy: 0.02)
        XCTAssertEqual(medians[1], zero + span * 0.8, accuracy: 0.02)
        let previous = try XCTUnwrap(document.elements.first { $0.attributes["class"] == "previous" })
        XCTAssertEqual(previous.number("cx"), zero + span * 0.3, accuracy: 0.02)
        XCTAssertEqual(previous.attributes["fill"], "#FFFFFF", "the previous median is hollow")
        let band = try XCTUnwrap(document.elements.first { $0.attributes["class"] == "band" })
        XCTAssertEqual(band.number("x"), zero + span * 0.1, accuracy: 0.02)
        XCTAssertEqual(band.number("width"), span * 0.3, accuracy: 0.02)
        for text in ["20.0", "80.0", "IQR 10.0–40.0", "Previous 30.0", "suppressed"] {
            XCTAssertTrue(document.texts.contains(text), text)
        }
    }

    /// Points at the waves that have a value, equally spaced; lines only between consecutive
    /// waves that both have one; the band and the dashed reference likewise; gridlines at 0,
    /// the level boundaries and 100 (SPEC §9.8).
    func testJourneyJoinsOnlyConsecutiveWavesAndGridsTheLevels() throws {
        let svg = SVGChart.journey(
            title: "T", description: "", waves: ["base", "m6", "m12", "m18"],
            panels: [
                JourneyPanel(
                    title: "Culture", values: [45, nil, 63.6, 70],
                    bands: [JourneyBand(lower: 40, upper: 50), nil, nil, nil],
                    references: [50, 55, nil, 60])
            ], levels: [("Emerging", 0), ("Developing", 40), ("Established", 60), ("Leading", 80)],
            legend: JourneyLegend(value: "Your published score", band: "Middle 50%", reference: "National median"))
        let document = try XCTUnwrap(ParsedSVG(svg))
        let points = document.elements.filter { $0.attributes["class"] == "point" }
        XCTAssertEqual(points.count, 3, "no point where the score was not published")
        let slot = points[1].number("cx") - points[0].number("cx")
        XCTAssertEqual(
            points[2].number("cx") - points[1].number("cx"), slot / 2, accuracy: 0.02, "waves equally spaced")
        let series = document.elements.filter { $0.attributes["class"] == "series" }
        XCTAssertEqual(series.count, 1, "one line: m12 to m18; none from base across m6")
        XCTAssertEqual(series.first?.attributes["points"]?.split(separator: " ").count, 2)
        let references = document.elements.filter { $0.attributes["class"] == "reference" }
        XCTAssertEqual(references.map(\.name), ["polyline", "line"], "base–m6 dashed, m18 alone a short dash")
        XCTAssertTrue(references.allSatisfy { $0.attributes["stroke-dasharray"] != nil })
        XCTAssertEqual(
            document.elements.filter { $0.attributes["class"] == "band" }.map(\.name), ["rect"], "one band, one wave")
        let gridlines = document.elements.filter { $0.attributes["class"] == "gridline" }.map { $0.number("y1") }
        XCTAssertEqual(gridlines.count, 5, "0, 40, 60, 80 and 100")
        let (bottom, top) = (gridlines[0], gridlines[4])
        XCTAssertEqual(gridlines[1], bottom + (top - bottom) * 0.4, accuracy: 0.02)
        XCTAssertEqual(points[0].number("cy"), bottom + (top - bottom) * 0.45, accuracy: 0.02)
        for text in ["base", "m6", "m12", "m18", "45.0", "63.6", "Culture", "National median"] {
            XCTAssertTrue(document.texts.contains(text), text)
        }
        XCTAssertTrue(document.texts.contains { $0.hasPrefix("Gridlines at the level boundaries: Developing from 40") })

        let crowded = SVGChart.journey(
            title: "T", description: "", waves: (1...30).map { "wave-\($0)" },
            panels: [JourneyPanel(title: "p", values: Array(repeating: 50, count: 30))],
            levels: [], legend: JourneyLegend(value: "v"))
        let parsed = try XCTUnwrap(ParsedSVG(crowded))
        let labels = parsed.elements.filter { $0.attributes["class"] == "wave" }
        XCTAssertLessThan(labels.count, 30, "crowded waves: every few are labelled")
        XCTAssertEqual(labels.first?.text, "wave-1")
        let last = try XCTUnwrap(parsed.elements.last { $0.attributes["class"] == "point" })
        XCTAssertEqual(labels.last?.number("x") ?? 0, last.number("cx"), accuracy: 0.02, "and the last")
        XCTAssertFalse(svg.contains("National median") && !svg.contains("stroke-dasharray"))
        let without = SVGChart.journey(
            title: "T", description: "", waves: ["a", "b"],
            panels: [JourneyPanel(title: "p", values: [1, 2], references: [nil, nil])], levels: [],
            legend: JourneyLegend(value: "v", reference: "National median"))
        XCTAssertFalse(without.contains("National median"), "the legend names only marks drawn")
    }

    func testStackedSegmentsAreProportionalToCounts() throws {
        let svg = SVGChart.stacked(
            title: "T", description: "", categories: ["Low", "Mid", "High"],
            rows: [
                StackedRow(label: "a", counts: [1, 2, 5]),
                StackedRow(label: "b", counts: [0, 3]),
                StackedRow(label: "c", counts: [0, 0, 0]),
            ])
        let document = try XCTUnwrap(ParsedSVG(svg))
        let segments = document.elements.filter { $0.attributes["class"]?.hasPrefix("segment") ?? false }
        XCTAssertEqual(segments.count, 4, "zero counts draw nothing")
        let full = segments[0].number("width") + segments[1].number("width") + segments[2].number("width")
        XCTAssertEqual(segments[0].number("width") / full, 1.0 / 8, accuracy: 0.001)
        XCTAssertEqual(segments[2].number("width") / full, 5.0 / 8, accuracy: 0.001)
        XCTAssertEqual(segments[1].number("x"), segments[0].number("x") + segments[0].number("width"), accuracy: 0.02)
        XCTAssertEqual(segments[3].number("width"), full, accuracy: 0.02, "a 100% bar")
        XCTAssertEqual(segments[3].attributes["class"], "segment level-2")
        let fills = Set(segments.prefix(3).compactMap { $0.attributes["fill"] })
        XCTAssertEqual(fills.count, 3, "one colour per level")
        XCTAssertTrue(document.texts.contains("n = 8"))
        XCTAssertTrue(document.texts.contains("no organisations"))
        let legend = document.elements.filter { $0.depth == 2 && $0.name == "text" }.map(\.text)
        XCTAssertEqual(Array(legend.prefix(3)), ["Low", "Mid", "High"], "legend in level order")
    }

    func testDivergingNeutralStraddlesTheCentreLine() throws {
        let svg = SVGChart.diverging(
            title: "T", description: "", labels: Self.likertLabels,
            rows: [
                DivergingRow(label: "a", counts: [5, 10, 20, 40, 25]),
                DivergingRow(label: "b", counts: [30, 20, 10, 30, 10]),
                DivergingRow(label: "c", counts: [1, 0, 0, 0, 3]),
            ])
        let document = try XCTUnwrap(ParsedSVG(svg))
        let centre = try XCTUnwrap(document.elements.first { $0.attributes["class"] == "centre-line" }).number("x1")
        let rows = document.elements.filter { $0.attributes["class"] == "row" }
        XCTAssertEqual(rows.count, 3)
        let segments = document.elements.filter { $0.attributes["class"]?.hasPrefix("segment") ?? false }
        let neutral = segments.filter { $0.attributes["class"]?.contains("neutral") ?? false }
        XCTAssertEqual(neutral.count, 2, "row c has no neutral answers")
        for segment in neutral {
            XCTAssertEqual(segment.number("x") + segment.number("width") / 2, centre, accuracy: 0.011)
        }
        // Row a: 1 and 2 end where neutral starts; 4 and 5 start where it ends; widths follow counts.
        let a = Array(segments.prefix(5))
        XCTAssertEqual(
            a.map { $0.attributes["class"] ?? "" },
            [
                "segment likert-1", "segment likert-2", "segment likert-3 neutral", "segment likert-4",
                "segment likert-5",
            ])
        XCTAssertEqual(a[1].number("x") + a[1].number("width"), a[2].number("x"), accuracy: 0.02)
        XCTAssertEqual(a[0].number("x") + a[0].number("width"), a[1].number("x"), accuracy: 0.02)
        XCTAssertEqual(a[2].number("x") + a[2].number("width"), a[3].number("x"), accuracy: 0.02)
        XCTAssertEqual(a[3].number("x") + a[3].number("width"), a[4].number("x"), accuracy: 0.02)
        XCTAssertEqual(a[3].number("width") / a[0].number("width"), 8, accuracy: 0.01)
        XCTAssertEqual(a[2].number("width") / a[0].number("width"), 4, accuracy: 0.01)
        XCTAssertLessThan(a[0].number("x"), centre)
        XCTAssertGreaterThan(a[4].number("x"), centre)
        // Row c: nothing neutral, so 1 ends and 5 starts on the centre line.
        let c = Array(segments.suffix(2))
        XCTAssertEqual(c[0].number("x") + c[0].number("width"), centre, accuracy: 0.011)
        XCTAssertEqual(c[1].number("x"), centre, accuracy: 0.011)

        let favourable = document.elements.filter { $0.attributes["class"] == "favourable" }.map(\.text)
        XCTAssertEqual(favourable, ["65%", "40%", "75%"], "rows keep the order given")
        let unfavourable = document.elements.filter { $0.attributes["class"] == "unfavourable" }.map(\.text)
        XCTAssertEqual(unfavourable, ["15%", "50%", "25%"])
        for label in Self.likertLabels { XCTAssertTrue(document.texts.contains(label), label) }
    }

    /// SPEC §8.1: each scale on its own labels; an odd scale's middle point straddles zero,
    /// an even scale has none; the points below the middle go left, those above right.
    func testDivergingOnScalesOfOtherLengths() throws {
        let seven = SVGChart.diverging(
            title: "T", description: "", labels: (1...7).map { "s\($0)" }, points: 7,
            rows: [
                DivergingRow(label: "a", counts: [1, 1, 1, 4, 1, 1, 1])
            ])
        let document = try XCTUnwrap(ParsedSVG(seven))
        let centre = try XCTUnwrap(document.elements.first { $0.attributes["class"] == "centre-line" }).number("x1")
        let segments = document.elements.filter { $0.attributes["class"]?.hasPrefix("segment") ?? false }
        XCTAssertEqual(
            segments.map { $0.attributes["class"] ?? "" },
            (1...7).map { $0 == 4 ? "segment likert-4 neutral" : "segment likert-\($0)" })
        XCTAssertEqual(segments[3].number("x") + segments[3].number("width") / 2, centre, accuracy: 0.011)
        for index in 0..<6 {
            XCTAssertEqual(
                segments[index].number("x") + segments[index].number("width"), segments[index + 1].number("x"),
                accuracy: 0.02)
        }
        XCTAssertEqual(document.elements.filter { $0.attributes["class"] == "unfavourable" }.map(\.text), ["30%"])
        XCTAssertEqual(document.elements.filter { $0.attributes["class"] == "favourable" }.map(\.text), ["30%"])
        for label in (1...7).map({ "s\($0)" }) { XCTAssertTrue(document.texts.contains(label), label) }
        XCTAssertEqual(Set(segments.compactMap { $0.attributes["fill"] }).count, 7, "one colour per point")

        let four = SVGChart.diverging(
            title: "T", description: "", labels: ["a", "b", "c", "d"], points: 4,
            rows: [
                DivergingRow(label: "x", counts: [1, 1, 1, 1])
            ])
        let even = try XCTUnwrap(ParsedSVG(four))
        let evenCentre = try XCTUnwrap(even.elements.first { $0.attributes["class"] == "centre-line" }).number("x1")
        let bars = even.elements.filter { $0.attributes["class"]?.hasPrefix("segment") ?? false }
        XCTAssertFalse(bars.contains { $0.attributes["class"]?.contains("neutral") ?? false })
        XCTAssertEqual(bars[1].number("x") + bars[1].number("width"), evenCentre, accuracy: 0.011)
        XCTAssertEqual(bars[2].number("x"), evenCentre, accuracy: 0.011)
        XCTAssertEqual(SVGPalette.diverging(points: 5), SVGPalette.likert, "five points keep today's colours")
        XCTAssertEqual(SVGPalette.diverging(points: 13).count, 13)
        XCTAssertEqual(SVGPalette.diverging(points: 13)[6], "#D9D9D9")
    }

    func testDivergingToleratesWrongCountsAndLabels() throws {
        let svg = SVGChart.diverging(
            title: "T", description: "", labels: ["Only one"],
            rows: [
                DivergingRow(label: "short", counts: [1, 2]),
                DivergingRow(label: "long", counts: [1, 1, 1, 1, 1, 99]),
                DivergingRow(label: "negative", counts: [-5, 0, 0, 0, 0]),
            ])
        let document = try XCTUnwrap(ParsedSVG(svg))
        XCTAssertTrue(document.texts.contains("Value 5"))
        XCTAssertTrue(document.texts.contains("no responses"))
        XCTAssertEqual(document.elements.filter { $0.attributes["class"] == "favourable" }.map(\.text), ["0%", "40%"])
    }

    // MARK: Numbers and text

    func testNumbersPrintWithoutLocaleOrNegativeZero() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (-0.004, "0"), (2.5, "2.5"), (-3.14159, "-3.14"), (100, "100"),
            (1234.5, "1234.5"), (0.125, "0.13"), (.nan, "0"), (-.infinity, "0"), (1e300, "90000000000000"),
        ]
        for (value, expected) in cases { XCTAssertEqual(SVGNumber.coordinate(value), expected, "\(value)") }
        let labels: [(Double, String)] = [(72.46, "72.5"), (70, "70.0"), (-2.74, "\u{2212}2.7"), (-0.04, "0.0")]
        for (value, expected) in labels { XCTAssertEqual(SVGNumber.label(value), expected, "\(value)") }
        XCTAssertEqual(SVGNumber.percent(64.5), "65%")
    }

    func testTextIsSanitisedEscapedAndFitted() {
        XCTAssertEqual(
            SVGText.sanitised("  a\u{0}b\tc\r\n  d\u{7F}\u{85}e\u{202E}f "), "a\u{FFFD}b c d\u{FFFD}\u{FFFD}ef")
        XCTAssertEqual(
            SVGText.escaped("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;")
        let cut = SVGText.truncated("Information governance and sharing", maxWidth: 80, size: 12)
        XCTAssertTrue(cut.hasSuffix("…"))
        XCTAssertLessThanOrEqual(SVGText.width(cut, size: 12), 80)
        XCTAssertEqual(SVGText.truncated("Culture", maxWidth: 80, size: 12), "Culture")
        let lines = SVGText.wrapped(
            "one two three four five six seven eight nine ten", maxWidth: 60, size: 12,
            maxLines: 2)
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines[0], "one two")
        XCTAssertTrue(lines[1].hasSuffix("…"))
        XCTAssertEqual(SVGText.wrapped("short", maxWidth: 60, size: 12, maxLines: 2), ["short"])
        XCTAssertEqual(SVGText.wrapped("", maxWidth: 60, size: 12, maxLines: 2), [])
        XCTAssertEqual(SVGText.stableID("bullet"), SVGText.stableID("bullet"))
        XCTAssertEqual(SVGText.stableID("").count, 8)
    }

    func testSequentialPaletteIsOrderedFromLightToDark() {
        for count in 1...10 {
            let colours = SVGPalette.sequential(count)
            XCTAssertEqual(colours.count, count)
            let luminance = colours.map(SVGPalette.luminance)
            XCTAssertEqual(luminance, luminance.sorted(by: >), "\(count) levels")
        }
    }
}

/// The elements of a parsed SVG in document order, with their depth and own text; nil
/// unless the text is well-formed XML with one root.
///
/// swift-corelibs-foundation's `XMLParser.parse()` returns true for some fatal errors (an
/// unclosed or mismatched tag, content after the root), so the delegate's errors, the
/// parser's `parserError` and the balance of tags are all checked as well.
private final class ParsedSVG: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var depth: Int
        var text = ""

        func number(_ key: String) -> Double { attributes[key].flatMap(Double.init) ?? .nan }
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private var errors: [Error] = []

    /// Text contents of all `<text>` elements.
    var texts: [String] { elements.filter { $0.name == "text" }.map(\.text) }

    init?(_ svg: String) {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        let parsed = parser.parse()
        guard parsed, parser.parserError == nil, errors.isEmpty, open.isEmpty,
            elements.filter({ $0.depth == 0 }).count == 1
        else { return nil }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        errors.append(parseError)
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        elements.append(Element(name: name, attributes: attributes, depth: open.count))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = open.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let current = open.last else { return }
        elements[current].text += string
    }
}
