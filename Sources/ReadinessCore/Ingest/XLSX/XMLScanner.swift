#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a part's reader does with the elements and text the scanner finds.
///
/// Names are local names (any `prefix:` removed) and, like attributes and text, point into
/// the scanner's buffer: valid only during the call.
protocol XMLContentHandler {
    /// Whether text between tags is wanted now (most of a sheet's text is not).
    var wantsText: Bool { get }
    mutating func startElement(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes, selfClosing: Bool)
        throws(XLSXProblem)
    mutating func endElement(_ name: UnsafeBufferPointer<UInt8>) throws(XLSXProblem)
    /// Raw character data: entities not yet decoded unless `cdata` (then taken as it is).
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) throws(XLSXProblem)
    /// Whether the handler has read all it wants (the rest of the part is not read).
    var isFinished: Bool { get }
}

extension XMLContentHandler {
    var isFinished: Bool { false }
}

/// A small XML scanner for the parts of an .xlsx, fed by a `PartInflater` through a window
/// that holds only the token being read (it grows for a long one, e.g.
///
/// a 20 MB cell).
///
/// Not a validating parser: it finds tags, text, comments, CDATA and processing
/// instructions, and refuses any `<!DOCTYPE` (SPEC §8.7: no DTD or external entity is ever
/// read). Tag nesting is not checked; the readers keep only the state they need. Measured
/// against Foundation's XMLParser in tools/xlsx/README.md.
struct XMLScanner {
    static let initialCapacity = 256 * 1024
    /// The longest single tag or text read: Excel's cells hold at most 32,767 characters, so
    /// a longer token is a damaged or hostile part, refused before it takes the memory.
    static let maxTokenBytes = 64 << 20

    /// Reads the whole part through `handler`.
    static func scan<Handler: XMLContentHandler>(_ inflater: PartInflater, into handler: inout Handler)
        throws(XLSXProblem)
    {
        // A small part (workbook.xml, the relationships) needs no 256 KiB window.
        var capacity = Int(min(UInt64(initialCapacity), max(4096, inflater.claimedSize + 1)))
        var storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        defer { storage.deallocate() }
        var end = 0
        var position = 0
        var exhausted = false
        var searchFrom = 0
        // The quote a tag was inside of when the window ended (the scan resumes there).
        var pendingQuote: UInt8 = 0
        while true {
            // Refill: keep the unread tail, grow when a single token fills the window.
            if !exhausted {
                if position > 0 {
                    let tail = end - position
                    if tail > 0 {
                        memmove(storage.baseAddress!, storage.baseAddress! + position, tail)
                    }
                    searchFrom = max(0, searchFrom - position)
                    end = tail
                    position = 0
                }
                if end == capacity {
                    guard capacity < maxTokenBytes else {
                        throw XLSXProblem(
                            message: "part \(inflater.name) holds a tag or text longer than 64 MiB, which is not read")
                    }
                    capacity *= 2
                    let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
                    grown.baseAddress!.update(from: storage.baseAddress!, count: end)
                    storage.deallocate()
                    storage = grown
                }
                let read = try inflater.read(into: UnsafeMutableBufferPointer(rebasing: storage[end..<capacity]))
                if read == 0 { exhausted = true }
                end += read
            }
            let window = UnsafeBufferPointer(storage)
            let outcome = try scanWindow(
                window, from: &position, end: end, exhausted: exhausted,
                searchFrom: &searchFrom, pendingQuote: &pendingQuote,
                part: inflater.name, handler: &handler)
            if outcome == .done { return }
        }
    }

    private enum Outcome { case needMore, done }

