@testable import ReadinessCore

/// Fuzz target: likert and knowledge cells (SPEC §8.1 "Cells", on texts normalised as §8.2 says).
///
/// Input: the cell as UTF-8 (lossy). When the input starts with `#` and has line breaks,
/// its first lines give the instrument's tokens instead of the defaults:
/// `#label|label|...` (up to 5, the rest defaults), then `missing|...`, then `dont know|...`,
/// and the last line is the cell.
///
/// Invariants, each a crash when broken:
/// - likert gives not answered, invalid, or 1–5; knowledge gives not answered, invalid,
///   true, false or don't know;
/// - the same cell padded with Unicode white space, with ASCII letters in the other case,
///   or with `'` written as U+2019 reads the same; a blank cell is never answered;
/// - with the default instrument, the result equals an independent reading of SPEC §8.1:
///   missing, don't know, a code 1–5 (`-`? and ASCII digits, leading zeros allowed), label,
///   else invalid; knowledge: missing, don't know, true (`true t yes 1`), false (`false f no 0`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCellValues(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: inputBytes(data, size), as: UTF8.self)
    var instrument = defaultInstrument
    var cell = input
    var custom = false
    if input.hasPrefix("#"), input.contains("\n") {
        var lines = input.dropFirst().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        cell = lines.removeLast()
        let lists = lines.map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        if let labels = lists.first {
            instrument.likertLabels = Array((labels + Instrument.defaultLikertLabels).prefix(5))
        }
        if lists.count > 1 { instrument.missingTokens = lists[1] }
        if lists.count > 2 { instrument.dontKnowTokens = lists[2] }
        custom = true
    }
    let parser = CellParser(instrument: instrument)
    let likert = parser.likert(cell)
    let knowledge = parser.knowledge(cell)
    if case .answer(let value) = likert { expect((1...5).contains(value), "likert answer \(value)") }
    if case .answer(let value) = knowledge {
        expect(
            [Answer.knowledgeTrue, Answer.knowledgeFalse, Answer.knowledgeDontKnow].contains(value),
            "knowledge answer \(value)")
    }

    for variant in [
        " \t" + cell + "\u{3000}\r\n", "\u{A0}" + cell + "\u{2029}\u{85}", asciiCaseSwapped(cell),
        cell.replacingApostrophes(),
    ] {
        expect(parser.likert(variant) == likert, "likert \(cell.debugDescription) vs \(variant.debugDescription)")
        expect(
            parser.knowledge(variant) == knowledge,
            "knowledge \(cell.debugDescription) vs \(variant.debugDescription)")
    }
    if TextMatching.trimmed(cell).isEmpty {
        expect(likert == .notAnswered && knowledge == .notAnswered, "blank cell answered")
    }
    if !custom {
        expect(likert == expectedLikert(cell), "likert \(cell.debugDescription): \(likert)")
        expect(knowledge == expectedKnowledge(cell), "knowledge \(cell.debugDescription): \(knowledge)")
    }
    return 0
}

let defaultInstrument = Instrument(
    id: "fuzz", version: "1", title: "Fuzz", likertLabels: Instrument.defaultLikertLabels,
    missingTokens: Instrument.defaultMissingTokens, dontKnowTokens: Instrument.defaultDontKnowTokens,
    levels: Instrument.defaultLevels, thresholds: Thresholds(), columns: ColumnAliases(), roles: [],
    domains: [], glossary: [])

func asciiCaseSwapped(_ text: String) -> String {
    String(
        String.UnicodeScalarView(
            text.unicodeScalars.map { scalar in
                switch scalar.value {
                case 0x41...0x5A: return Unicode.Scalar(scalar.value + 0x20)!
                case 0x61...0x7A: return Unicode.Scalar(scalar.value - 0x20)!
                default: return scalar
                }
            }))
}

extension String {
    func replacingApostrophes() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "'" ? "\u{2019}" : $0 }))
    }
}

/// SPEC §8.2 read independently for the default tokens and labels, which are all ASCII:
/// trim, every run of white space one space, read U+2019 as `'`, lowercase ASCII letters.
///
/// A non-ASCII scalar whose lowercase holds ASCII (the Kelvin sign, dotted capital I), or
/// that NFC may compose with what precedes it (a combining mark), might still spell a
/// token: nil, and such a cell is left to the library.
func spellings(_ cell: String) -> String? {
    var folded = String.UnicodeScalarView()
    var space = false
    for scalar in TextMatching.trimmed(cell).unicodeScalars {
        if TextMatching.isPythonWhitespace(scalar) {
            space = true
            continue
        }
        if space { folded.append(" ") }
        space = false
        if !scalar.isASCII, scalar.properties.canonicalCombiningClass != .notReordered {
            return nil
        } else if scalar == "\u{2019}" {
            folded.append("'")
        } else if scalar.isASCII {
            folded.append(("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 0x20)! : scalar)
        } else if scalar.properties.lowercaseMapping.unicodeScalars.contains(where: \.isASCII) {
            return nil
        } else {
            folded.append(scalar)
        }
    }
    return String(folded)
}

func expectedLikert(_ cell: String) -> CellReading {
    guard let key = spellings(cell) else { return CellParser(instrument: defaultInstrument).likert(cell) }
    let missing = Instrument.defaultMissingTokens.map { $0.lowercased() }
    let dontKnow = Instrument.defaultDontKnowTokens.map { $0.lowercased() }
    if key.isEmpty || missing.contains(key) || dontKnow.contains(key) { return .notAnswered }
    let digits = key.hasPrefix("-") ? key.dropFirst() : Substring(key)
    if !digits.isEmpty, digits.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
        let significant = digits.drop { $0 == "0" }
        if !key.hasPrefix("-"), significant.count == 1, let value = Int(significant), (1...5).contains(value) {
            return .answer(UInt8(value))
        }
    }
    if let index = Instrument.defaultLikertLabels.firstIndex(where: { $0.lowercased() == key }) {
        return .answer(UInt8(index + 1))
    }
    return .invalid
}

func expectedKnowledge(_ cell: String) -> CellReading {
    guard let key = spellings(cell) else { return CellParser(instrument: defaultInstrument).knowledge(cell) }
    if key.isEmpty || Instrument.defaultMissingTokens.map({ $0.lowercased() }).contains(key) { return .notAnswered }
    if Instrument.defaultDontKnowTokens.map({ $0.lowercased() }).contains(key) {
        return .answer(Answer.knowledgeDontKnow)
    }
    if ["true", "t", "yes", "1"].contains(key) { return .answer(Answer.knowledgeTrue) }
    if ["false", "f", "no", "0"].contains(key) { return .answer(Answer.knowledgeFalse) }
    return .invalid
}
