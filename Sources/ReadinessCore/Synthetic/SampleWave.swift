extension SurveyGenerator {
    /// One round of the survey: a baseline in January 2026, then one every 26 weeks.
    struct SampleWave: Sendable {
        /// Zero-based position in the schedule.
        let index: Int
        let id: String
        let title: String
        let opens: CivilDate
        let closes: CivilDate

        /// The first wave's window; 26 weeks keep later windows on the same weekdays.
        private static let baselineOpens = CivilDate(year: 2026, month: 1, day: 12)
        private static let windowLength = 32
        private static let spacing = 182

        init(index: Int) {
            self.index = index
            opens = SampleWave.baselineOpens.adding(days: index * SampleWave.spacing)
            closes = opens.adding(days: SampleWave.windowLength)
            switch index {
            case 0:
                id = "baseline"
                title = "Baseline survey, \(opens.monthAndYear)"
            case 1:
                id = "follow-up"
                title = "Follow-up survey, \(opens.monthAndYear)"
            default:
                id = "wave-\(index + 1)"
                title = "Wave \(index + 1) survey, \(opens.monthAndYear)"
            }
        }

        /// The first `count` waves (at least one).
        static func schedule(count: Int) -> [SampleWave] {
            (0..<max(1, count)).map(SampleWave.init(index:))
        }

        /// The days between the baseline and the follow-up on which charter signatories sign.
        static var signingWindow: ClosedRange<CivilDate> {
            let baseline = SampleWave(index: 0)
            let followUp = SampleWave(index: 1)
            // A week's margin keeps a signing moved off a weekend before the follow-up opens.
            return baseline.closes.adding(days: 1)...followUp.opens.adding(days: -7)
        }

        /// Weekdays from `opens` to `closes` inclusive: the days staff answer the survey.
        var workingDays: [CivilDate] {
            (opens.dayNumber...closes.dayNumber).map(CivilDate.init(dayNumber:)).filter { !$0.isWeekend }
        }

        /// `<wave-id>/wave.yaml`.
        func yaml() -> String {
            """
            # Synthetic sample wave (see ../README.md).
            id: \(id)
            title: \(YAMLText.quoted(title))
            opens: \(opens.iso)
            closes: \(closes.iso)

            """
        }
    }
}
