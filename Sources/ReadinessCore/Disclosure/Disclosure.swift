/// What may be published where, and why not (SPEC §4, §4.6, §9.9): the one stage between
/// the scores and the report writers.
///
/// `Disclosure` turns a wave's analysis into three views: a `PartnerView` per organisation,
/// the `NationalView` and the centre's `CentreView`. Writers of Markdown, SVG and workbooks
/// receive a view and nothing else, so they cannot reach a figure the view does not hold.
/// This folder is the only code that reads `min_respondents`, `min_organisations` and
/// `max_organisation_share` (a test greps `Sources/` for them) or decides a suppression.
///
/// ## How a new figure gets its rule
///
/// 1. Say what the figure rests on, as a `FigureBase`: the organisations it pools and,
///    when it is computed over respondents, each organisation's respondents
///    (`FigureBase(perOrganisation:)`); over organisation scores, `FigureBase(organisations:)`.
///    The counts come from the tally (`Contributions`, item and domain counts), never from
///    how the figure prints (§4.6.6).
/// 2. Ask `DisclosureRules.decide(_:)` (partner figures: `partnerFigure(respondents:)`),
///    and store the answer as a `Published<Value>`: the value, or the `Suppression` a
///    writer prints in its place.
/// 3. If the figure sits in a table with a total a reader can subtract from (a breakdown, a
///    sector table), let `complementary(_:primary:)` or `sectorGroups` widen the hidden set.
/// 4. Add the figure to the view as a property (views are plain structs: a new section is a
///    new property, built in an extension in its own file), render it in the writers, and
///    add a row to the table of figures in `docs/method.md`.
public struct Disclosure: Sendable {
    public let analysis: WaveAnalysis
    public let rules: DisclosureRules
    /// Charter status per register index, as the national signatory breakdown uses it.
    public let signatory: [Bool]

    public init(_ analysis: WaveAnalysis, signatory: [Bool]) {
        self.analysis = analysis
        rules = DisclosureRules(analysis.instrument.thresholds)
        self.signatory = signatory
    }

    public static let otherSectors = DisclosureRules.otherSectors
}
