import Foundation
import XCTest

/// The reports folder on a case-insensitive, case-preserving file system (as on macOS or a
/// Windows share), made with a small FUSE file system (tools/casefold/casefold_fs.py, on
/// Debian's python3-fusepy; skipped where FUSE cannot be mounted).
///
/// There ORG1 and org1 are one folder, so such a register must fail before anything is
/// written; and that file system cannot exchange two folders atomically, so publishing
/// takes the two-rename path.
final class CaseInsensitiveFolderTests: XCTestCase {

    /// Mounts a case-folding view of `backing` at `mount` until the test ends.
    func mountCaseFolding(backing: URL, mount: URL) throws {
        guard getuid() == 0, FileManager.default.fileExists(atPath: "/dev/fuse"),
            (try? EndToEnd.run(executable: "/usr/bin/python3", ["-c", "import fusepy"]).status) == 0
                || (try? EndToEnd.run(executable: "/usr/bin/python3", ["-c", "import fuse"]).status) == 0
        else {
            throw XCTSkip(
                "no FUSE here (needs root, /dev/fuse and python3-fusepy): "
                    + "the register rule is tested in RegisterRulesTests"
            )
        }
        for folder in [backing, mount] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = [
            EndToEnd.repository.appendingPathComponent("tools/casefold/casefold_fs.py").path, backing.path, mount.path,
        ]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        addTeardownBlock {
            _ = try? EndToEnd.run(executable: "/usr/bin/env", ["umount", "-l", mount.path])
            server.terminate()
        }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8),
                mounts.contains(" \(mount.path) fuse")
            {
                break
            }
            usleep(20_000)
        }
        try Data().write(to: mount.appendingPathComponent("Probe"))
        guard FileManager.default.fileExists(atPath: mount.appendingPathComponent("PROBE").path) else {
            throw XCTSkip("the FUSE folder could not be mounted here")
        }
        try FileManager.default.removeItem(at: mount.appendingPathComponent("Probe"))
    }

    func testIDsThatDifferOnlyInCaseNeverShareAFolder() throws {
        let root = try EndToEnd.temporaryFolder(self)
        let mount = root.appendingPathComponent("mount")
        try mountCaseFolding(backing: root.appendingPathComponent("backing"), mount: mount)
        let surveys = root.appendingPathComponent("surveys"), out = mount.appendingPathComponent("reports")
        try SmallSurvey.write(to: surveys, organisations: 3)
        // ORG02 becomes org01: two ids to the reader, one folder on this file system.
        let register = surveys.appendingPathComponent("organisations.csv")
        try String(contentsOf: register, encoding: .utf8).replacingOccurrences(of: "ORG02,", with: "org01,")
            .write(to: register, atomically: true, encoding: .utf8)
        let outcome = try EndToEnd.run(
            executable: EndToEnd.binary.path, ["run", "--surveys", surveys.path, "--out", out.path])
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        XCTAssertTrue(
            outcome.stderr.contains(
                "organisations.csv:3:1: error: organisation_id 'org01' differs only in case from 'ORG01' (line 2)"),
            outcome.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing written")
    }

    func testReportsArePublishedWithTheTwoRenameFallback() throws {
        let root = try EndToEnd.temporaryFolder(self)
        let mount = root.appendingPathComponent("mount")
        try mountCaseFolding(backing: root.appendingPathComponent("backing"), mount: mount)
        let out = mount.appendingPathComponent("reports")
        var expected: [[String: String]] = []
        for variant in 0..<2 {
            let surveys = root.appendingPathComponent("surveys-\(variant)"),
                reference = root.appendingPathComponent("reference-\(variant)")
            try SmallSurvey.write(to: surveys, organisations: 3, waves: 2, variant: variant)
            XCTAssertEqual(
                try EndToEnd.run(
                    executable: EndToEnd.binary.path, ["run", "--surveys", surveys.path, "--out", reference.path]
                ).status, 0)
            expected.append(OutputTree.files(reference))
        }
        for variant in [0, 1, 0] {
            let surveys = root.appendingPathComponent("surveys-\(variant)")
            let outcome = try EndToEnd.run(
                executable: EndToEnd.binary.path, ["run", "--surveys", surveys.path, "--out", out.path, "--quiet"])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            XCTAssertEqual(OutputTree.files(out), expected[variant], "variant \(variant)")
            XCTAssertEqual(OutputTree.topLevel(out), ["w1", "w2"])
        }
    }
}
