//! One line per request, to a sink the caller chooses (stderr, or a buffer in tests).
//!
//! Only names, paths without query, statuses, times and sizes are ever written: the query
//! and the headers carry `sign`, `session`, `app-token` and `X-Api-Signature`.
//!
//! `countersign serve` logs through a *buffered* sink: lines collect in memory and a
//! background thread writes them out every [`FLUSH_EVERY`] (or sooner, woken once
//! [`FLUSH_AT`] bytes wait), like nginx's `access_log … buffer= flush=`. A write syscall
//! per request under the sink's lock cost the relay more than the rest of its own work;
//! a request never writes either, unless the thread falls [`FLUSH_LIMIT`] bytes behind
//! (a stderr pipe nobody reads would otherwise stall every request behind the write).
//! Nothing is dropped: [`LogSink::flush`] writes what waits (the server calls it after its
//! startup line and on shutdown), and so does dropping the last handle to the sink.

use std::fmt;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::thread::Thread;
use std::time::Duration;

/// How long a buffered line waits at most before it is written.
pub const FLUSH_EVERY: Duration = Duration::from_millis(100);
/// A buffered sink wakes its thread when this many bytes wait.
pub const FLUSH_AT: usize = 32 * 1024;
/// ... and writes on the caller's thread when this many wait (bounds its memory).
pub const FLUSH_LIMIT: usize = 8 * FLUSH_AT;
/// Lines up to this long are formatted on the stack (a relay line is about 100 bytes).
const LINE_ON_STACK: usize = 512;

#[derive(Clone)]
pub struct LogSink(Arc<Shared>);

struct Shared {
    out: Mutex<Box<dyn Write + Send>>,
    /// Lines not written yet; `None` for a sink that writes each line at once.
    pending: Option<Mutex<Vec<u8>>>,
    /// The background thread that writes `pending` out, to wake when it fills.
    flusher: OnceLock<Thread>,
}

impl LogSink {
    /// A sink that writes (and flushes) every line as it comes.
    pub fn new(writer: Box<dyn Write + Send>) -> Self {
        Self(Arc::new(Shared {
            out: Mutex::new(writer),
            pending: None,
            flusher: OnceLock::new(),
        }))
    }

    /// A sink that collects lines and writes them from a background thread at least every
    /// `every`; see the module docs.
    pub fn buffered(writer: Box<dyn Write + Send>, every: Duration) -> Self {
        let shared = Arc::new(Shared {
            out: Mutex::new(writer),
            pending: Some(Mutex::new(Vec::with_capacity(FLUSH_AT))),
            flusher: OnceLock::new(),
        });
        let weak = Arc::downgrade(&shared);
        // A thread, not a task: the sink works with any (or no) runtime, and the writer
        // may block. It ends once the sink is gone (the last handle flushes on drop).
        let spawned = std::thread::Builder::new()
            .name("countersign-log".into())
            .spawn(move || flush_regularly(weak, every));
        match spawned {
            Ok(handle) => {
                let _ = shared.flusher.set(handle.thread().clone());
                Self(shared)
            }
            Err(_) => {
                // No thread: write through instead of holding lines that might never leave.
                if let Ok(mut alone) = Arc::try_unwrap(shared) {
                    alone.pending = None;
                    return Self(Arc::new(alone));
                }
                unreachable!("the sink is not shared before it is returned");
            }
        }
    }

    /// Standard error, buffered (`countersign serve`).
    pub fn stderr() -> Self {
        Self::buffered(Box::new(std::io::stderr()), FLUSH_EVERY)
    }

    /// A sink that keeps everything in memory, and the handle to read it back.
    pub fn memory() -> (Self, MemoryLog) {
        let buf = MemoryLog::default();
        (Self::new(Box::new(buf.clone())), buf)
    }

    /// Writes one line (the newline is added). Built by the caller, e.g. in a [`Line`]:
    /// outside the lock, which the workers share, so one never waits while another
    /// formats.
    pub fn line(&self, line: &str) {
        self.write_line(line.as_bytes());
    }

    /// Writes `line` if nothing was left out of it (a [`Line`] holds UTF-8 text only);
    /// says whether it did.
    pub fn line_of<const N: usize>(&self, line: &Line<N>) -> bool {
        line.as_bytes().map(|l| self.write_line(l)).is_some()
    }

    fn write_line(&self, line: &[u8]) {
        match &self.0.pending {
            Some(pending) => {
                let (before, after, behind) = {
                    let mut buf = pending.lock().unwrap_or_else(|e| e.into_inner());
                    let before = buf.len();
                    buf.extend_from_slice(line);
                    buf.push(b'\n');
                    let behind = (buf.len() >= FLUSH_LIMIT).then(|| std::mem::take(&mut *buf));
                    (before, buf.len(), behind)
                };
                if let Some(data) = behind {
                    self.0.write_out(&data);
                } else if before < FLUSH_AT && after >= FLUSH_AT {
                    // Once per fill: the thread writes while requests go on.
                    if let Some(flusher) = self.0.flusher.get() {
                        flusher.unpark();
                    }
                }
            }
            None => {
                // One write per line: an unbuffered writer (stderr) gets it whole.
                let mut whole = Vec::with_capacity(line.len() + 1);
                whole.extend_from_slice(line);
                whole.push(b'\n');
                self.0.write_out(&whole);
            }
        }
    }

