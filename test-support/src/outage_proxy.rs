//! A TCP proxy in front of a server that can be put into an outage, to test what a client does
//! when the connection is refused, reset, or lost after the server ran the request.
//!
//! [`OutageProxy::start`] listens on `127.0.0.1` (a random port) and forwards each connection to
//! the target. It reads the requests a client sends (HTTP/1.1, framed by `Content-Length`) and
//! keeps a log of them ([`OutageProxy::requests`]), each with what became of it ([`Fate`]); the
//! answers are relayed as they come.
//!
//! [`OutageProxy::start_outage`] puts it into an [`Outage`]: the connections open at that moment
//! are closed, as a server that stops closes them, and it returns once the client has closed
//! its end of each (so that none of a client's pooled keep-alive connections outlives the
//! outage's start, and a request made after it meets the outage). Then, until
//! [`OutageProxy::end_outage`]:
//!
//! - [`Outage::Refuse`]: nothing listens on the port; connecting is refused. The same port is
//!   listened on again when the outage ends.
//! - [`Outage::Reset`]: connections are accepted; each request is read, not forwarded, and the
//!   connection reset.
//! - [`Outage::LoseAnswer`]: each request is forwarded and run by the server; its answer is
//!   dropped and the connection reset.
//!
//! A reset closes the socket with `SO_LINGER` 0, so that the peer gets a TCP RST rather than an
//! orderly end of stream.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

/// How the proxy fails during an outage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// Nothing listens on the proxy's port: connecting is refused.
    Refuse,
    /// Connections are accepted; each request is read, not forwarded, and the connection reset.
    Reset,
    /// Each request is forwarded and run by the server; its answer is dropped and the connection
    /// reset.
    LoseAnswer,
}

impl Outage {
    /// Every kind of outage.
    pub const ALL: [Outage; 3] = [Outage::Refuse, Outage::Reset, Outage::LoseAnswer];
}

/// What became of a request the proxy read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Forwarded to the server, its answer relayed (unless the connection broke meanwhile).
    Forwarded,
    /// Not forwarded: the connection was reset during a [`Outage::Reset`] (or in the moment a
    /// [`Outage::Refuse`] began).
    NotForwarded,
    /// Forwarded during a [`Outage::LoseAnswer`]: the server ran it, its answer was dropped.
    AnswerLost,
}

/// A request the proxy read from a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The request line, e.g. `POST /jsonrpc HTTP/1.1`.
    pub line: String,
    /// The body (UTF-8, lossily).
    pub body: String,
    /// What became of it.
    pub fate: Fate,
}

impl Request {
    /// Whether the request line or the body contains `text`.
    pub fn contains(&self, text: &str) -> bool {
        self.line.contains(text) || self.body.contains(text)
    }
}

/// The proxy's state, watched by the accept loop and the connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Phase {
    outage: Option<Outage>,
    /// How many outages have started: a connection opened before the current one is reset.
    outages: u64,
    /// The proxy was dropped: everything stops.
    stopped: bool,
}

struct Shared {
    target: SocketAddr,
    phase: watch::Sender<Phase>,
    /// Whether the port is listened on.
    listening: watch::Sender<bool>,
    /// Why the port could not be listened on again, if it could not.
    rebind_failure: Mutex<Option<String>>,
    /// Every open connection holds a clone of the sender of its outage count; a starting outage
    /// takes the receiver and waits until all of them are dropped.
    open: Mutex<(mpsc::Sender<()>, mpsc::Receiver<()>)>,
    requests: Mutex<Vec<Request>>,
    request_count: watch::Sender<usize>,
    connections: AtomicUsize,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    fn record(&self, request: &RawRequest, fate: Fate) {
        lock(&self.requests).push(Request {
            line: request.line.clone(),
            body: String::from_utf8_lossy(&request.body).into_owned(),
            fate,
        });
        self.request_count.send_modify(|count| *count += 1);
    }
}

/// A running proxy. Dropping it stops it and resets its connections.
pub struct OutageProxy {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for OutageProxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutageProxy")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Drop for OutageProxy {
    fn drop(&mut self) {
        self.shared.phase.send_modify(|phase| phase.stopped = true);
    }
}

impl OutageProxy {
    /// Listens on `127.0.0.1` (a random port) and forwards each connection to `target`.
    pub async fn start(target: SocketAddr) -> OutageProxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("outage proxy: bind: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("outage proxy: local address: {e}"));
        let shared = Arc::new(Shared {
            target,
            phase: watch::Sender::new(Phase {
                outage: None,
                outages: 0,
                stopped: false,
            }),
            listening: watch::Sender::new(true),
            rebind_failure: Mutex::new(None),
            open: Mutex::new(mpsc::channel(1)),
            requests: Mutex::new(Vec::new()),
            request_count: watch::Sender::new(0),
            connections: AtomicUsize::new(0),
        });
        tokio::spawn(accept_loop(Arc::clone(&shared), listener, addr));
        OutageProxy {
            addr,
            url: format!("http://{addr}"),
            shared,
        }
    }

