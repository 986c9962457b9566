import Foundation
import XCTest

/// Runs the built `readiness` binary and finds the repository's files.
enum EndToEnd {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var binary: URL {
        let candidates = [Bundle.main.bundleURL] + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        for folder in candidates {
            let url = folder.appendingPathComponent("readiness")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return repository.appendingPathComponent(".build/debug/readiness")
    }

    /// How a program ended and what it wrote.
    struct Outcome {
        var status: Int32
        /// Killed by a signal (`status` is then the signal's number).
        var signalled: Bool
        /// Killed by `run` for outliving its timeout.
        var timedOut: Bool
        var stdout: String
        var stderr: String
    }

    private final class Buffer: @unchecked Sendable {
        var data = Data()
    }

    /// Runs the binary with arguments; waits for it to end (killed after `timeout` seconds).
    static func run(_ arguments: [String], timeout: TimeInterval = 600) throws -> Outcome {
        try run(executable: binary.path, arguments, timeout: timeout)
    }

    /// Runs any program with arguments, `environment` added to this process's, standard input
    /// empty; both outputs are read as it runs, and it is killed after `timeout` seconds.
    static func run(
        executable: String, _ arguments: [String], environment: [String: String] = [:],
        timeout: TimeInterval = 600
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let group = DispatchGroup()
        let buffers = [Buffer(), Buffer()]
        try process.run()
        for (pipe, buffer) in zip([out, err], buffers) {
            let handle = pipe.fileHandleForReading
            group.enter()
            DispatchQueue.global().async {
                buffer.data = handle.readDataToEndOfFile()
                group.leave()
            }
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        group.wait()
        return Outcome(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut, stdout: String(decoding: buffers[0].data, as: UTF8.self),
            stderr: String(decoding: buffers[1].data, as: UTF8.self))
    }

    /// The text of every part of a zip file (a workbook), concatenated.
    static func unzippedText(_ file: URL) throws -> String {
        let outcome = try run(executable: "/usr/bin/env", ["unzip", "-p", file.path])
        guard outcome.status == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return outcome.stdout
    }

    /// A zip file's parts by name (their bytes as text), for part-by-part comparison.
    static func zipParts(_ file: URL, scratch: URL) throws -> [String: String] {
        let folder = scratch.appendingPathComponent(UUID().uuidString)
        let outcome = try run(executable: "/usr/bin/env", ["unzip", "-q", "-o", file.path, "-d", folder.path])
        guard outcome.status == 0 else { throw CocoaError(.fileReadCorruptFile) }
        var parts: [String: String] = [:]
        for part in files(under: folder) {
            parts[part] = String(decoding: try Data(contentsOf: folder.appendingPathComponent(part)), as: UTF8.self)
        }
        return parts
    }

    /// A fresh temporary folder, removed by the test case at tear-down.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Every regular file under a folder, as sorted relative paths.
    static func files(under root: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var paths: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            paths.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
        }
        return paths.sorted()
    }
}
