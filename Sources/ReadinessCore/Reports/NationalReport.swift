/// The national evidence report: aggregated, anonymous and disclosure-controlled, for
/// leaders to disseminate (SPEC §4.3, §4.6, §6), rendered from the `NationalView`.
///
/// It names no organisation, and no table is wider than 7 columns, so that it prints on a page.
public struct NationalReport {
    public let view: NationalView

    public init(_ view: NationalView) { self.view = view }

    var instrument: Instrument { view.instrument }
    var levelNames: [String] { instrument.levels.map(\.name) }

    /// What a hidden figure prints.
    static func label<Value>(_ figure: Published<Value>, _ shown: (Value) -> String) -> String {
        switch figure {
        case .shown(let value): return shown(value)
        case .hidden(let suppression): return suppression.label
        }
    }

    /// The files of the national folder, paths relative to it.
    public func files() -> [OutputFile] {
        var files =
            [
                OutputFile(path: "evidence.md", text: markdown()),
                OutputFile(path: "charts/domains.svg", text: domainChart()),
                OutputFile(path: "charts/levels-by-sector.svg", text: sectorChart()),
            ] + likertCharts.map { OutputFile(path: "charts/\($0.file)", text: likertChart($0.scale)) }
        if let journey = view.journey {
            files.append(OutputFile(path: "charts/journey.svg", text: journeyChart(journey)))
        }
        return files
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
        let rows = view.domains.map { row in
            RangeRow(
                label: row.title, median: row.distribution.value?.median, lower: row.distribution.value?.lower,
                upper: row.distribution.value?.upper, previousMedian: row.previousMedian,
                note: row.distribution.suppression?.reason)
        }
        return SVGChart.ranges(
            title: "Domain scores across organisations, \(view.wave.title)",
            description: domainChartDescription, rows: rows)
    }

    var domainChartDescription: String {
        let parts = view.domains.map { row in
            row.distribution.value.map {
                "\(row.title) median \(Markdown.score($0.median)) (IQR \(Markdown.interval($0.lower, $0.upper)))"
            } ?? "\(row.title) not shown"
        }
        return "Median organisation score out of 100 with the interquartile range, per domain: "
            + parts.joined(separator: "; ") + "."
    }

    var shownSectors: [(name: String, figures: SectorFigures)] {
        view.sectors.compactMap { sector in sector.figures.value.map { (sector.name, $0) } }
    }

    /// Organisations by overall level in each sector group shown.
    func sectorChart() -> String {
        let rows = shownSectors.map { StackedRow(label: $0.name, counts: $0.figures.levelCounts) }
        return SVGChart.stacked(
            title: "Organisations by overall level in each sector, \(view.wave.title)",
            description: sectorChartDescription, categories: levelNames, rows: rows)
    }

    var sectorChartDescription: String {
        let parts = shownSectors.map { sector in
            "\(sector.name): "
                + zip(levelNames, sector.figures.levelCounts).map { "\($1) \($0)" }.joined(separator: ", ")
        }
        return "Number of organisations at each overall level, by sector: " + parts.joined(separator: "; ") + "."
    }

    /// Likert items shown nationally, most favourable first, answers reverse-coded so that
    /// the right-hand side is always favourable.
    func likertRows(_ scale: AnswerScale) -> [(item: Int, result: ItemResult, row: DivergingRow)] {
        let shown = view.items.indices.compactMap { index -> (Int, ItemResult)? in
            let item = instrument.items[index]
            guard !item.isKnowledge, instrument.scale(of: item).name == scale.name, let result = view.items[index].value
            else { return nil }
            return (index, result)
        }
        let ranked = FavourableRanking.highestFirst(shown, percent: { $0.1.percent }, item: { $0.0 })
        return ranked.map { index, result in
            let item = instrument.items[index]
            let counts = item.isReverse ? Array(result.distribution.reversed()) : result.distribution
            return (index, result, DivergingRow(label: "\(item.id) \(item.text)", counts: counts))
        }
    }

    func likertChart(_ scale: AnswerScale) -> String {
        let title =
            scale.name == instrument.defaultScale
            ? "Agreement with every statement"
            : "Answers on the \(scale.name) scale"
        return SVGChart.diverging(
            title: "\(title), \(view.wave.title)", description: likertChartDescription(scale),
            labels: (1...scale.points).map(scale.label), points: scale.points,
            rows: likertRows(scale).map(\.row))
    }

