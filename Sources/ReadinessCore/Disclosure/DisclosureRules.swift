/// The thresholds of disclosure control, read from the instrument in this one place, and
/// the decisions made with them (SPEC §4.1, §4.6).
public struct DisclosureRules: Sendable, Equatable {
    /// N: respondents a figure needs (`min_respondents`).
    let respondents: Int
    /// k: organisations a national figure needs (`min_organisations`).
    let organisations: Int
    /// The largest share of a figure's respondents one organisation may supply
    /// (`max_organisation_share`), rounded to 6 decimals as every comparison is (§7).
    let share: Double

    /// The group small sectors are merged into (SPEC §4.3).
    public static let otherSectors = "Other sectors"

    public init(_ thresholds: Thresholds) {
        respondents = thresholds.minRespondents
        organisations = thresholds.minOrganisations
        share = Rounding.sixDecimals(thresholds.maxOrganisationShare)
    }

    /// An organisation's domain score is published with at least N respondents (§4.1).
    public func organisationScore(respondents n: Int) -> Suppression? {
        n >= respondents ? nil : .fewerRespondents(respondents)
    }

    /// A figure of a partner file resting on `n` of its respondents (§4.6.5).
    public func partnerFigure(respondents n: Int) -> Suppression? {
        n >= respondents ? nil : .fewerRespondents(respondents)
    }

    /// Whether a group of `count` organisations is large enough to be shown as a group:
    /// a benchmark group, a sector (§3.8, §4.3).
    public func isGroup(organisations count: Int) -> Bool { count >= organisations }

    /// A national figure (§4.6.1, §4.6.2): N respondents when over respondents, k
    /// organisations, and no organisation supplying more than the allowed share.
    public func decide(_ base: FigureBase) -> Suppression? {
        if let total = base.respondents, total < respondents { return .fewerRespondents(respondents) }
        if base.organisations < organisations { return .fewerOrganisations(organisations) }
        if let total = base.respondents, total > 0,
            Rounding.sixDecimals(Double(base.largest) / Double(total)) > share
        {
            return .dominated
        }
        return nil
    }

    /// Cells of one breakdown column to hide: those `primary` hides, then, while what the
    /// hidden cells add up to (the total less the cells shown) would itself be hidden, the
    /// shown cell with the fewest respondents (ties: the later), so that no hidden cell can
    /// be recovered by subtraction from the total (§4.3, §4.6).
    ///
    /// `cells[i]` holds cell i's respondents per organisation, all indexed alike.
    public func complementary(_ cells: [[Int]], primary: Set<Int>) -> Set<Int> {
        var hidden = primary
        while !hidden.isEmpty, hidden.count < cells.count {
            var union = [Int](repeating: 0, count: cells.first?.count ?? 0)
            for cell in hidden { for (index, count) in cells[cell].enumerated() { union[index] += count } }
            guard decide(FigureBase(perOrganisation: union)) != nil else { break }
            let shown = cells.indices.filter { !hidden.contains($0) }
            let total = { (cell: Int) in cells[cell].reduce(0, +) }
            guard let next = shown.min(by: { total($0) != total($1) ? total($0) < total($1) : $0 > $1 }) else { break }
            hidden.insert(next)
        }
        return hidden
    }

    /// A group of sectors reported together.
    public struct SectorGroup: Sendable, Equatable {
        public var name: String
        public var sectors: [String]
        public var organisations: Int
        public var suppression: Suppression?
    }