    /// Scans complete tokens in `bytes[position..<end]`; stops at an incomplete one.
    private static func scanWindow<Handler: XMLContentHandler>(
        _ bytes: UnsafeBufferPointer<UInt8>, from position: inout Int, end: Int, exhausted: Bool,
        searchFrom: inout Int, pendingQuote: inout UInt8, part: String, handler: inout Handler
    ) throws(XLSXProblem) -> Outcome {
        let base = bytes.baseAddress!
        func malformed(_ what: String) -> XLSXProblem {
            XLSXProblem(message: "part \(part) is not well-formed XML: \(what)")
        }
        /// The first index ≥ `from` where `pattern` starts, or nil.
        func find(_ pattern: StaticString, from: Int) -> Int? {
            let length = pattern.utf8CodeUnitCount
            let first = pattern.utf8Start[0]
            var index = from
            while index + length <= end {
                guard let hit = memchr(base + index, Int32(first), end - index) else { return nil }
                let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                if at + length > end { return nil }
                if memcmp(base + at, pattern.utf8Start, length) == 0 { return at }
                index = at + 1
            }
            return nil
        }
        func starts(_ pattern: StaticString, at index: Int) -> Bool {
            let length = pattern.utf8CodeUnitCount
            return index + length <= end && memcmp(base + index, pattern.utf8Start, length) == 0
        }
        while position < end {
            if handler.isFinished { return .done }
            if bytes[position] != 0x3C {  // text up to the next '<'
                let from = max(position, searchFrom)
                guard let hit = memchr(base + from, 0x3C, end - from) else {
                    if exhausted {
                        // Text after the last tag (white space in a real part) is not content.
                        position = end
                        return .done
                    }
                    searchFrom = end
                    return .needMore
                }
                let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                if handler.wantsText {
                    try handler.text(UnsafeBufferPointer(start: base + position, count: at - position), cdata: false)
                }
                position = at
                searchFrom = at
                continue
            }
            guard position + 1 < end else { break }
            let second = bytes[position + 1]
            if second == 0x3F {  // <? … ?>
                guard let close = find("?>", from: max(position + 2, searchFrom)) else {
                    searchFrom = max(position, end - 1)
                    break
                }
                position = close + 2
            } else if second == 0x21 {  // <!
                if position + 9 > end && !exhausted { break }
                if starts("<!--", at: position) {
                    guard let close = find("-->", from: max(position + 4, searchFrom)) else {
                        searchFrom = max(position, end - 2)
                        break
                    }
                    position = close + 3
                } else if starts("<![CDATA[", at: position) {
                    guard let close = find("]]>", from: max(position + 9, searchFrom)) else {
                        searchFrom = max(position, end - 2)
                        break
                    }
                    if handler.wantsText {
                        try handler.text(
                            UnsafeBufferPointer(start: base + position + 9, count: close - position - 9), cdata: true)
                    }
                    position = close + 3
                } else if position + 9 <= end, isDoctype(base + position + 2) {
                    throw XLSXProblem(message: "part \(part) holds a DTD, which is not read")
                } else {
                    throw malformed("'<!' starts neither a comment nor CDATA")
                }
            } else {  // a start or end tag; '>' inside a quoted attribute value does not end it
                var index = max(position + 1, searchFrom)
                var quote: UInt8 = searchFrom > position ? pendingQuote : 0
                var close = -1
                while index < end {
                    let byte = bytes[index]
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == 0x3E {
                        close = index
                        break
                    } else if byte == 0x22 || byte == 0x27 {
                        quote = byte
                    } else if byte == 0x3C {
                        throw malformed("'<' inside a tag")
                    }
                    index += 1
                }
                guard close >= 0 else {
                    pendingQuote = quote
                    searchFrom = end
                    break
                }
                pendingQuote = 0
                if second == 0x2F {
                    let name = localName(base, from: position + 2, to: close)
                    try handler.endElement(name)
                } else {
                    let selfClosing = bytes[close - 1] == 0x2F && close - 1 > position
                    let tagEnd = selfClosing ? close - 1 : close
                    var nameEnd = position + 1
                    while nameEnd < tagEnd, !isSpace(bytes[nameEnd]) { nameEnd += 1 }
                    guard nameEnd > position + 1 else { throw malformed("a tag without a name") }
                    let name = localName(base, from: position + 1, to: nameEnd)
                    let attributes = XMLAttributes(
                        raw: UnsafeBufferPointer(start: base + nameEnd, count: tagEnd - nameEnd))
                    try handler.startElement(name, attributes, selfClosing: selfClosing)
                    if selfClosing { try handler.endElement(name) }
                }
                position = close + 1
            }
            searchFrom = position
        }
        if exhausted {
            if position < end { throw malformed("the part ends inside a tag") }
            return .done
        }
        return .needMore
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// `<!DOCTYPE` in any case after `<!`.
    private static func isDoctype(_ pointer: UnsafePointer<UInt8>) -> Bool {
        let word: [UInt8] = Array("DOCTYPE".utf8)
        for offset in 0..<7 where pointer[offset] & 0xDF != word[offset] { return false }
        return true
    }

    /// The name in `from..<to` without its namespace prefix and trailing white space.
    private static func localName(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> UnsafeBufferPointer<UInt8> {
        var end = from
        while end < to, !isSpace(base[end]) { end += 1 }
        var start = from
        for index in from..<end where base[index] == 0x3A { start = index + 1 }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }
}

/// The attributes of one start tag, read on demand.
struct XMLAttributes {
    let raw: UnsafeBufferPointer<UInt8>

    /// The raw value (entities not decoded) of the attribute whose local name is `name`;
    /// `prefixed` asks for one with a namespace prefix (`r:id`), else one without (`id`).
    func value(_ name: StaticString, prefixed: Bool = false) -> UnsafeBufferPointer<UInt8>? {
        // A direct loop: this runs for every cell of a sheet.
        var index = 0
        let count = raw.count
        let wanted = name.utf8Start, wantedCount = name.utf8CodeUnitCount
        while true {
            while index < count, XMLScanner.isSpace(raw[index]) { index += 1 }
            let nameStart = index
            var localStart = index
            while index < count, raw[index] != 0x3D, !XMLScanner.isSpace(raw[index]) {
                if raw[index] == 0x3A { localStart = index + 1 }
                index += 1
            }
            let nameEnd = index
            while index < count, XMLScanner.isSpace(raw[index]) { index += 1 }
            guard nameEnd > nameStart, index < count, raw[index] == 0x3D else { return nil }
            index += 1
            while index < count, XMLScanner.isSpace(raw[index]) { index += 1 }
            guard index < count, raw[index] == 0x22 || raw[index] == 0x27 else { return nil }
            let quote = raw[index]
            index += 1
            let valueStart = index
            while index < count, raw[index] != quote { index += 1 }
            guard index < count else { return nil }
            let valueEnd = index
            index += 1
            if (localStart > nameStart) == prefixed, nameEnd - localStart == wantedCount,
                memcmp(raw.baseAddress! + localStart, wanted, wantedCount) == 0
            {
                return UnsafeBufferPointer(rebasing: raw[valueStart..<valueEnd])
            }
        }
    }

    /// Calls `body` with the local name and raw value of each attribute without a prefix.
    @inline(__always)
    func forEachUnprefixed(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        var index = 0
        let count = raw.count
        while true {
            while index < count, XMLScanner.isSpace(raw[index]) { index += 1 }
            let nameStart = index
            var prefixed = false
            while index < count, raw[index] != 0x3D, !XMLScanner.isSpace(raw[index]) {
                if raw[index] == 0x3A { prefixed = true }
                index += 1
            }
            let nameEnd = index
            while index < count, XMLScanner.isSpace(raw[index]) { index += 1 }
            guard nameEnd > nameStart, index < count, raw[index] == 0x3D else { return }
            index += 1
            while index < count, XMLScanner.isSpace(raw[index]) { index += 1 }
            guard index < count, raw[index] == 0x22 || raw[index] == 0x27 else { return }
            let quote = raw[index]
            index += 1
            let valueStart = index
            while index < count, raw[index] != quote { index += 1 }
            guard index < count else { return }
            if !prefixed {
                body(
                    UnsafeBufferPointer(rebasing: raw[nameStart..<nameEnd]),
                    UnsafeBufferPointer(rebasing: raw[valueStart..<index]))
            }
            index += 1
        }
    }

    /// Calls `body` with each attribute's full name and raw value until it returns false;
    /// stops quietly at anything that is not `name="value"` or `name='value'`.
    func forEach(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Bool) {
        var index = 0
        let count = raw.count
        while true {
            while index < count, XMLScanner.isSpace(raw[index]) { index += 1 }
            let nameStart = index
            while index < count, raw[index] != 0x3D, !XMLScanner.isSpace(raw[index]) { index += 1 }
            let nameEnd = index
            while index < count, XMLScanner.isSpace(raw[index]) { index += 1 }
            guard nameEnd > nameStart, index < count, raw[index] == 0x3D else { return }
            index += 1
            while index < count, XMLScanner.isSpace(raw[index]) { index += 1 }
            guard index < count, raw[index] == 0x22 || raw[index] == 0x27 else { return }
            let quote = raw[index]
            index += 1
            let valueStart = index
            while index < count, raw[index] != quote { index += 1 }
            guard index < count else { return }
            let name = UnsafeBufferPointer(rebasing: raw[nameStart..<nameEnd])
            let value = UnsafeBufferPointer(rebasing: raw[valueStart..<index])
            index += 1
            if !body(name, value) { return }
        }
    }
}

/// Byte-level helpers for names and values.
enum XMLBytes {
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount
            && (bytes.count == 0 || memcmp(bytes.baseAddress!, literal.utf8Start, bytes.count) == 0)
    }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        guard let base = haystack.baseAddress else { return false }
        let length = needle.utf8CodeUnitCount
        var index = 0
        while index + length <= haystack.count {
            guard let hit = memchr(base + index, Int32(needle.utf8Start[0]), haystack.count - index) else {
                return false
            }
            let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            if at + length > haystack.count { return false }
            if memcmp(base + at, needle.utf8Start, length) == 0 { return true }
            index = at + 1
        }
        return false
    }

