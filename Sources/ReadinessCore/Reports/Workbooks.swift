/// The three workbooks of SPEC §5 as pure `WorkbookModel` values; `Workbook` writes them.
public enum Workbooks {
    /// Level fills from pale warm (lowest) to cool (highest), readable with black text.
    static func levelFills(_ levels: [Level]) -> [String: UInt32] {
        let palette: [UInt32] = [0xF4A582, 0xFDDBC7, 0xD1E5F0, 0x92C5DE, 0x4393C3, 0x2166AC]
        var fills: [String: UInt32] = [:]
        for (index, level) in levels.enumerated() {
            let position = levels.count == 1 ? 0 : index * (palette.count - 1) / (levels.count - 1)
            fills[level.name] = palette[min(position, palette.count - 1)]
        }
        return fills
    }

    static func created(_ analysis: WaveAnalysis) -> WorkbookDate {
        WorkbookDate(year: analysis.wave.closes.year, month: analysis.wave.closes.month, day: analysis.wave.closes.day)
    }

    static func number(_ value: Double?) -> Cell { value.map(Cell.number) ?? .blank }
    static func integer(_ value: Int?) -> Cell { value.map { Cell.number(Double($0)) } ?? .blank }
    static func proportion(_ result: ItemResult) -> Cell { result.percent.map { .number($0 / 100) } ?? .blank }
    static func interval(_ result: ItemResult) -> (Cell, Cell) {
        guard let interval = result.interval else { return (.blank, .blank) }
        return (.number(interval.low / 100), .number(interval.high / 100))
    }
    static func level(_ name: String?) -> Cell { name.map(Cell.level) ?? .blank }

    static let blue: UInt32 = 0x0072B2, orange: UInt32 = 0xE69F00, grey: UInt32 = 0x999999

    static func syntheticBanner(_ analysis: WaveAnalysis, _ text: String) -> String {
        analysis.synthetic ? "SYNTHETIC DATA: every organisation and figure is fictional. " + text : text
    }

    // MARK: National

