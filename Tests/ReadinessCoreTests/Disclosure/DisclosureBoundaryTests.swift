import Foundation
import XCTest

/// Disclosure rules are decided in one place (STYLE: "a rule decided in many places is a rule
/// that one place forgets"): outside `Disclosure/` (and `Instrument/`, which reads and
/// validates the thresholds), no source names the disclosure thresholds, and no writer builds
/// a suppression of its own.
final class DisclosureBoundaryTests: XCTestCase {
    static let sources = TestFiles.repository.appendingPathComponent("Sources")

    /// Every Swift file under Sources/, relative path and text.
    func swiftFiles() throws -> [(path: String, text: String)] {
        let enumerator = try XCTUnwrap(
            FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil))
        var files: [(String, String)] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let path = String(url.standardizedFileURL.path.dropFirst(Self.sources.standardizedFileURL.path.count + 1))
            files.append((path, try String(contentsOf: url, encoding: .utf8)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    func testOnlyDisclosureAndInstrumentNameTheDisclosureThresholds() throws {
        let names = try NSRegularExpression(
            pattern:
                "min_respondents|min_organisations|max_organisation_share|minRespondents|minOrganisations|maxOrganisationShare"
        )
        let files = try swiftFiles()
        XCTAssertGreaterThan(files.count, 50, "the Sources folder was found")
        var insideDisclosure = 0
        for (path, text) in files {
            let hits = names.matches(in: text, range: NSRange(text.startIndex..., in: text)).count
            if path.hasPrefix("ReadinessCore/Disclosure/") || path.hasPrefix("ReadinessCore/Instrument/") {
                if path.hasPrefix("ReadinessCore/Disclosure/") { insideDisclosure += hits }
                continue
            }
            XCTAssertEqual(hits, 0, "\(path) names a disclosure threshold: decide it in Disclosure/")
        }
        XCTAssertGreaterThan(insideDisclosure, 0, "Disclosure/ reads the thresholds (the pattern still matches)")
    }

    func testOnlyDisclosureMakesSuppressions() throws {
        // Constructing a suppression or a hidden figure; writers only read them (`case .hidden(let …)`).
        let making = try NSRegularExpression(
            pattern:
                #"(\.hidden\(\.|\.hidden\(suppression|Suppression\.(fewer|dominated|complementary)|\bPublished\(|\.fewerRespondents\(|\.fewerOrganisations\(|\.dominated\b)"#
        )
        for (path, text) in try swiftFiles() where !path.hasPrefix("ReadinessCore/Disclosure/") {
            let found = making.matches(in: text, range: NSRange(text.startIndex..., in: text))
                .map { (text as NSString).substring(with: $0.range) }
            XCTAssertEqual(found, [], "\(path) decides a suppression: that belongs in Disclosure/")
        }
    }
}
