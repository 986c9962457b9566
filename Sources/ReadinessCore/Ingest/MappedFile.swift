#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only into memory. The kernel pages it in as it is read, and
/// `release(before:)` hands pages already read back to the page cache, so a file of any
/// size is streamed through a window of memory, not held whole.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    private let base: UnsafeMutableRawPointer?
    private let length: Int
    private static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps `path`; the error names the file and what failed.
    init(path: String) throws(FatalInputError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FatalInputError([Diagnostic(file: path, message: "cannot open: \(String(cString: strerror(errno)))")])
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw FatalInputError([Diagnostic(file: path, message: "cannot read: \(String(cString: strerror(errno)))")])
        }
        length = Int(status.st_size)
        guard length > 0 else {
            base = nil
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw FatalInputError([Diagnostic(file: path, message: "cannot map into memory: \(String(cString: strerror(errno)))")])
        }
        _ = madvise(mapped, length, MADV_SEQUENTIAL)
        base = mapped
        bytes = UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: length)
    }

    deinit {
        if let base { munmap(base, length) }
    }

    /// Drops the whole pages of `range` (offsets into `bytes`) from this process's memory;
    /// reading them again pages them back in.
    func release(_ range: Range<Int>) {
        guard let base else { return }
        let start = (range.lowerBound + Self.page - 1) / Self.page * Self.page
        let end = min(range.upperBound, length) / Self.page * Self.page
        guard end > start else { return }
        _ = madvise(base + start, end - start, MADV_DONTNEED)
    }
}
