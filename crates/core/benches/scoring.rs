//! Scoring budget (DESIGN §8): scoring one Spectrum check ≤ 1 µs.
//! Run with `cargo bench -p anneal-core --bench scoring`.

use anneal_core::instrument::{self, builtin_by_id};
use anneal_core::scoring::{Answers, answers_from_json, score};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const SPECTRUM_TOML: &str = include_str!("../../../content/instruments/spectrum.toml");

/// A fixed, mixed set of answers: every item answered, cycling through the scale.
fn spectrum_answers() -> Answers {
    let spectrum = builtin_by_id("spectrum").expect("spectrum ships");
    spectrum
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let values = &spectrum.scale_of(item).values;
            (item.id.clone(), values[n % values.len()])
        })
        .collect()
}

fn scoring(c: &mut Criterion) {
    let spectrum = builtin_by_id("spectrum").expect("spectrum ships");
    let answers = spectrum_answers();
    assert!(score(spectrum, &answers).is_ok());
    c.bench_function("score spectrum", |b| {
        b.iter(|| score(black_box(spectrum), black_box(&answers)))
    });

    let json = serde_json::to_value(&answers).expect("answers serialise");
    c.bench_function("answers_from_json spectrum", |b| {
        b.iter(|| answers_from_json(black_box(spectrum), black_box(&json)))
    });
}

fn parsing(c: &mut Criterion) {
    c.bench_function("parse spectrum.toml", |b| {
        b.iter(|| instrument::parse("spectrum.toml", black_box(SPECTRUM_TOML)))
    });
}

criterion_group!(benches, scoring, parsing);
criterion_main!(benches);
