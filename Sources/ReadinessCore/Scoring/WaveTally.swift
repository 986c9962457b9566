import CShims

/// What data-quality.md counts about a scored row besides its answers (SPEC §8.8).
public struct RowNotes: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The organisation was given by name or alias, not by id.
    public static let organisationByName = RowNotes(rawValue: 1)
    /// submitted_at named a time zone the reader does not know (read as UTC).
    public static let unrecognisedZone = RowNotes(rawValue: 2)
}

/// How a scored row's submitted_at was read.
public enum DateState: UInt8, Sendable {
    case present, missing, unparseable
}

/// Integer accumulators of a wave, or of part of a file: everything the scores need,
/// growing with organisations × items and never with respondents.
///
/// A row is added or removed exactly, and tallies merge exactly, so the order rows arrive
/// in never changes a result: a file read in parts gives the bytes of a file read in one
/// go.
public final class WaveTally: @unchecked Sendable {
    public let layout: TallyLayout
    public let organisationCount: Int
    private let storage: UnsafeMutablePointer<Int>
    private let size: Int
    /// Answers per organisation × item × value: points 1–k of a likert item, or true,
    /// false, don't know of a knowledge item.
    ///
    /// 32 bits, so that an organisation's block stays in cache; a count cannot exceed the
    /// rows of a file.
    private let codeCounts: UnsafeMutablePointer<Int32>
    private let codeSize: Int
    /// Respondents per organisation behind each figure that disclosure control judges by
    /// its contributors (SPEC §4.6): kept apart from the answer counts, 32 bits like them.
    ///
    /// Per organisation, `ContributorLayout.size` counts.
    private let contributors: UnsafeMutablePointer<Int32>
    private let contributorSize: Int
    private let contributorLayout: ContributorLayout
    /// Answer counts per organisation.
    private let codeSlots: Int
    // Offsets into `storage`.
    private let respondentsAt: Int, momentsAt: Int, roleCountsAt: Int, roleMomentsAt: Int
    private let reliabilityAt: Int, invalidAt: Int, countersAt: Int
    private enum Counter: Int, CaseIterable {
        case scored, unparseableDates, missingDates, invalidRoles, straightLiners, organisationsByName,
            unrecognisedZones
    }
    // Per-row scratch (a tally belongs to one thread at a time).
    private let domainUnits: UnsafeMutablePointer<Int>
    private let domainAnswered: UnsafeMutablePointer<Int>
    private let domainKnowledge: UnsafeMutablePointer<Int>
    // The layout as flat tables for the per-row loop.
    private let units: UnsafeMutablePointer<Int32>
    /// Per item × code, one word for the per-row loop: `Entry.none`, or the count slot
    /// (bits 0–31), the units (bits 32–47) and whether the item is likert (bit 48).
    private let entries: UnsafeMutablePointer<UInt64>
    private enum Entry {
        static let none = UInt64.max
        static let likert: UInt64 = 1 << 48
    }
    private let codes: Int
    private let domainOf: UnsafeMutablePointer<Int>
    private let reverse: UnsafeMutablePointer<Bool>
    /// Per domain: items needed, first slot, likert item count, reliability offset, first likert index.
    private let domainTable: UnsafeMutablePointer<Int>
    private let likertItems: UnsafeMutablePointer<Int>
    private let itemCount: Int, domainCount: Int, roleGroups: Int, momentSize: Int