    func likertChartDescription(_ scale: AnswerScale) -> String {
        let parts = likertRows(scale).map {
            "\(instrument.items[$0.item].id) \(Markdown.score($0.result.percent))% favourable"
        }
        return
            "Distribution of answers to each statement, reverse-worded statements flipped so that agreement on the right "
            + "is always favourable, sorted by % favourable: " + parts.joined(separator: "; ") + "."
    }

    public func markdown() -> String {
        var text = "# \(Markdown.escape(instrument.title)): national evidence, \(Markdown.escape(view.wave.title))\n\n"
        text += Markdown.syntheticNotice(view.synthetic)
        text += "Wave `\(view.wave.id)`, open \(view.wave.opens) to \(view.wave.closes). "
        text += "This report names no organisation. \(view.wording.nationalRule)\n\n"
        guard view.figuresPublishable else {
            text += atAGlance()
            text += dataQuality()
            text += methodology()
            text += GlossarySection.markdown(instrument.glossary)
            text += provenance()
            return text
        }
        text += atAGlance()
        text += domainSection()
        text += journeySection()
        text += sectorSection()
        text += breakdownSection(title: "Roles", label: "Role", breakdown: view.roles)
        text += signatorySection()
        text += challenges()
        text += confidenceSection()
        text += itemTable()
        text += dataQuality()
        text += methodology()
        text += GlossarySection.markdown(instrument.glossary)
        text += provenance()
        return text
    }

    func atAGlance() -> String {
        let taking = view.participation
        var text = "## At a glance\n\n"
        text += "- **\(taking.organisationsTakingPart)** of \(taking.registeredOrganisations) registered organisations "
        text += "took part (at least one response scored), with **\(taking.respondents)** respondents scored.\n"
        if taking.unregisteredResponses > 0 {
            text +=
                "- **\(taking.unregisteredResponses)** \(taking.unregisteredResponses == 1 ? "response" : "responses") "
            text +=
                "named an organisation that is not in the register and \(taking.unregisteredResponses == 1 ? "was" : "were") "
            text += "rejected: they are in no figure of this report (see Data quality).\n"
        }
        guard view.figuresPublishable else {
            return text + "\n" + view.wording.countsOnly + "\n\n"
        }
        let overall = view.domains.last
        text +=
            "- **\(taking.organisationsWithOverall)** organisations have an overall readiness score (every domain published)"
        if let distribution = overall?.distribution.value {
            text += "; their median is **\(Markdown.score(distribution.median))** "
            text += "(interquartile range \(Markdown.interval(distribution.lower, distribution.upper)))"
        }
        text += ".\n"
        if let previous = view.previousWave, let change = overall?.change?.value, let diff = change.diff,
            let cohort = change.cohort
        {
            text +=
                "- Since \(Markdown.escape(previous.title)), overall readiness changed by \(Markdown.signed(diff)) points "
            text +=
                "on average among the \(cohort.organisations) organisations scored in both waves: \(change.verdict.text).\n"
        }
        text += "\n"
        if let counts = overall?.levelCounts.value {
            text += "Organisations by overall level:\n\n"
            text += Markdown.tables(
                levelNames.map(Markdown.escape), [counts.map(String.init)],
                alignRight: Set(counts.indices), keep: 0)
            text += "\n"
        }
        return text
    }

    func domainSection() -> String {
        var rows: [[String]] = []
        var levels: [[String]] = []
        for row in view.domains {
            let title = Markdown.escape(row.title)
            guard let distribution = row.distribution.value else {
                let label = row.distribution.suppression?.label ?? "—"
                rows.append([title, String(row.organisations), label, "—", "—", "—"])
                continue
            }
            var change = "—"
            if let found = row.change?.value, let diff = found.diff {
                change = "\(Markdown.signed(diff)) \(found.verdict.text)"
            } else if let suppression = row.change?.suppression {
                change = suppression.label
            }
            rows.append([
                title, String(row.organisations), Self.label(distribution.mean, Markdown.score),
                Markdown.score(distribution.median),
                Markdown.interval(distribution.lower, distribution.upper), change,
            ])
            if let counts = row.levelCounts.value { levels.append([title] + counts.map(String.init)) }
        }
        var text = "## Domains\n\n"
        let changeHeader = view.previousWave.map { "Change since \(Markdown.escape($0.title))" } ?? "Change"
        text += Markdown.tables(
            ["Domain", "Organisations", "Mean", "Median", "Interquartile range", changeHeader],
            rows, alignRight: [1, 2, 3, 5])
        text += "\n![\(Markdown.escape(domainChartDescription))](charts/domains.svg)\n"
        text += "\nEach organisation counts once: the figures are over organisations' published scores. "
        if view.domains.contains(where: { $0.distribution.value?.mean.suppression != nil }) {
            text += "The means read \"hidden\" this wave: a few organisations are published in some domain but have no "
            text += "overall score, and the domains' means against the overall mean would give their scores away. "
        }
        if view.previousWave != nil {
            text +=
                "A change is the mean change of the organisations published in both waves, so organisations joining or "
            text += "leaving do not move it; it is tested by a paired t-test. ▲ and ▼ mark significant rises and falls "
            text += "(Benjamini–Hochberg adjusted p ≤ \(instrument.thresholds.alpha), change of at least "
            text +=
                "\(Markdown.score(instrument.thresholds.minChange)) points). A change is not shown when it rests on fewer "
            text +=
                "organisations than any other figure may, or when it would give away the scores of a few organisations."
        }
        text += "\n\n"
        if !levels.isEmpty {
            text += "Organisations by level in each domain:\n\n"
            text += Markdown.tables(
                ["Domain"] + levelNames.map(Markdown.escape), levels, alignRight: Set(1...levelNames.count))
            text += "\n"
        }
        return text
    }

