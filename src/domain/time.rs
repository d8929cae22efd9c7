//! Timestamps as the contract prints them: RFC 3339, UTC, milliseconds.
//!
//! The calendar (month lengths, leap years, the days between two dates) is
//! `jiff`'s. The grammar of what a user may type is this file's: jiff's own
//! parser reads the much wider Temporal syntax (`+0100`, `17:29Z` without
//! seconds, `[Europe/Paris]` annotations, six-digit years), and the forms
//! CountIQ accepts are fixed by its contract, so the text is split here and
//! every field is handed to jiff to check and count.

use std::cell::Cell;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use jiff::SignedDuration;
use jiff::civil::{Date, DateTime, Time};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Error;
use super::name::quoted;

/// 1970-01-01T00:00:00, the instant `Timestamp(0)` stands for.
const EPOCH: DateTime = DateTime::constant(1970, 1, 1, 0, 0, 0, 0);

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
                    "invalid time {}: expected RFC 3339 (2026-11-25T17:29:10Z), a date (2026-11-25) or a span such as 90s, 15m, 2h, 3d, 1w",
                    quoted(input)
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

/// Reads exactly `width` ASCII digits at the front of `text`.
fn digits<T: TryFrom<u16>>(text: &mut &str, width: usize) -> Option<T> {
    let head = text.get(..width)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    *text = &text[width..];
    head.parse::<u16>().ok()?.try_into().ok()
}

fn expect(text: &mut &str, separator: char) -> Option<()> {
    *text = text.strip_prefix(separator)?;
    Some(())
}

/// Reads `YYYY-MM-DD`, optionally followed by `THH:MM:SS[.fraction]` and
/// `Z` or `+HH:MM` / `-HH:MM`, and nothing else.
///
/// `t`, `z` and a space in place of `T` are accepted, as RFC 3339 allows.
/// The fraction may have any number of digits; the first three are the
/// milliseconds and the rest are dropped. A leap second (`:60`) is the first
/// second of the next minute, as POSIX counts it.
fn parse_rfc3339(input: &str) -> Option<Timestamp> {
    let mut text = input;
    let year = digits(&mut text, 4)?;
    expect(&mut text, '-')?;
    let month = digits(&mut text, 2)?;
    expect(&mut text, '-')?;
    let day = digits(&mut text, 2)?;
    let date = Date::new(year, month, day).ok()?;
    if text.is_empty() {
        return millis_since_epoch(date.to_datetime(Time::midnight()), SignedDuration::ZERO);
    }
    text = text.strip_prefix(['T', 't', ' '])?;
    let hour = digits(&mut text, 2)?;
    expect(&mut text, ':')?;
    let minute = digits(&mut text, 2)?;
    expect(&mut text, ':')?;
    let second: i8 = digits(&mut text, 2)?;
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
        millis = format!("{frac:0<3}")[..3].parse::<i32>().ok()?;
        text = &rest[frac_len..];
    }
    // jiff's clock has no :60; a leap second is read as :59 plus one second.
    let (second, leap_second) = if second == 60 {
        (59, true)
    } else {
        (second, false)
    };
    let time = Time::new(hour, minute, second, millis * 1_000_000).ok()?;
    let offset = parse_offset(text)?;
    let datetime = date.to_datetime(time);
    let datetime = if leap_second {
        datetime.checked_add(SignedDuration::from_secs(1)).ok()?
    } else {
        datetime
    };
    millis_since_epoch(datetime, offset)
}

/// Reads the whole rest of a time: `Z`, or `+HH:MM` / `-HH:MM` whose hours
/// and minutes are within a day (RFC 3339's `time-numoffset`).
fn parse_offset(text: &str) -> Option<SignedDuration> {
    if matches!(text, "Z" | "z") {
        return Some(SignedDuration::ZERO);
    }
    let (negative, mut rest) = match text.as_bytes().first()? {
        b'+' => (false, &text[1..]),
        b'-' => (true, &text[1..]),
        _ => return None,
    };
    let hours = digits(&mut rest, 2)?;
    expect(&mut rest, ':')?;
    let minutes = digits(&mut rest, 2)?;
    if !rest.is_empty() {
        return None;
    }
    // Offset hours and minutes have the limits of a time of day.
    let within_a_day = Time::new(hours, minutes, 0, 0).ok()?;
    let offset = within_a_day.duration_since(Time::midnight());
    Some(if negative { -offset } else { offset })
}

