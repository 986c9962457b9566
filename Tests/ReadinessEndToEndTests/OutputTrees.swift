import Foundation
import ReadinessCore
import XCTest

/// Small surveys to write reports from, and what a reports folder holds, for the tests of
/// how reports are published (OutputFolderTests, KillTests).
enum SmallSurvey {
    static let instrument = """
        id: small
        version: "1"
        title: Small survey
        thresholds: {min_respondents: 2, min_organisations: 2}
        domains:
          - id: culture
            title: Culture
            items:
              - {id: C1, text: Sharing is part of good care here.}
              - {id: C2, text: People avoid sharing in case they get it wrong., reverse: true}
          - id: ig
            title: Understanding of IG rules
            items:
              - {id: I1, text: I know when I may share without consent.}
              - {id: K1, type: knowledge, answer: true, text: You may share to protect someone from serious harm.}
        """

    /// The id of organisation `index` (ORG01, ORG02…).
    static func organisation(_ index: Int) -> String { String(format: "ORG%02d", index + 1) }

    /// Writes a survey of `organisations` organisations (or exactly `only`), `respondents`
    /// each, over `waves` waves (w1, w2…); `variant` changes every answer, so that two
    /// variants give different bytes in every report file.
    static func write(
        to folder: URL, organisations: Int = 3, respondents: Int = 3, waves: Int = 1, variant: Int = 0,
        only: [Int]? = nil
    ) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try instrument.write(to: folder.appendingPathComponent("instrument.yaml"), atomically: true, encoding: .utf8)
        let members = only ?? Array(0..<organisations)
        var register = "organisation_id,name,sector,signatory\n"
        for index in members {
            register +=
                "\(organisation(index)),Organisation "
                + "\(index + 1),\(index % 2 == 0 ? "Health" : "Councils"),\(index % 3 == 0 ? "yes" : "no")\n"
        }
        try register.write(to: folder.appendingPathComponent("organisations.csv"), atomically: true, encoding: .utf8)
        for wave in 1...waves {
            let waveFolder = folder.appendingPathComponent("w\(wave)")
            try FileManager.default.createDirectory(at: waveFolder, withIntermediateDirectories: true)
            try "id: w\(wave)\ntitle: Wave \(wave)\nopens: 202\(wave)-01-01\ncloses: 202\(wave)-12-31\n"
                .write(to: waveFolder.appendingPathComponent("wave.yaml"), atomically: true, encoding: .utf8)
            var rows = "response_id,organisation_id,submitted_at,C1,C2,I1,K1\n"
            for index in members {
                for person in 0..<respondents {
                    let value = (index + person + wave + variant) % 5 + 1
                    rows +=
                        "r\(index)-\(person),\(organisation(index)),202\(wave)-02-01,\(value),\(6 - value),"
                        + "\((value + variant) % 5 + 1),\((person + variant) % 2 == 0 ? "true" : "false")\n"
                }
            }
            try rows.write(to: waveFolder.appendingPathComponent("responses.csv"), atomically: true, encoding: .utf8)
        }
    }
}

/// What a reports folder holds.
enum OutputTree {
    /// Every regular file under `folder` and its SHA-256, by path relative to `folder`; an
    /// entry that is neither a file nor a folder (a link, a FIFO) is listed as "link" or "other".
    static func files(_ folder: URL) -> [String: String] {
        var files: [String: String] = [:]
        func walk(_ url: URL, _ relative: String) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                let child = url.appendingPathComponent(name)
                var status = stat()
                guard lstat(child.path, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFDIR: walk(child, path)
                case S_IFREG:
                    files[path] = (try? Data(contentsOf: child)).map { SHA256.hex([UInt8]($0)) } ?? "unreadable"
                case S_IFLNK: files[path] = "link"
                default: files[path] = "other"
                }
            }
        }
        walk(folder, "")
        return files
    }

    /// How a wave's folder differs from its `manifest.json`: every file but the manifest
    /// must be listed with its SHA-256, and nothing else listed.
    static func manifestProblems(_ waveFolder: URL) -> [String] {
        guard let data = try? Data(contentsOf: waveFolder.appendingPathComponent("manifest.json")),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let outputs = json["outputs"] as? [[String: Any]]
        else {
            return ["\(waveFolder.lastPathComponent): no readable manifest.json"]
        }
        var listed: [String: String] = [:]
        for output in outputs {
            if let path = output["path"] as? String, let hash = output["sha256"] as? String { listed[path] = hash }
        }
        var found = files(waveFolder)
        found["manifest.json"] = nil
        var problems: [String] = []
        for path in Set(listed.keys).union(found.keys).sorted() where listed[path] != found[path] {
            problems.append(
                "\(waveFolder.lastPathComponent)/\(path): manifest says "
                    + "\(listed[path] ?? "nothing"), folder holds \(found[path] ?? "nothing")"
            )
        }
        return problems
    }

    /// The entries directly in the output folder, sorted.
    static func topLevel(_ out: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).sorted()
    }

    /// Staging folders (any run's) in the output folder.
    static func stagingFolders(_ out: URL) -> [String] {
        topLevel(out).filter { $0.hasPrefix(".readiness-staging-") }
    }
}

/// A process whose standard error is collected as it runs, so a test can act on what it says.
final class WatchedRun: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var collected = Data()

    init(_ arguments: [String], environment: [String: String] = [:], executable: String = EndToEnd.binary.path) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock()
            self.collected.append(data)
            self.lock.unlock()
        }
        try process.run()
    }

    var stderr: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self)
    }

    /// Waits until standard error holds `text` (true) or the process ends or `timeout` passes (false).
    func wait(for text: String, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if stderr.contains(text) { return true }
            if !process.isRunning { return stderr.contains(text) }
            usleep(2_000)
        }
        return false
    }

    /// Waits for the end; the exit status, and whether a signal ended it.
    func finish(timeout: TimeInterval = 120) -> (status: Int32, signalled: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        // Let the last of standard error arrive.
        usleep(20_000)
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }
}
