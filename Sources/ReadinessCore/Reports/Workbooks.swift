/// The three workbooks of SPEC §5 as pure `WorkbookModel` values; `Workbook` writes them.
public enum Workbooks {
    /// The most findings the centre workbook's Findings sheet shows: enough to browse and
    /// fix an export by; an export with more is fixed from centre/findings.csv, which lists
    /// all (a sheet of a million findings takes longer to write than the whole run).
    static let findingsShown = 10_000

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

    static func created(_ wave: Wave) -> CalendarDate {
        wave.closes
    }

    static func number(_ value: Double?) -> Cell { value.map(Cell.number) ?? .blank }
    static func integer(_ value: Int?) -> Cell { value.map(Cell.count) ?? .blank }
    static func proportion(_ result: ItemResult) -> Cell { result.percent.map { .number($0 / 100) } ?? .blank }
    static func interval(_ result: ItemResult) -> (Cell, Cell) {
        guard let interval = result.interval else { return (.blank, .blank) }
        return (.number(interval.low / 100), .number(interval.high / 100))
    }
    static func level(_ name: String?) -> Cell { name.map(Cell.level) ?? .blank }
    /// A published figure, or the text that stands for it.
    static func published<Value>(_ figure: Published<Value>, _ cell: (Value) -> Cell) -> Cell {
        switch figure {
        case .shown(let value): return cell(value)
        case .hidden(let suppression): return .text(suppression.label)
        }
    }

    static let blue: UInt32 = 0x0072B2, orange: UInt32 = 0xE69F00, grey: UInt32 = 0x999999

    static func syntheticBanner(_ synthetic: Bool, _ text: String) -> String {
        synthetic ? "SYNTHETIC DATA: every organisation and figure is fictional. " + text : text
    }

    static func waveText(_ wave: Wave) -> String { "\(wave.title) (\(wave.opens) to \(wave.closes))" }

    /// Chart categories: titles cut so that a long one cannot push the plot out of its frame.
    static func chartCategory(_ title: String) -> String {
        let limit = 32
        return title.count <= limit ? title : String(title.prefix(limit - 1)) + "…"
    }

    // MARK: National

    /// `national/evidence.xlsx`: the national view's figures, as the Markdown report shows them.
    public static func national(_ view: NationalView) -> WorkbookModel {
        let instrument = view.instrument
        let report = "\(instrument.title): national evidence"
        let banner = syntheticBanner(view.synthetic, "\(report), \(view.wave.title). Names no organisation.")
        var sheets: [Sheet] = []

        // Summary
        let taking = view.participation
        var summaryRows: [[Cell]] = [
            [.text("Wave"), .text(waveText(view.wave))],
            [.text("Organisations taking part"), .count(taking.organisationsTakingPart)],
            [.text("Registered organisations"), .count(taking.registeredOrganisations)],
            [.text("Respondents scored"), .count(taking.respondents)],
        ]
        if taking.unregisteredResponses > 0 {
            summaryRows.append([
                .text("Responses rejected: organisation not in the register"), .count(taking.unregisteredResponses),
            ])
        }
        var notes = [view.wording.nationalRule]
        if view.figuresPublishable {
            let overall = view.domains.last
            summaryRows.append([.text("Organisations with an overall score"), .count(taking.organisationsWithOverall)])
            if let overall {
                summaryRows.append([
                    .text("Median overall readiness"), published(overall.distribution) { .number($0.median) },
                ])
                summaryRows.append([.text("Lower quartile"), published(overall.distribution) { .number($0.lower) }])
                summaryRows.append([.text("Upper quartile"), published(overall.distribution) { .number($0.upper) }])
                for (index, level) in instrument.levels.enumerated() {
                    summaryRows.append([
                        .text("Organisations at level \(level.name)"),
                        published(overall.levelCounts) { .count($0[index]) },
                    ])
                }
            }
        } else {
            notes.insert(view.wording.countsOnly, at: 0)
        }
        sheets.append(
            Sheet(
                name: "Summary", banner: banner, columns: [Column("Measure"), Column("Value", format: .score)],
                rows: summaryRows, notes: notes, style: .plain))
        if view.figuresPublishable {
            sheets += nationalFigureSheets(view, banner: banner)
        }
        sheets.append(dataQualitySheet(view.quality, banner: banner))
        sheets.append(
            Sheet(
                // Notes, not cells: each statement is wrapped across the printed page and read whole.
                name: "Method", banner: banner, columns: [Column("Method", width: 100)],
                rows: [], notes: methodLines(view), style: .plain))
        return WorkbookModel(
            title: "\(report), \(view.wave.title)", subject: "Information-sharing readiness",
            created: created(view.wave), sheets: sheets, levelFills: levelFills(instrument.levels),
            print: PrintSetup(report: report, wave: view.wave.title))
    }

