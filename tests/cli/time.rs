//! Times on the command line (`list --as-of`, `history --since`): which
//! forms are accepted, which instant each one names, and that a time that
//! does not exist is invalid and changes nothing.

use std::thread;
use std::time::Duration;

use jiff::tz::{Offset, TimeZone};
use serde_json::{Value, json};

use crate::util::Env;

/// The message of every invalid time, after its quoted text.
const EXPECTED: &str = "expected RFC 3339 (2026-11-25T17:29:10Z), a date (2026-11-25) or a span such as 90s, 15m, 2h, 3d, 1w";

/// Lets the clock move on so the next command gets a later time.
fn tick() {
    thread::sleep(Duration::from_millis(20));
}

/// Alice's items a, b and c, added in that order a tick apart, as `add`
/// printed them.
fn three_items(env: &Env) -> [Value; 3] {
    ["a", "b", "c"].map(|name| {
        let item = env.json(&["add", name]);
        tick();
        item
    })
}

/// `created_at` of an item as `add` printed it.
fn created(item: &Value) -> &str {
    item["created_at"].as_str().expect("a string time")
}

/// The instant `utc` (as CountIQ prints it) plus `shift_ms`, written as a
/// wall-clock time `hours:minutes` ahead of UTC (behind when negative), with
/// milliseconds: `2026-11-26T05:24:12.345+05:30`.
fn at_offset(utc: &str, shift_ms: i64, hours: i8, minutes: i8) -> String {
    let instant: jiff::Timestamp = utc.parse().expect("an RFC 3339 time");
    let instant = instant
        .checked_add(jiff::SignedDuration::from_millis(shift_ms))
        .expect("in range");
    let seconds = (i32::from(hours) * 60 + i32::from(minutes)) * 60;
    let zone = TimeZone::fixed(Offset::from_seconds(seconds).expect("a valid offset"));
    instant
        .to_zoned_datetime(zone)
        .strftime("%Y-%m-%dT%H:%M:%S%.3f%:z")
        .to_string()
}

/// The names of the events of `history --since TIME`, newest first.
fn names_since(env: &Env, time: &str) -> Vec<String> {
    env.json(&["history", "--since", time])
        .as_array()
        .expect("an array of events")
        .iter()
        .map(|e| e["name_after"].as_str().expect("a name").to_owned())
        .collect()
}

#[test]
fn times_that_do_not_exist_are_invalid_and_change_nothing() {
    let env = Env::new();
    three_items(&env);
    let before = env.state();
    for time in [
        // February 29 of a century not divisible by 400, and of a common year.
        "2100-02-29",
        "2100-02-29T00:00:00Z",
        "1900-02-29",
        "2025-02-29",
        // The 31st of a 30-day month.
        "2026-04-31",
        "2026-06-31T12:00:00Z",
        "2026-09-31",
        "2026-11-31",
        // Minute 60, hour 24, second 61.
        "2026-11-25T17:60:00Z",
        "2026-11-25T24:00:00Z",
        "2026-11-25T17:29:61Z",
        // Text after the offset, or an offset out of its range.
        "2026-11-25T17:29:10+01:00x",
        "2026-11-25T17:29:10Zx",
        "2026-11-25T17:29:10+05:30[Asia/Kolkata]",
        "2026-11-25T17:29:10+24:00",
        "2026-11-25T17:29:10+0530",
        // Other shapes RFC 3339 does not have.
        "2026-11-25T17:29Z",
        "2026-11-25T17:29:10",
        "+2h",
        "2h30m",
    ] {
        for args in [["list", "--as-of", time], ["history", "--since", time]] {
            let run = env.run(&args).code(5);
            assert_eq!(run.stdout, "", "{run}");
            assert_eq!(
                run.stderr,
                format!("countiq: error: invalid time {time:?}: {EXPECTED}\n"),
                "{run}"
            );
        }
    }
    assert_eq!(env.state(), before);
}

