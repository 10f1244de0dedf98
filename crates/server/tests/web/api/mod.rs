//! The JSON API: its flows (`flows`), its errors (`errors`), the contract between the OpenAPI
//! document and what the API really answers (`contract`), and teams (`org`: its part of the
//! contract, and what leaders and members can and cannot do).

mod care;
mod contract;
mod errors;
mod flows;
mod org;

use crate::helpers::{Answer, OWNER, PASSWORD, TestApp};
use anneal_core::instrument::{self, Instrument};
use axum::body::Body;
use axum::http::{Method, Request, header};
use serde_json::{Value, json};

/// A journal passphrase for the tests.
pub const PASSPHRASE: &str = "a quiet harbour at dawn";

/// One API request, built step by step.
pub struct Call {
    method: Method,
    path: String,
    token: Option<String>,
    body: Option<(String, String)>,
    headers: Vec<(String, String)>,
}

impl Call {
    pub fn new(method: Method, path: impl Into<String>) -> Call {
        Call {
            method,
            path: path.into(),
            token: None,
            body: None,
            headers: Vec::new(),
        }
    }

    pub fn get(path: impl Into<String>) -> Call {
        Call::new(Method::GET, path)
    }

    pub fn post(path: impl Into<String>) -> Call {
        Call::new(Method::POST, path)
    }

    pub fn delete(path: impl Into<String>) -> Call {
        Call::new(Method::DELETE, path)
    }

    pub fn put(path: impl Into<String>) -> Call {
        Call::new(Method::PUT, path)
    }

    pub fn patch(path: impl Into<String>) -> Call {
        Call::new(Method::PATCH, path)
    }

    pub fn token(mut self, token: &str) -> Call {
        self.token = Some(token.to_string());
        self
    }

    pub fn json(self, value: Value) -> Call {
        self.raw("application/json", value.to_string())
    }

    pub fn raw(mut self, content_type: &str, body: impl Into<String>) -> Call {
        self.body = Some((content_type.to_string(), body.into()));
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Call {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn passphrase(self, passphrase: &str) -> Call {
        self.header("anneal-journal-passphrase", passphrase)
    }

    pub fn method(&self) -> &Method {
        &self.method
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn request(&self) -> Request<Body> {
        let mut builder = Request::builder()
            .method(self.method.clone())
            .uri(&self.path)
            .header(header::HOST, "localhost");
        if let Some(token) = &self.token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        match &self.body {
            Some((content_type, body)) => builder
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body.clone())),
            None => builder.body(Body::empty()),
        }
        .expect("request")
    }

    pub async fn send(&self, app: &TestApp) -> Answer {
        app.send(self.request()).await
    }
}

impl Answer {
    /// The body as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Asserts the status, with the body in the message.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Answer {
        assert_eq!(self.status.as_u16(), status, "{}", self.body);
        self
    }

    /// Asserts a problem+json answer with this status and returns the problem.
    #[track_caller]
    pub fn problem(&self, status: u16) -> Value {
        self.expect(status);
        assert_eq!(self.header("content-type"), "application/problem+json");
        let problem = self.json();
        assert_eq!(problem["status"], status);
        assert!(
            problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{problem}"
        );
        problem
    }

    /// The `field` of each per-field error of a problem.
    pub fn fields(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Creates the owner through the API and returns an API token.
pub async fn owner_token(app: &TestApp) -> String {
    Call::post("/api/v1/setup")
        .json(json!({"username": OWNER, "password": PASSWORD}))
        .send(app)
        .await
        .expect(201);
    new_token(app).await
}

/// A new API token of the owner.
pub async fn new_token(app: &TestApp) -> String {
    let answer = Call::post("/api/v1/auth/token")
        .json(json!({"username": OWNER, "password": PASSWORD}))
        .send(app)
        .await;
    answer.expect(201);
    answer.json()["token"]
        .as_str()
        .expect("a token")
        .to_string()
}

pub fn instrument(id: &str) -> &'static Instrument {
    instrument::builtin_by_id(id).expect("a shipped instrument")
}

/// Answers to every item of `id`, each the value `pick` chooses from the item's scale values.
pub fn answers(id: &str, pick: impl Fn(&[i32]) -> i32) -> Value {
    let inst = instrument(id);
    let map: serde_json::Map<String, Value> = inst
        .items
        .iter()
        .map(|item| (item.id.clone(), json!(pick(&inst.scale_of(item).values))))
        .collect();
    Value::Object(map)
}

/// Every answer at the top of its scale (for the Spectrum check: high strain, mood included).
pub fn highest(id: &str) -> Value {
    answers(id, |values| values.last().copied().unwrap_or_default())
}

/// Every answer in the middle of its scale.
pub fn middle(id: &str) -> Value {
    answers(id, |values| values[values.len() / 2])
}

/// Everything the owner has stored, counted: bad input must leave it unchanged.
#[derive(Debug, PartialEq, Eq)]
pub struct Counts {
    users: u64,
    responses: u64,
    plan_items: usize,
    dismissals: usize,
    journal_entries: usize,
    tokens: usize,
    journal_started: bool,
}

pub async fn counts(app: &TestApp) -> Counts {
    let store = app.store();
    let user = store.user_by_name(OWNER).await.expect("store");
    let Some(user) = user else {
        return Counts {
            users: store.count_users().await.expect("store"),
            responses: 0,
            plan_items: 0,
            dismissals: 0,
            journal_entries: 0,
            tokens: 0,
            journal_started: false,
        };
    };
    Counts {
        users: store.count_users().await.expect("store"),
        responses: store.count_responses(user.id).await.expect("store"),
        plan_items: store.plan_items(user.id).await.expect("store").len(),
        dismissals: store
            .dismissals(user.id, chrono::DateTime::<chrono::Utc>::MIN_UTC)
            .await
            .expect("store")
            .len(),
        journal_entries: store.journal_entries(user.id).await.expect("store").len(),
        tokens: store.api_tokens(user.id).await.expect("store").len(),
        journal_started: store.journal_key(user.id).await.expect("store").is_some(),
    }
}
