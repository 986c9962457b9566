/// The national evidence report: aggregated, anonymous and disclosure-controlled, for
/// leaders to disseminate (SPEC §4.3, §6). It names no organisation.
public struct NationalReport {
    let analysis: WaveAnalysis
    let tables: NationalTables

    public init(_ analysis: WaveAnalysis) {
        self.analysis = analysis
        tables = NationalTables(analysis)
    }

    var instrument: Instrument { analysis.instrument }
    var minimum: Int { instrument.thresholds.minRespondents }
    var hidden: String { "<\(minimum)" }

    /// The files of the national folder, paths relative to it.
    public func files() -> [OutputFile] {
        [
            OutputFile(path: "evidence.md", text: markdown()),
            OutputFile(path: "charts/domains.svg", text: domainChart()),
            OutputFile(path: "charts/levels-by-sector.svg", text: sectorChart()),
        ] + likertCharts.map { OutputFile(path: "charts/\($0.file)", text: likertChart($0.scale)) }
    }

    /// One diverging chart per scale in use (SPEC §8.1): `likert-items.svg` for the
    /// `default_scale` (always written), `likert-items-<scale>.svg` for each other.
    var likertCharts: [(scale: AnswerScale, file: String)] {
        let defaultScale = instrument.scale(named: instrument.defaultScale) ?? instrument.builtInScale
        return [(defaultScale, "likert-items.svg")]
            + instrument.scalesInUse.filter { $0.name != defaultScale.name }.map { ($0, "likert-items-\($0.name).svg") }
    }

    /// National medians with interquartile ranges, and the previous wave's medians.
    func domainChart() -> String {
        let rows = tables.domains.map { row in
            RangeRow(label: row.title, median: row.median, lower: row.lower, upper: row.upper,
                     previousMedian: row.previousMedian,
                     note: row.median == nil ? "fewer than \(instrument.thresholds.minOrganisations) published organisations" : nil)
        }
        return SVGChart.ranges(title: "Domain scores across organisations, \(analysis.wave.title)",
                               description: domainChartDescription, rows: rows)
    }

    var domainChartDescription: String {
        let parts = tables.domains.map { row in
            row.median.map { "\(row.title) median \(Markdown.score($0)) (IQR \(Markdown.interval(row.lower, row.upper)))" }
                ?? "\(row.title) not shown"
        }
        return "Median organisation score out of 100 with the interquartile range, per domain: " + parts.joined(separator: "; ") + "."
    }

    /// Organisations by overall level in each sector group shown.
    func sectorChart() -> String {
        let rows = tables.sectors.filter { !$0.suppressed }.map { StackedRow(label: $0.name, counts: $0.levelCounts) }
        return SVGChart.stacked(title: "Organisations by overall level in each sector, \(analysis.wave.title)",
                                description: sectorChartDescription, categories: levelNames, rows: rows)
    }

    var sectorChartDescription: String {
        let parts = tables.sectors.filter { !$0.suppressed }.map { sector in
            "\(sector.name): " + zip(levelNames, sector.levelCounts).map { "\($1) \($0)" }.joined(separator: ", ")
        }
        return "Number of organisations at each overall level, by sector: " + parts.joined(separator: "; ") + "."
    }

    /// Likert items shown nationally, most favourable first, answers reverse-coded so that
    /// the right-hand side is always favourable.
    func likertRows(_ scale: AnswerScale) -> [(item: Int, row: DivergingRow)] {
        let items = analysis.scores.nationalItems
        let shown = tables.visibleItems.filter {
            !instrument.items[$0].isKnowledge && instrument.scale(of: instrument.items[$0]).name == scale.name
        }
        let ranked = shown.sorted { a, b in
            let pa = items[a].percent ?? 0, pb = items[b].percent ?? 0
            return pa != pb ? pa > pb : a < b
        }
        return ranked.map { index in
            let item = instrument.items[index]
            let counts = item.isReverse ? Array(items[index].distribution.reversed()) : items[index].distribution
            return (index, DivergingRow(label: "\(item.id) \(item.text)", counts: counts))
        }
    }

