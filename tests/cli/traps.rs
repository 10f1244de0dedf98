//! Traps closed: the questionnaire preselects nothing, a broken support file stops `assess`,
//! `checkin` and `serve` before anything is asked or served, `export` says what it left out, and
//! `forget` lists everything it deletes (and says plainly what an export without the passphrase
//! does not hold).
//!
//! The terminal tests run the real binary on a pseudo-terminal through util-linux `script`, typing
//! keys into it; where `script` is missing they say so and pass.

use crate::util::{Env, answers};
use serde_json::Value;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PASS: &str = "correct horse battery staple";
const DOWN: &str = "\x1b[B";

/// A support resources file with a mistake on line 3 (`contact` is empty).
const BROKEN_SUPPORT: &str = "[[resource]]\nname = \"Helpline\"\ncontact = \"\"\n";

/// What a run on a pseudo-terminal printed, and its exit code (`None` when it was still waiting
/// for input at the end and had to be stopped).
struct Typed {
    output: String,
    code: Option<i32>,
}

fn have_script() -> bool {
    Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Runs `anneal ARGS` on a pseudo-terminal, typing each of `keys` in turn with a pause between,
/// and stops it if it still waits for input eight seconds after the last key.
fn typed(env: &Env, args: &[&str], extra_env: &[(&str, &str)], keys: &[&str]) -> Typed {
    let bin = assert_cmd::cargo::cargo_bin("anneal");
    let mut line = quote(&bin.display().to_string());
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"])
        .env("ANNEAL_DB", &env.db)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("ANNEAL_USER")
        .env_remove("ANNEAL_SUPPORT_FILE")
        .env_remove("ANNEAL_PASSPHRASE")
        .env("HOME", env.dir.path())
        .env("XDG_DATA_HOME", env.dir.path().join("data"))
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"));
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let mut stdin = child.stdin.take().expect("stdin");
    std::thread::sleep(Duration::from_millis(600));
    for key in keys {
        if stdin.write_all(key.as_bytes()).is_err() || stdin.flush().is_err() {
            break; // it has already stopped
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let deadline = Instant::now() + Duration::from_secs(8);
    let code = loop {
        match child.try_wait().expect("wait") {
            Some(status) => break status.code(),
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    drop(stdin);
    let output = String::from_utf8_lossy(&reader.join().expect("reader")).into_owned();
    Typed { output, code }
}

fn items(env: &Env, instrument: &str) -> usize {
    env.instrument(instrument)["items"]
        .as_array()
        .expect("items")
        .len()
}

#[test]
fn pressing_enter_through_the_pulse_in_a_terminal_gives_no_result() {
    if !have_script() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let env = Env::new();
    let n = items(&env, "pulse");
    let enters = vec!["\r"; 3 * n + 2];
    let run = typed(&env, &["checkin", "--note", "n"], &[], &enters);
    assert_eq!(
        env.count(),
        0,
        "Enter alone must not answer:\n{}",
        run.output
    );
    assert_ne!(run.code, Some(0), "{}", run.output);
    assert!(
        run.output.contains("no answer was chosen; choose one of"),
        "the question is asked again with the allowed answers:\n{}",
        run.output
    );
    assert!(
        !run.output.contains("[2/"),
        "it never moved on:\n{}",
        run.output
    );
}

#[test]
fn in_a_terminal_only_chosen_answers_count_and_stuck_needs_a_yes_or_no() {
    if !have_script() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let env = Env::new();
    let n = items(&env, "pulse");
    // Enter first (asked again), then one step down to the lowest answer of every question;
    // Enter alone at "stuck" (asked again), then "n"; no note.
    let mut keys = vec!["\r"];
    for _ in 0..n {
        keys.push(DOWN);
        keys.push("\r");
    }
    keys.extend(["\r", "n", "\r", "\r"]);
    let run = typed(&env, &["checkin"], &[], &keys);
    assert_eq!(run.code, Some(0), "{}", run.output);
    assert_eq!(env.count(), 1, "{}", run.output);
    let doc: Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
    let response = &doc["responses"][0];
    assert_eq!(response["stuck"], false);
    let pulse = env.instrument("pulse");
    for item in pulse["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        assert_eq!(
            response["answers"][id], item["min"],
            "{id}: the answer chosen, the lowest"
        );
    }
}

#[test]
fn answers_from_a_file_or_standard_input_have_no_default_either() {
    let env = Env::new();
    let pulse = env.instrument("pulse");
    let good = answers(&pulse, 0.2, 0.2, 0.2);
    let ids: Vec<String> = good.as_object().unwrap().keys().cloned().collect();
    // An answer left empty (null, "") or left out is refused by name, never filled in.
    for (i, blank) in [Value::Null, Value::String(String::new())]
        .into_iter()
        .enumerate()
    {
        let mut doc = good.clone();
        doc[&ids[0]] = blank;
        doc.as_object_mut().unwrap().remove(&ids[1]);
        let f = env.answers_file(&format!("blank{i}.json"), &doc);
        let out = env
            .cmd()
            .args(["checkin", "--answers", &f])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(&ids[0]) && err.contains(&ids[1]), "{err}");
        let out = env
            .cmd()
            .args(["checkin", "--answers", "-"])
            .write_stdin(doc.to_string())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        // An empty standard input is not an answer at all.
        let out = env
            .cmd()
            .args(["checkin", "--answers", "-"])
            .write_stdin("")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
    }
    assert_eq!(env.count(), 0);
}

#[test]
fn a_broken_support_file_stops_a_terminal_questionnaire_before_the_first_question() {
    if !have_script() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let env = Env::new();
    let support = env.file("support.toml", BROKEN_SUPPORT);
    for command in ["assess", "checkin"] {
        let run = typed(
            &env,
            &[command],
            &[("ANNEAL_SUPPORT_FILE", &support)],
            &["\r"],
        );
        assert_eq!(run.code, Some(2), "{command}: {}", run.output);
        assert!(
            !run.output.contains("[1/"),
            "{command}: no question asked:\n{}",
            run.output
        );
        assert!(
            run.output.contains(&format!("{support}:3")) && run.output.contains("contact"),
            "{command}: names the file, line and field:\n{}",
            run.output
        );
    }
    assert_eq!(env.count(), 0);
}

#[test]
fn a_broken_support_file_is_reported_before_anything_else_is_asked_for() {
    let env = Env::new();
    let support = env.file("support.toml", BROKEN_SUPPORT);
    // Without a terminal the questions cannot be asked; the broken file is still the first thing
    // said, since it would have stopped a person at the end.
    for command in ["assess", "checkin"] {
        let out = env
            .cmd()
            .env("ANNEAL_SUPPORT_FILE", &support)
            .arg(command)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {err}");
        assert!(err.contains(&format!("{support}:3")), "{command}: {err}");
        assert!(!err.contains("not a terminal"), "{command}: {err}");
    }
    // The support file in the configuration directory counts the same.
    let config = env.dir.path().join("config").join("anneal");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("support.toml"), BROKEN_SUPPORT).unwrap();
    let pulse = env.instrument("pulse");
    let f = env.answers_file("a.json", &answers(&pulse, 0.2, 0.2, 0.2));
    let out = env
        .cmd()
        .args(["checkin", "--answers", &f])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("support.toml:3"), "{err}");
    assert_eq!(env.count(), 0);
}

#[test]
fn serve_with_a_broken_support_file_exits_before_it_listens() {
    let env = Env::new();
    let support = env.file("support.toml", BROKEN_SUPPORT);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("anneal"))
        .env("ANNEAL_DB", &env.db)
        .env("NO_COLOR", "1")
        .env("HOME", env.dir.path())
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .env("ANNEAL_SUPPORT_FILE", &support)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve kept running with a broken support file");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(!stdout.contains("running at"), "{stdout}");
    assert!(
        stderr.contains(&format!("{support}:3")) && stderr.contains("contact"),
        "file, line and field: {stderr}"
    );
}

