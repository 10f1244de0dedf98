//! `anneal instruments …`

use crate::util::Env;

#[test]
fn list_names_both_shipped_instruments() {
    let env = Env::new();
    let list = env.json(&["instruments", "list", "--json"]);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["spectrum", "pulse"]);
}

#[test]
fn show_json_has_the_documented_shape() {
    let env = Env::new();
    let spectrum = env.instrument("spectrum");
    assert_eq!(spectrum["id"], "spectrum");
    assert!(spectrum["title"].is_string());
    let items = spectrum["items"].as_array().unwrap();
    assert!((20..=28).contains(&items.len()), "{} items", items.len());
    for item in items {
        for key in ["id", "text", "dimension", "reverse", "min", "max"] {
            assert!(item.get(key).is_some(), "item lacks {key}: {item}");
        }
    }
    let dims = spectrum["dimensions"].as_array().unwrap();
    for d in dims {
        let index = d["index"].as_str().unwrap();
        assert!(
            ["burnout", "rustout", "balance", "shared"].contains(&index),
            "{d}"
        );
    }
    let pulse = env.instrument("pulse");
    let bipolar: Vec<_> = pulse["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["bipolar"].is_object())
        .collect();
    let ids: Vec<&str> = bipolar.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["load", "stretch"],
        "the amount of work and how hard it stretched are asked apart"
    );
}

#[test]
fn show_for_people_lists_every_item_with_its_labels() {
    let env = Env::new();
    let out = env.ok(&["instruments", "show", "pulse"]);
    let pulse = env.instrument("pulse");
    for item in pulse["items"].as_array().unwrap() {
        assert!(out.contains(item["text"].as_str().unwrap()), "{out}");
    }
}

#[test]
fn check_accepts_a_good_file_and_names_line_and_field_of_a_bad_one() {
    let env = Env::new();
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/instruments/pulse.toml"
    ))
    .unwrap();
    let path = env.file("mine.toml", &good);
    let out = env.ok(&["instruments", "check", &path]);
    assert!(out.contains("ok"), "{out}");

    // Point the first item at a dimension that does not exist.
    let first_dimension = env.instrument("pulse")["items"][0]["dimension"]
        .as_str()
        .unwrap()
        .to_string();
    let needle = format!("\"{first_dimension}\"");
    let at = good
        .find(&format!("dimension = {needle}"))
        .expect("first item's dimension line");
    let bad = format!(
        "{}dimension = \"no_such_dimension\"{}",
        &good[..at],
        &good[at + "dimension = ".len() + needle.len()..]
    );
    let line = good[..at].lines().count() + 1;
    let path = env.file("bad.toml", &bad);
    let out = env
        .cmd()
        .args(["instruments", "check", &path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("bad.toml:{line}")), "{err}");
    assert!(err.contains("dimension"), "{err}");
    assert!(err.contains("no_such_dimension"), "{err}");
}

#[test]
fn unknown_instrument_is_bad_input_listing_the_available_ones() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["instruments", "show", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("spectrum") && err.contains("pulse"), "{err}");
}
