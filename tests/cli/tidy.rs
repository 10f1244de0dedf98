//! Architecture invariants that are about the code itself (ARCHITECTURE.md, "Invariants").

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out
}

/// `core` is pure: no I/O, no async, no database — in its dependencies and in its code.
#[test]
fn core_does_no_io() {
    let manifest = std::fs::read_to_string(root().join("crates/core/Cargo.toml")).unwrap();
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|s| s.split("\n[").next())
        .unwrap();
    for forbidden in ["tokio", "sqlx", "axum", "reqwest", "async", "anneal-store"] {
        assert!(
            !deps.contains(forbidden),
            "crates/core must not depend on {forbidden}"
        );
    }
    for file in rust_files(&root().join("crates/core/src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in [
            "std::fs",
            "std::net",
            "std::process",
            "std::env",
            "async fn",
        ] {
            assert!(
                !text.contains(forbidden),
                "{} uses {forbidden}; core is pure",
                file.display()
            );
        }
    }
}

/// Both backends run the same migrations: the same file names, in the same order.
#[test]
fn both_backends_have_the_same_migrations() {
    let names = |backend: &str| -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(root().join("crates").join(backend).join("migrations"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
        v.sort();
        v
    };
    let sqlite = names("store-sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("store-postgres"));
}

/// Only the store backends talk SQL; the binary and the server go through the Store trait.
#[test]
fn only_backends_write_sql() {
    for dir in [
        "src",
        "crates/server/src",
        "crates/core/src",
        "crates/store/src",
    ] {
        for file in rust_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(
                !text.contains("sqlx::"),
                "{} uses sqlx directly; go through anneal_store::Store",
                file.display()
            );
        }
    }
}

/// Leader figures come only from the aggregate store: the modules that build them never call a
/// method that returns a person's data.
#[test]
fn leader_code_reads_only_aggregates() {
    let person_reads = [
        ".responses(",
        ".user_by_id(",
        ".plan_items(",
        ".journal_entries(",
        ".journal_entry(",
        ".dismissals(",
        "insert_shared_checkin",
    ];
    for file in [
        "crates/service/src/org/summary.rs",
        "crates/service/src/org/release.rs",
    ] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        for call in person_reads {
            assert!(
                !text.contains(call),
                "{file} calls {call}: leader code reads only aggregates"
            );
        }
    }
}
