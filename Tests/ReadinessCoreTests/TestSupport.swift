import Foundation
import XCTest

@testable import ReadinessCore

/// A small instrument used across tests: one likert domain of 5 items (two reverse), one
/// mixed domain with a knowledge item.
enum TestInstrument {
    static let yaml = """
        id: test
        version: "1.0"
        title: Test survey
        thresholds: {min_respondents: 2, min_organisations: 2}
        columns:
          response_id: [ResponseId]
          organisation_id: [Org]
          submitted_at: [RecordedDate]
        roles: [Frontline practitioner, Senior leader]
        domains:
          - id: culture
            title: Culture
            items:
              - {id: C1, text: "c1"}
              - {id: C2, text: "c2", reverse: true}
              - {id: C3, text: "c3", aliases: ["CUL[SQ003]"]}
              - {id: C4, text: "c4"}
              - {id: C5, text: "c5", reverse: true}
          - id: ig
            title: IG rules
            weight: 2
            items:
              - {id: I1, text: "i1"}
              - {id: K1, type: knowledge, answer: false, text: "k1", aliases: ["Q7_1"]}
        """

    static func instrument() -> Instrument {
        try! InstrumentLoader().load(yaml: yaml).instrument
    }

    static func register(_ ids: [String] = ["A", "B", "C"], signatory: Set<String> = []) -> Register {
        Register(
            organisations: ids.map {
                Organisation(
                    id: $0, name: "Org \($0)", sector: "S", locality: "", signatory: signatory.contains($0),
                    signedOn: "")
            })
    }

    static func read(_ csv: String, register: Register = register()) -> WaveResponses {
        let reader = ResponseReader(
            instrument: instrument(), register: register,
            opens: CalendarDate(year: 2024, month: 1, day: 1),
            closes: CalendarDate(year: 2024, month: 1, day: 31))
        return reader.read(Array(csv.utf8), file: "responses.csv", keepRows: true)
    }
}

extension ResponseReader {
    /// The first fatal problem of a file's header, if any.
    static func headerProblem(
        _ bytes: [UInt8], file: String, instrument: Instrument,
        settings: ExportSettings = ExportSettings()
    ) -> Diagnostic? {
        checkHeader(bytes, file: file, instrument: instrument, settings: settings).first
    }
}

/// The repository's files, temporary places on disk and programs run to their end: the one
/// copy of what the tests of this target share.
enum TestFiles {
    /// The repository's root folder (this file is Tests/ReadinessCoreTests/TestSupport.swift).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A path under the system's temporary folder that nothing uses yet, named `<label>-<UUID>`;
    /// nothing is created and nothing removes it.
    static func uniquePath(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(label)-\(UUID().uuidString)", isDirectory: true)
    }

    /// A path for a folder the code under test creates itself, removed when `test` ends.
    static func temporaryPath(_ test: XCTestCase, _ label: String) -> URL {
        let url = uniquePath(label)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A new empty folder, removed when `test` ends.
    static func temporaryFolder(_ test: XCTestCase, _ label: String) throws -> URL {
        let url = temporaryPath(test, label)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new folder holding `files` (relative path → text), removed when `test` ends.
    static func temporaryFolder(_ test: XCTestCase, _ label: String, files: [String: String]) throws -> URL {
        let url = try temporaryFolder(test, label)
        try write(files, under: url)
        return url
    }

    /// Writes `files` (relative path → text) under `root`, creating folders as needed.
    static func write(_ files: [String: String], under root: URL) throws {
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// Runs a program to its end: its exit status and what it wrote on standard output and
    /// standard error, together.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
