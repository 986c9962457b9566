/// The centre tables of the charter evaluation and response rates (SPEC §9.7).
extension CentreCSV {
    /// `centre/charter.csv`: the domains, then overall, against the baseline.
    public func charter(_ evaluation: CharterEvaluation, baselineWave: String) -> String {
        charterTable(evaluation, baselineWave: baselineWave).csv
    }

    public func charterTable(_ evaluation: CharterEvaluation, baselineWave: String) -> CentreTable {
        CentreTable(
            header: [
                "wave", "baseline_wave", "domain", "new_signatories", "non_signatories", "earlier_signatories",
                "change_new", "change_non", "diff", "t", "df", "p", "p_adjusted", "ci_low", "ci_high", "significant",
            ],
            rows: evaluation.rows.map { row in
                [
                    .text(wave), .text(baselineWave), .text(row.domain.map { instrument.domains[$0].id } ?? "overall"),
                    .integer(row.newSignatories), .integer(row.nonSignatories), .integer(row.earlierSignatories),
                    .number(row.changeNew), .number(row.changeNon), .number(row.diff), .number(row.test?.t),
                    .number(row.test?.df), .number(row.test?.p), .number(row.adjustedP), .number(row.test?.low),
                    .number(row.test?.high), .bool(row.significant),
                ]
            })
    }

    /// `centre/response-rates.csv`: every register organisation with a headcount, by id.
    public func responseRates(_ rates: ResponseRates) -> String {
        responseRatesTable(rates).csv
    }

    public func responseRatesTable(_ rates: ResponseRates) -> CentreTable {
        CentreTable(
            header: [
                "wave", "organisation_id", "headcount", "respondents", "rate", "ci_low", "ci_high", "exceeds_headcount",
            ],
            rows: rates.rows.map { row in
                [
                    .text(wave), .text(register.organisations[row.organisation].id), .integer(row.headcount),
                    .integer(row.respondents), .number(row.rate), .number(row.ciLow), .number(row.ciHigh),
                    .bool(row.exceedsHeadcount),
                ]
            })
    }
}
