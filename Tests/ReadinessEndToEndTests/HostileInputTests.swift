import Foundation
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Runs the built binary on every case of the hostile-input corpus (Tests/Fixtures/hostile,
/// written by tools/hostile/make_corpus.py) and checks what the SPEC promises: the exit
/// code and located messages (§7), rejects line by line (§2.4), nothing lost, nothing
/// written outside `--out`, names escaped in Markdown, SVG and workbooks (§4, README);
/// then the output-folder faults: a file, a read-only folder, a full disk, a file-size limit.
///
/// A case is a folder holding `surveys/` and `expect.json` (keys described in
/// make_corpus.py); adding one needs no code. Big inputs are generated here from recipes.
final class HostileInputTests: XCTestCase {
    static let corpus = EndToEnd.repository.appendingPathComponent("Tests/Fixtures/hostile")

    /// Every case folder, sorted.
    static func caseFolders() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
            .map { corpus.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("expect.json").path) }
    }

    func testEveryCorpusCase() throws {
        let folders = try Self.caseFolders()
        XCTAssertGreaterThanOrEqual(folders.count, 50, "the corpus holds at least 50 cases")
        let only = ProcessInfo.processInfo.environment["HOSTILE_CASE"]
        let root = try EndToEnd.temporaryFolder(self)
        let selected = folders.filter { only == nil || $0.lastPathComponent.contains(only!) }
        let results = ProblemList(count: selected.count)
        // Cases are independent: run a few at once to keep the whole file well under a minute.
        DispatchQueue.concurrentPerform(iterations: selected.count) { index in
            let folder = selected[index]
            let work = root.appendingPathComponent(folder.lastPathComponent)
            do {
                results.set(index, try Case(folder: folder).check(in: work))
            } catch {
                results.set(index, ["could not run: \(error)"])
            }
            try? FileManager.default.removeItem(at: work)
        }
        for (index, folder) in selected.enumerated() {
            let problems = results.problems[index]
            for problem in problems {
                XCTFail("\(folder.lastPathComponent): \(problem)")
            }
            if !problems.isEmpty {
                XCTFail(
                    "\(folder.lastPathComponent): reproduce with python3 tools/hostile/make_corpus.py --materialise "
                        + "\(folder.lastPathComponent) /tmp/case && .build/debug/readiness "
                        + "run --surveys /tmp/case --out /tmp/case-out"
                )
            }
        }
    }

    // MARK: Output-folder faults

    /// A small survey from the corpus whose every report is written (exit 0).
    func survey(in folder: URL) throws -> URL {
        let source = try Self.caseFolders().first { $0.lastPathComponent.hasSuffix("-every-reject-reason") }
        let surveys = folder.appendingPathComponent("surveys")
        try FileManager.default.copyItem(at: XCTUnwrap(source).appendingPathComponent("surveys"), to: surveys)
        return surveys
    }

    /// Adds a response, so that a second run would change every wave file.
    func change(_ surveys: URL) throws {
        let file = surveys.appendingPathComponent("w1/responses.csv")
        var text = try String(contentsOf: file, encoding: .utf8)
        text += "r99,ORG-A,2024-02-01,5,1,5,true\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    func testOutputPathThatIsAFile() throws {
        let folder = try EndToEnd.temporaryFolder(self)
        let surveys = try survey(in: folder)
        let file = folder.appendingPathComponent("reports")
        try Data("keep me".utf8).write(to: file)
        for out in [file, file.appendingPathComponent("sub")] {
            let outcome = try EndToEnd.run(["run", "--surveys", surveys.path, "--out", out.path])
            XCTAssertEqual(outcome.status, 1, "--out \(out.path): \(outcome.stderr)")
            XCTAssertTrue(outcome.stderr.contains(file.path), "the message names the path: \(outcome.stderr)")
            XCTAssertTrue(outcome.stderr.contains("error:"), outcome.stderr)
            XCTAssertEqual(try Data(contentsOf: file), Data("keep me".utf8), "the file is left alone")
        }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["reports", "surveys"])
    }

    func testReadOnlyOutputFolderKeepsPreviousReports() throws {
        let folder = try EndToEnd.temporaryFolder(self)
        let surveys = try survey(in: folder)
        let mount = folder.appendingPathComponent("mnt")
        try Mounts.tmpfs(at: mount, size: "8m", test: self)
        let out = mount.appendingPathComponent("reports")
        XCTAssertEqual(try EndToEnd.run(["run", "--surveys", surveys.path, "--out", out.path, "--quiet"]).status, 0)
        let before = try Snapshot(out)
        XCTAssertFalse(before.files.isEmpty)
        try Mounts.remountReadOnly(mount, test: self)
        try change(surveys)
        for target in [out, mount.appendingPathComponent("new-folder")] {
            let outcome = try EndToEnd.run(["run", "--surveys", surveys.path, "--out", target.path])
            XCTAssertEqual(outcome.status, 1, "read-only \(target.path): \(outcome.stderr)")
            XCTAssertTrue(outcome.stderr.contains(mount.path), "the message names the folder: \(outcome.stderr)")
        }
        XCTAssertEqual(
            try Snapshot(out).differences(from: before), [], "a failed run leaves the previous reports intact")
    }

    func testFullDiskKeepsPreviousReports() throws {
        let folder = try EndToEnd.temporaryFolder(self)
        let surveys = try survey(in: folder)
        let mount = folder.appendingPathComponent("mnt")
        try Mounts.tmpfs(at: mount, size: "8m", test: self)
        let out = mount.appendingPathComponent("reports")
        XCTAssertEqual(try EndToEnd.run(["run", "--surveys", surveys.path, "--out", out.path, "--quiet"]).status, 0)
        let before = try Snapshot(out)
        // Fill the disk, keeping an 8 KB spacer: first with no space at all, then with the spacer freed,
        // so that the small CSV and Markdown files fit and a workbook does not.
        let spacer = mount.appendingPathComponent("spacer")
        try Data(count: 8 * 1024).write(to: spacer)
        _ = try EndToEnd.run(executable: "/usr/bin/env", ["dd", "if=/dev/zero", "of=\(mount.path)/filler", "bs=4096"])
        try change(surveys)
        for free in ["no space", "8 KB free"] {
            if free == "8 KB free" { try FileManager.default.removeItem(at: spacer) }
            let outcome = try EndToEnd.run(["run", "--surveys", surveys.path, "--out", out.path])
            XCTAssertEqual(outcome.status, 1, "full disk, \(free): \(outcome.stderr)")
            XCTAssertFalse(outcome.signalled, "full disk, \(free): the run ends with a message, not a signal")
            XCTAssertTrue(
                outcome.stderr.contains(out.path), "full disk, \(free): the message names the file: \(outcome.stderr)")
            let changed = try Snapshot(out).differences(from: before)
            XCTAssertEqual(
                changed, [], "full disk, \(free): a failed run leaves the previous reports intact, no partial files")
        }
    }

    func testFileSizeLimitKeepsPreviousReports() throws {
        let folder = try EndToEnd.temporaryFolder(self)
        let surveys = try survey(in: folder)
        let out = folder.appendingPathComponent("reports")
        let scratch = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        XCTAssertEqual(try EndToEnd.run(["run", "--surveys", surveys.path, "--out", out.path, "--quiet"]).status, 0)
        let before = try Snapshot(out)
        try change(surveys)
        // ulimit -f counts 512-byte blocks in dash and 1024-byte blocks in bash: 8 or 16 KB, both below a workbook.
        let outcome = try EndToEnd.run(
            executable: "/bin/sh",
            [
                "-c", "ulimit -f 16 && exec \"$0\" \"$@\"", EndToEnd.binary.path,
                "run", "--surveys", surveys.path, "--out", out.path,
            ], environment: ["TMPDIR": scratch.path])
        XCTAssertEqual(
            outcome.status, 1,
            "file-size limit: status \(outcome.status), signalled \(outcome.signalled): \(outcome.stderr)")
        XCTAssertFalse(outcome.signalled, "SIGXFSZ must not kill the run")
        XCTAssertTrue(outcome.stderr.contains("error:"), "a clear message: \(outcome.stderr)")
        XCTAssertEqual(
            try Snapshot(out).differences(from: before), [],
            "a failed run leaves the previous reports intact, no partial files")
        XCTAssertEqual(EndToEnd.files(under: scratch), [], "no temporary file left behind")
    }
}

