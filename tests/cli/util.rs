//! Helpers: a scratch database per test, running the binary, and building answers from what
//! `instruments show --json` says, so tests do not hard-code item ids.

use assert_cmd::Command;
use serde_json::{Map, Value, json};
use std::path::PathBuf;
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
    pub db: String,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = format!("sqlite://{}", dir.path().join("anneal.db").display());
        Env { dir, db }
    }

    pub fn with_db(db: String) -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            db,
        }
    }

    /// The binary with this test's database, no colour, and no terminal on stdin.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("anneal").expect("binary");
        c.env("ANNEAL_DB", &self.db)
            .env("NO_COLOR", "1")
            .env_remove("ANNEAL_USER")
            .env_remove("ANNEAL_SUPPORT_FILE")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"));
        c
    }

    /// Runs and returns stdout, asserting success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("runs");
        assert!(
            out.status.success(),
            "anneal {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }

    /// Writes a file in the test's directory and returns its path.
    pub fn file(&self, name: &str, contents: &str) -> String {
        let p: PathBuf = self.dir.path().join(name);
        std::fs::write(&p, contents).expect("write");
        p.display().to_string()
    }

    pub fn answers_file(&self, name: &str, answers: &Value) -> String {
        self.file(name, &answers.to_string())
    }

    pub fn instrument(&self, id: &str) -> Value {
        self.json(&["instruments", "show", id, "--json"])
    }

    /// How many responses the history holds.
    pub fn count(&self) -> usize {
        self.json(&["history", "--json"])["points"]
            .as_array()
            .expect("points")
            .len()
    }
}

/// The index a dimension feeds, from `instruments show --json`.
fn index_of(inst: &Value, dimension: &str) -> String {
    inst["dimensions"]
        .as_array()
        .expect("dimensions")
        .iter()
        .find(|d| d["id"] == dimension)
        .map(|d| d["index"].as_str().expect("index").to_string())
        .unwrap_or_else(|| panic!("no dimension {dimension}"))
}

/// Answers where the strain on the burnout side is `b` and on the rust-out side `r` (each 0–1),
/// and shared dimensions (mood, sleep) sit at `shared`.
pub fn answers(inst: &Value, b: f64, r: f64, shared: f64) -> Value {
    let mut map = Map::new();
    for item in inst["items"].as_array().expect("items") {
        let id = item["id"].as_str().expect("id");
        let (min, max) = (item["min"].as_i64().unwrap(), item["max"].as_i64().unwrap());
        let span = (max - min) as f64;
        let value = if item["bipolar"].is_object() {
            // Toward "far too much" with burnout strain, toward "far too little" with rust-out.
            let mid = (min + max) as f64 / 2.0;
            (mid + (b - r) * span / 2.0).round() as i64
        } else {
            let dim = item["dimension"].as_str().expect("dimension");
            let strain = match index_of(inst, dim).as_str() {
                "burnout" => b,
                "rustout" => r,
                _ => shared,
            };
            let s = if item["reverse"].as_bool().unwrap() {
                1.0 - strain
            } else {
                strain
            };
            min + (s * span).round() as i64
        };
        map.insert(id.to_string(), json!(value));
    }
    Value::Object(map)
}
