//! `letterpress preview`: the project's site and every issue's email served
//! on 127.0.0.1, made again when the writer edits a file, with the open
//! browser page refreshed (as `mdbook serve` and `zola serve` do).
//!
//! In: what to serve ([`Routes`]), what to watch ([`Watch`]) and how to make
//! the output again (a `rebuild` closure the command supplies, so this module
//! knows nothing of render or site). Out: a server that runs until the
//! process is stopped. Each request is answered on its own thread, so an
//! idle connection (a browser's keep-alive, a half-open socket) blocks no
//! one. HTML responses get a small script that waits on `/__livereload` and
//! reloads the page when a rebuild finishes; the files on disk stay free of
//! it (the site needs no JavaScript).

mod http;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

pub(crate) use http::Routes;
pub(crate) use watch::Watch;

/// Why the preview could not start.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PreviewError {
    /// The port is taken or not allowed.
    #[error("cannot listen on 127.0.0.1:{port}: {source}; try another --port")]
    Listen {
        /// The port asked for.
        port: u16,
        /// The system's reason.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The file watcher could not start.
    #[error("cannot watch {}: {source}", path.display())]
    Watch {
        /// The path.
        path: PathBuf,
        /// The watcher's reason.
        #[source]
        source: notify::Error,
    },
}

/// What the browser pages wait on: a count of finished rebuilds, and the
/// last rebuild's error (shown on every page until a rebuild succeeds).
#[derive(Debug, Default)]
pub(crate) struct Generation {
    state: Mutex<(u64, Option<String>)>,
    changed: Condvar,
}

impl Generation {
    /// The current count and error.
    pub(crate) fn current(&self) -> (u64, Option<String>) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Records a finished rebuild and wakes every waiting page.
    pub(crate) fn bump(&self, error: Option<String>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        *state = (state.0 + 1, error);
        self.changed.notify_all();
    }

    /// Waits until the count is not `seen`, at most `timeout`; returns the
    /// count then.
    pub(crate) fn wait_past(&self, seen: u64, timeout: Duration) -> u64 {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.0 == seen)
            .unwrap_or_else(|e| e.into_inner());
        state.0
    }
}

/// A running preview: its address, until [`Preview::serve`] is called.
pub(crate) struct Preview {
    server: Arc<tiny_http::Server>,
    generation: Arc<Generation>,
    _watcher: Option<Arc<Mutex<notify::RecommendedWatcher>>>,
}

impl Preview {
    /// Listens on 127.0.0.1:`port` (0 picks a free port).
    pub(crate) fn bind(port: u16) -> Result<Preview, PreviewError> {
        let server = tiny_http::Server::http(("127.0.0.1", port))
            .map_err(|source| PreviewError::Listen { port, source })?;
        Ok(Preview {
            server: Arc::new(server),
            generation: Arc::default(),
            _watcher: None,
        })
    }

    /// The address it listens on.
    pub(crate) fn address(&self) -> SocketAddr {
        match self.server.server_addr() {
            tiny_http::ListenAddr::IP(address) => address,
            // Only bound to an IP address above.
            #[allow(unreachable_patterns)]
            _ => SocketAddr::from(([127, 0, 0, 1], 0)),
        }
    }

    /// Watches `watch` and calls `rebuild` after each burst of changes (on
    /// a thread of its own); a failed rebuild's message is shown on the
    /// pages and printed, and the last good files stay served.
    pub(crate) fn watch(
        &mut self,
        watch: Watch,
        rebuild: impl Fn() -> Result<(), String> + Send + 'static,
    ) -> Result<(), PreviewError> {
        let generation = Arc::clone(&self.generation);
        let watcher = watch::start(watch, move || {
            let outcome = rebuild();
            match &outcome {
                Ok(()) => eprintln!("preview: rebuilt"),
                Err(message) => eprintln!("preview: {message}"),
            }
            generation.bump(outcome.err());
        })?;
        self._watcher = Some(watcher);
        Ok(())
    }

    /// Answers requests from `routes` until the process is stopped.
    pub(crate) fn serve(self, routes: Routes) {
        let routes = Arc::new(routes);
        for request in self.server.incoming_requests() {
            let routes = Arc::clone(&routes);
            let generation = Arc::clone(&self.generation);
            std::thread::spawn(move || http::answer(request, &routes, &generation));
        }
    }
}
