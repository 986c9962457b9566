import Foundation
import XCTest

@testable import ReadinessCore

#if canImport(Glibc)
    import Glibc
#endif

/// `Rounding.fixed6` prints with integer arithmetic; the C library's `%.6f` is the reference.
final class RoundingTests: XCTestCase {
    private func reference(_ x: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let written = withVaList([x]) { vsnprintf(&buffer, buffer.count, "%.6f", $0) }
        let text = String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text == "-0.000000" ? "0.000000" : text
    }

    private func check(_ x: Double, file: StaticString = #filePath, line: UInt = #line) {
        let expected = reference(x)
        XCTAssertEqual(
            Rounding.fixed6(x), expected, "\(x) (bits \(String(x.bitPattern, radix: 16)))", file: file, line: line)
        XCTAssertEqual(
            Rounding.sixDecimals(x).bitPattern, (Double(expected) ?? x).bitPattern, "sixDecimals(\(x))",
            file: file, line: line)
    }

    /// Exact binary ties (n + ½ micro-units) go to the even neighbour, as printf does.
    func testTiesGoToEven() {
        XCTAssertEqual(Rounding.fixed6(0.0078125), "0.007812")
        XCTAssertEqual(Rounding.fixed6(0.0234375), "0.023438")
        XCTAssertEqual(Rounding.fixed6(-0.0078125), "-0.007812")
        // x × 10^6 = n + ½ exactly only for x = odd / 2^7; other powers of two land elsewhere.
        for numerator in stride(from: 1, through: 200_001, by: 2) {
            check(Double(numerator) / 128)
            check(-Double(numerator) / 128)
        }
        for k in 0...80 {
            check(Double(3) / Double(sign: .plus, exponent: k, significand: 1))
        }
    }

    func testEdgesAndSpecialValues() {
        let values: [Double] = [
            0, -0.0, 1, -1, 0.5, 1e-7, -1e-7, 4.9999995e-7, 5e-7, 5.000001e-7, 1e-6, 0.0000015, 0.0000025,
            .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, 2.2250738585072014e-308,
            999_999.9999995, 999_999_999_999.9999, 1e12, -1e12, 1e12.nextDown, 1e12.nextUp, 1e15, 1e20, -1e20,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 4.999999999999993, 39.99999999999999, 100, 99.9999995,
            Double(1 << 53), Double(1 << 53) / 1e6, 8e-6, 7.999999e-6, 2.0.squareRoot(),
        ]
        for value in values {
            check(value)
            check(value.nextUp)
            check(value.nextDown)
        }
        XCTAssertEqual(Rounding.fixed6(.infinity), reference(.infinity))
        XCTAssertEqual(Rounding.fixed6(-.infinity), reference(-.infinity))
        XCTAssertEqual(Rounding.fixed6(.nan), reference(.nan))
        XCTAssertTrue(Rounding.sixDecimals(.nan).isNaN)
    }

    /// Random values of every magnitude, and random values a few ulps from a half micro-unit.
    func testRandomValuesMatchPrintf() {
        var generator = SplitMix64(seed: 0x5EED_CAFE)
        for _ in 0..<100_000 {
            let bits = generator.next()
            let x = Double(bitPattern: bits)
            guard x.isFinite else { continue }
            check(x)
        }
        for _ in 0..<100_000 {
            let magnitude = Double(generator.next() % 1_000_000_000_000) / 1e6
            check(magnitude * (generator.next() & 1 == 0 ? 1 : -1))
        }
        for _ in 0..<100_000 {
            let scale = [1.0, 100.0, 1e6, 1e9][Int(generator.next() % 4)]
            let half = (Double(generator.next() % 1_000_000_000) * scale).rounded() / 1e6 / scale + 0.0000005
            var x = half
            for _ in 0..<Int(generator.next() % 4) { x = generator.next() & 1 == 0 ? x.nextUp : x.nextDown }
            check(x)
        }
    }

    /// `printf(_:decimals:)` writes what Foundation's `String(format: "%.Nf")` wrote.
    func testPrintfMatchesStringFormat() {
        var generator = SplitMix64(seed: 42)
        var values: [Double] = [
            0, -0.0, 0.05, 0.15, 0.25, -0.04, -0.05, 0.0005, 0.0015, 99.95, 1e12, -1e13, .nan, .infinity,
        ]
        for _ in 0..<30_000 {
            values.append(Double(generator.next() % 20_000_000) / 1000 - 10_000)
            values.append((Double(generator.next() % 2_000_001) / 2 - 500_000) / 1000)  // exact and near ties
            values.append(Double(bitPattern: generator.next() >> 2))
        }
        for value in values {
            for decimals in 0...6 {
                XCTAssertEqual(
                    Rounding.printf(value, decimals: decimals), String(format: "%.\(decimals)f", value),
                    "\(value) with \(decimals) decimals")
            }
        }
    }

    func testAppendMatchesString() {
        for value in [0.0, -2.5, 123.456789, 1e-9, 1e13, .nan] {
            var bytes: [UInt8] = Array("x,".utf8)
            Rounding.appendFixed6(value, to: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "x," + Rounding.fixed6(value))
        }
        for value in [0, 7, 10, -10, 99, Int.max, Int.min, 1_000_000] {
            var bytes: [UInt8] = []
            Rounding.appendDecimal(value, to: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), String(value))
        }
    }
}
