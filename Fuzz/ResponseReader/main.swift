@testable import ReadinessCore

/// Fuzz target: the whole responses reader (SPEC §2.3, §2.4, §7), streamed as in a run.
///
/// Input: the bytes of a responses file, read against a fixed instrument (two domains,
/// a reverse item, a knowledge item, two roles) and a register of organisations A, B, C.
///
/// Invariants, each a crash when broken:
/// - reading in one go and reading in two halves at once give the same rejects, quality
///   counts, scored rows and scores, with validation windows of a few bytes or of 8 MB;
/// - every row read is scored or rejected, once: rows read = rows scored + rejects;
/// - rejects are sorted by line, and every line is at least 1;
/// - the rows kept for inspection are as many as the rows scored.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponseReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let sequential = smallWindows.read(bytes, file: "f", parallelism: .never, keepRows: true)
    expect(
        sequential.quality.rowsRead == sequential.scored + sequential.rejects.count,
        "rows read \(sequential.quality.rowsRead) != scored \(sequential.scored) + rejected \(sequential.rejects.count)"
    )
    expect(
        zip(sequential.rejects, sequential.rejects.dropFirst()).allSatisfy { $0.line < $1.line },
        "rejects out of line order")
    expect(sequential.rejects.allSatisfy { $0.line >= 1 }, "a reject before line 1")
    expect(sequential.rows?.count == sequential.scored, "kept rows differ from rows scored")
    for (reader, parallelism) in [(smallWindows, Parallelism.always), (largeWindows, .always), (largeWindows, .never)] {
        let other = reader.read(bytes, file: "f", parallelism: parallelism, keepRows: true)
        expect(other.rejects == sequential.rejects, "rejects differ with \(parallelism)")
        expect(other.quality == sequential.quality, "quality differs with \(parallelism)")
        expect(other.rows == sequential.rows, "scored rows differ with \(parallelism)")
        let a = scorer.scores(sequential.tally), b = scorer.scores(other.tally)
        expect(
            a.organisations == b.organisations && a.nationalItems == b.nationalItems && a.reliability == b.reliability
                && a.roles == b.roles, "scores differ with \(parallelism)")
    }
    return 0
}

let instrument = Instrument(
    id: "fuzz", version: "1", title: "Fuzz", likertLabels: Instrument.defaultLikertLabels,
    missingTokens: Instrument.defaultMissingTokens, dontKnowTokens: Instrument.defaultDontKnowTokens,
    levels: Instrument.defaultLevels, thresholds: Thresholds(), columns: ColumnAliases([.organisationID: ["org"]]),
    roles: ["Lead", "Staff"],
    domains: [
        Domain(
            id: "d1", title: "D1", weight: 1,
            items: [
                Item(id: "a", text: "", kind: .likert(reverse: false), aliases: []),
                Item(id: "b", text: "", kind: .likert(reverse: true), aliases: ["B2"]),
                Item(id: "c", text: "", kind: .likert(reverse: false), aliases: []),
            ]),
        Domain(
            id: "d2", title: "D2", weight: 2,
            items: [
                Item(id: "e", text: "", kind: .likert(reverse: false), aliases: []),
                Item(id: "k", text: "", kind: .knowledge(answer: true), aliases: []),
            ]),
    ],
    glossary: [])
let register = Register(
    organisations: ["A", "B", "C"].map {
        Organisation(id: $0, name: $0, sector: "S", locality: "", signatory: $0 == "A", signedOn: "")
    })
let opens = CalendarDate(year: 2024, month: 1, day: 1), closes = CalendarDate(year: 2024, month: 12, day: 31)
let smallWindows = ResponseReader(instrument: instrument, register: register, opens: opens, closes: closes, window: 7)
let largeWindows = ResponseReader(instrument: instrument, register: register, opens: opens, closes: closes)
let scorer = WaveScorer(instrument: instrument)
