//! A minimal HTTP/1.1 client over `tokio::net::TcpStream`, enough to talk
//! to the replay server from the harness's own tests without any HTTP
//! client crate. One request per connection (`Connection: close`). It uses
//! only `TcpStream::try_read` / `try_write`, so it needs no Tokio feature
//! beyond `net`.

use std::time::Duration;

use std::io::ErrorKind;

use tokio::net::TcpStream;

use super::matching::IncomingRequest;
use super::transcript::Transcript;

/// How long one raw request may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(30);

/// A response read off the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// Status code.
    pub status: u16,
    /// Headers in order, names as sent by the server.
    pub headers: Vec<(String, String)>,
    /// Body bytes (chunked transfer decoded).
    pub body: Vec<u8>,
}

impl RawResponse {
    /// First header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request to `base_url` (`http://host:port`) and reads the whole
/// response. `Host`, `Connection: close` and `Content-Length` (whenever the
/// request has a body or is not a GET) are added. Panics on I/O errors,
/// malformed responses or after 30 s.
pub async fn send(base_url: &str, req: &IncomingRequest) -> RawResponse {
    tokio::time::timeout(TIMEOUT, send_inner(base_url, req))
        .await
        .unwrap_or_else(|_| panic!("raw HTTP: {} {} timed out", req.method, req.path))
}

/// Sends the request of a transcript exactly as recorded (redacted header
/// values included).
pub async fn send_recorded(base_url: &str, t: &Transcript) -> RawResponse {
    send(base_url, &IncomingRequest::from_transcript(t)).await
}

async fn send_inner(base_url: &str, req: &IncomingRequest) -> RawResponse {
    let authority = base_url
        .strip_prefix("http://")
        .unwrap_or(base_url)
        .trim_end_matches('/');
    let stream = TcpStream::connect(authority)
        .await
        .unwrap_or_else(|e| panic!("raw HTTP: cannot connect to {authority}: {e}"));

    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n",
        req.method, req.path
    );
    for (k, v) in &req.headers {
        if k.eq_ignore_ascii_case("content-length")
            || k.eq_ignore_ascii_case("host")
            || k.eq_ignore_ascii_case("connection")
        {
            continue;
        }
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !req.body.is_empty() || req.method != "GET" {
        head.push_str(&format!("Content-Length: {}\r\n", req.body.len()));
    }
    head.push_str("\r\n");

    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&req.body);
    write_all(&stream, &bytes)
        .await
        .expect("raw HTTP: cannot write the request");
    let raw = read_to_end(&stream)
        .await
        .expect("raw HTTP: cannot read the response");
    parse_response(&raw).unwrap_or_else(|e| {
        panic!(
            "raw HTTP: bad response ({e}): {:?}",
            String::from_utf8_lossy(&raw)
        )
    })
}

async fn write_all(stream: &TcpStream, mut data: &[u8]) -> std::io::Result<()> {
    while !data.is_empty() {
        stream.writable().await?;
        match stream.try_write(data) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => data = &data[n..],
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

async fn read_to_end(stream: &TcpStream) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        stream.readable().await?;
        match stream.try_read(&mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
}

fn parse_response(raw: &[u8]) -> Result<RawResponse, String> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers")?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|e| e.to_string())?;
    let rest = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or("no status line")?;
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .ok_or("no status code")?
        .parse()
        .map_err(|e| format!("bad status code: {e}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let body = if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        dechunk(rest)?
    } else if let Some(len) = find("content-length") {
        let len: usize = len
            .parse()
            .map_err(|e| format!("bad content-length: {e}"))?;
        rest.get(..len)
            .ok_or("body shorter than content-length")?
            .to_vec()
    } else {
        rest.to_vec()
    };
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("chunk size line not terminated")?;
        let size_text = std::str::from_utf8(&data[..line_end]).map_err(|e| e.to_string())?;
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|e| format!("bad chunk size {size_text:?}: {e}"))?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = data.get(..size).ok_or("chunk shorter than announced")?;
        out.extend_from_slice(chunk);
        data = data.get(size + 2..).ok_or("chunk not terminated")?;
    }
}