    /// Writes one line from format arguments, on the stack when it is short.
    pub fn line_fmt(&self, args: fmt::Arguments<'_>) {
        let mut line = Line::<LINE_ON_STACK>::new();
        if fmt::Write::write_fmt(&mut line, args).is_err() || !self.line_of(&line) {
            self.line(&fmt::format(args));
        }
    }

    /// Writes every line that waits, now.
    pub fn flush(&self) {
        self.0.flush();
    }
}

impl Shared {
    fn write_out(&self, data: &[u8]) {
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        let _ = out.write_all(data);
        let _ = out.flush();
    }

    fn flush(&self) {
        let Some(pending) = &self.pending else {
            return;
        };
        // Lines are taken and written under the output lock, so they leave in order even
        // when a full buffer is written by `line_fmt` at the same moment.
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        let data = {
            let mut buf = pending.lock().unwrap_or_else(|e| e.into_inner());
            if buf.is_empty() {
                return;
            }
            std::mem::replace(&mut *buf, Vec::with_capacity(FLUSH_AT))
        };
        let _ = out.write_all(&data);
        let _ = out.flush();
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.flush();
    }
}

fn flush_regularly(sink: Weak<Shared>, every: Duration) {
    loop {
        // Woken early by a full buffer (or spuriously: a flush of what waits is harmless).
        std::thread::park_timeout(every);
        match sink.upgrade() {
            Some(shared) => shared.flush(),
            None => return,
        }
    }
}

/// Shows `s` in a log line: one line, no control characters or spaces, at most 200 chars.
pub struct Printable<'a>(pub &'a str);

impl fmt::Display for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut result = Ok(());
        printable(self.0, |run| {
            if result.is_ok() {
                result = f.write_str(run);
            }
        });
        result
    }
}

/// [`Printable`]'s text, in runs: plain characters go out whole, only the odd one is
/// replaced.
fn printable(s: &str, mut out: impl FnMut(&str)) {
    // What a relayed path and an upstream name almost always are: short, visible ASCII,
    // checked a byte at a time instead of decoded and classified a char at a time (this
    // runs twice for every relayed request).
    if s.len() <= 200 && s.bytes().all(|b| b.is_ascii_graphic()) {
        return out(s);
    }
    let mut start = 0;
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n == 200 {
            return out(&s[start..i]);
        }
        if c.is_control() || c == ' ' {
            out(&s[start..i]);
            out("_");
            start = i + c.len_utf8();
        }
    }
    out(&s[start..]);
}

/// A line of at most `N` bytes built on the stack, for what the relay writes on every
/// request (its log line, its timing headers): `core::fmt` (u128 division, padding, a
/// writer behind a vtable) was a tenth of the relay's instructions per request.
pub struct Line<const N: usize> {
    buf: [u8; N],
    len: usize,
    /// Something did not fit: the line is incomplete and not to be used.
    overflow: bool,
}

impl<const N: usize> Default for Line<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> Line<N> {
    pub fn new() -> Self {
        Self {
            buf: [0; N],
            len: 0,
            overflow: false,
        }
    }

    pub fn push(&mut self, s: &str) -> &mut Self {
        self.push_bytes(s.as_bytes())
    }

    /// Only ever whole `&str`s or ASCII, so the line stays UTF-8.
    fn push_bytes(&mut self, bytes: &[u8]) -> &mut Self {
        match self.buf.get_mut(self.len..self.len + bytes.len()) {
            Some(room) if !self.overflow => {
                room.copy_from_slice(bytes);
                self.len += bytes.len();
            }
            _ => self.overflow = true,
        }
        self
    }

    /// `n` in decimal.
    pub fn push_u64(&mut self, n: u64) -> &mut Self {
        // ASCII digits keep the line UTF-8.
        self.push_bytes(countersign_core::value::uint_digits(n, &mut [0; 20]))
    }

    /// `s` as [`Printable`] shows it.
    pub fn push_printable(&mut self, s: &str) -> &mut Self {
        printable(s, |run| {
            self.push(run);
        });
        self
    }

    /// The line's bytes (UTF-8), unless something did not fit.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        (!self.overflow).then(|| &self.buf[..self.len])
    }

    /// The line, unless something did not fit.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(self.as_bytes()?).ok()
    }
}

impl<const N: usize> fmt::Write for Line<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push(s);
        if self.overflow {
            Err(fmt::Error)
        } else {
            Ok(())
        }
    }
}

/// An in-memory log, shared with the sink that writes it.
#[derive(Clone, Default)]
pub struct MemoryLog(Arc<Mutex<Vec<u8>>>);