    /// A non-negative decimal integer (no sign, at most 18 digits), or nil.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// Appends the character data `raw` to `output` as XML reads it: entities and character
    /// references decoded (unless `cdata`), CR LF and a lone CR read as LF; in attribute
    /// values (`attribute`) tab, CR and LF become spaces.
    static func appendDecoded(
        _ raw: UnsafeBufferPointer<UInt8>, cdata: Bool = false, attribute: Bool = false,
        to output: inout [UInt8]
    ) throws(XLSXProblem) {
        var index = 0
        let count = raw.count
        while index < count {
            let byte = raw[index]
            if byte == 0x0D {
                output.append(attribute ? 0x20 : 0x0A)
                index += 1
                if index < count, raw[index] == 0x0A { index += 1 }
                continue
            }
            if attribute, byte == 0x09 || byte == 0x0A {
                output.append(0x20)
                index += 1
                continue
            }
            guard byte == 0x26, !cdata else {
                output.append(byte)
                index += 1
                continue
            }
            var semicolon = index + 1
            while semicolon < count, semicolon - index <= 12, raw[semicolon] != 0x3B { semicolon += 1 }
            guard semicolon < count, raw[semicolon] == 0x3B else {
                throw XLSXProblem(message: "an '&' that starts no entity")
            }
            let name = UnsafeBufferPointer(rebasing: raw[(index + 1)..<semicolon])
            if equal(name, "lt") {
                output.append(0x3C)
            } else if equal(name, "gt") {
                output.append(0x3E)
            } else if equal(name, "amp") {
                output.append(0x26)
            } else if equal(name, "quot") {
                output.append(0x22)
            } else if equal(name, "apos") {
                output.append(0x27)
            } else if name.count >= 2, name[0] == 0x23 {
                var value: UInt32 = 0
                let hex = name[1] == 0x78
                let digits = name.dropFirst(hex ? 2 : 1)
                guard !digits.isEmpty else { throw XLSXProblem(message: "an empty character reference") }
                for digit in digits {
                    let nibble: UInt32
                    switch digit {
                    case 0x30...0x39: nibble = UInt32(digit - 0x30)
                    case 0x41...0x46 where hex: nibble = UInt32(digit - 0x41 + 10)
                    case 0x61...0x66 where hex: nibble = UInt32(digit - 0x61 + 10)
                    default: throw XLSXProblem(message: "a malformed character reference")
                    }
                    value = min(value * (hex ? 16 : 10) + nibble, 0x110000)
                }
                let scalar = Unicode.Scalar(value).flatMap { $0.value == 0 ? nil : $0 } ?? "\u{FFFD}"
                output.append(contentsOf: String(scalar).utf8)
            } else {
                throw XLSXProblem(message: "an unknown entity '&\(String(decoding: name, as: UTF8.self));'")
            }
            index = semicolon + 1
        }
    }

    /// `raw` decoded as an attribute value, as a String.
    static func attributeString(_ raw: UnsafeBufferPointer<UInt8>) throws(XLSXProblem) -> String {
        var output: [UInt8] = []
        try appendDecoded(raw, attribute: true, to: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
