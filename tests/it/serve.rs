//! `careplan serve` over plain HTTP (the browser test is `tests/dashboard.rs`): the address
//! and token rules, the loopback host check, and that no ID or phone number reaches a page,
//! a URL, a calendar or the log. Records: temporary copies of `fixtures/realistic` with the
//! class-hand-in-hand package.

use crate::support::{root, tmp_dir};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const AS_OF: &str = "2026-07-31";
/// A valid resident ID number (check digit 9), as in `privacy.rs`.
const ID: &str = "110101200501011239";
/// A mobile number.
const PHONE: &str = "13912345678";
const TOKEN: &str = "test-token-0123456789";

/// A child process killed when dropped.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

/// A copy of the package and the realistic records under a fresh directory.
fn sandbox(name: &str) -> (PathBuf, PathBuf) {
    let dir = tmp_dir(&format!("serve-{name}"));
    let (policy, records) = (dir.join("policy"), dir.join("records"));
    copy_dir(&root().join("policies/class-hand-in-hand"), &policy);
    copy_dir(&root().join("fixtures/realistic"), &records);
    (policy, records)
}

/// `careplan serve … --port 0 extra…`: the server, its `host:port` and its log lines.
fn serve(policy: &Path, records: &Path, extra: &[&str]) -> (Proc, String, Arc<Mutex<Vec<String>>>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .arg("serve")
        .arg(policy)
        .arg(records)
        .args(["--port", "0", "--as-of", AS_OF, "--lang", "en"])
        .args(extra)
        .env_remove("CAREPLAN_TOKEN")
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
        .expect("first line");
    let addr = line
        .strip_prefix("serving on http://")
        .and_then(|l| l.trim().strip_suffix('/'))
        .unwrap_or_else(|| panic!("`serving on http://ADDR/`, got {line:?}"))
        .to_owned();
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&log);
    std::thread::spawn(move || {
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            sink.lock().expect("log").push(l);
        }
    });
    (proc, addr, log)
}

/// A GET with a `Host` header and extra headers: status, header block (lowercase), body.
fn get(addr: &str, host: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    (status, head.to_lowercase(), body.to_owned())
}

fn careplan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .env_remove("CAREPLAN_TOKEN")
        .output()
        .expect("run careplan")
}

#[test]
fn another_address_than_loopback_needs_a_token_of_16_safe_characters() {
    let (policy, records) = sandbox("address");
    let (p, r) = (
        policy.to_str().expect("path"),
        records.to_str().expect("path"),
    );
    let out = careplan(&["serve", p, r, "--port", "0", "--bind", "0.0.0.0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`0.0.0.0:0` is not a loopback address: serving there needs --token"),
        "{err}"
    );
    for bad in [
        "short",
        "has space in it 0123456789",
        "semi;colon-0123456789",
    ] {
        let out = careplan(&["serve", p, r, "--port", "0", "--token", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("the token must be at least 16 characters"),
            "{err}"
        );
    }
}

#[test]
fn with_a_token_every_request_carries_it() {
    let (policy, records) = sandbox("token");
    let (_server, addr, _log) = serve(&policy, &records, &["--token", TOKEN]);
    let bearer = format!("Bearer {TOKEN}");
    for path in ["/", "/child/S0122", "/decision.json", "/events", "/nowhere"] {
        let (status, _, _) = get(&addr, &addr, path, &[]);
        assert_eq!(status, 401, "{path} without the token");
        let (status, _, _) = get(
            &addr,
            &addr,
            path,
            &[("Authorization", "Bearer wrong-token-0123456789")],
        );
        assert_eq!(status, 401, "{path} with a wrong token");
    }
    let (status, _, body) = get(&addr, &addr, "/", &[("Authorization", &bearer)]);
    assert_eq!(status, 200);
    assert!(body.contains("id=\"total-budget\""), "the overview");
    // The login sets an HttpOnly, SameSite=Strict cookie and leaves the URL with the token.
    let (status, _, _) = get(&addr, &addr, "/login?token=wrong-token-0123456789", &[]);
    assert_eq!(status, 401);
    let (status, head, _) = get(&addr, &addr, &format!("/login?token={TOKEN}"), &[]);
    assert_eq!(status, 303);
    assert!(head.contains("\r\nlocation: /\r\n"), "{head}");
    let cookie = format!("careplan_token={TOKEN}; path=/; httponly; samesite=strict");
    assert!(head.contains(&format!("set-cookie: {cookie}")), "{head}");
    let (status, _, _) = get(
        &addr,
        &addr,
        "/class/7-1",
        &[("Cookie", &format!("careplan_token={TOKEN}"))],
    );
    assert_eq!(status, 200);
}

#[test]
fn on_loopback_only_loopback_host_names_are_answered() {
    let (policy, records) = sandbox("host");
    let (_server, addr, _log) = serve(&policy, &records, &[]);
    let port = addr.rsplit_once(':').map(|(_, p)| p).expect("port");
    for host in [
        addr.clone(),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, head, _) = get(&addr, &host, "/", &[]);
        assert_eq!(status, 200, "{host}");
        assert!(head.contains("cache-control: no-store"), "{head}");
        assert!(
            head.contains("content-security-policy: default-src 'none'"),
            "{head}"
        );
    }
    // A name rebound to 127.0.0.1 by a web page elsewhere.
    let (status, _, _) = get(&addr, &format!("evil.example:{port}"), "/", &[]);
    assert_eq!(status, 421);
}

