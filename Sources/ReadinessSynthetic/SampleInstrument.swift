import ReadinessCore

extension SurveyGenerator {
    /// One question of the sample instrument, with how the simulated population answers it.
    struct SampleItem: Sendable {
        /// What kind of answer the item takes.
        enum Kind: Sendable, Equatable {
            /// A five-point agreement item; `reverse` when agreeing is unfavourable.
            case likert(reverse: Bool)
            /// A true/false question with a correct answer.
            case knowledge(answer: Bool)
        }

        let id: String
        let text: String
        let kind: Kind
        /// Other header names the item may appear under in an export.
        let aliases: [String]
        /// How readily respondents give the favourable answer.
        ///
        /// For a likert item, a shift on the latent agreement scale (in scale points);
        /// for a knowledge item, the log-odds of a correct answer at an average latent score.
        let ease: Double

        init(_ id: String, _ text: String, kind: Kind = .likert(reverse: false), aliases: [String] = [], ease: Double) {
            self.id = id
            self.text = text
            self.kind = kind
            self.aliases = aliases
            self.ease = ease
        }

        var isLikert: Bool {
            if case .likert = kind { return true }
            return false
        }

        var isReverse: Bool { kind == .likert(reverse: true) }
    }

    /// One domain of the sample instrument, with how the simulated population scores on it.
    struct SampleDomain: Sendable {
        let id: String
        let title: String
        /// Written to the instrument only when it differs from the default of 1.
        let weight: Int
        let items: [SampleItem]
        /// Shift of every respondent's latent score in this domain.
        let meanShift: Double
        /// Multiplier of the improvement that signing the charter brings.
        let charterGain: Double
        /// Share of likert cells answered "Don't know".
        let dontKnowRate: Double
    }

    /// A respondent role, with its share of respondents and its latent shift per domain.
    struct SampleRole: Sendable {
        let label: String
        let share: Double
        /// Latent shift by domain id; domains not listed are unshifted.
        let shifts: [String: Double]
    }

    /// A term that partners use differently, and what the instrument means by it.
    struct SampleGlossaryEntry: Sendable {
        let term: String
        let definition: String
    }

    /// The sample questionnaire: six domains on the barriers to sharing named in SPEC §1.
    struct SampleInstrument: Sendable {
        let id = "sharing-readiness"
        let version = "1.0"
        let title = "Information Sharing Readiness Survey"
        let likertLabels = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
        let domains: [SampleDomain] = SampleInstrument.catalogue
        let roles: [SampleRole] = SampleInstrument.roleCatalogue
        let glossary: [SampleGlossaryEntry] = SampleInstrument.glossaryEntries

        /// Every item, in domain order.
        var items: [SampleItem] { domains.flatMap(\.items) }
    }
}

