/// The national evidence report: aggregated, anonymous and disclosure-controlled, for
/// leaders to disseminate (SPEC §4.3, §6). It names no organisation.
public struct NationalReport {
    let analysis: WaveAnalysis

    public init(_ analysis: WaveAnalysis) { self.analysis = analysis }

    var instrument: Instrument { analysis.instrument }
    var minimum: Int { instrument.thresholds.minRespondents }
    var hidden: String { "<\(minimum)" }

    /// The files of the national folder, paths relative to it.
    public func files() -> [OutputFile] {
        [OutputFile(path: "evidence.md", text: markdown())]
    }

    public func markdown() -> String {
        var text = "# \(Markdown.escape(instrument.title)): national evidence, \(Markdown.escape(analysis.wave.title))\n\n"
        text += Markdown.syntheticNotice(analysis.synthetic)
        text += "Wave `\(analysis.wave.id)`, open \(analysis.wave.opens) to \(analysis.wave.closes). "
        text += "This report names no organisation. Every figure rests on at least \(minimum) respondents or "
        text += "\(instrument.thresholds.minOrganisations) organisations; smaller cells show \(hidden).\n\n"
        text += atAGlance()
        text += domainSection()
        text += sectorSection()
        text += breakdownSection(title: "Roles", label: "Role", groups: roleGroups())
        text += breakdownSection(title: "Charter signatories and non-signatories", label: "Organisations",
                                 groups: signatoryGroups())
        text += challenges()
        text += confidenceSection()
        text += itemTable()
        text += dataQuality()
        text += methodology()
        text += GlossarySection.markdown(instrument.glossary)
        text += provenance()
        return text
    }

    var levelNames: [String] { instrument.levels.map(\.name) }

