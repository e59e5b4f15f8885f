//! Connections: how many the server holds and how long each may take, so that slow or idle
//! clients cannot starve everyone else of sockets and file descriptors.
//!
//! - At most [`HttpLimits::max_connections`] connections are open at once (also kept below the
//!   process's open-file limit, which is raised to its hard limit at start). Past it, new
//!   connections wait in the kernel's backlog until one closes.
//! - A request head (request line and headers) must arrive within `header_timeout` of its first
//!   byte, or of the connection's opening for the first request.
//! - A kept-alive connection with no request for `idle_timeout` is closed.
//! - A request body must arrive within `body_timeout` (checked where the body is read, with a
//!   408 answer); a response the client does not read for `body_timeout` closes the connection.
//!
//! This works on the byte stream under hyper ([`GuardedIo`]) and on accepting
//! ([`GuardedAcceptor`]); it knows HTTP only as far as "a head ends with an empty line".
//! HTTP/2 connections (prior knowledge) get the idle timeout only.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use poem::listener::Acceptor;
use poem::web::{LocalAddr, RemoteAddr};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};

/// File descriptors kept for everything that is not a client connection: the database pool,
/// the SQLite files, the signing key file, the listener, logs.
pub const RESERVED_FILES: u64 = 256;

/// Connection limits and timeouts; see the module documentation for what each one means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub body_timeout: Duration,
    pub max_connections: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            body_timeout: Duration::from_secs(30),
            max_connections: 10_000,
        }
    }
}

/// Raise the soft open-file limit to the hard limit, and return the soft limit now in force
/// (`None` if it cannot be read, e.g. on a platform without one).
pub fn raise_open_file_limit() -> Option<u64> {
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    let limit = getrlimit(Resource::Nofile);
    if limit.current.is_some() && limit.current != limit.maximum {
        let raised = Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        if let Err(e) = setrlimit(Resource::Nofile, raised) {
            tracing::warn!(error = %e, "could not raise the open-file limit");
        }
    }
    getrlimit(Resource::Nofile).current
}

/// How many connections may be open at once: the configured number, kept below the open-file
/// limit minus [`RESERVED_FILES`].
pub fn connection_cap(configured: usize, open_files: Option<u64>) -> usize {
    let by_files = open_files.map_or(usize::MAX, |n| {
        usize::try_from(n.saturating_sub(RESERVED_FILES)).unwrap_or(usize::MAX)
    });
    configured.min(by_files).max(1)
}

/// Accepts connections while fewer than the cap are open, each wrapped in a [`GuardedIo`].
/// Accept failures (out of file descriptors, a connection reset before it was accepted) are
/// retried here, with a pause when resources are exhausted, instead of spinning.
pub struct GuardedAcceptor<A> {
    inner: A,
    permits: Arc<Semaphore>,
    limits: HttpLimits,
    warned_at: Option<std::time::Instant>,
}

impl<A> std::fmt::Debug for GuardedAcceptor<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardedAcceptor")
            .field("limits", &self.limits)
            .field("free", &self.permits.available_permits())
            .finish_non_exhaustive()
    }
}

impl<A: Acceptor> GuardedAcceptor<A> {
    pub fn new(inner: A, limits: HttpLimits, cap: usize) -> Self {
        Self {
            inner,
            permits: Arc::new(Semaphore::new(cap.max(1))),
            limits,
            warned_at: None,
        }
    }

    /// Log at most one warning a minute.
    fn warn(&mut self, message: &str, error: Option<&io::Error>) {
        let due = self
            .warned_at
            .is_none_or(|at| at.elapsed() >= Duration::from_secs(60));
        if due {
            self.warned_at = Some(std::time::Instant::now());
            match error {
                Some(e) => tracing::warn!(error = %e, "{message}"),
                None => tracing::warn!("{message}"),
            }
        }
    }
}

impl<A: Acceptor> Acceptor for GuardedAcceptor<A> {
    type Io = GuardedIo<A::Io>;

    fn local_addr(&self) -> Vec<LocalAddr> {
        self.inner.local_addr()
    }

    async fn accept(
        &mut self,
    ) -> io::Result<(Self::Io, LocalAddr, RemoteAddr, poem::http::uri::Scheme)> {
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(_) => {
                self.warn(
                    "connection limit reached: new connections wait until one closes",
                    None,
                );
                self.permits
                    .clone()
                    .acquire_owned()
                    .await
                    .map_err(|_| io::Error::other("connection permits closed"))?
            }
        };
        loop {
            match self.inner.accept().await {
                Ok((io, local, remote, scheme)) => {
                    return Ok((
                        GuardedIo::new(io, permit, self.limits),
                        local,
                        remote,
                        scheme,
                    ));
                }
                Err(e) => {
                    // EMFILE, ENFILE, ENOBUFS, ENOMEM: wait for resources to free up.
                    if matches!(e.raw_os_error(), Some(23 | 24 | 105 | 12)) {
                        self.warn("cannot accept connections", Some(&e));
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
        }
    }
}

/// Where a connection is in its request cycle, as far as the bytes show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Receiving a request head; it must be complete by the read deadline.
    Head,
    /// The head is complete: the request is being handled (its body is read under the body
    /// timeout where it is read).
    Handling,
    /// A response was written; waiting for the next request until the read deadline.
    Idle,
    /// An HTTP/2 connection: only the idle timeout applies.
    Http2,
}

/// A connection under the timeouts of [`HttpLimits`]. Holds its slot of the connection cap
/// until dropped.
pub struct GuardedIo<T> {
    inner: T,
    _permit: OwnedSemaphorePermit,
    limits: HttpLimits,
    phase: Phase,
    fresh: bool,
    /// The last four bytes of the head seen so far, to find its end across reads.
    tail: u32,
    read_deadline: Option<Instant>,
    read_timer: Pin<Box<Sleep>>,
    /// The task waiting to read, woken when a write sets a new read deadline (so the new
    /// deadline gets a timer even if no byte arrives).
    read_waker: Option<std::task::Waker>,
    write_deadline: Option<Instant>,
    write_timer: Pin<Box<Sleep>>,
}

impl<T> std::fmt::Debug for GuardedIo<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardedIo")
            .field("phase", &self.phase)
            .finish_non_exhaustive()
    }
}

