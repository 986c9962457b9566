/// An .xlsx workbook opened for reading one sheet: its worksheets in tab order, the date
/// system, which cell styles are dates, and the shared strings (SPEC §8.7).
///
/// Every check that makes a workbook unreadable (§8.9) happens here, before any row is
/// read.
struct XLSXWorkbook {
    /// A worksheet and the ZIP entry of its XML part.
    struct Worksheet: Equatable {
        var name: String
        var part: String
    }

    let archive: ZipArchive
    /// Worksheets (not chart or dialog sheets) in `<sheets>` order, hidden ones included.
    let worksheets: [Worksheet]
    let date1904: Bool
    /// Per cell format (`s` of a cell, an index into `cellXfs`): whether it is a date style.
    let dateStyles: [Bool]
    let sharedStrings: SharedStrings

    static let transitionalNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let strictNamespace = "http://purl.oclc.org/ooxml/spreadsheetml/main"

    /// Opens the workbook in `bytes` (the mapped file).
    init(_ bytes: UnsafeBufferPointer<UInt8>) throws(XLSXProblem) {
        if bytes.starts(with: ZipArchive.compoundFileSignature) {
            throw XLSXProblem(
                message: "encrypted or legacy .xls workbook; save it as an .xlsx workbook without a password")
        }
        let archive = try ZipArchive(bytes)
        self.archive = archive
        if archive.entry("xl/workbook.bin") != nil {
            throw XLSXProblem(message: "binary .xlsb workbook (xl/workbook.bin); save it as an Excel Workbook (.xlsx)")
        }
        if archive.entry("xl/vbaProject.bin") != nil {
            throw XLSXProblem(
                message: "macro-enabled workbook (xl/vbaProject.bin); save it as an .xlsx workbook without macros")
        }
        if let types = archive.entry("[Content_Types].xml") {
            var handler = ContentTypes()
            try XMLScanner.scan(PartInflater(types, of: archive), into: &handler)
            if let macro = handler.macroEnabled {
                throw XLSXProblem(
                    message:
                        "macro-enabled workbook (content type \(macro)); save it as an .xlsx workbook without macros")
            }
        }
        guard let workbookEntry = archive.entry("xl/workbook.xml") else {
            throw XLSXProblem(message: "not an .xlsx workbook: no xl/workbook.xml")
        }
        var workbook = WorkbookPart()
        try XMLScanner.scan(PartInflater(workbookEntry, of: archive), into: &workbook)
        if workbook.strict {
            throw XLSXProblem(
                message: "Strict Open XML workbook; save it as an Excel Workbook (.xlsx), not Strict Open XML")
        }
        date1904 = workbook.date1904

        var relationships = Relationships()
        if let rels = archive.entry("xl/_rels/workbook.xml.rels") {
            try XMLScanner.scan(PartInflater(rels, of: archive), into: &relationships)
        }
        var worksheets: [Worksheet] = []
        for sheet in workbook.sheets {
            guard let relationship = relationships.byID[sheet.relationship] else {
                throw XLSXProblem(message: "sheet '\(sheet.name)' has no part in xl/_rels/workbook.xml.rels")
            }
            // Chart and dialog sheets hold no rows: only worksheets are candidates.
            guard relationship.type.hasSuffix("/worksheet") else { continue }
            worksheets.append(Worksheet(name: sheet.name, part: Self.resolve(relationship.target)))
        }
        self.worksheets = worksheets

        var styles = Styles()
        let stylesPart = relationships.first(ofType: "/styles").map(Self.resolve) ?? "xl/styles.xml"
        if let entry = archive.entry(stylesPart) {
            try XMLScanner.scan(PartInflater(entry, of: archive), into: &styles)
        }
        dateStyles = styles.cellFormats.map { id in
            XLSXCellText.isBuiltInDateFormat(id) || styles.customCodes[id].map(XLSXCellText.isDateFormatCode) == true
        }

        var strings = SharedStrings()
        let stringsPart = relationships.first(ofType: "/sharedStrings").map(Self.resolve) ?? "xl/sharedStrings.xml"
        if let entry = archive.entry(stringsPart) {
            try XMLScanner.scan(PartInflater(entry, of: archive), into: &strings)
        }
        sharedStrings = strings
    }

    /// A relationship target relative to `xl/` (or absolute, from the package root) as a
    /// ZIP entry name, `..` and `.` segments resolved.
    static func resolve(_ target: String) -> String {
        var segments: [Substring] = target.hasPrefix("/") ? [] : ["xl"]
        for segment in target.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == ".." { _ = segments.popLast() } else if segment != "." { segments.append(segment) }
        }
        return segments.joined(separator: "/")
    }
}

/// `[Content_Types].xml`: a macro-enabled main part is refused.
private struct ContentTypes: XMLContentHandler {
    var macroEnabled: String?
    var wantsText: Bool { false }

    mutating func startElement(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes, selfClosing: Bool)
        throws(XLSXProblem)
    {
        guard macroEnabled == nil, XMLBytes.equal(name, "Override") || XMLBytes.equal(name, "Default"),
            let raw = attributes.value("ContentType")
        else { return }
        let type = try XMLBytes.attributeString(raw)
        if ZipArchive.asciiLowercased(type).contains("macroenabled") { macroEnabled = type }
    }
    mutating func endElement(_ name: UnsafeBufferPointer<UInt8>) {}
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) {}
}

