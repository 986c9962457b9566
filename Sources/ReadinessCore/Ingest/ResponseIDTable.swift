import CShims

/// The duplicate rule's memory: one compact entry per distinct response id, the row that
/// currently wins for it.
///
/// The id's bytes are not copied when they lie plainly in the input (an unquoted field):
/// the entry points at them. Only this table grows with responses.
final class ResponseIDTable {
    /// The winning row of one response id: 40 bytes.
    struct Entry {
        var hash: UInt64
        /// Byte offset of the row's record in the input (to read it again when it loses).
        var record: Int
        /// Physical line of the record.
        var line: Int
        /// The submission instant; `Int64.min` when the row has none.
        var instant: Int64
        /// Where the id's bytes are: this many bytes after `record` in the input, or (when
        /// `inArena`) at this offset of the table's own arena.
        var idOffset: UInt32
        /// The id's length; the top bit says the bytes are in the arena.
        var lengthAndPlace: UInt32

        var idLength: Int { Int(lengthAndPlace & 0x7FFF_FFFF) }
        var inArena: Bool { lengthAndPlace & 0x8000_0000 != 0 }
    }

    /// Entries in insertion order, in storage of their own (`capacity` of them).
    @exclusivity(unchecked) private(set) var entries: UnsafeMutablePointer<Entry>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0
    /// Ids that could not be pointed at (quoted or trimmed of non-ASCII white space).
    @exclusivity(unchecked) private(set) var arena: [UInt8] = []
    /// Open addressing with linear probing: the hash's high 32 bits, then entry index + 1;
    /// 0 for an empty slot.
    ///
    /// Most probes are settled by the slot alone.
    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private var mask: Int

    init(expected: Int) {
        var size = 1024
        while size * 3 < expected * 4 { size <<= 1 }
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        mask = size - 1
        capacity = max(16, expected)
        entries = .allocate(capacity: capacity)
    }

    deinit {
        entries.deinitialize(count: count)
        entries.deallocate()
        slots.deallocate()
    }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var index = 0
        if let base = key.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= key.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                hash ^= hash >> 32
                index += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < key.count {
                tail |= UInt64(base[index]) << shift
                shift += 8
                index += 1
            }
            hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        return hash ^ (hash >> 29)
    }

    /// The id bytes of an entry, from the input or the arena.
    @inline(__always)
    func withID<Result>(
        _ entry: Entry, input: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        let start = Int(entry.idOffset)
        if entry.inArena {
            return arena.withUnsafeBufferPointer {
                body(UnsafeBufferPointer(rebasing: $0[start..<start + entry.idLength]))
            }
        }
        return body(
            UnsafeBufferPointer(rebasing: input[(entry.record + start)..<(entry.record + start + entry.idLength)]))
    }

    /// Starts loading the slot where a hash's search begins.
    @inline(__always)
    func prefetch(_ hash: UInt64) {
        readiness_prefetch(slots + (Int(truncatingIfNeeded: hash) & mask))
    }

    /// Whether some entry has this hash: settled without reading any id, so that ids are
    /// read (and their pages touched) only for a likely match.
    func contains(hash: UInt64) -> Bool {
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return false }
            if stored >> 32 == tag, entries[Int(stored & 0xFFFF_FFFF) - 1].hash == hash { return true }
            slot = (slot + 1) & mask
        }
    }

    /// The entry index for `id`, if present.
    func find(_ id: UnsafeBufferPointer<UInt8>, hash: UInt64, input: UnsafeBufferPointer<UInt8>) -> Int? {
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if stored >> 32 == tag {
                let index = Int(stored & 0xFFFF_FFFF) - 1
                let entry = entries[index]
                if entry.hash == hash, entry.idLength == id.count,
                    withID(entry, input: input, { $0.elementsEqual(id) })
                {
                    return index
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds an entry for an id known to be absent.
    ///
    /// The id is pointed at when it lies in the input at `idStart` (after `record`), else
    /// copied to the arena. Returns the index.
    @discardableResult
    func insert(_ id: UnsafeBufferPointer<UInt8>, hash: UInt64, idStart: Int?, record: Int, line: Int, instant: Int64)
        -> Int
    {
        if (count + 1) * 4 > (mask + 1) * 3 { grow() }
        if count == capacity {
            let larger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: entries, count: count)
            entries.deallocate()
            entries = larger
            capacity *= 2
        }
        var entry = Entry(hash: hash, record: record, line: line, instant: instant, idOffset: 0, lengthAndPlace: 0)
        locate(&entry, id: id, idStart: idStart)
        (entries + count).initialize(to: entry)
        count += 1
        place(hash: hash, index: count - 1)
        return count - 1
    }

    private func place(hash: UInt64, index: Int) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = (hash >> 32) << 32 | UInt64(index + 1)
    }

    /// Where an entry finds its id: in the input at `idStart` (after `record`), else copied
    /// to the arena.
    private func locate(_ entry: inout Entry, id: UnsafeBufferPointer<UInt8>, idStart: Int?) {
        precondition(id.count < 0x8000_0000, "a response id longer than 2 GB")
        entry.lengthAndPlace = UInt32(id.count)
        if let idStart, idStart - entry.record >= 0, idStart - entry.record <= Int(UInt32.max) {
            entry.idOffset = UInt32(idStart - entry.record)
        } else {
            precondition(arena.count <= Int(UInt32.max), "response ids that need copying exceed 4 GB")
            entry.idOffset = UInt32(arena.count)
            entry.lengthAndPlace |= 0x8000_0000
            arena.append(contentsOf: id)
        }
    }

    /// Makes another row the winner of an entry's id; the id is then found through that row.
    func replaceWinner(
        _ index: Int, id: UnsafeBufferPointer<UInt8>, idStart: Int?, record: Int, line: Int, instant: Int64
    ) {
        entries[index].record = record
        entries[index].line = line
        entries[index].instant = instant
        if entries[index].inArena { return }
        locate(&entries[index], id: id, idStart: idStart)
    }

    /// Moves an entry's line (the lines of a later part become lines of the file).
    func shiftLine(_ index: Int, by shift: Int) {
        entries[index].line += shift
    }

    private func grow() {
        let size = (mask + 1) * 2
        slots.deallocate()
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        mask = size - 1
        for index in 0..<count { place(hash: entries[index].hash, index: index) }
    }

    /// Whether a row with `instant` (later in the file) beats the entry's row: the latest
    /// instant wins, a row with one beats a row without, ties go to the later row.
    @inline(__always)
    static func laterRowWins(_ instant: Int64, over entry: Entry) -> Bool {
        !(entry.instant != Int64.min && (instant == Int64.min || entry.instant > instant))
    }
}
