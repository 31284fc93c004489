//! Thread drafts POSTed as JSON to the writer's webhook (a Zapier/Make hook,
//! their own scheduler): one request per platform, with a timeout, retried
//! after a timeout, a dropped connection, a 5xx or a 429. Webhook URLs
//! carry their secret in the path or the query (Slack's
//! `/services/T…/B…/XXXX`, Zapier's `/hooks/catch/…`), so messages and the
//! journal only ever show [`redacted`] ones.

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
    let shown = redacted(url);
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
                last = format!("HTTP {status} from {shown}");
                if status.is_client_error() && status.as_u16() != 429 {
                    return Err(format!(
                        "{last}; the webhook refused the drafts (check threads.webhook_url)"
                    ));
                }
            }
            Err(e) if e.is_timeout() => {
                last = format!("no answer from {shown} within {timeout:?}");
            }
            Err(e) => last = format!("cannot reach {shown}: {}", causes(e.without_url())),
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

/// The webhook's scheme, host and port only: user, password, path and query
/// may each be the secret that lets anyone post.
pub fn redacted(url: &str) -> String {
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
fn causes(error: reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
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
