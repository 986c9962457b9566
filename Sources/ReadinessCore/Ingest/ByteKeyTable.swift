#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A hash table from byte strings to small integers, with the keys kept in one arena:
/// looking up an id read from a file needs no String and no allocation.
final class ByteKeyTable: @unchecked Sendable {
    @exclusivity(unchecked) private var arena: [UInt8] = []
    @exclusivity(unchecked) private var keyStarts: [Int] = []
    @exclusivity(unchecked) private var keyEnds: [Int] = []
    @exclusivity(unchecked) private var values: [Int32] = []
    /// Open addressing: an index into `values`, or -1.
    @exclusivity(unchecked) private var slots: [Int32]
    @exclusivity(unchecked) private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { values.count }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    /// The value stored for `key`, if any.
    func value(for key: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard let entry = find(key) else { return nil }
        return values[entry]
    }

    /// The entry holding `key`, if any.
    private func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            keyStarts.withUnsafeBufferPointer { starts in
                keyEnds.withUnsafeBufferPointer { ends in
                    arena.withUnsafeBufferPointer { arena in
                        var slot = Self.hash(key) & mask
                        while true {
                            let entry = Int(slots[slot])
                            if entry < 0 { return nil }
                            let start = starts[entry], length = ends[entry] - start
                            if length == key.count
                                && (length == 0 || memcmp(arena.baseAddress! + start, key.baseAddress!, length) == 0) {
                                return entry
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                }
            }
        }
    }

    /// Stores `value` for `key` unless the key is present; returns the entry index.
    @discardableResult
    func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int32) -> (entry: Int, inserted: Bool) {
        if values.count * 2 >= slots.count { grow() }
        if let entry = find(key) { return (entry, false) }
        var slot = Self.hash(key) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(values.count)
        keyStarts.append(arena.count)
        arena.append(contentsOf: key)
        keyEnds.append(arena.count)
        values.append(value)
        return (values.count - 1, true)
    }

    /// The value of an entry.
    subscript(entry: Int) -> Int32 {
        get { values[entry] }
        set { values[entry] = newValue }
    }

    private func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for entry in values.indices {
            let start = keyStarts[entry], end = keyEnds[entry]
            var slot = arena.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[start..<end])) } & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
    }
}

extension ByteKeyTable {
    /// A table of texts, each keyed by its UTF-8 bytes.
    convenience init(_ keys: [String]) {
        self.init(capacity: keys.count)
        for (index, key) in keys.enumerated() {
            var key = key
            key.withUTF8 { _ = insert($0, value: Int32(index)) }
        }
    }
}