/// `xl/workbook.xml`: the sheets in tab order, the date system, and the namespace.
private struct WorkbookPart: XMLContentHandler {
    struct Sheet {
        var name: String
        var relationship: String
    }
    var sheets: [Sheet] = []
    var date1904 = false
    var strict = false
    private var sawRoot = false
    var wantsText: Bool { false }

    mutating func startElement(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes, selfClosing: Bool)
        throws(XLSXProblem)
    {
        if !sawRoot {
            sawRoot = true
            var namespaces: [String] = []
            // swift-format-ignore: ReplaceForEachWithForLoop
            attributes.forEach { _, value in
                namespaces.append(String(decoding: value, as: UTF8.self))
                return true
            }
            strict =
                namespaces.contains(XLSXWorkbook.strictNamespace)
                && !namespaces.contains(XLSXWorkbook.transitionalNamespace)
            return
        }
        if XMLBytes.equal(name, "workbookPr"), let raw = attributes.value("date1904") {
            let value = try XMLBytes.attributeString(raw)
            date1904 = value == "1" || value.lowercased() == "true"
        } else if XMLBytes.equal(name, "sheet") {
            let sheetName = try attributes.value("name").map(XMLBytes.attributeString) ?? ""
            let id = try attributes.value("id", prefixed: true).map(XMLBytes.attributeString) ?? ""
            sheets.append(Sheet(name: sheetName, relationship: id))
        }
    }
    mutating func endElement(_ name: UnsafeBufferPointer<UInt8>) {}
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) {}
}

/// `xl/_rels/workbook.xml.rels`: where each sheet, the styles and the shared strings are.
private struct Relationships: XMLContentHandler {
    struct Relationship {
        var type: String
        var target: String
    }
    var byID: [String: Relationship] = [:]
    var inOrder: [Relationship] = []
    var wantsText: Bool { false }

    func first(ofType suffix: String) -> String? {
        inOrder.first { $0.type.hasSuffix(suffix) }?.target
    }

    mutating func startElement(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes, selfClosing: Bool)
        throws(XLSXProblem)
    {
        guard XMLBytes.equal(name, "Relationship") else { return }
        if let mode = attributes.value("TargetMode"), try XMLBytes.attributeString(mode) == "External" { return }
        let id = try attributes.value("Id").map(XMLBytes.attributeString) ?? ""
        let relationship = Relationship(
            type: try attributes.value("Type").map(XMLBytes.attributeString) ?? "",
            target: try attributes.value("Target").map(XMLBytes.attributeString) ?? "")
        if byID[id] == nil { byID[id] = relationship }
        inOrder.append(relationship)
    }
    mutating func endElement(_ name: UnsafeBufferPointer<UInt8>) {}
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) {}
}

/// `xl/styles.xml`: the number format of each cell format, and the custom format codes.
private struct Styles: XMLContentHandler {
    var customCodes: [Int: String] = [:]
    var cellFormats: [Int] = []
    private var inCellFormats = false
    private var inNumberFormats = false
    var wantsText: Bool { false }

    mutating func startElement(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes, selfClosing: Bool)
        throws(XLSXProblem)
    {
        if XMLBytes.equal(name, "cellXfs") {
            inCellFormats = !selfClosing
        } else if XMLBytes.equal(name, "numFmts") {
            inNumberFormats = !selfClosing
        } else if inCellFormats, XMLBytes.equal(name, "xf") {
            cellFormats.append(attributes.value("numFmtId").flatMap(XMLBytes.integer) ?? 0)
        } else if inNumberFormats, XMLBytes.equal(name, "numFmt"),
            let id = attributes.value("numFmtId").flatMap(XMLBytes.integer), let code = attributes.value("formatCode")
        {
            customCodes[id] = try XMLBytes.attributeString(code)
        }
    }
    mutating func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        if XMLBytes.equal(name, "cellXfs") { inCellFormats = false }
        if XMLBytes.equal(name, "numFmts") { inNumberFormats = false }
    }
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) {}
}

/// `xl/sharedStrings.xml`: every string, runs concatenated, phonetic runs left out,
/// `_xHHHH_` decoded, kept as UTF-8 in one array (no object per string).
struct SharedStrings: XMLContentHandler {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private var current: [UInt8] = []
    private var inItem = false, inText = false, phoneticDepth = 0

    var count: Int { ends.count }
    var wantsText: Bool { inItem && inText && phoneticDepth == 0 }

    /// String `index` as UTF-8 bytes.
    func string(_ index: Int) -> ArraySlice<UInt8>? {
        guard index >= 0, index < ends.count else { return nil }
        return bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    mutating func startElement(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes, selfClosing: Bool)
        throws(XLSXProblem)
    {
        if XMLBytes.equal(name, "si") {
            inItem = true
            current.removeAll(keepingCapacity: true)
        } else if XMLBytes.equal(name, "t") {
            inText = true
        } else if XMLBytes.equal(name, "rPh") {
            phoneticDepth += 1
        }
    }
    mutating func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        if XMLBytes.equal(name, "si"), inItem {
            bytes.append(contentsOf: XLSXCellText.decodingEscapes(current))
            ends.append(bytes.count)
            inItem = false
        } else if XMLBytes.equal(name, "t") {
            inText = false
        } else if XMLBytes.equal(name, "rPh") {
            phoneticDepth = max(0, phoneticDepth - 1)
        }
    }
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) throws(XLSXProblem) {
        do {
            try XMLBytes.appendDecoded(raw, cdata: cdata, to: &current)
        } catch {
            throw XLSXProblem(
                message:
                    "part xl/sharedStrings.xml is not well-formed XML: string \(ends.count + 1) holds \(error.message)")
        }
    }
}