    func sectorSection() -> String {
        var text = "## Sectors\n\n"
        guard !view.sectors.isEmpty else {
            return text + "No organisation has an overall score, so there is no sector comparison.\n\n"
        }
        var rows: [[String]] = []
        var medianRows: [[String]] = []
        var levelRows: [[String]] = []
        for sector in view.sectors {
            let name = Markdown.escape(sector.name)
            guard let figures = sector.figures.value else {
                let label = sector.figures.suppression?.label ?? "—"
                rows.append([name, String(sector.organisations), label, "—"])
                continue
            }
            rows.append([
                name, String(sector.organisations), Markdown.score(figures.median),
                Markdown.interval(figures.lower, figures.upper),
            ])
            medianRows.append([name] + figures.domainMedians.map(Markdown.score))
            levelRows.append([name] + figures.levelCounts.map(String.init))
        }
        text += Markdown.tables(
            ["Sector", "Organisations", "Median overall", "Interquartile range"], rows, alignRight: [1, 2])
        text += "\n![\(Markdown.escape(sectorChartDescription))](charts/levels-by-sector.svg)\n"
        text += "\nOrganisations with an overall score. \(view.wording.sectorRule)\n\n"
        if !medianRows.isEmpty {
            text += "Median domain scores in each sector shown:\n\n"
            text += Markdown.tables(
                ["Sector"] + instrument.domains.map { Markdown.escape($0.title) }, medianRows,
                alignRight: Set(1...instrument.domains.count))
            text += "\n"
        }
        if !levelRows.isEmpty {
            text += "Organisations by overall level in each sector shown:\n\n"
            text += Markdown.tables(
                ["Sector"] + levelNames.map(Markdown.escape), levelRows, alignRight: Set(1...levelNames.count))
            text += "\n"
        }
        return text
    }

    /// A breakdown of respondent domain scores; each cell decided on its own respondents.
    func breakdownSection(title: String, label: String, breakdown: NationalBreakdown) -> String {
        var text = "## \(title)\n\n"
        guard !breakdown.groups.isEmpty else { return text + "No respondents.\n\n" }
        let rows = breakdown.groups.indices.map { row -> [String] in
            [Markdown.escape(breakdown.groups[row]), Self.label(breakdown.respondents[row]) { String($0) }]
                + instrument.domains.indices.map { Self.label(breakdown.domainMeans[$0][row], Markdown.oneDecimal) }
        }
        text += Markdown.tables(
            [label, "Respondents"] + instrument.domains.map { Markdown.escape($0.title) },
            rows, alignRight: Set(1...(1 + instrument.domains.count)))
        text +=
            "\nMean respondent domain scores. \(view.wording.fewRespondentsLabel): fewer than \(view.wording.respondents); "
        text +=
            "\(view.wording.fewOrganisationsLabel): too few organisations; \"hidden\": hidden so that another hidden "
        text += "cell cannot be worked out from the total.\n\n"
        return text
    }

    func challenges() -> String {
        var text = "## The five biggest challenges\n\n"
        guard !view.challenges.isEmpty else {
            return text + "No item rests on enough respondents and organisations.\n\n"
        }
        text += "The items with the lowest % favourable (or % correct) across all respondents:\n\n"
        text += Markdown.table(
            ["Item", "Statement", "n", "% favourable", "95% CI"], view.challenges.prefix(5).map(itemRow),
            alignRight: [2, 3])
        text += "\n"
        return text
    }

