import CZlibShim

/// Inflates one part of a ZIP archive piece by piece into a caller's buffer (the only file
/// that imports zlib), so that no part is ever held whole in memory.
///
/// It stops with an `XLSXProblem` as soon as the output passes `limit` (a zip bomb is caught
/// after `limit` bytes of output, not after inflating everything), when the deflate stream is
/// damaged or truncated, and, at the end, when the CRC-32 does not match the directory's.
final class PartInflater {
    /// SPEC §8.7: a part inflating beyond 4 GiB is not read.
    static let defaultLimit: UInt64 = 4 << 30

    let name: String
    private let input: UnsafeBufferPointer<UInt8>
    private let stored: Bool
    private let expectedCRC: UInt32
    private let limit: UInt64
    private let checksCRC: Bool
    private var stream = z_stream()
    private var streamOpen = false
    private var inputOffset = 0
    private var finished = false
    private var crc: UInt = 0
    private(set) var produced: UInt64 = 0
    /// The size the directory claims (checked while inflating, so only a hint for buffers).
    let claimedSize: UInt64

    /// Prepares `entry` of `archive`; `checksCRC` false skips the checksum (a second pass).
    init(
        _ entry: ZipArchive.Entry, of archive: ZipArchive, limit: UInt64 = PartInflater.defaultLimit,
        checksCRC: Bool = true
    ) throws(XLSXProblem) {
        name = entry.name
        if entry.isEncrypted {
            throw XLSXProblem(message: "part \(entry.name) is encrypted; save the workbook without a password")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw XLSXProblem(
                message:
                    "part \(entry.name) uses ZIP compression method \(entry.method), "
                    + "which is not read; save the workbook again from Excel"
            )
        }
        // The directory's size is only a claim, checked again while inflating; a claim above
        // the limit is refused before any work.
        guard entry.uncompressedSize <= limit else { throw Self.tooLarge(entry.name) }
        claimedSize = entry.uncompressedSize
        input = try archive.compressedData(of: entry)
        stored = entry.method == 0
        expectedCRC = entry.crc32
        self.limit = limit
        self.checksCRC = checksCRC
        if !stored {
            let status = inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else {
                throw XLSXProblem(message: "part \(entry.name) cannot be inflated (zlib error \(status))")
            }
            streamOpen = true
        }
    }

    deinit {
        if streamOpen { inflateEnd(&stream) }
    }

    static func tooLarge(_ name: String) -> XLSXProblem {
        XLSXProblem(message: "part \(name) inflates beyond 4 GiB, which is not read")
    }

    /// Fills up to `buffer.count` bytes; 0 means the part is over (and checked).
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(XLSXProblem) -> Int {
        guard !finished, buffer.count > 0, let base = buffer.baseAddress else { return 0 }
        var count = 0
        if stored {
            count = min(buffer.count, input.count - inputOffset)
            if count > 0 {
                UnsafeMutableRawPointer(base).copyMemory(from: input.baseAddress! + inputOffset, byteCount: count)
            }
            inputOffset += count
            if count == 0 { finished = true }
        } else {
            while count == 0 {
                if stream.avail_in == 0, inputOffset < input.count {
                    let piece = min(input.count - inputOffset, 1 << 30)
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + inputOffset)
                    stream.avail_in = UInt32(piece)
                    inputOffset += piece
                }
                let room = min(buffer.count, Int(UInt32.max))
                stream.next_out = base
                stream.avail_out = UInt32(room)
                let status = CZlibShim.inflate(&stream, Z_NO_FLUSH)
                count = room - Int(stream.avail_out)
                if status == Z_STREAM_END {
                    finished = true
                    break
                }
                if status == Z_BUF_ERROR, stream.avail_in == 0, inputOffset >= input.count {
                    throw XLSXProblem(message: "part \(name) is damaged: its compressed data ends too early")
                }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    throw XLSXProblem(message: "part \(name) is damaged: its compressed data cannot be inflated")
                }
            }
        }
        produced += UInt64(count)
        guard produced <= limit else { throw Self.tooLarge(name) }
        if checksCRC, count > 0 { crc = crc32(crc, base, UInt32(count)) }
        if finished, checksCRC, UInt32(truncatingIfNeeded: crc) != expectedCRC {
            throw XLSXProblem(message: "part \(name) is damaged: its checksum does not match")
        }
        return count
    }
}