    /// Sectors with at least k organisations stand alone; the rest merge into "Other
    /// sectors", hidden when still too small.
    ///
    /// Then, while the hidden groups hold between 1 and k − 1 organisations, the shown
    /// group with the fewest (ties: the later) is hidden too, so that the national row less
    /// the shown groups never rests on too few (§4.6.4).
    /// `counts` holds each sector's organisations, sectors in code-point order.
    public func sectorGroups(_ counts: [(sector: String, count: Int)]) -> [SectorGroup] {
        var groups: [SectorGroup] = []
        var other = SectorGroup(name: Self.otherSectors, sectors: [], organisations: 0, suppression: nil)
        for (sector, count) in counts {
            if isGroup(organisations: count) {
                groups.append(SectorGroup(name: sector, sectors: [sector], organisations: count, suppression: nil))
            } else {
                other.sectors.append(sector)
                other.organisations += count
            }
        }
        if !other.sectors.isEmpty {
            if !isGroup(organisations: other.organisations) { other.suppression = .fewerOrganisations(organisations) }
            groups.append(other)
        }
        while true {
            let hidden = groups.filter { $0.suppression != nil }.reduce(0) { $0 + $1.organisations }
            guard hidden >= 1, !isGroup(organisations: hidden) else { break }
            let shown = groups.indices.filter { groups[$0].suppression == nil }
            guard
                let smallest = shown.min(by: { a, b in
                    groups[a].organisations != groups[b].organisations
                        ? groups[a].organisations < groups[b].organisations : a > b
                })
            else { break }
            groups[smallest].suppression = .complementary
        }
        return groups
    }

    /// The national report gives counts only when fewer than k organisations have a scored
    /// respondent (§4.6.3).
    public func nationalFiguresPublishable(organisationsTakingPart count: Int) -> Bool { count >= organisations }

    /// The thresholds of disclosure control as a reader needs them, in sentences.
    public var wording: DisclosureWording { DisclosureWording(rules: self) }
}

/// What a figure rests on: the organisations it pools and, for a figure computed over
/// respondents, their number and the largest number one organisation supplies.
public struct FigureBase: Sendable, Equatable {
    public var organisations: Int
    /// nil for a figure over organisation scores (each organisation counts once).
    public var respondents: Int?
    /// Respondents of the organisation that supplies the most.
    public var largest: Int

    /// A figure over organisation scores: no respondent rule, no dominance.
    public init(organisations: Int) {
        self.organisations = organisations
        respondents = nil
        largest = 0
    }

    /// A figure over respondents, given each organisation's respondents (zeros are
    /// organisations that do not contribute).
    public init(perOrganisation counts: [Int]) {
        organisations = counts.filter { $0 > 0 }.count
        respondents = counts.reduce(0, +)
        largest = counts.max() ?? 0
    }
}

/// Why a figure is not shown, and what a report prints in its place.
public enum Suppression: Sendable, Equatable, Hashable {
    /// Rests on fewer than N respondents: `<N`.
    case fewerRespondents(Int)
    /// Rests on fewer than k organisations: `<k organisations`.
    case fewerOrganisations(Int)
    /// One organisation supplies more than the allowed share of its respondents.
    case dominated
    /// Hidden so that another hidden figure cannot be recovered by subtraction.
    case complementary
    /// An organisation's overall readiness needs every domain published.
    case notEveryDomainPublished
    /// Too few organisations take part for any national figure (§4.6.3).
    case tooFewOrganisationsTakingPart(Int)
    /// A national change whose cohort differs from a wave's published organisations by
    /// fewer than k organisations on one side only (§9.9 rule 3).
    case withheld(Int)

    /// What a table cell prints.
    public var label: String {
        switch self {
        case .fewerRespondents(let n): return "<\(n)"
        case .fewerOrganisations(let k), .tooFewOrganisationsTakingPart(let k): return "<\(k) organisations"
        case .dominated: return "dominated by one organisation"
        case .complementary: return "hidden"
        case .notEveryDomainPublished: return "not scored"
        case .withheld(let k): return "withheld: would reveal the scores of fewer than \(k) organisations"
        }
    }

    /// What a cell of a journey table prints: `<10 respondents` for a score resting on too
    /// few respondents, else `label`.
    public var longLabel: String {
        if case .fewerRespondents(let n) = self { return "<\(n) respondents" }
        return label
    }

