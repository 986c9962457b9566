import Foundation

/// An SVG 1.1 document built element by element, with attributes in the order given.
///
/// Text passed to `text` must already be sanitised and fitted (`SVGText`); this type
/// escapes it, and every attribute value, on the way out.
struct SVGDocument {
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

    let width: Double
    var height: Double
    private var body: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    enum Anchor: String {
        case start, middle, end
    }

    mutating func element(_ name: String, _ attributes: [(String, String)]) {
        body.append("<\(name)\(Self.attributes(attributes))/>")
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String,
        extra: [(String, String)] = []
    ) {
        element(
            "rect",
            [
                ("x", SVGNumber.coordinate(x)), ("y", SVGNumber.coordinate(y)),
                ("width", SVGNumber.coordinate(max(0, width))), ("height", SVGNumber.coordinate(max(0, height))),
                ("fill", fill),
            ] + extra)
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
        extra: [(String, String)] = []
    ) {
        element(
            "line",
            [
                ("x1", SVGNumber.coordinate(x1)), ("y1", SVGNumber.coordinate(y1)),
                ("x2", SVGNumber.coordinate(x2)), ("y2", SVGNumber.coordinate(y2)),
                ("stroke", stroke), ("stroke-width", SVGNumber.coordinate(width)),
            ] + extra)
    }

    mutating func circle(
        cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil,
        strokeWidth: Double = 1, extra: [(String, String)] = []
    ) {
        var attributes = [
            ("cx", SVGNumber.coordinate(cx)), ("cy", SVGNumber.coordinate(cy)),
            ("r", SVGNumber.coordinate(r)), ("fill", fill),
        ]
        if let stroke {
            attributes += [("stroke", stroke), ("stroke-width", SVGNumber.coordinate(strokeWidth))]
        }
        element("circle", attributes + extra)
    }

    mutating func text(
        _ content: String, x: Double, y: Double, size: Double, fill: String = SVGPalette.ink,
        anchor: Anchor = .start, bold: Bool = false, italic: Bool = false,
        extra: [(String, String)] = []
    ) {
        guard !content.isEmpty else { return }
        var attributes = [
            ("x", SVGNumber.coordinate(x)), ("y", SVGNumber.coordinate(y)),
            ("font-size", SVGNumber.coordinate(size)), ("fill", fill),
        ]
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        if bold { attributes.append(("font-weight", "bold")) }
        if italic { attributes.append(("font-style", "italic")) }
        body.append("<text\(Self.attributes(attributes + extra))>\(SVGText.escaped(content))</text>")
    }

    /// Opens a group; pair with `close()`.
    mutating func open(_ attributes: [(String, String)]) {
        body.append("<g\(Self.attributes(attributes))>")
    }

    mutating func close() {
        body.append("</g>")
    }

    /// The whole file: declaration, root with `role="img"`, then `<title>` and `<desc>` as
    /// the first children, a white background, and the body.
    func rendered(kind: String, title: String, description: String) -> String {
        let titleText = SVGText.sanitised(title).isEmpty ? "Chart" : SVGText.sanitised(title)
        let descriptionText = SVGText.sanitised(description)
        let id = "\(kind)-\(SVGText.stableID(kind + "\u{1F}" + titleText + "\u{1F}" + descriptionText))"
        let w = SVGNumber.coordinate(width)
        let h = SVGNumber.coordinate(height)
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(w)\" height=\"\(h)\" "
                + "viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" "
                + "font-family=\"\(SVGText.escaped(Self.fontFamily))\" font-size=\"12\">",
            "<title id=\"\(id)-title\">\(SVGText.escaped(titleText))</title>",
            "<desc id=\"\(id)-desc\">\(SVGText.escaped(descriptionText))</desc>",
            "<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#FFFFFF\"/>",
        ]
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func attributes(_ pairs: [(String, String)]) -> String {
        var text = ""
        for (name, value) in pairs {
            text += " "
            text += name
            text += "=\""
            text += SVGText.escaped(value)
            text += "\""
        }
        return text
    }
}

/// Colours: Okabe–Ito for marks, ColorBrewer ramps for ordered and diverging categories.
enum SVGPalette {
    static let ink = "#1A1A1A"
    static let secondaryInk = "#4D4D4D"
    static let mutedInk = "#6B6B6B"
    static let grid = "#DCDCDC"
    static let axis = "#8C8C8C"
    /// Okabe–Ito blue.
    static let score = "#0072B2"
    /// A pale grey band reads behind a blue bar in colour and in greyscale.
    static let benchmarkBand = "#D4D4D4"
    /// Okabe–Ito sky blue, lightened, for the national interquartile band.
    static let rangeBand = "#B9DDF3"

    /// ColorBrewer RdBu (5 classes) with a neutral grey dark enough to see on white.
    static let likert = ["#CA0020", "#F4A582", "#D9D9D9", "#92C5DE", "#0571B0"]