    func likertChart(_ scale: AnswerScale) -> String {
        let title = scale.name == instrument.defaultScale ? "Agreement with every statement"
            : "Answers on the \(scale.name) scale"
        return SVGChart.diverging(title: "\(title), \(analysis.wave.title)", description: likertChartDescription(scale),
                                  labels: (1...scale.points).map(scale.label), points: scale.points,
                                  rows: likertRows(scale).map(\.row))
    }

    func likertChartDescription(_ scale: AnswerScale) -> String {
        let items = analysis.scores.nationalItems
        let parts = likertRows(scale).map { "\(instrument.items[$0.item].id) \(Markdown.score(items[$0.item].percent))% favourable" }
        return "Distribution of answers to each statement, reverse-worded statements flipped so that agreement on the right "
            + "is always favourable, sorted by % favourable: " + parts.joined(separator: "; ") + "."
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
        text += breakdownSection(title: "Roles", label: "Role", breakdown: tables.roles)
        text += breakdownSection(title: "Charter signatories and non-signatories", label: "Group",
                                 breakdown: tables.signatories)
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

    func atAGlance() -> String {
        let scores = analysis.scores
        let overall = analysis.national.overall
        var text = "## At a glance\n\n"
        text += "- **\(scores.organisations.count)** of \(analysis.register.organisations.count) registered organisations "
        text += "took part, with **\(analysis.responses.scored)** respondents scored.\n"
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
            let counts = tables.domains.last?.levelCounts ?? []
            text += Markdown.table(levelNames.map(Markdown.escape), [counts.map(String.init)],
                                   alignRight: Set(counts.indices))
            text += "\n"
        }
        return text
    }

    func domainSection() -> String {
        var rows: [[String]] = []
        var levels: [[String]] = []
        for row in tables.domains {
            let title = Markdown.escape(row.title)
            guard let median = row.median else {
                rows.append([title, String(row.organisations), "—", "—", "—", "—"])
                continue
            }
            var change = "—"
            if let found = row.change, let diff = found.diff {
                change = Markdown.signed(diff) + (found.significant ? " \(found.arrow)" : "")
            }
            rows.append([title, String(row.organisations), Markdown.score(row.mean), Markdown.score(median),
                         Markdown.interval(row.lower, row.upper), change])
            levels.append([title] + (row.levelCounts ?? []).map(String.init))
        }
        var text = "## Domains\n\n"
        let changeHeader = analysis.previousWave.map { "Change in mean since \(Markdown.escape($0.title))" } ?? "Change"
        text += Markdown.table(["Domain", "Organisations", "Mean", "Median", "Interquartile range", changeHeader],
                               rows, alignRight: [1, 2, 3, 5])
        text += "\n![\(Markdown.escape(domainChartDescription))](charts/domains.svg)\n"
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
        var text = "## Sectors\n\n"
        guard !tables.sectors.isEmpty else {
            return text + "No organisation has an overall score, so there is no sector comparison.\n\n"
        }
        var rows: [[String]] = []
        var levelRows: [[String]] = []
        for sector in tables.sectors {
            let name = Markdown.escape(sector.name)
            if sector.suppressed {
                rows.append([name, "<\(instrument.thresholds.minOrganisations)", "—", "—"] + instrument.domains.map { _ in "—" })
                continue
            }
            rows.append([name, String(sector.organisations), Markdown.score(sector.median),
                         Markdown.interval(sector.lower, sector.upper)] + sector.domainMedians.map(Markdown.score))
            levelRows.append([name] + sector.levelCounts.map(String.init))
        }
        text += Markdown.table(["Sector", "Organisations", "Median overall", "Interquartile range"]
                               + instrument.domains.map { "Median \(Markdown.escape($0.title))" },
                               rows, alignRight: Set(1..<(4 + instrument.domains.count)))
        text += "\n![\(Markdown.escape(sectorChartDescription))](charts/levels-by-sector.svg)\n"
        text += "\nOrganisations with an overall score. A sector with fewer than \(instrument.thresholds.minOrganisations) "
        text += "such organisations is merged into \"\(Disclosure.otherSectors)\", which is hidden when still too small.\n\n"
        if !levelRows.isEmpty {
            text += "Organisations by overall level in each sector:\n\n"
            text += Markdown.table(["Sector"] + levelNames.map(Markdown.escape), levelRows, alignRight: Set(1...levelNames.count))
            text += "\n"
        }
        return text
    }

