//! A test app per test and a browser that keeps cookies.

use anneal_server::{AppState, PasswordCost, ServerConfig, router};
use anneal_store::{Backend, Store};
use anneal_store_sqlite::SqliteStore;
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use std::collections::BTreeMap;
use std::sync::Arc;
use tempfile::TempDir;
use tower::ServiceExt;

pub const OWNER: &str = "ana";
pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    _dir: TempDir,
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::with_config(ServerConfig::default()).await
    }

    pub async fn with_config(config: ServerConfig) -> TestApp {
        TestApp::build(config, router).await
    }

    /// An app whose router is made by `make` (to add test-only routes).
    pub async fn build(config: ServerConfig, make: impl FnOnce(AppState) -> Router) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}", dir.path().join("anneal.db").display());
        let store: Arc<dyn Backend> = Arc::new(SqliteStore::open(&url).await.expect("open store"));
        let config = ServerConfig {
            password_cost: PasswordCost::InsecureFastForTests,
            ..config
        };
        let state = AppState::new(
            store,
            anneal_core::safety::default_support().clone(),
            config,
        )
        .expect("state");
        TestApp {
            router: make(state.clone()),
            state,
            _dir: dir,
        }
    }

    pub fn store(&self) -> &dyn Store {
        &*self.state.store
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router always answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub fn browser(&self) -> Browser<'_> {
        Browser {
            app: self,
            jar: BTreeMap::new(),
            extra: Vec::new(),
        }
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect()
    }

    /// The `Set-Cookie` for `name`, if the response sets it.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.set_cookies()
            .into_iter()
            .find(|c| c.starts_with(&format!("{name}=")))
    }

    /// The value of the first hidden `_csrf` field of the page.
    pub fn csrf(&self) -> String {
        let marker = "name=\"_csrf\" value=\"";
        let start = self.body.find(marker).expect("the page has a _csrf field") + marker.len();
        let end = self.body[start..].find('"').expect("closing quote") + start;
        self.body[start..end].to_string()
    }

    #[track_caller]
    pub fn assert_redirect(&self, to: &str) {
        assert_eq!(self.status, StatusCode::SEE_OTHER, "{}", self.body);
        assert_eq!(self.location(), to);
    }
}

/// Keeps cookies like a browser and sends same-origin requests, with `Host` and, on POST,
/// `Origin` set as a browser would.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub jar: BTreeMap<String, String>,
    /// Headers added to every request (e.g. proxy headers).
    pub extra: Vec<(&'static str, String)>,
}

impl Browser<'_> {
    fn request(&self, method: Method, path: &str) -> axum::http::request::Builder {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "localhost");
        if !self.jar.is_empty() {
            let cookies: Vec<String> = self.jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
            builder = builder.header(header::COOKIE, cookies.join("; "));
        }
        for (name, value) in &self.extra {
            builder = builder.header(*name, value);
        }
        builder
    }

    pub async fn send(&mut self, request: Request<Body>) -> Answer {
        let answer = self.app.send(request).await;
        for cookie in answer.set_cookies() {
            let pair = cookie.split(';').next().unwrap_or_default();
            let (name, value) = pair.split_once('=').expect("name=value");
            if value.is_empty() || cookie.contains("Max-Age=0") {
                self.jar.remove(name);
            } else {
                self.jar.insert(name.to_string(), value.to_string());
            }
        }
        answer
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        let request = self
            .request(Method::GET, path)
            .body(Body::empty())
            .expect("request");
        self.send(request).await
    }

    /// A form POST as a browser sends it from a page of this site.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.post_raw(path, body, &[]).await
    }

    pub async fn post_raw(&mut self, path: &str, body: String, headers: &[(&str, &str)]) -> Answer {
        let mut builder = self
            .request(Method::POST, path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        let mut origin = true;
        for (name, value) in headers {
            if name.eq_ignore_ascii_case("origin") {
                origin = false;
            }
            builder = builder.header(*name, *value);
        }
        if origin {
            builder = builder.header(header::ORIGIN, "http://localhost");
        }
        self.send(builder.body(Body::from(body)).expect("request"))
            .await
    }

    /// Fetches `page` and posts its form to `action` with the page's CSRF token.
    pub async fn submit(&mut self, page: &str, action: &str, fields: &[(&str, &str)]) -> Answer {
        let token = self.get(page).await.csrf();
        let mut all: Vec<(&str, &str)> = vec![("_csrf", &token)];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }

    /// Creates the owner account through `/setup`; this browser is then logged in.
    pub async fn setup(&mut self, username: &str, password: &str) -> Answer {
        let answer = self
            .submit(
                "/setup",
                "/setup",
                &[
                    ("username", username),
                    ("password", password),
                    ("confirm", password),
                ],
            )
            .await;
        answer.assert_redirect("/");
        answer
    }

    pub async fn login(&mut self, username: &str, password: &str) -> Answer {
        self.submit(
            "/login",
            "/login",
            &[("username", username), ("password", password)],
        )
        .await
    }

    pub fn session_cookie(&self) -> Option<&String> {
        self.jar.get("anneal_session")
    }
}
