//! A deadline on each message's SMTP exchange. lettre's socket timeouts
//! apply to each read, so a server that trickles a byte every few seconds
//! never trips them and holds a worker for hours. Each connection therefore
//! lives on a thread of its own: the worker hands it one message at a time
//! and waits at most the deadline (`send.message_timeout`). A connection
//! that misses it is abandoned — its thread ends with the exchange it is
//! stuck in, at the latest with the process — and the message is a
//! temporary failure on a lost connection: retried, then deferred.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::client::SmtpConnection;

use super::smtp::{self, Cause, Failure, Kind, Server, Stage};

enum Job {
    Send(Envelope, Vec<u8>),
    Quit,
}

/// One SMTP connection on its own thread, opened with the first message.
pub(crate) struct Exchange {
    jobs: Sender<Job>,
    replies: Receiver<Result<String, Failure>>,
    connected: Arc<AtomicBool>,
    deadline: Duration,
}

impl Exchange {
    /// Starts the connection's thread; it connects on the first message,
    /// within that message's deadline.
    pub(crate) fn open(server: Arc<Server>, deadline: Duration) -> Exchange {
        let (jobs, queue) = mpsc::channel();
        let (answer, replies) = mpsc::channel();
        let connected = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&connected);
        std::thread::spawn(move || serve(&server, &queue, &answer, &flag));
        Exchange {
            jobs,
            replies,
            connected,
            deadline,
        }
    }

    /// Sends one message: the server's reply, or why not. After a failure
    /// that [`Failure::is_connection_lost`] the exchange is spent: drop it.
    pub(crate) fn send(&self, envelope: Envelope, message: Vec<u8>) -> Result<String, Failure> {
        if self.jobs.send(Job::Send(envelope, message)).is_err() {
            return Err(self.lost(Cause::Ended));
        }
        match self.replies.recv_timeout(self.deadline) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => Err(self.lost(Cause::Timeout {
                deadline: self.deadline,
            })),
            Err(RecvTimeoutError::Disconnected) => Err(self.lost(Cause::Ended)),
        }
    }

    /// Ends the session politely: QUIT, waited for at most the deadline.
    pub(crate) fn quit(self) {
        if self.jobs.send(Job::Quit).is_ok() {
            let _ = self.replies.recv_timeout(self.deadline);
        }
    }

    fn lost(&self, cause: Cause) -> Failure {
        let stage = if self.connected.load(Ordering::SeqCst) {
            Stage::Message
        } else {
            Stage::Connect
        };
        Failure::new(Kind::ConnectionLost, stage, cause)
    }
}

/// The connection's thread: one job at a time until the worker hangs up,
/// asks to quit, or the connection breaks.
fn serve(
    server: &Server,
    jobs: &Receiver<Job>,
    replies: &Sender<Result<String, Failure>>,
    connected: &AtomicBool,
) {
    let mut connection: Option<SmtpConnection> = None;
    while let Ok(job) = jobs.recv() {
        let Job::Send(envelope, message) = job else {
            if let Some(mut open) = connection.take() {
                let _ = open.quit();
            }
            let _ = replies.send(Ok(String::new()));
            return;
        };
        let result = exchange(server, &mut connection, connected, &envelope, &message);
        let lost = result.as_ref().is_err_and(Failure::is_connection_lost);
        // A worker that stopped waiting has hung up: end here.
        if replies.send(result).is_err() || lost {
            return;
        }
    }
}

fn exchange(
    server: &Server,
    connection: &mut Option<SmtpConnection>,
    connected: &AtomicBool,
    envelope: &Envelope,
    message: &[u8],
) -> Result<String, Failure> {
    let open = match connection {
        Some(open) => open,
        empty => {
            let open = server.connect().map_err(|f| f.at(Stage::Connect))?;
            connected.store(true, Ordering::SeqCst);
            empty.insert(open)
        }
    };
    let reply = smtp::send(open, envelope, message)?;
    Ok(format!(
        "{} {}",
        reply.code(),
        reply.message().collect::<Vec<_>>().join(" ")
    ))
}
