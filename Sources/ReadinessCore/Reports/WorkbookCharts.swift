import Foundation

/// A native Excel chart, inserted with its top-left corner at `anchorRow`, `anchorColumn`.
///
/// Axes are named as Excel draws them: x is horizontal and y vertical for every kind (so
/// for bar charts the value axis is x). `valueAxisMin`/`valueAxisMax` apply to whichever
/// axis carries the values (the y axis of a scatter chart).
public struct Chart: Sendable, Equatable {
    public enum Kind: Sendable, Equatable, Hashable {
        case bar, column, barStacked, columnStacked, barPercentStacked, columnPercentStacked, line, scatter

        /// Bars grow horizontally, so the value axis is x and categories run up the y axis.
        public var isHorizontal: Bool {
            switch self {
            case .bar, .barStacked, .barPercentStacked: return true
            default: return false
            }
        }
    }

    public var kind: Kind
    public var title: String
    public var xAxisTitle: String?
    public var yAxisTitle: String?
    public var valueAxisMin: Double?
    public var valueAxisMax: Double?
    public var series: [ChartSeries]
    /// Series drawn on the same axes as `series`.
    ///
    /// libxlsxwriter 1.1.4 has no
    /// `chart_combine`, so an overlay must be of the chart's own kind (`overlayKind` nil or
    /// equal to `kind`); another kind makes `Workbook.write` throw (feature not supported).
    /// To show medians and scores over an interquartile range, use a `.line` chart with
    /// `upDownBars` and marker-only series instead.
    public var overlay: [ChartSeries]
    public var overlayKind: Kind?
    public var anchorRow: Int
    public var anchorColumn: Int
    /// Pixels.
    public var width: Int
    /// Pixels.
    public var height: Int
    public var legend: Bool
    /// Line charts only: fill colour (0xRRGGBB) of the bars Excel draws between the first
    /// and the last series at each category (its "up-down bars").
    ///
    /// With the first series the lower quartile and the last the upper one (both `noFill`),
    /// they draw the interquartile range as floating bars.
    public var upDownBars: UInt32?
    /// Lists the first category at the top of a bar chart (Excel's default is the bottom),
    /// keeping the value axis at the bottom.
    public var reverseCategories: Bool
    /// The title's font size in points (Excel's default is 14, which long titles outgrow).
    public var titleSize: Double
    /// How a line or scatter chart draws a blank cell: a gap (the default: a missing figure
    /// is not joined across), zero, or joined over.
    public var blanks: Blanks = .gap

    public enum Blanks: Sendable, Equatable, Hashable {
        case gap, zero, connected
    }

    public init(
        kind: Kind, title: String, xAxisTitle: String? = nil, yAxisTitle: String? = nil,
        valueAxisMin: Double? = nil, valueAxisMax: Double? = nil, series: [ChartSeries],
        overlay: [ChartSeries] = [], overlayKind: Kind? = nil, anchorRow: Int, anchorColumn: Int,
        width: Int = 720, height: Int = 400, legend: Bool = true, upDownBars: UInt32? = nil,
        reverseCategories: Bool = false, titleSize: Double = 12
    ) {
        self.kind = kind
        self.title = title
        self.xAxisTitle = xAxisTitle
        self.yAxisTitle = yAxisTitle
        self.valueAxisMin = valueAxisMin
        self.valueAxisMax = valueAxisMax
        self.series = series
        self.overlay = overlay
        self.overlayKind = overlayKind
        self.anchorRow = anchorRow
        self.anchorColumn = anchorColumn
        self.width = width
        self.height = height
        self.legend = legend
        self.upDownBars = upDownBars
        self.reverseCategories = reverseCategories
        self.titleSize = titleSize
    }
}

/// One series: categories and values are single columns over the same rows of one sheet.
public struct ChartSeries: Sendable, Equatable {
    public enum Marker: Sendable, Equatable, Hashable {
        case automatic, none, circle, diamond, square, triangle, x
    }

    public var name: String
    /// The model sheet's name (the writer maps it to the sanitised worksheet name).
    public var sheet: String
    /// 0-based worksheet column of the categories (the x values of a scatter chart).
    public var categoryColumn: Int
    public var valueColumn: Int
    /// 0-based worksheet rows, inclusive.
    public var firstRow: Int
    public var lastRow: Int
    /// Fill (bars), line and marker (line) or marker (scatter) colour, 0xRRGGBB.
    public var colour: UInt32?
    /// An invisible series, left out of the legend: e.g.
    ///
    /// the lower part of a floating bar.
    public var noFill: Bool
    public var dataLabels: Bool
    /// Line and scatter charts: the point marker.
    public var marker: Marker
    /// Line charts: false draws the markers only. (A scatter chart always draws markers only.)
    public var showsLine: Bool
    /// Bar charts: a fill per point (row), overriding `colour`; nil in the list leaves that
    /// point unfilled and unlined (invisible).
    public var pointColours: [UInt32?]?
    /// With `dataLabels`: per point, whether its label shows (a segment of 0 gets none).
    public var shownLabels: [Bool]?

    public init(
        name: String, sheet: String, categoryColumn: Int, valueColumn: Int, firstRow: Int, lastRow: Int,
        colour: UInt32? = nil, noFill: Bool = false, dataLabels: Bool = false,
        marker: Marker = .automatic, showsLine: Bool = true
    ) {
        self.name = name
        self.sheet = sheet
        self.categoryColumn = categoryColumn
        self.valueColumn = valueColumn
        self.firstRow = firstRow
        self.lastRow = lastRow
        self.colour = colour
        self.noFill = noFill
        self.dataLabels = dataLabels
        self.marker = marker
        self.showsLine = showsLine
        pointColours = nil
        shownLabels = nil
    }
}
