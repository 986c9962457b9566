import Foundation
import Yams

@testable import ReadinessCore

/// Builds instruments, registers, wave settings and reads for the SPEC §8 tests.
enum ExportFixture {
    static let itemsYAML = """
        domains:
          - id: d
            title: D
            items:
              - {id: CUL1, text: a}
              - {id: CUL2, text: b}
              - {id: KN1, type: knowledge, answer: true, text: k}
        """

    /// An instrument from top-level keys and a `domains:` block.
    static func instrument(_ top: String = "", domains: String = itemsYAML) -> Instrument {
        let yaml =
            "id: t\nversion: \"1\"\ntitle: T\nthresholds: {min_respondents: 1, min_organisations: 1}\n" + top + "\n"
            + domains
        do {
            return try InstrumentLoader().load(yaml: yaml).instrument
        } catch {
            fatalError("test instrument does not load: \(error)\n\(yaml)")
        }
    }

    static func register(_ csv: String) -> Register {
        do {
            return try RegisterReader.read(Array(csv.utf8), file: "organisations.csv").register
        } catch {
            fatalError("test register does not load: \(error)")
        }
    }

    static let defaultRegister = register(
        "organisation_id,name,sector,signatory\nA,Alpha Trust,Health,yes\nB,Bravo Council,Councils,no\n")

    /// Export settings from wave.yaml keys (besides id, dates).
    static func settings(_ yaml: String) -> ExportSettings {
        var problems: [Diagnostic] = []
        guard let node = try? Yams.compose(yaml: yaml.isEmpty ? "{}" : yaml), case .mapping(let mapping) = node else {
            fatalError("bad settings YAML")
        }
        let settings = ExportSettings.parse(mapping, file: "wave.yaml", problems: &problems)
        precondition(problems.isEmpty, "\(problems)")
        return settings
    }

    /// Problems of wave.yaml keys, as printed.
    static func settingsProblems(_ yaml: String) -> [String] {
        var problems: [Diagnostic] = []
        guard let node = try? Yams.compose(yaml: yaml), case .mapping(let mapping) = node else { return ["bad YAML"] }
        _ = ExportSettings.parse(mapping, file: "wave.yaml", problems: &problems)
        return problems.map(\.description)
    }

    static func read(
        _ csv: String, instrument: Instrument = instrument(), register: Register = defaultRegister,
        settings: ExportSettings = ExportSettings(), opens: String = "2000-01-01", closes: String = "2099-12-31",
        parallelism: Parallelism = .never
    ) -> WaveResponses {
        let reader = ResponseReader(
            instrument: instrument, register: register, opens: CalendarDate(iso: opens)!,
            closes: CalendarDate(iso: closes)!, settings: settings)
        return reader.read(Array(csv.utf8), file: "w/responses.csv", parallelism: parallelism, keepRows: true)
    }

    /// The header map of header records.
    static func map(
        _ records: [[String]], instrument: Instrument = instrument(), settings: ExportSettings = ExportSettings()
    ) -> HeaderMap {
        HeaderMap(header: records, instrument: instrument, settings: settings)
    }
}

extension ExportFixture {
    /// A surveys folder written to a temporary place: path → text.
    static func folder(_ files: [String: String]) -> URL {
        let root = TestFiles.uniquePath("export")
        try! TestFiles.write(files, under: root)
        return root
    }

    /// Loads and scores a surveys folder, or the fatal problems found.
    static func analyse(_ files: [String: String]) -> Result<(Survey, [WaveAnalysis]), FatalInputError> {
        let root = folder(files)
        defer { try? FileManager.default.removeItem(at: root) }
        return Result { () throws(FatalInputError) -> (Survey, [WaveAnalysis]) in
            let survey = try SurveyLoader.load(from: root)
            return (survey, try Pipeline.analyse(survey, parallelism: .never))
        }
    }

    /// The one wave of a surveys folder: its analysis, data-quality.md and manifest.json.
    static func wave(_ files: [String: String]) -> (analysis: WaveAnalysis, dataQuality: String, manifest: String) {
        switch analyse(files) {
        case .failure(let error):
            fatalError("survey does not load: \(error)")
        case .success(let (survey, analyses)):
            let analysis = analyses[0]
            let manifest = Manifest.file(for: analysis, survey: survey, outputs: [], reports: .centre)
            let centre = Disclosure(analysis, signatory: analysis.register.organisations.map(\.signatory)).centre()
            return (analysis, DataQualityReport(centre).markdown(), String(decoding: manifest.bytes, as: UTF8.self))
        }
    }

    static let wave = "id: w\ntitle: W\nopens: 2024-01-01\ncloses: 2024-12-31\n"
}
