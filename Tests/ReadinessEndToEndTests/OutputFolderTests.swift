import Foundation
import XCTest

/// How reports are published (issue 10): all or nothing per wave, one run at a time, no link
/// followed, stale reports gone, partial runs keeping the rest, inputs that change or cannot
/// be read stopping the run with a message.
///
/// Each attack of the issue is a test here, on the built binary, in a temporary folder.
final class OutputFolderTests: XCTestCase {
    typealias Snapshot = HostileInputTests.Snapshot

    func run(_ surveys: URL, _ out: URL, _ extra: [String] = [], environment: [String: String] = [:]) throws
        -> EndToEnd.Outcome
    {
        try EndToEnd.run(
            executable: EndToEnd.binary.path, ["run", "--surveys", surveys.path, "--out", out.path, "--quiet"] + extra,
            environment: environment)
    }

    func assertPublished(
        _ out: URL, waves: [String], _ message: String = "", file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(
            OutputTree.topLevel(out), waves, "only the wave folders remain: no lock, no staging folder. \(message)",
            file: file, line: line)
        for wave in waves {
            XCTAssertEqual(
                OutputTree.manifestProblems(out.appendingPathComponent(wave)), [], message, file: file, line: line)
        }
    }

    // MARK: No link followed

    func testAPlantedSiblingLinkIsReplacedNotWrittenThrough() throws {
        let root = try EndToEnd.temporaryFolder(self)
        let surveys = root.appendingPathComponent("surveys"), out = root.appendingPathComponent("out")
        try SmallSurvey.write(to: surveys)
        XCTAssertEqual(try run(surveys, out).status, 0)
        let partners = out.appendingPathComponent("w1/partners")
        for reports in ["all", "partners", "centre"] {
            // partners/ORG02 -> ORG01: the run must not write organisation 2's report into organisation 1's folder.
            try? FileManager.default.removeItem(at: partners.appendingPathComponent("ORG02"))
            try FileManager.default.createSymbolicLink(
                atPath: partners.appendingPathComponent("ORG02").path, withDestinationPath: "ORG01")
            let organisationOne = OutputTree.files(partners.appendingPathComponent("ORG01"))
            let outcome = try run(surveys, out, ["--reports", reports])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            XCTAssertEqual(
                OutputTree.files(partners.appendingPathComponent("ORG01")), organisationOne, "--reports \(reports)")
            let report = try String(contentsOf: partners.appendingPathComponent("ORG01/report.md"), encoding: .utf8)
            XCTAssertTrue(
                report.contains("Organisation 1") && !report.contains("Organisation 2"), "--reports \(reports)")
            var status = stat()
            if reports == "centre" {
                // A centre-only run keeps the previous partner reports, but never a link.
                XCTAssertNotEqual(
                    lstat(partners.appendingPathComponent("ORG02").path, &status), 0, "the link is not kept")
            } else {
                XCTAssertEqual(lstat(partners.appendingPathComponent("ORG02").path, &status), 0)
                XCTAssertEqual(
                    status.st_mode & S_IFMT, S_IFDIR, "--reports \(reports): ORG02 is a folder of its own again")
            }
            assertPublished(out, waves: ["w1"], "--reports \(reports)")
            if reports != "centre" { XCTAssertEqual(try run(surveys, out).status, 0) }
        }
    }

