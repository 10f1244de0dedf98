//! Prometheus metrics, written by hand in the text exposition format (version 0.0.4). Only an
//! admin may read them (see [`crate::ops::metrics`]), and they hold nothing that tells what anyone
//! did, or when:
//!
//! - `anneal_http_requests_total{class}`: every request answered, by outcome only: `success`
//!   (status below 400), `client_error` (4xx) or `server_error` (5xx);
//! - `anneal_process_start_time_seconds` and `anneal_uptime_seconds`: when the process started
//!   and how long it has run;
//! - `anneal_build_info{version}`: always 1.
//!
//! # Why so little
//!
//! Anneal's routes name personal actions (`/pulse`, `/api/v1/checkins`, `/me/sharing/{unit}`,
//! `/invites/{token}/accept`, `/me/journal`, `/login`…), so a counter per route or method is a
//! log of who-did-what-when for whoever can read it: on a small team the moment the "check-ins"
//! series ticks is the moment someone checked in. So there is no route, method or exact-status
//! label and no counter of stored check-ins or any other action.
//!
//! - **2xx and 3xx are one class**: nearly every 3xx is the 303 that follows a submitted form
//!   (a check-in, a sharing change, a login, a journal entry), so a separate 3xx series would
//!   count personal actions. Together, a submitted form and the page after it look like two page
//!   views.
//! - **No latency**: password hashing is slow on purpose and writes are slower than reads, so a
//!   duration histogram (or even a total duration) shows logins, journal unlocks and check-ins as
//!   requests in its slow buckets. Measure latency at the reverse proxy, which sees every request
//!   anyway.
//! - **What the totals still say**: that *some* request was answered, mixed with every page view,
//!   asset, API call, health probe and scrape (this one included), and that some request failed.
//!   A 4xx can be a mistyped login or a check-in with an answer missing, but just as well a
//!   scanner's 404 or an expired session; which is not told. This is accepted: it is the least an
//!   operator needs to see that the server works.
//!
//! The request log line is written here too, at debug level (`ANNEAL_LOG=info,anneal::http=debug`
//! shows it): route template, method, status and duration, nothing else. Unlike the metrics it
//! names the route; it is for whoever runs the server, who can read the database anyway.

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The outcome classes of `anneal_http_requests_total`, in the order they are rendered.
pub const CLASSES: [&str; 3] = ["success", "client_error", "server_error"];

/// The index in [`CLASSES`] of a status code.
fn class_of(status: u16) -> usize {
    match status {
        0..=399 => 0,
        400..=499 => 1,
        _ => 2,
    }
}

/// The process's counters.
#[derive(Debug)]
pub struct Metrics {
    requests: [AtomicU64; CLASSES.len()],
    started: Instant,
    /// Seconds since the Unix epoch when the process started.
    started_unix: f64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            requests: Default::default(),
            started: Instant::now(),
            started_unix: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64()),
        }
    }
}

/// The method as a log field; anything unusual is `OTHER` (clients choose methods freely).
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

impl Metrics {
    /// Counts one answered request by its status alone.
    pub fn observe(&self, status: u16) {
        self.requests[class_of(status)].fetch_add(1, Ordering::Relaxed);
    }

    /// Everything in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP anneal_http_requests_total HTTP requests answered, all together, by outcome \
             class only.\n",
        );
        out.push_str("# TYPE anneal_http_requests_total counter\n");
        for (class, n) in CLASSES.iter().zip(&self.requests) {
            let _ = writeln!(
                out,
                "anneal_http_requests_total{{class=\"{class}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        out.push_str(
            "# HELP anneal_process_start_time_seconds When the process started, in seconds since \
             the Unix epoch.\n",
        );
        out.push_str("# TYPE anneal_process_start_time_seconds gauge\n");
        let _ = writeln!(
            out,
            "anneal_process_start_time_seconds {:.3}",
            self.started_unix
        );
        out.push_str("# HELP anneal_uptime_seconds How long the process has been running.\n");
        out.push_str("# TYPE anneal_uptime_seconds gauge\n");
        let _ = writeln!(
            out,
            "anneal_uptime_seconds {:.3}",
            self.started.elapsed().as_secs_f64()
        );
        out.push_str("# HELP anneal_build_info The running version of Anneal; always 1.\n");
        out.push_str("# TYPE anneal_build_info gauge\n");
        let _ = writeln!(
            out,
            "anneal_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        );
        out
    }
}

/// Middleware: counts every request by its outcome class, and logs one line without personal
/// data (no path, query, address or user).
pub async fn track(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    req: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let method = req.method().clone();
    let response = next.run(req).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    state.metrics.observe(status);
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
    fn requests_are_counted_by_outcome_class_only() {
        let m = Metrics::default();
        for status in [200, 201, 204, 303, 304] {
            m.observe(status);
        }
        m.observe(401);
        m.observe(422);
        m.observe(503);
        let text = m.render();
        assert!(
            text.contains("anneal_http_requests_total{class=\"success\"} 5\n"),
            "{text}"
        );
        assert!(text.contains("anneal_http_requests_total{class=\"client_error\"} 2\n"));
        assert!(text.contains("anneal_http_requests_total{class=\"server_error\"} 1\n"));
        let series: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            series
                .iter()
                .filter(|l| l.starts_with("anneal_http_requests_total"))
                .count(),
            3,
            "one series per class, none per status: {text}"
        );
    }

    #[test]
    fn every_series_has_a_type_and_a_number() {
        let m = Metrics::default();
        m.observe(200);
        let text = m.render();
        let mut typed = Vec::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').expect("name and type");
                assert!(["counter", "gauge"].contains(&kind), "{line}");
                typed.push(name.to_string());
            } else if !line.starts_with("# HELP ") {
                let (series, value) = line.rsplit_once(' ').expect("series and value");
                let name = series.split('{').next().expect("name");
                assert!(typed.iter().any(|t| t == name), "{name} has no TYPE");
                assert!(value.parse::<f64>().is_ok(), "{line}");
            }
        }
        assert!(text.ends_with('\n'));
        assert!(text.contains("anneal_build_info{version=\""));
    }
}
