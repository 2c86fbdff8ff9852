//! Dates of a `--date` column, as survey exports write them, and the period (month, quarter,
//! year) each falls in. Only the day matters for a period, so a time is checked and dropped.
//!
//! Read:
//! - ISO: `2024-03-05`, `2024-03-05T10:12:00` (with `Z`, `+02:00` or fractions), `2024-03-05
//!   10:12`; year first with slashes, as Google Forms writes: `2024/03/05 10:12:00 AM GMT+2`;
//! - Finnish `d.m.yyyy`: `5.3.2024`, `05.03.2024`, with a time `5.3.2024 klo 10.12`,
//!   `5.3.2024 10:12`: always day first; and `d.m.yy` (`5.3.24`, `05.03.24 14:30`), its
//!   century by Excel's rule ([`two_digit_year`]: `00`–`29` are 2000–2029, `30`–`99`
//!   1930–1999), so a column reads as the spreadsheet it came from shows it. Day and month
//!   have one or two digits there; `1.2.3` or `12.5` stay no date;
//! - Excel serial numbers, 1900 system (`45356` is 2024-03-05; `45356.43` with a time; a
//!   decimal comma too), between 1950 and 2100 only, so a year (`2024`) or a count is not
//!   taken for a date;
//! - `a/b/yyyy` (`03/05/2024 10:12:00 AM`, SurveyMonkey's): month first, as the American
//!   survey tools that write it do, unless the column says otherwise ([`SlashOrder::detect`]):
//!   a value whose first number is over 12 (`25/03/2024`) and none whose second is makes the
//!   column day-first. A value that cannot be read either way is no date.
//!
//! Written here rather than with chrono or jiff: neither reads `5.3.2024 klo 10.12` or decides
//! `a/b/yyyy` by the column, the formats are few, and a day is all a period needs.

use serde::Serialize;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// How `a/b/yyyy` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlashOrder {
    /// `03/05/2024` is 5 March (American tools; the default).
    #[default]
    MonthFirst,
    /// `03/05/2024` is 3 May (seen from a value such as `25/03/2024` in the column).
    DayFirst,
}

impl SlashOrder {
    /// The order of a column's `a/b/yyyy` values: day-first when some value can only be
    /// day-first and none can only be month-first; month-first otherwise.
    pub fn detect<'a>(values: impl Iterator<Item = &'a str>) -> SlashOrder {
        let (mut day_first, mut month_first) = (false, false);
        for v in values {
            let Some(date) = v.split_whitespace().next() else {
                continue;
            };
            let parts: Vec<&str> = date.split('/').collect();
            if parts.len() != 3 || parts[2].len() != 4 {
                continue;
            }
            let (Ok(a), Ok(b)) = (parts[0].parse::<u32>(), parts[1].parse::<u32>()) else {
                continue;
            };
            day_first |= a > 12 && (1..=12).contains(&b);
            month_first |= b > 12 && (1..=12).contains(&a);
        }
        if day_first && !month_first {
            SlashOrder::DayFirst
        } else {
            SlashOrder::MonthFirst
        }
    }
}

/// The length of the periods dates are counted in (`--period`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    #[default]
    Month,
    Quarter,
    Year,
}

impl Period {
    /// The period of `date` as a sortable number: year·100 + month, quarter or 0.
    pub fn key(self, date: Date) -> u32 {
        let sub = match self {
            Period::Month => date.month,
            Period::Quarter => (date.month - 1) / 3 + 1,
            Period::Year => 0,
        };
        date.year as u32 * 100 + sub
    }

