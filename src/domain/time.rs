//! Timestamps as the contract prints them: RFC 3339, UTC, milliseconds.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Error;

/// Milliseconds since the Unix epoch, in UTC.
///
/// Stored as an integer so that sorting by time is sorting numbers; shown as
/// `2026-11-25T17:29:10.123Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The given number of milliseconds since the epoch.
    #[must_use]
    pub fn from_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// The current time. A clock before 1970 reads as the epoch.
    #[must_use]
    pub fn now() -> Self {
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        Self(millis)
    }

    /// Milliseconds since the epoch.
    #[must_use]
    pub fn as_millis(self) -> i64 {
        self.0
    }

    /// Parses a point in time given on the command line: RFC 3339
    /// (`2026-11-25T17:29:10Z`, `2026-11-25T18:29:10.5+01:00`), a date
    /// (`2026-11-25`, midnight UTC), or a span before `now` (`90s`, `15m`,
    /// `2h`, `3d`, `1w`, optionally followed by ` ago`).
    pub fn parse(input: &str, now: Self) -> Result<Self, Error> {
        let text = input.trim();
        parse_relative(text, now)
            .or_else(|| parse_rfc3339(text))
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "invalid time {input:?}: expected RFC 3339 (2026-11-25T17:29:10Z), a date (2026-11-25) or a span such as 90s, 15m, 2h, 3d, 1w"
                ))
            })
    }
}

fn parse_relative(text: &str, now: Timestamp) -> Option<Timestamp> {
    let text = text.strip_suffix(" ago").unwrap_or(text).trim_end();
    let unit_at = text.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = text.split_at(unit_at);
    let count: i64 = digits.parse().ok()?;
    let unit_ms: i64 = match unit {
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        "w" => 604_800_000,
        _ => return None,
    };
    Some(Timestamp(now.0.checked_sub(count.checked_mul(unit_ms)?)?))
}

/// The inverse of [`civil_from_days`]: days since 1970-01-01.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads exactly `width` ASCII digits at the front of `text`.
fn digits(text: &mut &str, width: usize) -> Option<u32> {
    let head = text.get(..width)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    *text = &text[width..];
    head.parse().ok()
}

fn expect(text: &mut &str, separator: char) -> Option<()> {
    *text = text.strip_prefix(separator)?;
    Some(())
}

