@testable import ReadinessCore

/// Fuzz target: `instrument.yaml` through `InstrumentLoader().load(yaml:)` (SPEC §2.1, §7
/// "Validation").
///
/// Invariants, each a crash when broken:
/// - the loader returns an instrument or throws `FatalInputError` with at least one
///   diagnostic; every diagnostic names the file, has a message and 1-based positions;
/// - loading the same text again gives the same outcome;
/// - a returned instrument passes SPEC's validation, checked here independently: 5 distinct
///   non-empty likert labels; levels ascending from 0 within 0–100 with names; thresholds in
///   range; at least one domain; domain and item ids matching `^[A-Za-z][A-Za-z0-9_]{0,31}$`
///   and unique; weights finite and > 0; no header name (trimmed, case-insensitive) that
///   means two columns.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInstrumentLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: inputBytes(data, size), as: UTF8.self)
    let first = outcome(text)
    let second = outcome(text)
    expect(first == second, "loading twice differed:\n\(first)\n--- then ---\n\(second)")
    switch first {
    case .loaded(let instrument, let warnings):
        warnings.forEach(check)
        checkValid(instrument)
    case .failed(let diagnostics):
        expect(!diagnostics.isEmpty, "FatalInputError without diagnostics")
        diagnostics.forEach(check)
    }
    return 0
}

enum Outcome: Equatable {
    case loaded(Instrument, [Diagnostic])
    case failed([Diagnostic])
}

func outcome(_ text: String) -> Outcome {
    do {
        let (instrument, warnings) = try InstrumentLoader().load(yaml: text)
        return .loaded(instrument, warnings)
    } catch {
        return .failed(error.diagnostics)
    }
}

func check(_ diagnostic: Diagnostic) {
    expect(diagnostic.file == "instrument.yaml", "diagnostic file \(diagnostic.file)")
    expect(!diagnostic.message.isEmpty, "empty diagnostic message")
    if let line = diagnostic.line { expect(line >= 1, "diagnostic line \(line): \(diagnostic)") }
    if let column = diagnostic.column { expect(column >= 1, "diagnostic column \(column): \(diagnostic)") }
}

/// `^[A-Za-z][A-Za-z0-9_]{0,31}$`, by hand.
func isValidID(_ id: String) -> Bool {
    let scalars = Array(id.unicodeScalars)
    guard (1...32).contains(scalars.count), let head = scalars.first,
        ("A"..."Z").contains(head) || ("a"..."z").contains(head)
    else { return false }
    return scalars.dropFirst().allSatisfy {
        ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
    }
}

func checkValid(_ instrument: Instrument) {
    let summary = "accepted instrument \(instrument.id.debugDescription)"
    let labels = instrument.likertLabels.map(TextMatching.key)
    expect(
        labels.count == 5 && Set(labels).count == 5 && !labels.contains(""),
        "\(summary): likert labels \(instrument.likertLabels)")

    let levels = instrument.levels
    expect(!levels.isEmpty && levels[0].from == 0, "\(summary): levels \(levels)")
    for (index, level) in levels.enumerated() {
        expect((0...100).contains(level.from), "\(summary): level from \(level.from)")
        expect(!TextMatching.trimmed(level.name).isEmpty, "\(summary): level name \(level.name.debugDescription)")
        if index > 0 { expect(level.from > levels[index - 1].from, "\(summary): levels not ascending \(levels)") }
    }

    let thresholds = instrument.thresholds
    expect(thresholds.minRespondents >= 1 && thresholds.minOrganisations >= 1, "\(summary): minimum counts")
    expect(
        thresholds.minAnsweredFraction > 0 && thresholds.minAnsweredFraction <= 1,
        "\(summary): min_answered_fraction \(thresholds.minAnsweredFraction)")
    expect((0...100).contains(thresholds.favourableScore), "\(summary): favourable_score \(thresholds.favourableScore)")
    expect((0...100).contains(thresholds.minChange), "\(summary): min_change \(thresholds.minChange)")
    expect(thresholds.alpha > 0 && thresholds.alpha < 1, "\(summary): alpha \(thresholds.alpha)")

    expect(!instrument.domains.isEmpty, "\(summary): no domain")
    var domainIDs: Set<String> = []
    var itemIDs: Set<String> = []
    for domain in instrument.domains {
        expect(isValidID(domain.id), "\(summary): domain id \(domain.id.debugDescription)")
        expect(domainIDs.insert(domain.id).inserted, "\(summary): duplicate domain id \(domain.id)")
        expect(domain.weight.isFinite && domain.weight > 0, "\(summary): weight \(domain.weight)")
        for item in domain.items {
            expect(isValidID(item.id), "\(summary): item id \(item.id.debugDescription)")
            expect(itemIDs.insert(item.id).inserted, "\(summary): duplicate item id \(item.id)")
        }
    }

    // Every header name belongs to one column: a fixed column or an item.
    var owners: [String: String] = [:]
    func claim(_ name: String, _ owner: String) {
        let key = TextMatching.key(name)
        expect(!key.isEmpty, "\(summary): empty column name for \(owner)")
        if let other = owners[key] {
            expect(other == owner, "\(summary): \(name.debugDescription) names \(other) and \(owner)")
        }
        owners[key] = owner
    }
    for column in FixedColumn.allCases {
        for name in instrument.columns.names(of: column) { claim(name, "column \(column.rawValue)") }
    }
    for item in instrument.items {
        claim(item.id, "item \(item.id)")
        for alias in item.aliases { claim(alias, "item \(item.id)") }
    }
}
