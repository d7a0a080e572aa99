//! HTTP authentication for pushing: reading `WWW-Authenticate` challenges and answering them with
//! Basic (RFC 7617) or Digest (RFC 7616: MD5, SHA-256 and SHA-512/256, plain or `-sess`, qop
//! `auth` or `auth-int`).
//!
//! One header may carry several challenges of several schemes (RFC 9110 §11.6.1), which the
//! `digest_auth` crate does not split: they are parsed here, and that crate computes the Digest
//! answer.
//!
//! The client never guesses a scheme: it sends credentials only in the form the server asked for
//! in a 401 challenge, and keeps that challenge to authenticate the following requests.

use std::collections::BTreeMap;
use std::fmt::Write;

use digest_auth::{Algorithm, AlgorithmType, AuthContext, AuthorizationHeader, HttpMethod};

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

/// The quality of protection answered (RFC 7616 §3.4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qop {
    /// No `qop` offered: the RFC 2069 compatibility form.
    None,
    Auth,
    /// Authentication with integrity protection of the request body.
    AuthInt,
}

/// A Digest challenge this client can answer: MD5, SHA-256 or SHA-512/256, each also in its
/// `-sess` form (the hashing is the `digest_auth` crate's).
#[derive(Debug, Clone, PartialEq)]
pub struct DigestChallenge {
    pub realm: String,
    pub nonce: String,
    pub opaque: Option<String>,
    pub algorithm: Algorithm,
    pub qop: Qop,
    /// The server wants the user name hashed (RFC 7616 §3.4.4).
    pub userhash: bool,
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
        let flag = |name: &str| param(name).is_some_and(|s| s.eq_ignore_ascii_case("true"));
        let nonce = param("nonce").ok_or("Digest challenge without a nonce")?;
        let algorithm = match param("algorithm") {
            None => Algorithm::default(),
            Some(name) => algorithm(&name).ok_or(format!("unsupported digest algorithm {name}"))?,
        };
        let qop = match param("qop") {
            None => Qop::None,
            Some(offered) => {
                let offered: Vec<String> =
                    offered.split(',').map(|q| q.trim().to_ascii_lowercase()).collect();
                // `auth` first: it needs no hash of the body, which may be large.
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
            userhash: flag("userhash"),
            stale: flag("stale"),
        })
    }
}

/// The algorithm a challenge names, in any letter case (RFC 7616 §3.3).
fn algorithm(name: &str) -> Option<Algorithm> {
    let upper = name.to_ascii_uppercase();
    let (hash, sess) = match upper.strip_suffix("-SESS") {
        Some(hash) => (hash, true),
        None => (upper.as_str(), false),
    };
    let hash = match hash {
        "MD5" => AlgorithmType::MD5,
        "SHA-256" => AlgorithmType::SHA2_256,
        "SHA-512-256" => AlgorithmType::SHA2_512_256,
        _ => return None,
    };
    Some(Algorithm::new(hash, sess))
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

/// The answer to `challenge` for one request, computed by `digest_auth`.
fn answer(
    credentials: &Credentials,
    challenge: &DigestChallenge,
    request: &DigestRequest<'_>,
) -> AuthorizationHeader {
    let mut context = AuthContext::new_with_method(
        credentials.user.as_str(),
        credentials.password.as_str(),
        request.uri,
        Some(request.body),
        HttpMethod::from(request.method),
    );
    context.set_custom_cnonce(request.cnonce);
    let mut header = AuthorizationHeader {
        realm: challenge.realm.clone(),
        nonce: challenge.nonce.clone(),
        opaque: challenge.opaque.clone(),
        userhash: challenge.userhash,
        algorithm: challenge.algorithm,
        response: String::new(),
        username: String::new(),
        uri: request.uri.to_string(),
        qop: match challenge.qop {
            Qop::None => None,
            Qop::Auth => Some(digest_auth::Qop::AUTH),
            Qop::AuthInt => Some(digest_auth::Qop::AUTH_INT),
        },
        cnonce: Some(request.cnonce.to_string()),
        nc: request.nc,
    };
    header.digest(&context);
    header
}

/// The `response` value of a Digest answer (RFC 7616 §3.4.1), lower-case hex.
#[cfg(test)]
pub fn digest_response(
    credentials: &Credentials,
    challenge: &DigestChallenge,
    request: &DigestRequest<'_>,
) -> String {
    answer(credentials, challenge, request).response
}

/// The full `Authorization` value answering `challenge`.
pub fn digest_authorization(
    credentials: &Credentials,
    challenge: &DigestChallenge,
    request: &DigestRequest<'_>,
) -> String {
    answer(credentials, challenge, request).to_header_string()
}

/// A fresh client nonce: 128 bits from two hashers keyed by the operating system's randomness,
/// each fed a counter and the clock, in hex.
pub fn new_cnonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut cnonce = String::with_capacity(32);
    for _ in 0..2 {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.write_u128(now);
        let _ = write!(cnonce, "{:016x}", hasher.finish());
    }
    cnonce
}
