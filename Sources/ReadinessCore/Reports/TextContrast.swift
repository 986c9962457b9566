import Foundation

/// The one rule for text on a coloured fill, used by the SVG charts and the workbooks: of the
/// report's dark ink and white, the one with the higher WCAG 2 contrast ratio against the fill.
enum TextContrast {
    /// True when `dark` text reads better than white text on `fill` (24-bit RGB each); on a
    /// tie, dark.
    ///
    /// Contrast ratio is (L1 + 0.05) / (L2 + 0.05) with L1 the lighter relative luminance.
    /// With black ink the two ratios are equal at L ≈ 0.179; with the charts' #1A1A1A at
    /// L ≈ 0.202.
    static func darkReads(on fill: UInt32, dark: UInt32) -> Bool {
        let background = luminance(fill), ink = luminance(dark)
        let onDark = (background + 0.05) / (ink + 0.05), onWhite = 1.05 / (background + 0.05)
        return onDark >= onWhite
    }

    /// WCAG 2 relative luminance of a 24-bit RGB colour: 0 for black, 1 for white.
    static func luminance(_ rgb: UInt32) -> Double {
        func linear(_ channel: UInt32) -> Double {
            let value = Double(channel & 0xFF) / 255
            return value <= 0.039_28 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(rgb >> 16) + 0.7152 * linear(rgb >> 8) + 0.0722 * linear(rgb)
    }
}
