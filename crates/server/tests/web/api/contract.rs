//! The OpenAPI document is the API's contract. This test walks a person's whole life through the
//! API — setup, tokens, answers, status, plan, journal, teams (`org.rs`), export, deletion — and
//! sends, for EVERY operation in the document, at least one request that succeeds and one that
//! fails (where the operation documents a client error). Every answer's status must be documented
//! for its operation and its body must validate (JSON Schema 2020-12, formats asserted) against
//! the documented schema of its content type. Every failed request must leave the stored data as
//! it was. A path and method the document does not list must not be served.

use super::{Call, Counts, PASSPHRASE, counts, highest, middle};
use crate::helpers::{Answer, OWNER, PASSWORD, TestApp};
use axum::http::Method;
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The document and what the test has seen of it.
pub(super) struct Contract {
    pub(super) app: TestApp,
    doc: Value,
    /// (method, path template) → statuses seen.
    seen: BTreeMap<(String, String), BTreeSet<u16>>,
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

impl Contract {
    async fn new() -> Contract {
        let app = TestApp::new().await;
        let answer = Call::get("/api/v1/openapi.json").send(&app).await;
        answer.expect(200);
        let doc = answer.json();
        assert_eq!(doc["openapi"], "3.1.0");
        Contract {
            app,
            doc,
            seen: BTreeMap::new(),
        }
    }

    /// Every (method, path template) the document lists.
    fn operations(&self) -> BTreeSet<(String, String)> {
        let mut all = BTreeSet::new();
        for (path, item) in self.doc["paths"].as_object().expect("paths") {
            for method in METHODS {
                if item.get(method).is_some() {
                    all.insert((method.to_string(), path.clone()));
                }
            }
        }
        all
    }

    /// Sends `call` (whose path follows `template`), expects `status`, and checks the answer
    /// against the document. A failed request must change nothing.
    pub(super) async fn check(&mut self, template: &str, call: Call, status: u16) -> Value {
        let before: Counts = counts(&self.app).await;
        let answer = call.send(&self.app).await;
        assert_eq!(
            answer.status.as_u16(),
            status,
            "{} {}: {}",
            call.method(),
            call.path(),
            answer.body
        );
        let method = call.method().as_str().to_ascii_lowercase();
        self.validate(&method, template, &answer);
        if status >= 400 {
            assert_eq!(
                counts(&self.app).await,
                before,
                "{} {} failed with {status} but changed stored data",
                call.method(),
                call.path()
            );
        }
        self.seen
            .entry((method, template.to_string()))
            .or_default()
            .insert(status);
        if answer.body.is_empty() || !answer.header("content-type").contains("json") {
            Value::Null
        } else {
            answer.json()
        }
    }

    fn validate(&self, method: &str, template: &str, answer: &Answer) {
        let where_ = format!("{} {template} → {}", method.to_uppercase(), answer.status);
        let operation = self.doc["paths"][template]
            .get(method)
            .unwrap_or_else(|| panic!("{where_}: the document has no such operation"));
        let code = answer.status.as_u16().to_string();
        let documented = operation["responses"]
            .get(&code)
            .unwrap_or_else(|| panic!("{where_}: status {code} is not documented"));
        let response = self.resolve(documented);
        let content = response.get("content").and_then(Value::as_object);
        let Some(content) = content else {
            assert!(
                answer.body.is_empty(),
                "{where_}: documented without a body, but sent {}",
                answer.body
            );
            return;
        };
        let media = answer.header("content-type");
        let essence = media.split(';').next().unwrap_or_default().trim();
        let schema = content
            .get(essence)
            .unwrap_or_else(|| {
                panic!(
                    "{where_}: content type {essence:?} is not documented (documented: {:?})",
                    content.keys().collect::<Vec<_>>()
                )
            })
            .get("schema")
            .unwrap_or_else(|| panic!("{where_}: no schema for {essence}"));
        let body = if essence.ends_with("json") {
            serde_json::from_str(&answer.body)
                .unwrap_or_else(|e| panic!("{where_}: the body is not JSON ({e}): {}", answer.body))
        } else {
            Value::String(answer.body.clone())
        };
        self.validate_body(&where_, schema, &body);
        if let Some(headers) = response.get("headers").and_then(Value::as_object) {
            for name in headers.keys() {
                assert!(
                    !answer.header(name).is_empty(),
                    "{where_}: documented header {name} is missing"
                );
            }
        }
    }

