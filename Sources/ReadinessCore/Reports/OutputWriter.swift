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
    /// Printed as every other message is (`Diagnostic`).
    public var description: String { Diagnostic(file: path, message: message).description }
}

/// Writes a set of files into a folder so that a failure leaves the previous files whole
/// (`generate` writes its synthetic surveys with it; `run` publishes reports through
/// `OutputFolder`).
///
/// Two phases. First every file's bytes are written in full to an unnamed file in its
/// target folder (Linux `O_TMPFILE`); a full disk or any other failure there closes them
/// all, they vanish, and no previous report has been touched. Then each is given a
/// temporary name and renamed over its target. A run killed at any moment leaves every
/// file either the previous one or the new one, and (but for the instant between naming
/// and renaming) no temporary file.
public struct OutputWriter: Sendable {
    public let root: URL
    static let temporaryMarker = ".readiness-tmp-"

    public init(root: URL) { self.root = root }

    /// Refuses a path that would leave the output folder.
    static func isSafe(_ relative: String) -> Bool {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        return !relative.hasPrefix("/") && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
    }

    /// One file written but not yet in place.
    fileprivate struct Pending: Sendable {
        var target: String
        var temporary: String
        /// The unnamed file's descriptor, or -1 when it was written under `temporary` already.
        var descriptor: Int32
    }

    /// Writes one file.
    public func write(_ file: OutputFile) throws {
        try write([file])
    }

    /// Writes every file, all or (on a failure before any is moved into place) none.
    public func write(_ files: [OutputFile]) throws {
        let staging = Staging(self)
        try staging.add(files)
        try staging.publish()
    }

    /// Files handed over a few at a time (a run's waves, one by one) and put in place
    /// together by `publish`, so that a run holds one wave's files in memory, not all.
    ///
    /// Each file is written in full at once, unnamed, and its bytes can be dropped; none is
    /// visible until `publish`. Unnamed files stay open until they are linked: when they
    /// would exceed the open-file limit, those written so far are put in place first (as
    /// `write` always did for that many files). Files never published vanish.
    public final class Staging {
        private let writer: OutputWriter
        private var pending: [Pending] = []
        private let budget: Int

        public init(_ writer: OutputWriter) {
            self.writer = writer
            OutputWriter.raiseDescriptorLimit()
            budget = max(1, OutputWriter.descriptorBudget())
        }

        /// Writes `files`, unnamed; nothing is visible yet.
        public func add(_ files: [OutputFile]) throws {
            var start = files.startIndex
            while start < files.endIndex {
                if pending.count >= budget { try publish() }
                let end = min(files.endIndex, start + (budget - pending.count))
                pending += try writer.prepare(files[start..<end])
                start = end
            }
        }

        /// Puts every file written so far in place.
        public func publish() throws {
            let ready = pending
            pending = []
            try writer.commit(ready)
        }

        deinit { writer.discard(pending) }
    }

    /// Phase one: every file's bytes, complete, not yet visible.
    ///
    /// Folders are made first (each once), then files are written on every core.
    fileprivate func prepare(_ files: ArraySlice<OutputFile>) throws -> [Pending] {
        let files = Array(files)
        var made: Set<String> = []
        var jobs: [(file: OutputFile, target: String, folder: String, temporary: String)] = []
        for file in files {
            guard Self.isSafe(file.path) else {
                throw OutputError(path: file.path, message: "refusing to write outside the output folder")
            }
            let target = root.appendingPathComponent(file.path)
            let folder = target.deletingLastPathComponent()
            if made.insert(folder.path).inserted {
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    throw OutputError(
                        path: folder.path, message: "cannot create the folder: \(error.localizedDescription)")
                }
            }
            let temporary = folder.appendingPathComponent(
                ".\(target.lastPathComponent)\(Self.temporaryMarker)\(getpid())"
            ).path
            jobs.append((file, target.path, folder.path, temporary))
        }
        let work = jobs
        let results = concurrentMap(work.count) { index in
            let job = work[index]
            return Result {
                try writeUnnamed(job.file.bytes, temporary: job.temporary, folder: job.folder, target: job.target)
            }
        }
        let pending = results.compactMap { try? $0.get() }
        if let failure = firstError(results) {
            discard(pending)
            throw failure
        }
        return pending
    }

    /// Phase two: name each file and rename it over its target, on every core.
    fileprivate func commit(_ pending: [Pending]) throws {
        let results = concurrentMap(pending.count) { index in Result { try place(pending[index]) } }
        if let failure = firstError(results) { throw failure }
    }

    /// Names one finished file and renames it over its target; on failure nothing is left.
    private func place(_ file: Pending) throws {
        if file.descriptor >= 0 {
            var named = linkat(
                AT_FDCWD, "/proc/self/fd/\(file.descriptor)", AT_FDCWD, file.temporary, AT_SYMLINK_FOLLOW)
            if named != 0 && errno == EEXIST {
                // A temporary name left by a killed run with this process id.
                unlink(file.temporary)
                named = linkat(
                    AT_FDCWD, "/proc/self/fd/\(file.descriptor)", AT_FDCWD, file.temporary, AT_SYMLINK_FOLLOW)
            }
            let reason = String(cString: strerror(errno))
            close(file.descriptor)
            guard named == 0 else {
                throw OutputError(path: file.target, message: "cannot name the finished file: \(reason)")
            }
        }
        guard rename(file.temporary, file.target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(file.temporary)
            throw OutputError(path: file.target, message: "cannot move the finished file into place: \(reason)")
        }
    }

    /// Drops files not yet in place: unnamed ones vanish when closed, named ones are removed.
    fileprivate func discard(_ pending: [Pending]) {
        for file in pending {
            if file.descriptor >= 0 { close(file.descriptor) } else { unlink(file.temporary) }
        }
    }

    /// Writes `bytes` in full to an unnamed file in `folder`, or under `temporary` where the
    /// system has no unnamed files.
    private func writeUnnamed(_ bytes: [UInt8], temporary: String, folder: String, target: String) throws -> Pending {
        var descriptor = Self.openUnnamed(in: folder)
        let unnamed = descriptor >= 0
        if !unnamed {
            unlink(temporary)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else {
            throw OutputError(path: target, message: "cannot create the file: \(String(cString: strerror(errno)))")
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                if !unnamed { unlink(temporary) }
                throw OutputError(
                    path: target,
                    message: "cannot write the file: \(reason) (is the disk full or the folder read-only?)")
            }
            offset += written
        }
        if !unnamed {
            close(descriptor)
            return Pending(target: target, temporary: temporary, descriptor: -1)
        }
        return Pending(target: target, temporary: temporary, descriptor: descriptor)
    }

    /// An unnamed file in `folder` (Linux `O_TMPFILE`), or -1 where the system has none.
    private static func openUnnamed(in folder: String) -> Int32 {
        #if os(Linux) && arch(x86_64)
            let unnamed: Int32 = 0o20_200_000  // __O_TMPFILE | O_DIRECTORY
            return open(folder, unnamed | O_WRONLY | O_CLOEXEC, 0o644)
        #elseif os(Linux) && arch(arm64)
            let unnamed: Int32 = 0o20_040_000
            return open(folder, unnamed | O_WRONLY | O_CLOEXEC, 0o644)
        #else
            return -1
        #endif
    }

    /// Lets the process hold as many open files as the system allows.
    fileprivate static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// How many files may be held open at once, leaving room for everything else.
    fileprivate static func descriptorBudget() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 512 }
        return Int(min(limit.rlim_cur, 1 << 20)) - 128
    }
}