extension SurveyGenerator.SampleInstrument {
    private static let catalogue: [SurveyGenerator.SampleDomain] = [
        SurveyGenerator.SampleDomain(
            id: "culture", title: "Culture", weight: 1,
            items: [
                SurveyGenerator.SampleItem(
                    "CUL1",
                    "In my organisation, sharing information with partners is seen as part of providing good care.",
                    aliases: ["CUL[SQ001]"], ease: 0.3),
                SurveyGenerator.SampleItem(
                    "CUL2",
                    "Senior leaders here encourage staff to share information "
                        + "when it is in the interests of the people we support.",
                    ease: 0.2),
                SurveyGenerator.SampleItem(
                    "CUL3", "People here avoid sharing information with partners in case they get it wrong.",
                    kind: .likert(reverse: true), ease: -0.2),
                SurveyGenerator.SampleItem(
                    "CUL4",
                    "My organisation would support me if I shared information "
                        + "in good faith and it later proved unnecessary.",
                    ease: -0.3),
                SurveyGenerator.SampleItem(
                    "CUL5", "Information governance is seen here mainly as a reason to say no.",
                    kind: .likert(reverse: true), ease: 0.0),
            ],
            meanShift: 0.15, charterGain: 0.8, dontKnowRate: 0.015),
        SurveyGenerator.SampleDomain(
            id: "capacity", title: "Capacity", weight: 1,
            items: [
                SurveyGenerator.SampleItem(
                    "CAP1", "My team has enough time to share information with partners properly.", ease: -0.5),
                SurveyGenerator.SampleItem(
                    "CAP2", "We have people with the skills to set up and run new information-sharing arrangements.",
                    ease: -0.1),
                SurveyGenerator.SampleItem(
                    "CAP3",
                    "Requests for information from partners often wait because nobody has time to deal with them.",
                    kind: .likert(reverse: true), ease: -0.2),
                SurveyGenerator.SampleItem(
                    "CAP4", "Work to improve information sharing is properly resourced in my organisation.",
                    ease: -0.4),
            ],
            meanShift: -0.25, charterGain: 0.3, dontKnowRate: 0.02),
        SurveyGenerator.SampleDomain(
            id: "roles", title: "Roles and responsibilities", weight: 1,
            items: [
                SurveyGenerator.SampleItem(
                    "ROL1", "I know who in my organisation can decide whether information may be shared.", ease: 0.3),
                SurveyGenerator.SampleItem(
                    "ROL2",
                    "I know who our Caldicott Guardian and data protection officer are, and how to contact them.",
                    ease: 0.1),
                SurveyGenerator.SampleItem(
                    "ROL3",
                    "Decisions about sharing get passed from person to "
                        + "person because nobody is sure who should make them.",
                    kind: .likert(reverse: true), ease: -0.1),
                SurveyGenerator.SampleItem(
                    "ROL4", "My own responsibilities for sharing information are clear to me.", ease: 0.3),
                SurveyGenerator.SampleItem(
                    "ROL5", "It is clear who signs off data sharing agreements with partner organisations.",
                    ease: -0.3),
            ],
            meanShift: 0.0, charterGain: 1.2, dontKnowRate: 0.02),
        SurveyGenerator.SampleDomain(
            id: "ig_rules", title: "Understanding of IG rules", weight: 2,
            items: [
                SurveyGenerator.SampleItem(
                    "IG1", "I understand what the law allows me to share, with whom and why.",
                    aliases: ["Q3_1"], ease: 0.4),
                SurveyGenerator.SampleItem(
                    "IG2",
                    "I am confident deciding whether to share information "
                        + "without consent when someone may be at risk of harm.",
                    ease: 0.2),
                SurveyGenerator.SampleItem(
                    "IG3", "Data protection law stops me sharing information that would help the people I work with.",
                    kind: .likert(reverse: true), ease: -0.1),
                SurveyGenerator.SampleItem(
                    "KN1",
                    "Personal information may be shared without consent where this "
                        + "is necessary to prevent a serious risk of violence to others.",
                    kind: .knowledge(answer: true), aliases: ["Q7_1"], ease: -0.2),
                SurveyGenerator.SampleItem(
                    "KN2",
                    "Personal information must never be shared with a voluntary or community "
                        + "organisation, even when it is helping to provide a person's care.",
                    kind: .knowledge(answer: false), ease: 0.2),
                SurveyGenerator.SampleItem(
                    "KN3",
                    "Health and care staff may share relevant information for a person's direct care "
                        + "without asking for explicit consent, where the person would reasonably expect it.",
                    kind: .knowledge(answer: true), ease: -1.0),
            ],
            meanShift: 0.1, charterGain: 1.0, dontKnowRate: 0.035),
        SurveyGenerator.SampleDomain(
            id: "shared_language", title: "Shared language", weight: 1,
            items: [
                SurveyGenerator.SampleItem(
                    "LAN1",
                    "Partner organisations and mine mean the same things by "
                        + "terms such as 'consent', 'direct care' and 'safeguarding'.",
                    ease: -0.3),
                SurveyGenerator.SampleItem(
                    "LAN2",
                    "Our information-sharing agreements are written in language that frontline staff can understand.",
                    ease: -0.2),
                SurveyGenerator.SampleItem(
                    "LAN3", "Misunderstandings about terms often hold up sharing with partners.",
                    kind: .likert(reverse: true), ease: -0.1),
                SurveyGenerator.SampleItem(
                    "LAN4",
                    "There is guidance, agreed across the partnership, that explains the key "
                        + "information-sharing terms.",
                    ease: -0.4),
            ],
            meanShift: -0.15, charterGain: 1.2, dontKnowRate: 0.03),
        SurveyGenerator.SampleDomain(
            id: "data_ownership", title: "Data ownership", weight: 1,
            items: [
                SurveyGenerator.SampleItem(
                    "OWN1", "I know which organisation is the data controller for the records I work with.", ease: 0.0),
                SurveyGenerator.SampleItem(
                    "OWN2",
                    "It is clear whether information received from a partner may be shared onward, and with whom.",
                    ease: -0.3),
                SurveyGenerator.SampleItem(
                    "OWN3", "Partners are reluctant to share because they fear losing control of their data.",
                    kind: .likert(reverse: true), ease: -0.2),
                SurveyGenerator.SampleItem(
                    "OWN4", "Our records show where shared information came from and on what basis it was shared.",
                    ease: -0.1),
            ],
            meanShift: -0.2, charterGain: 1.0, dontKnowRate: 0.05),
    ]

