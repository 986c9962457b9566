/// The tidy centre files of SPEC §5: scores, items, changes, alpha, and the rejects.
public struct CentreCSV {
    public let wave: String
    public let instrument: Instrument
    public let register: Register

    public init(wave: String, instrument: Instrument, register: Register) {
        self.wave = wave
        self.instrument = instrument
        self.register = register
    }

    /// `centre/scores.csv`: organisation × (domains, then overall).
    public func scores(_ scores: WaveScores) -> String {
        var table = CSVTable(header: ["wave", "organisation_id", "sector", "domain", "n", "mean", "sd", "ci_low",
                                      "ci_high", "level", "published", "reason"])
        for organisation in scores.organisations {
            let registered = register.organisations[organisation.organisation]
            for (domain, score) in zip(instrument.domains, organisation.domains) {
                table.append([
                    wave, registered.id, registered.sector, domain.id, String(score.n), CSVTable.number(score.mean),
                    CSVTable.number(score.summary.sd), CSVTable.number(score.ciLow), CSVTable.number(score.ciHigh),
                    score.level ?? "", CSVTable.bool(score.published), score.reason,
                ])
            }
            table.append([
                wave, registered.id, registered.sector, "overall", String(organisation.respondents),
                CSVTable.number(organisation.overall), "", "", "", organisation.overallLevel ?? "",
                CSVTable.bool(organisation.overall != nil), organisation.overallReason,
            ])
        }
        return table.text
    }

    /// `centre/items.csv`: every item for every organisation, then national.
    public func items(_ scores: WaveScores) -> String {
        var table = CSVTable(header: ["wave", "scope", "item", "n", "favourable_pct", "ci_low", "ci_high"])
        func rows(_ scope: String, _ results: [ItemResult]) {
            for (item, result) in zip(instrument.items, results) {
                let interval = result.interval
                table.append([
                    wave, scope, item.id, String(result.n), CSVTable.number(result.percent),
                    CSVTable.number(interval?.low), CSVTable.number(interval?.high),
                ])
            }
        }
        for organisation in scores.organisations {
            rows(register.organisations[organisation.organisation].id, organisation.items)
        }
        rows("national", scores.nationalItems)
        return table.text
    }

    /// `centre/changes.csv`: organisation rows by id, then national rows.
    public func changes(_ analysis: ChangeAnalysis, previousWave: String) -> String {
        var table = CSVTable(header: ["wave", "previous_wave", "scope", "domain", "diff", "t", "df", "p", "p_adjusted",
                                      "significant"])
        for change in analysis.organisationChanges + analysis.nationalChanges {
            let scope: String
            switch change.scope {
            case .organisation(let index): scope = register.organisations[index].id
            case .national: scope = "national"
            }
            table.append([
                wave, previousWave, scope, change.domain.map { instrument.domains[$0].id } ?? "overall",
                CSVTable.number(change.diff), CSVTable.number(change.test?.t), CSVTable.number(change.test?.df),
                CSVTable.number(change.test?.p), CSVTable.number(change.adjustedP), CSVTable.bool(change.significant),
            ])
        }
        return table.text
    }

    /// `centre/alpha.csv`: reliability per domain with at least two likert items.
    public func alpha(_ scores: WaveScores) -> String {
        var table = CSVTable(header: ["wave", "domain", "n", "alpha"])
        for reliability in scores.reliability {
            table.append([wave, instrument.domains[reliability.domain].id, String(reliability.n),
                          CSVTable.number(reliability.alpha)])
        }
        return table.text
    }

    /// `rejects.csv`: line, response_id, reason, detail.
    public static func rejects(_ rejects: [Reject]) -> String {
        var table = CSVTable(header: ["line", "response_id", "reason", "detail"])
        for reject in rejects {
            table.append([String(reject.line), reject.responseID, reject.reason.rawValue, reject.detail])
        }
        return table.text
    }
}
