@testable import ReadinessCore

/// A small instrument used across tests: one likert domain of 5 items (two reverse), one
/// mixed domain with a knowledge item.
enum TestInstrument {
    static let yaml = """
    id: test
    version: "1.0"
    title: Test survey
    thresholds: {min_respondents: 2, min_organisations: 2}
    columns:
      response_id: [ResponseId]
      organisation_id: [Org]
      submitted_at: [RecordedDate]
    roles: [Frontline practitioner, Senior leader]
    domains:
      - id: culture
        title: Culture
        items:
          - {id: C1, text: "c1"}
          - {id: C2, text: "c2", reverse: true}
          - {id: C3, text: "c3", aliases: ["CUL[SQ003]"]}
          - {id: C4, text: "c4"}
          - {id: C5, text: "c5", reverse: true}
      - id: ig
        title: IG rules
        weight: 2
        items:
          - {id: I1, text: "i1"}
          - {id: K1, type: knowledge, answer: false, text: "k1", aliases: ["Q7_1"]}
    """

    static func instrument() -> Instrument {
        try! InstrumentLoader().load(yaml: yaml).instrument
    }

    static func register(_ ids: [String] = ["A", "B", "C"], signatory: Set<String> = []) -> Register {
        Register(organisations: ids.map {
            Organisation(id: $0, name: "Org \($0)", sector: "S", locality: "", signatory: signatory.contains($0), signedOn: "")
        })
    }

    static func read(_ csv: String, register: Register = register()) -> WaveResponses {
        let reader = ResponseReader(instrument: instrument(), register: register,
                                    opens: CalendarDate(year: 2024, month: 1, day: 1),
                                    closes: CalendarDate(year: 2024, month: 1, day: 31))
        return reader.read(Array(csv.utf8), file: "responses.csv", keepRows: true)
    }
}

extension ResponseReader {
    /// The first fatal problem of a file's header, if any.
    static func headerProblem(_ bytes: [UInt8], file: String, instrument: Instrument,
                              settings: ExportSettings = ExportSettings()) -> Diagnostic? {
        checkHeader(bytes, file: file, instrument: instrument, settings: settings).first
    }
}