    func levelCounts(_ scores: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: instrument.levels.count)
        for score in scores {
            if let level = instrument.level(of: score), let index = instrument.levels.firstIndex(of: level) { counts[index] += 1 }
        }
        return counts
    }

    func atAGlance() -> String {
        let scores = analysis.scores
        let overall = analysis.national.overall
        var text = "## At a glance\n\n"
        text += "- **\(scores.organisations.count)** of \(analysis.register.organisations.count) registered organisations "
        text += "took part, with **\(analysis.responses.respondents.count)** respondents scored.\n"
        text += "- **\(overall.scores.count)** organisations have an overall readiness score (every domain published)"
        if let quartiles = overall.quartiles, overall.scores.count >= instrument.thresholds.minOrganisations {
            text += "; their median is **\(Markdown.score(quartiles.median))** "
            text += "(interquartile range \(Markdown.interval(quartiles.lower, quartiles.upper)))"
        }
        text += ".\n"
        if let change = analysis.changes?.nationalChanges.last, let previous = analysis.previousWave, let diff = change.diff {
            text += "- Since \(Markdown.escape(previous.title)), the mean overall score changed by \(Markdown.signed(diff)) points"
            text += change.significant ? " \(change.arrow), a significant change.\n" : ", not a detectable change.\n"
        }
        text += "\n"
        if overall.scores.count >= instrument.thresholds.minOrganisations {
            text += "Organisations by overall level:\n\n"
            let counts = levelCounts(overall.scores)
            text += Markdown.table(levelNames.map(Markdown.escape), [counts.map(String.init)],
                                   alignRight: Set(counts.indices))
            text += "\n"
        }
        return text
    }

    func domainSection() -> String {
        let figures = analysis.national.all
        let titles = instrument.domains.map(\.title) + ["Overall readiness"]
        let changes = analysis.changes?.nationalChanges
        var rows: [[String]] = []
        var levels: [[String]] = []
        for (index, figure) in figures.enumerated() {
            let title = Markdown.escape(titles[index])
            guard figure.scores.count >= instrument.thresholds.minOrganisations, let quartiles = figure.quartiles else {
                rows.append([title, String(figure.scores.count), "—", "—", "—", "—"])
                continue
            }
            var change = "—"
            if let found = changes?[index], let diff = found.diff {
                change = Markdown.signed(diff) + (found.significant ? " \(found.arrow)" : "")
            }
            rows.append([title, String(figure.scores.count), Markdown.score(figure.summary.mean), Markdown.score(quartiles.median),
                         Markdown.interval(quartiles.lower, quartiles.upper), change])
            levels.append([title] + levelCounts(figure.scores).map(String.init))
        }
        var text = "## Domains\n\n"
        text += Markdown.table(["Domain", "Organisations", "Mean", "Median", "Interquartile range",
                                analysis.previousWave == nil ? "Change" : "Change since \(Markdown.escape(analysis.previousWave!.title))"],
                               rows, alignRight: [1, 2, 3, 5])
        text += "\nEach organisation counts once: the figures are over organisations' published scores. "
        if analysis.previousWave != nil {
            text += "▲ and ▼ mark significant rises and falls (Welch's t-test over organisation scores, "
            text += "Benjamini–Hochberg adjusted p ≤ \(instrument.thresholds.alpha), change of at least "
            text += "\(Markdown.score(instrument.thresholds.minChange)) points); the rest did not change detectably."
        }
        text += "\n\n"
        if !levels.isEmpty {
            text += "Organisations by level in each domain:\n\n"
            text += Markdown.table(["Domain"] + levelNames.map(Markdown.escape), levels,
                                   alignRight: Set(1...levelNames.count))
            text += "\n"
        }
        return text
    }

    func sectorSection() -> String {
        let register = analysis.register
        let published = analysis.scores.organisations.filter { $0.overall != nil }
        var sectors: [String: Int] = [:]
        for organisation in published { sectors[register.organisations[organisation.organisation].sector, default: 0] += 1 }
        let ordered = sectors.keys.sorted(by: TextMatching.codePointLess).map { (sector: $0, count: sectors[$0]!) }
        let groups = Disclosure.sectorGroups(ordered, minimum: instrument.thresholds.minOrganisations)
        var text = "## Sectors\n\n"
        guard !groups.isEmpty else {
            return text + "No organisation has an overall score, so there is no sector comparison.\n\n"
        }
        var rows: [[String]] = []
        var levelRows: [[String]] = []
        for group in groups {
            let name = Markdown.escape(group.name)
            if group.suppressed {
                rows.append([name, "<\(instrument.thresholds.minOrganisations)", "—", "—"] + instrument.domains.map { _ in "—" })
                continue
            }
            let members = published.filter { group.sectors.contains(register.organisations[$0.organisation].sector) }
            let overall = members.compactMap(\.overall)
            let quartiles = Statistics.quartiles(overall)
            var row = [name, String(group.organisations), Markdown.score(quartiles?.median),
                       Markdown.interval(quartiles?.lower, quartiles?.upper)]
            for domain in instrument.domains.indices {
                let values = members.compactMap { $0.domains[domain].published ? $0.domains[domain].mean : nil }
                row.append(Markdown.score(Statistics.quartiles(values)?.median))
            }
            rows.append(row)
            levelRows.append([name] + levelCounts(overall).map(String.init))
        }
        text += Markdown.table(["Sector", "Organisations", "Median overall", "Interquartile range"]
                               + instrument.domains.map { "Median \(Markdown.escape($0.title))" },
                               rows, alignRight: Set(1..<(4 + instrument.domains.count)))
        text += "\nOrganisations with an overall score. A sector with fewer than \(instrument.thresholds.minOrganisations) "
        text += "such organisations is merged into \"\(Disclosure.otherSectors)\", which is hidden when still too small.\n\n"
        if !levelRows.isEmpty {
            text += "Organisations by overall level in each sector:\n\n"
            text += Markdown.table(["Sector"] + levelNames.map(Markdown.escape), levelRows, alignRight: Set(1...levelNames.count))
            text += "\n"
        }
        return text
    }

    /// Respondents split by a characteristic, for a breakdown table.
    struct BreakdownGroup {
        var name: String
        var members: [Int]
    }

    func roleGroups() -> [BreakdownGroup] {
        let respondents = analysis.responses.respondents
        var groups = instrument.roles.enumerated().map { index, role in
            BreakdownGroup(name: role, members: respondents.indices.filter { respondents[$0].role == index })
        }
        groups.append(BreakdownGroup(name: "Not stated", members: respondents.indices.filter { respondents[$0].role == nil }))
        return groups.filter { !$0.members.isEmpty }
    }

    func signatoryGroups() -> [BreakdownGroup] {
        let respondents = analysis.responses.respondents
        let register = analysis.register.organisations
        return [
            BreakdownGroup(name: "Charter signatories",
                           members: respondents.indices.filter { register[respondents[$0].organisation].signatory }),
            BreakdownGroup(name: "Not yet signed",
                           members: respondents.indices.filter { !register[respondents[$0].organisation].signatory }),
        ]
    }

    /// A breakdown of respondent domain scores; each column is suppressed on its own counts.
    func breakdownSection(title: String, label: String, groups: [BreakdownGroup]) -> String {
        var text = "## \(title)\n\n"
        guard !groups.isEmpty else { return text + "No respondents.\n\n" }
        let domainScores = analysis.scores.respondentDomainScores
        var columns: [[String]] = []
        let respondentCounts = groups.map(\.members.count)
        let hiddenCounts = Disclosure.suppressedCells(respondentCounts, minimum: minimum)
        columns.append(groups.indices.map { hiddenCounts.contains($0) ? hidden : String(respondentCounts[$0]) })
        for domain in instrument.domains.indices {
            let values = groups.map { group in group.members.compactMap { domainScores[$0][domain] } }
            let hiddenCells = Disclosure.suppressedCells(values.map(\.count), minimum: minimum)
            columns.append(groups.indices.map { index in
                hiddenCells.contains(index) ? hidden : Markdown.score(Statistics.mean(values[index]))
            })
        }
        let rows = groups.indices.map { row in [Markdown.escape(groups[row].name)] + columns.map { $0[row] } }
        text += Markdown.table([label == "Role" ? "Role" : "Group", "Respondents"] + instrument.domains.map { Markdown.escape($0.title) },
                               rows, alignRight: Set(1...(1 + instrument.domains.count)))
        text += "\nMean respondent domain scores. Cells resting on fewer than \(minimum) respondents show \(hidden); "
        text += "where a column has exactly one such cell, the next smallest is hidden too.\n\n"
        return text
    }

    /// National item results that may be shown.
    var visibleItems: [Int] {
        instrument.items.indices.filter { analysis.scores.nationalItems[$0].n >= minimum }
    }

    func challenges() -> String {
        let results = analysis.scores.nationalItems
        let ranked = visibleItems.sorted { a, b in
            let pa = results[a].percent ?? 0, pb = results[b].percent ?? 0
            return pa != pb ? pa < pb : a < b
        }
        var text = "## The five biggest challenges\n\n"
        guard !ranked.isEmpty else { return text + "No item was answered by enough respondents.\n\n" }
        text += "The items with the lowest % favourable (or % correct) across all respondents:\n\n"
        text += Markdown.table(["Item", "Statement", "n", "% favourable", "95% CI"], ranked.prefix(5).map(itemRow),
                               alignRight: [2, 3])
        text += "\n"
        return text
    }

    func itemRow(_ index: Int) -> [String] {
        let item = instrument.items[index]
        let result = analysis.scores.nationalItems[index]
        let interval = result.interval
        return [item.id, Markdown.escape(item.text), String(result.n), Markdown.score(result.percent),
                Markdown.interval(interval?.low, interval?.high)]
    }

    func confidenceSection() -> String {
        var text = ""
        for (index, domain) in instrument.domains.enumerated() {
            guard let finding = analysis.scores.nationalConfidenceKnowledge[index], let confidence = finding.confidence,
                  let knowledge = finding.knowledge, let gap = finding.gap
            else { continue }
            if text.isEmpty { text = "## Confidence versus knowledge\n\n" }
            text += "**\(Markdown.escape(domain.title))**: confidence \(Markdown.score(confidence)), knowledge "
            text += "\(Markdown.score(knowledge)). " + ConfidenceFinding.sentence(gap: gap, thresholds: instrument.thresholds) + "\n\n"
        }
        return text
    }

    func itemTable() -> String {
        var text = "## Every item\n\n"
        var rows: [[String]] = []
        for index in instrument.items.indices {
            if analysis.scores.nationalItems[index].n >= minimum {
                rows.append(itemRow(index))
            } else {
                let item = instrument.items[index]
                rows.append([item.id, Markdown.escape(item.text), hidden, "—", "—"])
            }
        }
        text += Markdown.table(["Item", "Statement", "n", "% favourable", "95% CI"], rows, alignRight: [2, 3])
        text += "\n% favourable: agree or strongly agree (disagree or strongly disagree for a reverse-worded statement); "
        text += "for knowledge questions, % correct. 95% Wilson intervals.\n\n"
        return text
    }

    func dataQuality() -> String {
        let responses = analysis.responses
        var text = "## Data quality\n\n"
        text += "Rows read \(responses.quality.rowsRead) = rows scored \(responses.respondents.count) + rows rejected "
        text += "\(responses.rejects.count). Rejected rows:\n\n"
        text += Markdown.table(["Reason", "Rows"], DataQualityReport.reasonCounts(responses.rejects).map { [$0.0.rawValue, String($0.1)] },
                               alignRight: [1])
        text += "\n\(responses.quality.straightLiners) respondents gave the same answer to every statement (straight-lining); "
        text += "they are flagged and kept.\n\n"
        return text
    }

    func methodology() -> String {
        let t = instrument.thresholds
        var text = "## Methodology\n\n"
        text += "- **Item scores**: a 1–5 answer v scores (v − 1) × 25, or (5 − v) × 25 for a reverse-worded statement; "
        text += "a knowledge question scores 100 when correct and 0 when wrong or don't know.\n"
        text += "- **Respondent domain score**: the mean of answered item scores, when at least max(1, ⌈\(t.minAnsweredFraction) × items⌉) "
        text += "items were answered.\n"
        text += "- **Organisation domain score**: the mean over respondents with a 95% t-interval mean ± t(0.975, n − 1) × SD / √n, "
        text += "published when n ≥ \(t.minRespondents).\n"
        text += "- **Overall readiness**: Σ weight × domain score / Σ weight, only when every domain is published. Weights: "
        text += instrument.domains.map { "\(Markdown.escape($0.title)) \(Manifest.number($0.weight))" }.joined(separator: ", ") + ".\n"
        text += "- **Levels**: " + instrument.levels.map { "\(Markdown.escape($0.name)) from \(Manifest.number($0.from))" }
            .joined(separator: ", ") + ".\n"
        text += "- **% favourable**: item score ≥ \(Manifest.number(t.favourableScore)), with 95% Wilson intervals.\n"
        text += "- **Change**: Welch's t-test, p-values adjusted by Benjamini–Hochberg within each family; significant when "
        text += "adjusted p ≤ \(t.alpha) and the change is at least \(Manifest.number(t.minChange)) points.\n"
        text += "- **Disclosure**: scores need \(t.minRespondents) respondents; national groups need \(t.minOrganisations) organisations.\n\n"
        text += "Reliability (Cronbach's alpha over respondents who answered every statement of the domain):\n\n"
        let rows = analysis.scores.reliability.map { reliability in
            [Markdown.escape(instrument.domains[reliability.domain].title), String(reliability.n),
             reliability.alpha.map { String(format: "%.2f", $0) } ?? "not computed"]
        }
        text += Markdown.table(["Domain", "n", "Alpha"], rows, alignRight: [1, 2])
        text += "\n"
        return text
    }

    func provenance() -> String {
        var text = "## Provenance\n\n"
        text += "Instrument `\(Markdown.escape(instrument.id))` version \(Markdown.escape(instrument.version)); "
        text += "readiness \(Pipeline.toolVersion). Inputs (SHA-256):\n\n"
        for input in analysis.inputs {
            text += "- `\(input.hash)` \(Markdown.escape(input.path))\n"
        }
        return text + "\n"
    }
}
