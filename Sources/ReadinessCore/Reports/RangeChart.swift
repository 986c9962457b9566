/// A range chart for workbooks that LibreOffice and Excel both draw: per row, a band (an
/// interquartile range) with marks on it (a median, a score), built from a stacked bar
/// chart's segments.
///
/// Up-down bars of a line chart would draw the band in Excel only (LibreOffice ignores and
/// drops them), and libxlsxwriter 1.1.4 cannot combine two chart types. So each row is cut
/// at its band's ends and at both edges of each mark into segments laid end to end from 0,
/// and each segment of each series gets its own fill: none (a gap), the band's, or a
/// mark's. The segment lengths live on a sheet of their own ("Chart data"), which says so.
struct RangeChart {
    enum Kind: Int, Sendable { case gap, band, median, previous, score }

    struct Row {
        var label: String
        var lower: Double?
        var upper: Double?
        /// Marks in priority order: where two overlap, the first wins.
        var marks: [(value: Double, kind: Kind)]
    }

    /// A mark's width in points of the 0–100 axis.
    static let markWidth = 1.2

    /// One row's segments from 0: their lengths and kinds, neighbours of a kind merged.
    static func segments(_ row: Row) -> [(length: Double, kind: Kind)] {
        func clip(_ x: Double) -> Double { min(100, max(0, x)) }
        var cuts: Set<Double> = [0]
        if let lower = row.lower, let upper = row.upper {
            cuts.insert(clip(lower))
            cuts.insert(clip(upper))
        }
        for mark in row.marks {
            cuts.insert(clip(mark.value - markWidth / 2))
            cuts.insert(clip(mark.value + markWidth / 2))
        }
        let sorted = cuts.sorted()
        var result: [(length: Double, kind: Kind)] = []
        for (a, b) in zip(sorted, sorted.dropFirst()) where b > a {
            let middle = (a + b) / 2
            var kind = Kind.gap
            if let mark = row.marks.first(where: { abs(middle - $0.value) <= markWidth / 2 }) {
                kind = mark.kind
            } else if let lower = row.lower, let upper = row.upper, middle >= lower, middle <= upper {
                kind = .band
            }
            if let last = result.last, last.kind == kind {
                result[result.count - 1].length += b - a
            } else {
                result.append((b - a, kind))
            }
        }
        // Trailing gaps draw nothing.
        while result.last?.kind == .gap { result.removeLast() }
        return result
    }

    /// The sheet of segment lengths and the stacked bar chart drawn from it, anchored where
    /// given (on any sheet); no chart when there are no rows.
    static func build(
        name: String, banner: String, chartTitle: String, rows: [Row], colours: [Kind: UInt32],
        explanation: String, anchorRow: Int, anchorColumn: Int = 0
    ) -> (sheet: Sheet, chart: Chart?) {
        let cut = rows.map(segments)
        let count = max(1, cut.map(\.count).max() ?? 0)
        let data = rows.indices.map { index -> [Cell] in
            [.text(Workbooks.chartCategory(rows[index].label))]
                + (0..<count).map { position in .number(position < cut[index].count ? cut[index][position].length : 0) }
        }
        let lastRow = Sheet.firstDataRow + max(0, rows.count - 1)
        let series = (0..<count).map { position in
            var series = ChartSeries(
                name: "Segment \(position + 1)", sheet: name, categoryColumn: 0, valueColumn: 1 + position,
                firstRow: Sheet.firstDataRow, lastRow: lastRow)
            series.pointColours = cut.map { segments in
                position < segments.count ? colours[segments[position].kind] : nil
            }
            return series
        }
        let chart = Chart(
            kind: .barStacked, title: chartTitle, xAxisTitle: "Score (0–100)", valueAxisMin: 0, valueAxisMax: 100,
            series: series, anchorRow: anchorRow, anchorColumn: anchorColumn,
            height: max(300, 36 * rows.count + 110), legend: false, reverseCategories: true)
        let sheet = Sheet(
            name: name, banner: banner,
            columns: [Column("Row")] + (0..<count).map { Column("Segment \($0 + 1)", format: .score) },
            rows: data,
            notes: ["Lengths of the chart's bar segments, laid end to end from 0: " + explanation],
            freezeHeader: false, style: .plain)
        return (sheet, rows.isEmpty ? nil : chart)
    }
}
