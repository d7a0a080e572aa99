//! HTTP authentication for pushing: reading `WWW-Authenticate` challenges and answering them with
//! Basic (RFC 7617) or Digest (RFC 7616, MD5 and MD5-sess, qop `auth` or `auth-int`).
//!
//! The client never guesses a scheme: it sends credentials only in the form the server asked for
//! in a 401 challenge, and keeps that challenge to authenticate the following requests.

use std::collections::BTreeMap;
use std::fmt::Write;

use md5::{Digest, Md5};

/// A user name and password given on the command line.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The password never reaches a log or an error message.
        f.debug_struct("Credentials").field("user", &self.user).finish_non_exhaustive()
    }
}

/// One challenge of a `WWW-Authenticate` header: a scheme and its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The scheme, lower-cased (`basic`, `digest`, …).
    pub scheme: String,
    /// Parameters with lower-cased names and unquoted values.
    pub params: BTreeMap<String, String>,
}

impl std::fmt::Display for Challenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.scheme)?;
        if let Some(realm) = self.params.get("realm") {
            write!(f, " realm {realm:?}")?;
        }
        Ok(())
    }
}

/// Parses the challenges of one `WWW-Authenticate` header value (RFC 9110 §11.6.1). A header may
/// hold several challenges, e.g. `Digest realm="a", nonce="b", Basic realm="a"`.
pub fn parse_challenges(header: &str) -> Vec<Challenge> {
    let mut challenges: Vec<Challenge> = Vec::new();
    let mut rest = header;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        let (token, after) = split_token(rest);
        if token.is_empty() {
            // Not a token: skip one character so a malformed header cannot stall the parser.
            let mut chars = rest.chars();
            if chars.next().is_none() {
                return challenges;
            }
            rest = chars.as_str();
            continue;
        }
        let after_spaces = after.trim_start();
        match (after_spaces.strip_prefix('='), challenges.last_mut()) {
            (Some(value_and_rest), Some(challenge)) if !value_and_rest.starts_with('=') => {
                let (value, remainder) = split_value(value_and_rest.trim_start());
                challenge.params.insert(token.to_ascii_lowercase(), value);
                rest = remainder;
            }
            _ => {
                challenges.push(Challenge {
                    scheme: token.to_ascii_lowercase(),
                    params: BTreeMap::new(),
                });
                rest = after;
            }
        }
    }
}

/// Splits a leading RFC 9110 token off `text`.
fn split_token(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)))
        .unwrap_or(text.len());
    text.split_at(end)
}

/// Splits a leading parameter value (a quoted string or a token) off `text`, unquoted.
fn split_value(text: &str) -> (String, &str) {
    let Some(quoted) = text.strip_prefix('"') else {
        let (token, rest) = split_token(text);
        return (token.to_owned(), rest);
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    value.push(escaped);
                }
            }
            '"' => return (value, &quoted[i + 1..]),
            c => value.push(c),
        }
    }
    (value, "")
}

/// The `Authorization` value for Basic authentication.
pub fn basic_authorization(credentials: &Credentials) -> String {
    format!("Basic {}", base64(format!("{}:{}", credentials.user, credentials.password).as_bytes()))
}

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The digest algorithms this client computes (the `md-5` crate is its only hash).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlgorithm {
    Md5,
    /// MD5 with the session key `H(H(user:realm:password):nonce:cnonce)`.
    Md5Sess,
}

/// The quality of protection answered (RFC 7616 §3.4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qop {
    /// No `qop` offered: the RFC 2069 compatibility form.
    None,
    Auth,
    /// Authentication with integrity protection of the request body.
    AuthInt,
}

/// A Digest challenge this client can answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestChallenge {
    pub realm: String,
    pub nonce: String,
    pub opaque: Option<String>,
    pub algorithm: DigestAlgorithm,
    pub qop: Qop,
    /// The server says the previous nonce expired but the credentials were right.
    pub stale: bool,
}

