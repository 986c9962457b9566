extension SVGChart {
    /// The partner bullet chart of `SVGChart.bullet`.
    struct Bullet {
        let title: String
        let description: String
        let rows: [BulletRow]

        private let bandHeight = 24.0
        private let barHeight = 14.0
        private let tickHeight = 30.0
        private let tickWidth = 3.0

        func svg() -> String {
            guard !rows.isEmpty else { return SVGFrame.noData(kind: "bullet", title: title, description: description) }
            let width = SVGFrame.width
            let margin = SVGFrame.margin

            let labels = rows.map { row in
                SVGFrame.labelLines(
                    label: row.label, note: SVGFrame.finite(row.value) == nil ? nil : row.note,
                    maxWidth: 190)
            }
            let labelColumn = SVGFrame.clamp(labels.map(SVGFrame.blockWidth).max() ?? 0, 70, 190)
            let changes = rows.map { row in
                row.change.map { SVGText.truncated(SVGText.sanitised($0), maxWidth: 96, size: SVGFrame.labelSize) }
            }
            let hasChange = changes.contains { !($0 ?? "").isEmpty }
            let changeColumn =
                hasChange
                ? max(60, changes.map { SVGText.width($0 ?? "", size: SVGFrame.labelSize) }.max() ?? 0) : 0

            let plotLeft = margin + labelColumn + 14
            let plotRight = width - margin - (hasChange ? changeColumn + 22 : 12)
            // A value printed past its bar must stay clear of the change column.
            let labelLimit = hasChange ? plotRight + 16 : width - margin
            let rowHeight = max(40, (labels.map(SVGFrame.blockHeight).max() ?? 0) + 12)

            var document = SVGDocument(width: width, height: 0)
            var top = SVGFrame.drawTitle(title, into: &document)
            top = SVGFrame.drawLegend(
                [
                    (.swatch(SVGPalette.score), "Your score"),
                    (.band(SVGPalette.benchmarkBand), "Benchmark group: middle 50%"),
                    (.tick, "Benchmark group median"),
                ], top: top, into: &document)
            let plotTop = top + 22
            let plotBottom = plotTop + rowHeight * Double(rows.count)

            if hasChange {
                document.text(
                    "Change", x: width - margin, y: plotTop - 6, size: SVGFrame.axisSize,
                    fill: SVGPalette.mutedInk, anchor: .end, bold: true)
            }
            SVGFrame.drawScoreAxis(
                left: plotLeft, right: plotRight, top: plotTop - 2, bottom: plotBottom,
                caption: "Score (0–100)", into: &document)

            func x(_ value: Double) -> Double {
                plotLeft + (plotRight - plotLeft) * SVGFrame.clamp(value, 0, 100) / 100
            }

            for (index, row) in rows.enumerated() {
                let centre = plotTop + rowHeight * (Double(index) + 0.5)
                document.open([("class", "row")])
                SVGFrame.drawLabelBlock(labels[index], right: plotLeft - 10, centre: centre, into: &document)
                if let value = SVGFrame.finite(row.value) {
                    drawMarks(row: row, value: value, centre: centre, x: x, labelLimit: labelLimit, into: &document)
                } else {
                    let note = SVGText.sanitised(row.note ?? "")
                    let text = SVGText.truncated(
                        note.isEmpty ? "suppressed" : note, maxWidth: plotRight - plotLeft - 12,
                        size: SVGFrame.labelSize)
                    document.text(
                        text, x: plotLeft + 8, y: SVGFrame.baseline(centre: centre, size: SVGFrame.labelSize),
                        size: SVGFrame.labelSize, fill: SVGPalette.secondaryInk, italic: true,
                        extra: [("class", "suppressed")])
                }
                if let change = changes[index], !change.isEmpty {
                    document.text(
                        change, x: width - margin, y: SVGFrame.baseline(centre: centre, size: SVGFrame.labelSize),
                        size: SVGFrame.labelSize, anchor: .end, extra: [("class", "change")])
                }
                document.close()
            }

            document.height = plotBottom + 44
            return document.rendered(kind: "bullet", title: title, description: description)
        }

        private func drawMarks(
            row: BulletRow, value: Double, centre: Double, x: (Double) -> Double, labelLimit: Double,
            into document: inout SVGDocument
        ) {
            let plotLeft = x(0)
            if let lower = SVGFrame.finite(row.groupLower), let upper = SVGFrame.finite(row.groupUpper) {
                let (low, high) = (min(lower, upper), max(lower, upper))
                document.rect(
                    x: x(low), y: centre - bandHeight / 2, width: x(high) - x(low), height: bandHeight,
                    fill: SVGPalette.benchmarkBand, extra: [("class", "band")])
            }
            let barEnd = x(value)
            document.rect(
                x: plotLeft, y: centre - barHeight / 2, width: barEnd - plotLeft, height: barHeight,
                fill: SVGPalette.score, extra: [("class", "bar")])
            let tick = SVGFrame.finite(row.groupMedian).map(x)
            if let tick {
                document.rect(
                    x: tick - tickWidth / 2, y: centre - tickHeight / 2, width: tickWidth, height: tickHeight,
                    fill: SVGPalette.ink, extra: [("class", "median")])
            }

            let text = SVGNumber.label(value)
            let size = SVGFrame.valueSize
            let textWidth = SVGText.width(text, size: size, bold: true)
            let placement = Self.labelPlacement(
                barStart: plotLeft, barEnd: barEnd, tick: tick, textWidth: textWidth,
                limit: labelLimit)
            document.text(
                text, x: placement.x, y: SVGFrame.baseline(centre: centre, size: size), size: size,
                fill: placement.inside ? "#FFFFFF" : SVGPalette.ink, anchor: placement.inside ? .end : .start,
                bold: true, extra: [("class", "value")])
        }

        /// Where the score's text goes: inside the bar's end in white when it fits, otherwise
        /// just past the end in dark ink; either way clear of the median tick.
        static func labelPlacement(
            barStart: Double, barEnd: Double, tick: Double?, textWidth: Double,
            limit: Double
        ) -> (x: Double, inside: Bool) {
            let pad = 5.0
            func clear(_ from: Double, _ to: Double) -> Bool {
                guard let tick else { return true }
                return tick + 3.5 < from || tick - 3.5 > to
            }
            var candidates: [(x: Double, inside: Bool)] = [(barEnd - pad, true)]
            if let tick, tick < barEnd { candidates.append((tick - 3.5 - pad / 2, true)) }
            candidates.append((barEnd + pad, false))
            if let tick, tick >= barEnd { candidates.append((tick + 3.5 + pad / 2, false)) }
            for candidate in candidates {
                let from = candidate.inside ? candidate.x - textWidth : candidate.x
                let to = candidate.inside ? candidate.x : candidate.x + textWidth
                let fits = candidate.inside ? from >= barStart + 3 : to <= limit
                if fits && clear(from, to) { return candidate }
            }
            return barEnd - barStart >= textWidth + 2 * pad ? (barEnd - pad, true) : (barEnd + pad, false)
        }
    }
}