    /// How a period [`Period::key`] gave is written: `2024-03`, `2024-Q1`, `2024`.
    pub fn label(self, key: u32) -> String {
        let (year, sub) = (key / 100, key % 100);
        match self {
            Period::Month => format!("{year:04}-{sub:02}"),
            Period::Quarter => format!("{year:04}-Q{sub}"),
            Period::Year => format!("{year:04}"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

/// Excel serials taken as dates: 1950-01-01 to 2100-12-31.
const SERIAL_RANGE: std::ops::RangeInclusive<i64> = 18_264..=73_415;

/// Reads one value; `None` when it is no date teema reads.
pub fn parse(value: &str, slash: SlashOrder) -> Option<Date> {
    let value = value.trim();
    if let Some(date) = serial(value) {
        return Some(date);
    }
    let (date, time) = match value.split_once(char::is_whitespace) {
        Some((d, t)) => (d, t.trim()),
        None => match value.split_once('T') {
            Some((d, t)) if d.contains('-') => (d, t),
            _ => (value, ""),
        },
    };
    let (date, ampm) = (day(date, slash, time)?, has_ampm(time));
    time_ok(time, ampm).then_some(date)
}

/// An Excel serial number (1900 system): days since 1899-12-30 for every serial after 60.
fn serial(value: &str) -> Option<Date> {
    let whole = match value.split_once(['.', ',']) {
        Some((w, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => w,
        Some(_) => return None,
        None => value,
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 6 {
        return None;
    }
    let days: i64 = whole.parse().ok()?;
    SERIAL_RANGE
        .contains(&days)
        .then(|| from_days(days - 25_569))
}

/// The day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// The day of a date without its time: `yyyy-mm-dd`, `yyyy/mm/dd`, `d.m.yyyy`, `d.m.yy`,
/// `a/b/yyyy`.
fn day(text: &str, slash: SlashOrder, time: &str) -> Option<Date> {
    let sep = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = text.split(sep).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let mut n = [0u32; 3];
    for (slot, p) in n.iter_mut().zip(&parts) {
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = p.parse().ok()?;
    }
    let (year, month, day) = match sep {
        '-' | '/' if parts[0].len() == 4 => (n[0], n[1], n[2]),
        '.' if parts[2].len() == 4 => (n[2], n[1], n[0]),
        '.' if parts[2].len() == 2 && parts[0].len() <= 2 && parts[1].len() <= 2 => {
            (two_digit_year(n[2]), n[1], n[0])
        }
        '/' if parts[2].len() == 4 => {
            let month_first = if n[0] > 12 {
                false
            } else if n[1] > 12 {
                true
            } else {
                has_ampm(time) || slash == SlashOrder::MonthFirst
            };
            if month_first {
                (n[2], n[0], n[1])
            } else {
                (n[2], n[1], n[0])
            }
        }
        _ => return None,
    };
    valid(year as i32, month, day)
}

/// The year of a two-digit year, by Excel's rule (its default for dates typed as text):
/// `00`–`29` are 2000–2029, `30`–`99` are 1930–1999. A survey's answers are from the
/// recent past, and this is how the workbook an export went through showed them.
fn two_digit_year(yy: u32) -> u32 {
    if yy < 30 {
        2000 + yy
    } else {
        1900 + yy
    }
}

fn valid(year: i32, month: u32, day: u32) -> Option<Date> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1000..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Date {
        year,
        month,
        day,
    })
}

fn has_ampm(time: &str) -> bool {
    time.split_whitespace().any(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "am" | "pm" | "a.m." | "p.m."
        )
    })
}

/// Whether what follows a date is a time: `klo` optional; `10:12`, `10:12:00`, `10:12:00.5`,
/// `10.12`, `10`; `AM`/`PM`; a zone (`Z`, `+02:00`, `UTC`, `GMT+2`, `EET`). Empty is fine.
fn time_ok(time: &str, ampm: bool) -> bool {
    let mut words = time.split_whitespace().peekable();
    if words.peek() == Some(&"klo") {
        words.next();
    }
    let Some(clock) = words.next() else {
        return time.is_empty();
    };
    let clock = clock.trim_end_matches('Z');
    // An ISO offset straight after the clock: 10:12:00+02:00.
    let clock = match clock.find(['+', '-']) {
        Some(i) if zone(&clock[i..]) => &clock[..i],
        Some(_) => return false,
        None => clock,
    };
    let sep = if clock.contains(':') { ':' } else { '.' };
    let parts: Vec<&str> = clock.split(sep).collect();
    let numbers: Option<Vec<f64>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
                .then(|| p.parse::<f64>().ok())
                .flatten()
        })
        .collect();
    let Some(numbers) = numbers else {
        return false;
    };
    let hour_max = if ampm { 12.0 } else { 23.0 };
    let fits = match numbers.as_slice() {
        [h] => *h <= hour_max && sep == '.' && parts[0].len() <= 2,
        [h, m] => *h <= hour_max && *m < 60.0,
        [h, m, s] => *h <= hour_max && *m < 60.0 && *s < 61.0,
        _ => false,
    };
    fits && words.all(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "am" | "pm" | "a.m." | "p.m."
        ) || zone(w)
    })
}

