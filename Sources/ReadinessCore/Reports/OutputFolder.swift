import CShims
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The output folder during one run: locked against other runs, written only inside a
/// staging folder that this run alone owns, and published wave by wave with one atomic
/// directory swap each.
///
/// ```
/// <out>/.readiness.lock                       flock'ed for the whole run, removed at its end
/// <out>/.readiness-staging-<pid>-<start>/     mode 0700; <start> is the process start time
///     new/<wave>/…                            each wave's complete new tree
///     old/<wave>/                             a previous tree moved aside (two-rename fallback)
///     scratch/                                workbooks being built (unnamed 0600 files)
/// <out>/<wave>/                               published trees
/// ```
///
/// Nothing outside the staging folder is written until every wave of the run is built in
/// full; then each `<out>/<wave>` is exchanged with `new/<wave>` by `renameat2(…,
/// RENAME_EXCHANGE)`, so that at every moment the name holds the whole old tree or the
/// whole new one. If a swap fails, the waves already swapped are swapped back. Where the
/// kernel or file system cannot exchange, the old tree is renamed to `old/<wave>` and the
/// new one into place: a run killed between the two renames leaves `<out>/<wave>` missing
/// for an instant, and the next run puts `old/<wave>` back. The old trees go with the staging
/// folder at the end, and with them the reports of organisations that left the register.
///
/// Everything is opened relative to a folder descriptor, one component at a time, without
/// following links (`OpenFolder`), in folders this run created: a symbolic link planted in
/// the output folder is never written through. Clean-up touches only staging folders whose
/// process is gone.
public final class OutputFolder: @unchecked Sendable {
    static let lockName = ".readiness.lock"
    static let stagingPrefix = ".readiness-staging-"

    let root: OpenFolder
    /// The output folder as the caller named it, for messages.
    let location: URL
    private var lock: Int32
    private let stagingName: String
    /// Where workbooks are built: inside the private staging folder.
    public let scratch: URL
    /// The waves staged so far, in order.
    private(set) var staged: [String] = []
    /// What the output folder's owner should know that is not an error (e.g.
    ///
    /// a leftover that could not be removed).
    public private(set) var notices: [Diagnostic] = []

    /// Creates the output folder if needed, takes its lock (waiting for another run unless
    /// `wait` is false), removes what dead runs left, and makes this run's staging folder.
    public init(_ url: URL, wait: Bool, notice: (Diagnostic) -> Void) throws(OutputError) {
        root = try Self.prepare(url)
        location = url
        lock = try Self.takeLock(root, wait: wait, notice: notice)
        do {
            for leftover in Self.removeDeadStaging(root) { notice(leftover) }
            let (name, staging) = try Self.makeStaging(root)
            stagingName = name
            for name in ["new", "old", "scratch"] { try staging.makeFolder(name, mode: 0o700) }
            scratch = URL(fileURLWithPath: staging.path).appendingPathComponent("scratch")
        } catch {
            Self.releaseLock(root, lock)
            throw error
        }
    }

    deinit { finish() }

    /// The staging folder's `new/` (trees being built) or `old/` (trees moved aside), opened
    /// when needed: the run holds few descriptors, so a low open-file limit is left to the
    /// workbooks.
    private func trees(_ name: String) throws(OutputError) -> OpenFolder {
        try OpenFolder(root, relative: stagingName + "/" + name)
    }

    // MARK: The output folder and its lock

    /// Opens the output folder, creating it (and its parents) when missing.
    static func prepare(_ output: URL) throws(OutputError) -> OpenFolder {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw OutputError(path: output.path, message: "the output path is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        } catch {
            throw OutputError(
                path: output.path, message: "cannot create the output folder: \(error.localizedDescription)")
        }
        return try OpenFolder(path: output.path)
    }

