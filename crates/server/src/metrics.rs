//! Prometheus metrics, written by hand in the text exposition format (version 0.0.4):
//!
//! - `anneal_http_requests_total{route,method,status}`: requests answered;
//! - `anneal_http_request_duration_seconds{route}`: a latency histogram;
//! - `anneal_checkins_stored_total`: pulse check-ins stored by this process.
//!
//! `route` is the route's template (`/account/tokens/{id}/revoke`), never the URL itself, and
//! requests that match no route share the label `unmatched`, so no id, name or other personal
//! data ends up in a label and the number of series stays bounded.
//!
//! The request log line is written here too, at debug level (`ANNEAL_LOG=info,anneal::http=debug`
//! shows it): route, method, status and duration, nothing else.

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Upper bounds of the latency histogram's buckets, in seconds.
pub const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// The label of requests that matched no route.
pub const UNMATCHED: &str = "unmatched";

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Count per bucket (not cumulative; cumulated when rendered).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        if let Some(i) = BUCKETS.iter().position(|&le| seconds <= le) {
            self.buckets[i] += 1;
        }
        self.count += 1;
        self.sum += seconds;
    }
}

/// The process's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, &'static str, u16), u64>>,
    durations: Mutex<BTreeMap<String, Histogram>>,
    checkins: AtomicU64,
}

/// The method as a label; anything unusual is `OTHER` (clients choose methods freely).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Metrics {
    /// Counts one answered request.
    pub fn observe(&self, route: &str, method: &Method, status: u16, seconds: f64) {
        *lock(&self.requests)
            .entry((route.to_string(), method_label(method), status))
            .or_insert(0) += 1;
        lock(&self.durations)
            .entry(route.to_string())
            .or_default()
            .observe(seconds);
    }

    /// Counts one stored pulse check-in. Whoever stores a check-in calls this after the store
    /// acknowledged it.
    pub fn record_checkin_stored(&self) {
        self.checkins.fetch_add(1, Ordering::Relaxed);
    }

    /// Everything in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP anneal_http_requests_total HTTP requests answered, by route template, method and status.\n");
        out.push_str("# TYPE anneal_http_requests_total counter\n");
        for ((route, method, status), n) in lock(&self.requests).iter() {
            let _ = writeln!(
                out,
                "anneal_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str("# HELP anneal_http_request_duration_seconds Time to answer an HTTP request, by route template.\n");
        out.push_str("# TYPE anneal_http_request_duration_seconds histogram\n");
        for (route, h) in lock(&self.durations).iter() {
            let route = escape(route);
            let mut cumulative = 0;
            for (le, n) in BUCKETS.iter().zip(h.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "anneal_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "anneal_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "anneal_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "anneal_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        out.push_str(
            "# HELP anneal_checkins_stored_total Pulse check-ins stored by this process.\n",
        );
        out.push_str("# TYPE anneal_checkins_stored_total counter\n");
        let _ = writeln!(
            out,
            "anneal_checkins_stored_total {}",
            self.checkins.load(Ordering::Relaxed)
        );
        out
    }
}

/// Escapes a label value (backslash, double quote, newline).
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware: times every request, counts it by route template, and logs one line without
/// personal data (no path, query, address or user).
pub async fn track(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    req: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_string(), |m| m.as_str().to_string());
    let method = req.method().clone();
    let response = next.run(req).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    state.metrics.observe(&route, &method, status, seconds);
    tracing::debug!(
        target: "anneal::http",
        route = %route,
        method = %method_label(&method),
        status,
        ms = seconds * 1000.0,
        "request"
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_a_cumulative_histogram() {
        let m = Metrics::default();
        m.observe("/login", &Method::POST, 303, 0.003);
        m.observe("/login", &Method::POST, 303, 0.2);
        m.observe("/login", &Method::POST, 401, 9.0);
        m.record_checkin_stored();
        let text = m.render();
        assert!(text.contains(
            "anneal_http_requests_total{route=\"/login\",method=\"POST\",status=\"303\"} 2\n"
        ));
        assert!(text.contains(
            "anneal_http_requests_total{route=\"/login\",method=\"POST\",status=\"401\"} 1\n"
        ));
        assert!(text.contains(
            "anneal_http_request_duration_seconds_bucket{route=\"/login\",le=\"0.001\"} 0\n"
        ));
        assert!(text.contains(
            "anneal_http_request_duration_seconds_bucket{route=\"/login\",le=\"0.005\"} 1\n"
        ));
        assert!(text.contains(
            "anneal_http_request_duration_seconds_bucket{route=\"/login\",le=\"5\"} 2\n"
        ));
        assert!(text.contains(
            "anneal_http_request_duration_seconds_bucket{route=\"/login\",le=\"+Inf\"} 3\n"
        ));
        assert!(text.contains("anneal_http_request_duration_seconds_count{route=\"/login\"} 3\n"));
        assert!(text.contains("anneal_checkins_stored_total 1\n"));
    }

    #[test]
    fn odd_methods_and_label_characters_cannot_break_the_format() {
        let m = Metrics::default();
        let odd = Method::from_bytes(b"BREW").expect("method");
        m.observe("/a\"b\\c\nd", &odd, 200, 0.0);
        let text = m.render();
        assert!(
            text.contains("route=\"/a\\\"b\\\\c\\nd\",method=\"OTHER\""),
            "{text}"
        );
    }
}