/// A time zone as exports append it: `Z`, `+02:00`, `-0500`, `UTC`, `GMT+2`, `EET`.
fn zone(w: &str) -> bool {
    let offset = |s: &str| {
        let digits = s.strip_prefix(['+', '-']);
        digits.is_some_and(|d| {
            !d.is_empty() && d.len() <= 5 && d.bytes().all(|b| b.is_ascii_digit() || b == b':')
        })
    };
    let letters = w.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | ':'));
    offset(w)
        || ((2..=5).contains(&letters.len())
            && letters.bytes().all(|b| b.is_ascii_uppercase())
            && (letters.len() == w.len() || offset(&w[letters.len()..])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> Option<Date> {
        Some(Date { year, month, day })
    }

    fn p(s: &str) -> Option<Date> {
        parse(s, SlashOrder::MonthFirst)
    }

    #[test]
    fn iso_dates_and_times() {
        assert_eq!(p("2024-03-05"), d(2024, 3, 5));
        assert_eq!(p("2024-03-05T10:12:00"), d(2024, 3, 5));
        assert_eq!(p("2024-03-05T10:12:00Z"), d(2024, 3, 5));
        assert_eq!(p("2024-03-05T10:12:00.250+02:00"), d(2024, 3, 5));
        assert_eq!(p("2024-03-05 10:12"), d(2024, 3, 5));
        assert_eq!(p(" 2024-03-05 10:12:59 "), d(2024, 3, 5));
        // What the XLSX reader writes for a date cell.
        assert_eq!(p("2026-03-02 08:30:00"), d(2026, 3, 2));
    }

    #[test]
    fn finnish_dates_are_day_first_with_or_without_klo() {
        assert_eq!(p("5.3.2024"), d(2024, 3, 5));
        assert_eq!(p("05.03.2024"), d(2024, 3, 5));
        assert_eq!(p("5.3.2024 klo 10.12"), d(2024, 3, 5));
        assert_eq!(p("5.3.2024 klo 10"), d(2024, 3, 5));
        assert_eq!(p("5.3.2024 10:12"), d(2024, 3, 5));
        assert_eq!(p("5.3.2024 10.12.30"), d(2024, 3, 5));
        assert_eq!(p("31.12.2023"), d(2023, 12, 31));
    }

    #[test]
    fn two_digit_years_take_excels_century() {
        assert_eq!(p("5.3.24"), d(2024, 3, 5));
        assert_eq!(p("05.03.24"), d(2024, 3, 5));
        assert_eq!(p("5.3.24 14:30"), d(2024, 3, 5));
        assert_eq!(p("5.3.24 klo 14.30"), d(2024, 3, 5));
        // The pivot: 00–29 this century, 30–99 the last.
        assert_eq!(p("1.1.00"), d(2000, 1, 1));
        assert_eq!(p("31.12.29"), d(2029, 12, 31));
        assert_eq!(p("1.1.30"), d(1930, 1, 1));
        assert_eq!(p("15.6.99"), d(1999, 6, 15));
        // Leap years by the full year: 2024 has a 29 February, 2023 not.
        assert_eq!(p("29.2.24"), d(2024, 2, 29));
        for bad in [
            "31.2.24",
            "29.2.23",
            "5.13.24",
            "0.3.24",
            "5.0.24",
            "32.1.24",
            "5.3.24 25:00",
            "1.2.3",
            "12.5",
            "5.3.024",
            "005.3.24",
            "2024.03.05",
            "5-3-24",
            "5/3/24",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
        // Serials and four-digit years are read as before.
        assert_eq!(p("45356.24"), d(2024, 3, 5));
        assert_eq!(p("5.3.2024"), d(2024, 3, 5));
    }

    #[test]
    fn excel_serials_in_the_1900_system() {
        // =DATE(2024,3,5) is 45356 in Excel; 1.1.1950 is 18264; 31.12.2100 is 73415.
        assert_eq!(p("45356"), d(2024, 3, 5));
        assert_eq!(p("45356.43"), d(2024, 3, 5));
        assert_eq!(p("45356,43"), d(2024, 3, 5));
        assert_eq!(p("45351"), d(2024, 2, 29));
        assert_eq!(p("18264"), d(1950, 1, 1));
        assert_eq!(p("73415"), d(2100, 12, 31));
        // A year, a count, a code: no date.
        assert_eq!(p("2024"), None);
        assert_eq!(p("5"), None);
        assert_eq!(p("123456789"), None);
    }

    #[test]
    fn survey_tools_timestamps() {
        // Google Forms (year first) and SurveyMonkey (month first, AM/PM).
        assert_eq!(p("2024/03/05 10:12:00 AM GMT+2"), d(2024, 3, 5));
        assert_eq!(p("2024/03/05 10:12:00 PM EET"), d(2024, 3, 5));
        assert_eq!(p("03/05/2024 10:12:00 AM"), d(2024, 3, 5));
        assert_eq!(p("03/05/2024 10:12"), d(2024, 3, 5));
        // The same without AM/PM in a day-first column is 3 May; AM/PM keeps month first.
        let day_first = SlashOrder::DayFirst;
        assert_eq!(parse("03/05/2024 10:12", day_first), d(2024, 5, 3));
        assert_eq!(parse("03/05/2024 10:12 AM", day_first), d(2024, 3, 5));
        // Unambiguous either way.
        assert_eq!(p("25/03/2024"), d(2024, 3, 25));
        assert_eq!(parse("03/25/2024", day_first), d(2024, 3, 25));
    }

    #[test]
    fn a_column_of_day_first_values_is_read_day_first() {
        let col = ["03/05/2024", "25/03/2024", ""];
        assert_eq!(SlashOrder::detect(col.into_iter()), SlashOrder::DayFirst);
        let us = ["03/05/2024", "03/25/2024 10:00 AM"];
        assert_eq!(SlashOrder::detect(us.into_iter()), SlashOrder::MonthFirst);
        let mixed = ["25/03/2024", "03/25/2024"];
        assert_eq!(
            SlashOrder::detect(mixed.into_iter()),
            SlashOrder::MonthFirst
        );
    }

    #[test]
    fn bad_dates_are_none() {
        for bad in [
            "",
            "-",
            "ei tiedossa",
            "31.2.2024",
            "29.2.2023",
            "2024-13-01",
            "2024-03-05 25:00",
            "2024-03-05 10:61",
            "5.3.",
            "2024-03-05 huomenna",
            "13/13/2024",
            "1.1.2024 klo",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
        assert_eq!(p("29.2.2024"), d(2024, 2, 29));
    }

    #[test]
    fn periods_are_labelled_and_sort_in_time() {
        let date = Date {
            year: 2024,
            month: 11,
            day: 5,
        };
        assert_eq!(Period::Month.label(Period::Month.key(date)), "2024-11");
        assert_eq!(Period::Quarter.label(Period::Quarter.key(date)), "2024-Q4");
        assert_eq!(Period::Year.label(Period::Year.key(date)), "2024");
        let march = Date { month: 3, ..date };
        assert!(Period::Month.key(march) < Period::Month.key(date));
        assert_eq!(Period::Quarter.label(Period::Quarter.key(march)), "2024-Q1");
    }
}