// --- export and forget -------------------------------------------------------------------------

fn with_pass(env: &Env, args: &[&str]) -> std::process::Output {
    let out = env
        .cmd()
        .env("ANNEAL_PASSPHRASE", PASS)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "anneal {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Two pulses, one full check, a goal and an action, a dismissal, and two journal entries.
fn person(env: &Env) {
    let pulse = env.instrument("pulse");
    let spectrum = env.instrument("spectrum");
    for (i, day) in ["2026-01-05", "2026-01-12"].iter().enumerate() {
        let f = env.answers_file(&format!("p{i}.json"), &answers(&pulse, 0.3, 0.6, 0.4));
        env.ok(&["checkin", "--answers", &f, "--at", day]);
    }
    let f = env.answers_file("s.json", &answers(&spectrum, 0.3, 0.6, 0.4));
    env.ok(&["assess", "--answers", &f, "--at", "2026-01-06"]);
    env.ok(&["plan", "add", "Where I want to be", "--kind", "goal"]);
    env.ok(&["plan", "add", "Walk at lunch"]);
    with_pass(env, &["journal", "add", "--text", "first private thought"]);
    with_pass(env, &["journal", "add", "--text", "second private thought"]);
}

fn stderr_of(env: &Env, args: &[&str]) -> (String, String) {
    let out = env.cmd().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "anneal {args:?}: {stderr}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

#[test]
fn export_without_the_passphrase_says_how_many_journal_entries_it_left_out() {
    let env = Env::new();
    person(&env);
    let file = env.dir.path().join("out.json").display().to_string();
    let (_, err) = stderr_of(&env, &["export", "--out", &file]);
    assert!(
        !err.contains("no journal entries"),
        "there are journal entries: {err}"
    );
    assert!(err.contains("left out 2 journal entries"), "{err}");
    assert!(
        err.contains("--journal") && err.contains("ANNEAL_PASSPHRASE"),
        "{err}"
    );

    // To standard output the document stays clean JSON; the note goes to stderr.
    let (doc, err) = stderr_of(&env, &["export"]);
    let doc: Value = serde_json::from_str(&doc).expect("JSON on stdout");
    assert!(doc.get("journal").is_none());
    assert!(err.contains("left out 2 journal entries"), "{err}");

    // With the passphrase nothing is left out.
    let out = with_pass(&env, &["export", "--out", &file]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 journal entries (in plain text"), "{err}");
    assert!(!err.contains("left out"), "{err}");
}

#[test]
fn export_with_no_journal_says_nothing_misleading() {
    let env = Env::new();
    let pulse = env.instrument("pulse");
    let f = env.answers_file("a.json", &answers(&pulse, 0.2, 0.2, 0.2));
    env.ok(&["checkin", "--answers", &f]);
    let file = env.dir.path().join("out.json").display().to_string();
    let (_, err) = stderr_of(&env, &["export", "--out", &file]);
    assert!(!err.contains("left out"), "{err}");
    assert!(!err.contains("passphrase"), "{err}");
    let (_, err) = stderr_of(&env, &["export"]);
    assert!(err.trim().is_empty(), "nothing to say: {err}");
}

#[test]
fn forget_lists_everything_it_deletes_with_counts() {
    let env = Env::new();
    person(&env);
    env.ok(&["plan", "dismiss", "seek_learning"]);
    let out = env
        .cmd()
        .args(["forget", "--yes", "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(report["deleted"], true, "{report}");
    assert_eq!(report["username"], "me");
    assert_eq!(report["pulses"], 2, "{report}");
    assert_eq!(report["full_checks"], 1, "{report}");
    assert_eq!(report["plan_items"], 2, "{report}");
    assert_eq!(report["goals"], 1, "{report}");
    assert_eq!(report["dismissals"], 1, "{report}");
    assert_eq!(report["journal_entries"], 2, "{report}");
    assert_eq!(report["risk_context"], 0, "{report}");
    assert_eq!(report["journal"], true, "{report}");
    assert_eq!(report["api_tokens"], 0, "{report}");
    assert_eq!(report["web_password"], false, "{report}");
    assert!(report["membership"].is_null(), "{report}");
    assert_eq!(env.count(), 0);

    // The same list for people, on stderr, in the final report.
    let env = Env::new();
    person(&env);
    let (_, err) = stderr_of(&env, &["forget", "--yes"]);
    for line in [
        "2 pulse check-ins",
        "1 full check",
        "2 plan items (1 goal)",
        "2 journal entries",
    ] {
        assert!(err.contains(line), "{line:?} missing from:\n{err}");
    }
    assert!(err.contains("Deleted"), "{err}");
}

#[test]
fn forget_says_plainly_that_an_export_without_the_passphrase_lacks_the_journal() {
    let env = Env::new();
    person(&env);
    // Without a terminal and without --yes nothing is deleted, but the list and the warning
    // come first, as they would before the question.
    let out = env.cmd().arg("forget").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("2 journal entries"), "{err}");
    assert!(
        err.contains("sealed")
            && err.contains("an export without the passphrase does not contain them"),
        "{err}"
    );
    assert!(
        err.contains("anneal export --journal"),
        "how to keep them: {err}"
    );
    assert_eq!(env.count(), 3, "nothing deleted");

    // No journal, no warning about one.
    let env = Env::new();
    let pulse = env.instrument("pulse");
    let f = env.answers_file("a.json", &answers(&pulse, 0.2, 0.2, 0.2));
    env.ok(&["checkin", "--answers", &f]);
    let (_, err) = stderr_of(&env, &["forget", "--yes"]);
    assert!(!err.contains("sealed"), "{err}");
    assert!(err.contains("1 pulse check-in"), "{err}");
}

#[test]
fn forget_in_a_terminal_shows_the_list_before_the_question_and_no_keeps_everything() {
    if !have_script() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let env = Env::new();
    person(&env);
    let run = typed(&env, &["forget"], &[], &["\r"]);
    assert_eq!(run.code, Some(0), "{}", run.output);
    let list = run.output.find("2 journal entries").expect("listed");
    let question = run.output.find("Delete all data").expect("asked");
    assert!(
        list < question,
        "the list comes before the question:\n{}",
        run.output
    );
    assert!(run.output.contains("Nothing was deleted"), "{}", run.output);
    assert_eq!(env.count(), 3);
}

#[test]
fn forget_of_a_profile_that_does_not_exist_reports_nothing_deleted() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["forget", "--yes", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["deleted"], false);
    assert_eq!(report["pulses"], 0);
}
