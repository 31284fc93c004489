//! Thread drafts POSTed as JSON to the writer's webhook (a Zapier/Make hook,
//! their own scheduler): one request per platform, with a timeout, retried
//! after a timeout, a dropped connection, a 5xx or a 429. Webhook URLs
//! carry their secret in the path or the query (Slack's
//! `/services/T…/B…/XXXX`, Zapier's `/hooks/catch/…`), so messages and the
//! journal only ever show [`redacted`] ones.

use std::time::Duration;

use reqwest::StatusCode;

/// Why the drafts did not reach the webhook. Its URL is only ever shown
/// [`redacted`]; the HTTP client's errors are kept without it.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// No HTTP client could be made.
    #[error("cannot make an HTTP client: {0}")]
    Client(#[source] reqwest::Error),
    /// A 4xx other than 429: the webhook refuses the drafts; not retried.
    #[error(
        "HTTP {status} from {shown}; the webhook refused the drafts (check threads.webhook_url)"
    )]
    Refused {
        /// The reply's status.
        status: StatusCode,
        /// The webhook, redacted.
        shown: String,
    },
    /// Every attempt failed.
    #[error("{last}; gave up after {attempts} attempts")]
    GaveUp {
        /// Why the last attempt failed.
        #[source]
        last: Attempt,
        /// How many were made.
        attempts: usize,
    },
}

/// Why one attempt failed, in a way another attempt may not.
#[derive(Debug, thiserror::Error)]
pub enum Attempt {
    /// A 5xx or a 429.
    #[error("HTTP {status} from {shown}")]
    Status {
        /// The reply's status.
        status: StatusCode,
        /// The webhook, redacted.
        shown: String,
    },
    /// No answer within the timeout.
    #[error("no answer from {shown} within {timeout:?}")]
    Timeout {
        /// The webhook, redacted.
        shown: String,
        /// `threads.webhook_timeout`.
        timeout: Duration,
        /// The client's error, without the URL.
        #[source]
        source: reqwest::Error,
    },
    /// The request did not get through (refused, reset, no such host).
    #[error("cannot reach {shown}: {}", causes(.source))]
    Unreachable {
        /// The webhook, redacted.
        shown: String,
        /// The client's error, without the URL.
        #[source]
        source: reqwest::Error,
    },
}

/// Posts `body` to `url`: `Ok(what the server said)` once a 2xx arrives,
/// `Err(why)` after a refusal (4xx) or when every retry is spent.
pub(crate) fn post(
    url: &str,
    body: &serde_json::Value,
    timeout: Duration,
    delays: &[Duration],
) -> Result<String, WebhookError> {
    let client = reqwest::blocking::Client::builder()
        .timeout(timeout)
        .user_agent(concat!("letterpress/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(WebhookError::Client)?;
    let shown = redacted(url);
    let mut attempt = 0;
    loop {
        let last = match client.post(url).json(body).send() {
            Ok(response) if response.status().is_success() => {
                return Ok(format!(
                    "HTTP {} (attempt {})",
                    response.status(),
                    attempt + 1
                ));
            }
            Ok(response) => {
                let status = response.status();
                if status.is_client_error() && status != StatusCode::TOO_MANY_REQUESTS {
                    return Err(WebhookError::Refused { status, shown });
                }
                Attempt::Status {
                    status,
                    shown: shown.clone(),
                }
            }
            Err(e) if e.is_timeout() => Attempt::Timeout {
                shown: shown.clone(),
                timeout,
                source: e.without_url(),
            },
            Err(e) => Attempt::Unreachable {
                shown: shown.clone(),
                source: e.without_url(),
            },
        };
        match delays.get(attempt) {
            Some(delay) => std::thread::sleep(*delay),
            None => {
                let attempts = attempt + 1;
                return Err(WebhookError::GaveUp { last, attempts });
            }
        }
        attempt += 1;
    }
}

/// The webhook's scheme, host and port only: user, password, path and query
/// may each be the secret that lets anyone post.
pub(crate) fn redacted(url: &str) -> String {
    let Ok(parsed) = url::Url::parse(url) else {
        return "the webhook (its URL does not parse)".into();
    };
    let mut shown = format!("{}://{}", parsed.scheme(), parsed.host_str().unwrap_or(""));
    if let Some(port) = parsed.port() {
        shown += &format!(":{port}");
    }
    let hidden = parsed.path() != "/" || parsed.query().is_some() || parsed.fragment().is_some();
    shown += if hidden { "/…" } else { "/" };
    shown
}

/// An error and its causes, `: `-joined (reqwest's own text is only
/// "error sending request"; the reason is in its sources).
fn causes(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text += &format!(": {cause}");
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls_show_only_their_host() {
        for (url, shown) in [
            (
                "https://hooks.example.com/services/T0/B0/XXXX",
                "https://hooks.example.com/…",
            ),
            (
                "https://u:pw@h.example:8443/a?token=t",
                "https://h.example:8443/…",
            ),
            ("http://127.0.0.1:9", "http://127.0.0.1:9/"),
            ("not a url/XXXX", "the webhook (its URL does not parse)"),
        ] {
            assert_eq!(redacted(url), shown);
        }
    }
}
