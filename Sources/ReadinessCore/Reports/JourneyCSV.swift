import Foundation

/// `centre/journey.csv` (SPEC §9.7): every wave of a wave's journey, organisations then the
/// national and charter groups, each wave's rows the same in every file that covers it.
///
/// A wave's rows are made once and kept, so the file of wave W is its header and the
/// blocks of waves 0...W joined: time and memory grow with the survey, not its square.
public final class JourneyCSV: @unchecked Sendable {
    public static let header = [
        "wave", "closes", "scope", "sector", "signatory", "first_wave", "domain", "n", "organisations",
        "mean", "median", "q1", "q3", "level", "published", "reason",
    ]
    let history: SurveyHistory
    private var blocks: [[UInt8]?]
    private let lock = NSLock()

    public init(history: SurveyHistory) {
        self.history = history
        blocks = Array(repeating: nil, count: history.waves.count)
    }

    /// The file of wave `wave`: its whole journey.
    public func file(through wave: Int) -> [UInt8] {
        var bytes = CSVTable(header: Self.header).bytes
        for earlier in 0...wave { bytes += block(earlier) }
        return bytes
    }

    /// The rows of one wave as CSV, made on first use.
    public func block(_ wave: Int) -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        if let made = blocks[wave] { return made }
        var table = CSVTable()
        CentreTable.append(Self.rows(history, wave: wave), to: &table)
        blocks[wave] = table.bytes
        return table.bytes
    }

    /// The rows of wave `wave`: its organisations by id, then the groups, each with the
    /// domains then overall.
    public static func rows(_ history: SurveyHistory, wave: Int) -> [[TableField]] {
        let instrument = history.instrument
        let register = history.register.organisations
        let waveID = TableField.text(history.waves[wave].id)
        let closes = TableField.text(history.waves[wave].closes.description)
        let domainIDs = instrument.domains.map(\.id) + ["overall"]
        let empty = TableField.text("")
        var rows: [[TableField]] = []
        for organisation in history.scores[wave].organisations {
            let entry = register[organisation.organisation]
            let signatory = TableField.bool(history.isSignatory(organisation.organisation, atWave: wave))
            let first = TableField.text(history.firstWave[organisation.organisation].map { history.waves[$0].id } ?? "")
            let head = [waveID, closes, .text(entry.id), .text(entry.sector), signatory, first]
            for (domain, score) in organisation.domains.enumerated() {
                rows.append(
                    head + [
                        .text(domainIDs[domain]), .integer(score.n), empty, .number(score.mean), empty, empty, empty,
                        .text(score.level ?? ""), .bool(score.published), .text(score.reason),
                    ])
            }
            rows.append(
                head + [
                    .text("overall"), .integer(organisation.respondents), empty, .number(organisation.overall),
                    empty, empty, empty, .text(organisation.overallLevel ?? ""), .bool(organisation.overall != nil),
                    .text(organisation.overallReason),
                ])
        }
        for group in JourneyGroup.allCases {
            for (domain, point) in history.groups[wave][group.rawValue].enumerated() {
                rows.append([
                    waveID, closes, .text(group.scope), empty, empty, empty, .text(domainIDs[domain]), empty,
                    .integer(point.organisations), .number(point.mean), .number(point.median), .number(point.lower),
                    .number(point.upper), .text(point.level ?? ""), .bool(point.published), .text(point.reason),
                ])
            }
        }
        return rows
    }
}
