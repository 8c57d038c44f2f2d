//! The read timeout against a server that stalls or drips its answer: a body that brings
//! fewer than 1 KiB in a whole read timeout is cut then, not at the total timeout, and one
//! that flows slowly but steadily is read to its end.

use std::time::Duration;

use odoo_core::{Client, ErrorKind, SearchOptions, TransportKind};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the server sends the body of an object call's answer.
#[derive(Clone, Copy)]
enum Pace {
    /// The headers, then `bytes` one at a time, one every `every`.
    Drip { bytes: usize, every: Duration },
    /// The headers, then nothing.
    Stall,
    /// The whole answer in `parts` pieces of 2 KiB, one every `every`.
    Steady { parts: usize, every: Duration },
}

/// The answer to an object call: `[1, 1, ..., 1]`, padded to at least `len` bytes.
fn answer(len: usize) -> Vec<u8> {
    let mut ids = String::from("1");
    while ids.len() + 40 < len {
        ids.push_str(",1");
    }
    format!(r#"{{"jsonrpc": "2.0", "id": 1, "result": [{ids}]}}"#).into_bytes()
}

async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&data).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())
                        .flatten()
                })
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return Some(text);
            }
        }
    }
}

async fn serve(mut stream: TcpStream, pace: Pace) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let head = |length: usize| {
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n"
        )
    };
    let quick: Option<&[u8]> = if request.contains("\"version\"") {
        Some(br#"{"jsonrpc": "2.0", "id": 1, "result": {"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""], "server_serie": "17.0", "protocol_version": 1}}"#)
    } else if request.contains("\"common\"") {
        Some(br#"{"jsonrpc": "2.0", "id": 1, "result": 2}"#)
    } else {
        None
    };
    if let Some(body) = quick {
        let _ = stream.write_all(head(body.len()).as_bytes()).await;
        let _ = stream.write_all(body).await;
        return;
    }
    match pace {
        Pace::Drip { bytes, every } => {
            let body = answer(bytes);
            let _ = stream.write_all(head(body.len()).as_bytes()).await;
            for byte in body {
                if stream.write_all(&[byte]).await.is_err() {
                    return;
                }
                tokio::time::sleep(every).await;
            }
        }
        Pace::Stall => {
            let _ = stream.write_all(head(100).as_bytes()).await;
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
        Pace::Steady { parts, every } => {
            let body = answer(parts * 2048);
            let _ = stream.write_all(head(body.len()).as_bytes()).await;
            for piece in body.chunks(2048) {
                if stream.write_all(piece).await.is_err() {
                    return;
                }
                tokio::time::sleep(every).await;
            }
        }
    }
}

async fn server(pace: Pace) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let url = format!(
        "http://{}",
        listener.local_addr().unwrap_or_else(|e| panic!("{e}"))
    );
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, pace));
        }
    });
    url
}

async fn connect(url: &str, read_timeout: Duration) -> Client {
    Client::builder(url)
        .database("db")
        .login("admin")
        .password("pw")
        .transport(TransportKind::JsonRpc)
        .timeout(Duration::from_secs(120))
        .read_timeout(read_timeout)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"))
}

async fn search(client: &Client) -> odoo_core::Result<Vec<i64>> {
    client
        .search("res.partner", json!([]), SearchOptions::new())
        .await
}

fn assert_stalled(outcome: odoo_core::Result<Vec<i64>>, what: &str) {
    let error = outcome.expect_err(what);
    assert_eq!(error.kind(), ErrorKind::Transport, "{what}: {error:?}");
    let transport = error
        .transport_error()
        .unwrap_or_else(|| panic!("{what}: no transport error in {error:?}"));
    assert!(transport.is_timeout, "{what}: {error:?}");
    assert!(error.to_string().contains("stalled"), "{what}: {error}");
}

#[tokio::test]
async fn a_dripping_body_is_cut_after_the_read_timeout() {
    // 400 bytes at one every 20 ms would take 8 s; the whole-request timeout is 120 s and
    // every single read brings a byte, so only a measure of progress can cut it.
    let url = server(Pace::Drip {
        bytes: 400,
        every: Duration::from_millis(20),
    })
    .await;
    let client = connect(&url, Duration::from_millis(700)).await;
    assert_stalled(search(&client).await, "dripping body");
}

#[tokio::test]
async fn a_stalled_body_is_cut_after_the_read_timeout() {
    let url = server(Pace::Stall).await;
    let client = connect(&url, Duration::from_millis(500)).await;
    let error = search(&client).await.expect_err("stalled body");
    assert_eq!(error.kind(), ErrorKind::Transport, "{error:?}");
    assert!(
        error.transport_error().is_some_and(|t| t.is_timeout),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_slow_but_steady_body_is_read_whole() {
    // 2 KiB every 300 ms with a read timeout of 1 s: slow, never short of progress.
    let url = server(Pace::Steady {
        parts: 6,
        every: Duration::from_millis(300),
    })
    .await;
    let client = connect(&url, Duration::from_secs(1)).await;
    let ids = search(&client)
        .await
        .unwrap_or_else(|e| panic!("steady body: {e:?}"));
    assert!(ids.len() > 6 * 2048 / 2 - 40, "{} ids", ids.len());
    assert!(ids.iter().all(|id| *id == 1));
}
