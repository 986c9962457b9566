import CZlibShim

@testable import ReadinessCore

/// Fuzz target: the XLSX sheet reader (SPEC §8.7) on random ZIP bytes and on random XML
/// placed into an otherwise valid workbook.
///
/// The first input byte chooses what the rest is: 0–3 the whole file; 4–7 the sheet XML,
/// 8–9 the shared strings, 10–11 workbook.xml, 12–13 styles.xml, 14–15 the workbook rels, each
/// stored (and, for odd modes, deflated) into a workbook whose other parts are valid.
///
/// Invariants, each a crash when broken:
/// - opening and reading give records or a `FatalInputError` with one diagnostic whose
///   message is not empty and names no Swift type; never a crash, a hang or unbounded memory;
/// - records have a row from 1 to 1,048,576, between 1 and 16,384 cells, a non-empty last
///   cell, and every text is valid Unicode (Swift strings are);
/// - reading the same bytes again gives the same records or the same error;
/// - a read stopped after k records gives the first k records of the whole read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLSXReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let mode = data[0] % 16
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let file: [UInt8]
    switch mode {
    case 0...3: file = rest
    case 4...7: file = workbook(replacing: "xl/worksheets/sheet1.xml", with: rest, deflate: mode % 2 == 1)
    case 8...9: file = workbook(replacing: "xl/sharedStrings.xml", with: rest, deflate: mode % 2 == 1)
    case 10...11: file = workbook(replacing: "xl/workbook.xml", with: rest, deflate: mode % 2 == 1)
    case 12...13: file = workbook(replacing: "xl/styles.xml", with: rest, deflate: mode % 2 == 1)
    default: file = workbook(replacing: "xl/_rels/workbook.xml.rels", with: rest, deflate: mode % 2 == 1)
    }
    let first = outcome(file)
    let second = outcome(file)
    expect(first == second, "reading twice differs: \(first) vs \(second)")
    return 0
}

enum Outcome: Equatable {
    case records([XLSXRecord])
    case failure(String)
}

func outcome(_ file: [UInt8]) -> Outcome {
    file.withUnsafeBufferPointer { bytes in
        do throws(FatalInputError) {
            let reader = try XLSXSheetReader(bytes: bytes, file: "responses.xlsx", sheet: nil)
            let records = try reader.records()
            if !records.isEmpty {
                let wanted = (records.count + 1) / 2
                var prefix: [XLSXRecord] = []
                try reader.forEachRecordWhile({ record in
                    prefix.append(record)
                    return prefix.count < wanted
                })
                expect(prefix == Array(records.prefix(wanted)), "a stopped read is not a prefix of the whole read")
            }
            for record in records {
                expect((1...1_048_576).contains(record.row), "row \(record.row)")
                expect(!record.cells.isEmpty && record.cells.count <= 16_384, "\(record.cells.count) cells")
                expect(record.cells.last?.isEmpty == false, "a record ends in an empty cell")
            }
            return .records(records)
        } catch {
            expect(error.diagnostics.count == 1, "\(error.diagnostics.count) diagnostics")
            let message = error.diagnostics[0].message
            expect(
                !message.isEmpty && !message.contains("XLSXProblem") && !message.contains("Swift."),
                "message: \(message)")
            return .failure(error.description)
        }
    }
}

/// A valid workbook with one sheet, shared strings and a date style, `part` replaced.
func workbook(replacing part: String, with bytes: [UInt8], deflate: Bool) -> [UInt8] {
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    var parts: [(String, [UInt8])] = [
        (
            "[Content_Types].xml",
            Array("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".utf8)
        ),
        (
            "xl/workbook.xml",
            Array(
                ("<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet "
                    + "name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>").utf8)
        ),
        (
            "xl/_rels/workbook.xml.rels",
            Array(
                ("<Relationships><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" "
                    + "Target=\"worksheets/sheet1.xml\"/></Relationships>").utf8)
        ),
        (
            "xl/styles.xml",
            Array(
                ("<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"m/d/yy h:mm\"/></numFmts><cellXfs><xf "
                    + "numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>").utf8)
        ),
        ("xl/sharedStrings.xml", Array("<sst><si><t>ID</t></si><si><r><t>Agr</t></r><r><t>ee</t></r></si></sst>".utf8)),
        (
            "xl/worksheets/sheet1.xml",
            Array(
                ("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" "
                    + "t=\"s\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" "
                    + "s=\"1\"><v>45292.5</v></c></row></sheetData><mergeCells><mergeCell "
                    + "ref=\"A2:B2\"/></mergeCells></worksheet>").utf8)
        ),
    ]
    for index in parts.indices where parts[index].0 == part { parts[index].1 = bytes }
    return zip(parts, deflate: deflate ? part : nil)
}

/// A ZIP archive of `parts`, the one named `deflated` deflated, the others stored.
func zip(_ parts: [(String, [UInt8])], deflate deflated: String?) -> [UInt8] {
    var output: [UInt8] = [], directory: [UInt8] = []
    func le16(_ value: Int, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    func le32(_ value: Int, _ into: inout [UInt8]) {
        le16(value & 0xFFFF, &into)
        le16(value >> 16 & 0xFFFF, &into)
    }
    for (name, plain) in parts {
        let method = name == deflated ? 8 : 0
        let data = method == 8 ? deflateRaw(plain) : plain
        let crc = plain.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, UInt32($0.count))) }
        let offset = output.count
        let nameBytes = Array(name.utf8)
        output += [0x50, 0x4B, 0x03, 0x04]
        le16(20, &output)
        le16(0, &output)
        le16(method, &output)
        le16(0, &output)
        le16(0, &output)
        le32(crc, &output)
        le32(data.count, &output)
        le32(plain.count, &output)
        le16(nameBytes.count, &output)
        le16(0, &output)
        output += nameBytes + data
        directory += [0x50, 0x4B, 0x01, 0x02]
        le16(20, &directory)
        le16(20, &directory)
        le16(0, &directory)
        le16(method, &directory)
        le16(0, &directory)
        le16(0, &directory)
        le32(crc, &directory)
        le32(data.count, &directory)
        le32(plain.count, &directory)
        le16(nameBytes.count, &directory)
        le16(0, &directory)
        le16(0, &directory)
        le16(0, &directory)
        le16(0, &directory)
        le32(0, &directory)
        le32(offset, &directory)
        directory += nameBytes
    }
    let directoryOffset = output.count
    output += directory
    output += [0x50, 0x4B, 0x05, 0x06]
    le16(0, &output)
    le16(0, &output)
    le16(parts.count, &output)
    le16(parts.count, &output)
    le32(directory.count, &output)
    le32(directoryOffset, &output)
    le16(0, &output)
    return output
}

func deflateRaw(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    guard
        deflateInit2_(
            &stream, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else { return bytes }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 16)
    var input = bytes
    let written = input.withUnsafeMutableBufferPointer { source in
        output.withUnsafeMutableBufferPointer { target -> Int in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            stream.next_out = target.baseAddress
            stream.avail_out = UInt32(target.count)
            _ = deflate(&stream, Z_FINISH)
            return target.count - Int(stream.avail_out)
        }
    }
    return Array(output[..<written])
}
