/// What `data-quality.md` says about the register's charter dates and headcounts
/// (SPEC §9.1.4, §9.5).
///
/// Internal to the centre: it names organisations.
enum JourneyDataQuality {
    static func markdown(_ analysis: CentreView) -> String {
        let register = analysis.register
        var text = "\n## Charter dates and headcounts in the register\n\n"
        func list(_ ids: [String]) -> String {
            ids.isEmpty
                ? "none.\n" : "\(ids.count): " + ids.map { "`\(Markdown.escape($0))`" }.joined(separator: ", ") + ".\n"
        }
        text +=
            "- Signatories with no `signed_on` (signed, date unknown: "
            + "a signatory at every wave, never a new signatory): "
        text += list(CharterStatus.undatedSignatories(register))
        text += "- A `signed_on` date but `signatory` not yes (not a signatory; the date is ignored): "
        text += list(CharterStatus.datedNonSignatories(register))
        guard let rates = analysis.responseRates else {
            return text + "- No `headcount` column: response rates are not computed.\n"
        }
        let over = rates.rows.filter(\.exceedsHeadcount)
        text += "- More scored responses than the register's headcount (check it): "
        guard !over.isEmpty else { return text + "none.\n" }
        text += "\(over.count).\n\n"
        text += Markdown.table(
            ["Organisation", "Scored respondents", "Headcount"],
            over.map {
                [
                    Markdown.escape(register.organisations[$0.organisation].id), String($0.respondents),
                    String($0.headcount),
                ]
            },
            alignRight: [1, 2])
        return text
    }
}
