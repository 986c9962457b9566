import Foundation

/// Reads one wave's `responses.csv` into a tally of the scored rows and the rejects
/// (SPEC §2.3, §2.4, §7, §8).
///
/// Streams bytes: the file is mapped and released as it is read, fields are ranges into
/// it, and the common cells (a digit, an empty cell, a token, a plain label) never become
/// Strings. Each row that passes its checks goes straight into integer tallies; only one
/// compact entry per response id is kept, for the duplicate rule, and a row that later
/// loses is read again and taken back out. Large files are read in two halves at once: the
/// second half starts at a line break guessed to begin a record and is kept only when the
/// first half's scan ends exactly there; halves merge exactly, so the result equals a
/// sequential read. See `StreamingRead.swift`; records of texts (a workbook's rows) go
/// through the same checks (`TextRecords.swift`).
public final class ResponseReader: Sendable {
    public let instrument: Instrument
    public let register: Register
    public let opens: CalendarDate
    public let closes: CalendarDate
    /// How this wave's export is read (wave.yaml and its preset).
    public let settings: ExportSettings
    let parser: CellParser
    let roleIndex: [String: Int]
    let reverse: [Bool]
    let knowledge: [Bool]
    /// Each item's table in `cellKeys` (its scale, or the knowledge table), and its storage.
    let itemTables: FlatInts
    nonisolated(unsafe) let itemTableBase: UnsafeMutablePointer<Int>
    let itemCount: Int
    /// The instrument's tokens, codes, labels and true/false words as byte tables.
    let cellKeys: CellKeys
    let organisations: OrganisationMatcher
    /// Normalised, lowercased role names to role indices.
    let roleTable: ByteKeyTable

    /// Files at least this large are read in two halves at once.
    public static let parallelThreshold = 1 << 22

    /// Bytes scanned between two checks of UTF-8 validity and two releases of pages read.
    public let window: Int

    public init(
        instrument: Instrument, register: Register, opens: CalendarDate, closes: CalendarDate,
        settings: ExportSettings = ExportSettings(), window: Int = 8 << 20
    ) {
        self.window = window
        self.instrument = instrument
        self.register = register
        self.opens = opens
        self.closes = closes
        self.settings = settings
        parser = CellParser(instrument: instrument)
        var roles: [String: Int] = [:]
        for (index, role) in instrument.roles.enumerated() where roles[TextMatching.key(role)] == nil {
            roles[TextMatching.key(role)] = index
        }
        roleIndex = roles
        let items = instrument.items
        reverse = items.map(\.isReverse)
        knowledge = items.map(\.isKnowledge)
        itemCount = items.count
        let cellKeys = CellKeys(instrument: instrument, parser: parser)
        self.cellKeys = cellKeys
        let scaleIndices = instrument.itemScaleIndices
        itemTables = FlatInts(items.indices.map { items[$0].isKnowledge ? cellKeys.knowledgeTable : scaleIndices[$0] })
        itemTableBase = itemTables.base
        organisations = OrganisationMatcher(register: register)
        let roleTable = ByteKeyTable(capacity: roles.count)
        for (key, index) in roles.sorted(by: { $0.value < $1.value }) {
            var key = key
            key.withUTF8 { _ = roleTable.insert($0, value: Int32(index)) }
        }
        self.roleTable = roleTable
    }
}

/// Whether a large file is read in two halves at once.
///
/// The output is the same either way;
/// `always` and `never` exist to prove that.
public enum Parallelism: String, Sendable, CaseIterable {
    case automatic = "auto"
    case always, never
}
