import XCTest

@testable import ReadinessCore

/// The one rule for text on colour: of dark ink and white, the higher WCAG contrast ratio.
final class TextContrastTests: XCTestCase {
    func testLuminanceAgainstTheWCAGFormula() {
        // Python: def lin(c): v = c / 255; return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        //         0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
        XCTAssertEqual(TextContrast.luminance(0x000000), 0)
        XCTAssertEqual(TextContrast.luminance(0xFFFFFF), 1, accuracy: 1e-12)
        XCTAssertEqual(TextContrast.luminance(0x1A1A1A), 0.010329823029626936, accuracy: 1e-12)
        XCTAssertEqual(TextContrast.luminance(0x0072B2), 0.15248980125973846, accuracy: 1e-12)
    }

    /// The switch sits where both ratios are equal: (L + 0.05)² = 1.05 × (L_ink + 0.05).
    func testTheSwitchIsWhereBothRatiosAreEqual() {
        // Greys just either side of L = 0.1791 (black ink) and L = 0.2017 (#1A1A1A ink):
        // #757575 has L = 0.1779, #767676 has L = 0.1812; #7D7D7D 0.2051, #7B7B7B 0.1981.
        XCTAssertFalse(TextContrast.darkReads(on: 0x757575, dark: 0x000000))
        XCTAssertTrue(TextContrast.darkReads(on: 0x767676, dark: 0x000000))
        XCTAssertFalse(TextContrast.darkReads(on: 0x7B7B7B, dark: 0x1A1A1A))
        XCTAssertTrue(TextContrast.darkReads(on: 0x7D7D7D, dark: 0x1A1A1A))
    }

    /// Every fill the reports use keeps the text colour it had under the former thresholds
    /// (0.179 in workbooks, 0.33 in charts): no label of the sample changes colour.
    func testTheReportsFillsKeepTheirTextColour() {
        for fill: UInt32 in [0xF4A582, 0xFDDBC7, 0xD1E5F0, 0x92C5DE, 0x4393C3, 0x2166AC] {
            let white = TextContrast.luminance(fill) < 0.179
            XCTAssertEqual(LevelFill.fontColour(onFill: fill), white ? 0xFFFFFF : 0x000000, String(fill, radix: 16))
        }
        let chartFills =
            SVGPalette.diverging(points: 5) + SVGPalette.diverging(points: 4) + SVGPalette.sequential(4)
            + ["#6B6B6B", "#0072B2", "#4D4D4D", "#D4D4D4", "#D9D9D9"]
        for fill in chartFills {
            XCTAssertEqual(
                SVGPalette.textColour(on: fill), SVGPalette.luminance(fill) > 0.33 ? SVGPalette.ink : "#FFFFFF", fill)
        }
    }
}
