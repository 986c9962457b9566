import Foundation

@testable import ReadinessCore

/// Hand-made .xlsx files for the reader's unit tests: every part written out as XML, so a
/// test controls exactly what a writer put in (or left out).
enum XLSXTestWorkbook {
    /// A ZIP archive of stored entries; `declaredSizes` lets a test lie about a size.
    static func zip(_ entries: [(name: String, bytes: [UInt8])], declaredSizes: [String: UInt64] = [:]) -> [UInt8] {
        var output: [UInt8] = []
        var directory: [UInt8] = []
        func le16(_ value: Int, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: UInt32, _ into: inout [UInt8]) {
            for shift in stride(from: 0, to: 32, by: 8) { into.append(UInt8(value >> UInt32(shift) & 0xFF)) }
        }
        func le64(_ value: UInt64, _ into: inout [UInt8]) {
            for shift in stride(from: 0, to: 64, by: 8) { into.append(UInt8(value >> UInt64(shift) & 0xFF)) }
        }
        for entry in entries {
            let name = Array(entry.name.utf8)
            let crc = crc32(entry.bytes)
            let offset = UInt32(output.count)
            let declared = declaredSizes[entry.name]
            output += [0x50, 0x4B, 0x03, 0x04]
            le16(20, &output)
            le16(0, &output)
            le16(0, &output)
            le16(0, &output)
            le16(0, &output)
            le32(crc, &output)
            le32(UInt32(entry.bytes.count), &output)
            le32(UInt32(entry.bytes.count), &output)
            le16(name.count, &output)
            le16(0, &output)
            output += name + entry.bytes
            var extra: [UInt8] = []
            if let declared {
                le16(1, &extra)
                le16(8, &extra)
                le64(declared, &extra)
            }
            directory += [0x50, 0x4B, 0x01, 0x02]
            le16(45, &directory)
            le16(20, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le32(crc, &directory)
            le32(UInt32(entry.bytes.count), &directory)
            le32(declared == nil ? UInt32(entry.bytes.count) : 0xFFFF_FFFF, &directory)
            le16(name.count, &directory)
            le16(extra.count, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le32(0, &directory)
            le32(offset, &directory)
            directory += name + extra
        }
        let directoryOffset = output.count
        output += directory
        output += [0x50, 0x4B, 0x05, 0x06]
        le16(0, &output)
        le16(0, &output)
        le16(entries.count, &output)
        le16(entries.count, &output)
        le32(UInt32(directory.count), &output)
        le32(UInt32(directoryOffset), &output)
        le16(0, &output)
        return output
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A workbook's parts: sheets (name, sheetData and anything after it), shared strings,
    /// number formats and cell formats; `extra` parts added or replacing these.
    static func parts(
        sheets: [(name: String, data: String)], strings: [String]? = nil,
        numberFormats: [(id: Int, code: String)] = [], cellFormats: [Int] = [0],
        workbookProperties: String = "", hiddenFirst: Bool = false,
        extra: [(String, String)] = []
    ) -> [(name: String, bytes: [UInt8])] {
        var result: [(String, String)] = []
        result.append(
            (
                "[Content_Types].xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>
                """
            ))
        let sheetElements = sheets.enumerated().map { index, sheet in
            "<sheet name=\"\(escaped(sheet.name))\" "
                + "sheetId=\"\(index + 1)\"\(hiddenFirst && index == 0 ? " state=\"hidden\"" : "") "
                + "r:id=\"rId\(index + 1)\"/>"
        }.joined()
        result.append(
            (
                "xl/workbook.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="\(main)" xmlns:r="\(relationships)">\(workbookProperties)<sheets>\(sheetElements)</sheets></workbook>
                """
            ))
        var rels = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(relationships)/worksheet\" "
                + "Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }
        rels.append("<Relationship Id=\"rIdS\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/>")
        if strings != nil {
            rels.append(
                "<Relationship Id=\"rIdT\" Type=\"\(relationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>")
        }
        result.append(
            (
                "xl/_rels/workbook.xml.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(rels.joined())</Relationships>
                """
            ))
        for (index, sheet) in sheets.enumerated() {
            result.append(
                (
                    "xl/worksheets/sheet\(index + 1).xml",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <worksheet xmlns="\(main)" xmlns:r="\(relationships)">\(sheet.data)</worksheet>
                    """
                ))
        }
        let formats =
            numberFormats.isEmpty
            ? ""
            : "<numFmts count=\"\(numberFormats.count)\">"
                + numberFormats.map { "<numFmt numFmtId=\"\($0.id)\" formatCode=\"\(escaped($0.code))\"/>" }.joined()
                + "</numFmts>"
        let xfs = cellFormats.map { "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" }
            .joined()
        result.append(
            (
                "xl/styles.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="\(main)">\(formats)<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="\(cellFormats.count)">\(xfs)</cellXfs></styleSheet>
                """
            ))
        if let strings {
            result.append(
                (
                    "xl/sharedStrings.xml",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <sst xmlns="\(main)" count="\(strings.count)" uniqueCount="\(strings.count)">\(strings.joined())</sst>
                    """
                ))
        }
        for (name, text) in extra {
            result.removeAll { $0.0 == name }
            result.append((name, text))
        }
        return result.map { ($0.0, Array($0.1.utf8)) }
    }

    /// `<si><t>text</t></si>` for each plain string.
    static func plain(_ texts: [String]) -> [String] {
        texts.map { "<si><t xml:space=\"preserve\">\(escaped($0))</t></si>" }
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Writes `bytes` to a new temporary file and returns its path.
    static func write(_ bytes: [UInt8], name: String = "responses.xlsx") -> String {
        let folder = TestFiles.uniquePath("xlsx")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// The records of the workbook made of `parts`, or the error's description.
    static func read(_ parts: [(name: String, bytes: [UInt8])], sheet: String? = nil) -> Result<
        [XLSXRecord], FatalInputError
    > {
        let path = write(zip(parts))
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        do {
            let reader = try XLSXSheetReader(path: path, file: "responses.xlsx", sheet: sheet)
            return .success(try reader.records())
        } catch {
            return .failure(error)
        }
    }
}