    /// The base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address listened on (again after an [`Outage::Refuse`]).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Starts an outage. Returns once the connections open until now are closed (by the
    /// client too, or after 10 s) and, for [`Outage::Refuse`], the port is no longer listened
    /// on.
    pub async fn start_outage(&self, outage: Outage) {
        start_outage(&self.shared, outage).await;
    }

    /// Ends the outage. Returns once the port is listened on again; panics if it cannot be.
    pub async fn end_outage(&self) {
        end_outage(&self.shared, self.addr).await;
    }

    /// Starts an outage of `duration` (returning once it is in effect, as
    /// [`OutageProxy::start_outage`]); the task returned ends it, and finishes once the proxy
    /// serves again.
    pub async fn begin_outage(&self, outage: Outage, duration: Duration) -> JoinHandle<()> {
        start_outage(&self.shared, outage).await;
        let shared = Arc::clone(&self.shared);
        let addr = self.addr;
        tokio::spawn(async move {
            tokio::time::sleep(duration).await;
            end_outage(&shared, addr).await;
        })
    }

    /// The outage in effect, if any.
    pub fn outage(&self) -> Option<Outage> {
        self.shared.phase.borrow().outage
    }

    /// The requests read so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.shared.requests).clone()
    }

    /// How many connections have been accepted.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Waits until `count` requests have been read.
    pub async fn wait_for_requests(&self, count: usize) {
        let mut seen = self.shared.request_count.subscribe();
        let _ = seen.wait_for(|seen| *seen >= count).await;
    }
}

async fn start_outage(shared: &Shared, outage: Outage) {
    let mut open = {
        let mut guard = lock(&shared.open);
        // Under this lock a connection reads the outage count and clones the sender together.
        shared.phase.send_modify(|phase| {
            phase.outage = Some(outage);
            phase.outages += 1;
        });
        std::mem::replace(&mut *guard, mpsc::channel(1)).1
    };
    // `None` once every connection opened before the outage is gone.
    let _ = open.recv().await;
    if outage == Outage::Refuse {
        let mut listening = shared.listening.subscribe();
        let _ = listening.wait_for(|listening| !listening).await;
    }
}

async fn end_outage(shared: &Shared, addr: SocketAddr) {
    shared.phase.send_modify(|phase| phase.outage = None);
    let mut listening = shared.listening.subscribe();
    let _ = listening.wait_for(|listening| *listening).await;
    if let Some(failure) = lock(&shared.rebind_failure).as_ref() {
        panic!("outage proxy: cannot listen on {addr} again: {failure}");
    }
}

async fn accept_loop(shared: Arc<Shared>, listener: TcpListener, addr: SocketAddr) {
    let mut phase = shared.phase.subscribe();
    let mut listener = Some(listener);
    loop {
        let current = match listener.take() {
            Some(listener) => listener,
            None => match rebind(addr).await {
                Ok(listener) => listener,
                Err(e) => {
                    *lock(&shared.rebind_failure) = Some(e.to_string());
                    shared.listening.send_replace(true);
                    return;
                }
            },
        };
        shared.listening.send_replace(true);
        loop {
            tokio::select! {
                accepted = current.accept() => {
                    if let Ok((stream, _)) = accepted {
                        shared.connections.fetch_add(1, Ordering::SeqCst);
                        tokio::spawn(serve(stream, Arc::clone(&shared)));
                    }
                }
                _ = phase.wait_for(|p| p.stopped || p.outage == Some(Outage::Refuse)) => break,
            }
        }
        drop(current);
        shared.listening.send_replace(false);
        let stopped = phase
            .wait_for(|p| p.stopped || p.outage != Some(Outage::Refuse))
            .await
            .map_or(true, |p| p.stopped);
        if stopped {
            return;
        }
    }
}

