//! Sign-in throttling: after too many failures within a window, further tries wait until
//! the oldest counted failure leaves the window.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pub max_failures: usize,
    pub window: Duration,
}

impl Throttle {
    /// Per account: five wrong passwords a minute, then wait.
    pub const PER_ACCOUNT: Throttle = Throttle { max_failures: 5, window: Duration::seconds(60) };
    /// Per address: an office behind one address may have several people mistyping.
    pub const PER_ADDRESS: Throttle = Throttle { max_failures: 20, window: Duration::seconds(60) };

    /// When the next try is allowed, if not now. `failures` are the times of recent failures.
    pub fn retry_at(&self, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut recent: Vec<DateTime<Utc>> = failures.iter().copied().filter(|t| *t > now - self.window).collect();
        if recent.len() < self.max_failures {
            return None;
        }
        recent.sort();
        Some(recent[recent.len() - self.max_failures] + self.window)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_try_within_a_minute_waits_for_the_first_to_age_out() {
        let t0 = DateTime::parse_from_rfc3339("2026-11-26T10:00:00Z").unwrap().with_timezone(&Utc);
        let at = |s: i64| t0 + Duration::seconds(s);
        let th = Throttle::PER_ACCOUNT;
        let four: Vec<_> = (0..4).map(|i| at(i * 5)).collect();
        assert_eq!(th.retry_at(&four, at(20)), None);
        let five: Vec<_> = (0..5).map(|i| at(i * 5)).collect();
        assert_eq!(th.retry_at(&five, at(21)), Some(at(60)));
        assert_eq!(th.retry_at(&five, at(61)), None, "the first failure has left the window");
    }
}
