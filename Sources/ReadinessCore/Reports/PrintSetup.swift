import Foundation

/// The printed page: A4, one page wide, the banner and header rows on every page, and a
/// header and footer naming the report, the wave and the page.
public struct PrintSetup: Sendable, Equatable {
    /// The report's name, left of the page header.
    public var report: String
    /// The wave, right of the page header.
    public var wave: String
    /// A marking in bold at the centre of every page's header and footer, e.g.
    ///
    /// "INTERNAL: not for dissemination".
    public var marking: String?

    public init(report: String, wave: String, marking: String? = nil) {
        self.report = report
        self.wave = wave
        self.marking = marking
    }

    /// A text for a header or footer: neutralised, on one line, `&` doubled (it starts a
    /// code), cut to `limit` characters so that the whole stays within Excel's 255.
    static func part(_ text: String, limit: Int) -> String {
        let line = CellText.limited(text).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(
            of: "\r", with: " ")
        var cut = SheetName.prefix(line, utf16Units: limit)
        if cut.count < line.count { cut = SheetName.prefix(cut, utf16Units: limit - 1) + "…" }
        return cut.replacingOccurrences(of: "&", with: "&&")
    }

    /// The header code: report left (up to 90 characters), marking centre, wave right (up to 50).
    var header: String {
        "&L" + Self.part(report, limit: 90) + (marking.map { "&C&\"-,Bold\"" + Self.part($0, limit: 40) } ?? "")
            + "&R" + Self.part(wave, limit: 50)
    }

    /// The footer code: the marking again (so a torn-off page keeps it), page x of y right.
    var footer: String {
        (marking.map { "&L&\"-,Bold\"" + Self.part($0, limit: 40) } ?? "") + "&RPage &P of &N"
    }
}
