extension SVGChart {
    /// The levels-by-sector chart of `SVGChart.stacked`.
    struct Stacked {
        let title: String
        let description: String
        let categories: [String]
        let rows: [StackedRow]

        private let barHeight = 22.0

        func svg() -> String {
            guard !rows.isEmpty, !categories.isEmpty else {
                return SVGFrame.noData(kind: "stacked", title: title, description: description)
            }
            let width = SVGFrame.width
            let margin = SVGFrame.margin
            let size = SVGFrame.valueSize
            let colours = SVGPalette.sequential(categories.count)

            let labels = rows.map { SVGFrame.labelLines(label: $0.label, note: nil, maxWidth: 190) }
            let labelColumn = SVGFrame.clamp(labels.map(SVGFrame.blockWidth).max() ?? 0, 70, 190)
            let counts = rows.map { Self.counts($0, categories: categories.count) }
            let totals = counts.map { $0.reduce(0, +) }
            let totalTexts = totals.map { "n = \($0)" }
            let totalColumn = max(44, totalTexts.map { SVGText.width($0, size: size) }.max() ?? 0)

            let plotLeft = margin + labelColumn + 14
            let plotRight = width - margin - totalColumn - 14
            let rowHeight = max(34, (labels.map(SVGFrame.blockHeight).max() ?? 0) + 10)

            var document = SVGDocument(width: width, height: 0)
            var top = SVGFrame.drawTitle(title, into: &document)
            top = SVGFrame.drawLegend(zip(colours, categories).map { (.swatch($0), $1) }, top: top, into: &document)
            let plotTop = top + 12
            let plotBottom = plotTop + rowHeight * Double(rows.count)

            document.open([("class", "axis")])
            document.line(x1: plotLeft, y1: plotBottom + 2, x2: plotRight, y2: plotBottom + 2, stroke: SVGPalette.axis)
            for percent in stride(from: 0, through: 100, by: 25) {
                let x = plotLeft + (plotRight - plotLeft) * Double(percent) / 100
                document.line(x1: x, y1: plotBottom + 2, x2: x, y2: plotBottom + 6, stroke: SVGPalette.axis)
                document.text(
                    "\(percent)%", x: x, y: plotBottom + 18, size: SVGFrame.axisSize, fill: SVGPalette.mutedInk,
                    anchor: .middle)
            }
            document.text(
                "Share of organisations in the sector; counts on the bars", x: (plotLeft + plotRight) / 2,
                y: plotBottom + 34, size: SVGFrame.axisSize, fill: SVGPalette.mutedInk, anchor: .middle)
            document.close()

            for (index, row) in counts.enumerated() {
                let centre = plotTop + rowHeight * (Double(index) + 0.5)
                document.open([("class", "row")])
                SVGFrame.drawLabelBlock(labels[index], right: plotLeft - 10, centre: centre, into: &document)
                let total = totals[index]
                if total == 0 {
                    document.text(
                        "no organisations", x: plotLeft + 8, y: SVGFrame.baseline(centre: centre, size: size),
                        size: size, fill: SVGPalette.secondaryInk, italic: true, extra: [("class", "empty")])
                }
                var x = plotLeft
                for (category, count) in row.enumerated() where total > 0 && count > 0 {
                    let segment = (plotRight - plotLeft) * Double(count) / Double(total)
                    document.rect(
                        x: x, y: centre - barHeight / 2, width: segment, height: barHeight, fill: colours[category],
                        extra: [
                            ("stroke", "#FFFFFF"), ("stroke-width", "1"),
                            ("class", "segment level-\(category + 1)"),
                        ])
                    let text = String(count)
                    if segment >= SVGText.width(text, size: size, bold: true) + 8 {
                        document.text(
                            text, x: x + segment / 2, y: SVGFrame.baseline(centre: centre, size: size), size: size,
                            fill: SVGPalette.textColour(on: colours[category]), anchor: .middle, bold: true,
                            extra: [("class", "count")])
                    }
                    x += segment
                }
                document.text(
                    totalTexts[index], x: width - margin, y: SVGFrame.baseline(centre: centre, size: size),
                    size: size, fill: SVGPalette.secondaryInk, anchor: .end, extra: [("class", "total")])
                document.close()
            }

            document.height = plotBottom + 48
            return document.rendered(kind: "stacked", title: title, description: description)
        }

        /// One count per category: missing ones are zero, extra ones are dropped, negative ones
        /// count as zero and huge ones are capped so the total cannot overflow.
        static func counts(_ row: StackedRow, categories: Int) -> [Int] {
            (0..<categories).map { $0 < row.counts.count ? min(max(0, row.counts[$0]), 1 << 40) : 0 }
        }
    }
}
