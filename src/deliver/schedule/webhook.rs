//! Thread drafts POSTed as JSON to the writer's webhook (a Zapier/Make hook,
//! their own scheduler): one request per platform, with a timeout, retried
//! after a timeout, a dropped connection, a 5xx or a 429.

use std::time::Duration;

/// Posts `body` to `url`: `Ok(what the server said)` once a 2xx arrives,
/// `Err(why)` after a refusal (4xx) or when every retry is spent.
pub fn post(
    url: &str,
    body: &serde_json::Value,
    timeout: Duration,
    delays: &[Duration],
) -> Result<String, String> {
    let client = reqwest::blocking::Client::builder()
        .timeout(timeout)
        .user_agent(concat!("letterpress/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot make an HTTP client: {e}"))?;
    let mut last = String::new();
    for attempt in 0..=delays.len() {
        match client.post(url).json(body).send() {
            Ok(response) if response.status().is_success() => {
                return Ok(format!(
                    "HTTP {} (attempt {})",
                    response.status(),
                    attempt + 1
                ));
            }
            Ok(response) => {
                let status = response.status();
                last = format!("HTTP {status} from {url}");
                if status.is_client_error() && status.as_u16() != 429 {
                    return Err(format!(
                        "{last}; the webhook refused the drafts (check threads.webhook_url)"
                    ));
                }
            }
            Err(e) if e.is_timeout() => last = format!("no answer from {url} within {timeout:?}"),
            Err(e) => last = format!("cannot reach {url}: {e}"),
        }
        if let Some(delay) = delays.get(attempt) {
            std::thread::sleep(*delay);
        }
    }
    Err(format!(
        "{last}; gave up after {} attempts",
        delays.len() + 1
    ))
}
