//! `anneal serve`: starts, answers, and `--demo` fills an empty store with a living history.

use crate::util::Env;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

/// The server process, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    banner: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(env: &Env, extra: &[&str]) -> Server {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("anneal"));
    cmd.env("ANNEAL_DB", &env.db)
        .env("NO_COLOR", "1")
        .env("HOME", env.dir.path())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut banner = String::new();
    let mut addr = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("line");
        banner.push_str(&line);
        banner.push('\n');
        if let Some(rest) = line.split("http://").nth(1) {
            addr = rest.split('/').next().map(str::to_string);
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    Server {
        child,
        addr: addr.unwrap_or_else(|| panic!("no address in: {banner}")),
        banner,
    }
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connects");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_prints_where_to_go_and_answers_health_checks() {
    let env = Env::new();
    let server = start(&env, &[]);
    assert!(
        server.banner.contains("open it in your browser"),
        "{}",
        server.banner
    );
    assert!(
        server.banner.contains("creates the owner account"),
        "{}",
        server.banner
    );
    let health = get(&server.addr, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let ready = get(&server.addr, "/readyz");
    assert!(
        ready.starts_with("HTTP/1.1 200") && ready.contains("sqlite"),
        "{ready}"
    );
}

#[test]
fn demo_fills_an_empty_store_with_a_person_drifting_toward_rustout() {
    let env = Env::new();
    let server = start(&env, &["--demo"]);
    assert!(server.banner.contains("\"demo\""), "{}", server.banner);
    assert!(server.banner.contains("demo-password"), "{}", server.banner);
    drop(server);

    let h = env.json(&["--user", "demo", "history", "--json"]);
    assert!(h["points"].as_array().unwrap().len() >= 20, "{h}");
    let s = env.json(&["--user", "demo", "status", "--json"]);
    assert_eq!(s["rustout"]["trend"], "rising", "{s}");
    assert_ne!(s["zone"], "burnout", "{s}");
    assert!(!s["next_actions"].as_array().unwrap().is_empty(), "{s}");
    let plan = env.json(&["--user", "demo", "plan", "list", "--json"]);
    assert!(plan.as_array().unwrap().len() >= 3);

    // A second start leaves the existing store alone.
    let again = start(&env, &["--demo"]);
    assert!(again.banner.contains("left as it is"), "{}", again.banner);
}

#[test]
fn a_cli_profile_gets_a_password_for_the_web() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("ANNEAL_NEW_PASSWORD", "short")
        .args(["password"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "too short is refused");
    let out = env
        .cmd()
        .env("ANNEAL_NEW_PASSWORD", "a long enough password")
        .args(["password"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"me\""));
}