    static func nationalFigureSheets(_ view: NationalView, banner: String) -> [Sheet] {
        let instrument = view.instrument
        var sheets: [Sheet] = []
        // Domains, with the interquartile-range chart drawn from its own sheet of segments.
        let hasChange = view.previousWave != nil
        var domainColumns = [
            Column("Domain"), Column("Organisations", format: .integer), Column("Mean", format: .score),
            Column("Lower quartile", format: .score), Column("Median", format: .score),
            Column("Upper quartile", format: .score),
        ]
        domainColumns += instrument.levels.map { Column("Level \($0.name)", format: .integer) }
        if hasChange {
            domainColumns += [
                Column("Change (same organisations)", format: .score), Column("Adjusted p", format: .pValue),
                Column("Verdict"),
            ]
        }
        let domainRows = view.domains.map { row -> [Cell] in
            var cells: [Cell] = [.text(row.title), .count(row.organisations)]
            cells += [
                published(row.distribution) { published($0.mean, Cell.number) },
                published(row.distribution) { .number($0.lower) },
                published(row.distribution) { .number($0.median) }, published(row.distribution) { .number($0.upper) },
            ]
            cells += instrument.levels.indices.map { index in published(row.levelCounts) { .count($0[index]) } }
            if hasChange {
                switch row.change {
                case .shown(let change):
                    cells += [number(change.diff), number(change.adjustedP), .text(change.verdict.text)]
                case .hidden(let suppression):
                    cells += [.text(suppression.label), .blank, .blank]
                case nil:
                    cells += [.blank, .blank, .blank]
                }
            }
            return cells
        }
        let ranges = RangeChart.build(
            name: "Chart data", banner: banner, chartTitle: "Domain scores: median and interquartile range",
            rows: view.domains.map { row in
                var marks: [(value: Double, kind: RangeChart.Kind)] = []
                if let median = row.distribution.value?.median { marks.append((median, .median)) }
                if let previous = row.previousMedian { marks.append((previous, .previous)) }
                return RangeChart.Row(
                    label: row.title + (row.distribution.value == nil ? " (not shown)" : ""),
                    lower: row.distribution.value?.lower, upper: row.distribution.value?.upper, marks: marks)
            },
            colours: [.band: 0x9ECAE1, .median: 0x08306B, .previous: grey],
            explanation: "pale: the interquartile range; dark: the median; grey: the previous wave's median.",
            anchorRow: Sheet.firstDataRow + domainRows.count + 4)
        sheets.append(
            Sheet(
                name: "Domains", banner: banner, columns: domainColumns, rows: domainRows,
                notes: [
                    "Over organisations' published scores; each organisation counts once. "
                        + "Chart: the pale band is the interquartile range, the dark mark the median"
                        + (hasChange ? ", the grey mark the previous wave's median." : ".")
                ],
                charts: ranges.chart.map { [$0] } ?? []))
        if let journey = nationalJourney(view, banner: banner) { sheets.append(journey) }

        // Sectors, with organisations by level; medians per domain on a sheet of their own.
        var sectorColumns = [
            Column("Sector"), Column("Organisations", format: .integer), Column("Lower quartile", format: .score),
            Column("Median overall", format: .score), Column("Upper quartile", format: .score),
        ]
        sectorColumns += instrument.levels.map { Column($0.name, format: .integer) }
        let sectorRows = view.sectors.map { sector -> [Cell] in
            guard let figures = sector.figures.value else {
                return [
                    .text(sector.name), .count(sector.organisations), .text(sector.figures.suppression?.label ?? ""),
                ]
                    + Array(repeating: .blank, count: sectorColumns.count - 3)
            }
            return [
                .text(sector.name), .count(sector.organisations), .number(figures.lower), .number(figures.median),
                .number(figures.upper),
            ] + figures.levelCounts.map(Cell.count)
        }
        let shown = view.sectors.prefix { $0.figures.value != nil }.count
        var sectorCharts: [Chart] = []
        if shown > 0 {
            let lastRow = Sheet.firstDataRow + shown - 1
            let fills = levelFills(instrument.levels)
            sectorCharts.append(
                Chart(
                    kind: .barStacked, title: "Organisations by overall level in each sector",
                    xAxisTitle: "Organisations",
                    series: instrument.levels.enumerated().map { index, level in
                        var series = ChartSeries(
                            name: level.name, sheet: "Sectors", categoryColumn: 0, valueColumn: 5 + index,
                            firstRow: Sheet.firstDataRow, lastRow: lastRow, colour: fills[level.name],
                            dataLabels: true)
                        series.shownLabels = view.sectors.prefix(shown).map {
                            ($0.figures.value?.levelCounts[index] ?? 0) > 0
                        }
                        return series
                    },
                    anchorRow: Sheet.firstDataRow + sectorRows.count + 4, anchorColumn: 0,
                    height: max(300, 36 * shown + 140), reverseCategories: true))
        }
        sheets.append(
            Sheet(
                name: "Sectors", banner: banner, columns: sectorColumns, rows: sectorRows,
                notes: ["Organisations with an overall score. " + view.wording.sectorRule], charts: sectorCharts))
        sheets.append(
            Sheet(
                name: "Sector medians", banner: banner,
                columns: [Column("Sector")] + instrument.domains.map { Column("Median \($0.title)", format: .score) },
                rows: view.sectors.compactMap { sector in
                    sector.figures.value.map { [.text(sector.name)] + $0.domainMedians.map(number) }
                },
                notes: ["Median published domain scores of the organisations of each sector shown."]))

        // Roles and signatories.
        func breakdownSheet(_ name: String, _ label: String, _ breakdown: NationalBreakdown) -> Sheet {
            let rows = breakdown.groups.indices.map { row -> [Cell] in
                [.text(breakdown.groups[row]), published(breakdown.respondents[row], Cell.count)]
                    + instrument.domains.indices.map { published(breakdown.domainMeans[$0][row], Cell.number) }
            }
            return Sheet(
                name: name, banner: banner,
                columns: [Column(label), Column("Respondents", format: .integer)]
                    + instrument.domains.map { Column($0.title, format: .score) },
                rows: rows,
                notes: [
                    "Mean respondent domain scores. \(view.wording.fewRespondentsLabel): fewer than "
                        + "\(view.wording.respondents); \(view.wording.fewOrganisationsLabel): too few organisations; "
                        + "hidden: hidden so that another hidden cell cannot be worked out from the total."
                ])
        }
        sheets.append(breakdownSheet("Roles", "Role", view.roles))
        sheets.append(signatorySheet(view, banner: banner))

        // Items.
        let instrumentItems = instrument.items  // computed from the domains on every access
        let itemRows = instrumentItems.indices.map { index -> [Cell] in
            let item = instrumentItems[index]
            let domain = instrument.domains.first { $0.items.contains(item) }?.title ?? ""
            let kind: String = item.isKnowledge ? "knowledge" : (item.isReverse ? "likert (reverse)" : "likert")
            guard let result = view.items[index].value else {
                return [
                    .text(item.id), .text(domain), .text(item.text), .text(kind),
                    .text(view.items[index].suppression?.label ?? ""), .blank, .blank, .blank,
                ]
            }
            let (low, high) = interval(result)
            return [
                .text(item.id), .text(domain), .text(item.text), .text(kind), .count(result.n), proportion(result), low,
                high,
            ]
        }
        sheets.append(
            Sheet(
                name: "Items", banner: banner,
                columns: [
                    Column("Item"), Column("Domain"), Column("Statement", width: 60), Column("Type"),
                    Column("n", format: .integer), Column("% favourable", format: .percent),
                    Column("95% CI low", format: .percent), Column("95% CI high", format: .percent),
                ],
                rows: itemRows,
                notes: [
                    "% favourable: agree or strongly agree (disagree for reverse-worded "
                        + "statements); knowledge: % correct. 95% Wilson intervals."
                ],
                style: .table))

        // Likert distributions, most favourable first, with the stacked bar chart: one sheet
        // per scale in use (SPEC §8.1), "Likert" for the default scale.
        let defaultScale = instrument.scale(named: instrument.defaultScale) ?? instrument.builtInScale
        let scales = [defaultScale] + instrument.scalesInUse.filter { $0.name != defaultScale.name }
        for scale in scales {
            let sheetName =
                scale.name == defaultScale.name
                ? "Likert"
                : ("Likert \(scale.name)".count <= 31 ? "Likert \(scale.name)" : "Likert \(sheets.count + 1)")
            let shown = instrumentItems.indices.compactMap { index -> (Int, ItemResult)? in
                let item = instrumentItems[index]
                guard !item.isKnowledge, instrument.scale(of: item).name == scale.name,
                    let result = view.items[index].value
                else { return nil }
                return (index, result)
            }
            let likert = FavourableRanking.highestFirst(shown, percent: { $0.1.percent }, item: { $0.0 })
            let labels = (1...scale.points).map(scale.label)
            let likertRows = likert.map { index, result -> [Cell] in
                let item = instrumentItems[index]
                let counts = item.isReverse ? Array(result.distribution.reversed()) : result.distribution
                return [.text(item.id), .text(item.text)]
                    + counts.map { .number(Double($0) / Double(max(1, result.n))) }
                    + [proportion(result)]
            }
            var likertCharts: [Chart] = []
            if !likertRows.isEmpty {
                let palette = SVGPalette.diverging(points: scale.points).map { UInt32($0.dropFirst(), radix: 16)! }
                let lastRow = Sheet.firstDataRow + likertRows.count - 1
                likertCharts.append(
                    Chart(
                        kind: .barPercentStacked, title: "Answers to every statement (favourable on the right)",
                        series: labels.enumerated().map { index, label in
                            ChartSeries(
                                name: label, sheet: sheetName, categoryColumn: 0, valueColumn: 2 + index,
                                firstRow: Sheet.firstDataRow, lastRow: lastRow,
                                colour: scale.points == 5 ? Self.likertPalette[index] : palette[index])
                        },
                        anchorRow: lastRow + 4, anchorColumn: 0, height: max(400, 24 * likertRows.count + 120),
                        reverseCategories: true))
            }
            guard scale.name == defaultScale.name || !likertRows.isEmpty else { continue }
            var notes = [
                "Share of answers; reverse-worded statements are flipped so that the right-hand side "
                    + "is always favourable. Sorted by % favourable."
            ]
            if scale.name != defaultScale.name { notes.append("Items answered on the \(scale.name) scale.") }
            sheets.append(
                Sheet(
                    name: sheetName, banner: banner,
                    columns: [Column("Item"), Column("Statement", width: 60)]
                        + labels.map { Column($0, format: .percent) }
                        + [Column("% favourable", format: .percent)],
                    rows: likertRows, notes: notes, charts: likertCharts))
        }
        sheets.append(ranges.sheet)
        return sheets
    }

