/// A named answer scale of k ordered points (SPEC §8.1): what each point is called, what an
/// export writes for it, which answers mean "not answered", and which points are favourable.
public struct AnswerScale: Sendable, Equatable {
    /// The name items use in `scale` (`likert` for the built-in scale).
    public var name: String
    /// Per point, its equivalent labels; reports print the first.
    public var labels: [[String]]
    /// Per point, what an export writes for it.
    public var codes: [ScaleCode]
    /// Labels or codes meaning "not answered" on this scale, besides `missing_tokens`.
    public var missing: [String]
    /// The point numbers (1-based, ascending) counted favourable on a non-reverse item.
    public var favourable: [Int]

    public init(
        name: String, labels: [[String]], codes: [ScaleCode]? = nil, missing: [String] = [], favourable: [Int]? = nil
    ) {
        self.name = name
        self.labels = labels
        self.codes = codes ?? (1...max(1, labels.count)).prefix(labels.count).map { .integer($0) }
        self.missing = missing
        self.favourable = favourable ?? Self.defaultFavourable(points: labels.count)
    }

    /// The name of the built-in scale.
    public static let builtInName = "likert"

    /// k, the number of points.
    public var points: Int { labels.count }

    /// The label reports print for point `point` (1-based).
    public func label(_ point: Int) -> String { labels[point - 1].first ?? "" }

    /// The points strictly above the middle, i > (k + 1)/2.
    public static func defaultFavourable(points: Int) -> [Int] {
        (1...max(1, points)).filter { 2 * $0 > points + 1 }
    }

    /// The built-in scale: `likert_labels` with codes 1–5, favourable where the non-reverse
    /// item score is at least `favourable_score` (compared at 6 decimals, as every threshold).
    public static func builtIn(labels: [String], favourableScore: Double) -> AnswerScale {
        let threshold = Rounding.sixDecimals(favourableScore)
        let points = labels.count
        let favourable = (1...max(1, points)).filter { score(point: $0, of: points, reverse: false) >= threshold }
        return AnswerScale(name: builtInName, labels: labels.map { [$0] }, favourable: points >= 2 ? favourable : [])
    }

    /// Point i of k: `100 × (i − 1) / (k − 1)`, reverse `100 × (k − i) / (k − 1)`, in
    /// binary64 with the multiplication first (for k = 5, `(v − 1) × 25` bit for bit).
    public static func score(point: Int, of points: Int, reverse: Bool) -> Double {
        let steps = reverse ? points - point : point - 1
        return Double(100 * steps) / Double(points - 1)
    }

    /// Whether point `point` counts favourable on an item (mirrored on a reverse item).
    public func isFavourable(point: Int, reverse: Bool) -> Bool {
        favourable.contains(reverse ? points + 1 - point : point)
    }

    /// The favourable points as they count for an item, ascending.
    public func favourablePoints(reverse: Bool) -> [Int] {
        (1...max(1, points)).filter { isFavourable(point: $0, reverse: reverse) }
    }
}

/// What an export writes for a point: an integer (matched by value: `04` is 4, `-01` is
/// −1) or a text (matched as a label is).
public enum ScaleCode: Sendable, Equatable, CustomStringConvertible {
    case integer(Int)
    case text(String)

    /// The code as the manifest and data-quality.md print it.
    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .text(let text): return text
        }
    }

    /// The form in which two codes are compared (`4` equals `"4"`).
    var key: String {
        switch self {
        case .integer(let value): return String(value)
        case .text(let text): return TextMatching.key(text)
        }
    }
}

extension Instrument {
    /// The built-in scale `likert` of this instrument.
    public var builtInScale: AnswerScale {
        AnswerScale.builtIn(labels: likertLabels, favourableScore: thresholds.favourableScore)
    }

    /// The scale named `name`: a declared one, or the built-in `likert`.
    public func scale(named name: String) -> AnswerScale? {
        if name == AnswerScale.builtInName { return builtInScale }
        return scales.first { $0.name == name }
    }

    /// The scale a likert item is answered on (the built-in one for knowledge items, which
    /// have none).
    public func scale(of item: Item) -> AnswerScale {
        scale(named: item.scale ?? defaultScale) ?? builtInScale
    }

    /// The scales the likert items use, `default_scale` first (when an item uses it), then
    /// the others in the order items first use them.
    public var scalesInUse: [AnswerScale] {
        var names: [String] = []
        for item in items where !item.isKnowledge {
            let name = item.scale ?? defaultScale
            if !names.contains(name) { names.append(name) }
        }
        if let index = names.firstIndex(of: defaultScale), index > 0 {
            names.remove(at: index)
            names.insert(defaultScale, at: 0)
        }
        return names.compactMap { scale(named: $0) }
    }

    /// Whether the instrument uses §8.1's scales at all (declares one, or moves the default).
    public var declaresScales: Bool { !scales.isEmpty || defaultScale != AnswerScale.builtInName }
}

/// Integer codes as cells write them: an optional `-` and ASCII digits (SPEC §8.1).
enum IntegerCode {
    /// The value of `text` when it is `-?[0-9]+` (any leading zeros), else nil.
    static func value(of text: String) -> Int? {
        var text = text
        return text.withUTF8 { value(of: $0) }
    }

    /// The same on bytes.
    @inline(__always)
    static func value(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let negative = bytes.count > 0 && bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < bytes.count else { return nil }
        var value = 0, significant = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            if value > 0 || byte != 0x30 {
                significant += 1
                if significant > 18 { return nil }
            }
            value = value * 10 + Int(byte - 0x30)
            index += 1
        }
        return negative ? -value : value
    }
}

/// Item scores are kept as exact integers over a common denominator per domain (see
/// `TallyLayout`): the limits that keep them exact.
enum ExactUnits {
    /// The most score units one respondent may hold in a domain: squared and summed over
    /// up to 2^32 rows, they must stay within 64-bit integers.
    static let maximumDomainUnits = 46_340

    /// The least common multiple of k − 1 over scales of `points` points, or nil when it
    /// exceeds `maximumDomainUnits` (1 for none).
    static func commonDenominator(_ points: [Int]) -> Int? {
        var result = 1
        for k in points where k >= 2 {
            func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
            result = result / gcd(result, k - 1) * (k - 1)
            if result > maximumDomainUnits { return nil }
        }
        return result
    }
}
