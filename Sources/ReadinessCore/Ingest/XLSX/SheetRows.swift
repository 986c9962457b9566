/// Reads `<sheetData>` into records: cells placed by their reference (or after the previous
/// one when a writer leaves `r` out), texts as SPEC §8.7's table says, merged cells other
/// than a range's top-left left empty, rows without a non-empty cell skipped.
struct SheetRows: XMLContentHandler {
    /// The type of a cell (`t`).
    enum CellType { case number, shared, inline, formulaString, boolean, error, date, other }

    static let maxColumn = 16_384
    static let maxRow = 1_048_576

    let workbook: XLSXWorkbook
    let part: String
    var merges: MergedRanges
    /// Called with each record; returning false stops the read.
    let body: (XLSXRecord) -> Bool
    private(set) var isFinished = false

    private var inRow = false
    private var row = 0
    private var lastColumn = 0
    private var cells: [String] = []
    private var inCell = false
    private var column = 0
    private var type = CellType.number
    private var style = 0
    private var value: [UInt8] = []
    private var inline: [UInt8] = []
    private var sawInline = false
    private var inValue = false, inInline = false, inText = false, phoneticDepth = 0
    /// Shared strings made into Strings once, when first used: answers repeat a few labels.
    private var sharedCache: [String?]

    init(workbook: XLSXWorkbook, part: String, merges: MergedRanges, body: @escaping (XLSXRecord) -> Bool) {
        self.workbook = workbook
        self.part = part
        self.merges = merges
        self.body = body
        sharedCache = Array(repeating: nil, count: workbook.sharedStrings.count)
    }

    var wantsText: Bool { inCell && (inValue || inInline && inText && phoneticDepth == 0) }

    private func problem(_ message: String, column: Int? = nil) -> XLSXProblem {
        XLSXProblem(message: "part \(part): \(message)", line: row > 0 ? row : nil, column: column)
    }

    mutating func startElement(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes, selfClosing: Bool)
        throws(XLSXProblem)
    {
        if XMLBytes.equal(name, "c") {
            guard inRow else { return }
            // One pass over the attributes: this runs for every cell.
            var reference: UnsafeBufferPointer<UInt8>?, typeName: UnsafeBufferPointer<UInt8>?,
                styleText: UnsafeBufferPointer<UInt8>?
            attributes.forEachUnprefixed { name, value in
                guard name.count == 1 else { return }
                switch name[0] {
                case 0x72: reference = value
                case 0x74: typeName = value
                case 0x73: styleText = value
                default: break
                }
            }
            if let reference {
                guard let parsed = Self.column(ofReference: reference) else {
                    throw problem(
                        "cell reference '\(String(decoding: reference, as: UTF8.self))' "
                            + "is not a cell in columns A to XFD"
                    )
                }
                column = parsed
            } else {
                column = lastColumn + 1
                guard column <= Self.maxColumn else { throw problem("a row has more than 16,384 cells") }
            }
            type = Self.cellType(typeName)
            style = styleText.flatMap(XMLBytes.integer) ?? 0
            value.removeAll(keepingCapacity: true)
            inline.removeAll(keepingCapacity: true)
            sawInline = false
            inCell = true
        } else if inCell, XMLBytes.equal(name, "v") {
            inValue = true
        } else if inCell, XMLBytes.equal(name, "is") {
            inInline = true
            sawInline = true
        } else if inInline, XMLBytes.equal(name, "t") {
            inText = true
        } else if inInline, XMLBytes.equal(name, "rPh") {
            phoneticDepth += 1
        } else if XMLBytes.equal(name, "row") {
            if let number = attributes.value("r") {
                guard let parsed = XMLBytes.integer(number), parsed >= 1, parsed <= Self.maxRow else {
                    throw problem(
                        "row number '\(String(decoding: number, as: UTF8.self))' is not a row from 1 to 1,048,576")
                }
                row = parsed
            } else {
                row += 1
                guard row <= Self.maxRow else { throw problem("more than 1,048,576 rows") }
            }
            inRow = true
            lastColumn = 0
            cells.removeAll(keepingCapacity: true)
        }
    }