    /// A response object, following a `$ref` into `components/responses`.
    fn resolve<'a>(&'a self, response: &'a Value) -> &'a Value {
        match response.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let pointer = reference.strip_prefix('#').expect("a local reference");
                self.doc
                    .pointer(pointer)
                    .unwrap_or_else(|| panic!("{reference} does not resolve"))
            }
            None => response,
        }
    }

    /// Validates `body` against `schema`, with the document's components beside it so that
    /// `#/components/schemas/…` references resolve.
    fn validate_body(&self, where_: &str, schema: &Value, body: &Value) {
        let mut root = schema.as_object().cloned().unwrap_or_default();
        root.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        root.insert("components".into(), self.doc["components"].clone());
        let root = Value::Object(root);
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("{where_}: the documented schema does not compile: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{where_}: the body does not match the documented schema:\n  {}\nbody: {body}",
            errors.join("\n  ")
        );
    }

    /// Every documented operation was answered successfully at least once, and with a client
    /// error at least once where it documents one.
    fn assert_covered(&self) {
        let mut missing = Vec::new();
        for (method, path) in self.operations() {
            let seen = self
                .seen
                .get(&(method.clone(), path.clone()))
                .cloned()
                .unwrap_or_default();
            if !seen.iter().any(|s| (200..300).contains(s)) {
                missing.push(format!(
                    "{} {path}: no successful request",
                    method.to_uppercase()
                ));
            }
            let documents_client_errors = self.doc["paths"][&path][&method]["responses"]
                .as_object()
                .expect("responses")
                .keys()
                .any(|code| code.starts_with('4'));
            if documents_client_errors && !seen.iter().any(|s| (400..500).contains(s)) {
                missing.push(format!(
                    "{} {path}: no failing request",
                    method.to_uppercase()
                ));
            }
        }
        for (method, path) in self.seen.keys() {
            assert!(
                self.operations().contains(&(method.clone(), path.clone())),
                "{method} {path} was answered but is not documented"
            );
        }
        assert!(
            missing.is_empty(),
            "not exercised:\n  {}",
            missing.join("\n  ")
        );
    }

    /// A method the document does not list for a path must not be served there: 405 (as a
    /// problem). A path under /api/v1 that it does not list: 404.
    async fn assert_nothing_undocumented_is_served(&self, token: &str) {
        let operations = self.operations();
        let paths: BTreeSet<&String> = operations.iter().map(|(_, p)| p).collect();
        for path in paths {
            let concrete = with_ids(path);
            for method in METHODS {
                if operations.contains(&(method.to_string(), path.clone())) {
                    continue;
                }
                let call = Call::new(
                    Method::from_bytes(method.to_uppercase().as_bytes()).expect("method"),
                    concrete.clone(),
                )
                .token(token);
                let answer = call.send(&self.app).await;
                assert_eq!(
                    answer.status.as_u16(),
                    405,
                    "{} {concrete} is served but not documented: {}",
                    method.to_uppercase(),
                    answer.body
                );
                assert_eq!(answer.header("content-type"), "application/problem+json");
            }
        }
        for path in [
            "/api/v1/me/plans",
            "/api/v1/people",
            "/api/v1/me/journal/1/edit",
        ] {
            let answer = Call::get(path).token(token).send(&self.app).await;
            answer.problem(404);
        }
    }
}

