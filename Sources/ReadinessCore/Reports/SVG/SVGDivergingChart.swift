extension SVGChart {
    /// The likert chart of `SVGChart.diverging`, laid out as R's `likert` package lays it out.
    struct Diverging {
        let title: String
        let description: String
        let labels: [String]
        let rows: [DivergingRow]

        private let barHeight = 20.0

        /// The points of the scale drawn (at least two).
        let points: Int

        /// Where one row's segments go, in percent of the row's responses.
        struct Segments {
            /// Percent per point 1...k.
            var percents: [Double]
            /// Left and right edge per point, in percent from the centre line (negative is left).
            var edges: [(Double, Double)]

            /// The points below the middle, and above it.
            var unfavourable: Double { (0..<(percents.count / 2)).reduce(0) { $0 + percents[$1] } }
            var favourable: Double { ((percents.count + 1) / 2..<percents.count).reduce(0) { $0 + percents[$1] } }
        }

        /// On an odd scale the middle point centred on zero; the points below it to its left
        /// (nearest first), those above to its right.
        ///
        /// Nil when the row has no responses.
        static func segments(_ row: DivergingRow, points: Int = 5) -> Segments? {
            let counts = (0..<points).map { $0 < row.counts.count ? min(max(0, row.counts[$0]), 1 << 40) : 0 }
            let total = counts.reduce(0, +)
            guard total > 0 else { return nil }
            let percents = counts.map { 100 * Double($0) / Double(total) }
            let middle = points % 2 == 1 ? points / 2 : nil
            let halfNeutral = middle.map { percents[$0] / 2 } ?? 0
            var edges = Array(repeating: (0.0, 0.0), count: points)
            var left = -halfNeutral
            for point in (0..<(points / 2)).reversed() {
                edges[point] = (left - percents[point], left)
                left -= percents[point]
            }
            if let middle { edges[middle] = (-halfNeutral, halfNeutral) }
            var right = halfNeutral
            for point in ((points + 1) / 2)..<points {
                edges[point] = (right, right + percents[point])
                right += percents[point]
            }
            return Segments(percents: percents, edges: edges)
        }

        /// Half-width of the axis in percent: the widest side rounded up to 10, at least 50.
        static func extent(_ segments: [Segments]) -> Double {
            let widest = segments.flatMap { [-$0.edges[0].0, $0.edges[$0.edges.count - 1].1] }.max() ?? 0
            return SVGFrame.clamp((widest / 10 - 1e-9).rounded(.up) * 10, 50, 100)
        }

        func svg() -> String {
            guard !rows.isEmpty else {
                return SVGFrame.noData(kind: "diverging", title: title, description: description)
            }
            let width = SVGFrame.width
            let margin = SVGFrame.margin
            let size = SVGFrame.valueSize
            let colours = SVGPalette.diverging(points: points)
            let names = (0..<points).map { index -> String in
                let name = index < labels.count ? SVGText.sanitised(labels[index]) : ""
                return name.isEmpty ? "Value \(index + 1)" : name
            }

            let rowLabels = rows.map { SVGFrame.labelLines(label: $0.label, note: nil, maxWidth: 240) }
            let labelColumn = SVGFrame.clamp(rowLabels.map(SVGFrame.blockWidth).max() ?? 0, 70, 240)
            let segments = rows.map { Self.segments($0, points: points) }
            let extent = Self.extent(segments.compactMap { $0 })
            let sideColumn = 46.0

            let plotLeft = margin + labelColumn + 12 + sideColumn + 10
            let plotRight = width - margin - sideColumn - 10
            let centreX = (plotLeft + plotRight) / 2
            let scale = (plotRight - plotLeft) / 2 / extent
            let rowHeight = max(32, (rowLabels.map(SVGFrame.blockHeight).max() ?? 0) + 8)

            var document = SVGDocument(width: width, height: 0)
            var top = SVGFrame.drawTitle(title, into: &document)
            top = SVGFrame.drawLegend(zip(colours, names).map { (.swatch($0), $1) }, top: top, into: &document)
            let plotTop = top + 24
            let plotBottom = plotTop + rowHeight * Double(rows.count)

            document.text(
                "% unfav.", x: plotLeft - 10, y: plotTop - 8, size: SVGFrame.axisSize, fill: SVGPalette.mutedInk,
                anchor: .end, bold: true)
            document.text(
                "% fav.", x: width - margin, y: plotTop - 8, size: SVGFrame.axisSize, fill: SVGPalette.mutedInk,
                anchor: .end, bold: true)

            let step = extent >= 60 ? 20 : 10
            let limit = Int(extent)
            document.open([("class", "axis")])
            for tick in stride(from: -limit, through: limit, by: 1) where tick % step == 0 {
                let x = centreX + Double(tick) * scale
                document.line(
                    x1: x, y1: plotTop - 2, x2: x, y2: plotBottom, stroke: SVGPalette.grid,
                    extra: [("class", "gridline")])
                document.text(
                    tick == 0 ? "0" : SVGNumber.percent(Double(abs(tick))), x: x, y: plotBottom + 14,
                    size: SVGFrame.axisSize, fill: SVGPalette.mutedInk, anchor: .middle)
            }
            document.text(
                "← \(SVGText.truncated(names[0], maxWidth: 160, size: SVGFrame.axisSize))",
                x: plotLeft, y: plotBottom + 30, size: SVGFrame.axisSize, fill: SVGPalette.mutedInk)
            document.text(
                "\(SVGText.truncated(names[points - 1], maxWidth: 160, size: SVGFrame.axisSize)) →",
                x: plotRight, y: plotBottom + 30, size: SVGFrame.axisSize, fill: SVGPalette.mutedInk,
                anchor: .end)
            document.close()

            // Behind the bars, so it never crosses the neutral percentage; it shows between rows.
            document.line(
                x1: centreX, y1: plotTop - 4, x2: centreX, y2: plotBottom + 2, stroke: "#333333", width: 1.2,
                extra: [("class", "centre-line")])
            for (index, row) in segments.enumerated() {
                let centre = plotTop + rowHeight * (Double(index) + 0.5)
                let baseline = SVGFrame.baseline(centre: centre, size: size)
                document.open([("class", "row")])
                SVGFrame.drawLabelBlock(rowLabels[index], right: margin + labelColumn, centre: centre, into: &document)
                guard let row else {
                    document.text(
                        "no responses", x: centreX + 8, y: baseline, size: size, fill: SVGPalette.secondaryInk,
                        italic: true, extra: [("class", "empty")])
                    document.close()
                    continue
                }
                for value in 0..<points where row.percents[value] > 0 {
                    let (from, to) = row.edges[value]
                    let x = centreX + from * scale
                    let segment = (to - from) * scale
                    document.rect(
                        x: x, y: centre - barHeight / 2, width: segment, height: barHeight, fill: colours[value],
                        extra: [
                            (
                                "class",
                                points % 2 == 1 && value == points / 2
                                    ? "segment likert-\(value + 1) neutral"
                                    : "segment likert-\(value + 1)"
                            )
                        ])
                    let text = SVGNumber.percent(row.percents[value])
                    if segment >= SVGText.width(text, size: SVGFrame.axisSize, bold: true) + 6 {
                        document.text(
                            text, x: x + segment / 2, y: SVGFrame.baseline(centre: centre, size: SVGFrame.axisSize),
                            size: SVGFrame.axisSize, fill: SVGPalette.textColour(on: colours[value]),
                            anchor: .middle, bold: true, extra: [("class", "percent")])
                    }
                }
                document.text(
                    SVGNumber.percent(row.unfavourable), x: plotLeft - 10, y: baseline, size: size,
                    fill: SVGPalette.secondaryInk, anchor: .end, extra: [("class", "unfavourable")])
                document.text(
                    SVGNumber.percent(row.favourable), x: width - margin, y: baseline, size: size, anchor: .end,
                    bold: true, extra: [("class", "favourable")])
                document.close()
            }

            document.height = plotBottom + 44
            return document.rendered(kind: "diverging", title: title, description: description)
        }
    }
}
