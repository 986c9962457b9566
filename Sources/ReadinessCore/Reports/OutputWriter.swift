import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A file the pipeline produces, path relative to the output folder.
public struct OutputFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
    public init(path: String, text: String) {
        self.path = path
        bytes = Array(text.utf8)
    }
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// A file that could not be written.
public struct OutputError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): error: \(message)" }
}

/// Writes files atomically: the bytes go to an unnamed file in the target's folder
/// (Linux `O_TMPFILE`), which is given a temporary name only once complete and then
/// renamed over the target. A run killed at any moment leaves every previous file whole
/// and, but for the instant between naming and renaming, no temporary file behind.
public struct OutputWriter {
    public let root: URL
    static let temporaryMarker = ".readiness-tmp-"

    public init(root: URL) { self.root = root }

    /// Refuses a path that would leave the output folder.
    static func isSafe(_ relative: String) -> Bool {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        return !relative.hasPrefix("/") && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
    }

    public func write(_ file: OutputFile) throws {
        guard Self.isSafe(file.path) else {
            throw OutputError(path: file.path, message: "refusing to write outside the output folder")
        }
        let target = root.appendingPathComponent(file.path)
        let folder = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: folder.path, message: "cannot create the folder: \(error.localizedDescription)")
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent)\(Self.temporaryMarker)\(getpid())")
        try writeComplete(file.bytes, named: temporary.path, in: folder.path, for: target.path)
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw OutputError(path: target.path, message: "cannot move the finished file into place: \(reason)")
        }
    }

    /// Writes `bytes` in full, then gives them the name `temporary`.
    private func writeComplete(_ bytes: [UInt8], named temporary: String, in folder: String, for target: String) throws {
        unlink(temporary)
        var named = false
        var descriptor = Self.openUnnamed(in: folder)
        if descriptor < 0 {
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            named = true
        }
        guard descriptor >= 0 else {
            throw OutputError(path: target, message: "cannot create the file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        func fail(_ what: String) -> OutputError {
            let reason = String(cString: strerror(errno))
            if named { unlink(temporary) }
            return OutputError(path: target, message: "\(what): \(reason) (is the disk full or the folder read-only?)")
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw fail("cannot write the file")
            }
            offset += written
        }
        if !named {
            guard linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) == 0 else {
                throw fail("cannot name the finished file")
            }
        }
    }

    /// An unnamed file in `folder` (Linux `O_TMPFILE`), or -1 where the system has none.
    private static func openUnnamed(in folder: String) -> Int32 {
        #if os(Linux) && arch(x86_64)
        let unnamed: Int32 = 0o20_200_000  // __O_TMPFILE | O_DIRECTORY
        #elseif os(Linux) && arch(arm64)
        let unnamed: Int32 = 0o20_040_000
        #else
        let unnamed: Int32 = -1
        #endif
        guard unnamed > 0 else { return -1 }
        return open(folder, unnamed | O_WRONLY | O_CLOEXEC, 0o644)
    }

    /// Removes temporary files that a killed earlier run left under the output folder.
    public func removeStaleTemporaryFiles() {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return }
        for case let relative as String in enumerator where relative.contains(Self.temporaryMarker) {
            try? FileManager.default.removeItem(at: root.appendingPathComponent(relative))
        }
    }
}
