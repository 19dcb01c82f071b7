//! `careplan serve` in a real browser: the binary serves a temporary copy of the
//! class-hand-in-hand package and the realistic records on a free port, and headless Chromium,
//! driven through chromedriver (WebDriver, the `fantoccini` crate), goes through the pages.
//!
//! Checked: the overview shows the totals and per-rule counts of `careplan evaluate --format
//! json` (and the figures worked out by hand from `fixtures/realistic/README.md`); a saved
//! policy edit changes the budget on the open page in place; a broken save shows the banner
//! with file, line, column and help while the page keeps the last good figures; a what-if
//! shows the budget delta and a changed outcome. Every wait is a deadline polled every 100 ms,
//! never a sleep that decides an outcome. A screenshot of each page is written to
//! `target/tmp/dashboard-screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (and `fonts-wqy-microhei` for Chinese):
//! `.ci/run` installs them. Without chromedriver the test fails, saying so.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const AS_OF: &str = "2026-07-31";
/// How long a change may take to show on the open page: a deadline for a loaded 2-core
/// machine (the watch's quiet period is 200 ms and a reload takes well under a second), not
/// a measure of speed.
const DEADLINE: Duration = Duration::from_secs(15);
/// The whole browser session.
const WHOLE: Duration = Duration::from_secs(240);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create sandbox dir");
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy fixture file");
        }
    }
}

/// A child process killed when dropped.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The chromedriver to use: `$CHROMEDRIVER`, else `chromedriver` on the path. Missing: the
/// test fails (CI installs it), never passes without a browser.
fn chromedriver() -> PathBuf {
    let found = match std::env::var_os("CHROMEDRIVER") {
        Some(p) => Some(PathBuf::from(p)).filter(|p| p.is_file()),
        None => std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join("chromedriver"))
                .find(|p| p.is_file())
        }),
    };
    found.unwrap_or_else(|| {
        panic!(
            "chromedriver is not installed: the dashboard's browser test needs Debian's chromium and \
             chromium-driver (`apt-get install -y chromium chromium-driver fonts-wqy-microhei`, \
             as .ci/run does), or CHROMEDRIVER=/path/to/chromedriver"
        )
    })
}

/// The Chromium binary: `$CHROMIUM`, else Debian's.
fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A plain HTTP/1.1 GET on loopback: status, headers (lowercase names) and body.
fn http_get(addr: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).expect("connect to the dashboard");
    s.set_read_timeout(Some(Duration::from_secs(60)))
        .expect("read timeout");
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).expect("send request");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let text = String::from_utf8(raw).expect("UTF-8 response");
    let (head, body) = text.split_once("\r\n\r\n").expect("a header block");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    (status, head.to_lowercase(), body.to_owned())
}

fn careplan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .output()
        .expect("run careplan")
}

/// `careplan serve` on a free port; its URL (from the `serving on` line) and its log lines.
fn serve(policy: &Path, records: &Path) -> (Proc, String, Arc<Mutex<Vec<String>>>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .arg("serve")
        .arg(policy)
        .arg(records)
        .args([
            "--port",
            "0",
            "--as-of",
            AS_OF,
            "--lang",
            "en",
            "--debounce-ms",
            "200",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start careplan serve");
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let proc = Proc(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the first line");
    let url = line
        .strip_prefix("serving on ")
        .map(|u| u.trim().to_owned())
        .unwrap_or_else(|| panic!("first line is `serving on URL`, got {line:?}"));
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&log);
    std::thread::spawn(move || {
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            sink.lock().expect("log lock").push(l);
        }
    });
    (proc, url, log)
}

/// Starts chromedriver on a free port and waits until it answers.
fn start_chromedriver() -> (Proc, u16) {
    let driver = chromedriver();
    let port = free_port();
    let child = Command::new(&driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver.display()));
    let proc = Proc(child);
    let until = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < until,
            "chromedriver did not listen on port {port} within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (proc, port)
}

async fn browser(port: u16, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium(),
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                format!("--user-data-dir={}", profile.display()),
                "--window-size=1280,1000",
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with headless Chromium")
}

/// The text of the element `css`, or `None` while there is none.
async fn text_of(c: &Client, css: &str) -> Option<String> {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.ok().map(|t| t.trim().to_owned()),
        Err(_) => None,
    }
}

