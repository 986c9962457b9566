/// One panel of the journey chart: a domain (or overall readiness) across the waves.
public struct JourneyPanel: Sendable, Equatable {
    public var title: String
    /// Per wave: the value drawn as a point, joined to the next wave's when both exist; nil
    /// is a gap.
    public var values: [Double?]
    /// Per wave: a shaded band (an interquartile range), joined like the values; nil is a gap.
    public var bands: [JourneyBand?]
    /// Per wave: a reference drawn as a dashed line (a national median); nil is a gap.
    public var references: [Double?]

    public init(title: String, values: [Double?], bands: [JourneyBand?] = [], references: [Double?] = []) {
        self.title = title
        self.values = values
        self.bands = bands
        self.references = references
    }
}

/// A band's lower and upper edge at one wave.
public struct JourneyBand: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// What the marks of a journey chart stand for, for its legend.
public struct JourneyLegend: Sendable, Equatable {
    public var value: String
    public var band: String?
    public var reference: String?

    public init(value: String, band: String? = nil, reference: String? = nil) {
        self.value = value
        self.band = band
        self.reference = reference
    }
}

extension SVGChart {
    /// Small multiples of a journey (SPEC §9.8): one panel per domain, then overall; x the
    /// waves in order, equally spaced and labelled by id; y 0–100 with gridlines at the level
    /// boundaries (`levels`: each level's name and lower bound).
    ///
    /// Points are joined only between consecutive waves that both have one; bands and
    /// dashed references likewise, so a wave without a figure is a gap.
    public static func journey(
        title: String, description: String, waves: [String], panels: [JourneyPanel],
        levels: [(name: String, from: Double)], legend: JourneyLegend
    ) -> String {
        Journey(title: title, description: description, waves: waves, panels: panels, levels: levels, legend: legend)
            .svg()
    }

    struct Journey {
        let title: String
        let description: String
        let waves: [String]
        let panels: [JourneyPanel]
        let levels: [(name: String, from: Double)]
        let legend: JourneyLegend

        static let columns = 3
        static let gap = 22.0
        static let panelHeight = 190.0
        static let plotHeight = 120.0
        static let axisColumn = 26.0
        static let pointRadius = 3.5

        func svg() -> String {
            guard !panels.isEmpty, !waves.isEmpty else {
                return SVGFrame.noData(kind: "journey", title: title, description: description)
            }
            let width = SVGFrame.width, margin = SVGFrame.margin
            var document = SVGDocument(width: width, height: 0)
            var top = SVGFrame.drawTitle(title, into: &document)
            var items: [(SVGFrame.LegendMark, String)] = [(.dot(SVGPalette.score), legend.value)]
            // A mark is in the legend only when the chart draws it somewhere.
            if let band = legend.band, panels.contains(where: { $0.bands.contains { $0 != nil } }) {
                items.append((.band(SVGPalette.rangeBand), band))
            }
            if let reference = legend.reference, panels.contains(where: { $0.references.contains { $0 != nil } }) {
                items.append((.dashedLine(SVGPalette.ink), reference))
            }
            top = SVGFrame.drawLegend(items, top: top, into: &document)
            let boundaries = levels.filter { $0.from > 0 && $0.from < 100 }
            if !boundaries.isEmpty {
                let text =
                    "Gridlines at the level boundaries: "
                    + boundaries.map {
                        "\($0.name) from \(SVGNumber.label($0.from, decimals: $0.from == $0.from.rounded() ? 0 : 1))"
                    }
                    .joined(separator: ", ")
                document.text(
                    SVGText.truncated(SVGText.sanitised(text), maxWidth: width - 2 * margin, size: SVGFrame.axisSize),
                    x: margin, y: top + 12, size: SVGFrame.axisSize, fill: SVGPalette.mutedInk,
                    extra: [("class", "levels")])
                top += 20
            }
            let columns = min(Self.columns, panels.count)
            let panelWidth = (width - 2 * margin - Double(columns - 1) * Self.gap) / Double(columns)
            for (index, panel) in panels.enumerated() {
                let left = margin + Double(index % columns) * (panelWidth + Self.gap)
                let panelTop = top + 8 + Double(index / columns) * Self.panelHeight
                draw(panel, left: left, top: panelTop, width: panelWidth, into: &document)
            }
            let rows = (panels.count + columns - 1) / columns
            document.height = top + 8 + Double(rows) * Self.panelHeight + 6
            return document.rendered(kind: "journey", title: title, description: description)
        }

