import Foundation
import XCTest

/// A run killed at any moment (SIGKILL) leaves every previous report whole: each file is
/// either the previous run's or the new run's complete file, and no temporary file stays.
final class KillTests: XCTestCase {
    func testKilledRunLeavesPreviousReportsIntact() throws {
        let root = try EndToEnd.temporaryFolder(self)
        let before = root.appendingPathComponent("before-surveys"), after = root.appendingPathComponent("after-surveys")
        for (folder, seed) in [(before, "1"), (after, "2")] {
            let generated = try EndToEnd.run(["generate", "--out", folder.path, "--organisations", "60",
                                              "--respondents", "4000", "--seed", seed, "--quiet"])
            XCTAssertEqual(generated.status, 0, generated.stderr)
        }
        let old = root.appendingPathComponent("old"), new = root.appendingPathComponent("new")
        XCTAssertEqual(try EndToEnd.run(["run", "--surveys", before.path, "--out", old.path, "--quiet"]).status, 0)
        XCTAssertEqual(try EndToEnd.run(["run", "--surveys", after.path, "--out", new.path, "--quiet"]).status, 0)
        let oldFiles = Set(EndToEnd.files(under: old))
        XCTAssertFalse(oldFiles.isEmpty)

        var killedMidway = 0
        for delay in [0.05, 0.3, 0.8, 1.5] {
            let work = root.appendingPathComponent("work-\(delay)")
            try FileManager.default.copyItem(at: old, to: work)
            let process = Process()
            process.executableURL = EndToEnd.binary
            process.arguments = ["run", "--surveys", after.path, "--out", work.path, "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedMidway += 1 }

            for file in EndToEnd.files(under: work) {
                XCTAssertFalse(file.contains(".readiness-tmp-"), "stray temporary file \(file) after SIGKILL at \(delay) s")
                let got = try Data(contentsOf: work.appendingPathComponent(file))
                let previous = try? Data(contentsOf: old.appendingPathComponent(file))
                let next = try? Data(contentsOf: new.appendingPathComponent(file))
                XCTAssertTrue(got == previous || got == next, "\(file) is neither the previous nor the new file after SIGKILL at \(delay) s")
            }
            for file in oldFiles {
                XCTAssertTrue(FileManager.default.fileExists(atPath: work.appendingPathComponent(file).path),
                              "\(file) disappeared after SIGKILL at \(delay) s")
            }
        }
        XCTAssertGreaterThan(killedMidway, 0, "no run was killed before it finished; the test proved nothing")
    }
}
