extension SVGChart {
    /// The national ranges chart of `SVGChart.ranges`.
    struct Ranges {
        let title: String
        let description: String
        let rows: [RangeRow]

        private let bandHeight = 14.0
        private let markerRadius = 6.0

        func svg() -> String {
            guard !rows.isEmpty else { return SVGFrame.noData(kind: "ranges", title: title, description: description) }
            let width = SVGFrame.width
            let margin = SVGFrame.margin
            let size = SVGFrame.valueSize

            let labels = rows.map { row in
                SVGFrame.labelLines(
                    label: row.label, note: SVGFrame.finite(row.median) == nil ? nil : row.note,
                    maxWidth: 190)
            }
            let labelColumn = SVGFrame.clamp(labels.map(SVGFrame.blockWidth).max() ?? 0, 70, 190)
            let details = rows.map(Self.details)
            let detailColumn = max(84, details.flatMap { $0 }.map { SVGText.width($0, size: size) }.max() ?? 0)
            let hasPrevious = rows.contains { SVGFrame.finite($0.previousMedian) != nil }

            let plotLeft = margin + labelColumn + 14
            let plotRight = width - margin - detailColumn - 24
            let rowHeight = max(46, (labels.map(SVGFrame.blockHeight).max() ?? 0) + 14)

            var document = SVGDocument(width: width, height: 0)
            var top = SVGFrame.drawTitle(title, into: &document)
            var legend: [(SVGFrame.LegendMark, String)] = [
                (.dot(SVGPalette.score), "Median"),
                (.band(SVGPalette.rangeBand), "Middle 50% (interquartile range)"),
            ]
            if hasPrevious { legend.append((.hollowDot, "Previous wave median")) }
            top = SVGFrame.drawLegend(legend, top: top, into: &document)
            let plotTop = top + 22
            let plotBottom = plotTop + rowHeight * Double(rows.count)

            SVGFrame.drawScoreAxis(
                left: plotLeft, right: plotRight, top: plotTop - 2, bottom: plotBottom,
                caption: "Score (0–100)", into: &document)

            func x(_ value: Double) -> Double {
                plotLeft + (plotRight - plotLeft) * SVGFrame.clamp(value, 0, 100) / 100
            }

            for (index, row) in rows.enumerated() {
                let centre = plotTop + rowHeight * (Double(index) + 0.5)
                // The marks sit a little below the row's centre to leave room for the value above.
                let markCentre = centre + 6
                document.open([("class", "row")])
                // Labels sit between the row's centre and the marks' so both read as one line.
                SVGFrame.drawLabelBlock(labels[index], right: plotLeft - 10, centre: centre + 3, into: &document)
                if let median = SVGFrame.finite(row.median) {
                    if let lower = SVGFrame.finite(row.lower), let upper = SVGFrame.finite(row.upper) {
                        let (low, high) = (min(lower, upper), max(lower, upper))
                        document.rect(
                            x: x(low), y: markCentre - bandHeight / 2, width: x(high) - x(low),
                            height: bandHeight, fill: SVGPalette.rangeBand, extra: [("class", "band")])
                    }
                    if let previous = SVGFrame.finite(row.previousMedian) {
                        document.circle(
                            cx: x(previous), cy: markCentre, r: markerRadius + 0.5, fill: "#FFFFFF",
                            stroke: SVGPalette.ink, strokeWidth: 1.5, extra: [("class", "previous")])
                    }
                    document.circle(
                        cx: x(median), cy: markCentre, r: markerRadius, fill: SVGPalette.score,
                        stroke: "#FFFFFF", strokeWidth: 1, extra: [("class", "median")])
                    document.text(
                        SVGNumber.label(median), x: x(median), y: markCentre - markerRadius - 5, size: size,
                        anchor: .middle, bold: true, extra: [("class", "value")])
                } else {
                    let note = SVGText.sanitised(row.note ?? "")
                    let text = SVGText.truncated(
                        note.isEmpty ? "no published score" : note,
                        maxWidth: plotRight - plotLeft - 12, size: SVGFrame.labelSize)
                    document.text(
                        text, x: plotLeft + 8, y: SVGFrame.baseline(centre: centre, size: SVGFrame.labelSize),
                        size: SVGFrame.labelSize, fill: SVGPalette.secondaryInk, italic: true,
                        extra: [("class", "suppressed")])
                }
                let lines = details[index]
                for (line, text) in lines.enumerated() {
                    let y = centre + 3 - Double(lines.count - 1) * 7 + Double(line) * 14
                    document.text(
                        text, x: width - margin - detailColumn, y: SVGFrame.baseline(centre: y, size: size),
                        size: size, fill: line == 0 ? SVGPalette.secondaryInk : SVGPalette.mutedInk,
                        extra: [("class", "detail")])
                }
                document.close()
            }

            document.height = plotBottom + 44
            return document.rendered(kind: "ranges", title: title, description: description)
        }

        /// The numbers beside a row: its interquartile range and its previous median.
        static func details(_ row: RangeRow) -> [String] {
            guard SVGFrame.finite(row.median) != nil else { return [] }
            var lines: [String] = []
            if let lower = SVGFrame.finite(row.lower), let upper = SVGFrame.finite(row.upper) {
                lines.append("IQR \(SVGNumber.label(min(lower, upper)))–\(SVGNumber.label(max(lower, upper)))")
            }
            if let previous = SVGFrame.finite(row.previousMedian) {
                lines.append("Previous \(SVGNumber.label(previous))")
            }
            return lines
        }
    }
}