    /// The reason in words.
    public var reason: String {
        switch self {
        case .fewerRespondents(let n): return "fewer than \(n) respondents"
        case .fewerOrganisations(let k): return "fewer than \(k) organisations"
        case .tooFewOrganisationsTakingPart(let k): return "fewer than \(k) organisations take part"
        case .dominated: return "dominated by one organisation"
        case .complementary: return "hidden so that another hidden figure cannot be worked out"
        case .notEveryDomainPublished: return "not every domain is published"
        case .withheld(let k): return "withheld: would reveal the scores of fewer than \(k) organisations"
        }
    }
}

/// A figure as a view holds it: its value, or why it is not shown.
public enum Published<Value: Sendable>: Sendable {
    case shown(Value)
    case hidden(Suppression)

    public var value: Value? {
        if case .shown(let value) = self { return value }
        return nil
    }

    public var suppression: Suppression? {
        if case .hidden(let suppression) = self { return suppression }
        return nil
    }

    /// The value when `suppression` is nil, else the suppression.
    init(_ value: Value, unless suppression: Suppression?) {
        self = suppression.map(Published.hidden) ?? .shown(value)
    }
}

extension Published: Equatable where Value: Equatable {}

/// The rules of disclosure control in the sentences the reports print.
public struct DisclosureWording: Sendable, Equatable {
    let rules: DisclosureRules

    /// "10 respondents".
    public var respondents: String { "\(rules.respondents) respondents" }
    /// "5 organisations".
    public var organisations: String { "\(rules.organisations) organisations" }
    /// "50%".
    public var share: String {
        Rounding.printf(rules.share * 100, decimals: rules.share * 100 == (rules.share * 100).rounded() ? 0 : 1) + "%"
    }
    /// What a cell resting on too few respondents prints, e.g.
    ///
    /// `<10`.
    public var fewRespondentsLabel: String { Suppression.fewerRespondents(rules.respondents).label }
    /// What a figure resting on too few organisations prints, e.g.
    ///
    /// `<5 organisations`.
    public var fewOrganisationsLabel: String { Suppression.fewerOrganisations(rules.organisations).label }

    /// The partner report's rule, in one sentence.
    public var partnerRule: String {
        "A figure is shown only when at least \(rules.respondents) of your respondents contribute to it."
    }

    /// The national report's rules, in one paragraph.
    public var nationalRule: String {
        "Every figure rests on at least \(organisations), and a figure computed over respondents also on at "
            + "least \(respondents), no single organisation supplying more than \(share) of them. Smaller figures show "
            + "\(fewOrganisationsLabel), \(fewRespondentsLabel) or "
            + "\"dominated by one organisation\"; where a reader could "
            + "work out a hidden figure from a total, another figure is hidden too."
    }

    /// The methodology line on disclosure.
    public var method: String {
        "organisation scores need \(respondents); national figures need \(organisations) and, over respondents, "
            + "\(respondents) with no organisation supplying more than \(share) of them"
    }

    /// The sector rule.
    public var sectorRule: String {
        "A sector with fewer than \(rules.organisations) such organisations "
            + "is merged into \"\(DisclosureRules.otherSectors)\", which is "
            + "hidden when still too small; when hidden groups hold fewer than \(organisations), the smallest "
            + "shown group is hidden too, so that national counts "
            + "less the shown sectors never reveal a few organisations."
    }

    /// The benchmark rule for partners.
    public var benchmarkRule: String {
        "The benchmark group is your sector, or all organisations when "
            + "your sector has fewer than \(rules.organisations) published "
            + "organisations; it shows no single organisation's score."
    }

    /// The counts-only national report's sentence (§4.6.3).
    public var countsOnly: String {
        "Fewer than \(organisations) have a scored respondent this wave, so no figure can be published: "
            + "every figure would rest on too few organisations to keep each one's results private."
    }
}