impl<T> GuardedIo<T> {
    fn new(inner: T, permit: OwnedSemaphorePermit, limits: HttpLimits) -> Self {
        let now = Instant::now();
        Self {
            inner,
            _permit: permit,
            limits,
            phase: Phase::Head,
            fresh: true,
            tail: 0,
            read_deadline: Some(now + limits.header_timeout),
            read_timer: Box::pin(tokio::time::sleep_until(now + limits.header_timeout)),
            read_waker: None,
            write_deadline: None,
            write_timer: Box::pin(tokio::time::sleep_until(now + limits.body_timeout)),
        }
    }

    fn on_read(&mut self, bytes: &[u8]) {
        if std::mem::take(&mut self.fresh) && bytes.starts_with(b"PRI * HTTP/2") {
            self.phase = Phase::Http2;
        }
        match self.phase {
            Phase::Idle => {
                self.phase = Phase::Head;
                self.tail = 0;
                self.read_deadline = Some(Instant::now() + self.limits.header_timeout);
                self.scan_head(bytes);
            }
            Phase::Head => self.scan_head(bytes),
            Phase::Handling => {}
            Phase::Http2 => self.read_deadline = Some(Instant::now() + self.limits.idle_timeout),
        }
    }

    /// A head ends with an empty line (CRLF CRLF, or LF LF from lenient clients).
    fn scan_head(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.tail = (self.tail << 8) | u32::from(b);
            if self.tail == 0x0d0a_0d0a || self.tail & 0xffff == 0x0a0a {
                self.phase = Phase::Handling;
                self.read_deadline = None;
                return;
            }
        }
    }

    /// After bytes were written: a final response (not `100 Continue`) ends the request.
    fn on_write(&mut self, first: &[u8]) {
        self.write_deadline = None;
        let informational = first.starts_with(b"HTTP/1.1 1") || first.starts_with(b"HTTP/1.0 1");
        match self.phase {
            Phase::Handling if !informational => self.phase = Phase::Idle,
            Phase::Idle | Phase::Http2 => {}
            Phase::Handling | Phase::Head => return,
        }
        self.read_deadline = Some(Instant::now() + self.limits.idle_timeout);
        if let Some(waker) = self.read_waker.take() {
            waker.wake();
        }
    }

    /// Whether `deadline` has passed; if not, the task is woken when it does.
    fn expired(timer: &mut Pin<Box<Sleep>>, deadline: Instant, cx: &mut Context<'_>) -> bool {
        if timer.deadline() != deadline {
            timer.as_mut().reset(deadline);
        }
        timer.as_mut().poll(cx).is_ready()
    }

    fn write_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let deadline = *self
            .write_deadline
            .get_or_insert_with(|| Instant::now() + self.limits.body_timeout);
        if Self::expired(&mut self.write_timer, deadline, cx) {
            Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client did not read the response in time",
            )))
        } else {
            Poll::Pending
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for GuardedIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let new = &buf.filled()[before..];
                if !new.is_empty() {
                    this.on_read(new);
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => {
                if !this
                    .read_waker
                    .as_ref()
                    .is_some_and(|w| w.will_wake(cx.waker()))
                {
                    this.read_waker = Some(cx.waker().clone());
                }
                this.read_timeout(cx)
            }
        }
    }
}

impl<T> GuardedIo<T> {
    fn read_timeout(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.read_deadline {
            Some(deadline) if Self::expired(&mut self.read_timer, deadline, cx) => {
                let what = if self.phase == Phase::Head {
                    "the request head did not arrive in time"
                } else {
                    "the connection was idle too long"
                };
                Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, what)))
            }
            _ => Poll::Pending,
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for GuardedIo<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(Ok(n)) => {
                this.on_write(buf);
                Poll::Ready(Ok(n))
            }
            Poll::Pending => this.write_pending(cx),
            other => other,
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write_vectored(cx, bufs) {
            Poll::Ready(Ok(n)) => {
                let first = bufs
                    .iter()
                    .find(|b| !b.is_empty())
                    .map_or(&[][..], |b| &b[..]);
                this.on_write(first);
                Poll::Ready(Ok(n))
            }
            Poll::Pending => this.write_pending(cx),
            other => other,
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_below_the_open_file_limit() {
        assert_eq!(connection_cap(10_000, Some(1024)), 768);
        assert_eq!(connection_cap(500, Some(1_048_576)), 500);
        assert_eq!(connection_cap(10_000, None), 10_000);
        assert_eq!(connection_cap(10_000, Some(100)), 1);
    }
}
