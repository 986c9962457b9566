import Foundation
import XCTest

/// Builds reports from a register of sentinel names and ids and a free-text column, over
/// three waves in which one organisation skips the second and one joins at the third, then
/// scans every output, the journey's sections, charts and sheets included: a partner's files
/// name only that partner, national files name none (and so never say which organisation
/// took part in which wave), free text appears nowhere (SPEC §4, §9.9).
final class LeakTests: XCTestCase {
    static let ids = [
        "qz-alpha-71", "qz-bravo-72", "qz-charlie-73", "qz-delta-74", "qz-echo-75", "qz-foxtrot-76", "qz-golf-77",
    ]
    static func name(_ id: String) -> String {
        "Sentinel \(id.dropFirst(3).dropLast(3).capitalized) Trust <script>x</script> | [y](javascript:alert(1))"
    }
    static let freeText = "FREE-TEXT-SENTINEL-9431"

    func writeSurvey(to folder: URL) throws {
        let instrument = """
            id: leak
            version: "1"
            title: Leak test
            domains:
              - id: culture
                items:
                  - {id: C1, text: "one"}
                  - {id: C2, text: "two", reverse: true}
                  - {id: C3, text: "three"}
              - id: ig
                items:
                  - {id: I1, text: "four"}
                  - {id: K1, type: knowledge, answer: true, text: "five"}
            """
        try instrument.write(to: folder.appendingPathComponent("instrument.yaml"), atomically: true, encoding: .utf8)
        var register = "organisation_id,name,sector,signatory,signed_on,headcount\n"
        for (index, id) in Self.ids.enumerated() {
            register +=
                "\(id),\"\(Self.name(id))\",\(index < 4 ? "Health" : "Councils"),\(index % 2 == 0 ? "yes" : "no"),"
                + "\(index == 2 ? "2024-03-01" : ""),\(20 + index)\n"
        }
        try register.write(to: folder.appendingPathComponent("organisations.csv"), atomically: true, encoding: .utf8)
        for (wave, closes) in [("w1", "2024-01-31"), ("w2", "2024-07-31"), ("w3", "2025-01-31")] {
            let waveFolder = folder.appendingPathComponent(wave)
            try FileManager.default.createDirectory(at: waveFolder, withIntermediateDirectories: true)
            try "id: \(wave)\ntitle: Wave \(wave)\nopens: 2000-01-01\ncloses: \(closes)\n"
                .write(to: waveFolder.appendingPathComponent("wave.yaml"), atomically: true, encoding: .utf8)
            var rows = "response_id,organisation_id,C1,C2,C3,I1,K1,Comments\n"
            var counter = 0
            for (index, id) in Self.ids.enumerated() {
                // qz-echo skips w2; qz-foxtrot joins at w3.
                if (index == 4 && wave == "w2") || (index == 5 && wave != "w3") { continue }
                let size = index == 6 ? 3 : 12 + index
                for person in 0..<size {
                    counter += 1
                    let v = (person + index + (wave == "w2" ? 1 : 0)) % 5 + 1
                    rows +=
                        "\(wave)-\(counter),\(id),\(v),\(6 - v),\((v % 5) + 1),\(v),\(person % 3 == 0 ? "false" : "true"),\"\(Self.freeText) about \(Self.ids[(index + 1) % 7])\"\n"
                }
            }
            try rows.write(to: waveFolder.appendingPathComponent("responses.csv"), atomically: true, encoding: .utf8)
        }
    }

    func testNoReportNamesAnotherOrganisation() throws {
        let surveys = try EndToEnd.temporaryFolder(self)
        let out = try EndToEnd.temporaryFolder(self)
        try writeSurvey(to: surveys)
        let outcome = try EndToEnd.run(["run", "--surveys", surveys.path, "--out", out.path, "--quiet"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let files = EndToEnd.files(under: out)
        XCTAssertTrue(files.contains("w2/partners/qz-alpha-71/report.md"))
        XCTAssertTrue(files.contains("w2/national/evidence.md"))
        for journey in [
            "w3/national/charts/journey.svg", "w3/partners/qz-alpha-71/charts/journey.svg",
            "w3/partners/qz-echo-75/charts/journey.svg",
        ] {
            XCTAssertTrue(files.contains(journey), "\(journey) is written and scanned")
        }
        let national = try String(contentsOf: out.appendingPathComponent("w3/national/evidence.md"), encoding: .utf8)
        XCTAssertTrue(national.contains("## The journey") && national.contains("### The charter evaluation"))
        XCTAssertTrue(national.contains("1 organisation joined since the previous wave"))
        let echo = try String(
            contentsOf: out.appendingPathComponent("w3/partners/qz-echo-75/report.md"), encoding: .utf8)
        XCTAssertTrue(
            echo.contains("## Your journey") && echo.contains("| — |"), "its own skipped wave, and nobody else's")
        let foxtrot = try String(
            contentsOf: out.appendingPathComponent("w3/partners/qz-foxtrot-76/report.md"), encoding: .utf8)
        XCTAssertTrue(foxtrot.contains("This is your organisation's first survey"))
        var scanned = 0
        for file in files {
            let url = out.appendingPathComponent(file)
            let text =
                file.hasSuffix(".xlsx")
                ? try EndToEnd.unzippedText(url)
                : String(decoding: try Data(contentsOf: url), as: UTF8.self)
            XCTAssertFalse(text.contains(Self.freeText), "\(file) holds free text")
            XCTAssertFalse(text.contains("<script>"), "\(file) holds live HTML")
            let parts = file.split(separator: "/")
            if parts.count > 2, parts[1] == "partners" {
                let own = String(parts[2])
                for id in Self.ids where id != own {
                    XCTAssertFalse(text.contains(id), "\(file) names \(id)")
                    XCTAssertFalse(
                        text.contains("Sentinel \(id.dropFirst(3).dropLast(3).capitalized)"),
                        "\(file) names \(id)'s organisation")
                }
                XCTAssertTrue(text.contains("Sentinel"), "\(file) should name its own organisation")
                scanned += 1
            } else if parts.count > 1, parts[1] == "national" {
                for id in Self.ids {
                    XCTAssertFalse(text.contains(id), "\(file) names \(id)")
                    XCTAssertFalse(text.contains("Sentinel"), "\(file) names an organisation")
                }
                scanned += 1
            }
        }
        // Partners: report.md, domains.svg and report.xlsx, and journey.svg from the second wave on
        // except at a first survey: 6 × 3 at w1, 5 × 4 at w2, 6 × 4 + 3 at w3. National:
        // evidence.md, evidence.xlsx and three charts, and journey.svg from the second wave on.
        XCTAssertEqual(
            scanned, 6 * 3 + 5 * 4 + (6 * 4 + 3) + 5 + 6 + 6, "every Markdown, SVG and workbook file scanned")
    }

    func testNamesAreEscapedInMarkdown() throws {
        let surveys = try EndToEnd.temporaryFolder(self)
        let out = try EndToEnd.temporaryFolder(self)
        try writeSurvey(to: surveys)
        _ = try EndToEnd.run(["run", "--surveys", surveys.path, "--out", out.path, "--quiet"])
        let report = try String(
            contentsOf: out.appendingPathComponent("w1/partners/qz-alpha-71/report.md"), encoding: .utf8)
        XCTAssertTrue(
            report.hasPrefix(
                "# Sentinel Alpha Trust &lt;script&gt;x&lt;/script&gt; \\| \\[y\\](javascript\\:alert(1))"),
            String(report.prefix(200)))
    }
}