    /// `national/evidence.xlsx`: the national report's figures, disclosure-controlled.
    public static func national(_ analysis: WaveAnalysis) -> WorkbookModel {
        let instrument = analysis.instrument
        let tables = NationalTables(analysis)
        let hidden = "<\(instrument.thresholds.minRespondents)"
        let banner = syntheticBanner(analysis, "\(instrument.title): national evidence, \(analysis.wave.title). Names no organisation.")
        var sheets: [Sheet] = []

        // Summary
        let overall = tables.domains.last
        var summaryRows: [[Cell]] = [
            [.text("Wave"), .text("\(analysis.wave.title) (\(analysis.wave.opens) to \(analysis.wave.closes))")],
            [.text("Organisations taking part"), integer(analysis.scores.organisations.count)],
            [.text("Registered organisations"), integer(analysis.register.organisations.count)],
            [.text("Respondents scored"), integer(analysis.responses.scored)],
            [.text("Organisations with an overall score"), integer(overall?.organisations)],
            [.text("Median overall readiness"), number(overall?.median)],
            [.text("Lower quartile"), number(overall?.lower)],
            [.text("Upper quartile"), number(overall?.upper)],
        ]
        if let counts = overall?.levelCounts {
            for (level, count) in zip(instrument.levels, counts) {
                summaryRows.append([.text("Organisations at level \(level.name)"), integer(count)])
            }
        }
        sheets.append(Sheet(name: "Summary", banner: banner, columns: [Column("Measure"), Column("Value", format: .score)],
                            rows: summaryRows, style: .plain))

        // Domains, with the interquartile-range chart.
        let hasChange = analysis.previousWave != nil
        var domainColumns = [Column("Domain"), Column("Organisations", format: .integer), Column("Mean", format: .score),
                             Column("Lower quartile", format: .score), Column("Median", format: .score),
                             Column("Upper quartile", format: .score)]
        domainColumns += instrument.levels.map { Column("Level \($0.name)", format: .integer) }
        if hasChange {
            domainColumns += [Column("Change in mean", format: .score), Column("Adjusted p", format: .pValue),
                              Column("Significant")]
        }
        let domainRows = tables.domains.map { row -> [Cell] in
            var cells: [Cell] = [.text(row.title), integer(row.organisations), number(row.mean), number(row.lower),
                                 number(row.median), number(row.upper)]
            cells += instrument.levels.indices.map { index in integer(row.levelCounts?[index]) }
            if hasChange {
                cells += [number(row.change?.diff), number(row.change?.adjustedP),
                          .text(row.change.map { $0.significant ? "yes \($0.arrow)" : "no" } ?? "")]
            }
            return cells
        }
        let lastDomainRow = Sheet.firstDataRow + domainRows.count - 1
        func domainSeries(_ name: String, _ column: Int, colour: UInt32? = nil, noFill: Bool = false,
                          marker: ChartSeries.Marker = .none) -> ChartSeries {
            ChartSeries(name: name, sheet: "Domains", categoryColumn: 0, valueColumn: column, firstRow: Sheet.firstDataRow,
                        lastRow: lastDomainRow, colour: colour, noFill: noFill, marker: marker, showsLine: false)
        }
        let domainChart = Chart(
            kind: .line, title: "Domain scores: median and interquartile range", yAxisTitle: "Score (0–100)",
            valueAxisMin: 0, valueAxisMax: 100,
            series: [domainSeries("Lower quartile", 3, noFill: true), domainSeries("Median", 4, colour: blue, marker: .circle),
                     domainSeries("Upper quartile", 5, noFill: true)],
            anchorRow: lastDomainRow + 3, anchorColumn: 0, upDownBars: 0xC6DBEF)
        sheets.append(Sheet(name: "Domains", banner: banner, columns: domainColumns, rows: domainRows,
                            notes: ["Over organisations' published scores; each organisation counts once. "
                                    + "Figures need \(instrument.thresholds.minOrganisations) published organisations."],
                            charts: [domainChart]))

        // Sectors, with organisations by level.
        var sectorColumns = [Column("Sector"), Column("Organisations", format: .integer), Column("Lower quartile", format: .score),
                             Column("Median overall", format: .score), Column("Upper quartile", format: .score)]
        sectorColumns += instrument.levels.map { Column($0.name, format: .integer) }
        sectorColumns += instrument.domains.map { Column("Median \($0.title)", format: .score) }
        let sectorRows = tables.sectors.map { sector -> [Cell] in
            if sector.suppressed {
                return [.text(sector.name), .text("<\(instrument.thresholds.minOrganisations)")]
                    + Array(repeating: .blank, count: sectorColumns.count - 2)
            }
            return [.text(sector.name), integer(sector.organisations), number(sector.lower), number(sector.median),
                    number(sector.upper)] + sector.levelCounts.map(integer) + sector.domainMedians.map(number)
        }
        let shownSectors = tables.sectors.prefix { !$0.suppressed }.count
        var sectorCharts: [Chart] = []
        if shownSectors > 0 {
            let lastRow = Sheet.firstDataRow + shownSectors - 1
            sectorCharts.append(Chart(
                kind: .barStacked, title: "Organisations by overall level in each sector", xAxisTitle: "Organisations",
                series: instrument.levels.enumerated().map { index, level in
                    ChartSeries(name: level.name, sheet: "Sectors", categoryColumn: 0, valueColumn: 5 + index,
                                firstRow: Sheet.firstDataRow, lastRow: lastRow, colour: levelFills(instrument.levels)[level.name],
                                dataLabels: true)
                },
                anchorRow: Sheet.firstDataRow + sectorRows.count + 3, anchorColumn: 0, reverseCategories: true))
        }
        sheets.append(Sheet(name: "Sectors", banner: banner, columns: sectorColumns, rows: sectorRows,
                            notes: ["Organisations with an overall score. Sectors with fewer than "
                                    + "\(instrument.thresholds.minOrganisations) are merged into \"\(Disclosure.otherSectors)\", "
                                    + "hidden when still too small."],
                            charts: sectorCharts))

        // Roles and signatories.
        func breakdownSheet(_ name: String, _ label: String, _ breakdown: NationalTables.Breakdown) -> Sheet {
            let rows = breakdown.groups.indices.map { row -> [Cell] in
                [.text(breakdown.groups[row]), breakdown.respondents[row].value.map { .number(Double($0)) } ?? .text(hidden)]
                    + instrument.domains.indices.map { breakdown.domainMeans[$0][row].value.map(Cell.number) ?? .text(hidden) }
            }
            return Sheet(name: name, banner: banner,
                         columns: [Column(label), Column("Respondents", format: .integer)]
                            + instrument.domains.map { Column($0.title, format: .score) },
                         rows: rows,
                         notes: ["Mean respondent domain scores. Cells resting on fewer than "
                                 + "\(instrument.thresholds.minRespondents) respondents show \(hidden), and the next smallest "
                                 + "in a column with exactly one such cell."])
        }
        sheets.append(breakdownSheet("Roles", "Role", tables.roles))
        sheets.append(breakdownSheet("Signatories", "Group", tables.signatories))

        // Items.
        let items = analysis.scores.nationalItems
        let instrumentItems = instrument.items  // computed from the domains on every access
        let itemRows = instrumentItems.indices.map { index -> [Cell] in
            let item = instrumentItems[index]
            let domain = instrument.domains.first { $0.items.contains(item) }?.title ?? ""
            let kind: String = item.isKnowledge ? "knowledge" : (item.isReverse ? "likert (reverse)" : "likert")
            guard tables.visibleItems.contains(index) else {
                return [.text(item.id), .text(domain), .text(item.text), .text(kind), .text(hidden), .blank, .blank, .blank]
            }
            let (low, high) = interval(items[index])
            return [.text(item.id), .text(domain), .text(item.text), .text(kind), integer(items[index].n),
                    proportion(items[index]), low, high]
        }
        sheets.append(Sheet(name: "Items", banner: banner,
                            columns: [Column("Item"), Column("Domain"), Column("Statement", width: 60), Column("Type"),
                                      Column("n", format: .integer), Column("% favourable", format: .percent),
                                      Column("95% CI low", format: .percent), Column("95% CI high", format: .percent)],
                            rows: itemRows, notes: ["% favourable: agree or strongly agree (disagree for reverse-worded "
                                                    + "statements); knowledge: % correct. 95% Wilson intervals."],
                            style: .table))

        // Likert distributions, most favourable first, with the stacked bar chart: one sheet
        // per scale in use (SPEC §8.1), "Likert" for the default scale.
        let defaultScale = instrument.scale(named: instrument.defaultScale) ?? instrument.builtInScale
        let scales = [defaultScale] + instrument.scalesInUse.filter { $0.name != defaultScale.name }
        for scale in scales {
            let sheetName = scale.name == defaultScale.name ? "Likert"
                : ("Likert \(scale.name)".count <= 31 ? "Likert \(scale.name)" : "Likert \(sheets.count + 1)")
            let likert = tables.visibleItems.filter {
                !instrumentItems[$0].isKnowledge && instrument.scale(of: instrumentItems[$0]).name == scale.name
            }.sorted { a, b in
                let pa = items[a].percent ?? 0, pb = items[b].percent ?? 0
                return pa != pb ? pa > pb : a < b
            }
            let labels = (1...scale.points).map(scale.label)
            let likertRows = likert.map { index -> [Cell] in
                let item = instrumentItems[index]
                let counts = item.isReverse ? Array(items[index].distribution.reversed()) : items[index].distribution
                return [.text(item.id), .text(item.text)] + counts.map { .number(Double($0) / Double(max(1, items[index].n))) }
                    + [proportion(items[index])]
            }
            var likertCharts: [Chart] = []
            if !likertRows.isEmpty {
                let palette = SVGPalette.diverging(points: scale.points).map { UInt32($0.dropFirst(), radix: 16)! }
                let lastRow = Sheet.firstDataRow + likertRows.count - 1
                likertCharts.append(Chart(
                    kind: .barPercentStacked, title: "Answers to every statement (favourable on the right)",
                    series: labels.enumerated().map { index, label in
                        ChartSeries(name: label, sheet: sheetName, categoryColumn: 0, valueColumn: 2 + index,
                                    firstRow: Sheet.firstDataRow, lastRow: lastRow,
                                    colour: scale.points == 5 ? Self.likertPalette[index] : palette[index])
                    },
                    anchorRow: lastRow + 3, anchorColumn: 0, height: max(400, 24 * likertRows.count + 120),
                    reverseCategories: true))
            }
            guard scale.name == defaultScale.name || !likertRows.isEmpty else { continue }
            var notes = ["Share of answers; reverse-worded statements are flipped so that the right-hand side "
                         + "is always favourable. Sorted by % favourable."]
            if scale.name != defaultScale.name { notes.append("Items answered on the \(scale.name) scale.") }
            sheets.append(Sheet(name: sheetName, banner: banner,
                                columns: [Column("Item"), Column("Statement", width: 60)]
                                    + labels.map { Column($0, format: .percent) }
                                    + [Column("% favourable", format: .percent)],
                                rows: likertRows, notes: notes, charts: likertCharts))
        }

        sheets.append(dataQualitySheet(analysis, banner: banner))
        sheets.append(Sheet(name: "Method", banner: banner, columns: [Column("Method", width: 100)],
                            rows: methodLines(analysis).map { [.text($0)] }, style: .plain))
        return WorkbookModel(title: "\(instrument.title): national evidence, \(analysis.wave.title)",
                             subject: "Information-sharing readiness", created: created(analysis), sheets: sheets,
                             levelFills: levelFills(instrument.levels))
    }

