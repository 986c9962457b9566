/// What the four charts share: page width, the visible title, legends, row labels, axes and
/// the "No data to show" chart.
enum SVGFrame {
    /// Wide enough for a printed A4 page at 96 dpi once a viewer scales it down.
    static let width = 720.0
    static let margin = 16.0
    static let titleSize = 15.0
    static let labelSize = 12.0
    static let noteSize = 10.5
    static let valueSize = 11.0
    static let axisSize = 10.0
    static let lineHeight = 14.0

    /// The visible title on its first line; returns the y where the next block may start.
    static func drawTitle(_ title: String, into document: inout SVGDocument) -> Double {
        let text = SVGText.truncated(
            SVGText.sanitised(title), maxWidth: width - 2 * margin, size: titleSize, bold: true)
        document.text(text, x: margin, y: 28, size: titleSize, bold: true, extra: [("class", "chart-title")])
        return 40
    }

    enum LegendMark {
        case swatch(String)
        case band(String)
        case tick
        case dot(String)
        case hollowDot
        case dashedLine(String)
    }

    /// A legend in one or more lines starting at `top`; returns the y below it.
    static func drawLegend(_ items: [(LegendMark, String)], top: Double, into document: inout SVGDocument) -> Double {
        guard !items.isEmpty else { return top }
        let rowHeight = 20.0
        let markWidth = 14.0
        let gap = 6.0
        let spacing = 20.0
        var x = margin
        var centre = top + rowHeight / 2
        document.open([("class", "legend")])
        for (mark, rawLabel) in items {
            let label = SVGText.truncated(SVGText.sanitised(rawLabel), maxWidth: 200, size: valueSize)
            let itemWidth = markWidth + gap + SVGText.width(label, size: valueSize)
            if x > margin && x + itemWidth > width - margin {
                x = margin
                centre += rowHeight
            }
            drawMark(mark, x: x, centre: centre, width: markWidth, into: &document)
            document.text(
                label, x: x + markWidth + gap, y: centre + valueSize * 0.35, size: valueSize,
                fill: SVGPalette.secondaryInk)
            x += itemWidth + spacing
        }
        document.close()
        return centre + rowHeight / 2
    }

    private static func drawMark(
        _ mark: LegendMark, x: Double, centre: Double, width: Double,
        into document: inout SVGDocument
    ) {
        switch mark {
        case .swatch(let fill):
            document.rect(
                x: x, y: centre - 6, width: width, height: 12, fill: fill,
                extra: [("stroke", "#FFFFFF"), ("stroke-width", "0.5")])
        case .band(let fill):
            document.rect(x: x, y: centre - 7, width: width, height: 14, fill: fill)
        case .tick:
            document.rect(x: x + width / 2 - 1.5, y: centre - 8, width: 3, height: 16, fill: SVGPalette.ink)
        case .dot(let fill):
            document.circle(cx: x + width / 2, cy: centre, r: 5.5, fill: fill, stroke: "#FFFFFF", strokeWidth: 1)
        case .hollowDot:
            document.circle(
                cx: x + width / 2, cy: centre, r: 5.5, fill: "#FFFFFF", stroke: SVGPalette.ink,
                strokeWidth: 1.5)
        case .dashedLine(let stroke):
            document.line(
                x1: x, y1: centre, x2: x + width, y2: centre, stroke: stroke, width: 1.5,
                extra: [("stroke-dasharray", "4 3")])
        }
    }

    /// A line of a row label block: its text and how to draw it.
    struct LabelLine {
        var text: String
        var size: Double
        var fill: String
        var italic: Bool
    }

    /// Row label lines: the label wrapped to two lines, then an optional note line.
    static func labelLines(label: String, note: String?, maxWidth: Double) -> [LabelLine] {
        var lines = SVGText.wrapped(SVGText.sanitised(label), maxWidth: maxWidth, size: labelSize, maxLines: 2)
            .map { LabelLine(text: $0, size: labelSize, fill: SVGPalette.ink, italic: false) }
        if let note = note.map(SVGText.sanitised), !note.isEmpty {
            lines.append(
                LabelLine(
                    text: SVGText.truncated(note, maxWidth: maxWidth, size: noteSize), size: noteSize,
                    fill: SVGPalette.mutedInk, italic: true))
        }
        return lines
    }

    static func blockHeight(_ lines: [LabelLine]) -> Double {
        lines.reduce(0) { $0 + ($1.size == labelSize ? lineHeight : lineHeight - 1) }
    }

    static func blockWidth(_ lines: [LabelLine]) -> Double {
        lines.map { SVGText.width($0.text, size: $0.size) }.max() ?? 0
    }

    /// Right-aligned lines centred vertically on `centre`.
    static func drawLabelBlock(_ lines: [LabelLine], right: Double, centre: Double, into document: inout SVGDocument) {
        var y = centre - blockHeight(lines) / 2
        for line in lines {
            let height = line.size == labelSize ? lineHeight : lineHeight - 1
            document.text(
                line.text, x: right, y: y + height / 2 + line.size * 0.35, size: line.size, fill: line.fill,
                anchor: .end, italic: line.italic, extra: [("class", "row-label")])
            y += height
        }
    }

    /// Vertical gridlines at 0, 20, …, 100 and their values below the plot.
    static func drawScoreAxis(
        left: Double, right: Double, top: Double, bottom: Double, caption: String,
        into document: inout SVGDocument
    ) {
        document.open([("class", "axis")])
        for value in stride(from: 0, through: 100, by: 20) {
            let x = left + (right - left) * Double(value) / 100
            document.line(
                x1: x, y1: top, x2: x, y2: bottom, stroke: value == 0 ? SVGPalette.axis : SVGPalette.grid,
                extra: [("class", "gridline")])
            document.text(
                String(value), x: x, y: bottom + 14, size: axisSize, fill: SVGPalette.mutedInk,
                anchor: .middle)
        }
        document.text(
            caption, x: (left + right) / 2, y: bottom + 30, size: axisSize, fill: SVGPalette.mutedInk,
            anchor: .middle)
        document.close()
    }

    /// The baseline that centres text of `size` on `centre`, without relying on
    /// `dominant-baseline`, which some print paths ignore.
    static func baseline(centre: Double, size: Double) -> Double {
        centre + size * 0.35
    }

    /// Nil for NaN and infinities, so a bad number never reaches the geometry.
    static func finite(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }

    static func clamp(_ value: Double, _ low: Double, _ high: Double) -> Double {
        min(high, max(low, value))
    }

    /// A valid chart with the title and the words "No data to show".
    static func noData(kind: String, title: String, description: String) -> String {
        var document = SVGDocument(width: width, height: 120)
        let top = drawTitle(title, into: &document)
        document.rect(
            x: margin, y: top + 8, width: width - 2 * margin, height: 56, fill: "#F5F5F5",
            extra: [("stroke", SVGPalette.grid), ("stroke-width", "1")])
        document.text(
            "No data to show", x: width / 2, y: baseline(centre: top + 36, size: 13), size: 13,
            fill: SVGPalette.secondaryInk, anchor: .middle, extra: [("class", "no-data")])
        return document.rendered(kind: kind, title: title, description: description)
    }
}
