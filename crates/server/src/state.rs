//! What every handler shares: the store, the configuration and the process's counters.

use crate::auth::limiter::LoginLimiter;
use crate::flash::FlashKey;
use crate::metrics::Metrics;
use anneal_core::safety::SupportConfig;
use anneal_store::Backend;
use std::sync::Arc;

/// How the server is run.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Trust `X-Forwarded-Proto` and `X-Forwarded-For` from a reverse proxy in front of Anneal:
    /// cookies get `Secure` when the proxy says the request came over HTTPS, and the login rate
    /// limit counts by the client address the proxy reports. Leave it off when Anneal faces the
    /// network directly, or anyone could claim any address.
    pub trust_proxy: bool,
    /// How long a login lasts, in days.
    pub session_days: i64,
    /// How costly new password hashes are.
    pub password_cost: PasswordCost,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            trust_proxy: false,
            session_days: 14,
            password_cost: PasswordCost::Standard,
        }
    }
}

/// The argon2id cost of new password hashes. Verifying always uses the cost recorded in the hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCost {
    /// argon2's defaults (the OWASP baseline: 19 MiB, 2 iterations, 1 lane).
    Standard,
    /// The cheapest argon2id allows. **For tests only**: it makes guessing passwords fast.
    InsecureFastForTests,
}

/// Shared state of every handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Backend>,
    /// Where to get help, shown with every safety notice.
    pub support: Arc<SupportConfig>,
    pub config: Arc<ServerConfig>,
    pub metrics: Arc<Metrics>,
    pub limiter: Arc<LoginLimiter>,
    /// Signs flash messages (see [`crate::flash`]).
    pub flash_key: Arc<FlashKey>,
}

impl AppState {
    /// State with fresh counters, an empty login limiter and a new random flash key.
    pub fn new(
        store: Arc<dyn Backend>,
        support: SupportConfig,
        config: ServerConfig,
    ) -> Result<AppState, getrandom::Error> {
        Ok(AppState {
            store,
            support: Arc::new(support),
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            limiter: Arc::new(LoginLimiter::default()),
            flash_key: Arc::new(FlashKey::random()?),
        })
    }
}
