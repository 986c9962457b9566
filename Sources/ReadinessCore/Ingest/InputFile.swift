#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which file an input is and how it stood when it was opened: enough to notice that it
/// changed (grew, shrank, was rewritten or replaced) while the run was reading it.
public struct FileIdentity: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int
    public var modifiedSeconds: Int
    public var modifiedNanoseconds: Int

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int(status.st_size)
        #if canImport(Darwin)
            modifiedSeconds = Int(status.st_mtimespec.tv_sec)
            modifiedNanoseconds = Int(status.st_mtimespec.tv_nsec)
        #else
            modifiedSeconds = Int(status.st_mtim.tv_sec)
            modifiedNanoseconds = Int(status.st_mtim.tv_nsec)
        #endif
    }

    /// How `now` differs from this, for a message.
    func change(to now: FileIdentity?) -> String {
        guard let now else { return "it is gone" }
        if now.device != device || now.inode != inode { return "it was replaced by another file" }
        if now.size != size { return "its size went from \(size) to \(now.size) bytes" }
        return "it was rewritten (its modification time changed)"
    }
}

/// Opens input files safely: regular files only, never waiting on a FIFO or a device.
enum InputFile {
    /// What kind of file a `stat` mode is, for a message; nil for a regular file.
    static func irregularKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "not a regular file"
        }
    }

    /// An open descriptor of the regular file at `path` and its identity, or why not.
    ///
    /// `O_NONBLOCK` so that opening a FIFO returns at once (a plain open would wait for a
    /// writer for ever); the kind is then checked on the descriptor itself, so a file
    /// swapped in between cannot slip past.
    static func open(_ path: String) -> Result<(descriptor: Int32, identity: FileIdentity), InputFileError> {
        let descriptor = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(InputFileError(String(cString: strerror(errno)))) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            return .failure(InputFileError(reason))
        }
        if let kind = irregularKind(status.st_mode) {
            close(descriptor)
            return .failure(InputFileError("it is \(kind), not a regular file"))
        }
        return .success((descriptor, FileIdentity(status)))
    }

    /// The whole of a (small) regular file, or why it cannot be read.
    static func contents(_ path: String) -> Result<[UInt8], InputFileError> {
        let opened: (descriptor: Int32, identity: FileIdentity)
        switch open(path) {
        case .success(let value): opened = value
        case .failure(let error): return .failure(error)
        }
        defer { close(opened.descriptor) }
        var bytes = [UInt8](repeating: 0, count: opened.identity.size)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(opened.descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if count < 0, errno == EINTR { continue }
            if count < 0 { return .failure(InputFileError(String(cString: strerror(errno)))) }
            if count == 0 { break }
            offset += count
        }
        // A file that shrank while being read ends where it ended.
        return .success(Array(bytes.prefix(offset)))
    }

    /// The identity of what is at `path` now, or nil when nothing is.
    static func identity(of path: String) -> FileIdentity? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return FileIdentity(status)
    }
}

/// Why an input file could not be opened or read.
struct InputFileError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
