/// The four charts that the Markdown reports link to, as standalone SVG 1.1 text.
///
/// Every function is pure: the same values give the same bytes (no clock, no dictionary
/// order, numbers printed by `SVGNumber`, never by the locale). Every string from the data
/// is stripped of control characters, XML-escaped and truncated with "…" to fit. Marks
/// carry text labels and the palettes are colour-blind safe, so a chart still reads when
/// printed in greyscale. An empty input gives a valid SVG that says "No data to show".
public enum SVGChart {
    /// Partner bullet chart: one row per domain on a 0–100 axis.
    ///
    /// The organisation's score is a bar labelled with its value; the benchmark group's
    /// interquartile range is a pale band behind it and the group median a dark tick. The
    /// optional change since the previous wave is printed at the row end. A row without a
    /// value shows its `note` (e.g. "suppressed: fewer than 5 respondents") instead of a bar.
    public static func bullet(title: String, description: String, rows: [BulletRow]) -> String {
        Bullet(title: title, description: description, rows: rows).svg()
    }

    /// National domain scores: per row the median as a labelled marker on its interquartile
    /// band, and the previous wave's median as a hollow marker.
    public static func ranges(title: String, description: String, rows: [RangeRow]) -> String {
        Ranges(title: title, description: description, rows: rows).svg()
    }

    /// Organisations by level per sector: 100% stacked horizontal bars, one colour per level
    /// in `categories` order (light to dark), counts on the segments wide enough to hold
    /// them, the total at the row end and a legend.
    public static func stacked(title: String, description: String, categories: [String], rows: [StackedRow]) -> String {
        Stacked(title: title, description: description, categories: categories, rows: rows).svg()
    }

    /// Diverging stacked bars of likert items, drawn as R's `likert` package draws them.
    ///
    /// The neutral category straddles the zero line, half on each side; on 5 points the two
    /// unfavourable categories extend left and the two favourable ones right. Rows keep the
    /// order given (the caller sorts them by % favourable). % unfavourable is printed at
    /// the left of the bars and % favourable at the right. `labels` names points 1 to
    /// `points` (SPEC §8.1: any scale of at least two points; the middle point of an odd
    /// scale straddles zero, the points below it extend left and those above right).
    public static func diverging(
        title: String, description: String, labels: [String], points: Int = 5,
        rows: [DivergingRow]
    ) -> String {
        Diverging(title: title, description: description, labels: labels, rows: rows, points: max(2, points)).svg()
    }
}

/// One domain of the partner bullet chart.
public struct BulletRow: Sendable, Equatable {
    public var label: String
    /// The organisation's score on 0–100; nil when suppressed.
    public var value: Double?
    public var groupMedian: Double?
    public var groupLower: Double?
    public var groupUpper: Double?
    /// Already formatted, e.g.
    ///
    /// "+10.5 ▲" or "−2.7".
    public var change: String?
    /// Shown instead of the bar when `value` is nil, and under the label otherwise.
    public var note: String?

    public init(
        label: String, value: Double?, groupMedian: Double? = nil, groupLower: Double? = nil,
        groupUpper: Double? = nil, change: String? = nil, note: String? = nil
    ) {
        self.label = label
        self.value = value
        self.groupMedian = groupMedian
        self.groupLower = groupLower
        self.groupUpper = groupUpper
        self.change = change
        self.note = note
    }
}

/// One domain (or the overall score) of the national ranges chart.
public struct RangeRow: Sendable, Equatable {
    public var label: String
    public var median: Double?
    public var lower: Double?
    public var upper: Double?
    public var previousMedian: Double?
    /// Shown instead of the marker when `median` is nil, and under the label otherwise.
    public var note: String?

    public init(
        label: String, median: Double?, lower: Double? = nil, upper: Double? = nil,
        previousMedian: Double? = nil, note: String? = nil
    ) {
        self.label = label
        self.median = median
        self.lower = lower
        self.upper = upper
        self.previousMedian = previousMedian
        self.note = note
    }
}

/// One sector of the stacked chart: a count per category, in the chart's category order.
public struct StackedRow: Sendable, Equatable {
    public var label: String
    public var counts: [Int]

    public init(label: String, counts: [Int]) {
        self.label = label
        self.counts = counts
    }
}

/// One likert item of the diverging chart: counts of points 1 to k, where k is the most
/// favourable (reverse-coded items already flipped by the caller).
public struct DivergingRow: Sendable, Equatable {
    public var label: String
    public var counts: [Int]

    public init(label: String, counts: [Int]) {
        self.label = label
        self.counts = counts
    }
}
