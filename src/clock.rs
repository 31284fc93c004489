//! Time, from one place. Code that needs the time takes a [`Clock`]: the
//! command passes [`SystemClock`] in production and [`FixedClock`] when
//! `--now` says what time to act at, and tests fix or move the clock
//! instead of sleeping. Reading the system clock anywhere else
//! (`chrono::Utc::now`, `chrono::Local::now`, `SystemTime::now`) is refused
//! by clippy's `disallowed-methods` (`clippy.toml`). Durations are still
//! measured with `Instant`.

use chrono::{DateTime, NaiveDate, Utc};

/// Where the time comes from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;

    /// Today's date on this machine's wall clock (its local time zone).
    fn today_local(&self) -> NaiveDate {
        self.now().with_timezone(&chrono::Local).date_naive()
    }
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // The one place the system clock is read.
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always says the same instant (`--now`, tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_keeps_its_time_and_its_local_date() {
        let at: DateTime<Utc> = "2027-01-05T09:00:00Z".parse().expect("time");
        let clock = FixedClock(at);
        assert_eq!(clock.now(), at);
        assert_eq!(clock.now(), at);
        assert_eq!(
            clock.today_local(),
            at.with_timezone(&chrono::Local).date_naive()
        );
    }
}