/// The instant at which the wall clock of a place `offset` ahead of UTC
/// shows `local`.
fn millis_since_epoch(local: DateTime, offset: SignedDuration) -> Option<Timestamp> {
    let utc = local.duration_since(EPOCH) - offset;
    i64::try_from(utc.as_millis()).ok().map(Timestamp)
}

impl Timestamp {
    /// The first millisecond of the year 0 and the first of the year 10000:
    /// the times [`Timestamp::rfc3339`] writes without a calendar library.
    const FOUR_DIGIT_YEARS: std::ops::Range<i64> = -62_167_219_200_000..253_402_300_800_000;

    /// The time as `YYYY-MM-DDTHH:MM:SS.mmmZ`, for the years 0 to 9999:
    /// every output prints two of these per item, so it is computed
    /// directly (the civil date of a day number, as in Howard Hinnant's
    /// `civil_from_days`) rather than through `jiff` and `format!`.
    ///
    /// The last time written is kept with its text, per thread: the items
    /// of one import share their times, as do the creation and change
    /// times of an item never changed since.
    fn rfc3339(self) -> Option<[u8; 24]> {
        thread_local! {
            // i64::MIN is outside the four-digit years: it never matches.
            static LAST: Cell<(i64, [u8; 24])> = const { Cell::new((i64::MIN, [0; 24])) };
        }
        if !Self::FOUR_DIGIT_YEARS.contains(&self.0) {
            return None;
        }
        let (last, text) = LAST.get();
        if last == self.0 {
            return Some(text);
        }
        let text = self.rfc3339_computed();
        LAST.set((self.0, text));
        Some(text)
    }

    /// The time as a JSON string, its quotes included: the bytes its
    /// [`Serialize`] writes, for the years 0 to 9999 (None outside them).
    /// Every output writes two per item; this skips serde's escaping of
    /// text that has nothing to escape.
    #[must_use]
    pub fn json_text(self) -> Option<[u8; 26]> {
        let text = self.rfc3339()?;
        let mut quoted = [b'"'; 26];
        quoted[1..25].copy_from_slice(&text);
        Some(quoted)
    }

    /// [`Timestamp::rfc3339`]'s text, computed; `self` is in the four-digit
    /// years.
    fn rfc3339_computed(self) -> [u8; 24] {
        let days = self.0.div_euclid(86_400_000);
        let millis_of_day = self.0.rem_euclid(86_400_000);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_index + 2) / 5 + 1;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        let mut out = *b"0000-00-00T00:00:00.000Z";
        let mut put = |at: usize, width: usize, mut value: i64| {
            for i in (at..at + width).rev() {
                // `value` is a non-negative field of a date or time.
                out[i] = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, month);
        put(8, 2, day);
        put(11, 2, millis_of_day / 3_600_000);
        put(14, 2, millis_of_day / 60_000 % 60);
        put(17, 2, millis_of_day / 1000 % 60);
        put(20, 3, millis_of_day % 1000);
        out
    }

    /// [`fmt::Display`] through `jiff`, for the years outside 0 to 9999.
    fn fmt_through_jiff(self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let utc = EPOCH
            .checked_add(SignedDuration::from_millis(self.0))
            .unwrap_or(if self.0 < 0 {
                DateTime::MIN
            } else {
                DateTime::MAX
            });
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            utc.year(),
            utc.month(),
            utc.day(),
            utc.hour(),
            utc.minute(),
            utc.second(),
            utc.millisecond()
        )
    }
}