    /// ColorBrewer RdBu for 2 to 11 points (the neutral middle grey, as `likert`, so that
    /// it shows on white); longer scales sample the 11-point ramp.
    static func diverging(points: Int) -> [String] {
        let ramps: [Int: [String]] = [
            2: ["#CA0020", "#0571B0"],
            3: ["#EF8A62", "#D9D9D9", "#67A9CF"],
            4: ["#CA0020", "#F4A582", "#92C5DE", "#0571B0"],
            5: likert,
            6: ["#B2182B", "#EF8A62", "#FDDBC7", "#D1E5F0", "#67A9CF", "#2166AC"],
            7: ["#B2182B", "#EF8A62", "#FDDBC7", "#D9D9D9", "#D1E5F0", "#67A9CF", "#2166AC"],
            8: ["#B2182B", "#D6604D", "#F4A582", "#FDDBC7", "#D1E5F0", "#92C5DE", "#4393C3", "#2166AC"],
            9: ["#B2182B", "#D6604D", "#F4A582", "#FDDBC7", "#D9D9D9", "#D1E5F0", "#92C5DE", "#4393C3", "#2166AC"],
            10: [
                "#67001F", "#B2182B", "#D6604D", "#F4A582", "#FDDBC7", "#D1E5F0", "#92C5DE", "#4393C3", "#2166AC",
                "#053061",
            ],
            11: [
                "#67001F", "#B2182B", "#D6604D", "#F4A582", "#FDDBC7", "#D9D9D9", "#D1E5F0", "#92C5DE", "#4393C3",
                "#2166AC",
                "#053061",
            ],
        ]
        if let ramp = ramps[points] { return ramp }
        let stops = ramps[11]!.map { hex -> (Double, Double, Double) in
            let value = Int(hex.dropFirst(), radix: 16)!
            return (Double(value >> 16), Double((value >> 8) & 0xFF), Double(value & 0xFF))
        }
        return (0..<max(1, points)).map { point in
            if points % 2 == 1, point == points / 2 { return "#D9D9D9" }
            let position = Double(point) / Double(max(1, points - 1)) * 10
            let low = min(9, Int(position)), fraction = position - Double(low)
            let (a, b) = (stops[low], stops[low + 1])
            func channel(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * fraction).rounded()) }
            let rgb = [channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2)]
            return "#"
                + rgb.map { value in
                    let hex = String(value, radix: 16, uppercase: true)
                    return hex.count == 1 ? "0" + hex : hex
                }.joined()
        }
    }

    /// ColorBrewer Blues, 9 classes, light to dark.
    private static let blues: [(Double, Double, Double)] = [
        (0xF7, 0xFB, 0xFF), (0xDE, 0xEB, 0xF7), (0xC6, 0xDB, 0xEF), (0x9E, 0xCA, 0xE1), (0x6B, 0xAE, 0xD6),
        (0x42, 0x92, 0xC6), (0x21, 0x71, 0xB5), (0x08, 0x51, 0x9C), (0x08, 0x30, 0x6B),
    ]

    /// `count` ordered colours from the Blues ramp, skipping its near-white end so the
    /// lowest level still shows on white paper.
    static func sequential(_ count: Int) -> [String] {
        guard count > 0 else { return [] }
        let low = 2.0, high = 8.0
        return (0..<count).map { index in
            let position = count == 1 ? 6.0 : low + (high - low) * Double(index) / Double(count - 1)
            let lower = Int(position.rounded(.down))
            let upper = min(lower + 1, blues.count - 1)
            let fraction = position - Double(lower)
            func mix(_ a: Double, _ b: Double) -> Double { a + (b - a) * fraction }
            let (r0, g0, b0) = blues[lower], (r1, g1, b1) = blues[upper]
            return hex(mix(r0, r1), mix(g0, g1), mix(b0, b1))
        }
    }

    /// Ink on light fills, white on dark ones (`TextContrast`).
    static func textColour(on fill: String) -> String {
        TextContrast.darkReads(on: rgb(fill), dark: rgb(ink)) ? ink : "#FFFFFF"
    }

    /// WCAG 2 relative luminance of a `#RRGGBB` colour.
    static func luminance(_ fill: String) -> Double {
        TextContrast.luminance(rgb(fill))
    }

    /// The 24-bit value of a `#RRGGBB` colour; white for any other text.
    private static func rgb(_ colour: String) -> UInt32 {
        guard colour.utf8.count == 7, colour.hasPrefix("#"), let value = UInt32(colour.dropFirst(), radix: 16)
        else { return 0xFFFFFF }
        return value
    }

    private static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        func byte(_ value: Double) -> String {
            let clamped = Int(max(0, min(255, value.rounded())))
            let text = String(clamped, radix: 16, uppercase: true)
            return text.count == 1 ? "0" + text : text
        }
        return "#" + byte(r) + byte(g) + byte(b)
    }
}
