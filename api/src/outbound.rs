//! Outbound HTTP: every request SkySlots makes to a URL a user gave (webhooks, calendar
//! servers) goes through [`Outbound`]. Unless `--allow-private-urls` is set, it speaks only
//! https, resolves names itself and connects only to public addresses (loopback, private,
//! link-local and the other special ranges are refused, also when a name resolves to them —
//! the connection uses the checked addresses, so a rebinding DNS answer cannot slip past),
//! follows no redirect, gives up after 15 s and reads at most 2 kB of any answer.

use std::net::SocketAddr;
use std::sync::Arc;

use skyslots_app::webhooks::{is_private, Answer, Outgoing, Transport, EXCERPT_BYTES, TIMEOUT};

/// The client for user-given URLs.
#[derive(Debug, Clone)]
pub struct Outbound {
    client: reqwest::Client,
    allow_private: bool,
}

/// A resolver that drops private addresses from every answer and fails when none is left.
#[derive(Debug)]
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let public: Vec<SocketAddr> = found.filter(|a| !is_private(a.ip())).collect();
            if public.is_empty() {
                return Err(format!(
                    "{host} resolves only to private, loopback or link-local addresses"
                )
                .into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

impl Outbound {
    pub fn new(allow_private: bool) -> Result<Self, String> {
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .connect_timeout(std::time::Duration::from_secs(10))
            .pool_max_idle_per_host(8)
            .user_agent(concat!("SkySlots-Webhooks/", env!("CARGO_PKG_VERSION")));
        if !allow_private {
            builder = builder.https_only(true).dns_resolver(Arc::new(PublicOnly));
        }
        let client = builder
            .build()
            .map_err(|e| format!("outbound HTTP client: {e}"))?;
        Ok(Self {
            client,
            allow_private,
        })
    }

    /// Refuse an address literal the resolver never sees.
    fn refuse_literal(&self, url: &str) -> Option<String> {
        if self.allow_private {
            return None;
        }
        let parsed = reqwest::Url::parse(url).ok()?;
        let ip = match parsed.host()? {
            url::Host::Ipv4(v4) => std::net::IpAddr::V4(v4),
            url::Host::Ipv6(v6) => std::net::IpAddr::V6(v6),
            url::Host::Domain(_) => return None,
        };
        is_private(ip).then(|| format!("{ip} is a private, loopback or link-local address"))
    }

    /// POST `body` with `headers` to `url`.
    pub async fn post(
        &self,
        url: &str,
        headers: &[(&'static str, String)],
        body: String,
    ) -> Answer {
        if let Some(refused) = self.refuse_literal(url) {
            return Answer {
                error: Some(format!("refused: {refused}")),
                ..Answer::default()
            };
        }
        let mut request = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let mut response = match request.send().await {
            Ok(r) => r,
            Err(e) => {
                return Answer {
                    error: Some(describe(&e)),
                    ..Answer::default()
                }
            }
        };
        let status = response.status().as_u16();
        let mut excerpt = Vec::new();
        let mut error = None;
        while excerpt.len() < EXCERPT_BYTES {
            match response.chunk().await {
                Ok(Some(chunk)) => excerpt.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(e) => {
                    error = (!(200..300).contains(&status)).then(|| describe(&e));
                    break;
                }
            }
        }
        excerpt.truncate(EXCERPT_BYTES);
        let mut text = String::from_utf8_lossy(&excerpt).into_owned();
        if text.len() > EXCERPT_BYTES {
            let mut cut = EXCERPT_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        Answer {
            status: Some(status),
            excerpt: (!text.is_empty()).then_some(text),
            error,
        }
    }
}

/// What a calendar server answered ([`Outbound::call`]).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub etag: Option<String>,
    pub location: Option<String>,
    pub body: String,
}

/// One request of [`Outbound::call`].
#[derive(Debug, Clone)]
pub struct Call<'a> {
    pub method: reqwest::Method,
    pub url: &'a str,
    /// Basic authentication: user name and password.
    pub auth: Option<(&'a str, Option<&'a str>)>,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<String>,
    /// Most bytes of the answer read; more is an error.
    pub limit: usize,
}

/// Why [`Outbound::call`] got no whole answer: refused by the guard, no connection, a
/// timeout, or an answer over the limit (`too_large`).
#[derive(Debug, Clone)]
pub struct NoAnswer {
    pub message: String,
    pub too_large: bool,
}

impl NoAnswer {
    fn failed(message: String) -> Self {
        Self {
            message,
            too_large: false,
        }
    }
}

impl Outbound {
    /// Any request to a user-given URL under the same guard as webhooks, reading at most
    /// `limit` bytes of the answer.
    pub async fn call(&self, call: Call<'_>) -> Result<Reply, NoAnswer> {
        if let Some(refused) = self.refuse_literal(call.url) {
            return Err(NoAnswer::failed(format!("refused: {refused}")));
        }
        let mut request = self.client.request(call.method, call.url).header(
            reqwest::header::USER_AGENT,
            concat!("SkySlots-Calendar/", env!("CARGO_PKG_VERSION")),
        );
        if let Some((user, password)) = call.auth {
            request = request.basic_auth(user, password);
        }
        for (name, value) in call.headers {
            request = request.header(name, value);
        }
        if let Some(body) = call.body {
            request = request.body(body);
        }
        let mut response = request
            .send()
            .await
            .map_err(|e| NoAnswer::failed(describe(&e)))?;
        let header = |name: reqwest::header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (etag, location) = (
            header(reqwest::header::ETAG),
            header(reqwest::header::LOCATION),
        );
        let status = response.status().as_u16();
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > call.limit {
                        return Err(NoAnswer {
                            message: format!("the answer is larger than {} bytes", call.limit),
                            too_large: true,
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(NoAnswer::failed(describe(&e))),
            }
        }
        Ok(Reply {
            status,
            etag,
            location,
            body: String::from_utf8_lossy(&body).into_owned(),
        })
    }
}

/// What went wrong, without the URL (already on the endpoint) and with the cause.
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_redirect() {
        "redirect not followed"
    } else {
        "request failed"
    };
    let mut cause = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    if cause.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}: {cause}")
    }
}

/// How the job worker delivers webhooks: the envelope rendered as the API renders it
/// (`render`, given by the crate root so this plumbing needs no resource module), posted
/// through [`Outbound`].
#[derive(Debug, Clone)]
pub struct Webhooks {
    pub outbound: Outbound,
    pub render: fn(&skyslots_app::events::EventRecord) -> Result<String, String>,
}

impl Transport for Webhooks {
    fn render(&self, event: &skyslots_app::events::EventRecord) -> Result<String, String> {
        (self.render)(event)
    }

    fn post(&self, request: Outgoing<'_>) -> impl std::future::Future<Output = Answer> + Send {
        let Outgoing { url, headers, body } = request;
        let url = url.to_owned();
        async move { self.outbound.post(&url, &headers, body).await }
    }
}