    /// The workbook's colours of a 5-point scale, as they always were.
    static let likertPalette: [UInt32] = [0xB2182B, 0xEF8A62, 0xBDBDBD, 0x67A9CF, 0x2166AC]

    static func dataQualitySheet(_ analysis: WaveAnalysis, banner: String) -> Sheet {
        let responses = analysis.responses
        var rows: [[Cell]] = [
            [.text("Rows read"), integer(responses.quality.rowsRead)],
            [.text("Rows scored"), integer(responses.scored)],
            [.text("Rows rejected"), integer(responses.rejects.count)],
        ]
        for (reason, count) in DataQualityReport.reasonCounts(responses.rejects, quality: responses.quality) {
            rows.append([.text("Rejected: \(reason.rawValue)"), integer(count)])
        }
        rows += [
            [.text("Invalid item values (scored rows)"), integer(responses.quality.invalidValues.reduce(0, +))],
            [.text("Unparseable submitted_at"), integer(responses.quality.unparseableDates)],
            [.text("Roles not in the instrument"), integer(responses.quality.invalidRoles)],
            [.text("Straight-lining (flagged, kept)"), integer(responses.quality.straightLiners)],
        ]
        return Sheet(name: "Data quality", banner: banner, columns: [Column("Check"), Column("Rows", format: .integer)],
                     rows: rows, notes: ["rows read = rows scored + rows rejected"], style: .plain)
    }