/// Replaces `from` by `to` in every CSV of `dir` (ids are whole cells, so a plain replace of
/// an id keeps the records linked).
fn plant(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read CSV");
    assert!(text.contains(from), "{from} in {file}");
    std::fs::write(&path, text.replace(from, to)).expect("write CSV");
}

#[test]
fn no_id_or_phone_number_in_a_page_a_url_a_calendar_or_the_log() {
    let (policy, records) = sandbox("privacy");
    // S0122 (7-1, helpers V03 and V04) gets an ID number as its student id, everywhere it is
    // named; T02's name becomes a phone number.
    for file in [
        "students.csv",
        "contacts.csv",
        "exams.csv",
        "honors.csv",
        "pairings.csv",
    ] {
        plant(&records, file, "S0122", ID);
    }
    plant(&records, "staff.csv", "孙瑶", PHONE);
    let (server, addr, log) = serve(&policy, &records, &[]);
    let (status, _, overview) = get(&addr, &addr, "/", &[]);
    assert_eq!(status, 200);
    // Attributes are HTML-escaped (`/` as `&#x2f;`).
    let overview = overview.replace("&#x2f;", "/");
    // The child is linked by a hash of its id, and shown masked.
    let link = overview
        .split("href=\"/child/")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or(""))
        .find(|k| k.starts_with('h') && k.len() == 17)
        .expect("a hashed child link on the overview (S0122 has overdue months)")
        .to_owned();
    assert!(overview.contains("110101**********39"), "masked id shown");
    let pages = [
        "/".to_owned(),
        format!("/child/{link}"),
        "/class/7-1".to_owned(),
        "/class/7-2".to_owned(),
        "/staff/T02".to_owned(),
        "/staff/T02/calendar.ics".to_owned(),
        "/staff/V03".to_owned(),
        "/staff/V03/calendar.ics".to_owned(),
        "/whatif?path=helpers.fen_per_point&value=150".to_owned(),
        "/decision.json".to_owned(),
    ];
    let mut leaks = Vec::new();
    for path in &pages {
        let (status, head, body) = get(&addr, &addr, path, &[]);
        assert_eq!(status, 200, "{path}");
        for n in [ID, PHONE] {
            if head.contains(n) || body.contains(n) {
                leaks.push(format!("{n} in {path}"));
            }
        }
    }
    assert_eq!(leaks, Vec::<String>::new());
    let (_, _, child) = get(&addr, &addr, &format!("/child/{link}"), &[]);
    assert!(child.contains("110101**********39"), "the child's page");
    // The log: method, route template, status; the hashed key is not in it either.
    drop(server);
    let lines = log.lock().expect("log").clone();
    assert!(
        lines.iter().any(|l| l.ends_with("GET /child/{key} 200")),
        "{lines:#?}"
    );
    for l in &lines {
        for n in [
            ID,
            PHONE,
            link.as_str(),
            "S0122",
            "T02",
            "V03",
            "fen_per_point",
        ] {
            assert!(!l.contains(n), "{n} in log line {l:?}");
        }
    }

    // Under --reveal the number is shown (the scan above can fail), the URL still hashed.
    let (_server, addr, _log) = serve(&policy, &records, &["--reveal"]);
    let (_, _, overview) = get(&addr, &addr, "/", &[]);
    let overview = overview.replace("&#x2f;", "/");
    assert!(overview.contains(ID), "--reveal shows the id");
    assert!(overview.contains(&format!("href=\"/child/{link}\"")));
    assert!(!overview.contains(&format!("/child/{ID}")));
}
