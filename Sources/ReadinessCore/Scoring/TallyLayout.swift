/// What the tally needs to know about the instrument, computed once per instrument.
///
/// Item scores are kept as exact integers: per domain, in units of 100/L points, where L
/// is the least common multiple of k − 1 over the scales of the domain's likert items
/// (point i of k is (i − 1) · L/(k − 1) units; a knowledge answer 0 or L). A 5-point
/// instrument keeps L = 4, units of 25 points.
public struct TallyLayout: Sendable {
    public let itemCount: Int
    public let domainCount: Int
    public let roleGroups: Int
    /// Answer codes per item: `Answer.none`, the points 1…k of the longest scale, and the
    /// knowledge answers.
    public let codes: Int
    let domainOf: [Int]
    /// Score units per item × code; -1 where the code means not answered.
    let units: [Int32]
    /// Where each item × code is counted in an organisation's block of answer counts; -1 for none.
    let countSlots: [Int32]
    /// Answer counts per organisation: k per likert item, 3 per knowledge item.
    let countsPerOrganisation: Int
    /// Whether each item × code is favourable (or correct).
    let favourable: [Bool]
    /// Points per item (k of its scale; 0 for a knowledge item).
    let points: [Int]
    /// L per domain: item scores are multiples of 100/L.
    let denominators: [Int]
    let knowledge: [Bool]
    let reverse: [Bool]
    /// Items answered for a domain score, per domain.
    let needed: [Int]
    /// Possible answered counts (needed…items) per domain, and where each domain's start.
    let slots: [Int]
    let slotBase: [Int]
    let totalSlots: Int
    /// Likert item indices (instrument order) per domain, and where each domain's
    /// reliability accumulators start (n, Σ total, Σ total², Σ item, Σ item²).
    let likert: [[Int]]
    let reliabilityBase: [Int]
    let reliabilitySize: Int

    static let knowledgeCodes: [UInt8] = [Answer.knowledgeTrue, Answer.knowledgeFalse, Answer.knowledgeDontKnow]

    public init(instrument: Instrument) {
        let items = instrument.items
        itemCount = items.count
        domainCount = instrument.domains.count
        roleGroups = instrument.roles.count + 1
        var domainOf: [Int] = []
        for (index, domain) in instrument.domains.enumerated() {
            domainOf += Array(repeating: index, count: domain.items.count)
        }
        self.domainOf = domainOf
        let scales = items.map { $0.isKnowledge ? nil : instrument.scale(of: $0) }
        points = scales.map { $0?.points ?? 0 }
        codes = max(Int(Answer.knowledgeDontKnow) + 1, (points.max() ?? 0) + 1)
        denominators = instrument.domains.map { domain in
            ExactUnits.commonDenominator(
                domain.items.filter { !$0.isKnowledge }.map { instrument.scale(of: $0).points }) ?? 1
        }
        var units = [Int32](repeating: -1, count: items.count * codes)
        var countSlots = [Int32](repeating: -1, count: items.count * codes)
        var favourable = [Bool](repeating: false, count: items.count * codes)
        var next: Int32 = 0
        for (index, item) in items.enumerated() {
            let denominator = denominators[domainOf[index]]
            switch item.kind {
            case .likert(let reverse):
                let scale = scales[index]!
                let k = scale.points
                for point in 1...max(1, k) where k >= 2 {
                    let steps = reverse ? k - point : point - 1
                    units[index * codes + point] = Int32(steps * (denominator / (k - 1)))
                    countSlots[index * codes + point] = next
                    favourable[index * codes + point] = scale.isFavourable(point: point, reverse: reverse)
                    next += 1
                }
            case .knowledge(let key):
                for code in Self.knowledgeCodes {
                    let correct = code != Answer.knowledgeDontKnow && (code == Answer.knowledgeTrue) == key
                    units[index * codes + Int(code)] = correct ? Int32(denominator) : 0
                    countSlots[index * codes + Int(code)] = next
                    favourable[index * codes + Int(code)] = correct
                    next += 1
                }
            }
        }
        self.units = units
        self.countSlots = countSlots
        self.favourable = favourable
        countsPerOrganisation = Int(next)
        knowledge = items.map(\.isKnowledge)
        reverse = items.map(\.isReverse)
        needed = instrument.domains.map { instrument.thresholds.minimumAnswered(outOf: $0.items.count) }
        slots = zip(instrument.domains, needed).map { max(0, $0.items.count - $1 + 1) }
        var base = 0, bases: [Int] = []
        for count in slots {
            bases.append(base)
            base += count
        }
        slotBase = bases
        totalSlots = base
        var first = 0
        var likert: [[Int]] = []
        for domain in instrument.domains {
            likert.append(domain.items.indices.filter { !domain.items[$0].isKnowledge }.map { first + $0 })
            first += domain.items.count
        }
        self.likert = likert
        var reliability = 0, reliabilityBase: [Int] = []
        for items in likert {
            reliabilityBase.append(reliability)
            reliability += 3 + 2 * items.count
        }
        self.reliabilityBase = reliabilityBase
        reliabilitySize = reliability
    }

    /// The units of an answer code to an item, nil when not answered.
    func units(item: Int, code: Int) -> Int? {
        guard code >= 0, code < codes else { return nil }
        let value = units[item * codes + code]
        return value < 0 ? nil : Int(value)
    }
}
