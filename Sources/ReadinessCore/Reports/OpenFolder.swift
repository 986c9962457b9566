#if canImport(Glibc)
    import Glibc
#endif

/// A folder held open by its descriptor and worked in by name, one path component at a
/// time, never following a symbolic link: a link planted anywhere under it is treated as
/// what it is (an entry to skip or remove), never as the folder or file it points to.
///
/// Every failure is an `OutputError` naming the path and the system's reason.
final class OpenFolder: @unchecked Sendable {
    let descriptor: Int32
    /// The folder's path, for messages only: nothing is opened by it after `init`.
    let path: String

    /// Opens the folder at `path` (symbolic links in `path` itself are the caller's choice
    /// and are followed).
    init(path: String) throws(OutputError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw OutputError(path: path, message: "cannot open the folder: \(Self.reason())")
        }
        self.descriptor = descriptor
        self.path = path
    }

    /// Opens the subfolder `name`; fails with ELOOP or ENOTDIR when it is a link or a file.
    init(_ parent: OpenFolder, _ name: String) throws(OutputError) {
        let descriptor = openat(parent.descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        path = parent.path + "/" + name
        guard descriptor >= 0 else {
            throw OutputError(path: path, message: "cannot open the folder: \(Self.reason())")
        }
        self.descriptor = descriptor
    }

    /// Opens the folder at `relative` (components separated by "/"), one component at a time.
    convenience init(_ parent: OpenFolder, relative: String) throws(OutputError) {
        var current = parent
        var components = relative.split(separator: "/").map(String.init)
        guard let last = components.popLast() else {
            try self.init(parent, ".")
            return
        }
        for component in components { current = try OpenFolder(current, component) }
        try self.init(current, last)
    }

    deinit { close(descriptor) }

    static func reason() -> String { String(cString: strerror(errno)) }

    /// The kind of the entry `name` (`S_IFDIR`, `S_IFREG`, `S_IFLNK`…), not following a link,
    /// or nil when there is none.
    func kind(of name: String) -> mode_t? {
        var status = stat()
        guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return status.st_mode & S_IFMT
    }

    /// The entry's status, not following a link, or nil when there is none.
    func status(of name: String) -> stat? {
        var status = stat()
        guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return status
    }

    /// Makes the subfolder `name`; fails if anything already has that name.
    func makeFolder(_ name: String, mode: mode_t = 0o755) throws(OutputError) {
        guard mkdirat(descriptor, name, mode) == 0 else {
            throw OutputError(path: path + "/" + name, message: "cannot create the folder: \(Self.reason())")
        }
    }

    /// Writes a new file `name` with `bytes`; fails if anything already has that name.
    func write(_ name: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(OutputError) {
        let file = openat(descriptor, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard file >= 0 else {
            throw OutputError(path: path + "/" + name, message: "cannot create the file: \(Self.reason())")
        }
        defer { close(file) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(file, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError(
                    path: path + "/" + name,
                    message: "cannot write the file: \(Self.reason()) (is the disk full or the folder read-only?)")
            }
            offset += written
        }
    }

    /// The bytes of the regular file `name` (not through a link).
    func read(_ name: String) throws(OutputError) -> [UInt8] {
        let file = openat(descriptor, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else {
            throw OutputError(path: path + "/" + name, message: "cannot read the file: \(Self.reason())")
        }
        defer { close(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: path + "/" + name, message: "cannot read the file: \(Self.reason())")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// The names in this folder, sorted by code point, without "." and "..".
    func entries() throws(OutputError) -> [String] {
        let copy = openat(descriptor, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard copy >= 0, let stream = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            throw OutputError(path: path, message: "cannot list the folder: \(Self.reason())")
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted(by: TextMatching.codePointLess)
    }

    /// Removes the entry `name` and, if it is a folder, everything in it, without following
    /// any link (a link is removed, never what it points to).
    ///
    /// A folder made read-only is made writable first, as `rm -rf` does for its owner.
    /// Nothing when there is no entry.
    func remove(_ name: String) throws(OutputError) {
        guard let kind = kind(of: name) else { return }
        if kind == S_IFDIR {
            let folder: OpenFolder
            do {
                folder = try OpenFolder(self, name)
            } catch {
                // A folder that cannot be opened for reading (mode 0) may still be opened once allowed.
                guard fchmodat(descriptor, name, 0o700, 0) == 0 else { throw error }
                folder = try OpenFolder(self, name)
            }
            var status = stat()
            if fstat(folder.descriptor, &status) == 0, status.st_mode & 0o300 != 0o300 {
                _ = fchmod(folder.descriptor, 0o700)
            }
            for entry in try folder.entries() { try folder.remove(entry) }
        }
        guard unlinkat(descriptor, name, kind == S_IFDIR ? AT_REMOVEDIR : 0) == 0 || errno == ENOENT else {
            throw OutputError(path: path + "/" + name, message: "cannot remove: \(Self.reason())")
        }
    }

    /// Gives the regular file `name` a second name `target` in `folder` (a hard link), or
    /// copies it where the file system cannot link.
    func link(_ name: String, into folder: OpenFolder, as target: String) throws(OutputError) {
        if linkat(descriptor, name, folder.descriptor, target, 0) == 0 { return }
        guard [EXDEV, EPERM, EMLINK, ENOTSUP, EOPNOTSUPP].contains(errno) else {
            throw OutputError(
                path: folder.path + "/" + target, message: "cannot keep the previous file: \(Self.reason())")
        }
        try folder.write(target, try read(name))
    }
}
