//! The dump's `2023-02-14 16:05:09 +0000` read at fixed places into Unix
//! seconds, with the calendar arithmetic done by hand: three million lines
//! a second matter here, and chrono's general date checks were a third of
//! the time spent on a line. Anything unusual returns `None`, and the
//! caller falls back to chrono.

/// Unix seconds of `YYYY-MM-DD HH:MM:SS +HHMM` (exactly 25 bytes), or
/// `None` when a field is not digits or out of range.
pub(crate) fn fixed_width(text: &[u8]) -> Option<i64> {
    if text.len() != 25 || text[4] != b'-' || text[7] != b'-' || text[10] != b' ' {
        return None;
    }
    if text[13] != b':' || text[16] != b':' || text[19] != b' ' {
        return None;
    }
    let digits = |from: usize, count: usize| -> Option<i64> {
        text[from..from + count].iter().try_fold(0i64, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
        })
    };
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    let sign = match text[20] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let offset = digits(21, 2)? * 60 + digits(23, 2)?;
    let valid = (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour < 24
        && minute < 60
        && second < 60;
    valid.then(|| {
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
            - sign * offset * 60
    })
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The general path's reading (chrono), which the fast one must match.
    fn with_chrono(text: &str) -> Option<i64> {
        let t = text.as_bytes();
        let num = |from: usize, len: usize| text.get(from..from + len)?.parse::<u32>().ok();
        let day = chrono::NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 2)?, num(8, 2)?)?;
        let at = day.and_hms_opt(num(11, 2)?, num(14, 2)?, num(17, 2)?)?;
        let sign = if t[20] == b'+' { 1 } else { -1 };
        let minutes = i64::from(num(21, 2)? * 60 + num(23, 2)?);
        Some(at.and_utc().timestamp() - sign * minutes * 60)
    }

    #[test]
    fn known_instants() {
        assert_eq!(fixed_width(b"1970-01-01 00:00:00 +0000"), Some(0));
        assert_eq!(
            fixed_width(b"2023-02-14 16:05:09 +0100"),
            Some(1_676_387_109)
        );
        assert_eq!(
            fixed_width(b"2024-02-29 12:00:00 -0530"),
            with_chrono("2024-02-29 12:00:00 -0530")
        );
        assert_eq!(fixed_width(b"2023-02-29 12:00:00 +0000"), None);
        assert_eq!(fixed_width(b"2023-13-01 12:00:00 +0000"), None);
        assert_eq!(fixed_width(b"2023-01-01 24:00:00 +0000"), None);
        assert_eq!(fixed_width(b"2023-01-01 12:00:00 0000 "), None);
    }

    proptest! {
        #[test]
        fn agrees_with_chrono(
            year in 1600i64..2500, month in 0i64..14, day in 0i64..33,
            hour in 0i64..26, minute in 0i64..61, second in 0i64..61,
            east in any::<bool>(), offset_hours in 0i64..15, offset_minutes in 0i64..60,
        ) {
            let text = format!(
                "{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} {}{offset_hours:02}{offset_minutes:02}",
                if east { '+' } else { '-' }
            );
            prop_assert_eq!(fixed_width(text.as_bytes()), with_chrono(&text), "{}", text);
        }
    }
}
