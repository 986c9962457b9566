import Foundation

extension SurveyGenerator {
    /// One answer as a survey tool exports it, before it is written as text.
    enum SampleCell: Sendable, Equatable {
        /// A likert value, 1 to 5 as given (reverse items are not recoded).
        case likert(Int)
        /// A true/false answer to a knowledge item.
        case knowledge(Bool)
        /// Anything written verbatim: a blank, a don't-know token, an invalid value.
        case literal(String)

        static let blank = SampleCell.literal("")
    }

    /// The population behind one wave: how a respondent of an organisation answers.
    ///
    /// A respondent's latent score in a domain (on the likert scale, 0 = neutral) is the sum
    /// of the domain's shift, the organisation's persistent effect in that domain, its
    /// change since the baseline (larger for charter signatories), the role's shift, a
    /// respondent effect shared by all domains and a respondent-by-domain effect. An item's
    /// answer adds the item's ease and noise and cuts the result at four thresholds;
    /// a knowledge item is answered correctly with a probability rising with the latent
    /// score of its domain.
    struct RespondentModel: Sendable {
        private let items: [SampleItem]
        /// The domain position of each item.
        private let itemDomains: [Int]
        private let domainDontKnowRates: [Double]
        /// Latent mean by organisation, then domain, for this wave.
        private let organisationMeans: [[Double]]
        /// Latent shift by role, then domain.
        private let roleShifts: [[Double]]

        private static let grandMean = 0.35
        private static let thresholds = [-1.5, -0.5, 0.5, 1.5]
        private static let respondentSD = 0.45
        private static let respondentDomainSD = 0.3
        private static let itemNoiseSD = 0.75
        private static let knowledgeSlope = 1.3
        private static let breakOffRate = 0.04
        private static let skipRate = 0.012

        init(instrument: SampleInstrument, register: SampleRegister, wave: SampleWave, seed: UInt64) {
            let domains = instrument.domains
            items = instrument.items
            itemDomains = domains.enumerated().flatMap { position, domain in
                Array(repeating: position, count: domain.items.count)
            }
            domainDontKnowRates = domains.map(\.dontKnowRate)
            roleShifts = instrument.roles.map { role in domains.map { role.shifts[$0.id] ?? 0 } }
            organisationMeans = register.organisations.enumerated().map { position, organisation in
                var random = RandomSource(
                    seed: seed, path: StreamPurpose.organisationChange.rawValue, UInt64(position), UInt64(wave.index))
                let gain = RespondentModel.charterGain(
                    signedAfterWave: organisation.signedAfterWave, waveIndex: wave.index)
                return domains.enumerated().map { domainPosition, domain in
                    let drift = wave.index == 0 ? 0 : random.normal(mean: 0, sd: 0.08)
                    return RespondentModel.grandMean + domain.meanShift + organisation.domainEffects[domainPosition]
                        + gain * domain.charterGain + drift
                }
            }
        }

        /// The latent improvement since the baseline before the domain's multiplier: an
        /// organisation gains most at the first wave after it signed and a little more at
        /// each wave after that; before it signs (or if it never does) it barely moves.
        static func charterGain(signedAfterWave: Int?, waveIndex: Int) -> Double {
            guard waveIndex > 0 else { return 0 }
            guard let signedAfterWave, waveIndex > signedAfterWave else { return 0.04 * Double(waveIndex) }
            return 0.4 + 0.12 * Double(waveIndex - signedAfterWave - 1)
        }

        /// The answers of one new respondent of organisation `organisation` in role `role`
        /// (nil: no role given), one cell per item in instrument order.
        func answers(organisation: Int, role: Int?, random: inout RandomSource) -> [SampleCell] {
            let means = organisationMeans[organisation]
            let personal = random.normal(mean: 0, sd: RespondentModel.respondentSD)
            let latent = means.indices.map { domain in
                means[domain] + (role.map { roleShifts[$0][domain] } ?? 0) + personal
                    + random.normal(mean: 0, sd: RespondentModel.respondentDomainSD)
            }
            // A few respondents give up part-way and leave the later domains blank.
            let lastDomain =
                random.chance(RespondentModel.breakOffRate)
                ? random.index(below: max(1, means.count - 1)) : means.count - 1
            return items.indices.map { position in
                let domain = itemDomains[position]
                guard domain <= lastDomain else { return .blank }
                return answer(
                    items[position], latent: latent[domain], dontKnowRate: domainDontKnowRates[domain], random: &random)
            }
        }

        private func answer(
            _ item: SampleItem, latent: Double, dontKnowRate: Double, random: inout RandomSource
        ) -> SampleCell {
            switch item.kind {
            case .likert(let reverse):
                if random.chance(dontKnowRate) { return .literal(RespondentModel.dontKnowToken(&random)) }
                if random.chance(RespondentModel.skipRate) { return RespondentModel.skippedCell(&random) }
                let agreement = latent + item.ease + random.normal(mean: 0, sd: RespondentModel.itemNoiseSD)
                var value = 1
                for threshold in RespondentModel.thresholds where agreement > threshold { value += 1 }
                return .likert(reverse ? 6 - value : value)
            case .knowledge(let key):
                // Unsure staff say "Don't know" more often, and that counts as wrong.
                if random.chance(0.03 + 0.12 * RespondentModel.logistic(-2 * latent)) {
                    return .literal(RespondentModel.dontKnowToken(&random))
                }
                if random.chance(RespondentModel.skipRate) { return RespondentModel.skippedCell(&random) }
                let correct = random.chance(
                    RespondentModel.logistic(item.ease + RespondentModel.knowledgeSlope * latent))
                return .knowledge(correct ? key : !key)
            }
        }

        /// "Don't know" as exports spell it, the typographic apostrophe included.
        private static func dontKnowToken(_ random: inout RandomSource) -> String {
            let draw = random.uniform()
            if draw < 0.70 { return "Don't know" }
            if draw < 0.95 { return "Don\u{2019}t know" }
            return "Dont know"
        }

        /// A skipped question: usually an empty cell, sometimes a missing-value token.
        private static func skippedCell(_ random: inout RandomSource) -> SampleCell {
            random.chance(0.15) ? .literal("N/A") : .blank
        }

        private static func logistic(_ x: Double) -> Double {
            1 / (1 + exp(-x))
        }
    }
}
