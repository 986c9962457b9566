import Foundation
import XCTest

@testable import ReadinessCore

/// Histories of waves built from given organisation scores, for the journey's computations
/// (SPEC §9), and small survey folders on disk for the end-to-end cases of §9.10.
enum JourneyFixture {
    /// An instrument of `domains` domains of two likert items each, with N and k given.
    static func instrument(domains: Int = 1, minRespondents: Int = 10, minOrganisations: Int = 5) -> Instrument {
        try! InstrumentLoader().load(
            yaml: instrumentYAML(
                domains: domains, minRespondents: minRespondents,
                minOrganisations: minOrganisations)
        ).instrument
    }

    static func instrumentYAML(domains: Int = 1, minRespondents: Int = 10, minOrganisations: Int = 5) -> String {
        var yaml = """
            id: journey
            version: "1"
            title: Journey test
            thresholds: {min_respondents: \(minRespondents), min_organisations: \(minOrganisations)}
            domains:

            """
        for domain in 0..<domains {
            yaml += """
                  - id: d\(domain)
                    title: Domain \(domain)
                    items:
                      - {id: D\(domain)A, text: "a"}
                      - {id: D\(domain)B, text: "b"}

                """
        }
        return yaml
    }

    static func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    static func wave(_ id: String, closes: String, baseline: Bool = false) -> Wave {
        let end = date(closes)
        return Wave(
            id: id, title: "Wave \(id)", opens: CalendarDate(year: end.year - 1, month: 1, day: 1), closes: end,
            folder: id,
            baseline: baseline)
    }

    /// Organisations `O1`…`On`, in that (code-point) order only for n < 10; ids are given so.
    static func register(
        _ entries: [(id: String, signatory: Bool, signedOn: String)], headcount: [String: Int] = [:],
        hasHeadcount: Bool = false
    ) -> Register {
        var register = Register(
            organisations: entries.map {
                Organisation(
                    id: $0.id, name: "Org \($0.id)", sector: "S", locality: "", signatory: $0.signatory,
                    signedOn: $0.signedOn, headcount: headcount[$0.id])
            })
        register.hasHeadcount = hasHeadcount
        return register
    }

    /// A wave's scores: each organisation (register index) published in every domain with
    /// the given score, which is also its overall score; `respondents` scored each (default
    /// 12, variance 4).
    static func scores(
        _ values: [Int: Double], domains: Int = 1, respondents: [Int: Int] = [:],
        unpublished: Set<Int> = []
    ) -> WaveScores {
        let organisations = values.keys.sorted().map { index -> OrganisationScores in
            let value = values[index]!
            let n = respondents[index] ?? 12
            let published = !unpublished.contains(index)
            let domain = DomainScore(
                summary: SampleSummary(n: n, mean: value, variance: 4), ciLow: nil, ciHigh: nil,
                level: nil, published: published, reason: published ? "" : "fewer than 10 respondents")
            return OrganisationScores(
                organisation: index, respondents: n, domains: Array(repeating: domain, count: domains),
                overall: published ? value : nil, overallLevel: nil, overallReason: "", items: [],
                confidenceKnowledge: [],
                contributions: Contributions(likert: [], knowledge: [], complete: [], roles: [], roleDomains: []),
                moments: [])
        }
        let empty = GroupBreakdown(names: [], groups: [], respondents: [], domains: [])
        return WaveScores(
            organisations: organisations, nationalItems: [], nationalConfidenceKnowledge: [], reliability: [],
            roles: empty, momentLayout: MomentLayout(slots: [], slotBase: [], needed: []))
    }

    // MARK: Survey folders on disk

    /// Writes a surveys folder: `files` maps a relative path to its text.
    static func write(_ files: [String: String], in test: XCTestCase) throws -> URL {
        let folder = try TestFiles.temporaryFolder(test, "journey", files: files)
        return folder
    }

    static func waveYAML(_ id: String, opens: String, closes: String, extra: String = "") -> String {
        "id: \(id)\ntitle: Wave \(id)\nopens: \(opens)\ncloses: \(closes)\n\(extra)"
    }

    /// A responses file with one row per respondent score, on a one-domain two-item
    /// instrument: a score of s (a multiple of 12.5) is written as two answers whose item
    /// scores average s.
    static func responses(_ organisations: [(id: String, scores: [Double])], date: String) -> String {
        var text = "response_id,organisation_id,submitted_at,D0A,D0B\n"
        var row = 0
        for (id, scores) in organisations {
            for score in scores {
                // Item scores (v − 1) × 25 averaging s: the two (v − 1) add up to 2s/25 = s/12.5.
                let units = Int(score / 12.5)
                let first = units / 2, second = units - first
                row += 1
                text += "r\(row),\(id),\(date),\(first + 1),\(second + 1)\n"
            }
        }
        return text
    }

    /// Runs the pipeline on `surveys` into a fresh folder, returning it.
    static func run(_ surveys: URL, in test: XCTestCase, reports: ReportSelection = .centre) throws -> URL {
        let out = TestFiles.temporaryPath(test, "journey-out")
        _ = try Pipeline.run(
            surveys: surveys, output: out, options: Pipeline.Options(reports: reports, parallelism: .never))
        return out
    }

    /// A CSV file of the output as rows of fields (the centre files quote nothing here).
    static func csv(_ out: URL, _ path: String) throws -> [[String]] {
        let text = try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// Rows of a CSV as dictionaries by header name.
    static func records(_ out: URL, _ path: String) throws -> [[String: String]] {
        let rows = try csv(out, path)
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}
