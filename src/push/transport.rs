//! One HTTP exchange with a remote store, made reliable: transient failures (no connection, 5xx,
//! 429) are retried with exponential backoff, and 401 challenges are answered with the
//! credentials in the scheme the server asked for.
//!
//! Retrying is safe because the protocol requests made here are idempotent: a graph PUT that
//! reached the server before its answer got lost just replaces the graph again.

use std::sync::Mutex;
use std::time::Duration;

use oxhttp::Client;
use oxhttp::model::header::{AUTHORIZATION, LOCATION, RETRY_AFTER, WWW_AUTHENTICATE};
use oxhttp::model::{HeaderName, Method, Request, Uri};

use super::PushError;
use super::auth::{self, Challenge, Credentials, DigestChallenge, DigestRequest};

/// How often and how patiently a request is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per request, the first included (at least 1).
    pub attempts: u32,
    /// The wait before the second attempt; each later wait doubles.
    pub base_delay: Duration,
    /// No wait is longer than this (a server's `Retry-After` included).
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// The wait after failed attempt `attempt` (1-based): base × 2^(attempt-1), capped.
    pub fn delay(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }
}

/// A response worth returning to the caller: not a challenge, not a transient failure.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    /// The status line's reason, e.g. `Created`.
    pub reason: &'static str,
    pub body: String,
}

/// The authentication learnt from the server's last challenge, reused for later requests.
#[derive(Debug, Clone)]
enum Learnt {
    /// No request with a body has been sent yet.
    Unprobed,
    /// The server has not asked for credentials.
    Nothing,
    Basic,
    Digest {
        challenge: DigestChallenge,
        cnonce: String,
        nc: u32,
    },
}

/// Why and how long a request waits before its next attempt.
#[derive(Debug, Clone, Copy)]
pub struct RetryNote<'a> {
    pub method: &'a str,
    pub url: &'a str,
    /// The attempt that failed (1-based).
    pub attempt: u32,
    /// Attempts allowed.
    pub of: u32,
    pub delay: Duration,
    /// The failure: an HTTP status or a connection error.
    pub why: &'a str,
}