    mutating func endElement(_ name: UnsafeBufferPointer<UInt8>) throws(XLSXProblem) {
        if XMLBytes.equal(name, "c") {
            guard inCell else { return }
            inCell = false
            inValue = false
            inInline = false
            let text = try cellText()
            if !text.isEmpty {
                if cells.count < column { cells.append(contentsOf: repeatElement("", count: column - cells.count)) }
                cells[column - 1] = text
            }
            lastColumn = column
        } else if XMLBytes.equal(name, "v") {
            inValue = false
        } else if XMLBytes.equal(name, "is") {
            inInline = false
        } else if XMLBytes.equal(name, "t") {
            inText = false
        } else if XMLBytes.equal(name, "rPh") {
            phoneticDepth = max(0, phoneticDepth - 1)
        } else if XMLBytes.equal(name, "row") {
            guard inRow else { return }
            inRow = false
            merges.blankCovered(&cells, row: row)
            while let last = cells.last, last.isEmpty { cells.removeLast() }
            if !cells.isEmpty, !body(XLSXRecord(row: row, cells: cells)) { isFinished = true }
        }
    }

    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) throws(XLSXProblem) {
        do {
            if inValue {
                try XMLBytes.appendDecoded(raw, cdata: cdata, to: &value)
            } else {
                try XMLBytes.appendDecoded(raw, cdata: cdata, to: &inline)
            }
        } catch {
            throw problem("not well-formed XML: \(error.message)", column: column)
        }
    }

    /// The cell's text as SPEC §8.7's table says.
    private mutating func cellText() throws(XLSXProblem) -> String {
        switch type {
        case .inline where sawInline:
            return String(decoding: XLSXCellText.decodingEscapes(inline), as: UTF8.self)
        case .shared:
            var index = value.withUnsafeBufferPointer(XMLBytes.integer)
            if index == nil {
                let digits = value.filter { !XMLScanner.isSpace($0) }
                guard !digits.isEmpty else { return "" }
                index = digits.withUnsafeBufferPointer(XMLBytes.integer)
            }
            guard let index, index < sharedCache.count else {
                throw problem(
                    "cell refers to shared string '\(String(decoding: value, as: UTF8.self))', "
                        + "but the workbook has \(workbook.sharedStrings.count)",
                    column: column)
            }
            if let cached = sharedCache[index] { return cached }
            let string = String(decoding: workbook.sharedStrings.string(index)!, as: UTF8.self)
            sharedCache[index] = string
            return string
        case .boolean:
            switch String(decoding: value, as: UTF8.self) {
            case "1", "true": return "TRUE"
            case "0", "false": return "FALSE"
            case let other: return other
            }
        case .number:
            let text = String(decoding: value, as: UTF8.self)
            guard let number = XLSXCellText.number(text) else { return text }
            if style >= 0, style < workbook.dateStyles.count, workbook.dateStyles[style],
                let date = XLSXCellText.isoDate(serial: number, date1904: workbook.date1904)
            {
                return date
            }
            return XLSXCellText.plainDecimal(number)
        case .inline, .formulaString, .error, .date, .other:
            return String(decoding: value, as: UTF8.self)
        }
    }

    static func cellType(_ raw: UnsafeBufferPointer<UInt8>?) -> CellType {
        guard let raw else { return .number }
        if XMLBytes.equal(raw, "s") { return .shared }
        if XMLBytes.equal(raw, "n") { return .number }
        if XMLBytes.equal(raw, "inlineStr") { return .inline }
        if XMLBytes.equal(raw, "str") { return .formulaString }
        if XMLBytes.equal(raw, "b") { return .boolean }
        if XMLBytes.equal(raw, "e") { return .error }
        if XMLBytes.equal(raw, "d") { return .date }
        return .other
    }

    /// The column (A = 1) of a reference such as `C7` or `$AB$12`, or nil.
    static func column(ofReference raw: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0
        var index = 0
        if index < raw.count, raw[index] == 0x24 { index += 1 }
        let lettersStart = index
        while index < raw.count, index - lettersStart < 4 {
            let byte = raw[index] | 0x20
            guard byte >= 0x61, byte <= 0x7A else { break }
            column = column * 26 + Int(byte - 0x60)
            index += 1
        }
        guard index > lettersStart, column <= maxColumn else { return nil }
        if index < raw.count, raw[index] == 0x24 { index += 1 }
        // The row part only has to be digits: the row element's number is the one used.
        guard index < raw.count else { return nil }
        for position in index..<raw.count where raw[position] < 0x30 || raw[position] > 0x39 { return nil }
        return column
    }
}

/// The merged ranges of a sheet (`<mergeCell ref="A1:C2">`, after the rows in the part), read
/// in a first pass so that the rows can be read in one stream.
struct MergedRanges {
    struct Range: Equatable {
        var firstRow: Int, lastRow: Int, firstColumn: Int, lastColumn: Int
    }

