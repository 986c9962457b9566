import XCTest

@testable import ReadinessCore

/// YAML is composed only once its work is known to be bounded and its meaning single:
/// alias bombs fail fast with a located error, aliases and collections are refused as
/// mapping keys, and duplicate keys are located at both places.
final class YAMLDocumentTests: XCTestCase {
    func problems(_ yaml: String) -> [String] {
        do {
            _ = try YAMLDocument.compose(yaml, file: "f.yaml")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    /// `levels` levels of `width` aliases each, the last used as `use` (a key or a value).
    func bomb(levels: Int, width: Int = 10, asKey: Bool) -> String {
        var text = "a0: &a0 [" + Array(repeating: "lol", count: width).joined(separator: ", ") + "]\n"
        for level in 1...levels {
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: width).joined(separator: ", ")
                + "]\n"
        }
        return text + (asKey ? "bomb: {? *a\(levels) : 1}\n" : "bomb: *a\(levels)\n")
    }

    func testAliasBombsFailFastWithALocatedError() {
        for levels in [7, 9] {
            for asKey in [true, false] {
                let started = Date()
                let found = problems(bomb(levels: levels, asKey: asKey))
                let seconds = Date().timeIntervalSince(started)
                // Line 4 is a3, whose 8th alias takes the count to 10 + 110 + 8 × 111 = 1008.
                XCTAssertEqual(found.count, 1, "\(found)")
                XCTAssertTrue(found.first?.hasPrefix("f.yaml:4:") == true, "\(found)")
                XCTAssertTrue(
                    found.first?.contains("too many alias expansions: *a2 brings the file to 1008") == true, "\(found)")
                XCTAssertLessThan(seconds, 1, "\(levels) levels took \(seconds) s")
            }
        }
        // The same through the instrument loader, end to end.
        let started = Date()
        XCTAssertThrowsError(try InstrumentLoader(fileName: "instrument.yaml").load(yaml: bomb(levels: 9, asKey: true)))
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)
    }

    func testTheLimitIsExactlyOneThousandExpansions() {
        // One anchor used 1,000 times: 1,000 expansions, allowed; 1,001 is one too many.
        func uses(_ count: Int) -> String {
            "x: &x v\nlist: [" + Array(repeating: "*x", count: count).joined(separator: ", ") + "]\n"
        }
        XCTAssertEqual(problems(uses(1000)), [])
        let found = problems(uses(1001))
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].hasPrefix("f.yaml:2:"), found[0])
        XCTAssertTrue(found[0].contains("brings the file to 1001"), found[0])
    }

    func testExpandedNodesAreBoundedToo() {
        // 600 uses of a 2,000-value list: only 600 expansions, but 1.2 million values.
        let list = "big: &big [" + Array(repeating: "v", count: 2000).joined(separator: ",") + "]\n"
        let found = problems(list + "uses: [" + Array(repeating: "*big", count: 600).joined(separator: ",") + "]\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.contains("more than 1000000 values") == true, "\(found)")
    }

    func testAliasesAndCollectionsAreNotKeys() {
        XCTAssertEqual(
            problems("t: &t term\nglossary: {*t : definition}\n"),
            ["f.yaml:2:12: error: an alias (*t) cannot be a mapping key"])
        XCTAssertEqual(
            problems("? [a, b]\n: value\n"), ["f.yaml:1:3: error: a mapping key must be plain text, found a list"])
        XCTAssertEqual(
            problems("? {a: 1}\n: value\n"), ["f.yaml:1:3: error: a mapping key must be plain text, found a mapping"])
    }

    func testDuplicateKeysAreLocatedAtBothPlaces() {
        let found = problems("id: x\ntitle: A\nnested:\n  k: 1\n  k: 2\ntitle: B\n")
        XCTAssertEqual(
            found,
            [
                "f.yaml:5:3: error: duplicate key 'k' in one mapping (first at line 4, column 3)",
                "f.yaml:6:1: error: duplicate key 'title' in one mapping (first at line 2, column 1)",
            ])
        // The same key in two different mappings is no duplicate; "1" and 1 are one key to a reader.
        XCTAssertEqual(problems("a: {k: 1}\nb: {k: 2}\n"), [])
        XCTAssertEqual(problems("{1: a, \"1\": b}").count, 1)
    }

    func testOrdinaryAliasesAndSyntaxErrorsAreUnchanged() throws {
        let node = try YAMLDocument.compose("labels: &l [a, b]\nagain: *l\n", file: "f.yaml")
        XCTAssertEqual(node?["again"]?.array().count, 2)
        XCTAssertNil(try YAMLDocument.compose("", file: "f.yaml"))
        let found = problems("a: *missing\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].hasPrefix("f.yaml:1:4: error: not valid YAML"), found[0])
        XCTAssertTrue(problems("a: [1, 2\n").first?.contains("not valid YAML") == true)
    }
}