#[test]
fn leap_days_that_exist_are_accepted() {
    let env = Env::new();
    let items = three_items(&env);
    let all = env.history_of("alice");
    for past in [
        "2000-02-29",
        "2024-02-29",
        "2024-02-29T23:59:59.999Z",
        "2000-02-29T12:00:00+05:30",
    ] {
        assert_eq!(env.json(&["list", "--as-of", past]), json!([]), "{past}");
        assert_eq!(env.json(&["history", "--since", past]), all, "{past}");
    }
    for future in ["2096-02-29", "2400-02-29T00:00:00Z", "2100-02-28"] {
        assert_eq!(
            env.json(&["list", "--as-of", future]),
            json!(items),
            "{future}"
        );
        assert_eq!(
            env.json(&["history", "--since", future]),
            json!([]),
            "{future}"
        );
    }
}

#[test]
fn an_offset_names_the_same_instant_as_its_utc_time() {
    let env = Env::new();
    let [a, b, c] = three_items(&env);
    let b_at = created(&b);
    for (hours, minutes) in [(5, 30), (-5, -30), (0, 0), (12, 45), (-9, 0), (23, 59)] {
        let exactly = at_offset(b_at, 0, hours, minutes);
        let after = at_offset(b_at, 1, hours, minutes);
        let before = at_offset(b_at, -1, hours, minutes);
        // history --since keeps events at or after the time.
        assert_eq!(names_since(&env, &exactly), ["c", "b"], "{exactly}");
        assert_eq!(names_since(&env, &after), ["c"], "{after}");
        // list --as-of shows the items as they stood at the time.
        assert_eq!(
            env.json(&["list", "--as-of", &exactly]),
            json!([a, b]),
            "{exactly}"
        );
        assert_eq!(
            env.json(&["list", "--as-of", &before]),
            json!([a]),
            "{before}"
        );
    }
    assert!(at_offset(b_at, 0, 5, 30).ends_with("+05:30"));
    assert!(at_offset(b_at, 0, -5, -30).ends_with("-05:30"));
    // The UTC form itself, with a lowercase t and z, and with a space.
    assert_eq!(names_since(&env, b_at), ["c", "b"]);
    assert_eq!(
        names_since(&env, &b_at.replace('T', "t").replace('Z', "z")),
        ["c", "b"]
    );
    assert_eq!(names_since(&env, &b_at.replace('T', " ")), ["c", "b"]);
    assert_eq!(
        env.json(&["list", "--as-of", created(&c)]),
        json!([a, b, c])
    );
}

#[test]
fn a_date_alone_is_midnight_utc_of_that_day() {
    let env = Env::new();
    let [a, _, c] = three_items(&env);
    // The first item's day, and the day after the last one's (the same
    // day but when the items straddle midnight).
    let today: jiff::civil::Date = created(&a)[..10].parse().expect("a date");
    let last: jiff::civil::Date = created(&c)[..10].parse().expect("a date");
    let tomorrow = last.tomorrow().expect("a later day").to_string();
    let today = today.to_string();
    assert_eq!(env.json(&["list", "--as-of", &today]), json!([]));
    assert_eq!(
        env.json(&["list", "--as-of", &format!("{today}T00:00:00Z")]),
        json!([])
    );
    assert_eq!(
        env.json(&["history", "--since", &today]),
        env.history_of("alice")
    );
    assert_eq!(env.json(&["list", "--as-of", &tomorrow]), env.items());
    assert_eq!(env.json(&["history", "--since", &tomorrow]), json!([]));
}

#[test]
fn spans_count_back_from_now() {
    let env = Env::new();
    let items = three_items(&env);
    let all = env.history_of("alice");
    // Every item is younger than any of these spans.
    for span in ["90s", "15m", "2h", "3d", "1w", "2h ago"] {
        assert_eq!(env.json(&["history", "--since", span]), all, "{span}");
        assert_eq!(env.json(&["list", "--as-of", span]), json!([]), "{span}");
    }
    assert_eq!(env.json(&["list", "--as-of", "0s"]), json!(items));
    assert_eq!(env.json(&["history", "--since", "0s"]), json!([]));
}