    private(set) var ranges: [Range]
    /// The sweep over rows in ascending order: ranges by first row, the next one to start,
    /// the ones covering the current row.
    private var nextRange = 0
    private var active: [Range] = []
    private var lastRow = 0

    init(_ ranges: [Range]) {
        self.ranges = ranges.sorted { $0.firstRow < $1.firstRow }
    }

    /// Reads the sheet's ranges: the part is first inflated and searched for `mergeCell`
    /// (most exports have none), and scanned as XML only when the word is there.
    static func read(_ entry: ZipArchive.Entry, of archive: ZipArchive) throws(XLSXProblem) -> MergedRanges {
        guard try mentionsMergeCell(PartInflater(entry, of: archive, checksCRC: false)) else { return MergedRanges([]) }
        var handler = Collector()
        try XMLScanner.scan(PartInflater(entry, of: archive, checksCRC: false), into: &handler)
        return MergedRanges(handler.ranges)
    }

    private static func mentionsMergeCell(_ inflater: PartInflater) throws(XLSXProblem) -> Bool {
        let wordLength = "mergeCell".utf8.count
        let capacity = Int(min(256 * 1024, max(4096, inflater.claimedSize + 1)))
        var buffer = [UInt8](repeating: 0, count: capacity)
        var carried = 0
        while true {
            let read = try buffer.withUnsafeMutableBufferPointer { pointer throws(XLSXProblem) in
                try inflater.read(into: UnsafeMutableBufferPointer(rebasing: pointer[carried...]))
            }
            if read == 0 { return false }
            let filled = carried + read
            let found = buffer.withUnsafeBufferPointer {
                XMLBytes.contains(UnsafeBufferPointer(rebasing: $0[..<filled]), "mergeCell")
            }
            if found { return true }
            // Keep the last bytes: the word may straddle two pieces.
            carried = min(wordLength - 1, filled)
            for index in 0..<carried { buffer[index] = buffer[filled - carried + index] }
        }
    }

    /// Empties the cells of `cells` (row `row`) that a range covers, other than its top-left.
    mutating func blankCovered(_ cells: inout [String], row: Int) {
        guard !ranges.isEmpty else { return }
        if row < lastRow {
            nextRange = 0
            active.removeAll()
        }
        lastRow = row
        while nextRange < ranges.count, ranges[nextRange].firstRow <= row {
            active.append(ranges[nextRange])
            nextRange += 1
        }
        active.removeAll { $0.lastRow < row }
        for range in active where range.firstRow <= row {
            let upper = min(range.lastColumn, cells.count)
            guard range.firstColumn <= upper else { continue }
            for column in range.firstColumn...upper where !(row == range.firstRow && column == range.firstColumn) {
                cells[column - 1] = ""
            }
        }
    }

    /// The first pass's handler: only `mergeCell` elements.
    private struct Collector: XMLContentHandler {
        var ranges: [Range] = []
        var wantsText: Bool { false }

        mutating func startElement(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes, selfClosing: Bool) {
            guard XMLBytes.equal(name, "mergeCell"), let reference = attributes.value("ref"),
                let range = MergedRanges.range(reference)
            else { return }
            ranges.append(range)
        }
        mutating func endElement(_ name: UnsafeBufferPointer<UInt8>) {}
        mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) {}
    }

    /// `A1:C2` as a range; nil for anything else (a single cell merges nothing).
    static func range(_ raw: UnsafeBufferPointer<UInt8>) -> Range? {
        guard let colon = raw.firstIndex(of: 0x3A) else { return nil }
        func cell(_ part: UnsafeBufferPointer<UInt8>) -> (row: Int, column: Int)? {
            guard let column = SheetRows.column(ofReference: part) else { return nil }
            var digits = part.drop { !($0 >= 0x30 && $0 <= 0x39) }
            digits = digits.prefix(7)
            guard let row = Int(String(decoding: digits, as: UTF8.self)), row >= 1 else { return nil }
            return (row, column)
        }
        guard let from = cell(UnsafeBufferPointer(rebasing: raw[..<colon])),
            let to = cell(UnsafeBufferPointer(rebasing: raw[(colon + 1)...]))
        else { return nil }
        return Range(
            firstRow: min(from.row, to.row), lastRow: max(from.row, to.row),
            firstColumn: min(from.column, to.column), lastColumn: max(from.column, to.column))
    }
}