    /// The locked lock file's descriptor (-1 where the file system cannot lock).
    static func takeLock(_ root: OpenFolder, wait: Bool, notice: (Diagnostic) -> Void) throws(OutputError) -> Int32 {
        let path = root.path + "/" + lockName
        var waited = false
        while true {
            var descriptor = openat(root.descriptor, lockName, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor < 0 && errno == EACCES {
                // Left by another user's run: a read-only descriptor locks just as well.
                descriptor = openat(root.descriptor, lockName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            }
            guard descriptor >= 0 else {
                throw OutputError(
                    path: path,
                    message: "cannot create the lock file: \(OpenFolder.reason()) (is the folder read-only?)")
            }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                let error = errno
                if error == EWOULDBLOCK {
                    guard wait else {
                        close(descriptor)
                        throw OutputError(
                            path: root.path,
                            message:
                                "another readiness run is writing to this folder; run again "
                                + "when it has finished (without --no-wait, a run waits for it)"
                        )
                    }
                    if !waited {
                        notice(
                            Diagnostic(
                                .note, file: root.path,
                                message: "another readiness run is writing to this folder; waiting for it to finish"))
                    }
                    waited = true
                    while flock(descriptor, LOCK_EX) != 0 {
                        guard errno == EINTR else {
                            let reason = OpenFolder.reason()
                            close(descriptor)
                            throw OutputError(path: path, message: "cannot lock: \(reason)")
                        }
                    }
                } else if [ENOLCK, EOPNOTSUPP, ENOTSUP, EINVAL, ENOSYS].contains(error) {
                    notice(
                        .warning(
                            file: path,
                            message: "this file system cannot lock (\(String(cString: strerror(error)))); "
                                + "make sure no other run writes to \(root.path) at the same time"))
                    close(descriptor)
                    return -1
                } else {
                    close(descriptor)
                    throw OutputError(path: path, message: "cannot lock: \(String(cString: strerror(error)))")
                }
            }
            // The run that held the lock removes the file when it ends: lock the file that is there now.
            var mine = stat()
            if fstat(descriptor, &mine) == 0, let there = root.status(of: lockName),
                mine.st_dev == there.st_dev, mine.st_ino == there.st_ino
            {
                return descriptor
            }
            close(descriptor)
        }
    }

    /// Removes the lock file (while still holding it) and lets the next run in.
    static func releaseLock(_ root: OpenFolder, _ descriptor: Int32) {
        guard descriptor >= 0 else { return }
        var mine = stat()
        if fstat(descriptor, &mine) == 0, let there = root.status(of: lockName),
            mine.st_dev == there.st_dev, mine.st_ino == there.st_ino
        {
            unlinkat(root.descriptor, lockName, 0)
        }
        close(descriptor)
    }

    // MARK: Staging folders

    /// This process's id and start time (clock ticks since boot, from /proc; 0 elsewhere):
    /// together they name one process, even after its id is reused.
    static func processIdentity(_ pid: Int32) -> (pid: Int32, start: UInt64)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            return kill(pid, 0) == 0 || errno == EPERM ? (pid, 0) : nil
        }
        // The command name, in parentheses, may hold spaces: fields are counted after its last ')'.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Field 22 of the line is the start time; fields[0] here is field 3.
        guard fields.count > 19, let start = UInt64(fields[19]) else { return nil }
        return (pid, start)
    }

    /// The staging folder's name for this process.
    static func stagingName(_ identity: (pid: Int32, start: UInt64)) -> String {
        "\(stagingPrefix)\(identity.pid)-\(identity.start)"
    }

    /// Makes this run's staging folder, mode 0700 whatever the umask.
    static func makeStaging(_ root: OpenFolder) throws(OutputError) -> (String, OpenFolder) {
        let identity = processIdentity(getpid()) ?? (getpid(), 0)
        var name = stagingName(identity)
        var attempt = 1
        // A name taken by something that is not a dead run's folder (left alone) gets a suffix.
        while root.kind(of: name) != nil {
            attempt += 1
            name = stagingName(identity) + "-\(attempt)"
        }
        try root.makeFolder(name, mode: 0o700)
        let folder = try OpenFolder(root, name)
        _ = fchmod(folder.descriptor, 0o700)
        return (name, folder)
    }

    /// Whether a staging folder's name says its process is gone (names of another shape are
    /// not ours and are never touched).
    static func isDead(_ name: String) -> Bool {
        guard name.hasPrefix(stagingPrefix) else { return false }
        let parts = name.dropFirst(stagingPrefix.count).split(separator: "-")
        guard parts.count == 2 || parts.count == 3, let pid = Int32(parts[0]), pid > 0, let start = UInt64(parts[1]),
            parts.count == 2 || Int(parts[2]) != nil
        else { return false }
        guard let running = processIdentity(pid) else { return true }
        return running.start != start && running.start != 0 && start != 0
    }

    /// Removes the staging folders of runs that died (killed, or the machine stopped), first
    /// putting back any previous tree that a two-rename swap had moved aside.
    ///
    /// Returns a notice for each that could not be removed.
    static func removeDeadStaging(_ root: OpenFolder) -> [Diagnostic] {
        guard let names = try? root.entries() else { return [] }
        var notices: [Diagnostic] = []
        for name in names where name.hasPrefix(stagingPrefix) && root.kind(of: name) == S_IFDIR && isDead(name) {
            if let old = try? OpenFolder(root, relative: name + "/old"), let waves = try? old.entries() {
                for wave in waves where root.kind(of: wave) == nil {
                    _ = renameat(old.descriptor, wave, root.descriptor, wave)
                }
            }
            do {
                try root.remove(name)
            } catch {
                notices.append(
                    .warning(
                        file: "\(root.path)/\(name)",
                        message: "cannot remove this folder, left by a run that was stopped: \(error.message)"))
            }
        }
        return notices
    }

    // MARK: Building a wave's tree

    /// Refuses a wave whose published place holds something other than a folder or a link.
    private func checkTarget(_ wave: String) throws(OutputError) {
        guard let kind = root.kind(of: wave), kind != S_IFDIR, kind != S_IFLNK else { return }
        throw OutputError(
            path: root.path + "/" + wave,
            message: "exists and is not a folder; move it away so that this wave's reports can be written")
    }

    /// The staged tree of `wave`, made when first asked for.
    private func stagedWave(_ wave: String) throws(OutputError) -> OpenFolder {
        let newTrees = try trees("new")
        if newTrees.kind(of: wave) == nil {
            guard Identifier.isWaveID(wave) else {
                throw OutputError(path: root.path + "/" + wave, message: "refusing to write outside the output folder")
            }
            try checkTarget(wave)
            try newTrees.makeFolder(wave)
            staged.append(wave)
        }
        return try OpenFolder(newTrees, wave)
    }

    /// Links the previous run's `entries` of `wave` (files and folders of reports that this
    /// run does not write) into the staged tree, and returns each carried file with its
    /// SHA-256, paths relative to the wave's folder.
    ///
    /// Links and other special files in the previous tree are not carried; nothing is
    /// carried from a wave folder that is a link.
    public func carryOver(wave: String, entries: [String]) throws(OutputError) -> [CarriedFile] {
        let target = try stagedWave(wave)
        guard !entries.isEmpty, root.kind(of: wave) == S_IFDIR else { return [] }
        let previous = try OpenFolder(root, wave)
        var carried: [CarriedFile] = []
        for name in entries {
            try carry(name, from: previous, into: target, relative: name, carried: &carried)
        }
        return carried.sorted { TextMatching.codePointLess($0.path, $1.path) }
    }

    private func carry(
        _ name: String, from source: OpenFolder, into target: OpenFolder, relative: String,
        carried: inout [CarriedFile]
    ) throws(OutputError) {
        switch source.kind(of: name) {
        case S_IFREG:
            try source.link(name, into: target, as: name)
            carried.append(CarriedFile(path: relative, sha256: SHA256.hex(try target.read(name))))
        case S_IFDIR:
            try target.makeFolder(name)
            let from = try OpenFolder(source, name), into = try OpenFolder(target, name)
            for entry in try from.entries() {
                try carry(entry, from: from, into: into, relative: relative + "/" + entry, carried: &carried)
            }
        default:
            break
        }
    }

    /// The files `make` builds, paths relative to this folder; an `OutputError` from it names
    /// its file in full.
    public func build(_ make: () throws -> [OutputFile]) throws -> [OutputFile] {
        do {
            return try make()
        } catch var error as OutputError {
            error.path = location.path + "/" + error.path
            throw error
        }
    }

    /// Writes `files` (paths `<wave>/…`, as the pipeline names them) into the staged tree of
    /// `wave`: folders first, then the files of each folder, on every core.
    ///
    /// Every file is new (`O_EXCL`) in a folder this run made.
    public func stage(wave: String, files: [OutputFile]) throws(OutputError) {
        let tree = try stagedWave(wave)
        var groups: [String: [(name: String, bytes: [UInt8])]] = [:]
        for file in files {
            guard OutputWriter.isSafe(file.path), file.path.hasPrefix(wave + "/") else {
                throw OutputError(path: file.path, message: "refusing to write outside the output folder")
            }
            let relative = String(file.path.dropFirst(wave.count + 1))
            let folder = relative.split(separator: "/").dropLast().joined(separator: "/")
            groups[folder, default: []].append((String(relative.split(separator: "/").last!), file.bytes))
        }
        // Every folder and its parents, parents first (a parent sorts before its children).
        var folders: Set<String> = []
        for folder in groups.keys where !folder.isEmpty {
            let parts = folder.split(separator: "/")
            for end in 1...parts.count { folders.insert(parts[0..<end].joined(separator: "/")) }
        }
        for folder in folders.sorted(by: TextMatching.codePointLess) {
            let parts = folder.split(separator: "/").map(String.init)
            let parent =
                parts.count == 1 ? tree : try OpenFolder(tree, relative: parts.dropLast().joined(separator: "/"))
            if parent.kind(of: parts.last!) != S_IFDIR { try parent.makeFolder(parts.last!) }
        }
        let work = groups.keys.sorted(by: TextMatching.codePointLess).map { ($0, groups[$0]!) }
        let results = concurrentMap(work.count) { index in
            Result { () throws(OutputError) in
                let (folder, members) = work[index]
                let open = folder.isEmpty ? tree : try OpenFolder(tree, relative: folder)
                for member in members { try open.write(member.name, member.bytes) }
            }
        }
        if let failure = firstError(results) { throw failure }
    }

    // MARK: Publishing

    /// How one wave's tree went into place, so that it can be undone.
    private enum Swap {
        /// There was no previous tree.
        case placed
        /// Exchanged atomically: the previous tree is now `new/<wave>`.
        case exchanged
        /// Two renames: the previous tree is now `old/<wave>`.
        case replaced
    }

    /// Puts every staged wave in place; on a failure, swaps back those already in place, so
    /// that the previous reports are all as they were.
    public func publish(progress: (String) -> Void = { _ in }) throws(OutputError) {
        for wave in staged { try checkTarget(wave) }
        let newTrees = try trees("new"), oldTrees = try trees("old")
        var done: [(wave: String, swap: Swap)] = []
        for wave in staged {
            progress(wave)
            do {
                done.append((wave, try swap(wave, newTrees, oldTrees)))
            } catch {
                for (wave, swap) in done.reversed() { undo(wave, swap, newTrees, oldTrees) }
                throw error
            }
        }
    }

    private func swap(_ wave: String, _ newTrees: OpenFolder, _ oldTrees: OpenFolder) throws(OutputError) -> Swap {
        let target = root.path + "/" + wave
        if root.kind(of: wave) == nil {
            if readiness_rename_no_replace(newTrees.descriptor, wave, root.descriptor, wave) == 0 { return .placed }
            if ![EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP].contains(errno) {
                throw OutputError(path: target, message: "cannot put the new reports in place: \(OpenFolder.reason())")
            }
            // No RENAME_NOREPLACE here: nothing has the name (checked above, under the lock).
            guard renameat(newTrees.descriptor, wave, root.descriptor, wave) == 0 else {
                throw OutputError(path: target, message: "cannot put the new reports in place: \(OpenFolder.reason())")
            }
            return .placed
        }
        if readiness_exchange(newTrees.descriptor, wave, root.descriptor, wave) == 0 { return .exchanged }
        guard [EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP].contains(errno) else {
            throw OutputError(path: target, message: "cannot replace the previous reports: \(OpenFolder.reason())")
        }
        // The documented fallback: move the previous tree aside, then the new one in.
        guard renameat(root.descriptor, wave, oldTrees.descriptor, wave) == 0 else {
            throw OutputError(path: target, message: "cannot move the previous reports aside: \(OpenFolder.reason())")
        }
        guard renameat(newTrees.descriptor, wave, root.descriptor, wave) == 0 else {
            let reason = OpenFolder.reason()
            _ = renameat(oldTrees.descriptor, wave, root.descriptor, wave)
            throw OutputError(path: target, message: "cannot put the new reports in place: \(reason)")
        }
        return .replaced
    }

    private func undo(_ wave: String, _ swap: Swap, _ newTrees: OpenFolder, _ oldTrees: OpenFolder) {
        switch swap {
        case .placed:
            _ = renameat(root.descriptor, wave, newTrees.descriptor, wave)
        case .exchanged:
            _ = readiness_exchange(newTrees.descriptor, wave, root.descriptor, wave)
        case .replaced:
            if renameat(root.descriptor, wave, newTrees.descriptor, wave) == 0 {
                _ = renameat(oldTrees.descriptor, wave, root.descriptor, wave)
            }
        }
    }

    /// Removes the staging folder (new trees not published, previous trees replaced) and
    /// releases the lock; safe to call more than once.
    public func finish() {
        guard lock != -2 else { return }
        do {
            try root.remove(stagingName)
        } catch {
            notices.append(
                .warning(
                    file: "\(root.path)/\(stagingName)",
                    message: "cannot remove this staging folder: \(error.message); the next run removes it"))
        }
        Self.releaseLock(root, lock)
        lock = -2
    }
}

/// A file of a previous run kept in a wave's new tree by a partial run (`--reports`), with
/// its SHA-256; the path is relative to the wave's folder.
public struct CarriedFile: Sendable, Equatable {
    public var path: String
    public var sha256: String
}