    func testLinksToFoldersOutsideAreNeverFollowed() throws {
        let root = try EndToEnd.temporaryFolder(self)
        let surveys = root.appendingPathComponent("surveys"), out = root.appendingPathComponent("out")
        try SmallSurvey.write(to: surveys, waves: 2)
        XCTAssertEqual(try run(surveys, out).status, 0)
        var outside: [URL] = []
        for name in ["elsewhere-1", "elsewhere-2", "elsewhere-3"] {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("keep".utf8).write(to: folder.appendingPathComponent("keep.txt"))
            outside.append(folder)
        }
        // A wave folder, a partner folder and a partner's charts folder, each a link to a folder outside --out.
        let links = [
            out.appendingPathComponent("w2"), out.appendingPathComponent("w1/partners/ORG01"),
            out.appendingPathComponent("w1/partners/ORG02/charts"),
        ]
        for reports in ["all", "centre", "partners", "national"] {
            for (link, target) in zip(links, outside) {
                try? FileManager.default.removeItem(at: link)
                try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target.path)
            }
            let before = try outside.map { try Snapshot($0) }
            let outcome = try run(surveys, out, ["--reports", reports])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            for (folder, snapshot) in zip(outside, before) {
                XCTAssertEqual(
                    try Snapshot(folder).differences(from: snapshot), [],
                    "--reports \(reports): \(folder.lastPathComponent) changed")
            }
            assertPublished(out, waves: ["w1", "w2"], "--reports \(reports)")
            XCTAssertEqual(try run(surveys, out).status, 0)
        }
    }

    // MARK: What a run replaces and keeps

    func testReportsOfOrganisationsThatLeftDisappear() throws {
        let root = try EndToEnd.temporaryFolder(self)
        let surveys = root.appendingPathComponent("surveys"), out = root.appendingPathComponent("out")
        try SmallSurvey.write(to: surveys, organisations: 3)
        XCTAssertEqual(try run(surveys, out).status, 0)
        try FileManager.default.removeItem(at: surveys)
        try SmallSurvey.write(to: surveys, only: [0, 1])
        XCTAssertEqual(try run(surveys, out).status, 0)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("w1/partners").path)
                .sorted(),
            ["ORG01", "ORG02"])
        assertPublished(out, waves: ["w1"])
    }

    func testPartialRunsReplaceOnlyWhatTheyWrite() throws {
        let root = try EndToEnd.temporaryFolder(self)
        let surveys = root.appendingPathComponent("surveys"), out = root.appendingPathComponent("out")
        try SmallSurvey.write(to: surveys, waves: 2)
        XCTAssertEqual(try run(surveys, out).status, 0)
        let first = OutputTree.files(out)
        try FileManager.default.removeItem(at: surveys)
        try SmallSurvey.write(to: surveys, waves: 2, variant: 1)

        // --wave w2 --reports centre: only w2's centre files (and manifest) are written; everything else is kept.
        XCTAssertEqual(try run(surveys, out, ["--wave", "w2", "--reports", "centre"]).status, 0)
        let second = OutputTree.files(out)
        XCTAssertEqual(Set(first.keys), Set(second.keys))
        let centre = { (path: String) in
            path.hasPrefix("w2/centre/") || ["w2/rejects.csv", "w2/data-quality.md", "w2/manifest.json"].contains(path)
        }
        for (path, hash) in second where !centre(path) {
            XCTAssertEqual(hash, first[path], "\(path) should be kept as it was")
        }
        XCTAssertTrue(second.contains { centre($0.key) && $0.value != first[$0.key] }, "the centre files are rewritten")
        // The manifest lists the kept files too, marked, with the hashes of the bytes kept.
        let manifest = try String(contentsOf: out.appendingPathComponent("w2/manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"reports\": \"centre\""))
        let carried = manifest.components(separatedBy: "\n").filter { $0.contains("\"carried_over\": true") }
        XCTAssertEqual(
            carried.count, second.keys.filter { $0.hasPrefix("w2/partners/") || $0.hasPrefix("w2/national/") }.count)
        assertPublished(out, waves: ["w1", "w2"])

        // --reports partners writes the partner reports of both waves and keeps the rest.
        XCTAssertEqual(try run(surveys, out, ["--reports", "partners"]).status, 0)
        let third = OutputTree.files(out)
        XCTAssertEqual(Set(third.keys), Set(second.keys))
        for (path, hash) in third where !path.contains("/partners/") && !path.hasSuffix("/manifest.json") {
            XCTAssertEqual(hash, second[path], "\(path) should be kept as it was")
        }
        XCTAssertTrue(third.contains { $0.key.hasPrefix("w1/partners/") && $0.value != second[$0.key] })
        assertPublished(out, waves: ["w1", "w2"])
    }

    // MARK: One run at a time

    func testASecondRunWaitsOrWithNoWaitFailsAtOnce() throws {
        let root = try EndToEnd.temporaryFolder(self)
        let surveys = root.appendingPathComponent("surveys"), out = root.appendingPathComponent("out")
        try SmallSurvey.write(to: surveys)
        XCTAssertEqual(try run(surveys, out).status, 0)
        // This test holds the lock, as a running readiness would.
        let lock = open(out.appendingPathComponent(".readiness.lock").path, O_RDWR | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(lock, 0)
        XCTAssertEqual(flock(lock, LOCK_EX), 0)
        let before = try Snapshot(out)
        try FileManager.default.removeItem(at: surveys)
        try SmallSurvey.write(to: surveys, variant: 1)

        let started = Date()
        let refused = try run(surveys, out, ["--no-wait"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("another readiness run is writing to this folder"), refused.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)
        XCTAssertEqual(try Snapshot(out).differences(from: before), [], "--no-wait wrote nothing")

        let waiting = try WatchedRun(["run", "--surveys", surveys.path, "--out", out.path])
        XCTAssertTrue(waiting.wait(for: "waiting for it to finish", timeout: 60), waiting.stderr)
        usleep(300_000)
        XCTAssertTrue(waiting.process.isRunning, "the second run waits while the lock is held")
        XCTAssertEqual(try Snapshot(out).differences(from: before), [], "nothing written while waiting")
        flock(lock, LOCK_UN)
        close(lock)
        let ended = waiting.finish()
        XCTAssertEqual(ended.status, 0, waiting.stderr)
        XCTAssertFalse(ended.signalled)
        assertPublished(out, waves: ["w1"])
        XCTAssertNotEqual(OutputTree.files(out), before.files.mapValues { _ in "" })
    }

    func testTwoRunsStartedTogetherNeverMixTheirTrees() throws {
        let root = try EndToEnd.temporaryFolder(self)
        let surveys = (0..<2).map { root.appendingPathComponent("surveys-\($0)") }
        var expected: [[String: String]] = []
        for (variant, folder) in surveys.enumerated() {
            try SmallSurvey.write(to: folder, organisations: 2, respondents: 2, waves: 2, variant: variant)
            let reference = root.appendingPathComponent("reference-\(variant)")
            // Centre files only (one workbook per wave), so that 100 runs stay quick; the publication is the same.
            XCTAssertEqual(try run(folder, reference, ["--reports", "centre"]).status, 0)
            expected.append(OutputTree.files(reference))
        }
        XCTAssertNotEqual(expected[0], expected[1])
        let out = root.appendingPathComponent("out")
        var outcomes: [Int: Int] = [:]
        for round in 0..<50 {
            let runs = try surveys.map {
                try WatchedRun(["run", "--surveys", $0.path, "--out", out.path, "--reports", "centre", "--quiet"])
            }
            let ends = runs.map { $0.finish() }
            XCTAssertEqual(ends.map(\.status), [0, 0], "round \(round): \(runs.map(\.stderr))")
            let tree = OutputTree.files(out)
            let which = expected.firstIndex(of: tree)
            XCTAssertNotNil(which, "round \(round): the tree is neither run's whole tree")
            outcomes[which ?? -1, default: 0] += 1
            XCTAssertEqual(OutputTree.topLevel(out), ["w1", "w2"], "round \(round)")
        }
        XCTAssertEqual(outcomes.values.reduce(0, +), 50)
    }

    // MARK: What dead runs leave

    func testTheNextRunRemovesOnlyDeadRunsStagingFolders() throws {
        let root = try EndToEnd.temporaryFolder(self)
        let surveys = root.appendingPathComponent("surveys"), out = root.appendingPathComponent("out")
        try SmallSurvey.write(to: surveys, waves: 2)
        XCTAssertEqual(try run(surveys, out).status, 0)
        let w1 = OutputTree.files(out.appendingPathComponent("w1"))
        // A dead run (no such process) that had moved w1 aside (the two-rename fallback) and was killed.
        let dead = out.appendingPathComponent(".readiness-staging-999999999-12345")
        try FileManager.default.createDirectory(
            at: dead.appendingPathComponent("old"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            at: out.appendingPathComponent("w1"), to: dead.appendingPathComponent("old/w1"))
        try FileManager.default.createDirectory(
            at: dead.appendingPathComponent("new/w2/partners"), withIntermediateDirectories: true)
        // A live process's folder (this test's own), a look-alike name, and a user's file: all left alone.
        let stat = try String(contentsOfFile: "/proc/self/stat", encoding: .utf8)
        let start = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")[19]
        let live = out.appendingPathComponent(".readiness-staging-\(getpid())-\(start)")
        let lookAlike = out.appendingPathComponent(".readiness-staging-notes")
        for folder in [live, lookAlike] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try Data("mine".utf8).write(to: out.appendingPathComponent("notes.txt"))

        XCTAssertEqual(try run(surveys, out, ["--wave", "w2"]).status, 0)
        XCTAssertEqual(
            OutputTree.topLevel(out), [live.lastPathComponent, lookAlike.lastPathComponent, "notes.txt", "w1", "w2"])
        XCTAssertEqual(OutputTree.files(out.appendingPathComponent("w1")), w1, "the previous w1 is put back")
        XCTAssertEqual(OutputTree.manifestProblems(out.appendingPathComponent("w2")), [])
    }

    // MARK: Limits and permissions

    func testAnOpenFileLimitBelowTheNumberOfFiles() throws {
        let root = try EndToEnd.temporaryFolder(self)
        let previous = root.appendingPathComponent("previous-surveys"), surveys = root.appendingPathComponent("surveys")
        let pristine = root.appendingPathComponent("pristine"), reference = root.appendingPathComponent("reference")
        try SmallSurvey.write(to: previous, organisations: 40, respondents: 2)
        try SmallSurvey.write(to: surveys, organisations: 40, respondents: 2, variant: 1)
        XCTAssertEqual(try run(previous, pristine).status, 0)
        XCTAssertEqual(try run(surveys, reference).status, 0)
        let (old, new) = (OutputTree.files(pristine), OutputTree.files(reference))
        XCTAssertGreaterThan(old.count, 2 * 64, "more files than the limit")
        XCTAssertNotEqual(old, new)
        for limit in [64, 24, 12] {
            let out = root.appendingPathComponent("out-\(limit)")
            try FileManager.default.copyItem(at: pristine, to: out)
            let outcome = try EndToEnd.run(
                executable: "/bin/sh",
                [
                    "-c", "ulimit -n \(limit) && exec \"$0\" \"$@\"", EndToEnd.binary.path,
                    "run", "--surveys", surveys.path, "--out", out.path, "--quiet",
                ])
            XCTAssertFalse(outcome.signalled, "ulimit -n \(limit): a message, not a signal: \(outcome.stderr)")
            let tree = OutputTree.files(out).filter { !$0.key.hasPrefix(".readiness") }
            if outcome.status == 0 {
                XCTAssertEqual(tree, new, "ulimit -n \(limit): exit 0, so the new reports whole")
            } else {
                XCTAssertEqual(outcome.status, 1, "ulimit -n \(limit): \(outcome.stderr)")
                XCTAssertTrue(outcome.stderr.contains("error:"), "ulimit -n \(limit): \(outcome.stderr)")
                XCTAssertEqual(tree, old, "ulimit -n \(limit): exit 1, so the previous reports untouched")
            }
            // Files are written one at a time, a handful of folders open: 64 is plenty.
            if limit == 64 { XCTAssertEqual(outcome.status, 0, "ulimit -n 64: \(outcome.stderr)") }
        }
    }

    func testAReadOnlyWaveFolderLeavesEveryPreviousReport() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("no setpriv to run as another user")
        }
        guard getuid() == 0 else { throw XCTSkip("needs root to run the binary as nobody") }
        let root = try EndToEnd.temporaryFolder(self)
        chmod(root.path, 0o755)
        let surveys = root.appendingPathComponent("surveys"), out = root.appendingPathComponent("out")
        try SmallSurvey.write(to: surveys, waves: 2)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        chown(out.path, 65534, 65534)
        func runAsNobody(_ extra: [String] = []) throws -> EndToEnd.Outcome {
            try EndToEnd.run(
                executable: "/usr/bin/setpriv",
                [
                    "--reuid=65534", "--regid=65534", "--clear-groups", EndToEnd.binary.path,
                    "run", "--surveys", surveys.path, "--out", out.path, "--quiet",
                ] + extra)
        }
        let first = try runAsNobody()
        guard first.status == 0 else { throw XCTSkip("the binary cannot run as nobody here: \(first.stderr)") }
        try FileManager.default.removeItem(at: surveys)
        try SmallSurvey.write(to: surveys, waves: 2, variant: 1)

        // w2 read-only: w1 is swapped first, then w2's swap is refused, and w1 is swapped back.
        chmod(out.appendingPathComponent("w2").path, 0o555)
        let before = try Snapshot(out)
        let refused = try runAsNobody()
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains("\(out.path)/w2: error: cannot replace the previous reports"), refused.stderr)
        XCTAssertEqual(try Snapshot(out).differences(from: before), [], "every previous report as it was, w1 included")
        XCTAssertEqual(OutputTree.topLevel(out), ["w1", "w2"])

        // A read-only folder inside the previous tree does not stop the run, and goes with the old tree.
        chmod(out.appendingPathComponent("w2").path, 0o755)
        chmod(out.appendingPathComponent("w1/partners/ORG01").path, 0o555)
        let outcome = try runAsNobody()
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        assertPublished(out, waves: ["w1", "w2"])
    }

    // MARK: Inputs that are not files, or change

    func testInputsThatAreNotRegularFilesFailAtOnce() throws {
        for name in ["w1/responses.csv", "instrument.yaml", "organisations.csv", "w1/wave.yaml"] {
            let root = try EndToEnd.temporaryFolder(self)
            let surveys = root.appendingPathComponent("surveys"), out = root.appendingPathComponent("out")
            try SmallSurvey.write(to: surveys)
            let file = surveys.appendingPathComponent(name)
            try FileManager.default.removeItem(at: file)
            XCTAssertEqual(mkfifo(file.path, 0o644), 0)
            let outcome = try EndToEnd.run(
                executable: EndToEnd.binary.path, ["run", "--surveys", surveys.path, "--out", out.path],
                timeout: 30)
            XCTAssertFalse(outcome.timedOut, "\(name) as a FIFO: the run hangs")
            XCTAssertEqual(outcome.status, 1, "\(name): \(outcome.stderr)")
            XCTAssertTrue(
                outcome.stderr.contains(name)
                    && outcome.stderr.contains("it is a FIFO (named pipe), not a regular file"),
                "\(name): \(outcome.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing written")
        }
        let root = try EndToEnd.temporaryFolder(self)
        let surveys = root.appendingPathComponent("surveys")
        try SmallSurvey.write(to: surveys)
        try FileManager.default.removeItem(at: surveys.appendingPathComponent("w1/responses.csv"))
        try FileManager.default.createSymbolicLink(
            atPath: surveys.appendingPathComponent("w1/responses.csv").path,
            withDestinationPath: "/dev/zero")
        let outcome = try EndToEnd.run(
            executable: EndToEnd.binary.path, ["validate", "--surveys", surveys.path], timeout: 30)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.contains("it is a character device, not a regular file"), outcome.stderr)
    }

    /// A responses file large enough (150,000 rows, 5 MB) to be read for a while by the debug build.
    func writeLargeSurvey(_ surveys: URL) throws -> URL {
        try SmallSurvey.write(to: surveys)
        let file = surveys.appendingPathComponent("w1/responses.csv")
        var bytes = [UInt8](try Data(contentsOf: file))
        for index in 0..<150_000 {
            bytes += Array("x\(index),ORG0\(index % 3 + 1),2021-02-01,\(index % 5 + 1),2,3,true\n".utf8)
        }
        try Data(bytes).write(to: file)
        return file
    }

    func testAResponsesFileThatChangesDuringTheRunStopsIt() throws {
        let root = try EndToEnd.temporaryFolder(self)
        let surveys = root.appendingPathComponent("surveys"), out = root.appendingPathComponent("out")
        let file = try writeLargeSurvey(surveys)
        XCTAssertEqual(try run(surveys, out).status, 0)
        let before = try Snapshot(out)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
        for change in ["truncated", "appended"] {
            let watched = try WatchedRun(
                ["run", "--surveys", surveys.path, "--out", out.path, "--quiet"],
                environment: ["READINESS_TRACE": "1"])
            XCTAssertTrue(watched.wait(for: "loaded", timeout: 60), watched.stderr)
            if change == "truncated" {
                // Past the header, into the rows the reader is about to read: SIGBUS without the guard.
                XCTAssertEqual(truncate(file.path, off_t(size / 3)), 0)
            } else {
                let handle = try FileHandle(forWritingTo: file)
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("late,ORG01,2021-02-01,1,1,1,true\n".utf8))
                try handle.close()
            }
            let ended = watched.finish()
            XCTAssertFalse(ended.signalled, "\(change): ended by signal \(ended.status): \(watched.stderr)")
            XCTAssertEqual(ended.status, 1, "\(change): \(watched.stderr)")
            XCTAssertTrue(
                watched.stderr.contains("w1/responses.csv: error: the file changed while this run was reading it"),
                "\(change): \(watched.stderr)")
            XCTAssertEqual(
                try Snapshot(out).differences(from: before), [], "\(change): the previous reports are untouched")
            _ = try writeLargeSurvey(surveys)
        }
    }
}
