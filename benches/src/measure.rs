//! Clocks, memory and small statistics.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

/// CPU time of this process so far (every thread, user and system).
pub fn cpu_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

/// The CPU time of the children this process waited for (`cutime + cstime` of
/// `/proc/self/stat`, 100 ticks a second): what the cargo and rustc it ran spent.
pub fn children_cpu() -> Result<Duration, String> {
    let stat = std::fs::read_to_string("/proc/self/stat").map_err(|e| e.to_string())?;
    let after = stat.rsplit_once(')').ok_or("bad /proc/self/stat")?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // After the command: state is field 3; cutime and cstime are fields 16 and 17.
    let tick = |i: usize| -> Result<u64, String> {
        let field = fields.get(i).ok_or("short /proc/self/stat")?;
        field.parse::<u64>().map_err(|e| e.to_string())
    };
    Ok(Duration::from_millis((tick(13)? + tick(14)?) * 10))
}

/// The number of lines of the files under `dir`, recursively.
pub fn lines_under(dir: &std::path::Path) -> std::io::Result<usize> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        total += if path.is_dir() {
            lines_under(&path)?
        } else {
            std::fs::read_to_string(&path)?.lines().count()
        };
    }
    Ok(total)
}

/// A line of `/proc/self/status` in kB (`VmHWM`: peak resident set; `VmRSS`: now).
pub fn proc_status_kb(key: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        rest.trim().trim_end_matches("kB").trim().parse().ok()
    })
}

/// The median of `samples` (sorted in place); zero when empty.
pub fn median(samples: &mut [Duration]) -> Duration {
    percentile(samples, 50)
}

/// The `p`-th percentile (nearest rank) of `samples` (sorted in place); zero when empty.
pub fn percentile(samples: &mut [Duration], p: usize) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort_unstable();
    let rank = (p * samples.len()).div_ceil(100).clamp(1, samples.len());
    samples[rank - 1]
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The static server (`odoo-bench-server`) in its own process, so that its work is not
/// counted as the client's CPU time and its memory not as the client's. It stops when this
/// is dropped (its standard input closes, and it is killed).
#[derive(Debug)]
pub struct ServerProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl ServerProcess {
    /// Starts `exe` (the `odoo-bench-server` binary) with `total` records.
    pub fn start(exe: &str, total: i64) -> std::io::Result<Self> {
        let mut child = Command::new(exe)
            .arg(total.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take();
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let url = line
            .trim()
            .strip_prefix("listening ")
            .ok_or_else(|| std::io::Error::other(format!("unexpected server line: {line}")))?
            .to_owned();
        Ok(Self { child, stdin, url })
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `work` on a current-thread runtime, as the measuring binaries' `main` does: exits with
/// status 1 and a line naming `program` when the runtime cannot start or the work fails.
pub fn run_or_exit<E: std::fmt::Display>(
    program: &str,
    work: impl std::future::Future<Output = Result<(), E>>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start a runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(work) {
        eprintln!("{program} failed: {e}");
        std::process::exit(1);
    }
}
