import Foundation
import XCTest

/// Exit codes and messages of the command line (SPEC §7).
final class CommandLineTests: XCTestCase {
    func testUsageErrorExits64() throws {
        XCTAssertEqual(try EndToEnd.run(["run", "--no-such-flag"]).status, 64)
        XCTAssertEqual(try EndToEnd.run(["run", "--reports", "everything"]).status, 64)
    }

    func testAnEmptyOutOrSurveysIsAUsageErrorAndWritesNothing() throws {
        let folder = try EndToEnd.temporaryFolder(self)
        let surveys = EndToEnd.repository.appendingPathComponent("Surveys").path
        for arguments in [
            ["run", "--surveys", surveys, "--out", ""],
            ["run", "--surveys", "", "--out", folder.appendingPathComponent("r").path],
            ["validate", "--surveys", ""], ["generate", "--out", ""],
        ] {
            let process = Process()
            process.executableURL = EndToEnd.binary
            process.arguments = arguments
            // Run from an empty folder: "" once meant the current folder, and reports were written there.
            process.currentDirectoryURL = folder
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 64, "\(arguments): \(message)")
            XCTAssertTrue(message.contains("must name a folder, not be empty"), message)
            XCTAssertEqual(
                try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "\(arguments) wrote nothing")
        }
    }

    func testFatalInputExits1WithEveryProblemAndWritesNothing() throws {
        let surveys = try EndToEnd.temporaryFolder(self)
        let out = try EndToEnd.temporaryFolder(self).appendingPathComponent("reports")
        try "id: x\nversion: '1'\ntitle: X\ndomains:\n  - id: d\n    weight: 0\n    items: [{id: A1, text: a}]\n"
            .write(to: surveys.appendingPathComponent("instrument.yaml"), atomically: true, encoding: .utf8)
        try "organisation_id,name,sector,signatory\n../x,Bad,S,no\nok,Fine,S,yes\nok,Again,S,no\n"
            .write(to: surveys.appendingPathComponent("organisations.csv"), atomically: true, encoding: .utf8)
        let wave = surveys.appendingPathComponent("w")
        try FileManager.default.createDirectory(at: wave, withIntermediateDirectories: true)
        try "opens: 2024-02-01\ncloses: 2024-01-01\n".write(
            to: wave.appendingPathComponent("wave.yaml"), atomically: true, encoding: .utf8)
        try "id,org\n".write(to: wave.appendingPathComponent("responses.csv"), atomically: true, encoding: .utf8)
        let outcome = try EndToEnd.run(["run", "--surveys", surveys.path, "--out", out.path])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(
            outcome.stderr.contains("instrument.yaml:6:13: error: domains[0].weight: must be greater than 0"),
            outcome.stderr)
        XCTAssertTrue(
            outcome.stderr.contains("organisations.csv:2:1: error: organisation_id '../x' is not allowed"),
            outcome.stderr)
        XCTAssertTrue(
            outcome.stderr.contains("organisations.csv:4:1: error: duplicate organisation_id 'ok' (first on line 3)"),
            outcome.stderr)
        XCTAssertTrue(
            outcome.stderr.contains("wave.yaml:2:9: error: closes 2024-01-01 is before opens 2024-02-01"),
            outcome.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing is written on a fatal error")
    }

    func testOutputPathThatIsAFileExits1() throws {
        let folder = try EndToEnd.temporaryFolder(self)
        let file = folder.appendingPathComponent("file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try EndToEnd.run([
            "run", "--surveys", EndToEnd.repository.appendingPathComponent("Surveys").path,
            "--out", file.path,
        ])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.contains("the output path is a file"), outcome.stderr)
    }
}
