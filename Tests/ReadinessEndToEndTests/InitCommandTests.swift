import Foundation
import XCTest

/// `readiness init` as a centre runs it: exit codes, what it writes and what it refuses.
final class InitCommandTests: XCTestCase {
    let examples = EndToEnd.repository.appendingPathComponent("docs/platforms/examples")

    func testDraftsAFolderFromAWorkbook() throws {
        let out = try EndToEnd.temporaryFolder(self).appendingPathComponent("Surveys")
        let run = try EndToEnd.run([
            "init", "--from", examples.appendingPathComponent("microsoft-forms.xlsx").path,
            "--out", out.path, "--wave", "spring-2024",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(
            run.stdout,
            "draft survey written to \(out.path): instrument.yaml, organisations.csv, "
                + "spring-2024/wave.yaml, spring-2024/responses.xlsx\n")
        let wave = try String(contentsOf: out.appendingPathComponent("spring-2024/wave.yaml"), encoding: .utf8)
        XCTAssertTrue(wave.contains("id: spring-2024\n"), wave)
        XCTAssertTrue(wave.contains("source: microsoft-forms\n"), wave)
    }

    /// Every platform's example export drafts a survey folder that `validate` accepts and
    /// `run` scores as it is: the draft is a start a centre edits, never a dead end.
    func testEveryDraftValidatesAndRuns() throws {
        let scratch = try EndToEnd.temporaryFolder(self)
        let exports = try FileManager.default.contentsOfDirectory(atPath: examples.path).sorted()
        XCTAssertGreaterThanOrEqual(exports.count, 8, "one example export per platform")
        for name in exports {
            let draft = scratch.appendingPathComponent("draft-\(name)")
            let made = try EndToEnd.run([
                "init", "--from", examples.appendingPathComponent(name).path, "--out", draft.path,
            ])
            XCTAssertEqual(made.status, 0, "\(name): \(made.stderr)")
            let checked = try EndToEnd.run(["validate", "--surveys", draft.path])
            XCTAssertEqual(checked.status, 0, "\(name): validate: \(checked.stderr)")
            XCTAssertTrue(checked.stdout.contains("wave1: rows read "), "\(name): \(checked.stdout)")
            let run = try EndToEnd.run([
                "run", "--surveys", draft.path, "--out", scratch.appendingPathComponent("out-\(name)").path,
                "--reports", "centre", "--quiet",
            ])
            XCTAssertEqual(run.status, 0, "\(name): run: \(run.stderr)")
        }
    }

    func testUsageAndInputErrors() throws {
        let scratch = try EndToEnd.temporaryFolder(self)
        let export = examples.appendingPathComponent("qualtrics.csv").path
        // An unknown preset and a wave id that cannot name a folder are usage errors.
        XCTAssertEqual(
            try EndToEnd.run([
                "init", "--from", export, "--out", scratch.appendingPathComponent("a").path,
                "--source", "qualtrix",
            ]).status, 64)
        XCTAssertEqual(
            try EndToEnd.run([
                "init", "--from", export, "--out", scratch.appendingPathComponent("b").path,
                "--wave", "../up",
            ]).status, 64)
        // A folder that is not empty is never written into.
        let full = scratch.appendingPathComponent("full")
        try FileManager.default.createDirectory(at: full, withIntermediateDirectories: true)
        try "edited by hand\n".write(
            to: full.appendingPathComponent("instrument.yaml"), atomically: true, encoding: .utf8)
        let refused = try EndToEnd.run(["init", "--from", export, "--out", full.path])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(
            refused.stderr, "\(full.path): error: the folder is not empty; give --out a new or empty folder\n")
        XCTAssertEqual(
            try String(contentsOf: full.appendingPathComponent("instrument.yaml"), encoding: .utf8), "edited by hand\n")
        // A workbook saved under a .csv name is read as the workbook it is, and copied as one.
        let renamed = scratch.appendingPathComponent("export.csv")
        try FileManager.default.copyItem(at: examples.appendingPathComponent("microsoft-forms.xlsx"), to: renamed)
        let draft = scratch.appendingPathComponent("d")
        XCTAssertEqual(try EndToEnd.run(["init", "--from", renamed.path, "--out", draft.path]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: draft.appendingPathComponent("wave1/responses.xlsx").path))
        // A broken workbook is a clean error, and nothing is written.
        let broken = scratch.appendingPathComponent("broken.xlsx")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 512)).write(to: broken)
        let legacy = try EndToEnd.run([
            "init", "--from", broken.path, "--out", scratch.appendingPathComponent("c").path,
        ])
        XCTAssertEqual(legacy.status, 1)
        XCTAssertEqual(
            legacy.stderr,
            "\(broken.path): error: encrypted or legacy .xls "
                + "workbook; save it as an .xlsx workbook without a password\n"
        )
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("c").path))
    }
}
