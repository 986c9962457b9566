import XCTest

@testable import ReadinessCore

final class TextDecodingTests: XCTestCase {
    func testEncodings() {
        let text = "id,name\n1,Café ’x’\n"
        let utf8 = Array(text.utf8)
        XCTAssertEqual(TextDecoding.utf8(from: utf8).encoding, .utf8)
        XCTAssertEqual(TextDecoding.utf8(from: utf8).bytes, utf8)

        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + utf8
        XCTAssertEqual(TextDecoding.utf8(from: bom).bytes, utf8)
        XCTAssertEqual(TextDecoding.utf8(from: bom).encoding, .utf8BOM)

        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        XCTAssertEqual(TextDecoding.utf8(from: le).bytes, utf8)
        XCTAssertEqual(TextDecoding.utf8(from: le).encoding, .utf16LE)

        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        XCTAssertEqual(TextDecoding.utf8(from: be).bytes, utf8)
        XCTAssertEqual(TextDecoding.utf8(from: be).encoding, .utf16BE)
    }

    func testWindows1252WholeFile() {
        // "Caf\xE9 \x92x\x92 \x81" : é, U+2019, and an undefined byte kept as U+0081.
        let bytes: [UInt8] = Array("Caf".utf8) + [0xE9, 0x20, 0x92, 0x78, 0x92, 0x20, 0x81, 0x80]
        let decoded = TextDecoding.utf8(from: bytes)
        XCTAssertEqual(decoded.encoding, .windows1252)
        XCTAssertEqual(String(decoding: decoded.bytes, as: UTF8.self), "Café ’x’ \u{81}€")
    }

    func testValidUTF8IsNotWindows1252() {
        XCTAssertEqual(TextDecoding.utf8(from: Array("é’".utf8)).encoding, .utf8)
        // A lone continuation byte makes the whole file Windows-1252.
        XCTAssertEqual(TextDecoding.utf8(from: Array("é".utf8) + [0x80]).encoding, .windows1252)
    }
}

final class UTF8ValidationTests: XCTestCase {
    /// Every case agrees with Python's strict decoder (`bytes(b).decode("utf-8")` raising or not).
    func testStrictValidation() {
        let cases: [([UInt8], Bool)] = [
            ([], true), (Array("plain ascii text longer than eight".utf8), true), (Array("é’€😀".utf8), true),
            ([0xC0, 0x80], false), ([0xC1, 0xBF], false),  // overlong two-byte forms
            ([0xE0, 0x80, 0x80], false), ([0xE0, 0xA0, 0x80], true),  // overlong and shortest three-byte
            ([0xED, 0xA0, 0x80], false),  // a surrogate
            ([0xF0, 0x8F, 0xBF, 0xBF], false), ([0xF0, 0x90, 0x80, 0x80], true),
            ([0xF4, 0x90, 0x80, 0x80], false), ([0xF5, 0x80, 0x80, 0x80], false),  // above U+10FFFF
            ([0x80], false), ([0xBF], false),  // lone continuation bytes
            ([0xE2, 0x82], false), (Array("abcdefgh".utf8) + [0xE2, 0x82], false),  // truncated at the end
            ([0xE2, 0x28, 0xA1], false), ([0xFF], false), ([0xFE], false),
        ]
        for (bytes, valid) in cases {
            XCTAssertEqual(TextDecoding.isValidUTF8(bytes), valid, "\(bytes)")
            XCTAssertEqual(TextDecoding.isValidUTF8(bytes), String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
        }
    }
}

final class PythonCompatibilityTests: XCTestCase {
    /// Python: `'ΟΥΔΈΤΕΡΟΣ'.lower()` = 'ουδέτερος', `'Σ'.lower()` = 'σ', `'ΑΣ Β'.lower()` = 'ας β',
    /// `'ΑΣΑ'.lower()` = 'ασα'.
    func testFinalSigmaAsPythonLowers() {
        XCTAssertEqual(TextMatching.key("ΟΥΔΈΤΕΡΟΣ"), "ουδέτερος")
        XCTAssertEqual(TextMatching.key("Σ"), "σ")
        XCTAssertEqual(TextMatching.key("ΑΣ Β"), "ας β")
        XCTAssertEqual(TextMatching.key("ΑΣΑ"), "ασα")
        XCTAssertEqual(TextMatching.key("  Strongly AGREE "), "strongly agree")
    }

    /// Python: `(b'\xff\xfe' + 'a,b\n'.encode('utf-16-le') + b'A').decode('utf-16', errors='replace')` = 'a,b\n\ufffd'.
    func testOddLengthUTF16EndsInAReplacementCharacter() {
        let bytes: [UInt8] =
            [0xFF, 0xFE] + Array("a,b\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0x41]
        XCTAssertEqual(String(decoding: TextDecoding.utf8(from: bytes).bytes, as: UTF8.self), "a,b\n\u{FFFD}")
    }
}

final class TruncatedSurrogateTests: XCTestCase {
    /// Python: `(b'\xff\xfe' + 'a,b\n'.encode('utf-16-le') + b'\x00\xd8\x41').decode('utf-16', errors='replace')`
    /// = 'a,b\n\ufffd'.
    func testHighSurrogateBeforeADanglingByteIsOneReplacement() {
        let bytes: [UInt8] =
            [0xFF, 0xFE] + Array("a,b\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0x00, 0xD8, 0x41]
        XCTAssertEqual(String(decoding: TextDecoding.utf8(from: bytes).bytes, as: UTF8.self), "a,b\n\u{FFFD}")
    }

    /// The direct transcoders give what decoding through Swift's String gives: random UTF-16
    /// with stray surrogates (odd lengths too), and every Windows-1252 byte.
    func testDirectTranscodersMatchStringDecoding() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                let unit: UInt16 =
                    switch Int.random(in: 0..<6, using: &generator) {
                    case 0: UInt16.random(in: 0xD800...0xDBFF, using: &generator)
                    case 1: UInt16.random(in: 0xDC00...0xDFFF, using: &generator)
                    case 2: UInt16.random(in: 0...0x7F, using: &generator)
                    default: UInt16.random(in: 0...0xFFFF, using: &generator)
                    }
                bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            }
            if Bool.random(using: &generator) { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
            for bigEndian in [false, true] {
                // The reference: units through String, a dangling byte as one U+FFFD after
                // dropping a high surrogate it cut off.
                var units: [UInt16] = []
                var index = 0
                while index + 1 < bytes.count {
                    let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
                    units.append(bigEndian ? first << 8 | second : second << 8 | first)
                    index += 2
                }
                if bytes.count % 2 == 1 {
                    if let last = units.last, (0xD800...0xDBFF).contains(last) { units.removeLast() }
                    units.append(0xFFFD)
                }
                let expected = Array(String(decoding: units, as: UTF16.self).utf8)
                XCTAssertEqual(TextDecoding.fromUTF16(bytes[...], bigEndian: bigEndian), expected, "\(bytes)")
            }
        }
        let all = (0...255).map(UInt8.init)
        let scalars = all.map { byte in
            Unicode.Scalar(
                (0x80...0x9F).contains(byte) ? TextDecoding.windows1252High[Int(byte - 0x80)] : UInt32(byte))!
        }
        XCTAssertEqual(TextDecoding.fromWindows1252(all), Array(String(String.UnicodeScalarView(scalars)).utf8))
    }
}
