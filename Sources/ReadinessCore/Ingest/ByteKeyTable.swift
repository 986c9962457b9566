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
                                && (length == 0 || memcmp(arena.baseAddress! + start, key.baseAddress!, length) == 0)
                            {
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
            var slot =
                arena.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[start..<end])) } & mask
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

/// `TextMatching.key` on bytes, for texts that are ASCII (U+2019 allowed): lowercased,
/// every run of white space one space, trimmed, `’` read as `'`; no String is made.
enum ASCIIKey {
    /// Calls `body` with the key of `bytes` after `prefix`; nil when `bytes` holds other
    /// non-ASCII text or its key would pass `capacity` bytes.
    @inline(__always)
    static func with<Result>(
        _ bytes: UnsafeBufferPointer<UInt8>, prefix: (UInt8, UInt8)? = nil, capacity: Int = 64,
        _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result? {
        guard bytes.count <= capacity else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity + 2) { key -> Result? in
            var length = 0
            if let prefix {
                key[0] = prefix.0
                key[1] = prefix.1
                length = 2
            }
            let start = length
            var index = 0, space = false
            let end = bytes.count
            while index < end {
                let byte = bytes[index]
                if byte > 0x20, byte < 0x80 {
                    // The common byte: printable ASCII, lowercased.
                    if space {
                        key[length] = 0x20
                        length += 1
                        space = false
                    }
                    key[length] = byte &+ (byte &- 0x41 < 26 ? 0x20 : 0)
                    length += 1
                    index += 1
                    continue
                }
                if byte < 0x80 {
                    if (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x20) {
                        space = length > start
                        index += 1
                        continue
                    }
                    if space {
                        key[length] = 0x20
                        length += 1
                        space = false
                    }
                    key[length] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                    index += 1
                } else if byte == 0xE2, index + 2 < end, bytes[index + 1] == 0x80, bytes[index + 2] == 0x99 {
                    if space {
                        key[length] = 0x20
                        length += 1
                        space = false
                    }
                    key[length] = UInt8(ascii: "'")
                    index += 3
                } else {
                    return nil
                }
                length += 1
            }
            return body(UnsafeBufferPointer(rebasing: key[0..<length]))
        }
    }
}
