import CShims

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file mapped read-only into memory.
///
/// The kernel pages it in as it is read, and
/// `release(before:)` hands pages already read back to the page cache, so a file of any
/// size is streamed through a window of memory, not held whole.
///
/// Only regular files are mapped (a FIFO or a device is refused at once, never waited on).
/// The mapping is guarded (CShims): if the file shrinks while it is mapped, reading past its
/// new end sees zeros instead of raising SIGBUS, and the change is caught afterwards by the
/// file's identity (`Survey.inputsChangedSinceLoading`).
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The file as it was when mapped.
    let identity: FileIdentity
    private let base: UnsafeMutableRawPointer?
    private let length: Int
    private let guardSlot: Int32
    private static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps `path`; the error names the file and what failed.
    init(path: String) throws(FatalInputError) {
        let descriptor: Int32
        switch InputFile.open(path) {
        case .success(let opened):
            descriptor = opened.descriptor
            identity = opened.identity
        case .failure(let error):
            throw FatalInputError([Diagnostic(file: path, message: "cannot read: \(error.reason)")])
        }
        defer { close(descriptor) }
        length = identity.size
        guard length > 0 else {
            base = nil
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            guardSlot = -1
            return
        }
        let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw FatalInputError([
                Diagnostic(file: path, message: "cannot map into memory: \(String(cString: strerror(errno)))")
            ])
        }
        _ = madvise(mapped, length, MADV_SEQUENTIAL)
        base = mapped
        bytes = UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: length)
        guardSlot = readiness_guard_mapping(mapped, length)
    }

    deinit {
        readiness_unguard_mapping(guardSlot)
        if let base { munmap(base, length) }
    }

    /// Whether the file shrank under the mapping while it was read (zeros were read past its end).
    var shrank: Bool { readiness_mapping_shrank(guardSlot) != 0 }

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