/// Listens on `addr` again. Tokio sets `SO_REUSEADDR`, so connections of the earlier listener
/// left in `TIME_WAIT` do not hold the port; another socket that took the port meanwhile would.
async fn rebind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let mut attempts = 0;
    loop {
        match TcpListener::bind(addr).await {
            Ok(listener) => return Ok(listener),
            Err(e) if attempts >= 100 => return Err(e),
            Err(_) => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Closes `stream` with a TCP RST.
fn reset(stream: TcpStream) {
    let _ = stream.set_zero_linger();
    drop(stream);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// A side closed its end: close the other one in order.
    Close,
    /// Reset the client's connection (also when the proxy stops).
    Reset,
    /// An outage began: close the client's connection in order, then reset it.
    Outage,
}

async fn serve(mut client: TcpStream, shared: Arc<Shared>) {
    let (at_start, _open) = {
        let guard = lock(&shared.open);
        (*shared.phase.borrow(), guard.0.clone())
    };
    if at_start.stopped {
        return reset(client);
    }
    let mut requests = RequestReader::default();
    let mut phase = shared.phase.subscribe();
    let opened_in = at_start.outages;
    if matches!(at_start.outage, Some(Outage::Reset | Outage::Refuse)) {
        // Read the request, so that it is known to have been sent, and answer nothing.
        tokio::select! {
            read = requests.next(&mut client) => {
                if let Ok(Some(request)) = read {
                    shared.record(&request, Fate::NotForwarded);
                }
            }
            _ = phase.wait_for(|p| p.stopped || p.outages != opened_in) => {}
        }
        return reset(client);
    }
    let Ok(mut server) = TcpStream::connect(shared.target).await else {
        return reset(client);
    };
    let answer_lost = AtomicBool::new(false);
    let end = {
        let (mut client_read, mut client_write) = client.split();
        let (mut server_read, mut server_write) = server.split();
        let upstream = async {
            loop {
                let request = match requests.next(&mut client_read).await {
                    Ok(Some(request)) => request,
                    Ok(None) => return End::Close,
                    Err(_) => return End::Reset,
                };
                let lose = shared.phase.borrow().outage == Some(Outage::LoseAnswer);
                if lose {
                    answer_lost.store(true, Ordering::SeqCst);
                }
                shared.record(
                    &request,
                    if lose {
                        Fate::AnswerLost
                    } else {
                        Fate::Forwarded
                    },
                );
                if server_write.write_all(&request.bytes).await.is_err() {
                    return End::Reset;
                }
            }
        };
        let downstream = async {
            let mut buffer = vec![0_u8; 64 * 1024];
            loop {
                match server_read.read(&mut buffer).await {
                    Ok(0) | Err(_) => return End::Close,
                    // The server answered a request whose answer is to be lost.
                    Ok(_) if answer_lost.load(Ordering::SeqCst) => return End::Reset,
                    Ok(n) => {
                        if client_write.write_all(&buffer[..n]).await.is_err() {
                            return End::Reset;
                        }
                    }
                }
            }
        };
        tokio::select! {
            end = upstream => end,
            end = downstream => end,
            stop = phase.wait_for(|p| p.stopped || p.outages != opened_in) => {
                if stop.map_or(true, |p| p.stopped) { End::Reset } else { End::Outage }
            }
        }
    };
    drop(server);
    match end {
        End::Reset => reset(client),
        End::Close => drop(client),
        End::Outage => {
            // Close the client's connection in order, and wait until the client has closed its
            // end too (reading and dropping whatever it sends meanwhile): it has then let the
            // connection go, and a request it makes after the outage began is not sent on it.
            let _ = client.shutdown().await;
            let mut buffer = vec![0_u8; 16 * 1024];
            let drained =
                async { while matches!(client.read(&mut buffer).await, Ok(n) if n > 0) {} };
            let _ = tokio::time::timeout(Duration::from_secs(10), drained).await;
            reset(client);
        }
    }
}

/// A request as read: its request line, body and raw bytes.
struct RawRequest {
    line: String,
    body: Vec<u8>,
    bytes: Vec<u8>,
}

/// Reads HTTP/1.1 requests one after the other from a connection. A request's body is
/// delimited by its `Content-Length` (none: no body), as every client of the project sends.
#[derive(Default)]
struct RequestReader {
    buffer: Vec<u8>,
}

impl RequestReader {
    /// The next request, or `None` when the connection ends between requests.
    async fn next(
        &mut self,
        stream: &mut (impl AsyncRead + Unpin),
    ) -> std::io::Result<Option<RawRequest>> {
        let head_end = loop {
            if let Some(at) = find(&self.buffer, b"\r\n\r\n") {
                break at + 4;
            }
            if !self.fill(stream).await? {
                return if self.buffer.is_empty() {
                    Ok(None)
                } else {
                    Err(std::io::ErrorKind::UnexpectedEof.into())
                };
            }
        };
        let head = String::from_utf8_lossy(&self.buffer[..head_end]).into_owned();
        let line = head.lines().next().unwrap_or_default().to_owned();
        let length = head
            .lines()
            .filter_map(|header| header.split_once(':'))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse::<usize>().ok())
            .unwrap_or(0);
        while self.buffer.len() < head_end + length {
            if !self.fill(stream).await? {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
        }
        let bytes: Vec<u8> = self.buffer.drain(..head_end + length).collect();
        Ok(Some(RawRequest {
            line,
            body: bytes[head_end..].to_vec(),
            bytes,
        }))
    }

    /// Reads more bytes; false at the end of the stream.
    async fn fill(&mut self, stream: &mut (impl AsyncRead + Unpin)) -> std::io::Result<bool> {
        let mut chunk = [0_u8; 16 * 1024];
        let n = stream.read(&mut chunk).await?;
        self.buffer.extend_from_slice(&chunk[..n]);
        Ok(n > 0)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