extension HostileInputTests {
    // MARK: - One corpus case

    /// A case folder: its `expect.json`, materialised into a scratch folder and checked.
    struct Case {
        let folder: URL
        let expect: [String: Any]
        var name: String { folder.lastPathComponent }

        init(folder: URL) throws {
            self.folder = folder
            let data = try Data(contentsOf: folder.appendingPathComponent("expect.json"))
            expect = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        }

        func strings(_ key: String) -> [String] { expect[key] as? [String] ?? [] }

        /// Every way the tool's behaviour differs from the expectation, as sentences.
        func check(in work: URL) throws -> [String] {
            var problems: [String] = []
            let surveys = work.appendingPathComponent("surveys")
            let scratch = work.appendingPathComponent("tmp")
            let out = work.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: folder.appendingPathComponent("surveys"), to: surveys)
            problems += try generate(into: work)

            let surveysBefore = try Snapshot(surveys)
            let args = ["run", "--surveys", surveys.path, "--out", out.path] + strings("args")
            let timeout = (expect["timeout"] as? Double) ?? 30
            let outcome = try EndToEnd.run(
                executable: EndToEnd.binary.path, args, environment: ["TMPDIR": scratch.path],
                timeout: timeout)
            let command = "readiness " + args.joined(separator: " ")
            let exit = Int32(expect["exit"] as? Int ?? -1)
            if outcome.timedOut {
                return ["timed out after \(Int(timeout)) s: \(command)"]
            }
            if outcome.signalled {
                problems.append("killed by signal \(outcome.status) (expected exit \(exit))")
            } else if outcome.status != exit {
                problems.append("exit \(outcome.status), expected \(exit); stderr: \(outcome.stderr.prefix(600))")
            }
            for text in strings("stderr_contains") where !outcome.stderr.contains(text) {
                problems.append("stderr lacks \(quoted(text)); stderr: \(outcome.stderr.prefix(600))")
            }
            for pattern in strings("stderr_matches") {
                let regex = try NSRegularExpression(pattern: pattern)
                if regex.firstMatch(
                    in: outcome.stderr, range: NSRange(outcome.stderr.startIndex..., in: outcome.stderr)) == nil
                {
                    problems.append("stderr does not match /\(pattern)/; stderr: \(outcome.stderr.prefix(600))")
                }
            }

