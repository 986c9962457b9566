extension SurveyGenerator {
    /// A proleptic Gregorian calendar date with no time zone.
    ///
    /// The generator never reads the clock and never goes through `Calendar`, so its dates
    /// cannot depend on the machine's time zone or locale.
    struct CivilDate: Sendable, Equatable, Comparable {
        let year: Int
        let month: Int
        let day: Int

        /// The date `dayNumber` days after 1970-01-01 (Hinnant's `civil_from_days`).
        init(dayNumber: Int) {
            let shifted = dayNumber + 719_468
            let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
            let dayOfEra = shifted - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let shiftedMonth = (5 * dayOfYear + 2) / 153
            day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
            month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        }

        init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        /// Days since 1970-01-01 (Hinnant's `days_from_civil`).
        var dayNumber: Int {
            let adjustedYear = month <= 2 ? year - 1 : year
            let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
            let yearOfEra = adjustedYear - era * 400
            let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            return era * 146_097 + dayOfEra - 719_468
        }

        /// True on Saturdays and Sundays.
        var isWeekend: Bool {
            // 1970-01-01 was a Thursday; weekday 0 is Monday.
            let weekday = ((dayNumber + 3) % 7 + 7) % 7
            return weekday >= 5
        }

        /// The date `days` days later (earlier when negative).
        func adding(days: Int) -> CivilDate {
            CivilDate(dayNumber: dayNumber + days)
        }

        /// `YYYY-MM-DD`.
        var iso: String {
            "\(Digits.padded(year, width: 4))-\(Digits.padded(month, width: 2))-\(Digits.padded(day, width: 2))"
        }

        /// `DD/MM/YYYY`, as UK spreadsheets write it.
        var british: String {
            "\(Digits.padded(day, width: 2))/\(Digits.padded(month, width: 2))/\(Digits.padded(year, width: 4))"
        }

        /// The English month name and year, e.g. `January 2026`.
        var monthAndYear: String {
            let names = [
                "January", "February", "March", "April", "May", "June",
                "July", "August", "September", "October", "November", "December",
            ]
            return "\(names[(month - 1) % 12]) \(year)"
        }

        static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
            (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }
    }

    /// A moment on a civil date, to the second, as a survey tool records it.
    struct SubmissionTime: Sendable, Equatable {
        let date: CivilDate
        /// Seconds since midnight, 0 ..< 86 400.
        let secondOfDay: Int

        /// `YYYY-MM-DD HH:MM:SS`, the form of Qualtrics' `RecordedDate`.
        var isoWithSpace: String { "\(date.iso) \(clock(seconds: true))" }

        /// `YYYY-MM-DDTHH:MM:SSZ`.
        var isoUTC: String { "\(date.iso)T\(clock(seconds: true))Z" }

        /// `DD/MM/YYYY HH:MM`, as Excel shows a date-time in a UK locale.
        var british: String { "\(date.british) \(clock(seconds: false))" }

        private func clock(seconds: Bool) -> String {
            let hours = Digits.padded(secondOfDay / 3600, width: 2)
            let minutes = Digits.padded(secondOfDay / 60 % 60, width: 2)
            guard seconds else { return "\(hours):\(minutes)" }
            return "\(hours):\(minutes):\(Digits.padded(secondOfDay % 60, width: 2))"
        }
    }

    /// Zero-padded decimal digits without `String(format:)`, which depends on the C locale.
    enum Digits {
        /// `value` in decimal, left-padded with zeros to at least `width` digits.
        static func padded(_ value: Int, width: Int) -> String {
            let digits = String(value)
            guard digits.count < width else { return digits }
            return String(repeating: "0", count: width - digits.count) + digits
        }
    }
}