        /// One panel: its title, the axes, then the band, the reference and the points.
        func draw(_ panel: JourneyPanel, left: Double, top: Double, width: Double, into document: inout SVGDocument) {
            let plotLeft = left + Self.axisColumn
            let plotRight = left + width - 4
            let plotTop = top + 26
            let plotBottom = plotTop + Self.plotHeight
            let slot = (plotRight - plotLeft) / Double(waves.count)
            func x(_ wave: Int) -> Double { plotLeft + slot * (Double(wave) + 0.5) }
            func y(_ value: Double) -> Double { plotBottom - Self.plotHeight * SVGFrame.clamp(value, 0, 100) / 100 }

            document.open([("class", "panel")])
            document.text(
                SVGText.truncated(
                    SVGText.sanitised(panel.title), maxWidth: width, size: SVGFrame.labelSize, bold: true),
                x: left, y: top + 14, size: SVGFrame.labelSize, bold: true, extra: [("class", "panel-title")])
            // The frame: 0 and 100, and a gridline at each level boundary.
            let marks = [0.0] + levels.map(\.from).filter { $0 > 0 && $0 < 100 } + [100.0]
            document.open([("class", "axis")])
            for value in marks {
                document.line(
                    x1: plotLeft, y1: y(value), x2: plotRight, y2: y(value),
                    stroke: value == 0 ? SVGPalette.axis : SVGPalette.grid, extra: [("class", "gridline")])
                document.text(
                    SVGNumber.label(value, decimals: value == value.rounded() ? 0 : 1), x: plotLeft - 4,
                    y: SVGFrame.baseline(centre: y(value), size: SVGFrame.axisSize), size: SVGFrame.axisSize,
                    fill: SVGPalette.mutedInk, anchor: .end)
            }
            // Wave ids under the plot; when they are crowded, every few and the last.
            let step = max(1, Int((30 / slot).rounded(.up)))
            var labelled = Array(stride(from: 0, to: waves.count, by: step))
            if let last = labelled.last, last != waves.count - 1 {
                if waves.count - 1 - last < step { labelled.removeLast() }
                labelled.append(waves.count - 1)
            }
            for wave in labelled {
                let room = slot * Double(step) - 4
                document.text(
                    SVGText.truncated(SVGText.sanitised(waves[wave]), maxWidth: room, size: SVGFrame.axisSize),
                    x: x(wave), y: plotBottom + 14, size: SVGFrame.axisSize, fill: SVGPalette.mutedInk,
                    anchor: .middle, extra: [("class", "wave")])
            }
            document.close()

            // The band: one polygon per run of consecutive waves, a bar where a run is one wave.
            for run in Self.runs(panel.bands.map { $0 != nil }) {
                let bands = run.map { panel.bands[$0]! }
                if run.count == 1 {
                    let band = bands[0]
                    document.rect(
                        x: x(run[0]) - 5, y: y(max(band.lower, band.upper)), width: 10,
                        height: abs(y(band.lower) - y(band.upper)), fill: SVGPalette.rangeBand,
                        extra: [("class", "band")])
                    continue
                }
                let upper = zip(run, bands).map {
                    "\(SVGNumber.coordinate(x($0))),\(SVGNumber.coordinate(y(max($1.lower, $1.upper))))"
                }
                let lower = zip(run, bands).reversed()
                    .map { "\(SVGNumber.coordinate(x($0))),\(SVGNumber.coordinate(y(min($1.lower, $1.upper))))" }
                document.element(
                    "polygon",
                    [
                        ("points", (upper + lower).joined(separator: " ")), ("fill", SVGPalette.rangeBand),
                        ("class", "band"),
                    ])
            }
            // The reference: dashed, one line per run, a short dash where a run is one wave.
            for run in Self.runs(panel.references.map { $0.flatMap(SVGFrame.finite) != nil }) {
                let dash: [(String, String)] = [("stroke-dasharray", "4 3"), ("class", "reference")]
                if run.count == 1 {
                    let value = y(panel.references[run[0]]!)
                    document.line(
                        x1: x(run[0]) - 7, y1: value, x2: x(run[0]) + 7, y2: value, stroke: SVGPalette.ink,
                        width: 1.5, extra: dash)
                    continue
                }
                let points = run.map {
                    "\(SVGNumber.coordinate(x($0))),\(SVGNumber.coordinate(y(panel.references[$0]!)))"
                }
                document.element(
                    "polyline",
                    [
                        ("points", points.joined(separator: " ")), ("fill", "none"),
                        ("stroke", SVGPalette.ink), ("stroke-width", "1.5"),
                    ] + dash)
            }
            // The values: lines between consecutive waves that both have one, then the points.
            let values = panel.values.map { $0.flatMap(SVGFrame.finite) }
            for run in Self.runs(values.map { $0 != nil }) where run.count > 1 {
                let points = run.map { "\(SVGNumber.coordinate(x($0))),\(SVGNumber.coordinate(y(values[$0]!)))" }
                document.element(
                    "polyline",
                    [
                        ("points", points.joined(separator: " ")), ("fill", "none"),
                        ("stroke", SVGPalette.score), ("stroke-width", "2"), ("class", "series"),
                    ])
            }
            for (wave, value) in values.enumerated() {
                guard let value else { continue }
                document.circle(
                    cx: x(wave), cy: y(value), r: Self.pointRadius, fill: SVGPalette.score, stroke: "#FFFFFF",
                    strokeWidth: 1, extra: [("class", "point")])
                if slot >= 34 {
                    // Above the point, unless the reference line or the top of the plot is in the way.
                    let reference =
                        wave < panel.references.count ? panel.references[wave].flatMap(SVGFrame.finite) : nil
                    let below = value > 92 || reference.map { $0 > value && $0 - value < 12 } == true
                    document.text(
                        SVGNumber.label(value), x: x(wave), y: below ? y(value) + 15 : y(value) - 7, size: 9.5,
                        fill: SVGPalette.ink, anchor: .middle, extra: [("class", "value")])
                }
            }
            document.close()
        }

        /// Runs of consecutive positions where `present` holds.
        static func runs(_ present: [Bool]) -> [[Int]] {
            var runs: [[Int]] = []
            var current: [Int] = []
            for (index, here) in present.enumerated() {
                if here {
                    current.append(index)
                } else if !current.isEmpty {
                    runs.append(current)
                    current = []
                }
            }
            if !current.isEmpty { runs.append(current) }
            return runs
        }
    }
}