    /// The workbook's colours of a 5-point scale, as they always were.
    static let likertPalette: [UInt32] = [0xB2182B, 0xEF8A62, 0xBDBDBD, 0x67A9CF, 0x2166AC]

    static func dataQualitySheet(_ quality: RowAccounting, banner: String) -> Sheet {
        var rows: [[Cell]] = [
            [.text("Rows read"), .count(quality.rowsRead)],
            [.text("Rows scored"), .count(quality.scored)],
            [.text("Rows rejected"), .count(quality.rejectedTotal)],
        ]
        for (reason, count) in quality.rejected {
            rows.append([.text("Rejected: \(reason.rawValue)"), .count(count)])
        }
        rows += [
            [.text("Invalid item values (scored rows)"), .count(quality.invalidValues)],
            [.text("Unparseable submitted_at"), .count(quality.unparseableDates)],
            [.text("Roles not in the instrument"), .count(quality.invalidRoles)],
            [.text("Straight-lining (flagged, kept)"), .count(quality.straightLiners)],
        ]
        return Sheet(
            name: "Data quality", banner: banner, columns: [Column("Check"), Column("Rows", format: .integer)],
            rows: rows, notes: ["rows read = rows scored + rows rejected"], style: .plain)
    }

    static func methodLines(_ view: NationalView) -> [String] {
        let instrument = view.instrument
        var lines = MethodStatements.all(view, escape: { $0 }).map { "\($0.term): \($0.text)" }
        if view.figuresPublishable {
            for reliability in view.reliability {
                let alpha: String
                switch reliability.alpha {
                case .shown(let value): alpha = value.map { Rounding.fixed6($0) } ?? "not computed"
                case .hidden(let suppression): alpha = suppression.label
                }
                lines.append(
                    "Cronbach's alpha, \(instrument.domains[reliability.domain].title): \(alpha) (n = \(reliability.respondents))"
                )
            }
        }
        return lines
    }

