@testable import ReadinessCore

/// Fuzz target: the bytes of a responses file through decoding, delimiter detection and
/// the record reader (SPEC §2.3, §7 "Reading").
///
/// Invariants, each a crash when broken:
/// - decoding gives valid UTF-8; plain UTF-8 is kept byte for byte, Windows-1252 gives one
///   scalar per byte, UTF-16 gives one UTF-16 unit per input unit (bad units and a dangling
///   last byte replaced);
/// - the delimiter is `,` `;` or tab;
/// - for each of the three delimiters: lines start at 1 + the leading empty lines, strictly
///   increase and never pass the last line; only the last record may be unterminated, and
///   only if the text has a quote; reading again gives the same records; a body that
///   throws stops the walk after the same records;
/// - without any quote the records are exactly the non-empty physical lines split at the
///   delimiter, at their line numbers;
/// - without an unterminated record, writing the records back with every field quoted and
///   reading them again gives the same fields.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let (text, encoding) = TextDecoding.utf8(from: bytes)
    checkDecoding(bytes, text, encoding)

    let detected = CSVRecordReader.detectDelimiter(text)
    expect(
        [CSVRecordReader.comma, CSVRecordReader.semicolon, CSVRecordReader.tab].contains(detected),
        "delimiter \(detected)")
    for delimiter in [CSVRecordReader.comma, CSVRecordReader.semicolon, CSVRecordReader.tab] {
        checkRecords(text, delimiter: delimiter)
    }
    return 0
}

let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), quote = UInt8(ascii: "\"")

func checkDecoding(_ bytes: [UInt8], _ text: [UInt8], _ encoding: SourceEncoding) {
    expect(TextDecoding.isValidUTF8(text), "decoded text is not UTF-8 (\(encoding))")
    let scalars = String(decoding: text, as: UTF8.self).unicodeScalars.count
    switch encoding {
    case .utf8:
        expect(text == bytes, "valid UTF-8 changed by decoding")
    case .utf8BOM:
        expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 BOM claimed without one")
        let body = Array(bytes.dropFirst(3))
        if TextDecoding.isValidUTF8(body) { expect(text == body, "UTF-8 after a BOM changed by decoding") }
    case .utf16LE, .utf16BE:
        // Every unit gives one (a lone surrogate U+FFFD), and a dangling last byte one U+FFFD,
        // or none with a high surrogate before it (one U+FFFD for both, as Python does).
        let body = bytes.count - 2
        let units = String(decoding: text, as: UTF8.self).utf16.count
        expect(
            units == (body + 1) / 2 || (body % 2 == 1 && units == body / 2),
            "UTF-16: \(body) bytes after the BOM gave \(units) units")
    case .windows1252:
        expect(!TextDecoding.isValidUTF8(bytes), "valid UTF-8 read as Windows-1252")
        expect(scalars == bytes.count, "Windows-1252: \(bytes.count) bytes gave \(scalars) scalars")
    }
}

func checkRecords(_ text: [UInt8], delimiter: UInt8) {
    let reader = CSVRecordReader(delimiter: delimiter)
    let records = reader.records(in: text)
    let lastLine = 1 + lineBreaks(text[...])
    var leading = text.startIndex
    while leading < text.endIndex, text[leading] == cr || text[leading] == lf { leading += 1 }
    if let first = records.first {
        expect(first.line == 1 + lineBreaks(text[..<leading]), "first record at line \(first.line)")
    } else {
        expect(leading == text.endIndex, "no record in a text with something other than line breaks")
    }
    var previous = 0
    for (index, record) in records.enumerated() {
        expect(record.line > previous, "line \(record.line) after \(previous)")
        expect(record.line <= lastLine, "line \(record.line) past the last line \(lastLine)")
        expect(!record.fields.isEmpty, "a record without fields")
        if record.unterminatedQuote {
            expect(index == records.count - 1, "unterminated record \(index) of \(records.count) is not the last")
            expect(text.contains(quote), "unterminated record without any quote")
        }
        previous = record.line
    }

    // Deterministic, and a throwing body stops after the same records.
    let again = reader.records(in: text)
    expect(same(again, records), "reading again gave other records")
    struct Stop: Error {}
    let stopAfter = records.count / 2
    var seen: [CSVRecord] = []
    do {
        try reader.forEachRecord(in: text) { record in
            if seen.count == stopAfter { throw Stop() }
            seen.append(record)
        }
    } catch {}
    expect(same(seen, Array(records.prefix(stopAfter))), "a throwing body saw other records")

    if !text.contains(quote) {
        let expected = splitLines(text, delimiter: delimiter)
        expect(records.map(\.line) == expected.map(\.line), "quote-free lines \(records.map(\.line))")
        expect(records.map { $0.fields.map { Array($0.utf8) } } == expected.map(\.fields), "quote-free fields")
    }

    if !records.contains(where: \.unterminatedQuote) {
        var written: [UInt8] = []
        for record in records {
            for (index, field) in record.fields.enumerated() {
                if index > 0 { written.append(delimiter) }
                written.append(quote)
                for byte in field.utf8 {
                    if byte == quote { written.append(quote) }
                    written.append(byte)
                }
                written.append(quote)
            }
            written.append(lf)
        }
        let reread = reader.records(in: written)
        expect(
            reread.map { $0.fields.map { Array($0.utf8) } } == records.map { $0.fields.map { Array($0.utf8) } },
            "quoted round trip changed the fields")
        // Each written record starts one line after the previous one's start and breaks.
        var line = 1
        var expectedLines: [Int] = []
        for record in records {
            expectedLines.append(line)
            line += 1 + record.fields.reduce(0) { $0 + lineBreaks(Array($1.utf8)[...]) }
        }
        expect(reread.map(\.line) == expectedLines, "quoted round trip lines")
    }
}

/// Same lines, flags and fields, byte for byte.
func same(_ a: [CSVRecord], _ b: [CSVRecord]) -> Bool {
    a.count == b.count
        && zip(a, b).allSatisfy { x, y in
            x.line == y.line && x.unterminatedQuote == y.unterminatedQuote && x.fields.count == y.fields.count
                && zip(x.fields, y.fields).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
        }
}

/// Line breaks in `text`: CRLF, a lone CR and a lone LF each count once.
func lineBreaks(_ text: ArraySlice<UInt8>) -> Int {
    var count = 0
    var index = text.startIndex
    while index < text.endIndex {
        if text[index] == cr {
            count += 1
            if index + 1 < text.endIndex, text[index + 1] == lf { index += 1 }
        } else if text[index] == lf {
            count += 1
        }
        index += 1
    }
    return count
}

/// The non-empty physical lines of a text without quotes, split at the delimiter.
func splitLines(_ text: [UInt8], delimiter: UInt8) -> [(line: Int, fields: [[UInt8]])] {
    var result: [(line: Int, fields: [[UInt8]])] = []
    var line = 1
    var start = 0
    var index = 0
    func take(_ end: Int) {
        if end > start {
            result.append(
                (line, text[start..<end].split(separator: delimiter, omittingEmptySubsequences: false).map(Array.init)))
        }
    }
    while index < text.count {
        let byte = text[index]
        if byte == cr || byte == lf {
            take(index)
            index += (byte == cr && index + 1 < text.count && text[index + 1] == lf) ? 2 : 1
            line += 1
            start = index
        } else {
            index += 1
        }
    }
    take(text.count)
    return result
}
