//! Where the support resources shown with a safety notice come from: `ANNEAL_SUPPORT_FILE`, or
//! `support.toml` in the configuration directory, or the shipped generic default.

use crate::error::BadInput;
use anneal_core::safety::{SupportConfig, default_support, parse_support};
use std::path::PathBuf;

pub fn support_config() -> anyhow::Result<SupportConfig> {
    let path = match std::env::var_os("ANNEAL_SUPPORT_FILE") {
        Some(p) => Some(PathBuf::from(p)),
        None => directories::ProjectDirs::from("", "", "anneal")
            .map(|d| d.config_dir().join("support.toml"))
            .filter(|p| p.exists()),
    };
    let Some(path) = path else {
        return Ok(default_support().clone());
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        BadInput(format!(
            "cannot read the support resources file {}: {e}",
            path.display()
        ))
    })?;
    parse_support(&path.display().to_string(), &text).map_err(|e| BadInput(e.to_string()).into())
}
