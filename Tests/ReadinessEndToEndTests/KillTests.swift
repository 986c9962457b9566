import Foundation
import XCTest

/// Runs killed with SIGKILL at 200 random moments, over surveys of growing size and
/// including while the waves are being swapped into place: afterwards every wave's folder
/// is wholly the previous tree or wholly the new one (compared file by file with both
/// runs' complete trees, manifests included), no staging folder is readable by others, no
/// workbook is left in /dev/shm or TMPDIR, and the next complete run cleans up.
final class KillTests: XCTestCase {
    /// The sizes (organisations, respondents each) and how many kills each gets.
    static let plan: [(organisations: Int, respondents: Int, kills: Int)] = [
        (2, 2, 90), (3, 3, 60), (6, 4, 35), (10, 5, 15),
    ]
    static let waves = ["w1", "w2"]

    func testKilledRunsLeaveEachWaveWhollyOldOrWhollyNew() throws {
        let root = try EndToEnd.temporaryFolder(self)
        // /dev/shm is replaced by a folder of the test's own in a private mount namespace where that is allowed,
        // so that anything a run leaves there can be seen after it is killed.
        let shm = root.appendingPathComponent("shm"), tmp = root.appendingPathComponent("tmp")
        for folder in [shm, tmp] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let isolated =
            getuid() == 0
            && (try? EndToEnd.run(
                executable: "/usr/bin/unshare",
                ["-m", "sh", "-c", "mount --bind \"$0\" /dev/shm", shm.path]
            ).status) == 0
        var generator = SystemRandomNumberGenerator()
        var totals = (kills: 0, midway: 0, mixed: 0, duringSwap: 0)

        for (sizeIndex, size) in Self.plan.enumerated() {
            // Two surveys whose every wave differs; their complete trees are the only two allowed.
            var trees: [[String: [String: String]]] = []
            var surveys: [URL] = []
            var duration = 0.0
            for variant in 0..<2 {
                let folder = root.appendingPathComponent("surveys-\(sizeIndex)-\(variant)")
                try SmallSurvey.write(
                    to: folder, organisations: size.organisations, respondents: size.respondents, waves: 2,
                    variant: variant)
                surveys.append(folder)
                let reference = root.appendingPathComponent("reference-\(sizeIndex)-\(variant)")
                let started = Date()
                XCTAssertEqual(
                    try EndToEnd.run(["run", "--surveys", folder.path, "--out", reference.path, "--quiet"]).status, 0)
                duration = max(duration, Date().timeIntervalSince(started))
                trees.append(
                    Dictionary(
                        uniqueKeysWithValues: Self.waves.map {
                            ($0, OutputTree.files(reference.appendingPathComponent($0)))
                        }))
            }
            for wave in Self.waves {
                XCTAssertNotEqual(trees[0][wave], trees[1][wave], "the two surveys differ in \(wave)")
            }

            let out = root.appendingPathComponent("out-\(sizeIndex)")
            XCTAssertEqual(
                try EndToEnd.run(["run", "--surveys", surveys[0].path, "--out", out.path, "--quiet"]).status, 0)
            var state = Dictionary(uniqueKeysWithValues: Self.waves.map { ($0, 0) })
            for attempt in 0..<size.kills {
                let target = 1 - state["w1"]!
                // One kill in four waits for the swap to begin; the others fall anywhere in the run.
                let atSwap = attempt % 4 == 3
                let arguments = ["run", "--surveys", surveys[target].path, "--out", out.path, "--quiet"]
                let run =
                    try isolated
                    ? WatchedRun(
                        [
                            "-m", "sh", "-c", "mount --bind \"$0\" /dev/shm && exec \"$@\"", shm.path,
                            EndToEnd.binary.path,
                        ]
                            + arguments, environment: ["TMPDIR": tmp.path, "READINESS_TRACE": "1"],
                        executable: "/usr/bin/unshare")
                    : WatchedRun(arguments, environment: ["TMPDIR": tmp.path, "READINESS_TRACE": "1"])
                if atSwap {
                    _ = run.wait(for: "publishing", timeout: 60)
                    usleep(UInt32.random(in: 0...1_500, using: &generator))
                } else {
                    usleep(UInt32(Double.random(in: 0...(duration * 1.1), using: &generator) * 1e6))
                }
                kill(run.process.processIdentifier, SIGKILL)
                let ended = run.finish()
                totals.kills += 1
                if ended.signalled { totals.midway += 1 }
                if atSwap && ended.signalled { totals.duringSwap += 1 }
                let when = "size \(sizeIndex), kill \(attempt)\(atSwap ? " at the swap" : "")"

                for wave in Self.waves {
                    let tree = OutputTree.files(out.appendingPathComponent(wave))
                    if tree == trees[state[wave]!][wave] { continue }
                    if tree == trees[target][wave] {
                        state[wave] = target
                        continue
                    }
                    XCTFail(
                        "\(when): \(wave) is neither wholly the previous tree nor wholly the new one "
                            + "(\(tree.count) files; "
                            + "\(tree.filter { trees[0][wave]![$0.key] != $0.value && trees[1][wave]![$0.key] != $0.value }.keys.sorted().prefix(5)))"
                    )
                    return
                }
                if state["w1"] != state["w2"] { totals.mixed += 1 }
                for entry in OutputTree.topLevel(out) where !Self.waves.contains(entry) {
                    XCTAssertTrue(
                        entry == ".readiness.lock" || entry.hasPrefix(".readiness-staging-"), "\(when): stray \(entry)")
                    var status = stat()
                    XCTAssertEqual(lstat(out.appendingPathComponent(entry).path, &status), 0)
                    if entry.hasPrefix(".readiness-staging-") {
                        XCTAssertEqual(status.st_mode & 0o077, 0, "\(when): \(entry) is readable by others")
                    }
                }
                XCTAssertEqual(OutputTree.files(tmp), [:], "\(when): files left in TMPDIR")
                XCTAssertEqual(OutputTree.files(shm), [:], "\(when): files left in /dev/shm")

                // Now and then a complete run: it cleans up what the killed ones left.
                if attempt % 20 == 19 || attempt == size.kills - 1 {
                    let next = 1 - state["w1"]!
                    XCTAssertEqual(
                        try EndToEnd.run(["run", "--surveys", surveys[next].path, "--out", out.path, "--quiet"]).status,
                        0)
                    XCTAssertEqual(
                        OutputTree.topLevel(out), Self.waves, "\(when): the next run leaves only the wave folders")
                    for wave in Self.waves {
                        XCTAssertEqual(
                            OutputTree.files(out.appendingPathComponent(wave)), trees[next][wave], "\(when): \(wave)")
                        state[wave] = next
                    }
                }
            }
        }
        XCTAssertEqual(totals.kills, 200)
        XCTAssertGreaterThan(
            totals.midway, 100, "most runs were killed before they finished, or the test proves little")
        XCTAssertGreaterThan(totals.duringSwap, 10, "runs were killed while the waves were being swapped")
        print(
            "KillTests: \(totals.kills) kills, \(totals.midway) before the end, \(totals.duringSwap) at the swap, "
                + "\(totals.mixed) leaving one wave new and the other "
                + "old; /dev/shm \(isolated ? "isolated" : "not isolated")"
        )
    }
}