    // MARK: Partner

    /// `partners/<id>/report.xlsx`: one organisation's view: its figures beside its groups', its items and changes.
    public static func partner(_ view: PartnerView) -> WorkbookModel {
        let instrument = view.instrument
        let organisation = view.organisation
        let report = "\(organisation.name): information-sharing readiness"
        let banner = syntheticBanner(view.synthetic, "\(report), \(view.wave.title). Private to this organisation.")
        var sheets: [Sheet] = []
        sheets.append(
            Sheet(
                name: "Summary", banner: banner, columns: [Column("Measure"), Column("Value", format: .score)],
                rows: [
                    [.text("Organisation"), .text(organisation.name)],
                    [.text("Wave"), .text(waveText(view.wave))],
                    [.text("Respondents"), .count(view.respondents)],
                    [.text("Overall readiness"), published(view.overall) { .number($0.mean) }],
                    [.text("Level"), level(view.overall.value?.level)],
                ], notes: [view.wording.partnerRule], style: .plain))

        let domainRows = view.domains.map { domain -> [Cell] in
            let title = Cell.text(domain.title)
            guard let score = domain.score.value else {
                return [
                    title, .count(domain.respondents), .text("suppressed"), .blank, .blank, .blank, .blank, .blank,
                    .blank,
                    .blank, .blank, .text(domain.score.suppression?.reason ?? ""),
                ]
            }
            let group = domain.group
            return [
                title, .count(domain.respondents), .number(score.mean), number(score.ciLow), number(score.ciHigh),
                level(score.level), .text(group?.name ?? "too few to compare"), integer(group?.organisations),
                number(group?.lower), number(group?.median), number(group?.upper),
                .text(group?.position.rawValue ?? ""),
            ]
        }
        // The group's band and median with the organisation's score as a blue mark.
        let ranges = RangeChart.build(
            name: "Chart data", banner: banner, chartTitle: "Your domain scores against your benchmark group",
            rows: view.domains.map { domain in
                var marks: [(value: Double, kind: RangeChart.Kind)] = []
                if let score = domain.score.value?.mean { marks.append((score, .score)) }
                if let median = domain.group?.median { marks.append((median, .median)) }
                return RangeChart.Row(
                    label: domain.title + (domain.score.value == nil ? " (suppressed)" : ""),
                    lower: domain.group?.lower, upper: domain.group?.upper, marks: marks)
            },
            colours: [.band: 0xDDDDDD, .median: 0x000000, .score: blue],
            explanation: "grey: the group's interquartile range; black: the group's median; blue: your score.",
            anchorRow: Sheet.firstDataRow + domainRows.count + 4)
        let hasScore = view.domains.contains { $0.score.value != nil }
        sheets.append(
            Sheet(
                name: "Domains", banner: banner,
                columns: [
                    Column("Domain"), Column("n", format: .integer), Column("Score", format: .score),
                    Column("95% CI low", format: .score), Column("95% CI high", format: .score),
                    Column("Level"), Column("Benchmark group"), Column("Group organisations", format: .integer),
                    Column("Group lower quartile", format: .score), Column("Group median", format: .score),
                    Column("Group upper quartile", format: .score), Column("Position"),
                ],
                rows: domainRows,
                notes: [
                    view.wording.partnerRule + " " + view.wording.benchmarkRule,
                    "Chart: the grey band is your group's interquartile range, the black mark its median, "
                        + "the blue mark your score.",
                ],
                charts: hasScore ? (ranges.chart.map { [$0] } ?? []) : []))

        let items = instrument.items  // computed from the domains on every access
        sheets.append(
            Sheet(
                name: "Items", banner: banner,
                columns: [
                    Column("Item"), Column("Statement", width: 60), Column("n", format: .integer),
                    Column("% favourable", format: .percent), Column("95% CI low", format: .percent),
                    Column("95% CI high", format: .percent),
                ],
                rows: view.items.map { entry in
                    let (low, high) = interval(entry.result)
                    return [
                        .text(items[entry.item].id), .text(items[entry.item].text),
                        .count(entry.result.n), proportion(entry.result), low, high,
                    ]
                },
                notes: ["Items answered by fewer than \(view.wording.respondents) of yours are not shown."],
                style: .table))

        if let previous = view.previousWave {
            sheets.append(
                Sheet(
                    name: "Change", banner: banner,
                    columns: [
                        Column("Domain"), Column("Change", format: .score), Column("t", format: .decimal6),
                        Column("df", format: .decimal6), Column("p", format: .pValue),
                        Column("Adjusted p", format: .pValue), Column("Verdict"),
                    ],
                    rows: view.changes.map { change in
                        [
                            .text(instrument.domains[change.domain].title), .number(change.diff),
                            number(change.test?.t), number(change.test?.df), number(change.test?.p),
                            number(change.adjustedP),
                            .text(change.verdict.text),
                        ]
                    },
                    notes: ["Since \(previous.title), or the latest earlier wave in which the domain was published."]))
        }
        if let journey = partnerJourney(view, banner: banner) { sheets.append(journey) }
        if hasScore { sheets.append(ranges.sheet) }
        return WorkbookModel(
            title: report, subject: view.wave.title, created: created(view.wave), sheets: sheets,
            levelFills: levelFills(instrument.levels), print: PrintSetup(report: report, wave: view.wave.title))
    }