impl MemoryLog {
    pub fn contents(&self) -> String {
        let buf = self.0.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&buf).into_owned()
    }

    /// The contents once they hold `needle`, or as they are after `patience`: a relayed
    /// request's line is written just after its answer went out, so a client that has the
    /// answer may look before the line is there.
    pub async fn contents_with(&self, needle: &str, patience: Duration) -> String {
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            let now = self.contents();
            if now.contains(needle) || tokio::time::Instant::now() >= deadline {
                return now;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
}

impl Write for MemoryLog {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A buffered sink into memory that flushes only when told (or when full).
    fn held() -> (LogSink, MemoryLog) {
        let mem = MemoryLog::default();
        let sink = LogSink::buffered(Box::new(mem.clone()), Duration::from_secs(3600));
        (sink, mem)
    }

    #[test]
    fn buffered_lines_leave_on_flush_in_order() {
        let (sink, mem) = held();
        sink.line("one");
        sink.line_fmt(format_args!("two {}", 2));
        assert_eq!(mem.contents(), "", "held until flushed");
        sink.flush();
        assert_eq!(mem.contents(), "one\ntwo 2\n");
        sink.flush();
        assert_eq!(mem.contents(), "one\ntwo 2\n", "nothing twice");
    }

    #[test]
    fn the_last_handle_flushes_when_dropped() {
        let (sink, mem) = held();
        let other = sink.clone();
        sink.line("kept");
        drop(sink);
        assert_eq!(mem.contents(), "", "a handle is still alive");
        drop(other);
        assert_eq!(mem.contents(), "kept\n");
    }

    /// Waits for `mem` to hold at least `len` bytes, bounded only so a broken flusher
    /// fails instead of hanging.
    fn wait_for(mem: &MemoryLog, len: usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while mem.contents().len() < len {
            assert!(Instant::now() < deadline, "never written");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_full_buffer_wakes_the_thread() {
        let (sink, mem) = held();
        let line = "x".repeat(1000);
        for _ in 0..(FLUSH_AT / 1000 + 1) {
            sink.line(&line);
        }
        // The thread sleeps for an hour unless woken.
        wait_for(&mem, FLUSH_AT);
    }

    #[test]
    fn a_buffer_the_thread_cannot_keep_up_with_is_written_by_the_caller() {
        // No thread to wake: the lines stay until the limit, then leave at once.
        let mem = MemoryLog::default();
        let sink = LogSink(Arc::new(Shared {
            out: Mutex::new(Box::new(mem.clone())),
            pending: Some(Mutex::new(Vec::new())),
            flusher: OnceLock::new(),
        }));
        let line = "x".repeat(999);
        for _ in 0..(FLUSH_LIMIT / 1000) {
            sink.line(&line);
        }
        assert_eq!(mem.contents(), "", "held below the limit");
        sink.line(&line);
        assert!(
            mem.contents().len() >= FLUSH_LIMIT,
            "written past the limit"
        );
    }

    #[test]
    fn the_background_thread_writes_without_being_asked() {
        let mem = MemoryLog::default();
        let sink = LogSink::buffered(Box::new(mem.clone()), Duration::from_millis(5));
        sink.line("by itself");
        wait_for(&mem, 1);
        assert_eq!(mem.contents(), "by itself\n");
    }

    #[test]
    fn printable_keeps_lines_single_and_short() {
        assert_eq!(Printable("a b\nc\u{7f}d").to_string(), "a_b_c_d");
        assert_eq!(Printable("路径/ok").to_string(), "路径/ok");
        assert_eq!(Printable(&"é".repeat(300)).to_string(), "é".repeat(200));
        assert_eq!(Printable(&" ".repeat(300)).to_string(), "_".repeat(200));
        assert_eq!(Printable("").to_string(), "");
        assert_eq!(Printable("a\tb").to_string(), "a_b");
        assert_eq!(Printable(&"a".repeat(200)).to_string(), "a".repeat(200));
        assert_eq!(Printable(&"a".repeat(201)).to_string(), "a".repeat(200));
        let mut line = Line::<1024>::new();
        line.push_printable("a b\nc")
            .push("|")
            .push_printable(&"é".repeat(300));
        assert_eq!(line.as_str().unwrap(), format!("a_b_c|{}", "é".repeat(200)));
    }

    #[test]
    fn a_line_holds_what_fits_and_refuses_the_rest() {
        let mut line = Line::<16>::new();
        line.push("n=").push_u64(0).push(" ").push_u64(u64::MAX);
        assert_eq!(line.as_str(), None, "22 bytes do not fit in 16");
        let mut line = Line::<32>::new();
        line.push("n=").push_u64(0).push(" ").push_u64(u64::MAX);
        assert_eq!(line.as_str(), Some("n=0 18446744073709551615"));
        let mut line = Line::<4>::new();
        line.push("abcde").push("f");
        assert_eq!(line.as_str(), None, "nothing after an overflow counts");
    }

    #[test]
    fn long_formatted_lines_are_written_whole() {
        let (sink, mem) = held();
        let long = "y".repeat(LINE_ON_STACK * 2);
        sink.line_fmt(format_args!("long {long}"));
        sink.flush();
        assert_eq!(mem.contents(), format!("long {long}\n"));
    }
}
