//! The pages of `newsgraph serve` in a real browser: headless Debian chromium, driven by
//! Playwright (`tests/browser/drive.mjs`), runs a shipped query from the query page, reads the
//! results table, follows an entity link and reads the entity page. `tests/serve.rs` checks the
//! HTML as text; only a browser runs the page's script under its Content-Security-Policy and
//! shows what a reader sees. The screenshots stay in `<target dir>/browser-artefacts/`.
//!
//! Needs the Debian package `chromium` (or `CHROMIUM=/path/to/chromium`), `node` and
//! `npm ci` in `tests/browser`; without them the test fails and says what to install.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Server, Workspace, repo};

/// How long the driver may take; it normally needs a few seconds.
const DRIVER_LIMIT: Duration = Duration::from_secs(180);

/// The chromium the driver launches: `$CHROMIUM`, else Debian's.
fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Fails the test, saying what to install, unless chromium, node and playwright-core are there.
/// A browser test that skips itself when the browser is missing would pass in a CI that forgot
/// to install it.
fn require_browser_tools(driver_dir: &Path) {
    let mut missing = Vec::new();
    let chromium = chromium();
    if !chromium.is_file() {
        missing.push(format!(
            "no chromium at {}: apt-get install -y chromium (or set CHROMIUM)",
            chromium.display()
        ));
    }
    // playwright-core needs node 20 or later.
    let node = Command::new("node").arg("--version").output().ok().filter(|o| o.status.success());
    let version = node.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let major =
        version.as_deref().and_then(|v| v.strip_prefix('v')?.split('.').next()?.parse().ok());
    if major.is_none_or(|m: u32| m < 20) {
        missing.push(format!(
            "node {}: install nodejs 20 or later (NodeSource's; Debian 12's is 18)",
            version.as_deref().unwrap_or("does not run")
        ));
    }
    if !driver_dir.join("node_modules/playwright-core/package.json").is_file() {
        missing.push(format!(
            "playwright-core is not installed: cd {} && npm ci",
            driver_dir.display()
        ));
    }
    assert!(missing.is_empty(), "the browser test cannot run:\n  {}", missing.join("\n  "));
}

/// `$CARGO_TARGET_DIR/browser-artefacts`, else `browser-artefacts` in the target directory this
/// test was built in (`target/` by default), emptied of earlier screenshots.
fn artefact_dir() -> PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => repo().join(dir),
        // The test binary is <target>/<profile>/deps/browser-<hash>.
        None => std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.to_path_buf()))
            .unwrap_or_else(|| repo().join("target")),
    };
    let dir = target.join("browser-artefacts");
    std::fs::create_dir_all(&dir).expect("create the artefact directory");
    for entry in std::fs::read_dir(&dir).expect("artefact directory") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "png" || e == "log") {
            std::fs::remove_file(&path).expect("remove an old artefact");
        }
    }
    dir
}

#[test]
fn query_page_runs_a_query_and_leads_to_an_entity_page_in_headless_chromium() {
    let driver_dir = repo().join("tests/browser");
    require_browser_tools(&driver_dir);
    let artefacts = artefact_dir();
    println!("browser artefacts: {}", artefacts.display());
    let ws = Workspace::new();
    ws.build_seeds("store");
    let server = Server::start(&ws, &["serve", "--store", "store"]);

    let log_path = artefacts.join("drive.log");
    let log = std::fs::File::create(&log_path).expect("create drive.log");
    let mut driver = Command::new("node")
        .arg(driver_dir.join("drive.mjs"))
        .arg(format!("{}/", server.base))
        .arg(&artefacts)
        .env("CHROMIUM", chromium())
        .current_dir(repo())
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .spawn()
        .expect("node runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = driver.try_wait().expect("wait for the driver") {
            break Some(status);
        }
        if started.elapsed() > DRIVER_LIMIT {
            let _ = driver.kill();
            let _ = driver.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    drop(server);
    let output = std::fs::read_to_string(&log_path).unwrap_or_default();
    print!("{output}");
    let status = status
        .unwrap_or_else(|| panic!("the driver did not finish within {DRIVER_LIMIT:?}:\n{output}"));
    assert!(
        status.success(),
        "the browser check failed ({status}); screenshots in {}:\n{output}",
        artefacts.display()
    );
    for name in ["front-page-results.png", "entity-page.png"] {
        let shot = artefacts.join(name);
        let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
        assert!(size > 0, "no screenshot {} (driver output:\n{output})", shot.display());
        let mut signature = [0u8; 8];
        std::io::Read::read_exact(&mut std::fs::File::open(&shot).expect("open"), &mut signature)
            .expect("read");
        assert_eq!(&signature, b"\x89PNG\r\n\x1a\n", "{} is not a PNG", shot.display());
        println!("screenshot: {} ({size} bytes)", shot.display());
    }
}