    // MARK: Centre

    /// `centre/readiness.xlsx`: everything, internal, marked so on every sheet and every printed page.
    public static func centre(_ view: CentreView) -> WorkbookModel {
        let instrument = view.instrument
        let register = view.register.organisations
        let marking = "INTERNAL: not for dissemination"
        let banner = syntheticBanner(
            view.synthetic, "\(marking). \(instrument.title) centre workbook, wave \(view.wave.id).")
        var sheets: [Sheet] = []

        var scoreRows: [[Cell]] = []
        for organisation in view.scores.organisations {
            let entry = register[organisation.organisation]
            for (domain, score) in zip(instrument.domains, organisation.domains) {
                scoreRows.append([
                    .text(entry.id), .text(entry.name), .text(entry.sector), .text(domain.id), .count(score.n),
                    number(score.mean), number(score.summary.sd), number(score.ciLow), number(score.ciHigh),
                    level(score.level), .boolean(score.published), .text(score.reason),
                ])
            }
            scoreRows.append([
                .text(entry.id), .text(entry.name), .text(entry.sector), .text("overall"),
                .count(organisation.respondents), number(organisation.overall), .blank, .blank, .blank,
                level(organisation.overallLevel), .boolean(organisation.overall != nil),
                .text(organisation.overallReason),
            ])
        }
        sheets.append(
            Sheet(
                name: "Scores", banner: banner,
                columns: [
                    Column("organisation_id"), Column("name", width: 30), Column("sector", width: 18),
                    Column("domain"), Column("n", format: .integer), Column("mean", format: .score),
                    Column("sd", format: .score), Column("ci_low", format: .score),
                    Column("ci_high", format: .score), Column("level"), Column("published"),
                    Column("reason", width: 40),
                ],
                rows: scoreRows, style: .table, landscape: true))

        var itemRows: [[Cell]] = []
        func addItems(_ scope: String, _ results: [ItemResult]) {
            for (item, result) in zip(instrument.items, results) {
                let (low, high) = interval(result)
                itemRows.append([.text(scope), .text(item.id), .count(result.n), proportion(result), low, high])
            }
        }
        for organisation in view.scores.organisations {
            addItems(register[organisation.organisation].id, organisation.items)
        }
        addItems("national", view.scores.nationalItems)
        sheets.append(
            Sheet(
                name: "Items", banner: banner,
                columns: [
                    Column("scope"), Column("item"), Column("n", format: .integer),
                    Column("favourable", format: .percent), Column("ci_low", format: .percent),
                    Column("ci_high", format: .percent),
                ],
                rows: itemRows, style: .table))

        if let changes = view.changes {
            let waves = view.history.waves
            let rows = changes.rows.map { change -> [Cell] in
                let scope: String
                switch change.scope {
                case .organisation(let index): scope = register[index].id
                case .national: scope = "national"
                }
                return [
                    .text(scope), .text(change.domain.map { instrument.domains[$0].id } ?? "overall"),
                    .text(change.against.rawValue), .text(waves[change.reference].id), number(change.diff),
                    number(change.test?.t), number(change.test?.df), number(change.test?.p), number(change.adjustedP),
                    .boolean(change.significant), .text(change.verdict.text),
                    change.cohort.map { .count($0.organisations) } ?? .blank,
                    number(change.test?.low), number(change.test?.high),
                ]
            }
            sheets.append(
                Sheet(
                    name: "Changes", banner: banner,
                    columns: [
                        Column("scope"), Column("domain"), Column("against"), Column("compared_with"),
                        Column("diff", format: .score),
                        Column("t", format: .decimal6), Column("df", format: .decimal6),
                        Column("p", format: .decimal6), Column("p_adjusted", format: .decimal6),
                        Column("significant"), Column("verdict"), Column("organisations", format: .integer),
                        Column("ci_low", format: .score), Column("ci_high", format: .score),
                    ],
                    rows: rows,
                    notes: [
                        "Organisations: against the latest earlier wave in which the domain was published (Welch's t-test). "
                            + "National: the organisations published in both waves (paired t-test)."
                    ],
                    style: .table))
        }
        sheets.append(centreJourney(view, banner: banner))
        sheets.append(
            Sheet(
                name: "Alpha", banner: banner,
                columns: [Column("domain"), Column("n", format: .integer), Column("alpha", format: .decimal6)],
                rows: view.scores.reliability.map {
                    [.text(instrument.domains[$0.domain].id), .count($0.n), number($0.alpha)]
                }))
        sheets.append(
            Sheet(
                name: "Rejects", banner: banner,
                columns: [
                    Column("line", format: .integer), Column("response_id"), Column("reason"),
                    Column("detail", width: 60),
                ],
                rows: view.rejects.map {
                    [.count($0.line), .text($0.responseID), .text($0.reason.rawValue), .text($0.detail)]
                },
                style: .table))
        sheets.append(
            Sheet(
                name: "Findings", banner: banner,
                columns: [
                    Column("line", format: .integer), Column("column", format: .integer),
                    Column("response_id"), Column("kind"), Column("value", width: 30),
                    Column("detail", width: 60),
                ],
                rows: view.findings.prefix(findingsShown).map {
                    [
                        .count($0.line), .count($0.column), .text($0.responseID), .text($0.kind.rawValue),
                        .text($0.value), .text($0.detail),
                    ]
                },
                notes: [
                    view.findings.count > findingsShown
                        ? "The first \(findingsShown) of \(view.findings.count) cells and columns of the responses file not read "
                            + "as written; centre/findings.csv lists every one."
                        : "Every cell and column of the responses file not read as written (centre/findings.csv)."
                ],
                style: .table))
        sheets.append(dataQualitySheet(view.accounting, banner: banner))
        return WorkbookModel(
            title: "\(instrument.title): centre workbook (internal)", subject: view.wave.title,
            created: created(view.wave), sheets: sheets, levelFills: levelFills(instrument.levels),
            print: PrintSetup(
                report: "\(instrument.title): centre workbook", wave: view.wave.title,
                marking: marking))
    }
}
