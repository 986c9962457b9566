import Foundation
import XCTest

/// Workbooks as their readers print them: LibreOffice Calc converts every workbook of the
/// sample and the workbooks of a representative subset of the hostile corpus to PDF in one
/// batch (one start of LibreOffice, the slow part), and the PDF text shows the marking on
/// every page of each centre workbook and the national workbook within its page budget.
///
/// `scripts/setup` installs LibreOffice and poppler.
final class PrintTests: XCTestCase {
    /// The national sample workbook prints in at most this many A4 pages (14 when written: the
    /// Journey sheet's tables and its chart take two).
    static let nationalPageBudget = 15
    /// Hostile cases whose workbooks are printed too: hostile names in every part, control and
    /// bidi characters, links, a counts-only and a suppressed national report, Journey sheets
    /// with hostile wave titles and with a withheld change.
    static let hostileCases = [
        "names-everywhere", "names-control-characters", "render-001", "render-002", "render-003",
        "render-004", "render-005", "render-006", "jreports-001", "jreports-003",
    ]

    func testWorkbooksConvertToPDFAndPrintTheirMarkings() throws {
        for tool in ["soffice", "pdftotext", "pdfinfo"] {
            guard (try? EndToEnd.run(executable: "/usr/bin/env", ["which", tool]).status) == 0 else {
                XCTFail("\(tool) is missing: run scripts/setup")
                return
            }
        }
        let scratch = try EndToEnd.temporaryFolder(self)
        let batch = scratch.appendingPathComponent("batch")
        try FileManager.default.createDirectory(at: batch, withIntermediateDirectories: true)
        var workbooks: [String] = []
        func collect(_ out: URL, prefix: String, partners: Int) throws {
            var partnersTaken: [String: Int] = [:]
            for file in EndToEnd.files(under: out) where file.hasSuffix(".xlsx") {
                let parts = file.split(separator: "/")
                if parts.count > 2, parts[1] == "partners" {
                    let wave = String(parts[0])
                    guard partnersTaken[wave, default: 0] < partners else { continue }
                    partnersTaken[wave, default: 0] += 1
                }
                let name = prefix + "--" + file.replacingOccurrences(of: "/", with: "--")
                try FileManager.default.copyItem(
                    at: out.appendingPathComponent(file), to: batch.appendingPathComponent(name))
                workbooks.append(name)
            }
        }
        let sample = scratch.appendingPathComponent("sample")
        let run = try EndToEnd.run([
            "run", "--surveys", EndToEnd.repository.appendingPathComponent("Surveys").path,
            "--out", sample.path, "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        try collect(sample, prefix: "sample", partners: 3)
        for folder in try HostileInputTests.caseFolders()
        where Self.hostileCases.contains(where: { folder.lastPathComponent.contains($0) }) {
            let out = scratch.appendingPathComponent(folder.lastPathComponent)
            let outcome = try EndToEnd.run([
                "run", "--surveys", folder.appendingPathComponent("surveys").path,
                "--out", out.path, "--quiet",
            ])
            XCTAssertEqual(outcome.status, 0, "\(folder.lastPathComponent): \(outcome.stderr)")
            try collect(out, prefix: folder.lastPathComponent, partners: 1)
        }
        XCTAssertGreaterThanOrEqual(workbooks.count, 20)

        // One LibreOffice for every file, with a profile of its own so that runs cannot collide.
        let profile = "file://" + scratch.appendingPathComponent("profile").path
        let convert = try EndToEnd.run(
            executable: "/usr/bin/env",
            [
                "soffice", "-env:UserInstallation=\(profile)", "--headless", "--convert-to", "pdf",
                "--outdir", batch.path,
            ] + workbooks.map { batch.appendingPathComponent($0).path })
        XCTAssertEqual(convert.status, 0, convert.stderr)
        for workbook in workbooks {
            let pdf = batch.appendingPathComponent(workbook.replacingOccurrences(of: ".xlsx", with: ".pdf"))
            guard FileManager.default.fileExists(atPath: pdf.path) else {
                XCTFail(
                    "LibreOffice did not convert \(workbook): "
                        + "\(convert.stdout.suffix(400)) \(convert.stderr.suffix(400))"
                )
                continue
            }
            let text = try EndToEnd.run(executable: "/usr/bin/env", ["pdftotext", pdf.path, "-"])
            XCTAssertEqual(text.status, 0, workbook)
            // pdftotext ends every page with a form feed.
            let pages = text.stdout.components(separatedBy: "\u{0C}").dropLast()
            XCTAssertGreaterThan(pages.count, 0, workbook)
            if workbook.contains("--centre--") {
                for (number, page) in pages.enumerated() {
                    XCTAssertTrue(
                        page.contains("INTERNAL: not for dissemination"),
                        "\(workbook) page \(number + 1) lacks the marking")
                }
            }
            for (number, page) in pages.enumerated() {
                XCTAssertTrue(
                    page.contains("Page \(number + 1) of \(pages.count)"),
                    "\(workbook) page \(number + 1) has no page number")
            }
            if workbook.hasPrefix("sample--"), workbook.hasSuffix("--national--evidence.xlsx") {
                XCTAssertLessThanOrEqual(
                    pages.count, Self.nationalPageBudget, "\(workbook) prints on \(pages.count) pages")
                XCTAssertTrue(
                    pages.allSatisfy { $0.contains("national evidence") }, "\(workbook): every page names the report")
            }
        }
    }
}