            // Nothing written outside --out: the surveys folder, the temporary folder, the work folder.
            let surveyChanges = try Snapshot(surveys).differences(from: surveysBefore)
            if !surveyChanges.isEmpty { problems.append("the surveys folder changed: \(surveyChanges.prefix(5))") }
            let leftovers = EndToEnd.files(under: scratch)
            if !leftovers.isEmpty { problems.append("files left in TMPDIR: \(leftovers.prefix(5))") }
            let siblings = try FileManager.default.contentsOfDirectory(atPath: work.path).sorted()
            if siblings
                != ["out", "surveys", "tmp"].filter({ $0 != "out" || FileManager.default.fileExists(atPath: out.path) })
            {
                problems.append("unexpected entries beside --out: \(siblings)")
            }

            if exit != 0 {
                if FileManager.default.fileExists(atPath: out.path) {
                    problems.append(
                        "exit \(exit) expected and nothing written, but \(out.lastPathComponent)/ "
                            + "exists holding \(EndToEnd.files(under: out).prefix(5))"
                    )
                }
                return problems
            }
            guard outcome.status == 0 else { return problems }
            problems += try checkOutputs(out)
            problems += try RenderedOutputs.problems(out)
            return problems
        }

        // MARK: Generated inputs

        /// Replaces the placeholders of generated files; checks their SHA-256 against the Python generator's.
        func generate(into work: URL) throws -> [String] {
            guard let generate = expect["generate"] as? [String: [[String: Any]]] else { return [] }
            var problems: [String] = []
            for (path, recipes) in generate.sorted(by: { $0.key < $1.key }) {
                let file = work.appendingPathComponent(path)
                let template = [UInt8](try Data(contentsOf: file))
                let bytes = try Recipes.materialise(template, recipes)
                try Data(bytes).write(to: file)
                if let hashes = expect["sha256"] as? [String: String], let want = hashes[path],
                    let got = Recipes.sha256(of: file), got != want
                {
                    problems.append("generated \(path) has SHA-256 \(got), the Python generator's is \(want)")
                }
            }
            return problems
        }