    public init(layout: TallyLayout, organisationCount: Int) {
        self.layout = layout
        self.organisationCount = organisationCount
        itemCount = layout.itemCount
        domainCount = layout.domainCount
        roleGroups = layout.roleGroups
        momentSize = layout.totalSlots * ScoreMoments.stride
        let momentSize = layout.totalSlots * ScoreMoments.stride
        var offset = 0
        func take(_ count: Int) -> Int {
            defer { offset += count }
            return offset
        }
        respondentsAt = take(organisationCount)
        momentsAt = take(organisationCount * momentSize)
        roleCountsAt = take(layout.roleGroups)
        roleMomentsAt = take(layout.roleGroups * momentSize)
        reliabilityAt = take(layout.reliabilitySize)
        invalidAt = take(layout.itemCount)
        countersAt = take(Counter.allCases.count)
        size = offset
        storage = .allocate(capacity: max(1, size))
        storage.initialize(repeating: 0, count: size)
        codeSlots = layout.countsPerOrganisation
        codes = layout.codes
        codeSize = organisationCount * codeSlots
        codeCounts = .allocate(capacity: max(1, codeSize))
        codeCounts.initialize(repeating: 0, count: codeSize)
        contributorLayout = ContributorLayout(domains: layout.domainCount, roleGroups: layout.roleGroups)
        contributorSize = organisationCount * contributorLayout.size
        contributors = .allocate(capacity: max(1, contributorSize))
        contributors.initialize(repeating: 0, count: contributorSize)
        domainUnits = .allocate(capacity: max(1, layout.domainCount))
        domainAnswered = .allocate(capacity: max(1, layout.domainCount))
        domainKnowledge = .allocate(capacity: max(1, layout.domainCount))
        units = .allocate(capacity: max(1, layout.units.count))
        units.initialize(from: layout.units, count: layout.units.count)
        entries = .allocate(capacity: max(1, layout.units.count))
        for index in layout.units.indices {
            let unit = layout.units[index], slot = layout.countSlots[index]
            entries[index] =
                unit < 0
                ? Entry.none
                : UInt64(UInt32(slot)) | UInt64(unit) << 32
                    | (layout.knowledge[index / layout.codes] ? 0 : Entry.likert)
        }
        domainOf = .allocate(capacity: max(1, layout.itemCount))
        domainOf.initialize(from: layout.domainOf, count: layout.itemCount)
        reverse = .allocate(capacity: max(1, layout.itemCount))
        reverse.initialize(from: layout.reverse, count: layout.itemCount)
        domainTable = .allocate(capacity: max(1, layout.domainCount * 5))
        let flatLikert = layout.likert.flatMap { $0 }
        likertItems = .allocate(capacity: max(1, flatLikert.count))
        likertItems.initialize(from: flatLikert, count: flatLikert.count)
        var firstLikert = 0
        for domain in 0..<layout.domainCount {
            domainTable[domain * 5] = layout.needed[domain]
            domainTable[domain * 5 + 1] = layout.slotBase[domain]
            domainTable[domain * 5 + 2] = layout.likert[domain].count
            domainTable[domain * 5 + 3] = layout.reliabilityBase[domain]
            domainTable[domain * 5 + 4] = firstLikert
            firstLikert += layout.likert[domain].count
        }
    }

    deinit {
        for pointer in [
            UnsafeMutableRawPointer(storage), UnsafeMutableRawPointer(codeCounts), UnsafeMutableRawPointer(domainUnits),
            UnsafeMutableRawPointer(domainAnswered),
            UnsafeMutableRawPointer(domainKnowledge), UnsafeMutableRawPointer(contributors),
            UnsafeMutableRawPointer(units), UnsafeMutableRawPointer(entries),
            UnsafeMutableRawPointer(domainOf), UnsafeMutableRawPointer(reverse),
            UnsafeMutableRawPointer(domainTable), UnsafeMutableRawPointer(likertItems),
        ] {
            pointer.deallocate()
        }
    }

