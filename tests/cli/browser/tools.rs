//! Finding Chromium and ChromeDriver, and deciding what a test does when they are missing: skip
//! with a note, or fail when `ANNEAL_REQUIRE_BROWSER=1` (CI sets it).

use std::path::{Path, PathBuf};

/// The environment variable that turns a missing browser from a skip into a failure.
pub const REQUIRE_BROWSER: &str = "ANNEAL_REQUIRE_BROWSER";

/// Where the browser and its driver are.
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// The tools, or `None` after saying on standard error why `test` is skipped. Panics instead
/// when the browser is required.
pub fn find_or_skip(test: &str) -> Option<Tools> {
    let chromium = on_path("chromium");
    let chromedriver = on_path("chromedriver");
    let (Some(chromium), Some(chromedriver)) = (chromium.clone(), chromedriver.clone()) else {
        let missing: Vec<&str> = [("chromium", &chromium), ("chromedriver", &chromedriver)]
            .into_iter()
            .filter(|(_, found)| found.is_none())
            .map(|(name, _)| name)
            .collect();
        let what = match missing.as_slice() {
            [one] => format!("{one} is"),
            _ => format!("{} are", missing.join(" and ")),
        };
        if required() {
            panic!(
                "{test}: {REQUIRE_BROWSER} is set but {what} not on PATH; install Debian's \
                 `chromium` and `chromium-driver` packages (.ci/run does)"
            );
        }
        eprintln!(
            "skipped {test}: {what} not on PATH (install Debian's `chromium` and \
             `chromium-driver` to run the browser tests; {REQUIRE_BROWSER}=1 makes this a failure)"
        );
        return None;
    };
    Some(Tools {
        chromium,
        chromedriver,
    })
}

/// Whether `ANNEAL_REQUIRE_BROWSER` asks for the browser (set, and neither empty nor `0`).
fn required() -> bool {
    std::env::var(REQUIRE_BROWSER).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The first executable file called `name` in a directory of `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