/// The path with every `{parameter}` replaced by `1`.
fn with_ids(template: &str) -> String {
    template
        .split('/')
        .map(|part| {
            if part.starts_with('{') && part.ends_with('}') {
                "1"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn id_of(value: &Value) -> i64 {
    value["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no id in {value}"))
}

#[tokio::test]
async fn every_documented_route_answers_as_documented() {
    let mut c = Contract::new().await;
    c.check(
        "/api/v1/openapi.json",
        Call::get("/api/v1/openapi.json"),
        200,
    )
    .await;

    // Setup and tokens.
    let setup = "/api/v1/setup";
    c.check(
        setup,
        Call::post(setup).raw("application/json", "{\"username\": "),
        400,
    )
    .await;
    c.check(
        setup,
        Call::post(setup).json(json!({"username": "", "password": "short"})),
        422,
    )
    .await;
    c.check(setup, Call::post(setup).raw("text/plain", "ana"), 415)
        .await;
    let account = json!({"username": OWNER, "password": PASSWORD});
    c.check(setup, Call::post(setup).json(account.clone()), 201)
        .await;
    c.check(setup, Call::post(setup).json(account.clone()), 409)
        .await;

    let tokens = "/api/v1/auth/token";
    c.check(
        tokens,
        Call::post(tokens).json(json!({"username": OWNER, "password": "not it at all"})),
        401,
    )
    .await;
    c.check(
        tokens,
        Call::post(tokens).json(json!({"username": OWNER})),
        422,
    )
    .await;
    c.check(
        tokens,
        Call::post(tokens).raw("application/json", "[1,"),
        400,
    )
    .await;
    c.check(
        tokens,
        Call::post(tokens).raw("application/x-www-form-urlencoded", "username=ana"),
        415,
    )
    .await;
    let huge = json!({"username": OWNER, "password": "p".repeat(70 * 1024)});
    c.check(tokens, Call::post(tokens).json(huge), 413).await;
    let stranger = json!({"username": "nobody", "password": "guessing away"});
    for _ in 0..anneal_server::auth::limiter::MAX_FAILURES {
        c.check(tokens, Call::post(tokens).json(stranger.clone()), 401)
            .await;
    }
    c.check(tokens, Call::post(tokens).json(stranger), 429)
        .await;
    let created = c
        .check(
            tokens,
            Call::post(tokens)
                .json(json!({"username": OWNER, "password": PASSWORD, "name": "contract"})),
            201,
        )
        .await;
    let token = created["token"].as_str().expect("token").to_string();
    let spare = c
        .check(tokens, Call::post(tokens).json(account.clone()), 201)
        .await;
    let spare = spare["token"].as_str().expect("token").to_string();
    c.check(tokens, Call::delete(tokens), 401).await;
    c.check(
        tokens,
        Call::delete(tokens)
            .token(&spare)
            .header("origin", "http://evil.example"),
        403,
    )
    .await;
    c.check(tokens, Call::delete(tokens).token(&spare), 204)
        .await;
    c.check(tokens, Call::delete(tokens).token(&spare), 401)
        .await;

    // Instruments.
    let list = "/api/v1/instruments";
    c.check(list, Call::get(list), 401).await;
    let instruments = c.check(list, Call::get(list).token(&token), 200).await;
    assert!(instruments.as_array().is_some_and(|l| l.len() >= 2));
    let show = "/api/v1/instruments/{id}";
    for id in ["spectrum", "pulse"] {
        c.check(
            show,
            Call::get(format!("/api/v1/instruments/{id}")).token(&token),
            200,
        )
        .await;
    }
    c.check(
        show,
        Call::get("/api/v1/instruments/nope").token(&token),
        404,
    )
    .await;

    // Before any answer.
    let status = "/api/v1/me/status";
    c.check(status, Call::get(status).token(&token), 404).await;
    c.check(status, Call::get(status), 401).await;

    // Assessments and check-ins.
    let assessments = "/api/v1/assessments";
    c.check(
        assessments,
        Call::post(assessments)
            .token(&token)
            .json(json!({"answers": {}})),
        422,
    )
    .await;
    c.check(
        assessments,
        Call::post(assessments)
            .token(&token)
            .json(json!({"instrument": "pulse", "answers": middle("pulse")})),
        422,
    )
    .await;
    c.check(
        assessments,
        Call::post(assessments)
            .token(&token)
            .raw("application/json", "{\"answers\": ?}"),
        400,
    )
    .await;
    c.check(
        assessments,
        Call::post(assessments).json(json!({"answers": highest("spectrum")})),
        401,
    )
    .await;
    let at = (Utc::now() - Duration::weeks(5)).to_rfc3339();
    c.check(
        assessments,
        Call::post(assessments)
            .token(&token)
            .json(json!({"instrument": "spectrum", "answers": middle("spectrum"), "at": at})),
        201,
    )
    .await;
    let result = c
        .check(
            assessments,
            Call::post(assessments)
                .token(&token)
                .json(json!({"answers": highest("spectrum")})),
            201,
        )
        .await;
    assert!(result["safety"].is_object(), "the safety notice is covered");

    let checkins = "/api/v1/checkins";
    for weeks_ago in (1..5).rev() {
        let at = (Utc::now() - Duration::weeks(weeks_ago)).to_rfc3339();
        c.check(
            checkins,
            Call::post(checkins)
                .token(&token)
                .json(json!({"answers": super::answers("pulse", |v| v[(4 - weeks_ago as usize).min(v.len() - 1)]), "at": at, "stuck": weeks_ago == 1, "note": "a note"})),
            201,
        )
        .await;
    }
    for out_of_range in ["2999-01-01T12:00:00Z", "1999-12-31T23:00:00Z"] {
        let refused = c
            .check(
                checkins,
                Call::post(checkins)
                    .token(&token)
                    .json(json!({"answers": middle("pulse"), "at": out_of_range})),
                422,
            )
            .await;
        assert!(
            refused.to_string().contains(&out_of_range[..19]),
            "the refusal names the time: {refused}"
        );
    }
    let future = (Utc::now() + Duration::days(2)).to_rfc3339();
    c.check(
        checkins,
        Call::post(checkins)
            .token(&token)
            .json(json!({"answers": middle("pulse"), "at": future})),
        422,
    )
    .await;
    c.check(
        checkins,
        Call::post(checkins)
            .token(&token)
            .json(json!({"answers": middle("pulse"), "note": "n".repeat(2001)})),
        422,
    )
    .await;
    c.check(
        checkins,
        Call::post(checkins)
            .token(&token)
            .json(json!({"answers": middle("pulse"), "note": "n".repeat(70 * 1024)})),
        413,
    )
    .await;
    c.check(
        checkins,
        Call::post(checkins)
            .token(&token)
            .raw("text/plain", "3,3,3"),
        415,
    )
    .await;
    c.check(
        checkins,
        Call::post(checkins)
            .token(&token)
            .header("sec-fetch-site", "cross-site")
            .json(json!({"answers": middle("pulse")})),
        403,
    )
    .await;

    // Status and history.
    let now = c.check(status, Call::get(status).token(&token), 200).await;
    assert!(
        now["burnout"]["trend"].is_string(),
        "trends are covered: {now}"
    );
    let history = "/api/v1/me/history";
    c.check(history, Call::get(history).token(&token), 200)
        .await;
    c.check(
        history,
        Call::get("/api/v1/me/history?weeks=3").token(&token),
        200,
    )
    .await;
    c.check(
        history,
        Call::get("/api/v1/me/history?weeks=0").token(&token),
        422,
    )
    .await;
    c.check(
        history,
        Call::get("/api/v1/me/history?weeks=x").token(&token),
        400,
    )
    .await;
    c.check(history, Call::get(history), 401).await;

    // The plan.
    let plan = "/api/v1/me/plan";
    c.check(plan, Call::get(plan).token(&token), 200).await;
    c.check(
        plan,
        Call::get("/api/v1/me/plan?all=maybe").token(&token),
        400,
    )
    .await;
    let action = result["recommendations"][0]["actions"][0]["id"]
        .as_str()
        .expect("a recommended action")
        .to_string();
    let strategy = result["recommendations"][1]["strategy_id"]
        .as_str()
        .expect("a second recommendation")
        .to_string();
    let adopted = c
        .check(
            plan,
            Call::post(plan)
                .token(&token)
                .json(json!({"action": action})),
            201,
        )
        .await;
    let recurring = c
        .check(
            plan,
            Call::post(plan).token(&token).json(
                json!({"kind": "learning", "title": "One chapter a week", "cadence": "weekly", "due": "2030-01-01"}),
            ),
            201,
        )
        .await;
    let one_off = c
        .check(
            plan,
            Call::post(plan)
                .token(&token)
                .json(json!({"kind": "custom", "title": "Ask for the rotation"})),
            201,
        )
        .await;
    c.check(plan, Call::post(plan).token(&token).json(json!({})), 422)
        .await;
    c.check(
        plan,
        Call::post(plan)
            .token(&token)
            .json(json!({"action": "no_such_action"})),
        422,
    )
    .await;
    c.check(
        plan,
        Call::post(plan).token(&token).raw("application/json", "{"),
        400,
    )
    .await;

    let done = "/api/v1/me/plan/{id}/done";
    let done_path = |id: i64| format!("/api/v1/me/plan/{id}/done");
    c.check(
        done,
        Call::post(done_path(id_of(&recurring))).token(&token),
        200,
    )
    .await;
    c.check(
        done,
        Call::post(done_path(id_of(&one_off))).token(&token),
        200,
    )
    .await;
    c.check(
        done,
        Call::post(done_path(id_of(&one_off))).token(&token),
        409,
    )
    .await;
    c.check(done, Call::post(done_path(9999)).token(&token), 404)
        .await;
    c.check(
        done,
        Call::post("/api/v1/me/plan/first/done").token(&token),
        404,
    )
    .await;

    let dismiss = "/api/v1/me/plan/{id}/dismiss";
    let dismiss_path = |id: i64| format!("/api/v1/me/plan/{id}/dismiss");
    c.check(
        dismiss,
        Call::post(dismiss_path(id_of(&adopted)))
            .token(&token)
            .json(json!({"reason": 5})),
        422,
    )
    .await;
    c.check(
        dismiss,
        Call::post(dismiss_path(id_of(&adopted))).token(&token),
        200,
    )
    .await;
    c.check(
        dismiss,
        Call::post(dismiss_path(id_of(&adopted))).token(&token),
        409,
    )
    .await;
    c.check(
        dismiss,
        Call::post(dismiss_path(id_of(&recurring)))
            .token(&token)
            .json(json!({"reason": "r".repeat(2000)})),
        422,
    )
    .await;
    c.check(
        dismiss,
        Call::post(dismiss_path(id_of(&recurring)))
            .token(&token)
            .json(json!({"reason": "too much at once"})),
        200,
    )
    .await;

    let dismissals = "/api/v1/me/dismissals";
    c.check(
        dismissals,
        Call::post(dismissals)
            .token(&token)
            .json(json!({"target": strategy})),
        201,
    )
    .await;
    c.check(
        dismissals,
        Call::post(dismissals)
            .token(&token)
            .json(json!({"target": "no-such-thing"})),
        422,
    )
    .await;
    c.check(
        dismissals,
        Call::post(dismissals)
            .token(&token)
            .json(json!({"target": id_of(&one_off).to_string()})),
        409,
    )
    .await;
    c.check(
        dismissals,
        Call::post(dismissals)
            .token(&token)
            .json(json!({"target": "9999"})),
        404,
    )
    .await;
    let live = c
        .check(
            plan,
            Call::post(plan)
                .token(&token)
                .json(json!({"kind": "goal", "title": "Mentor someone", "cadence": "monthly"})),
            201,
        )
        .await;
    c.check(
        dismissals,
        Call::post(dismissals)
            .token(&token)
            .json(json!({"target": id_of(&live).to_string(), "reason": "later"})),
        201,
    )
    .await;
    let everything = c
        .check(
            plan,
            Call::get("/api/v1/me/plan?all=true").token(&token),
            200,
        )
        .await;
    assert_eq!(everything.as_array().map(Vec::len), Some(4));

    let walk = c
        .check(
            plan,
            Call::post(plan)
                .token(&token)
                .json(json!({"kind": "custom", "title": "Walk at lunch", "cadence": "daily"})),
            201,
        )
        .await;
    assert_eq!(walk["cadence"], "daily");
    let calendar = "/api/v1/me/plan.ics";
    c.check(calendar, Call::get(calendar).token(&token), 200)
        .await;
    c.check(
        calendar,
        Call::get("/api/v1/me/plan.ics?pulse_day=none").token(&token),
        200,
    )
    .await;
    c.check(
        calendar,
        Call::get("/api/v1/me/plan.ics?pulse_day=someday&pulse_time=9").token(&token),
        422,
    )
    .await;
    c.check(calendar, Call::get(calendar), 401).await;

    // The journal.
    let journal = "/api/v1/me/journal";
    c.check(journal, Call::get(journal).token(&token), 401)
        .await;
    c.check(
        journal,
        Call::get(journal).token(&token).passphrase(PASSPHRASE),
        200,
    )
    .await;
    c.check(
        journal,
        Call::post(journal)
            .token(&token)
            .passphrase("short")
            .json(json!({"text": "first"})),
        422,
    )
    .await;
    c.check(
        journal,
        Call::post(journal)
            .token(&token)
            .json(json!({"text": "first"})),
        401,
    )
    .await;
    let prompt = anneal_service::journal::prompts()
        .into_iter()
        .next()
        .expect("a prompt")
        .id;
    let entry = c
        .check(
            journal,
            Call::post(journal)
                .token(&token)
                .passphrase(PASSPHRASE)
                .json(json!({"text": "What drains me is the waiting.", "prompt": prompt})),
            201,
        )
        .await;
    c.check(
        journal,
        Call::post(journal)
            .token(&token)
            .passphrase(PASSPHRASE)
            .json(json!({"text": "No prompt this time."})),
        201,
    )
    .await;
    c.check(
        journal,
        Call::post(journal)
            .token(&token)
            .passphrase("not the passphrase")
            .json(json!({"text": "sneaky"})),
        403,
    )
    .await;
    c.check(
        journal,
        Call::post(journal)
            .token(&token)
            .passphrase(PASSPHRASE)
            .json(json!({"text": "   "})),
        422,
    )
    .await;
    c.check(
        journal,
        Call::post(journal)
            .token(&token)
            .passphrase(PASSPHRASE)
            .json(json!({"text": "x", "prompt": "nope:1"})),
        422,
    )
    .await;
    let entries = c
        .check(
            journal,
            Call::get(journal).token(&token).passphrase(PASSPHRASE),
            200,
        )
        .await;
    assert_eq!(entries.as_array().map(Vec::len), Some(2));
    c.check(
        journal,
        Call::get(journal)
            .token(&token)
            .passphrase("not the passphrase"),
        403,
    )
    .await;

    let one = "/api/v1/me/journal/{id}";
    let entry_path = format!("/api/v1/me/journal/{}", id_of(&entry));
    c.check(
        one,
        Call::get(&entry_path).token(&token).passphrase(PASSPHRASE),
        200,
    )
    .await;
    c.check(one, Call::get(&entry_path).token(&token), 401)
        .await;
    c.check(
        one,
        Call::get(&entry_path)
            .token(&token)
            .passphrase("not the passphrase"),
        403,
    )
    .await;
    c.check(
        one,
        Call::get("/api/v1/me/journal/9999")
            .token(&token)
            .passphrase(PASSPHRASE),
        404,
    )
    .await;

    let prompts = "/api/v1/me/journal/prompts";
    c.check(prompts, Call::get(prompts).token(&token), 200)
        .await;
    c.check(prompts, Call::get(prompts), 401).await;

    // One response deleted, by the id the history lists; another's or a missing one is 404.
    let listed = c
        .check(history, Call::get(history).token(&token), 200)
        .await;
    let first = listed["points"][0].clone();
    assert!(first["kind"].is_string(), "{first}");
    let one = "/api/v1/responses/{id}";
    let response_path = format!("/api/v1/responses/{}", id_of(&first));
    c.check(one, Call::delete(&response_path), 401).await;
    c.check(
        one,
        Call::delete(&response_path)
            .token(&token)
            .header("origin", "http://evil.example"),
        403,
    )
    .await;
    let before = counts(&c.app).await;
    c.check(one, Call::delete(&response_path).token(&token), 204)
        .await;
    assert_eq!(counts(&c.app).await.responses, before.responses - 1);
    c.check(one, Call::delete(&response_path).token(&token), 404)
        .await;
    c.check(one, Call::delete("/api/v1/responses/x").token(&token), 404)
        .await;

    // The risk context of the role.
    let context = "/api/v1/me/context";
    let empty = c
        .check(context, Call::get(context).token(&token), 200)
        .await;
    assert_eq!(empty["caring"], json!(false));
    c.check(context, Call::get(context), 401).await;
    let set = c
        .check(
            context,
            Call::put(context)
                .token(&token)
                .json(json!({"caring": true, "repetitive": true})),
            200,
        )
        .await;
    assert_eq!(set["caring"], json!(true));
    assert_eq!(set["emergency"], json!(false));
    c.check(
        context,
        Call::put(context)
            .token(&token)
            .json(json!({"nurse": true})),
        422,
    )
    .await;
    c.check(
        context,
        Call::put(context)
            .token(&token)
            .json(json!({"caring": "yes"})),
        422,
    )
    .await;
    c.check(
        context,
        Call::put(context)
            .token(&token)
            .raw("application/json", "{\"caring\": "),
        400,
    )
    .await;
    c.check(
        context,
        Call::put(context).token(&token).raw("text/plain", "caring"),
        415,
    )
    .await;
    c.check(context, Call::put(context).json(json!({})), 401)
        .await;
    c.check(
        context,
        Call::put(context)
            .token(&token)
            .header("origin", "http://evil.example")
            .json(json!({})),
        403,
    )
    .await;
    let huge = json!({"caring": true, "pad": "p".repeat(70 * 1024)});
    c.check(context, Call::put(context).token(&token).json(huge), 413)
        .await;
    let kept = c
        .check(context, Call::get(context).token(&token), 200)
        .await;
    assert_eq!(kept, set, "refused bodies changed nothing");

    // Export.
    let export = "/api/v1/me/export";
    let plain = c.check(export, Call::get(export).token(&token), 200).await;
    assert!(plain.get("journal").is_none());
    let full = c
        .check(
            export,
            Call::get(export).token(&token).passphrase(PASSPHRASE),
            200,
        )
        .await;
    assert_eq!(full["journal"].as_array().map(Vec::len), Some(2));
    assert_eq!(full["context"]["repetitive"], json!(true));
    c.check(
        export,
        Call::get(export)
            .token(&token)
            .passphrase("not the passphrase"),
        403,
    )
    .await;
    c.check(export, Call::get(export), 401).await;

    // Teams: units, rules, leaders, invites, sharing, summaries, briefs.
    super::org::exercise(&mut c, &token).await;

    c.assert_nothing_undocumented_is_served(&token).await;

    // Deleting the account comes last.
    let me = "/api/v1/me";
    c.check(me, Call::delete(me), 401).await;
    c.check(
        me,
        Call::delete(me)
            .token(&token)
            .header("origin", "http://evil.example"),
        403,
    )
    .await;
    let accounts = counts(&c.app).await.users;
    c.check(me, Call::delete(me).token(&token), 204).await;
    assert_eq!(counts(&c.app).await.users, accounts - 1);
    assert!(
        c.app
            .store()
            .user_by_name(OWNER)
            .await
            .expect("store")
            .is_none()
    );
    c.check(me, Call::delete(me).token(&token), 401).await;

    c.assert_covered();
}