    /// Adds (`sign` 1) or removes (`sign` -1) one scored row: its organisation, role
    /// (-1 when not stated), one answer code per item, the items whose cell was invalid,
    /// how its date was read and whether its role was invalid.
    func apply(
        organisation: Int, role: Int, answers: UnsafePointer<UInt8>,
        invalidItems: UnsafeBufferPointer<Int32>, date: DateState, roleInvalid: Bool, sign: Int,
        notes: RowNotes = []
    ) {
        let itemCount = self.itemCount, domainCount = self.domainCount
        let codes = self.codes
        let storage = self.storage, units = self.units, entries = self.entries
        let domainOf = self.domainOf
        let domainUnits = self.domainUnits, domainAnswered = self.domainAnswered, domainKnowledge = self.domainKnowledge
        storage[respondentsAt + organisation] += sign
        let roleGroup = role < 0 ? roleGroups - 1 : role
        storage[roleCountsAt + roleGroup] += sign
        let step = Int32(truncatingIfNeeded: sign)
        let contributed = contributors + organisation &* contributorLayout.size
        contributed[contributorLayout.roleRespondents &+ roleGroup] &+= step
        for domain in 0..<domainCount {
            domainUnits[domain] = 0
            domainAnswered[domain] = 0
            domainKnowledge[domain] = 0
        }
        // Straight-lining: every answered likert item has one point number; ≥ 5, some reverse, some not.
        var lineValue: UInt8 = 0, lineCount = 0, lineReversed = 0, lineBroken = false
        let counts = codeCounts + organisation &* codeSlots
        for item in 0..<itemCount {
            let code = Int(answers[item])
            let entry = entries[item &* codes &+ code]
            if entry == Entry.none { continue }
            counts[Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: entry))] &+= step
            let domain = domainOf[item]
            domainUnits[domain] &+= Int(truncatingIfNeeded: (entry >> 32) & 0xFFFF)
            domainAnswered[domain] &+= 1
            domainKnowledge[domain] &+= entry & Entry.likert == 0 ? 1 : 0
            if entry & Entry.likert != 0 {
                if lineValue == 0 { lineValue = UInt8(code) } else if Int(lineValue) != code { lineBroken = true }
                lineCount &+= 1
                if reverse[item] { lineReversed &+= 1 }
            }
        }
        let organisationMoments = storage + momentsAt + organisation * momentSize
        let roleMoments = storage + roleMomentsAt + roleGroup * momentSize
        for domain in 0..<domainCount {
            let entry = domainTable + domain * 5
            let answered = domainAnswered[domain]
            let needed = entry[0]
            if answered >= needed {
                let slot = (entry[1] + answered - needed) * ScoreMoments.stride
                let units = domainUnits[domain]
                organisationMoments[slot] &+= sign
                organisationMoments[slot &+ 1] &+= sign &* units
                organisationMoments[slot &+ 2] &+= sign &* units &* units
                roleMoments[slot] &+= sign
                roleMoments[slot &+ 1] &+= sign &* units
                roleMoments[slot &+ 2] &+= sign &* units &* units
                contributed[contributorLayout.roleDomainRespondents &+ roleGroup &* domainCount &+ domain] &+= step
            }
            let knowledgeAnswered = domainKnowledge[domain]
            if answered > knowledgeAnswered { contributed[contributorLayout.likertRespondents &+ domain] &+= step }
            if knowledgeAnswered > 0 { contributed[contributorLayout.knowledgeRespondents &+ domain] &+= step }
            let likertCount = entry[2]
            guard likertCount >= 2 else { continue }
            let likert = likertItems + entry[4]
            var complete = true
            for position in 0..<likertCount where answers[likert[position]] == Answer.none {
                complete = false
                break
            }
            guard complete else { continue }
            let base = storage + reliabilityAt + entry[3]
            var total = 0
            for position in 0..<likertCount {
                let item = likert[position]
                let unit = Int(units[item * codes + Int(answers[item])])
                base[3 + position] += sign * unit
                base[3 + likertCount + position] += sign * unit * unit
                total += unit
            }
            base[0] += sign
            base[1] += sign * total
            base[2] += sign * total * total
            contributed[contributorLayout.completeRespondents &+ domain] &+= step
        }
        for item in invalidItems { storage[invalidAt + Int(item)] += sign }
        storage[countersAt + Counter.scored.rawValue] += sign
        switch date {
        case .unparseable: storage[countersAt + Counter.unparseableDates.rawValue] += sign
        case .missing: storage[countersAt + Counter.missingDates.rawValue] += sign
        case .present: break
        }
        if roleInvalid { storage[countersAt + Counter.invalidRoles.rawValue] += sign }
        if !notes.isEmpty {
            if notes.contains(.organisationByName) {
                storage[countersAt + Counter.organisationsByName.rawValue] += sign
            }
            if notes.contains(.unrecognisedZone) { storage[countersAt + Counter.unrecognisedZones.rawValue] += sign }
        }
        if !lineBroken, lineCount >= 5, lineReversed >= 1, lineReversed < lineCount {
            storage[countersAt + Counter.straightLiners.rawValue] += sign
        }
    }

    /// Starts loading an organisation's counts, so that they are in cache when its row is
    /// applied (the rows of hundreds of organisations come in any order).
    @inline(__always)
    public func prefetch(organisation: Int) {
        let counts = UnsafeRawPointer(codeCounts + organisation &* codeSlots)
        var offset = 0
        while offset < codeSlots &* 4 {
            readiness_prefetch(counts + offset)
            offset &+= 64
        }
        readiness_prefetch(UnsafeRawPointer(contributors + organisation &* contributorLayout.size))
        let moments = UnsafeRawPointer(storage + momentsAt + organisation &* momentSize)
        offset = 0
        while offset < momentSize &* 8 {
            readiness_prefetch(moments + offset)
            offset &+= 64
        }
    }

    /// Adds every count of `other` (same layout and register) to this tally.
    public func merge(_ other: WaveTally) {
        precondition(other.size == size && other.codeSize == codeSize && other.contributorSize == contributorSize)
        for index in 0..<size { storage[index] += other.storage[index] }
        for index in 0..<codeSize { codeCounts[index] &+= other.codeCounts[index] }
        for index in 0..<contributorSize { contributors[index] &+= other.contributors[index] }
    }

    // MARK: Reading the tally

    public var scored: Int { storage[countersAt + Counter.scored.rawValue] }
    public var unparseableDates: Int { storage[countersAt + Counter.unparseableDates.rawValue] }
    public var missingDates: Int { storage[countersAt + Counter.missingDates.rawValue] }
    public var invalidRoles: Int { storage[countersAt + Counter.invalidRoles.rawValue] }
    public var straightLiners: Int { storage[countersAt + Counter.straightLiners.rawValue] }
    public var organisationsByName: Int { storage[countersAt + Counter.organisationsByName.rawValue] }
    public var unrecognisedZones: Int { storage[countersAt + Counter.unrecognisedZones.rawValue] }
    /// Invalid values per item, over scored rows.
    public var invalidValues: [Int] { (0..<layout.itemCount).map { storage[invalidAt + $0] } }

    public func respondents(_ organisation: Int) -> Int { storage[respondentsAt + organisation] }
    public func roleCount(_ group: Int) -> Int { storage[roleCountsAt + group] }

    /// How many times an organisation's respondents gave answer `code` to `item`.
    public func codeCount(_ organisation: Int, item: Int, code: Int) -> Int {
        guard code >= 1, code < codes else { return 0 }
        let slot = layout.countSlots[item * codes + code]
        return slot < 0 ? 0 : Int(codeCounts[organisation * codeSlots + Int(slot)])
    }

    /// An organisation's respondents behind the figures that disclosure control judges by
    /// their contributors (SPEC §4.6).
    public func contributions(_ organisation: Int) -> Contributions {
        let base = contributors + organisation * contributorLayout.size
        let domains = layout.domainCount
        func read(_ start: Int, _ count: Int) -> [Int] { (0..<count).map { Int(base[start + $0]) } }
        return Contributions(
            likert: read(contributorLayout.likertRespondents, domains),
            knowledge: read(contributorLayout.knowledgeRespondents, domains),
            complete: read(contributorLayout.completeRespondents, domains),
            roles: read(contributorLayout.roleRespondents, layout.roleGroups),
            roleDomains: (0..<layout.roleGroups).map {
                read(contributorLayout.roleDomainRespondents + $0 * domains, domains)
            })
    }

    /// The summary of an organisation's respondent scores in a domain.
    public func organisationSummary(_ organisation: Int, domain: Int) -> SampleSummary {
        summary(at: momentsAt + organisation * layout.totalSlots * ScoreMoments.stride, domain: domain)
    }

    /// The summary of a role group's respondent scores in a domain (the last group: not stated).
    public func roleSummary(_ group: Int, domain: Int) -> SampleSummary {
        summary(at: roleMomentsAt + group * layout.totalSlots * ScoreMoments.stride, domain: domain)
    }

    /// An organisation's moment block (count, Σ, Σ² per answered count, every domain), to
    /// pool organisations exactly later (`PooledMoments`).
    public func moments(_ organisation: Int) -> [Int] {
        let base = momentsAt + organisation * momentSize
        return (0..<momentSize).map { storage[base + $0] }
    }

    /// The summary of the pooled respondent scores of several organisations in a domain.
    public func pooledSummary(_ organisations: [Int], domain: Int) -> SampleSummary {
        let slots = layout.slots[domain]
        var pooled = [Int](repeating: 0, count: max(1, slots * ScoreMoments.stride))
        for organisation in organisations {
            let base =
                momentsAt + organisation * layout.totalSlots * ScoreMoments.stride + layout.slotBase[domain]
                * ScoreMoments.stride
            for index in 0..<(slots * ScoreMoments.stride) { pooled[index] += storage[base + index] }
        }
        return pooled.withUnsafeBufferPointer {
            ScoreMoments.summary(
                $0.baseAddress!, slots: slots, lowest: layout.needed[domain],
                denominator: layout.denominators[domain])
        }
    }

    private func summary(at scopeBase: Int, domain: Int) -> SampleSummary {
        ScoreMoments.summary(
            UnsafePointer(storage + scopeBase + layout.slotBase[domain] * ScoreMoments.stride),
            slots: layout.slots[domain], lowest: layout.needed[domain],
            denominator: layout.denominators[domain])
    }

    /// Cronbach's alpha accumulators of a domain: n, Σ total, Σ total², then Σ and Σ² per likert item.
    func reliability(_ domain: Int) -> (n: Int, totalSum: Int, totalSquares: Int, itemSums: [Int], itemSquares: [Int]) {
        let base = reliabilityAt + layout.reliabilityBase[domain]
        let k = layout.likert[domain].count
        return (
            storage[base], storage[base + 1], storage[base + 2],
            (0..<k).map { storage[base + 3 + $0] }, (0..<k).map { storage[base + 3 + k + $0] }
        )
    }
}