impl DigestChallenge {
    /// Reads a Digest challenge; the error names what is missing or unsupported.
    pub fn from_challenge(challenge: &Challenge) -> Result<Self, String> {
        if challenge.scheme != "digest" {
            return Err(format!("not a Digest challenge: {}", challenge.scheme));
        }
        let param = |name: &str| challenge.params.get(name).cloned();
        let nonce = param("nonce").ok_or("Digest challenge without a nonce")?;
        let algorithm = match param("algorithm").map(|a| a.to_ascii_uppercase()).as_deref() {
            None | Some("MD5") => DigestAlgorithm::Md5,
            Some("MD5-SESS") => DigestAlgorithm::Md5Sess,
            Some(other) => return Err(format!("unsupported digest algorithm {other}")),
        };
        let qop = match param("qop") {
            None => Qop::None,
            Some(offered) => {
                let offered: Vec<String> =
                    offered.split(',').map(|q| q.trim().to_ascii_lowercase()).collect();
                if offered.iter().any(|q| q == "auth") {
                    Qop::Auth
                } else if offered.iter().any(|q| q == "auth-int") {
                    Qop::AuthInt
                } else {
                    return Err(format!("unsupported digest qop {:?}", offered.join(",")));
                }
            }
        };
        Ok(DigestChallenge {
            realm: param("realm").unwrap_or_default(),
            nonce,
            opaque: param("opaque"),
            algorithm,
            qop,
            stale: param("stale").is_some_and(|s| s.eq_ignore_ascii_case("true")),
        })
    }
}

/// What one Digest answer is computed over besides the challenge and the credentials.
#[derive(Debug, Clone, Copy)]
pub struct DigestRequest<'a> {
    pub method: &'a str,
    /// The request target exactly as sent: path and query.
    pub uri: &'a str,
    /// The request body (only hashed for qop `auth-int`).
    pub body: &'a [u8],
    pub cnonce: &'a str,
    /// How many requests this nonce has authenticated, this one included.
    pub nc: u32,
}

/// The `response` value of a Digest answer (RFC 7616 §3.4.1), lower-case hex.
pub fn digest_response(
    credentials: &Credentials,
    challenge: &DigestChallenge,
    request: &DigestRequest<'_>,
) -> String {
    let mut ha1 =
        md5_hex(&format!("{}:{}:{}", credentials.user, challenge.realm, credentials.password));
    if challenge.algorithm == DigestAlgorithm::Md5Sess {
        ha1 = md5_hex(&format!("{ha1}:{}:{}", challenge.nonce, request.cnonce));
    }
    let ha2 = match challenge.qop {
        Qop::AuthInt => md5_hex(&format!(
            "{}:{}:{}",
            request.method,
            request.uri,
            hex(&Md5::digest(request.body))
        )),
        Qop::None | Qop::Auth => md5_hex(&format!("{}:{}", request.method, request.uri)),
    };
    match challenge.qop {
        Qop::None => md5_hex(&format!("{ha1}:{}:{ha2}", challenge.nonce)),
        Qop::Auth | Qop::AuthInt => md5_hex(&format!(
            "{ha1}:{}:{:08x}:{}:{}:{ha2}",
            challenge.nonce,
            request.nc,
            request.cnonce,
            qop_name(challenge.qop)
        )),
    }
}

/// The full `Authorization` value answering `challenge`.
pub fn digest_authorization(
    credentials: &Credentials,
    challenge: &DigestChallenge,
    request: &DigestRequest<'_>,
) -> String {
    let mut value = format!(
        "Digest username={}, realm={}, nonce={}, uri={}, response=\"{}\", algorithm={}",
        quote(&credentials.user),
        quote(&challenge.realm),
        quote(&challenge.nonce),
        quote(request.uri),
        digest_response(credentials, challenge, request),
        match challenge.algorithm {
            DigestAlgorithm::Md5 => "MD5",
            DigestAlgorithm::Md5Sess => "MD5-sess",
        }
    );
    if challenge.qop != Qop::None {
        let _ = write!(
            value,
            ", qop={}, nc={:08x}, cnonce={}",
            qop_name(challenge.qop),
            request.nc,
            quote(request.cnonce)
        );
    }
    if let Some(opaque) = &challenge.opaque {
        let _ = write!(value, ", opaque={}", quote(opaque));
    }
    value
}

/// A fresh client nonce: 128 bits from the process's hash seeds, the clock and a counter, hashed.
pub fn new_cnonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut seed = Vec::new();
    for _ in 0..2 {
        // Each RandomState is keyed from the operating system's randomness.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        seed.extend_from_slice(&hasher.finish().to_le_bytes());
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    seed.extend_from_slice(&now.to_le_bytes());
    seed.extend_from_slice(&std::process::id().to_le_bytes());
    hex(&Md5::digest(&seed))
}

fn qop_name(qop: Qop) -> &'static str {
    match qop {
        Qop::AuthInt => "auth-int",
        Qop::None | Qop::Auth => "auth",
    }
}

fn md5_hex(text: &str) -> String {
    hex(&Md5::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// A quoted string with `"` and `\` escaped.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}
