import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

let arguments = CommandLine.arguments
let mode = arguments[1], path = arguments[2]
let clock = ContinuousClock()
let start = clock.now
func finish(_ what: String) {
    let elapsed = clock.now - start
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    print("\(mode): \(what); \(elapsed); peak RSS \(usage.ru_maxrss / 1024) MB")
}

struct Counter: XMLContentHandler {
    var elements = 0, textBytes = 0
    var wantsText: Bool { true }
    mutating func startElement(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes, selfClosing: Bool) { elements += 1 }
    mutating func endElement(_ name: UnsafeBufferPointer<UInt8>) {}
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) { textBytes += raw.count }
}

final class ParserCounter: NSObject, XMLParserDelegate {
    var elements = 0, textBytes = 0
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) { elements += 1 }
    func parser(_ parser: XMLParser, foundCharacters string: String) { textBytes += string.utf8.count }
}

let sheetName = "xl/worksheets/sheet1.xml"
switch mode {
case "own-inflate", "own-scan":
    let mapped = try MappedFile(path: path)
    let archive = try ZipArchive(mapped.bytes)
    let entry = archive.entry(sheetName)!
    let inflater = try PartInflater(entry, of: archive)
    if mode == "own-inflate" {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256 * 1024)
        var total = 0
        while true { let n = try inflater.read(into: buffer); if n == 0 { break }; total += n }
        finish("\(total) bytes inflated")
    } else {
        var counter = Counter()
        try XMLScanner.scan(inflater, into: &counter)
        finish("\(counter.elements) elements, \(counter.textBytes) text bytes")
    }
case "zf-inflate", "zf-parse":
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    let entry = archive[sheetName]!
    if mode == "zf-inflate" {
        var total = 0
        _ = try archive.extract(entry, bufferSize: 256 * 1024, skipCRC32: false) { total += $0.count }
        finish("\(total) bytes inflated")
    } else {
        // XMLParser needs the whole part (or an InputStream); the part is collected first.
        var data = Data()
        _ = try archive.extract(entry, bufferSize: 256 * 1024, skipCRC32: false) { data.append($0) }
        let parser = XMLParser(data: data)
        let counter = ParserCounter()
        parser.delegate = counter
        _ = parser.parse()
        finish("\(counter.elements) elements, \(counter.textBytes) text bytes")
    }
case "reader":
    let reader = try XLSXSheetReader(path: path, sheet: nil)
    var rows = 0, cells = 0
    try reader.forEachRecord { rows += 1; cells += $0.cells.count }
    finish("\(rows) records, \(cells) cells")
default:
    print("unknown mode")
}
