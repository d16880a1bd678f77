//! A client's connection, read and written by hyper and watched by the relay.
//!
//! hyper is told `half_close(true)`: after it reads a request head it does not read the
//! socket again to notice a hang-up. That read came before the relay could send anything
//! upstream, so every relayed request waited on a read that found nothing. The relay
//! watches for the hang-up itself instead ([`Peer::hung_up`]), once its request is on its
//! way upstream and it would otherwise wait idle: a client that goes away still ends its
//! upstream exchange and frees its place (`max_relay_requests`).
//!
//! The wait for a request head (a new connection's first, or a kept-alive connection's
//! next) is bounded here too (`head_timeout_ms`), not by hyper's header-read timer: hyper
//! boxes a new sleep for every head and registers it with the timer wheel, about 1300
//! instructions a relayed request (5 %). Here a connection keeps one sleep, armed only
//! when a read finds nothing to read, and moved only when it fires before the deadline of
//! the head now awaited.

use std::cell::RefCell;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};
use std::time::Duration;

use hyper::rt::{Read, ReadBufCursor, Write};
use tokio::io::Interest;
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

/// What one read may take at most; larger reads come in turns.
const READ_CHUNK: usize = 16 * 1024;

thread_local! {
    /// Work put off until hyper has written what it had ([`after_write`]).
    static AFTER_WRITE: AfterWrite = const { AfterWrite(RefCell::new(Vec::new())) };
    /// Reads land here and are copied into hyper's buffer at once: its buffer is
    /// uninitialised memory, which only `unsafe` code could hand to a shared socket's read.
    /// One per worker thread, not one per connection (16 MiB at 1024 idle connections).
    static SCRATCH: RefCell<Box<[u8]>> = RefCell::new(vec![0; READ_CHUNK].into_boxed_slice());
}

/// hyper's end of the connection.
pub struct ClientIo {
    shared: Arc<Shared>,
    head: HeadDeadline,
}

/// The service's end: the same socket, to notice the client hang up, and to say that a
/// request head is in.
#[derive(Clone)]
pub struct Peer(Arc<Shared>);

struct Shared {
    stream: TcpStream,
    /// The timer bounding each relayed request's total time ([`Peer::until`]): one per
    /// connection, as its requests are answered one at a time.
    deadline: Mutex<Option<Pin<Box<Sleep>>>>,
    /// A request head is awaited: from the connection's start, and from each write of an
    /// answer until the service is handed the next head.
    awaiting_head: AtomicBool,
}

/// Both ends of one accepted connection, whose request heads must each arrive within
/// `head_timeout` of the wait for them starting.
pub fn split(stream: TcpStream, head_timeout: Duration) -> (ClientIo, Peer) {
    let shared = Arc::new(Shared {
        stream,
        deadline: Mutex::new(None),
        awaiting_head: AtomicBool::new(true),
    });
    let io = ClientIo {
        shared: shared.clone(),
        head: HeadDeadline {
            timeout: head_timeout,
            since: None,
            sleep: None,
        },
    };
    (io, Peer(shared))
}

/// The bound on one wait for a request head.
struct HeadDeadline {
    timeout: Duration,
    /// When this wait first found nothing to read; `None` until then (a head that is
    /// already in the socket costs no clock read).
    since: Option<Instant>,
    /// One per connection, made on its first idle wait. Its deadline may be an earlier
    /// wait's, which is never later than this wait's: it can only fire early.
    sleep: Option<Pin<Box<Sleep>>>,
}

impl HeadDeadline {
    /// Whether the head awaited is overdue; if not, `cx` is woken by the deadline.
    fn overdue(&mut self, cx: &mut Context<'_>) -> bool {
        let since = *self.since.get_or_insert_with(Instant::now);
        // A timeout too long to add is a wait without end (some thirty years).
        let deadline = since
            .checked_add(self.timeout)
            .unwrap_or_else(|| since + Duration::from_secs(1 << 30));
        passed(&mut self.sleep, deadline, cx)
    }
}

/// Whether `deadline` has passed; if not, `cx` is woken by `sleep` (made on first use),
/// kept from one wait to the next so that a wait costs no timer of its own. Its deadline
/// may be an earlier wait's: it then only fires early, and is moved on.
fn passed(sleep: &mut Option<Pin<Box<Sleep>>>, deadline: Instant, cx: &mut Context<'_>) -> bool {
    let sleep = sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
    if sleep.deadline() > deadline {
        sleep.as_mut().reset(deadline);
    }
    loop {
        if sleep.as_mut().poll(cx).is_pending() {
            return false;
        }
        if sleep.deadline() >= deadline {
            return true;
        }
        sleep.as_mut().reset(deadline);
    }
}

/// Runs `work` once hyper has written this thread's answer: just after its next write to a
/// client (or, failing that, its next read or a connection's end). Work that no client is
/// waiting on goes here, so it does not sit between an upstream's answer and the client's
/// copy (a relayed request's log line cost one connection 4.5 % of its rate). nginx too
/// writes its access log line after the response.
pub fn after_write(work: Box<dyn FnOnce()>) {
    AFTER_WRITE.with(|queue| queue.0.borrow_mut().push(work));
}

/// Runs what [`after_write`] put off, keeping the queue's room.
fn run_after_write() {
    let mut queue = AFTER_WRITE.with(|q| std::mem::take(&mut *q.0.borrow_mut()));
    if queue.is_empty() {
        return;
    }
    for work in queue.drain(..) {
        work();
    }
    AFTER_WRITE.with(|q| {
        let mut q = q.0.borrow_mut();
        if q.is_empty() {
            *q = queue;
        }
    });
}

