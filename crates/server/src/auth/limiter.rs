//! The login rate limit: at most [`MAX_FAILURES`] failed logins per client address and per
//! username in any [`WINDOW`]; after that, logins from that address or for that username are
//! refused (429 with `Retry-After`) until the oldest failure leaves the window.
//!
//! The counts live in this process's memory. That is a deliberate trade: they are lost on
//! restart, and with several `anneal serve` processes behind a load balancer each one counts on
//! its own (so an attacker gets `MAX_FAILURES` tries per process per window). Both keep guessing
//! slow enough to matter for argon2id-hashed passwords of at least ten characters.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed logins allowed per client address and per username in one window.
pub const MAX_FAILURES: usize = 10;
/// The window the failures are counted in.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Beyond this many tracked keys, keys with no failure in the window are dropped at once.
const MAX_KEYS: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Ip(IpAddr),
    User(String),
}

/// Failed-login counts by client address and by username. See the module docs.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<Key, VecDeque<Instant>>>,
}

/// A refusal: try again after this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds for the `Retry-After` header, at least 1.
    pub fn seconds(self) -> u64 {
        self.0.as_secs_f64().ceil().max(1.0) as u64
    }
}

fn keys(ip: Option<IpAddr>, username: &str) -> Vec<Key> {
    let mut keys = vec![Key::User(username.trim().to_lowercase())];
    if let Some(ip) = ip {
        keys.push(Key::Ip(ip));
    }
    keys
}

impl LoginLimiter {
    /// `Err` when the address or the username has used up its failures at `now`.
    pub fn check(
        &self,
        ip: Option<IpAddr>,
        username: &str,
        now: Instant,
    ) -> Result<(), RetryAfter> {
        let mut failures = self.lock();
        let mut wait = Duration::ZERO;
        for key in keys(ip, username) {
            if let Some(times) = failures.get_mut(&key) {
                forget_old(times, now);
                if times.len() >= MAX_FAILURES
                    && let Some(&oldest) = times.front()
                {
                    wait = wait.max((oldest + WINDOW).saturating_duration_since(now));
                }
            }
        }
        if wait.is_zero() {
            Ok(())
        } else {
            Err(RetryAfter(wait))
        }
    }

    /// Counts a failed login at `now` against the address and the username.
    pub fn record_failure(&self, ip: Option<IpAddr>, username: &str, now: Instant) {
        let mut failures = self.lock();
        if failures.len() >= MAX_KEYS {
            failures.retain(|_, times| {
                forget_old(times, now);
                !times.is_empty()
            });
        }
        for key in keys(ip, username) {
            let times = failures.entry(key).or_default();
            forget_old(times, now);
            times.push_back(now);
            // Only the newest MAX_FAILURES matter for the decision.
            while times.len() > MAX_FAILURES {
                times.pop_front();
            }
        }
    }

    /// A successful login clears the username's failures (not the address's: an attacker with
    /// an account of their own must not be able to reset their count).
    pub fn record_success(&self, username: &str) {
        self.lock()
            .remove(&Key::User(username.trim().to_lowercase()));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, VecDeque<Instant>>> {
        // A panic while holding the lock leaves counts that are still meaningful.
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn forget_old(times: &mut VecDeque<Instant>, now: Instant) {
    while times
        .front()
        .is_some_and(|&t| now.saturating_duration_since(t) >= WINDOW)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IP: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1)));
    const OTHER_IP: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2)));

    fn fail(limiter: &LoginLimiter, ip: Option<IpAddr>, user: &str, n: usize, at: Instant) {
        for _ in 0..n {
            limiter.record_failure(ip, user, at);
        }
    }

    #[test]
    fn ten_failures_for_a_username_block_it_from_any_address() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..MAX_FAILURES {
            assert!(limiter.check(IP, "ana", t0).is_ok(), "attempt {i}");
            limiter.record_failure(IP, "ana", t0);
        }
        let refused = limiter
            .check(OTHER_IP, "Ana ", t0)
            .expect_err("username blocked");
        assert_eq!(refused.seconds(), WINDOW.as_secs());
        assert!(limiter.check(OTHER_IP, "ben", t0).is_ok());
    }

    #[test]
    fn ten_failures_from_an_address_block_every_username_there() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..MAX_FAILURES {
            limiter.record_failure(IP, &format!("user{i}"), t0);
        }
        assert!(limiter.check(IP, "someone-new", t0).is_err());
        assert!(limiter.check(OTHER_IP, "someone-new", t0).is_ok());
        assert!(limiter.check(None, "someone-new", t0).is_ok());
    }

    #[test]
    fn failures_leave_the_window_one_by_one() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        fail(&limiter, IP, "ana", 1, t0);
        let t1 = t0 + Duration::from_secs(60);
        fail(&limiter, IP, "ana", MAX_FAILURES - 1, t1);
        let wait = limiter.check(IP, "ana", t1).expect_err("blocked");
        assert_eq!(wait.0, WINDOW - Duration::from_secs(60));
        // The first failure leaves the window: one more try is allowed.
        let later = t0 + WINDOW;
        assert!(limiter.check(IP, "ana", later).is_ok());
        fail(&limiter, IP, "ana", 1, later);
        let wait = limiter.check(IP, "ana", later).expect_err("blocked again");
        assert_eq!(wait.0, Duration::from_secs(60));
        assert!(limiter.check(IP, "ana", t1 + WINDOW).is_ok());
    }

    #[test]
    fn success_clears_the_username_but_not_the_address() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        fail(&limiter, IP, "ana", MAX_FAILURES, t0);
        limiter.record_success("ANA");
        assert!(limiter.check(OTHER_IP, "ana", t0).is_ok());
        assert!(
            limiter.check(IP, "ana", t0).is_err(),
            "the address stays blocked"
        );
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(RetryAfter(Duration::from_millis(1)).seconds(), 1);
        assert_eq!(RetryAfter(Duration::from_millis(1500)).seconds(), 2);
        assert_eq!(RetryAfter(Duration::ZERO).seconds(), 1);
    }

    #[test]
    fn stale_keys_are_dropped_when_the_map_is_full() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..MAX_KEYS {
            limiter.record_failure(None, &format!("u{i}"), t0);
        }
        assert_eq!(limiter.lock().len(), MAX_KEYS);
        limiter.record_failure(None, "fresh", t0 + WINDOW);
        assert_eq!(limiter.lock().len(), 1);
    }
}
