/// One problem that makes a workbook unreadable (SPEC §8.7, §8.9), before it is given the
/// file's name and becomes a `Diagnostic`.
struct XLSXProblem: Error, Equatable {
    var message: String
    /// The sheet row (and column) the problem is on, when it is inside the sheet's data.
    var line: Int? = nil
    var column: Int? = nil
}

/// The directory of a ZIP archive held in memory (a mapped file), read from its central
/// directory; the parts themselves are inflated on demand by `PartInflater`.
///
/// Only what an .xlsx needs: stored and deflated entries, ZIP64 sizes and offsets, no
/// encryption, no multi-disk archives. Every offset and size is checked against the file,
/// so a damaged or hostile archive gives an `XLSXProblem`, never a read out of bounds.
struct ZipArchive {
    /// One entry of the central directory.
    struct Entry: Equatable {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
        var isEncrypted: Bool { flags & 1 != 0 }
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// Entries in central-directory order.
    let entries: [Entry]
    /// Entry index by ASCII-lowercased name: OPC part names are case-insensitive.
    private let index: [String: Int]

    static let localSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let compoundFileSignature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Reads the central directory, or says why `bytes` are not a ZIP archive.
    init(_ bytes: UnsafeBufferPointer<UInt8>) throws(XLSXProblem) {
        self.bytes = bytes
        let notZip = XLSXProblem(message: "not an .xlsx workbook: the file is not a ZIP archive")
        // The end-of-central-directory record is in the last 22 + 65,535 bytes (its comment).
        let count = bytes.count
        guard count >= 22 else { throw notZip }
        var eocd = -1
        var position = count - 22
        let lowest = max(0, count - 22 - 65_535)
        while position >= lowest {
            if bytes[position] == 0x50, bytes[position + 1] == 0x4B, bytes[position + 2] == 0x05,
                bytes[position + 3] == 0x06
            {
                eocd = position
                break
            }
            position -= 1
        }
        guard eocd >= 0 else { throw notZip }
        var entryCount = UInt64(Self.u16(bytes, eocd + 10))
        var directorySize = UInt64(Self.u32(bytes, eocd + 12))
        var directoryOffset = UInt64(Self.u32(bytes, eocd + 16))
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: a locator just before the record points at the ZIP64 end record.
            let locator = eocd - 20
            if locator >= 0, Self.u32(bytes, locator) == 0x0706_4B50 {
                let record = Self.u64(bytes, locator + 8)
                guard count >= 56, record <= UInt64(count - 56), Self.u32(bytes, Int(record)) == 0x0606_4B50 else {
                    throw notZip
                }
                entryCount = Self.u64(bytes, Int(record) + 32)
                directorySize = Self.u64(bytes, Int(record) + 40)
                directoryOffset = Self.u64(bytes, Int(record) + 48)
            }
        }
        guard directoryOffset <= UInt64(count), directorySize <= UInt64(count) - directoryOffset else { throw notZip }
        var entries: [Entry] = []
        var index: [String: Int] = [:]
        var cursor = Int(directoryOffset)
        let end = Int(directoryOffset + directorySize)
        // Each entry takes at least 46 bytes, so a forged count cannot make us loop long.
        while UInt64(entries.count) < entryCount, cursor + 46 <= end {
            guard Self.u32(bytes, cursor) == 0x0201_4B50 else { throw notZip }
            let nameLength = Int(Self.u16(bytes, cursor + 28))
            let extraLength = Int(Self.u16(bytes, cursor + 30))
            let commentLength = Int(Self.u16(bytes, cursor + 32))
            let next = cursor + 46 + nameLength + extraLength + commentLength
            guard next <= end else { throw notZip }
            let name = String(
                decoding: UnsafeBufferPointer(rebasing: bytes[(cursor + 46)..<(cursor + 46 + nameLength)]),
                as: UTF8.self)
            var entry = Entry(
                name: name, method: Self.u16(bytes, cursor + 10), flags: Self.u16(bytes, cursor + 8),
                crc32: Self.u32(bytes, cursor + 16),
                compressedSize: UInt64(Self.u32(bytes, cursor + 20)),
                uncompressedSize: UInt64(Self.u32(bytes, cursor + 24)),
                localHeaderOffset: UInt64(Self.u32(bytes, cursor + 42)))
            Self.applyZip64(&entry, extra: cursor + 46 + nameLength, length: extraLength, in: bytes)
            let key = Self.asciiLowercased(name)
            if index[key] == nil { index[key] = entries.count }
            entries.append(entry)
            cursor = next
        }
        self.entries = entries
        self.index = index
    }

    /// The entry named `name` (case-insensitive), if any.
    func entry(_ name: String) -> Entry? {
        index[Self.asciiLowercased(name)].map { entries[$0] }
    }

    /// The compressed bytes of `entry`, located through its local header.
    func compressedData(of entry: Entry) throws(XLSXProblem) -> UnsafeBufferPointer<UInt8> {
        let damaged = XLSXProblem(
            message: "part \(entry.name) is damaged: its local header is not where the directory says")
        guard entry.localHeaderOffset <= UInt64(bytes.count), UInt64(bytes.count) - entry.localHeaderOffset >= 30 else {
            throw damaged
        }
        let header = Int(entry.localHeaderOffset)
        guard Self.u32(bytes, header) == 0x0403_4B50 else { throw damaged }
        let start = UInt64(header + 30) + UInt64(Self.u16(bytes, header + 26)) + UInt64(Self.u16(bytes, header + 28))
        guard start <= UInt64(bytes.count), entry.compressedSize <= UInt64(bytes.count) - start else {
            throw XLSXProblem(message: "part \(entry.name) is damaged: it runs past the end of the file")
        }
        return UnsafeBufferPointer(rebasing: bytes[Int(start)..<Int(start + entry.compressedSize)])
    }

    /// Sizes and offset from the ZIP64 extra field (id 1), for those the entry marks 0xFFFFFFFF.
    private static func applyZip64(_ entry: inout Entry, extra: Int, length: Int, in bytes: UnsafeBufferPointer<UInt8>)
    {
        var cursor = extra
        let end = extra + length
        while cursor + 4 <= end {
            let id = u16(bytes, cursor), size = Int(u16(bytes, cursor + 2))
            let dataEnd = cursor + 4 + size
            guard dataEnd <= end else { return }
            if id == 1 {
                var field = cursor + 4
                func next() -> UInt64? {
                    guard field + 8 <= dataEnd else { return nil }
                    defer { field += 8 }
                    return u64(bytes, field)
                }
                if entry.uncompressedSize == 0xFFFF_FFFF, let value = next() { entry.uncompressedSize = value }
                if entry.compressedSize == 0xFFFF_FFFF, let value = next() { entry.compressedSize = value }
                if entry.localHeaderOffset == 0xFFFF_FFFF, let value = next() { entry.localHeaderOffset = value }
                return
            }
            cursor = dataEnd
        }
    }

    static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    static func u16(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func u32(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16
    }

    static func u64(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt64 {
        UInt64(u32(bytes, at)) | UInt64(u32(bytes, at + 4)) << 32
    }
}