    private static let roleCatalogue: [SurveyGenerator.SampleRole] = [
        .init(
            label: "Frontline practitioner", share: 0.56,
            shifts: ["capacity": -0.1, "roles": -0.15, "ig_rules": -0.1]),
        .init(label: "Team manager", share: 0.24, shifts: [:]),
        .init(
            label: "IG or data-protection lead", share: 0.06,
            shifts: ["culture": -0.1, "roles": 0.4, "ig_rules": 0.6, "data_ownership": 0.5]),
        .init(
            label: "Senior leader", share: 0.09,
            shifts: ["culture": 0.3, "capacity": 0.2, "roles": 0.1]),
    ]

    private static let glossaryEntries: [SurveyGenerator.SampleGlossaryEntry] = [
        .init(
            term: "Lawful basis",
            definition:
                "One of the six grounds in Article 6 of the UK GDPR that make processing "
                + "personal data lawful, such as public task, legal obligation or consent."
        ),
        .init(
            term: "Direct care",
            definition:
                "Activity concerned with the prevention, investigation and treatment of illness, and the "
                + "alleviation of suffering, of an individual; it includes the social care that supports them."
        ),
        .init(
            term: "Caldicott Guardian",
            definition:
                "A senior person responsible for protecting the confidentiality of people's "
                + "health and care information and for enabling appropriate information sharing."
        ),
        .init(
            term: "Data controller",
            definition:
                "The organisation that decides why and how personal data "
                + "is processed, and is accountable for that processing."
        ),
        .init(
            term: "Data sharing agreement",
            definition:
                "A document that sets out the purpose of sharing, the data shared, the "
                + "lawful basis, each party's responsibilities and the safeguards that apply."
        ),
        .init(
            term: "DPIA",
            definition:
                "Data protection impact assessment: a process to identify and reduce the risks of a new way "
                + "of using personal data, required where the processing is likely to result in a high risk."
        ),
        .init(
            term: "Safeguarding",
            definition:
                "Protecting a person's health, wellbeing and human rights, "
                + "and enabling them to live free from abuse, harm and neglect."
        ),
        .init(
            term: "Pseudonymisation",
            definition:
                "Replacing identifying details with a code, so that data can no longer be "
                + "linked to a person without further information that is kept separately."
        ),
        .init(
            term: "Duty of confidentiality",
            definition:
                "The common-law duty not to disclose information given in confidence "
                + "without consent, a legal requirement or an overriding public interest."
        ),
    ]
}

extension SurveyGenerator.SampleInstrument {
    /// `instrument.yaml` in the format of SPEC §2.1.
    func yaml() -> String {
        var lines = [
            "# Synthetic sample instrument for a fictional partnership (see README.md).",
            "id: \(id)",
            "version: \(SurveyGenerator.YAMLText.quoted(version))",
            "title: \(SurveyGenerator.YAMLText.quoted(title))",
            "likert_labels: \(SurveyGenerator.YAMLText.quotedList(likertLabels))",
            "levels:",
            "  - {name: Emerging, from: 0}",
            "  - {name: Developing, from: 40}",
            "  - {name: Established, from: 60}",
            "  - {name: Leading, from: 80}",
            "thresholds:",
        ]
        lines += Thresholds().entries.map { "  \($0.key): \($0.value)" }
        lines.append("columns:")
        for column in SurveyGenerator.SampleColumn.allCases {
            lines.append("  \(column.rawValue): \(SurveyGenerator.YAMLText.quotedList(column.aliases))")
        }
        lines.append("roles: \(SurveyGenerator.YAMLText.quotedList(roles.map(\.label)))")
        lines.append("domains:")
        for domain in domains {
            lines.append("  - id: \(domain.id)")
            lines.append("    title: \(SurveyGenerator.YAMLText.quoted(domain.title))")
            if domain.weight != 1 {
                lines.append("    weight: \(domain.weight)")
            }
            lines.append("    items:")
            for item in domain.items {
                lines.append(contentsOf: itemLines(item))
            }
        }
        lines.append("glossary:")
        for entry in glossary {
            lines.append(
                "  \(SurveyGenerator.YAMLText.quoted(entry.term)): \(SurveyGenerator.YAMLText.quoted(entry.definition))"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func itemLines(_ item: SurveyGenerator.SampleItem) -> [String] {
        var lines = [
            "      - id: \(item.id)",
            "        text: \(SurveyGenerator.YAMLText.quoted(item.text))",
        ]
        switch item.kind {
        case .likert(reverse: true):
            lines.append("        reverse: true")
        case .likert(reverse: false):
            break
        case .knowledge(let answer):
            lines.append("        type: knowledge")
            lines.append("        answer: \(answer)")
        }
        if !item.aliases.isEmpty {
            lines.append("        aliases: \(SurveyGenerator.YAMLText.quotedList(item.aliases))")
        }
        return lines
    }
}