impl fmt::Display for Timestamp {
    /// A time outside the years -9999 to 9999, which only a damaged
    /// database can hold, prints as the nearest one inside them: the output
    /// keeps its shape and printing never fails.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rfc3339() {
            // The buffer holds ASCII digits and separators only.
            Some(text) => f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?),
            None => self.fmt_through_jiff(f),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Reads the RFC 3339 form this type prints.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_rfc3339(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("invalid RFC 3339 time {}", quoted(&text)))
        })
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.rfc3339() {
            Some(text) => serializer
                .serialize_str(std::str::from_utf8(&text).map_err(serde::ser::Error::custom)?),
            None => serializer.collect_str(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The jiff-based rendering, which the fast one must equal.
    struct ThroughJiff(Timestamp);

    impl fmt::Display for ThroughJiff {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.fmt_through_jiff(f)
        }
    }

    #[test]
    fn times_print_as_jiff_prints_them_at_every_edge_and_in_between() {
        let range = Timestamp::FOUR_DIGIT_YEARS;
        let mut samples = vec![
            0,
            -1,
            1,
            86_399_999,
            86_400_000,
            951_782_400_000,    // 2000-02-29
            4_107_542_399_999,  // 2100-02-28T23:59:59.999
            -2_203_891_200_001, // 1900-02-28T23:59:59.999
            1_795_627_750_123,
            range.start,
            range.start + 1,
            range.end - 1,
            range.start - 1,
            range.end,
            i64::MIN,
            i64::MAX,
        ];
        // A day and a millisecond apart over the whole range, and more.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let span = (range.end - range.start) as u64;
            samples.push(range.start + (state % span) as i64);
        }
        for millis in samples {
            let time = Timestamp::from_millis(millis);
            assert_eq!(time.to_string(), ThroughJiff(time).to_string(), "{millis}");
            assert_eq!(
                serde_json::to_string(&time).unwrap(),
                format!("\"{}\"", ThroughJiff(time)),
                "{millis}"
            );
        }
    }

    const DAY_MS: i64 = 86_400_000;

    fn parsed(text: &str) -> i64 {
        Timestamp::parse(text, Timestamp::from_millis(0))
            .unwrap_or_else(|e| panic!("{text:?} rejected: {e}"))
            .as_millis()
    }

    fn assert_invalid(text: &str) {
        let err = Timestamp::parse(text, Timestamp::from_millis(0))
            .expect_err(&format!("{text:?} parsed"));
        assert_eq!(err.kind(), crate::domain::ErrorKind::Invalid, "{text:?}");
    }

    #[test]
    fn a_time_written_again_or_after_another_is_the_same_text() {
        let times = [
            1_795_627_750_123,
            1_795_627_750_124,
            0,
            -1,
            253_402_300_799_999,
        ];
        for (a, b) in times
            .iter()
            .flat_map(|a| times.iter().map(move |b| (*a, *b)))
        {
            for millis in [a, b, a, a] {
                let t = Timestamp::from_millis(millis);
                assert_eq!(t.to_string(), ThroughJiff(t).to_string(), "{millis}");
                let quoted = t.json_text().unwrap();
                assert_eq!(
                    std::str::from_utf8(&quoted).unwrap(),
                    serde_json::to_string(&t).unwrap()
                );
            }
        }
        assert_eq!(
            Timestamp::from_millis(253_402_300_800_000).json_text(),
            None
        );
    }

    #[test]
    fn timestamps_print_as_rfc3339_utc_with_milliseconds() {
        let table = [
            (0, "1970-01-01T00:00:00.000Z"),
            (1, "1970-01-01T00:00:00.001Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (1_795_627_750_123, "2026-11-25T17:29:10.123Z"),
            (4_107_542_399_999, "2100-02-28T23:59:59.999Z"),
            (4_107_542_400_000, "2100-03-01T00:00:00.000Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (253_402_214_400_000, "9999-12-31T00:00:00.000Z"),
        ];
        for (millis, text) in table {
            assert_eq!(Timestamp::from_millis(millis).to_string(), text, "{millis}");
        }
    }

    #[test]
    fn times_beyond_the_calendar_print_as_its_nearest_end() {
        assert_eq!(
            Timestamp::from_millis(i64::MAX).to_string(),
            "9999-12-31T23:59:59.999Z"
        );
        assert_eq!(
            Timestamp::from_millis(i64::MIN).to_string(),
            "-9999-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn rfc3339_times_and_dates_parse_to_utc_milliseconds() {
        let table = [
            ("2026-11-25T17:29:10.123Z", 1_795_627_750_123),
            ("2026-11-25t17:29:10.123z", 1_795_627_750_123),
            ("2026-11-25 17:29:10.1234567Z", 1_795_627_750_123),
            ("2026-11-25T17:29:10.1239999999999Z", 1_795_627_750_123),
            ("2026-11-25T17:29:10.1Z", 1_795_627_750_100),
            ("2026-11-25T18:29:10.5+01:00", 1_795_627_750_500),
            ("2026-11-25T12:29:10-05:00", 1_795_627_750_000),
            ("  2026-11-25T17:29:10Z  ", 1_795_627_750_000),
            ("2026-11-25", 1_795_564_800_000),
            ("2000-02-29T00:00:00Z", 951_782_400_000),
            ("1970-01-01T00:00:00Z", 0),
            ("1969-12-31T23:59:59.999Z", -1),
            ("9999-12-31", 253_402_214_400_000),
        ];
        for (text, millis) in table {
            assert_eq!(parsed(text), millis, "{text}");
        }
    }

    #[test]
    fn a_date_alone_is_midnight_utc() {
        assert_eq!(parsed("2026-11-25"), parsed("2026-11-25T00:00:00Z"));
        assert_eq!(parsed("1970-01-01"), 0);
    }

    #[test]
    fn february_29_exists_in_leap_years_and_in_centuries_divisible_by_400() {
        assert_eq!(parsed("2024-02-29"), 1_709_164_800_000);
        assert_eq!(parsed("2000-02-29"), 951_782_400_000);
        assert_eq!(parsed("2000-02-29T23:59:59.999Z"), 951_868_799_999);
        assert_eq!(parsed("2100-02-28"), 4_107_456_000_000);
        assert_eq!(parsed("2100-03-01"), 4_107_542_400_000);
        for text in [
            "2100-02-29",
            "2100-02-29T00:00:00Z",
            "1900-02-29",
            "2025-02-29",
            "2026-02-29",
            "2024-02-30",
            "2000-02-30",
        ] {
            assert_invalid(text);
        }
    }

    #[test]
    fn thirty_day_months_have_no_31st() {
        for month in ["04", "06", "09", "11"] {
            assert_invalid(&format!("2026-{month}-31"));
            assert_invalid(&format!("2026-{month}-31T12:00:00Z"));
            parsed(&format!("2026-{month}-30"));
        }
        assert_eq!(parsed("2026-04-30"), 1_777_507_200_000);
        assert_eq!(parsed("2026-05-01"), 1_777_507_200_000 + DAY_MS);
        for month in ["01", "03", "05", "07", "08", "10", "12"] {
            parsed(&format!("2026-{month}-31"));
            assert_invalid(&format!("2026-{month}-32"));
        }
    }

    #[test]
    fn hours_minutes_and_seconds_stay_within_a_day() {
        for text in [
            "2026-11-25T17:60:00Z",
            "2026-11-25T17:99:00Z",
            "2026-11-25T24:00:00Z",
            "2026-11-25T17:29:61Z",
            "2026-13-01",
            "2026-00-10",
            "2026-11-00",
        ] {
            assert_invalid(text);
        }
        assert_eq!(parsed("2026-11-25T23:59:59.999Z"), 1_795_651_199_999);
        assert_eq!(parsed("2026-11-25T17:59:00Z"), 1_795_629_540_000);
    }

    #[test]
    fn a_leap_second_is_the_first_second_of_the_next_minute() {
        assert_eq!(
            parsed("2026-11-25T23:59:60Z"),
            parsed("2026-11-26T00:00:00Z")
        );
        assert_eq!(
            parsed("2026-11-25T17:29:60.5+01:00"),
            parsed("2026-11-25T16:30:00.5Z")
        );
    }

    #[test]
    fn offsets_name_the_same_instant_in_another_place() {
        let instant = 1_795_627_750_123; // 2026-11-25T17:29:10.123Z
        for text in [
            "2026-11-25T17:29:10.123Z",
            "2026-11-25T17:29:10.123+00:00",
            "2026-11-25T17:29:10.123-00:00",
            "2026-11-25T22:59:10.123+05:30",
            "2026-11-25T11:59:10.123-05:30",
            "2026-11-26T06:14:10.123+12:45",
            "2026-11-26T17:28:10.123+23:59",
            "2026-11-24T17:30:10.123-23:59",
        ] {
            assert_eq!(parsed(text), instant, "{text}");
        }
        // An offset can move the instant into another day, month or year.
        assert_eq!(
            parsed("2027-01-01T05:29:59.999+05:30"),
            parsed("2026-12-31T23:59:59.999Z")
        );
        assert_eq!(parsed("1970-01-01T05:30:00+05:30"), 0);
    }

    #[test]
    fn nothing_may_follow_the_offset() {
        for text in [
            "2026-11-25T17:29:10+01:00x",
            "2026-11-25T17:29:10+01:00:00",
            "2026-11-25T17:29:10+01:00Z",
            "2026-11-25T17:29:10Zx",
            "2026-11-25T17:29:10ZZ",
            "2026-11-25T17:29:10Z[UTC]",
            "2026-11-25T17:29:10+05:30[Asia/Kolkata]",
            "2026-11-25x",
            "2026-11-25T",
        ] {
            assert_invalid(text);
        }
    }

    #[test]
    fn offsets_must_be_two_digit_hours_and_minutes_within_a_day() {
        for text in [
            "2026-11-25T17:29:10+0100",
            "2026-11-25T17:29:10+01",
            "2026-11-25T17:29:10+1:00",
            "2026-11-25T17:29:10+01:0",
            "2026-11-25T17:29:10+24:00",
            "2026-11-25T17:29:10+01:60",
            "2026-11-25T17:29:10 +01:00",
            "2026-11-25T17:29:10+-1:00",
        ] {
            assert_invalid(text);
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
        for text in [
            "",
            "yesterday",
            "2h30m",
            "5y",
            "-2h",
            "+2h",
            "2026-13-01",
            "2026-02-30",
            "2025-02-29",
            "2026-11-25T24:00:00Z",
            "2026-11-25T17:29:10",
            "2026-11-25T17:29Z",
            "2026-11-25T17:29:10.Z",
            "2026-11-25T17:29:10+0100",
            "26-11-25",
            "+002026-11-25",
            "20261125T172910Z",
            "2026-W48-3",
        ] {
            assert_invalid(text);
        }
    }

    #[test]
    fn long_input_is_shortened_in_the_error() {
        let long = format!("2026-11-25T17:29:10Z{}", "x".repeat(200));
        let message = Timestamp::parse(&long, Timestamp::from_millis(0))
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with(&format!(
                "invalid time \"2026-11-25T17:29:10Z{}\"…: ",
                "x".repeat(40)
            )),
            "{message}"
        );
    }

    #[test]
    fn parsing_what_display_prints_gives_the_same_time() {
        for millis in [
            0,
            1,
            -1,
            951_782_400_000,
            1_795_627_750_123,
            4_107_542_399_999,
        ] {
            let t = Timestamp::from_millis(millis);
            assert_eq!(Timestamp::parse(&t.to_string(), t).unwrap(), t);
        }
    }

    #[test]
    fn every_day_of_four_centuries_prints_and_parses_back() {
        // Walk 1970..2370 day by day: each day prints as a later date than
        // the one before (the fixed-width text sorts as time does) and
        // parses back to the same instant, leap days and century rules
        // included.
        let mut previous = Timestamp::from_millis(-DAY_MS).to_string();
        for days in 0..146_097 {
            let t = Timestamp::from_millis(days * DAY_MS + 43_200_123);
            let text = t.to_string();
            assert!(text[..10] > previous[..10], "{previous} -> {text}");
            assert_eq!(&text[10..], "T12:00:00.123Z");
            assert_eq!(parse_rfc3339(&text), Some(t), "{text}");
            assert_eq!(
                parse_rfc3339(&text[..10]),
                Some(Timestamp::from_millis(days * DAY_MS))
            );
            previous = text;
        }
        assert_eq!(previous, "2369-12-31T12:00:00.123Z");
    }

    #[test]
    fn timestamps_serialize_as_their_text_and_read_it_back() {
        let t = Timestamp::from_millis(1_795_627_750_123);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"2026-11-25T17:29:10.123Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
        assert!(serde_json::from_str::<Timestamp>("\"2100-02-29T00:00:00Z\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("\"2h\"").is_err());
    }
}
