import Foundation

/// What reading one file needs besides the instrument: its columns, its date order and
/// its completion rule.
///
/// A class, so that rows read it in place (no copy, no retain per row).
final class FilePlan: Sendable {
    let map: HeaderMap
    let dateOrder: DateOrder
    let completion: CompletionCheck?
    let columns: Int
    let responseID: Int?, organisationID: Int?, submittedAt: Int?, role: Int?
    /// The column of each item, -1 for none (the map's storage).
    nonisolated(unsafe) let itemColumnBase: UnsafeMutablePointer<Int>

    init(map: HeaderMap, dateOrder: DateOrder, completion: CompletionCheck?) {
        self.map = map
        self.dateOrder = dateOrder
        self.completion = completion
        columns = map.columnCount
        responseID = map.responseID
        organisationID = map.organisationID
        submittedAt = map.submittedAt
        role = map.role
        itemColumnBase = map.itemColumnBase
    }
}

extension ResponseReader {
    /// The columns, date order and completion rule of a file from its header records, and
    /// what data-quality.md says about them.
    ///
    /// `dateValues` calls its visitor with the trimmed cell of a column in every row read
    /// (for `date_order: auto`).
    func makePlan(
        header: [[String]], layout: HeaderLayout, quality: inout ReadingQuality,
        dateValues: (Int, (UnsafeBufferPointer<UInt8>) -> Void) -> Void
    ) -> FilePlan {
        let map = HeaderMap(header: header, instrument: instrument, settings: settings)
        quality.settings = settings
        quality.headerRecords = header.count
        quality.layout = layout
        quality.qualtricsHeaderSkipped = layout.isQualtrics
        quality.unknownColumns = map.unknown
        quality.duplicateHeaders = map.duplicates
        quality.bindings = map.bindings
        quality.itemsWithoutColumn = instrument.items.indices.filter { map.items[$0] == nil }.map {
            instrument.items[$0].id
        }
        quality.columnNames = map.columnNames
        quality.itemColumns = map.items.map { $0.map { $0 + 1 } }
        quality.organisationColumn = map.organisationID.map { $0 + 1 }
        quality.submittedAtColumn = map.submittedAt.map { $0 + 1 }
        quality.roleColumn = map.role.map { $0 + 1 }
        quality.responseIDColumn = map.responseID != nil
        var completion: CompletionCheck?
        if let rule = settings.effectiveCompletion {
            if let column = map.completion {
                completion = CompletionCheck(column: column, name: map.completionName, rule: rule)
                quality.completion = .applied(rule: rule, name: map.completionName, column: column + 1)
            } else {
                quality.completion = .dropped(rule: rule)
            }
        }
        quality.dateOrder = decideDateOrder(column: map.submittedAt, values: dateValues)
        return FilePlan(map: map, dateOrder: quality.dateOrder.used, completion: completion)
    }

    /// SPEC §8.6: the date order given, or `auto` decided from the `A/B/Y` values of every
    /// row read: more with A > 12 ≥ B (DMY) or B > 12 ≥ A (MDY); else more real dates in
    /// the wave window under one order; else DMY.
    func decideDateOrder(column: Int?, values: (Int, (UnsafeBufferPointer<UInt8>) -> Void) -> Void) -> DateOrderDecision
    {
        let setting = settings.effectiveDateOrder
        switch setting {
        case .dmy, .mdy:
            let used: DateOrder = setting == .dmy ? .dmy : .mdy
            return DateOrderDecision(setting: setting, used: used, reason: "date_order in wave.yaml")
        case .auto:
            break
        }
        var firstAbove = 0, secondAbove = 0, seen = 0, inWindowDMY = 0, inWindowMDY = 0
        if let column {
            values(column) { cell in
                guard let (a, b) = SubmissionDate.dayMonthNumbers(cell) ?? Self.normalisedDayMonth(cell) else { return }
                seen += 1
                if a > 12, b <= 12 { firstAbove += 1 }
                if b > 12, a <= 12 { secondAbove += 1 }
                if let date = SubmissionDate.parse(bytes: cell, order: .dmy)?.date, opens <= date, date <= closes {
                    inWindowDMY += 1
                }
                if let date = SubmissionDate.parse(bytes: cell, order: .mdy)?.date, opens <= date, date <= closes {
                    inWindowMDY += 1
                }
            }
        }
        func dates(_ count: Int) -> String { count == 1 ? "1 date" : "\(count) dates" }
        func have(_ count: Int) -> String { count == 1 ? "has" : "have" }
        if firstAbove != secondAbove {
            let mdy = secondAbove > firstAbove
            let (winner, loser) = mdy ? (secondAbove, firstAbove) : (firstAbove, secondAbove)
            let reason =
                "auto: \(dates(winner)) \(have(winner)) the \(mdy ? "second" : "first") number above 12, "
                + "\(loser == 0 ? "none" : String(loser)) the \(mdy ? "first" : "second")"
            return DateOrderDecision(setting: .auto, used: mdy ? .mdy : .dmy, reason: reason)
        }
        guard seen > 0 else { return DateOrderDecision(setting: .auto, used: .dmy, reason: "auto: no day/month dates") }
        let above =
            firstAbove == 0
            ? "no number above 12"
            : "\(dates(firstAbove)) \(have(firstAbove)) the first number above 12 and \(firstAbove) the second"
        let mdy = inWindowMDY > inWindowDMY
        let (winner, loser) = mdy ? (inWindowMDY, inWindowDMY) : (inWindowDMY, inWindowMDY)
        let reason =
            "auto: \(above); \(dates(winner)) in the wave window as \(mdy ? "MDY" : "DMY"), \(loser) as \(mdy ? "DMY" : "MDY")"
        return DateOrderDecision(setting: .auto, used: mdy ? .mdy : .dmy, reason: reason)
    }

    /// `dayMonthNumbers` of a cell that holds non-ASCII white space (normalised first).
    static func normalisedDayMonth(_ cell: UnsafeBufferPointer<UInt8>) -> (a: Int, b: Int)? {
        guard !cell.allSatisfy({ $0 < 0x80 }) else { return nil }
        var text = TextMatching.normalised(String(decoding: cell, as: UTF8.self))
        return text.withUTF8 { SubmissionDate.dayMonthNumbers($0) }
    }
}
