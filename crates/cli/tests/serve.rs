//! `stancemap serve` as a process: on a free loopback port over the example corpus,
//! answering `/api/stats`, refusing a write without the token, taking one with it, and
//! stopping cleanly on SIGTERM.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long the server may take to start listening (a debug build, a busy machine).
const STARTUP: Duration = Duration::from_secs(60);

const TOKEN: &str = "cli-serve-token-71ab";

fn bin() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("stancemap"));
    cmd.env_remove("STANCEMAP_DB").env_remove("STANCEMAP_TOKEN");
    cmd
}

/// A port nobody listens on right now (bound, read, released).
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// One HTTP/1.1 request on a fresh connection; the status and the JSON body.
fn http(addr: SocketAddr, method: &str, path: &str, headers: &[&str], body: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for h in headers {
        req.push_str(h);
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let status: u16 = raw
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn wait_until_listening(addr: SocketAddr, child: &mut Child) {
    let deadline = Instant::now() + STARTUP;
    while TcpStream::connect(addr).is_err() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("stancemap serve exited early: {status}");
        }
        assert!(Instant::now() < deadline, "serve did not listen on {addr}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn demo_store(db: &Path) {
    let out = bin()
        .arg("--quiet")
        .arg("demo")
        .arg("--keep")
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn serve_answers_on_a_free_port_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db");
    demo_store(&db);
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).unwrap();
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let mut child = bin()
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", &addr.to_string(), "--token-file"])
        .arg(&token_file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_listening(addr, &mut child);

    let (status, stats) = http(addr, "GET", "/api/stats", &[], "");
    assert_eq!(status, 200, "{stats}");
    let documents = stats["documents"].as_u64().unwrap();
    assert!(documents >= 10, "{stats}");

    let article =
        "Border Talks Resume\n\nThe two delegations agreed to resume border talks in Geneva.";
    let (status, err) = http(
        addr,
        "POST",
        "/api/documents",
        &["Content-Type: text/plain"],
        article,
    );
    assert_eq!((status, err["code"].as_str()), (401, Some("unauthorized")));
    let auth = format!("Authorization: Bearer {TOKEN}");
    let headers = ["Content-Type: text/plain", auth.as_str()];
    let (status, stored) = http(addr, "POST", "/api/documents", &headers, article);
    assert_eq!(status, 201, "{stored}");
    let (_, stats) = http(addr, "GET", "/api/stats", &[], "");
    assert_eq!(stats["documents"].as_u64(), Some(documents + 1));

    stop(&mut child);
}

/// SIGTERM, then the process must exit on its own with status 0 (graceful shutdown).
#[cfg(unix)]
fn stop(child: &mut Child) {
    let pid = child.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "serve exited with {status}");
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve did not stop within 30 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(not(unix))]
fn stop(child: &mut Child) {
    let _ = child.kill();
}

#[test]
fn an_empty_token_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "\n").unwrap();
    let out = bin()
        .arg("--db")
        .arg(dir.path().join("s.db"))
        .args(["serve", "--addr", "127.0.0.1:0", "--token-file"])
        .arg(&token_file)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