    static func methodLines(_ analysis: WaveAnalysis) -> [String] {
        let instrument = analysis.instrument
        let t = instrument.thresholds
        var lines = [
            instrument.declaresScales
                ? "Item scores: point i of a k-point scale scores 100 × (i − 1) / (k − 1), or 100 × (k − i) / (k − 1) for a reverse-worded statement; knowledge 100 if correct, else 0."
                : "Item scores: a 1–5 answer v scores (v − 1) × 25, or (5 − v) × 25 for a reverse-worded statement; knowledge 100 if correct, else 0.",
            "Respondent domain score: the mean of answered item scores, when at least max(1, ceil(\(t.minAnsweredFraction) × items)) were answered.",
            "Organisation domain score: mean with a 95% t-interval; published when n ≥ \(t.minRespondents).",
            "Overall readiness: Σ weight × domain score / Σ weight, only when every domain is published.",
            "Levels: " + instrument.levels.map { "\($0.name) from \(Manifest.number($0.from))" }.joined(separator: ", ") + ".",
            instrument.declaresScales
                ? "% favourable: the scale's favourable points (mirrored on a reverse-worded statement); on the built-in scale, item score ≥ \(Manifest.number(t.favourableScore)); with 95% Wilson intervals."
                : "% favourable: item score ≥ \(Manifest.number(t.favourableScore)), with 95% Wilson intervals.",
            "Change: Welch's t-test, Benjamini–Hochberg within each family; significant when adjusted p ≤ \(t.alpha) and |change| ≥ \(Manifest.number(t.minChange)).",
            "Disclosure: scores need \(t.minRespondents) respondents; national groups need \(t.minOrganisations) organisations.",
        ]
        for reliability in analysis.scores.reliability {
            let alpha = reliability.alpha.map { Rounding.fixed6($0) } ?? "not computed"
            lines.append("Cronbach's alpha, \(instrument.domains[reliability.domain].title): \(alpha) (n = \(reliability.n))")
        }
        return lines
    }

