import ReadinessCore

extension SurveyGenerator {
    /// One round of the survey: a baseline in January 2026, then one every 26 weeks (about
    /// six months), named by the months since the baseline: `month-6`, `month-12`, ...
    struct SampleWave: Sendable {
        /// Zero-based position in the schedule.
        let index: Int
        let id: String
        let title: String
        let opens: CalendarDate
        let closes: CalendarDate

        /// The first wave's window; 26 weeks keep later windows on the same weekdays.
        private static let baselineOpens = CalendarDate(year: 2026, month: 1, day: 12)
        private static let windowLength = 32
        private static let spacing = 182

        init(index: Int) {
            self.index = index
            opens = SampleWave.baselineOpens.adding(days: index * SampleWave.spacing)
            closes = opens.adding(days: SampleWave.windowLength)
            if index == 0 {
                id = "baseline"
                title = "Baseline survey, \(opens.monthAndYear)"
            } else {
                id = "month-\(6 * index)"
                title = "\(6 * index)-month survey, \(opens.monthAndYear)"
            }
        }

        /// The first `count` waves (at least one).
        static func schedule(count: Int) -> [SampleWave] {
            (0..<max(1, count)).map(SampleWave.init(index:))
        }

        /// The days between wave `index` and the next on which charter signatories sign:
        /// from the day after it closes to a week before the next one opens, so that a
        /// signing moved off a weekend still falls between the two.
        static func signingWindow(after index: Int) -> ClosedRange<CalendarDate> {
            SampleWave(index: index).closes.adding(days: 1)...SampleWave(index: index + 1).opens.adding(days: -7)
        }

        /// Weekdays from `opens` to `closes` inclusive: the days staff answer the survey.
        var workingDays: [CalendarDate] {
            (opens.daysSinceEpoch...closes.daysSinceEpoch).map(CalendarDate.init(daysSinceEpoch:)).filter {
                !$0.isWeekend
            }
        }

        /// `<wave-id>/wave.yaml`.
        func yaml() -> String {
            """
            # Synthetic sample wave (see ../README.md).
            id: \(id)
            title: \(YAMLText.quoted(title))
            opens: \(opens.description)
            closes: \(closes.description)

            """
        }
    }
}
