//! `anneal serve` on a free port of 127.0.0.1 with a fresh SQLite file, killed when dropped.

use crate::util::Env;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The real binary serving this test's database.
pub struct AnnealServer {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl AnnealServer {
    /// Starts the server for `env`'s database and waits until it says where it listens. Its
    /// standard error (the request log) goes to `log`.
    pub fn start(env: &Env, log: &Path) -> AnnealServer {
        let stderr = File::create(log)
            .unwrap_or_else(|e| panic!("cannot create the server log {}: {e}", log.display()));
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("anneal"))
            .env("ANNEAL_DB", &env.db)
            .env("NO_COLOR", "1")
            .env("ANNEAL_LOG", "anneal::http=debug")
            .env_remove("ANNEAL_USER")
            .env_remove("ANNEAL_SUPPORT_FILE")
            .env("HOME", env.dir.path())
            .args(["serve", "--bind", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("anneal serve starts");
        let Some(stdout) = child.stdout.take() else {
            panic!("anneal serve has no standard output pipe");
        };
        let mut lines = BufReader::new(stdout).lines();
        let mut banner = String::new();
        let mut addr = None;
        for line in lines.by_ref() {
            let Ok(line) = line else { break };
            banner.push_str(&line);
            banner.push('\n');
            if let Some(rest) = line.split("http://").nth(1) {
                addr = rest.split('/').next().map(str::to_string);
            }
            if line.starts_with("Press Ctrl-C") {
                break;
            }
        }
        // Keep reading whatever else it prints, so it never writes into a closed pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let Some(addr) = addr else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("anneal serve printed no address: {banner}");
        };
        AnnealServer { child, addr }
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for AnnealServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
