import Foundation

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

/// Writes files atomically: each to a temporary name in its folder, then renamed into place,
/// so a failed run leaves the previous file whole.
public struct OutputWriter {
    public let root: URL

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
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(file.bytes)) else {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: target.path, message: "cannot write the file (is the disk full or the folder read-only?)")
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: target.path, message: "cannot move the finished file into place: \(reason)")
        }
    }
}