    // MARK: Partner

    /// `partners/<id>/report.xlsx`: one organisation's scores beside its group's, its items and changes.
    public static func partner(_ report: PartnerReport) -> WorkbookModel {
        let analysis = report.analysis
        let instrument = analysis.instrument
        let scores = report.scores
        let organisation = report.organisation
        let banner = syntheticBanner(analysis, "\(organisation.name): information-sharing readiness, \(analysis.wave.title). Private to this organisation.")
        var sheets: [Sheet] = []
        sheets.append(Sheet(name: "Summary", banner: banner, columns: [Column("Measure"), Column("Value", format: .score)],
                            rows: [
                                [.text("Organisation"), .text(organisation.name)],
                                [.text("Wave"), .text("\(analysis.wave.title) (\(analysis.wave.opens) to \(analysis.wave.closes))")],
                                [.text("Respondents"), integer(scores.respondents)],
                                [.text("Overall readiness"), number(scores.overall)],
                                [.text("Level"), level(scores.overallLevel)],
                            ], style: .plain))

        let domainRows = instrument.domains.indices.map { index -> [Cell] in
            let score = scores.domains[index]
            let title = Cell.text(instrument.domains[index].title)
            guard score.published, let mean = score.mean else {
                return [title, integer(score.n), .text("suppressed"), .blank, .blank, .blank, .blank, .blank, .blank, .blank,
                        .blank, .text(score.reason)]
            }
            let group = report.group(domain: index)
            return [title, integer(score.n), .number(mean), number(score.ciLow), number(score.ciHigh), level(score.level),
                    .text(group?.name ?? "too few to compare"), integer(group?.count), number(group?.lower),
                    number(group?.median), number(group?.upper), .text(group.map { $0.position(of: mean).rawValue } ?? "")]
        }
        let lastRow = Sheet.firstDataRow + domainRows.count - 1
        func series(_ name: String, _ column: Int, colour: UInt32? = nil, noFill: Bool = false,
                    marker: ChartSeries.Marker = .none) -> ChartSeries {
            ChartSeries(name: name, sheet: "Domains", categoryColumn: 0, valueColumn: column, firstRow: Sheet.firstDataRow,
                        lastRow: lastRow, colour: colour, noFill: noFill, marker: marker, showsLine: false)
        }
        // A chart only when there is a published score; the group's band only when a group is shown.
        var charts: [Chart] = []
        let published = instrument.domains.indices.filter { scores.domains[$0].published }
        if !published.isEmpty {
            let grouped = published.contains { report.group(domain: $0) != nil }
            let score = series("Your score", 2, colour: blue, marker: .diamond)
            charts.append(Chart(
                kind: .line, title: "Your domain scores against your benchmark group", yAxisTitle: "Score (0–100)",
                valueAxisMin: 0, valueAxisMax: 100,
                series: grouped
                    ? [series("Group lower quartile", 8, noFill: true), score,
                       series("Group median", 9, colour: 0x000000, marker: .square), series("Group upper quartile", 10, noFill: true)]
                    : [score],
                anchorRow: lastRow + 3, anchorColumn: 0, upDownBars: grouped ? 0xDDDDDD : nil))
        }
        sheets.append(Sheet(name: "Domains", banner: banner,
                            columns: [Column("Domain"), Column("n", format: .integer), Column("Score", format: .score),
                                      Column("95% CI low", format: .score), Column("95% CI high", format: .score),
                                      Column("Level"), Column("Benchmark group"), Column("Group organisations", format: .integer),
                                      Column("Group lower quartile", format: .score), Column("Group median", format: .score),
                                      Column("Group upper quartile", format: .score), Column("Position")],
                            rows: domainRows,
                            notes: ["Scores are published when at least \(instrument.thresholds.minRespondents) respondents have one. "
                                    + "Group statistics cover the published organisations of your sector (or all organisations)."],
                            charts: charts))

        let items = instrument.items  // computed from the domains on every access
        let visible = items.indices.filter { Disclosure.partnerMaySee(scores.items[$0], minimum: instrument.thresholds.minRespondents) }
        sheets.append(Sheet(name: "Items", banner: banner,
                            columns: [Column("Item"), Column("Statement", width: 60), Column("n", format: .integer),
                                      Column("% favourable", format: .percent), Column("95% CI low", format: .percent),
                                      Column("95% CI high", format: .percent)],
                            rows: visible.map { index in
                                let result = scores.items[index]
                                let (low, high) = interval(result)
                                return [.text(items[index].id), .text(items[index].text),
                                        integer(result.n), proportion(result), low, high]
                            },
                            notes: ["Items answered by fewer than \(instrument.thresholds.minRespondents) of your respondents are not shown."],
                            style: .table))

        if let previous = analysis.previousWave {
            let changes = analysis.changes?.organisationChanges.filter { $0.scope == .organisation(scores.organisation) } ?? []
            sheets.append(Sheet(name: "Change", banner: banner,
                                columns: [Column("Domain"), Column("Change", format: .score), Column("t", format: .decimal6),
                                          Column("df", format: .decimal6), Column("p", format: .pValue),
                                          Column("Adjusted p", format: .pValue), Column("Verdict")],
                                rows: changes.map { change in
                                    [.text(change.domain.map { instrument.domains[$0].title } ?? "Overall"), number(change.diff),
                                     number(change.test?.t), number(change.test?.df), number(change.test?.p), number(change.adjustedP),
                                     .text(change.significant ? "significant \(change.arrow)" : "no detectable change")]
                                },
                                notes: ["Since \(previous.title). Domains published in both waves only."]))
        }
        return WorkbookModel(title: "\(organisation.name): information-sharing readiness", subject: analysis.wave.title,
                             created: created(analysis), sheets: sheets, levelFills: levelFills(instrument.levels))
    }

