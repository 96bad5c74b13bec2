//! Calendar arithmetic shared by the readers, the metrics and the reports:
//! days since 1970-01-01 ↔ dates, a month as a linear index, and the text
//! ids that name days, months and times in reports and share links.
//!
//! Dates are chrono's proleptic Gregorian [`NaiveDate`]; times are whole
//! seconds since 1970-01-01T00:00:00 on the file's own clock (see
//! [`crate::ingest::values::parse_timestamp`]).

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// Days from 0001-01-01 (day 1 in chrono's count from the common era) to
/// 1970-01-01.
pub const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// Seconds in a day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// The day (since 1970-01-01, negative before) that a Unix time falls on.
///
/// ```
/// use cxmetrics::time::day_of_time;
/// assert_eq!(day_of_time(86_399), 0);
/// assert_eq!(day_of_time(-1), -1);
/// ```
pub fn day_of_time(seconds: i64) -> i64 {
    seconds.div_euclid(SECONDS_PER_DAY)
}

/// The date of a day number since 1970-01-01; `None` beyond chrono's range.
///
/// ```
/// use chrono::NaiveDate;
/// use cxmetrics::time::date_of_day;
/// assert_eq!(date_of_day(0), NaiveDate::from_ymd_opt(1970, 1, 1));
/// assert_eq!(date_of_day(-1), NaiveDate::from_ymd_opt(1969, 12, 31));
/// assert_eq!(date_of_day(i64::MAX), None);
/// ```
pub fn date_of_day(day: i64) -> Option<NaiveDate> {
    let ce = day.checked_add(UNIX_EPOCH_DAYS_FROM_CE)?;
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(ce).ok()?)
}

/// The day number since 1970-01-01 of a date.
///
/// ```
/// use chrono::NaiveDate;
/// use cxmetrics::time::day_of_date;
/// assert_eq!(day_of_date(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()), 19_787);
/// ```
pub fn day_of_date(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - UNIX_EPOCH_DAYS_FROM_CE
}

/// The day number since 1970-01-01 of year `y`, month `m`, day `d`; `None`
/// when there is no such date.
///
/// ```
/// use cxmetrics::time::days_from_civil;
/// assert_eq!(days_from_civil(2024, 2, 29), Some(19_782));
/// assert_eq!(days_from_civil(2023, 2, 29), None);
/// ```
pub fn days_from_civil(y: u32, m: u32, d: u32) -> Option<i64> {
    let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
    Some(day_of_date(date))
}

/// The year and month (`YYYYMM`, as `202403`) of a Unix time, for years
/// 1–9999; `None` outside them.
///
/// ```
/// use cxmetrics::time::year_month;
/// assert_eq!(year_month(0), Some(197001));
/// assert_eq!(year_month(1_709_251_199), Some(202402)); // 2024-02-29 23:59:59
/// assert_eq!(year_month(1_709_251_200), Some(202403));
/// assert_eq!(year_month(-1), Some(196912));
/// ```
pub fn year_month(t: i64) -> Option<u32> {
    let date = date_of_day(day_of_time(t))?;
    let year = u32::try_from(date.year())
        .ok()
        .filter(|y| (1..=9999).contains(y))?;
    Some(year * 100 + date.month())
}

/// Months since year 0 (`year × 12 + month − 1`): a linear month index.
///
/// ```
/// use chrono::NaiveDate;
/// use cxmetrics::time::{month_from_index, month_index};
/// let march = NaiveDate::from_ymd_opt(2024, 3, 17).unwrap();
/// assert_eq!(month_index(march), 2024 * 12 + 2);
/// assert_eq!(month_from_index(month_index(march) + 10), NaiveDate::from_ymd_opt(2025, 1, 1));
/// ```
pub fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// The first day of the month with linear index `index` (see
/// [`month_index`]), if chrono can represent it.
pub fn month_from_index(index: i64) -> Option<NaiveDate> {
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    NaiveDate::from_ymd_opt(year, month, 1)
}

/// `YYYY-MM`, the month id used in reports and share links.
///
/// ```
/// use chrono::NaiveDate;
/// assert_eq!(cxmetrics::time::month_id(NaiveDate::from_ymd_opt(2024, 3, 9).unwrap()), "2024-03");
/// ```
pub fn month_id(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// `YYYY-MM-DD`, the day id used in reports.
///
/// ```
/// use chrono::NaiveDate;
/// assert_eq!(cxmetrics::time::day_id(NaiveDate::from_ymd_opt(2024, 3, 9).unwrap()), "2024-03-09");
/// ```
pub fn day_id(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// `YYYY-MM-DDTHH:MM:SS` of a naive date-time.
///
/// ```
/// use chrono::NaiveDate;
/// let t = NaiveDate::from_ymd_opt(2024, 3, 9).unwrap().and_hms_opt(7, 5, 0).unwrap();
/// assert_eq!(cxmetrics::time::datetime_id(t), "2024-03-09T07:05:00");
/// ```
pub fn datetime_id(t: NaiveDateTime) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}",
        day_id(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    /// Every day of years 1–9999 (and the seconds either side of each
    /// midnight in 1900–2100): the year-month is what chrono's `DateTime`
    /// gives, and nothing outside those years.
    #[test]
    fn year_month_matches_chrono_on_every_day() {
        let first = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        let mut day = first;
        while day <= last {
            let t = day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
            let d = DateTime::from_timestamp(t, 0).unwrap();
            let want = d.year() as u32 * 100 + d.month();
            assert_eq!(year_month(t), Some(want), "{day}");
            if (1900..=2100).contains(&day.year()) {
                assert_eq!(year_month(t + 86_399), Some(want), "{day}");
                let before = DateTime::from_timestamp(t - 1, 0).unwrap();
                let want = before.year() as u32 * 100 + before.month();
                assert_eq!(year_month(t - 1), Some(want), "{day}");
            }
            day = day.succ_opt().unwrap();
        }
        let before_first = first.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() - 1;
        let after_last = last.and_hms_opt(23, 59, 59).unwrap().and_utc().timestamp() + 1;
        assert_eq!(year_month(before_first), None);
        assert_eq!(year_month(after_last), None);
        assert_eq!(year_month(i64::MIN), None);
        assert_eq!(year_month(i64::MAX), None);
    }

    /// Days and dates, and months and indices, convert both ways across
    /// the years a file may hold, and refuse what chrono cannot represent.
    #[test]
    fn days_and_months_round_trip() {
        for day in (-800_000..3_000_000).step_by(997) {
            let date = date_of_day(day).unwrap();
            assert_eq!(day_of_date(date), day);
            assert_eq!(day_of_time(day * SECONDS_PER_DAY + 86_399), day);
            let month = month_from_index(month_index(date)).unwrap();
            assert_eq!(
                (month.year(), month.month(), month.day()),
                (date.year(), date.month(), 1)
            );
        }
        assert_eq!(date_of_day(i64::MIN), None);
        assert_eq!(month_from_index(i64::MAX), None);
        assert_eq!(days_from_civil(2024, 13, 1), None);
        assert_eq!(days_from_civil(u32::MAX, 1, 1), None);
    }
}