fn parse_rfc3339(input: &str) -> Option<Timestamp> {
    let mut text = input;
    let year = i64::from(digits(&mut text, 4)?);
    expect(&mut text, '-')?;
    let month = digits(&mut text, 2)?;
    expect(&mut text, '-')?;
    let day = digits(&mut text, 2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let midnight = days_from_civil(year, month, day) * 86_400_000;
    if text.is_empty() {
        return Some(Timestamp(midnight));
    }
    text = text.strip_prefix(['T', 't', ' '])?;
    let hour = digits(&mut text, 2)?;
    expect(&mut text, ':')?;
    let minute = digits(&mut text, 2)?;
    expect(&mut text, ':')?;
    let second = digits(&mut text, 2)?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut millis = 0;
    if let Some(rest) = text.strip_prefix('.') {
        let frac_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if frac_len == 0 {
            return None;
        }
        // Milliseconds: the first three digits, padded; the rest truncated.
        let frac = &rest[..frac_len];
        millis = format!("{frac:0<3}")[..3].parse::<i64>().ok()?;
        text = &rest[frac_len..];
    }
    let offset_ms = match text {
        "Z" | "z" => 0,
        _ => {
            let sign = match text.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            text = &text[1..];
            let oh = digits(&mut text, 2)?;
            expect(&mut text, ':')?;
            let om = digits(&mut text, 2)?;
            if !text.is_empty() || oh > 23 || om > 59 {
                return None;
            }
            sign * (i64::from(oh) * 3_600_000 + i64::from(om) * 60_000)
        }
    };
    let time_ms =
        i64::from(hour) * 3_600_000 + i64::from(minute) * 60_000 + i64::from(second) * 1000;
    Some(Timestamp(midnight + time_ms + millis - offset_ms))
}

/// Converts days since 1970-01-01 to a proleptic Gregorian (year, month, day).
///
/// Howard Hinnant's `civil_from_days`, exact for every `i64` day count that
/// a millisecond timestamp can produce.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(86_400_000);
        let ms_of_day = self.0.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        let (secs, millis) = (ms_of_day / 1000, ms_of_day % 1000);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Reads the RFC 3339 form this type prints.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_rfc3339(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid RFC 3339 time {text:?}")))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_as_rfc3339_utc_with_milliseconds() {
        let table = [
            (0, "1970-01-01T00:00:00.000Z"),
            (1, "1970-01-01T00:00:00.001Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (1_795_627_750_123, "2026-11-25T17:29:10.123Z"),
            (4_107_542_399_999, "2100-02-28T23:59:59.999Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
        ];
        for (millis, text) in table {
            assert_eq!(Timestamp::from_millis(millis).to_string(), text, "{millis}");
        }
    }

    #[test]
    fn rfc3339_times_and_dates_parse_to_utc_milliseconds() {
        let now = Timestamp::from_millis(0);
        let table = [
            ("2026-11-25T17:29:10.123Z", 1_795_627_750_123),
            ("2026-11-25t17:29:10.123z", 1_795_627_750_123),
            ("2026-11-25 17:29:10.1234567Z", 1_795_627_750_123),
            ("2026-11-25T18:29:10.5+01:00", 1_795_627_750_500),
            ("2026-11-25T12:29:10-05:00", 1_795_627_750_000),
            ("2026-11-25", 1_795_564_800_000),
            ("2000-02-29T00:00:00Z", 951_782_400_000),
            ("1970-01-01T00:00:00Z", 0),
        ];
        for (text, millis) in table {
            assert_eq!(
                Timestamp::parse(text, now).unwrap().as_millis(),
                millis,
                "{text}"
            );
        }
    }

    #[test]
    fn relative_times_count_back_from_now() {
        let now = Timestamp::from_millis(1_000_000_000);
        let table = [
            ("90s", 999_910_000),
            ("15m", 999_100_000),
            ("2h", 1_000_000_000 - 7_200_000),
            ("3d", 1_000_000_000 - 259_200_000),
            ("1w", 1_000_000_000 - 604_800_000),
            ("2h ago", 1_000_000_000 - 7_200_000),
            ("0s", 1_000_000_000),
        ];
        for (text, millis) in table {
            assert_eq!(
                Timestamp::parse(text, now).unwrap().as_millis(),
                millis,
                "{text}"
            );
        }
    }

    #[test]
    fn malformed_times_are_invalid() {
        let now = Timestamp::from_millis(0);
        for text in [
            "",
            "yesterday",
            "2h30m",
            "5y",
            "-2h",
            "2026-13-01",
            "2026-02-30",
            "2025-02-29",
            "2026-11-25T24:00:00Z",
            "2026-11-25T17:29:10",
            "2026-11-25T17:29Z",
            "2026-11-25T17:29:10.Z",
            "2026-11-25T17:29:10+0100",
            "26-11-25",
        ] {
            assert!(Timestamp::parse(text, now).is_err(), "{text:?} parsed");
        }
    }

    #[test]
    fn parsing_what_display_prints_gives_the_same_time() {
        for millis in [0, 1, 951_782_400_000, 1_795_627_750_123, 4_107_542_399_999] {
            let t = Timestamp::from_millis(millis);
            assert_eq!(Timestamp::parse(&t.to_string(), t).unwrap(), t);
        }
    }

    #[test]
    fn every_day_of_four_centuries_round_trips_through_the_calendar() {
        // Walk 1970..2370 day by day and check the calendar advances by one
        // day each time, including leap days and century rules.
        let mut previous = civil_from_days(-1);
        for days in 0..146_097 {
            let (y, m, d) = civil_from_days(days);
            let (py, pm, pd) = previous;
            let next_day = (y, m, d) == (py, pm, pd + 1);
            let next_month = (y, m, d) == (py, pm + 1, 1);
            let next_year = (y, m, d) == (py + 1, 1, 1) && (pm, pd) == (12, 31);
            assert!(
                next_day || next_month || next_year,
                "{previous:?} -> {:?}",
                (y, m, d)
            );
            previous = (y, m, d);
        }
        assert_eq!(previous, (2369, 12, 31));
    }
}