        // MARK: Outputs of a successful run

        func checkOutputs(_ out: URL) throws -> [String] {
            var problems: [String] = []
            let files = EndToEnd.files(under: out)
            let waves = Set(files.compactMap { $0.split(separator: "/").first.map(String.init) })
            let expectedRows = expect["rows"] as? [String: [String: Int]] ?? [:]
            let expectedRejects = expect["rejects"] as? [String: [[Any]]] ?? [:]
            for wave in Set(expectedRows.keys).union(expectedRejects.keys) where !waves.contains(wave) {
                problems.append("no output folder for wave \(wave); found \(waves.sorted())")
            }
            for wave in waves.sorted() {
                problems += try checkAccounting(
                    out.appendingPathComponent(wave), wave: wave,
                    rows: expectedRows[wave], rejects: expectedRejects[wave])
            }
            for path in strings("outputs_exist") where !files.contains(path) {
                problems.append("missing output \(path)")
            }
            for (path, needles) in expect["outputs_contain"] as? [String: [String]] ?? [:] {
                guard let text = try? String(contentsOf: out.appendingPathComponent(path), encoding: .utf8) else {
                    problems.append("cannot read output \(path)")
                    continue
                }
                for needle in needles where !text.contains(needle) {
                    problems.append("\(path) lacks \(quoted(needle))")
                }
            }
            let forbidden = strings("never_in_outputs")
            let escaping = expect["escaping"] as? [String: Any]
            var sharedStrings = ""
            let unzipScratch = out.deletingLastPathComponent().appendingPathComponent("unzip")
            try FileManager.default.createDirectory(at: unzipScratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: unzipScratch) }
            for file in files {
                let url = out.appendingPathComponent(file)
                if file.hasSuffix(".xlsx") {
                    guard !forbidden.isEmpty || escaping != nil else { continue }
                    let parts = try EndToEnd.zipParts(url, scratch: unzipScratch)
                    for (part, text) in parts {
                        for needle in forbidden where text.contains(needle) {
                            problems.append("\(file) [\(part)] holds \(quoted(needle))")
                        }
                    }
                    if escaping != nil {
                        problems += Escaping.workbookProblems(parts).map { "\(file): \($0)" }
                        sharedStrings += parts["xl/sharedStrings.xml"] ?? ""
                    }
                    continue
                }
                let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
                for needle in forbidden where text.contains(needle) {
                    problems.append("\(file) holds \(quoted(needle))")
                }
                if file.hasSuffix(".md") {
                    let prefixes = escaping?["forbidden_line_prefixes"] as? [String] ?? []
                    problems += Escaping.markdownProblems(text, forbiddenLinePrefixes: prefixes).map {
                        "\(file): \($0)"
                    }
                } else if file.hasSuffix(".svg") {
                    problems += Escaping.svgProblems(text).map { "\(file): \($0)" }
                }
            }
            for name in escaping?["names"] as? [String] ?? [] {
                // A name with line breaks may be shown on one line: each of its lines must be there.
                for piece in name.components(separatedBy: CharacterSet.newlines) where !piece.isEmpty {
                    if !sharedStrings.contains(Escaping.xmlEscaped(piece)) {
                        problems.append(
                            "no workbook holds the name \(quoted(name)) as text (looked for \(quoted(piece)))")
                    }
                }
            }
            return problems
        }

        /// rows read = scored + rejected in data-quality.md; rejects.csv has exactly the rejected rows.
        func checkAccounting(_ folder: URL, wave: String, rows: [String: Int]?, rejects: [[Any]]?) throws -> [String] {
            var problems: [String] = []
            guard
                let quality = try? String(contentsOf: folder.appendingPathComponent("data-quality.md"), encoding: .utf8)
            else {
                return ["\(wave)/data-quality.md missing"]
            }
            let equation = try NSRegularExpression(
                pattern: #"rows read (\d+) = rows scored (\d+) \+ rows rejected (\d+)"#)
            guard let match = equation.firstMatch(in: quality, range: NSRange(quality.startIndex..., in: quality))
            else {
                return ["\(wave)/data-quality.md does not print rows read = rows scored + rows rejected"]
            }
            let numbers = (1...3).map { Int((quality as NSString).substring(with: match.range(at: $0)))! }
            let (read, scored, rejected) = (numbers[0], numbers[1], numbers[2])
            if read != scored + rejected {
                problems.append("\(wave): rows read \(read) ≠ scored \(scored) + rejected \(rejected)")
            }
            if let rows, rows != ["read": read, "scored": scored, "rejected": rejected] {
                problems.append(
                    "\(wave): read \(read), scored \(scored), rejected \(rejected); expected read "
                        + "\(rows["read"] ?? -1), scored \(rows["scored"] ?? -1), rejected \(rows["rejected"] ?? -1)"
                )
            }
            guard let data = try? Data(contentsOf: folder.appendingPathComponent("rejects.csv")) else {
                return problems + ["\(wave)/rejects.csv missing"]
            }
            let records = CSV.records(String(decoding: data, as: UTF8.self))
            if records.first != ["line", "response_id", "reason", "detail"] {
                problems.append("\(wave)/rejects.csv header is \(records.first ?? [])")
            }
            let body = Array(records.dropFirst())
            if body.count != rejected {
                problems.append("\(wave)/rejects.csv has \(body.count) rows, data-quality.md says \(rejected) rejected")
            }
            if let rejects {
                let want = rejects.map {
                    "\($0[0] as? Int ?? -1) \(quoted($0[1] as? String ?? "?")) \($0[2] as? String ?? "?")"
                }
                let got = body.map {
                    "\($0.first ?? "") \(quoted($0.count > 1 ? $0[1] : "")) \($0.count > 2 ? $0[2] : "")"
                }
                if want != got {
                    problems.append(
                        "\(wave)/rejects.csv is [\(got.joined(separator: "; "))], "
                            + "expected [\(want.joined(separator: "; "))]"
                    )
                }
            }
            return problems
        }

        func quoted(_ text: String) -> String {
            "'"
                + text.unicodeScalars.map { $0.value < 0x20 ? "\\u{\(String($0.value, radix: 16))}" : String($0) }
                .joined() + "'"
        }
    }

    // MARK: - Rendered as readers see them

    /// Every Markdown report rendered by cmark-gfm (GFM extensions) and markdown-it with
    /// linkify, every workbook opened by openpyxl, every output scanned for format and XML-illegal
    /// characters (tools/render/check_outputs.py; `scripts/setup` installs the renderers).
    enum RenderedOutputs {
        static let script = EndToEnd.repository.appendingPathComponent("tools/render/check_outputs.py").path

        static func problems(_ out: URL) throws -> [String] {
            let run = try EndToEnd.run(executable: "/usr/bin/env", ["python3", script, out.path], timeout: 300)
            if run.status == 2 { return ["renderers missing (run scripts/setup): \(run.stderr)"] }
            guard run.status != 0 else { return [] }
            return run.stdout.split(separator: "\n").map { "rendered: \($0)" }
                + (run.stderr.isEmpty ? [] : [run.stderr])
        }
    }

    // MARK: - Generators

    /// The recipes of make_corpus.py, byte for byte.
    enum Recipes {
        static func materialise(_ template: [UInt8], _ recipes: [[String: Any]]) throws -> [UInt8] {
            var expansions: [([UInt8], [UInt8])] = []
            for recipe in recipes {
                let placeholder = Array((recipe["placeholder"] as? String ?? "").utf8)
                expansions.append((placeholder, try expand(recipe)))
            }
            // One pass over the template, so a 20 MB expansion is never scanned again.
            var result: [UInt8] = []
            result.reserveCapacity(template.count + expansions.reduce(0) { $0 + $1.1.count })
            var index = 0
            outer: while index < template.count {
                for (placeholder, bytes) in expansions
                where template[index] == placeholder.first
                    && template.count - index >= placeholder.count
                    && Array(template[index..<index + placeholder.count]) == placeholder
                {
                    result.append(contentsOf: bytes)
                    index += placeholder.count
                    continue outer
                }
                result.append(template[index])
                index += 1
            }
            return result
        }

        static func expand(_ recipe: [String: Any]) throws -> [UInt8] {
            let count = recipe["count"] as? Int ?? 0
            switch recipe["kind"] as? String {
            case "repeat":
                let unit = Array((recipe["text"] as? String ?? "").utf8)
                var bytes: [UInt8] = []
                bytes.reserveCapacity(unit.count * count)
                for _ in 0..<count { bytes.append(contentsOf: unit) }
                return bytes
            case "numbered":
                let format = recipe["format"] as? String ?? ""
                let first = recipe["first"] as? Int ?? 1
                var bytes: [UInt8] = []
                for n in first..<(first + count) {
                    bytes.append(contentsOf: format.replacingOccurrences(of: "{n}", with: String(n)).utf8)
                }
                return bytes
            case "junk":
                let wanted = recipe["bytes"] as? Int ?? 0
                let exclude = Set((recipe["exclude"] as? [Int] ?? []).map(UInt8.init))
                var x = UInt64(recipe["seed"] as? Int ?? 0)
                var bytes: [UInt8] = []
                bytes.reserveCapacity(wanted)
                while bytes.count < wanted {
                    x ^= x << 13
                    x ^= x >> 7
                    x ^= x << 17
                    let byte = UInt8(truncatingIfNeeded: x >> 24)
                    if !exclude.contains(byte) { bytes.append(byte) }
                }
                return bytes
            default:
                throw CocoaError(.featureUnsupported)
            }
        }

        /// The file's SHA-256 by `sha256sum`, or nil where it is not installed.
        static func sha256(of file: URL) -> String? {
            guard let outcome = try? EndToEnd.run(executable: "/usr/bin/env", ["sha256sum", file.path]),
                outcome.status == 0
            else { return nil }
            return outcome.stdout.split(separator: " ").first.map(String.init)
        }
    }

    // MARK: - Checks of what a reader sees

    enum Escaping {
        static func xmlEscaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }

        /// Whether the character at `index` is preceded by an odd number of backslashes.
        static func isEscaped(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
            var count = 0
            var position = index - 1
            while position >= 0, scalars[position] == "\\" {
                count += 1
                position -= 1
            }
            return count % 2 == 1
        }

        static func unescapedCount(of character: Unicode.Scalar, in line: String) -> Int {
            let scalars = Array(line.unicodeScalars)
            return scalars.indices.filter { scalars[$0] == character && !isEscaped(scalars, $0) }.count
        }

        static func matches(_ pattern: String, _ text: String) -> [String] {
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                (text as NSString).substring(with: $0.range)
            }
        }

        /// Markdown that a renderer would turn into HTML, a link or a broken table.
        static func markdownProblems(_ text: String, forbiddenLinePrefixes: [String]) -> [String] {
            var problems: [String] = []
            if text.contains("\r") { problems.append("a carriage return in Markdown") }
            for tag in matches("<[A-Za-z!/?][^\n]{0,30}", text) { problems.append("raw HTML \(tag)") }
            // A link or image target with a scheme (javascript:, http:) from unescaped brackets.
            for link in matches(#"(?<!\\)\]\(\s*[^)\s]*:[^)]*\)"#, text) { problems.append("a live link \(link)") }
            for autolink in matches(#"(?i)((?<!\\):(?<!\\)//|www\.)[^\s]{0,20}"#, text) {
                problems.append("an autolink \(autolink)")
            }
            let lines = text.components(separatedBy: "\n")
            for line in lines {
                if matches(#"^ {0,3}(?<!\\)\[[^\]]*(?<!\\)\]:"#, line).count > 0 {
                    problems.append("a link reference definition: \(line)")
                }
                for prefix in forbiddenLinePrefixes where line.hasPrefix(prefix) {
                    problems.append("a line starts with \(prefix): \(line.prefix(80))")
                }
            }
            // Tables: every row of a block has as many unescaped pipes as its header, and balanced backticks.
            var block: [String] = []
            func closeBlock() {
                defer { block = [] }
                guard let header = block.first else { return }
                let pipes = unescapedCount(of: "|", in: header)
                for row in block {
                    if unescapedCount(of: "|", in: row) != pipes {
                        problems.append(
                            "a table row with \(unescapedCount(of: "|", in: row)) cell "
                                + "delimiters, the header has \(pipes): \(row.prefix(120))"
                        )
                    }
                    if !row.hasSuffix("|") || isEscaped(Array(row.unicodeScalars), row.unicodeScalars.count - 1) {
                        problems.append("a table row that does not end with a delimiter: \(row.prefix(120))")
                    }
                    if unescapedCount(of: "`", in: row) % 2 != 0 {
                        problems.append("an unbalanced backtick in a table row: \(row.prefix(120))")
                    }
                }
            }
            for line in lines {
                if line.hasPrefix("|") { block.append(line) } else { closeBlock() }
            }
            closeBlock()
            return problems
        }

        /// SVG that is not well-formed or could run script or link away.
        static func svgProblems(_ text: String) -> [String] {
            #if canImport(FoundationXML) || canImport(Darwin)
                guard let parsed = ParsedXML(text) else { return ["not well-formed XML"] }
                var problems: [String] = []
                for element in parsed.elements {
                    let name = element.name.lowercased()
                    if ["script", "foreignobject", "iframe", "a", "use", "image"].contains(name) {
                        problems.append("a <\(element.name)> element")
                    }
                    for (key, value) in element.attributes {
                        if key.lowercased().hasPrefix("on") { problems.append("an event attribute \(key)") }
                        if key.lowercased().hasSuffix("href"), !value.hasPrefix("#") {
                            problems.append("a link \(key)=\(value)")
                        }
                        if value.lowercased().contains("javascript:") { problems.append("javascript: in \(key)") }
                    }
                }
                return problems
            #else
                return text.lowercased().contains("<script") ? ["a <script> element"] : []
            #endif
        }

        /// A workbook cell from a name must be text: no formula anywhere.
        static func workbookProblems(_ parts: [String: String]) -> [String] {
            var problems: [String] = []
            for (part, text) in parts where part.hasPrefix("xl/worksheets/") && part.hasSuffix(".xml") {
                if !matches("<f[ >/]", text).isEmpty { problems.append("\(part) holds a formula <f>") }
                if text.contains("t=\"str\"") { problems.append("\(part) holds a formula result cell") }
            }
            return problems
        }
    }

    #if canImport(FoundationXML) || canImport(Darwin)
        /// The elements of a parsed XML document; nil unless well-formed with one root.
        ///
        /// swift-corelibs-foundation's `parse()` returns true for some fatal errors, so the
        /// delegate's errors and the balance of tags are checked too.
        private final class ParsedXML: NSObject, XMLParserDelegate {
            struct Element {
                var name: String
                var attributes: [String: String]
                var depth: Int
            }

            private(set) var elements: [Element] = []
            private var depth = 0
            private var errors = 0

            init?(_ text: String) {
                super.init()
                let parser = XMLParser(data: Data(text.utf8))
                parser.delegate = self
                let parsed = parser.parse()
                guard parsed, parser.parserError == nil, errors == 0, depth == 0,
                    elements.filter({ $0.depth == 0 }).count == 1
                else { return nil }
            }

            func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { errors += 1 }

            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]
            ) {
                elements.append(Element(name: name, attributes: attributes, depth: depth))
                depth += 1
            }

            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?)
            {
                depth -= 1
            }
        }
    #endif

    // MARK: - Small tools

    /// RFC 4180 records, for reading rejects.csv back.
    enum CSV {
        static func records(_ text: String) -> [[String]] {
            var records: [[String]] = []
            var record: [String] = []
            var field = String.UnicodeScalarView()
            var quoted = false, afterQuote = false, any = false
            var iterator = text.unicodeScalars.makeIterator()
            var pending: Unicode.Scalar? = nil
            func endField() {
                record.append(String(field))
                field = String.UnicodeScalarView()
            }
            while let scalar = pending ?? iterator.next() {
                pending = nil
                any = true
                if quoted {
                    if scalar == "\"" {
                        let next = iterator.next()
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            afterQuote = true
                            pending = next
                        }
                    } else {
                        field.append(scalar)
                    }
                    continue
                }
                switch scalar {
                case "\"" where field.isEmpty && !afterQuote: quoted = true
                case ",":
                    endField()
                    afterQuote = false
                case "\n":
                    endField()
                    records.append(record)
                    record = []
                    afterQuote = false
                    any = false
                default: field.append(scalar)
                }
            }
            if any {
                endField()
                records.append(record)
            }
            return records
        }
    }

    /// Problems collected from concurrent cases, one slot each.
    final class ProblemList: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [[String]]
        init(count: Int) { slots = Array(repeating: [], count: count) }
        func set(_ index: Int, _ problems: [String]) {
            lock.lock()
            slots[index] = problems
            lock.unlock()
        }
        var problems: [[String]] {
            lock.lock()
            defer { lock.unlock() }
            return slots
        }
    }

    /// Every file and folder under a root with its bytes, for "nothing changed" comparisons.
    struct Snapshot: Equatable {
        var files: [String: Data] = [:]
        var folders: Set<String> = []

        /// What changed since `before`, one line per file or folder.
        func differences(from before: Snapshot) -> [String] {
            var lines: [String] = []
            for path in Set(files.keys).union(before.files.keys).sorted() {
                switch (before.files[path], files[path]) {
                case (nil, .some): lines.append("new file \(path)")
                case (.some, nil): lines.append("removed file \(path)")
                case (.some(let old), .some(let new)) where old != new: lines.append("changed file \(path)")
                default: break
                }
            }
            for path in folders.symmetricDifference(before.folders).sorted() {
                lines.append(folders.contains(path) ? "new folder \(path)" : "removed folder \(path)")
            }
            return lines
        }

        init(_ root: URL) throws {
            guard
                let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey])
            else { return }
            let prefix = root.standardizedFileURL.path.count + 1
            for case let url as URL in enumerator {
                let path = String(url.standardizedFileURL.path.dropFirst(prefix))
                if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                    folders.insert(path)
                } else {
                    files[path] = try Data(contentsOf: url)
                }
            }
        }
    }

    /// tmpfs mounts for the output-folder faults; the test is skipped where mounting is not allowed.
    enum Mounts {
        static func tmpfs(at folder: URL, size: String, test: XCTestCase) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let outcome = try EndToEnd.run(
                executable: "/usr/bin/env",
                ["mount", "-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", folder.path])
            guard outcome.status == 0 else {
                throw XCTSkip("cannot mount a tmpfs here (needs root): \(outcome.stderr)")
            }
            test.addTeardownBlock { _ = try? EndToEnd.run(executable: "/usr/bin/env", ["umount", "-l", folder.path]) }
        }

        static func remountReadOnly(_ folder: URL, test: XCTestCase) throws {
            let outcome = try EndToEnd.run(executable: "/usr/bin/env", ["mount", "-o", "remount,ro", folder.path])
            guard outcome.status == 0 else { throw XCTSkip("cannot remount read-only: \(outcome.stderr)") }
        }
    }
}