    /// A breakdown of respondent domain scores; each column is suppressed on its own counts.
    func breakdownSection(title: String, label: String, breakdown: NationalTables.Breakdown) -> String {
        var text = "## \(title)\n\n"
        guard !breakdown.groups.isEmpty else { return text + "No respondents.\n\n" }
        let rows = breakdown.groups.indices.map { row -> [String] in
            var cells = [Markdown.escape(breakdown.groups[row]), breakdown.respondents[row].value.map(String.init) ?? hidden]
            for domain in instrument.domains.indices {
                cells.append(breakdown.domainMeans[domain][row].value.map(Markdown.oneDecimal) ?? hidden)
            }
            return cells
        }
        text += Markdown.table([label, "Respondents"] + instrument.domains.map { Markdown.escape($0.title) },
                               rows, alignRight: Set(1...(1 + instrument.domains.count)))
        text += "\nMean respondent domain scores. Cells resting on fewer than \(minimum) respondents show \(hidden); "
        text += "where a column has exactly one such cell, the next smallest is hidden too.\n\n"
        return text
    }

    func challenges() -> String {
        var text = "## The five biggest challenges\n\n"
        guard !tables.challenges.isEmpty else { return text + "No item was answered by enough respondents.\n\n" }
        text += "The items with the lowest % favourable (or % correct) across all respondents:\n\n"
        text += Markdown.table(["Item", "Statement", "n", "% favourable", "95% CI"], tables.challenges.prefix(5).map(itemRow),
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
            if tables.visibleItems.contains(index) {
                rows.append(itemRow(index))
            } else {
                let item = instrument.items[index]
                rows.append([item.id, Markdown.escape(item.text), hidden, "—", "—"])
            }
        }
        text += Markdown.table(["Item", "Statement", "n", "% favourable", "95% CI"], rows, alignRight: [2, 3])
        for (scale, file) in likertCharts where !likertRows(scale).isEmpty {
            text += "\n![\(Markdown.escape(likertChartDescription(scale)))](charts/\(file))\n"
        }
        text += "\n% favourable: agree or strongly agree (disagree or strongly disagree for a reverse-worded statement); "
        text += "for knowledge questions, % correct. 95% Wilson intervals.\n\n"
        return text
    }

    func dataQuality() -> String {
        let responses = analysis.responses
        var text = "## Data quality\n\n"
        text += "Rows read \(responses.quality.rowsRead) = rows scored \(responses.scored) + rows rejected "
        text += "\(responses.rejects.count). Rejected rows:\n\n"
        text += Markdown.table(["Reason", "Rows"], DataQualityReport.reasonCounts(responses.rejects, quality: responses.quality).map { [$0.0.rawValue, String($0.1)] },
                               alignRight: [1])
        text += "\n\(responses.quality.straightLiners) respondents gave the same answer to every statement (straight-lining); "
        text += "they are flagged and kept.\n\n"
        return text
    }

    func methodology() -> String {
        let t = instrument.thresholds
        var text = "## Methodology\n\n"
        text += instrument.declaresScales
            ? "- **Item scores**: point i of a k-point scale scores 100 × (i − 1) / (k − 1), or 100 × (k − i) / (k − 1) for a "
                + "reverse-worded statement; "
            : "- **Item scores**: a 1–5 answer v scores (v − 1) × 25, or (5 − v) × 25 for a reverse-worded statement; "
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