/// A thread's put-off work; what is left when the thread ends runs then.
struct AfterWrite(RefCell<Vec<Box<dyn FnOnce()>>>);

impl Drop for AfterWrite {
    fn drop(&mut self) {
        for work in self.0.get_mut().drain(..) {
            work();
        }
    }
}

impl Drop for ClientIo {
    fn drop(&mut self) {
        run_after_write();
    }
}

impl Peer {
    /// The service has a request head: the wait for one is over until its answer is
    /// written.
    pub fn head_read(&self) {
        self.0.awaiting_head.store(false, Ordering::Relaxed);
    }

    /// Ends at `deadline`, on the connection's one timer: a relayed request's bound, with
    /// no timer made and dropped for each request (about 700 instructions).
    pub async fn until(&self, deadline: Instant) {
        std::future::poll_fn(|cx| {
            let mut sleep = self.0.deadline.lock().unwrap_or_else(|e| e.into_inner());
            if passed(&mut sleep, deadline, cx) {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
        .await
    }

    /// Ends when the client has closed its side or reset the connection; pends while it
    /// waits, and for good once it sends more (a pipelined request is no hang-up).
    pub async fn hung_up(&self) {
        let mut byte = [0u8; 1];
        loop {
            match self.0.stream.peek(&mut byte).await {
                Ok(0) => return,
                Ok(_) => return std::future::pending().await,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return,
            }
        }
    }
}

impl ClientIo {
    /// Reads what the client sent (at most `want` bytes) and hands it to `put`; an empty
    /// read is the client's end. A wait for a request head is bounded (`head_timeout`).
    fn poll_read_with(
        &mut self,
        cx: &mut Context<'_>,
        want: usize,
        put: &mut dyn FnMut(&[u8]),
    ) -> Poll<io::Result<()>> {
        run_after_write();
        let stream = &self.shared.stream;
        let want = want.min(READ_CHUNK);
        loop {
            if stream.poll_read_ready(cx)?.is_pending() {
                if self.shared.awaiting_head.load(Ordering::Relaxed) && self.head.overdue(cx) {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "no request head within head_timeout_ms",
                    )));
                }
                return Poll::Pending;
            }
            // A read that would block clears the readiness, so the next turn waits. So does
            // one that leaves room in the buffer, as tokio's own reads do: the socket was
            // emptied, and the next read (hyper's, the front's, or the relay's watch) waits
            // for the next event instead of asking the kernel again for nothing.
            let done = SCRATCH.with_borrow_mut(|scratch| {
                let mut read = 0;
                let result = stream.try_io(Interest::READABLE, || {
                    read = stream.try_read(&mut scratch[..want])?;
                    if read > 0 && read < want {
                        return Err(io::ErrorKind::WouldBlock.into());
                    }
                    Ok(())
                });
                match result {
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock && read == 0 => None,
                    Err(e) if e.kind() != io::ErrorKind::WouldBlock => Some(Err(e)),
                    _ => {
                        put(&scratch[..read]);
                        Some(Ok(()))
                    }
                }
            });
            if let Some(done) = done {
                return Poll::Ready(done);
            }
        }
    }

    /// Appends what the client sent next to `buf`; `Ok(0)` when it has closed its side.
    pub async fn read_into(&mut self, buf: &mut bytes::BytesMut) -> io::Result<usize> {
        std::future::poll_fn(|cx| {
            let mut got = 0;
            let done = self.poll_read_with(cx, READ_CHUNK, &mut |bytes| {
                buf.extend_from_slice(bytes);
                got = bytes.len();
            });
            done.map_ok(|()| got)
        })
        .await
    }

    /// Writes all of `bytes` (as hyper's writes do: put-off work runs after).
    pub async fn write_all(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            let n = std::future::poll_fn(|cx| Pin::new(&mut *self).poll_write(cx, bytes)).await?;
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            bytes = &bytes[n..];
        }
        Ok(())
    }

    /// A request head is in (as [`Peer::head_read`]).
    pub fn head_read(&self) {
        self.shared.awaiting_head.store(false, Ordering::Relaxed);
    }

    /// Ends the connection's write side.
    pub fn shutdown(&self) -> io::Result<()> {
        socket2::SockRef::from(&self.shared.stream).shutdown(std::net::Shutdown::Write)
    }
}

impl Read for ClientIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let want = buf.remaining();
        self.get_mut()
            .poll_read_with(cx, want, &mut |bytes| buf.put_slice(bytes))
    }
}

/// Plain writes only: the server tells hyper `writev(false)`, so it copies each answer into
/// one buffer and never asks for a vectored write.
impl Write for ClientIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        // An answer goes out: what is read next is the next request's head. (Or the rest of
        // a body the service left unread, or one sent after an interim 100 Continue: the
        // same bound then covers it, and `body_timeout_ms`, shorter by default, still holds.)
        this.head.since = None;
        this.shared.awaiting_head.store(true, Ordering::Relaxed);
        let stream = &this.shared.stream;
        loop {
            ready!(stream.poll_write_ready(cx))?;
            match stream.try_write(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                done => {
                    // Now, not at the next read: hyper makes room in its read buffer before
                    // it reads, and put-off work still holding a request's bytes (a log
                    // line's path) made it allocate a new 8 KiB buffer for every request.
                    if done.is_ok() {
                        run_after_write();
                    }
                    return Poll::Ready(done);
                }
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.shutdown())
    }
}