    func itemRow(_ index: Int) -> [String] {
        let item = instrument.items[index]
        guard let result = view.items[index].value else {
            return [item.id, Markdown.escape(item.text), view.items[index].suppression?.label ?? "—", "—", "—"]
        }
        let interval = result.interval
        return [
            item.id, Markdown.escape(item.text), String(result.n), Markdown.score(result.percent),
            Markdown.interval(interval?.low, interval?.high),
        ]
    }

    func confidenceSection() -> String {
        var text = ""
        for (index, domain) in instrument.domains.enumerated() {
            guard let figure = view.confidence[index] else { continue }
            if text.isEmpty { text = "## Confidence versus knowledge\n\n" }
            guard let shown = figure.value else {
                text += "**\(Markdown.escape(domain.title))**: not shown (\(figure.suppression?.reason ?? "")).\n\n"
                continue
            }
            text += "**\(Markdown.escape(domain.title))**: confidence \(Markdown.score(shown.confidence)), knowledge "
            text +=
                "\(Markdown.score(shown.knowledge)). "
                + ConfidenceFinding.sentence(gap: shown.gap, thresholds: instrument.thresholds) + "\n\n"
        }
        return text
    }

    func itemTable() -> String {
        var text = "## Every item\n\n"
        text += Markdown.table(
            ["Item", "Statement", "n", "% favourable", "95% CI"], instrument.items.indices.map(itemRow),
            alignRight: [2, 3])
        for (scale, file) in likertCharts where !likertRows(scale).isEmpty {
            text += "\n![\(Markdown.escape(likertChartDescription(scale)))](charts/\(file))\n"
        }
        text +=
            "\n% favourable: agree or strongly agree (disagree or strongly disagree for a reverse-worded statement); "
        text += "for knowledge questions, % correct. 95% Wilson intervals.\n\n"
        return text
    }

    func dataQuality() -> String {
        let quality = view.quality
        var text = "## Data quality\n\n"
        text +=
            "Rows read \(quality.rowsRead) = rows scored \(quality.scored) + rows rejected \(quality.rejectedTotal). "
        text += "Rejected rows:\n\n"
        text += Markdown.table(
            ["Reason", "Rows"], quality.rejected.map { [$0.reason.rawValue, String($0.rows)] }, alignRight: [1])
        let unregistered = view.participation
        if unregistered.unregisteredResponses > 0 {
            let codes = unregistered.unregisteredCodes
            text +=
                "\n\(unregistered.unregisteredResponses) \(unregistered.unregisteredResponses == 1 ? "response was" : "responses were") "
            text += "rejected because the organisation given is not in the register (unknown_organisation"
            text += codes > 0 ? ", \(codes) different organisation \(codes == 1 ? "code" : "codes"))" : ")"
            text +=
                ". Organisations take part only through responses that are scored, so any organisation behind these "
            text += "responses is not counted as taking part and is in no figure of this report.\n"
        }
        text += "\n\(quality.straightLiners) respondents gave the same answer to every statement (straight-lining); "
        text += "they are flagged and kept.\n\n"
        return text
    }

    func methodology() -> String {
        var text = "## Methodology\n\n"
        for statement in MethodStatements.all(view, escape: Markdown.escape) {
            text += "- **\(statement.term)**: \(statement.text)\n"
        }
        text += "\n"
        guard view.figuresPublishable, !view.reliability.isEmpty else { return text }
        text += "Reliability (Cronbach's alpha over respondents who answered every statement of the domain):\n\n"
        let rows = view.reliability.map { reliability -> [String] in
            let alpha: String
            switch reliability.alpha {
            case .shown(let value): alpha = value.map { String(format: "%.2f", $0) } ?? "not computed"
            case .hidden(let suppression): alpha = suppression.label
            }
            return [
                Markdown.escape(instrument.domains[reliability.domain].title), String(reliability.respondents), alpha,
            ]
        }
        text += Markdown.table(["Domain", "n", "Alpha"], rows, alignRight: [1, 2])
        text += "\n"
        return text
    }

    func provenance() -> String {
        var text = "## Provenance\n\n"
        text += "Instrument \(Markdown.escape(instrument.id)) version \(Markdown.escape(instrument.version)); "
        text += "readiness \(ToolVersion.current). Inputs (SHA-256):\n\n"
        for input in view.inputs {
            text += "- `\(input.hash)` \(Markdown.escape(input.path))\n"
        }
        return text + "\n"
    }
}