/// Called before each wait, e.g. to tell the user on stderr.
pub type RetryObserver = Box<dyn Fn(&RetryNote<'_>) + Send + Sync>;

/// An HTTP client for one remote store.
pub struct Transport {
    client: Client,
    credentials: Option<Credentials>,
    retry: RetryPolicy,
    learnt: Mutex<Learnt>,
    on_retry: Option<RetryObserver>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// Answers to challenges within one request before giving up (a stale nonce costs one).
const MAX_CHALLENGES: u32 = 3;

impl Transport {
    pub fn new(credentials: Option<Credentials>, retry: RetryPolicy, timeout: Duration) -> Self {
        let client = Client::new()
            .with_global_timeout(timeout)
            .with_user_agent(concat!("newsgraph/", env!("CARGO_PKG_VERSION")))
            .unwrap_or_else(|_| Client::new().with_global_timeout(timeout));
        Transport {
            client,
            credentials,
            retry,
            learnt: Mutex::new(Learnt::Unprobed),
            on_retry: None,
        }
    }

    /// Calls `observer` before every wait between attempts.
    pub fn with_retry_observer(mut self, observer: RetryObserver) -> Self {
        self.on_retry = Some(observer);
        self
    }

    /// Sends a request until it gets a final answer; errors name the method and URL.
    pub fn send(
        &self,
        method: &Method,
        url: &Uri,
        headers: &[(HeaderName, &str)],
        body: &[u8],
    ) -> Result<Reply, PushError> {
        let target = url.path_and_query().map_or("/", |p| p.as_str()).to_owned();
        if !body.is_empty() {
            self.probe(url)?;
        }
        let mut attempts = 0;
        let mut challenges = 0;
        loop {
            attempts += 1;
            let mut builder = Request::builder().method(method.clone()).uri(url.clone());
            for (name, value) in headers {
                builder = builder.header(name, *value);
            }
            if let Some(authorization) = self.authorization(method, &target, body) {
                builder = builder.header(AUTHORIZATION, authorization);
            }
            let request = builder
                .body(body.to_vec())
                .map_err(|e| PushError::Url { url: url.to_string(), message: e.to_string() })?;
            let response = match self.client.request(request) {
                Ok(response) => response,
                Err(error) => {
                    if attempts < self.retry.attempts && is_transient_error(&error) {
                        let why = error.to_string();
                        self.wait(method, url, attempts, self.retry.delay(attempts), &why);
                        continue;
                    }
                    return Err(PushError::Connection {
                        method: method.to_string(),
                        url: url.to_string(),
                        attempts,
                        message: error.to_string(),
                    });
                }
            };
            let status = response.status();
            let reason = status.canonical_reason().unwrap_or("");
            if status.as_u16() == 401 {
                let offered = challenges_of(&response);
                self.learn(method, url, &offered, challenges)?;
                challenges += 1;
                // A challenge answered is not a failed attempt.
                attempts -= 1;
                continue;
            }
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let location =
                response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let body = response
                .into_body()
                .to_vec()
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default();
            let code = status.as_u16();
            if is_transient(code) && attempts < self.retry.attempts {
                let delay = self.retry.delay(attempts).max(retry_after.unwrap_or_default());
                let why = format!("HTTP {code} {reason}");
                self.wait(method, url, attempts, delay.min(self.retry.max_delay), &why);
                continue;
            }
            if status.is_success() {
                return Ok(Reply { status: code, reason, body });
            }
            let mut detail = snippet(&body);
            if let Some(location) = location.filter(|_| status.is_redirection()) {
                detail = format!("redirected to {location}; use that URL instead");
            }
            return Err(PushError::Status {
                method: method.to_string(),
                url: url.to_string(),
                status: code,
                reason: reason.to_owned(),
                attempts,
                detail,
            });
        }
    }

    /// Learns the server's authentication with a bodiless `HEAD` before the first request with
    /// a body. A server that wants credentials often answers 401 and closes the connection before
    /// reading the body, and the client, still writing, then sees a reset connection instead of
    /// the challenge (Virtuoso does this). Anything but a 401 is ignored: the real request will
    /// tell.
    fn probe(&self, url: &Uri) -> Result<(), PushError> {
        {
            let mut learnt = self.learnt.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if !matches!(*learnt, Learnt::Unprobed) {
                return Ok(());
            }
            *learnt = Learnt::Nothing;
        }
        let Ok(request) = Request::builder().method(Method::HEAD).uri(url.clone()).body(Vec::new())
        else {
            return Ok(());
        };
        match self.client.request(request) {
            Ok(response) if response.status().as_u16() == 401 => {
                let offered = challenges_of(&response);
                self.learn(&Method::HEAD, url, &offered, 0)
            }
            Ok(_) | Err(_) => Ok(()),
        }
    }

    /// The `Authorization` header for the next request, from what the server asked for before.
    fn authorization(&self, method: &Method, target: &str, body: &[u8]) -> Option<String> {
        let credentials = self.credentials.as_ref()?;
        let mut learnt = self.learnt.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match &mut *learnt {
            Learnt::Unprobed | Learnt::Nothing => None,
            Learnt::Basic => Some(auth::basic_authorization(credentials)),
            Learnt::Digest { challenge, cnonce, nc } => {
                *nc += 1;
                let request =
                    DigestRequest { method: method.as_str(), uri: target, body, cnonce, nc: *nc };
                Some(auth::digest_authorization(credentials, challenge, &request))
            }
        }
    }

    /// Takes in a 401's challenges, or explains why the request cannot be authenticated.
    fn learn(
        &self,
        method: &Method,
        url: &Uri,
        offered: &[Challenge],
        answered: u32,
    ) -> Result<(), PushError> {
        let url_text = url.to_string();
        let offered_text = if offered.is_empty() {
            "no WWW-Authenticate challenge".to_owned()
        } else {
            offered.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        };
        let Some(credentials) = &self.credentials else {
            return Err(PushError::AuthRequired { url: url_text, offered: offered_text });
        };
        // A server may offer Digest with several algorithms (SHA-256 first, MD5 for old
        // clients): answer the first one this client can compute.
        let digests: Vec<Result<DigestChallenge, String>> = offered
            .iter()
            .filter(|c| c.scheme == "digest")
            .map(DigestChallenge::from_challenge)
            .collect();
        let answerable = digests.iter().find_map(|d| d.as_ref().ok()).cloned();
        let basic = offered.iter().any(|c| c.scheme == "basic");
        let next = if let Some(challenge) = answerable {
            // A stale nonce means the password was right: answering it does not count.
            if answered >= MAX_CHALLENGES || (answered > 0 && !challenge.stale) {
                return Err(self.rejected(method, url_text, credentials));
            }
            Learnt::Digest { challenge, cnonce: auth::new_cnonce(), nc: 0 }
        } else if basic {
            if answered > 0 {
                return Err(self.rejected(method, url_text, credentials));
            }
            Learnt::Basic
        } else if let Some(Err(why)) = digests.into_iter().next() {
            return Err(PushError::AuthUnsupported { url: url_text, offered: why });
        } else {
            return Err(PushError::AuthUnsupported { url: url_text, offered: offered_text });
        };
        let mut learnt = self.learnt.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // A challenge that arrives although credentials were sent preemptively is answered once
        // afresh: the nonce may have expired or been single-use.
        *learnt = next;
        Ok(())
    }

    /// Sleeps before the next attempt, after telling the observer why.
    fn wait(&self, method: &Method, url: &Uri, attempt: u32, delay: Duration, why: &str) {
        if let Some(observer) = &self.on_retry {
            let url = url.to_string();
            let method = method.as_str();
            observer(&RetryNote {
                method,
                url: &url,
                attempt,
                of: self.retry.attempts,
                delay,
                why,
            });
        }
        std::thread::sleep(delay);
    }

    fn rejected(&self, method: &Method, url: String, credentials: &Credentials) -> PushError {
        PushError::AuthRejected { method: method.to_string(), url, user: credentials.user.clone() }
    }
}

/// Connection failures worth another attempt: refused, reset, timed out, cut short. A URL the
/// client cannot use or a TLS certificate it does not trust will not get better.
fn is_transient_error(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    !matches!(
        error.kind(),
        ErrorKind::InvalidInput
            | ErrorKind::InvalidData
            | ErrorKind::PermissionDenied
            | ErrorKind::Unsupported
    )
}

/// The challenges of a 401 answer, from all its `WWW-Authenticate` headers.
fn challenges_of(response: &oxhttp::model::Response<oxhttp::model::Body>) -> Vec<Challenge> {
    response
        .headers()
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(auth::parse_challenges)
        .collect()
}

/// Failures worth another attempt: the server is overloaded, restarting or behind a proxy that
/// lost it. 501 and 505 say the request can never work.
fn is_transient(status: u16) -> bool {
    status == 429 || status == 408 || (status >= 500 && status != 501 && status != 505)
}

/// The start of an error body on one line, for messages.
fn snippet(body: &str) -> String {
    let text = if looks_like_html(body) { without_tags(body) } else { body.to_owned() };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(300) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// Error pages of servers (Virtuoso, Jetty, nginx) are HTML; their text is what matters.
fn looks_like_html(body: &str) -> bool {
    let start: String =
        body.trim_start().chars().take(200).collect::<String>().to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html") || start.contains("<body")
}

/// The text of an HTML page: tags dropped, the common entities decoded.
fn without_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}
