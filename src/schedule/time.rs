//! Local send times to instants, with chrono-tz: a time that the clocks
//! skip is an error, an ambiguous one (the hour repeated in autumn) takes
//! its first occurrence and says so.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// A send time placed on the time line.
#[derive(Debug, Clone)]
pub struct SendTime {
    /// The instant.
    pub utc: DateTime<Utc>,
    /// The same instant on the wall clock of its zone.
    pub local: DateTime<Tz>,
    /// Set when the wall-clock time happens twice and the first was taken.
    pub ambiguous: Option<String>,
}

/// Reads an IANA zone name.
pub fn zone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| {
        format!("unknown time zone `{name}`; use an IANA name such as Europe/Berlin or America/New_York")
    })
}

/// Reads `HH:MM` or `HH:MM:SS`.
pub fn clock(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .map_err(|_| format!("`{text}` is not a time of day; write it as HH:MM (24-hour)"))
}

/// Reads `DATE`, `DATE TIME` or `DATE TIME ZONE` (`T` between date and
/// time also works); a missing time is `default_time`, a missing zone
/// `default_zone`.
pub fn resolve(text: &str, default_zone: Tz, default_time: NaiveTime) -> Result<SendTime, String> {
    let trimmed = text.trim();
    // `2027-10-31T02:30`: the `T` right after the date only (zones have Ts).
    let spaced = match trimmed.split_at_checked(10) {
        Some((date, rest)) if rest.starts_with('T') => format!("{date} {}", &rest[1..]),
        _ => trimmed.to_string(),
    };
    let mut parts = spaced.split_whitespace();
    let date_text = parts.next().unwrap_or_default();
    let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d").map_err(|_| {
        format!("`{text}` does not start with a date; write YYYY-MM-DD [HH:MM [Zone/Name]]")
    })?;
    let time = match parts.next() {
        Some(t) => clock(t)?,
        None => default_time,
    };
    let zone = match parts.next() {
        Some(name) => zone(name)?,
        None => default_zone,
    };
    if let Some(extra) = parts.next() {
        return Err(format!(
            "unexpected `{extra}` after the time zone in `{text}`"
        ));
    }
    place(NaiveDateTime::new(date, time), zone)
}

fn place(naive: NaiveDateTime, zone: Tz) -> Result<SendTime, String> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(local) => Ok(SendTime {
            utc: local.with_timezone(&Utc),
            local,
            ambiguous: None,
        }),
        LocalResult::Ambiguous(first, second) => Ok(SendTime {
            utc: first.with_timezone(&Utc),
            ambiguous: Some(format!(
                "{naive} happens twice in {zone} (clocks go back): took the first, {} (the second would be {})",
                first.format("%H:%M %Z"),
                second.format("%H:%M %Z")
            )),
            local: first,
        }),
        LocalResult::None => Err(format!(
            "{naive} does not exist in {zone}: the clocks skip it (daylight saving); pick a time outside the gap"
        )),
    }
}

/// Whether the clocks change in `zone` on the local day of `at`.
pub fn clocks_change_on(at: &DateTime<Tz>) -> bool {
    let zone = at.timezone();
    let date = at.date_naive();
    let offset_at = |time: NaiveTime| {
        zone.from_local_datetime(&NaiveDateTime::new(date, time))
            .earliest()
            .map(|t| t.offset().fix())
    };
    let start = offset_at(NaiveTime::MIN);
    let end = NaiveTime::from_hms_opt(23, 59, 59).and_then(offset_at);
    start != end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nine() -> NaiveTime {
        NaiveTime::from_hms_opt(9, 0, 0).expect("time")
    }

    #[test]
    fn spring_forward_gap_is_an_error_and_the_day_after_has_the_new_offset() {
        let ny = zone("America/New_York").expect("zone");
        assert!(resolve("2027-03-14 02:30", ny, nine()).is_err());
        let before = resolve("2027-03-13", ny, nine()).expect("EST");
        let after = resolve("2027-03-14", ny, nine()).expect("EDT");
        assert_eq!(before.utc.to_rfc3339(), "2027-03-13T14:00:00+00:00");
        assert_eq!(after.utc.to_rfc3339(), "2027-03-14T13:00:00+00:00");
        assert!(clocks_change_on(&after.local) && !clocks_change_on(&before.local));
    }

    #[test]
    fn fall_back_takes_the_first_occurrence() {
        let berlin = zone("Europe/Berlin").expect("zone");
        let t = resolve("2027-10-31T02:30", berlin, nine()).expect("ambiguous");
        assert_eq!(t.utc.to_rfc3339(), "2027-10-31T00:30:00+00:00");
        assert!(t.ambiguous.is_some());
        let other = resolve("2027-10-31 02:30 UTC", berlin, nine()).expect("utc");
        assert_eq!(other.utc.to_rfc3339(), "2027-10-31T02:30:00+00:00");
        assert!(resolve("31/10/2027", berlin, nine()).is_err());
        assert!(zone("Mars/Olympus").is_err());
    }
}
