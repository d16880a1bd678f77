//! A client's connection, read and written by hyper and watched by the relay.
//!
//! hyper is told `half_close(true)`: after it reads a request head it does not read the
//! socket again to notice a hang-up. That read came before the relay could send anything
//! upstream, so every relayed request waited on a read that found nothing. The relay
//! watches for the hang-up itself instead ([`Peer::hung_up`]), once its request is on its
//! way upstream and it would otherwise wait idle: a client that goes away still ends its
//! upstream exchange and frees its place (`max_relay_requests`).

use std::cell::RefCell;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use hyper::rt::{Read, ReadBufCursor, Write};
use tokio::io::Interest;
use tokio::net::TcpStream;

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
    stream: Arc<TcpStream>,
}

/// The relay's end: the same socket, to notice the client hang up.
#[derive(Clone)]
pub struct Peer(Arc<TcpStream>);

/// Both ends of one accepted connection.
pub fn split(stream: TcpStream) -> (ClientIo, Peer) {
    let stream = Arc::new(stream);
    let io = ClientIo {
        stream: stream.clone(),
    };
    (io, Peer(stream))
}

/// Runs `work` once hyper has written this thread's answers: when it next reads a client
/// (the next request, or the wait for it) or drops a connection. Work that no client is
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
    /// Ends when the client has closed its side or reset the connection; pends while it
    /// waits, and for good once it sends more (a pipelined request is no hang-up).
    pub async fn hung_up(&self) {
        let mut byte = [0u8; 1];
        loop {
            match self.0.peek(&mut byte).await {
                Ok(0) => return,
                Ok(_) => return std::future::pending().await,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return,
            }
        }
    }
}

impl Read for ClientIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        run_after_write();
        let stream = &self.stream;
        let want = buf.remaining().min(READ_CHUNK);
        loop {
            ready!(stream.poll_read_ready(cx))?;
            // A read that would block clears the readiness, so the next turn waits. So does
            // one that leaves room in the buffer, as tokio's own reads do: the socket was
            // emptied, and the next read (hyper's, or the relay's watch) waits for the
            // next event instead of asking the kernel again for nothing.
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
                        buf.put_slice(&scratch[..read]);
                        Some(Ok(()))
                    }
                }
            });
            if let Some(done) = done {
                return Poll::Ready(done);
            }
        }
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
        loop {
            ready!(self.stream.poll_write_ready(cx))?;
            match self.stream.try_write(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                done => return Poll::Ready(done),
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        let socket = socket2::SockRef::from(&*self.stream);
        Poll::Ready(socket.shutdown(std::net::Shutdown::Write))
    }
}