    // MARK: Centre

    /// `centre/readiness.xlsx`: everything, internal, marked so on every sheet.
    public static func centre(_ analysis: WaveAnalysis) -> WorkbookModel {
        let instrument = analysis.instrument
        let register = analysis.register.organisations
        let banner = syntheticBanner(analysis, "INTERNAL: not for dissemination. \(instrument.title) centre workbook, wave \(analysis.wave.id).")
        var sheets: [Sheet] = []

        var scoreRows: [[Cell]] = []
        for organisation in analysis.scores.organisations {
            let entry = register[organisation.organisation]
            for (domain, score) in zip(instrument.domains, organisation.domains) {
                scoreRows.append([.text(entry.id), .text(entry.name), .text(entry.sector), .text(domain.id), integer(score.n),
                                  number(score.mean), number(score.summary.sd), number(score.ciLow), number(score.ciHigh),
                                  level(score.level), .boolean(score.published), .text(score.reason)])
            }
            scoreRows.append([.text(entry.id), .text(entry.name), .text(entry.sector), .text("overall"),
                              integer(organisation.respondents), number(organisation.overall), .blank, .blank, .blank,
                              level(organisation.overallLevel), .boolean(organisation.overall != nil),
                              .text(organisation.overallReason)])
        }
        sheets.append(Sheet(name: "Scores", banner: banner,
                            columns: [Column("organisation_id"), Column("name"), Column("sector"), Column("domain"),
                                      Column("n", format: .integer), Column("mean", format: .score), Column("sd", format: .score),
                                      Column("ci_low", format: .score), Column("ci_high", format: .score), Column("level"),
                                      Column("published"), Column("reason")],
                            rows: scoreRows, style: .table))

        var itemRows: [[Cell]] = []
        func addItems(_ scope: String, _ results: [ItemResult]) {
            for (item, result) in zip(instrument.items, results) {
                let (low, high) = interval(result)
                itemRows.append([.text(scope), .text(item.id), integer(result.n), proportion(result), low, high])
            }
        }
        for organisation in analysis.scores.organisations { addItems(register[organisation.organisation].id, organisation.items) }
        addItems("national", analysis.scores.nationalItems)
        sheets.append(Sheet(name: "Items", banner: banner,
                            columns: [Column("scope"), Column("item"), Column("n", format: .integer),
                                      Column("favourable", format: .percent), Column("ci_low", format: .percent),
                                      Column("ci_high", format: .percent)],
                            rows: itemRows, style: .table))

        if let changes = analysis.changes, let previous = analysis.previousWave {
            let rows = (changes.organisationChanges + changes.nationalChanges).map { change -> [Cell] in
                let scope: String
                switch change.scope {
                case .organisation(let index): scope = register[index].id
                case .national: scope = "national"
                }
                return [.text(scope), .text(change.domain.map { instrument.domains[$0].id } ?? "overall"), number(change.diff),
                        number(change.test?.t), number(change.test?.df), number(change.test?.p), number(change.adjustedP),
                        .boolean(change.significant)]
            }
            sheets.append(Sheet(name: "Changes", banner: banner,
                                columns: [Column("scope"), Column("domain"), Column("diff", format: .score),
                                          Column("t", format: .decimal6), Column("df", format: .decimal6),
                                          Column("p", format: .decimal6), Column("p_adjusted", format: .decimal6),
                                          Column("significant")],
                                rows: rows, notes: ["Change since \(previous.id)."], style: .table))
        }
        sheets.append(Sheet(name: "Alpha", banner: banner,
                            columns: [Column("domain"), Column("n", format: .integer), Column("alpha", format: .decimal6)],
                            rows: analysis.scores.reliability.map {
                                [.text(instrument.domains[$0.domain].id), integer($0.n), number($0.alpha)]
                            }))
        sheets.append(Sheet(name: "Rejects", banner: banner,
                            columns: [Column("line", format: .integer), Column("response_id"), Column("reason"),
                                      Column("detail", width: 60)],
                            rows: analysis.responses.rejects.map {
                                [integer($0.line), .text($0.responseID), .text($0.reason.rawValue), .text($0.detail)]
                            },
                            style: .table))
        sheets.append(dataQualitySheet(analysis, banner: banner))
        return WorkbookModel(title: "\(instrument.title): centre workbook (internal)", subject: analysis.wave.title,
                             created: created(analysis), sheets: sheets, levelFills: levelFills(instrument.levels))
    }
}