/// Polls until the element `css` reads `want` (by the deadline), and returns what it read.
async fn until_text(c: &Client, css: &str, want: &str) -> String {
    let until = Instant::now() + DEADLINE;
    loop {
        let now = text_of(c, css).await;
        if now.as_deref() == Some(want) || Instant::now() > until {
            return now.unwrap_or_default();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls until `css` matches an element (or does not, for `present == false`).
async fn until_present(c: &Client, css: &str, present: bool) -> bool {
    let until = Instant::now() + DEADLINE;
    loop {
        let found = c.find(Locator::Css(css)).await.is_ok();
        if found == present || Instant::now() > until {
            return found == present;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A screenshot of the whole page (the window made as tall as the page, at most 4000 px).
async fn screenshot(c: &Client, dir: &Path, name: &str) {
    let height = c
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await
        .ok()
        .and_then(|v| v.as_u64())
        .unwrap_or(1000)
        .clamp(600, 4000);
    c.set_window_size(1280, height as u32)
        .await
        .expect("resize window");
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    c.set_window_size(1280, 1000).await.expect("resize window");
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

#[test]
fn the_dashboard_in_headless_chromium() {
    // Fails here, clearly, when the browser is not installed.
    let (_driver, driver_port) = start_chromedriver();
    let sandbox =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("dashboard-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&sandbox);
    let policy = sandbox.join("policy");
    let records = sandbox.join("records");
    copy_dir(&root().join("policies/class-hand-in-hand"), &policy);
    copy_dir(&root().join("fixtures/realistic"), &records);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dashboard-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");

    let (p, r) = (
        policy.to_str().expect("UTF-8 path"),
        records.to_str().expect("UTF-8 path"),
    );
    let evaluated = careplan(&[
        "evaluate", p, r, "--as-of", AS_OF, "--lang", "en", "--format", "json",
    ]);
    let evaluated = String::from_utf8(evaluated.stdout).expect("UTF-8 JSON");
    let json: Value = serde_json::from_str(&evaluated).expect("evaluate --format json");

    let (_server, url, log) = serve(&policy, &records);
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "loopback by default: {url}");

    // The served decision is `evaluate --format json`'s, byte for byte (both masked alike).
    let (status, head, body) = http_get(&addr, "/decision.json", &[]);
    assert_eq!(status, 200);
    assert!(head.contains("cache-control: no-store"), "{head}");
    assert_eq!(body, evaluated, "/decision.json = evaluate --format json");

    let plan = policy.join("plan.ron");
    let original = std::fs::read_to_string(&plan).expect("plan.ron");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let profile = sandbox.join("chromium-profile");
    rt.block_on(async {
        let c = browser(driver_port, &profile).await;
        // The pages run as a task, so that a failed assertion still closes the browser
        // (chromedriver does not end Chromium when it is killed).
        let session = {
            let (c, url, addr, json) = (c.clone(), url.clone(), addr.clone(), json.clone());
            let (plan, original, shots) = (plan.clone(), original.clone(), shots.clone());
            tokio::spawn(async move {
                let go = pages(&c, &url, &addr, &json, &plan, &original, &shots);
                tokio::time::timeout(WHOLE, go).await
            })
        };
        let outcome = session.await;
        let _ = c.close().await;
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(_)) => panic!("the browser session did not end within {WHOLE:?}"),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => panic!("the browser session stopped: {e}"),
        }
    });

    // The files were never written by the dashboard (the what-if ran in memory), and the
    // log holds method, route template and status only: no id, no query.
    assert_eq!(std::fs::read_to_string(&plan).expect("plan.ron"), original);
    let lines = log.lock().expect("log lock").clone();
    assert!(
        lines.iter().any(|l| l.ends_with(" GET /child/{key} 200")),
        "{lines:#?}"
    );
    for l in &lines {
        let rest = l.get(9..).unwrap_or("");
        let request = rest.starts_with("GET /") || rest.starts_with("GET (no route)");
        let reload = rest.starts_with("reload ");
        assert!(request || reload, "unexpected log line {l:?}");
        for personal in ["S0122", "T01", "7-1", "fen_per_point", "150", "冯晨航"] {
            assert!(!l.contains(personal), "{personal} in log line {l:?}");
        }
    }
}

/// Goes through the pages with the browser (every check of the page's figures is here).
async fn pages(
    c: &Client,
    url: &str,
    addr: &str,
    json: &Value,
    plan: &Path,
    original: &str,
    shots: &Path,
) {
    // ---- Overview: the totals of `evaluate --format json`.
    c.goto(url).await.expect("open the overview");
    let totals = &json["totals"];
    // Worked out by hand (fixtures/realistic/README.md, Plan 5 as shipped): prizes 7-1 265
    // yuan (100 + 5 × 30 + 15) + 7-2 310 yuan (100 + 4 × 30 + 6 × 15) = 575 yuan; helper pay
    // 1390 points (7-1 860 + 7-2 530) × 1 yuan = 1390 yuan; budget 575 + 1390 = 1965 yuan.
    assert_eq!(totals["student_awards_fen"], 57500);
    assert_eq!(totals["helper_awards_fen"], 139000);
    assert_eq!(totals["total_fen"], 196500);
    assert_eq!(totals["points"], 1390);
    let fen = |k: &str| totals[k].as_i64().expect("fen");
    for (css, key) in [
        ("#total-budget", "total_fen"),
        ("#total-prizes", "student_awards_fen"),
        ("#total-helper", "helper_awards_fen"),
    ] {
        assert_eq!(
            text_of(c, css).await.as_deref(),
            Some(&*yuan(fen(key))),
            "{css}"
        );
        let attr = c
            .find(Locator::Css(css))
            .await
            .expect("total")
            .attr("data-fen")
            .await
            .expect("attr");
        assert_eq!(attr, Some(fen(key).to_string()), "{css} data-fen");
    }
    assert_eq!(text_of(c, "#total-points").await.as_deref(), Some("1390"));
    // monthly_parent_feedback (README tally): met 387, late 0, partial 0, open 0, missed 55 (the
    // July window ends with the year on 2026-07-10, before the as-of date);
    // compliance (387 + 0) / (387 + 0 + 55) = 387 / 442 = 87.56 % → "87.6%".
    let summary = &json["obligation_summary"]["monthly_parent_feedback"];
    for (k, hand) in [
        ("met", "387"),
        ("late", "0"),
        ("partial", "0"),
        ("open", "0"),
        ("missed", "55"),
    ] {
        assert_eq!(summary[k].to_string(), hand, "JSON {k}");
        let css = format!("#rules tr[data-rule=\"monthly_parent_feedback\"] td[data-k=\"{k}\"]");
        assert_eq!(text_of(c, &css).await.as_deref(), Some(hand), "{k}");
    }
    assert_eq!(summary["compliance_rate"], json!(0.8756));
    assert_eq!(
        text_of(c, "#rules td[data-k=\"rate\"]").await.as_deref(),
        Some("87.6%")
    );
    // Overdue: the 55 missed months (a monthly window has no due day, so no open one is
    // overdue), the one missed term of `regular_family_visit` (S0145's second term: its three
    // home visits, 2025-09-04, 12-02 and 2026-01-08, all fell in the first) and the 41
    // left-behind children with no `social_practice` attendance in the year (the fixture has
    // none; 46 children, 5 of them not enrolled all year: partial) = 55 + 1 + 41 = 97.
    assert_eq!(text_of(c, "#overdue-count").await.as_deref(), Some("97"));
    assert!(
        until_present(c, "#live.on", true).await,
        "the page's event stream connects"
    );
    screenshot(c, shots, "overview").await;

    // ---- A saved policy edit changes the open page in place.
    c.execute("window.__notReloaded = true;", vec![])
        .await
        .expect("mark the page");
    assert_eq!(original.matches("fen_per_point: 100,").count(), 1);
    std::fs::write(
        plan,
        original.replace("fen_per_point: 100,", "fen_per_point: 200,"),
    )
    .expect("save plan.ron");
    let saved = Instant::now();
    // Helper pay 1390 points × 2 yuan = 2780 yuan; budget 575 + 2780 = 3355 yuan.
    assert_eq!(until_text(c, "#total-helper", "2780.00").await, "2780.00");
    // Shown for the record (the deadline above is the assertion): quiet period, reload,
    // event, fetch and swap, polled every 100 ms.
    eprintln!("save to new figure on the page: {:?}", saved.elapsed());
    assert_eq!(until_text(c, "#total-budget", "3355.00").await, "3355.00");
    let same_page = c
        .execute("return window.__notReloaded === true;", vec![])
        .await
        .expect("read the mark");
    assert_eq!(
        same_page,
        json!(true),
        "numbers changed in place, no reload"
    );

    // ---- A broken save: the banner with file, line, column and help; the last good numbers.
    let broken = original.replace("fen_per_point: 100,", "fen_pointz: 200,");
    std::fs::write(plan, &broken).expect("save a broken plan.ron");
    assert!(
        until_present(c, "#banner", true).await,
        "the banner shows a broken save"
    );
    // Where the bad key is, from the file itself: its line (1-based) and column (characters).
    let (line, col) = broken
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.find("fen_pointz")
                .map(|b| (i + 1, l[..b].chars().count() + 1))
        })
        .expect("the bad key is in the file");
    let banner = text_of(c, "#banner").await.unwrap_or_default();
    assert!(
        banner.contains(&format!("plan.ron:{line}:{col}")),
        "{banner}"
    );
    assert!(banner.contains("unknown key `fen_pointz`"), "{banner}");
    assert!(banner.contains("expected one of"), "the help: {banner}");
    assert_eq!(
        text_of(c, "#total-budget").await.as_deref(),
        Some("3355.00"),
        "the page keeps the last good numbers"
    );
    screenshot(c, shots, "overview-broken-save").await;

    // Fixed again: the banner goes, the figures are the shipped plan's.
    std::fs::write(plan, original).expect("restore plan.ron");
    assert_eq!(until_text(c, "#total-budget", "1965.00").await, "1965.00");
    assert!(until_present(c, "#banner", false).await, "the banner goes");

    // ---- A child: S0122 (README): rank 17 → 12 = 5 places × 10 = 50, not in the top five
    // 0, no serious conduct 20, 三好学生 10: 80 points; progress prize 15 yuan.
    c.goto(&format!("{url}child/S0122"))
        .await
        .expect("child page");
    assert_eq!(text_of(c, "#child-points").await.as_deref(), Some("80"));
    let page = text_of(c, "main").await.unwrap_or_default();
    assert!(page.contains("5 places × 10 = 50 points"), "{page}");
    assert!(page.contains("15.00"), "{page}");
    screenshot(c, shots, "child").await;

    // ---- A staff member: T01 is credited 500/3 points at 1 yuan a point (README: 166.67).
    c.goto(&format!("{url}staff/T01"))
        .await
        .expect("staff page");
    assert_eq!(text_of(c, "#helper-pay").await.as_deref(), Some("166.67"));
    let ics = c
        .find(Locator::Css("#ics"))
        .await
        .expect("calendar link")
        .attr("href")
        .await
        .expect("href")
        .expect("an href");
    assert_eq!(ics, "/staff/T01/calendar.ics");
    screenshot(c, shots, "staff").await;
    let (status, head, body) = http_get(addr, &ics, &[]);
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/calendar"), "{head}");
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"), "{body}");
    assert!(body.contains("BEGIN:VEVENT\r\n"), "{body}");

    // ---- A class: 7-1's hand-in-hand total is 860 points (README).
    c.goto(&format!("{url}class/7-1"))
        .await
        .expect("class page");
    assert_eq!(text_of(c, "#class-points").await.as_deref(), Some("860"));
    screenshot(c, shots, "class").await;

    // ---- What-if: helper pay 1 → 1.50 yuan a point, in memory.
    c.goto(&format!("{url}whatif")).await.expect("what-if page");
    c.find(Locator::Css("#param"))
        .await
        .expect("parameter list")
        .select_by_value("helpers.fen_per_point")
        .await
        .expect("pick helpers.fen_per_point");
    let value = c.find(Locator::Css("#value")).await.expect("value field");
    value.clear().await.expect("clear");
    value.send_keys("150").await.expect("type 150");
    c.find(Locator::Css("#try"))
        .await
        .expect("compare button")
        .click()
        .await
        .expect("compare");
    // 1390 points × 0.50 yuan more = +695.00 yuan of helper pay and of budget; prizes +0.
    assert_eq!(until_text(c, "#delta-budget", "+695.00").await, "+695.00");
    assert_eq!(
        text_of(c, "#delta-helper_pay").await.as_deref(),
        Some("+695.00")
    );
    assert_eq!(
        text_of(c, "#delta-student_prizes").await.as_deref(),
        Some("0.00")
    );
    // T02 is credited 360 points (README, 7-2 without the children who left): 360.00 →
    // 540.00 yuan, +180.00.
    let row = c
        .find(Locator::XPath(
            "//table[@id='changed']//tr[td[1][normalize-space()='helpers pay'] and td[2][normalize-space()='helper T02']]",
        ))
        .await
        .expect("the changed row of helper T02's pay");
    let cells: Vec<String> = {
        let mut out = Vec::new();
        for td in row.find_all(Locator::Css("td")).await.expect("cells") {
            out.push(td.text().await.expect("cell text").trim().to_owned());
        }
        out
    };
    assert_eq!(cells[3..], ["360.00 yuan", "540.00 yuan", "+180.00"]);
    screenshot(c, shots, "whatif").await;

    // ---- The overview in Chinese, for a look.
    c.goto(url).await.expect("overview");
    c.execute(
        "document.cookie = 'careplan_lang=zh; path=/'; return true;",
        vec![],
    )
    .await
    .expect("switch language");
    c.refresh().await.expect("reload");
    assert_eq!(
        text_of(c, ".tile.main .label").await.as_deref(),
        Some("预算")
    );
    screenshot(c, shots, "overview-zh").await;
}
