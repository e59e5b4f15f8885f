//! The way out for emails (`app::emails::Mailer`): SMTP with lettre (STARTTLS or TLS, with
//! credentials) when `SKYSLOTS_SMTP_URL` is set, otherwise an outbox directory of `.eml`
//! files, so the embedded default still shows what would have been sent.
//!
//! Every message is `multipart/mixed`: a `multipart/alternative` of the plain text, the HTML
//! and (for bookings) the `text/calendar; method=…` part calendar clients act on, plus the
//! same calendar object as an `invite.ics` attachment — the layout Google and Outlook send.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use skyslots_app::emails::{Mailer, Message, Sent};

/// How long one SMTP command may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);
/// How long handing over one message may take in all (well inside a job's 60 s lease).
const SEND_TIMEOUT: Duration = Duration::from_secs(40);

/// How TLS is used on an SMTP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// `smtp://` (default): STARTTLS, required.
    StartTls,
    /// `smtp://…?tls=opportunistic`: STARTTLS when offered.
    Opportunistic,
    /// `smtps://`: TLS from the first byte.
    Implicit,
    /// `smtp://…?tls=none`: plain text (a local relay or a test server only).
    None,
}

/// An SMTP server as `SKYSLOTS_SMTP_URL` names it (the password is never printed).
#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub credentials: Option<(String, String)>,
    /// `?ca_file=/path/ca.pem`: a root certificate (PEM) to trust besides the public ones,
    /// for relays with a private CA or a self-signed certificate.
    pub ca_file: Option<PathBuf>,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.credentials.as_ref().map(|c| &c.0))
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

impl SmtpConfig {
    /// `smtp://user:pass@host:587`, `smtps://host:465`, `smtp://127.0.0.1:2525?tls=none`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let url = url::Url::parse(text).map_err(|e| format!("SKYSLOTS_SMTP_URL: {e}"))?;
        let mut tls = match url.scheme() {
            "smtp" => TlsMode::StartTls,
            "smtps" => TlsMode::Implicit,
            other => {
                return Err(format!(
                    "SKYSLOTS_SMTP_URL: scheme {other:?} (use smtp:// or smtps://)"
                ))
            }
        };
        let mut ca_file = None;
        for (k, v) in url.query_pairs() {
            match (k.as_ref(), v.as_ref()) {
                ("ca_file", path) if !path.is_empty() => ca_file = Some(PathBuf::from(path)),
                ("tls", "none") => tls = TlsMode::None,
                ("tls", "opportunistic") => tls = TlsMode::Opportunistic,
                ("tls", "starttls" | "required") => tls = TlsMode::StartTls,
                ("tls", "implicit") => tls = TlsMode::Implicit,
                (k, v) => {
                    return Err(format!(
                        "SKYSLOTS_SMTP_URL: unknown parameter {k}={v} (tls=none|opportunistic|starttls|implicit, ca_file=PATH)"
                    ))
                }
            }
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or("SKYSLOTS_SMTP_URL: no host")?
            .trim_matches(['[', ']'])
            .to_owned();
        let port = url.port().unwrap_or(match tls {
            TlsMode::Implicit => 465,
            _ => 587,
        });
        let credentials = (!url.username().is_empty()).then(|| {
            (
                decode(url.username()),
                decode(url.password().unwrap_or_default()),
            )
        });
        Ok(Self {
            host,
            port,
            tls,
            credentials,
            ca_file,
        })
    }
}

/// `%XX` sequences decoded (user names and passwords in URLs are percent-encoded).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where messages go.
pub enum Mail {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
        server: String,
    },
    Outbox {
        dir: PathBuf,
        from: Mailbox,
    },
}

impl std::fmt::Debug for Mail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Mail {
    /// SMTP to `config`, from `from` (`Name <address>` or an address).
    pub fn smtp(config: &SmtpConfig, from: &str) -> Result<Self, String> {
        let from = parse_from(from)?;
        let ca = match &config.ca_file {
            Some(path) => {
                let pem = std::fs::read(path)
                    .map_err(|e| format!("SKYSLOTS_SMTP_URL ca_file {}: {e}", path.display()))?;
                Some(
                    Certificate::from_pem(&pem).map_err(|e| {
                        format!("SKYSLOTS_SMTP_URL ca_file {}: {e}", path.display())
                    })?,
                )
            }
            None => None,
        };
        let tls_for = |host: &str| {
            let mut params = TlsParameters::builder(host.to_owned());
            if let Some(ca) = ca.clone() {
                params = params.add_root_certificate(ca);
            }
            params.build().map_err(|e| format!("SMTP TLS: {e}"))
        };
        let tls = match config.tls {
            TlsMode::StartTls => Tls::Required(tls_for(&config.host)?),
            TlsMode::Opportunistic => Tls::Opportunistic(tls_for(&config.host)?),
            TlsMode::Implicit => Tls::Wrapper(tls_for(&config.host)?),
            TlsMode::None => Tls::None,
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host)
            .port(config.port)
            .tls(tls)
            .timeout(Some(SMTP_TIMEOUT));
        if let Some((user, pass)) = &config.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
        }
        Ok(Self::Smtp {
            transport: builder.build(),
            from,
            server: format!("{}:{} ({:?})", config.host, config.port, config.tls),
        })
    }

    /// `.eml` files in `dir`, from `from`.
    pub fn outbox(dir: PathBuf, from: &str) -> Result<Self, String> {
        Ok(Self::Outbox {
            dir,
            from: parse_from(from)?,
        })
    }

    /// What the startup log says about it.
    pub fn describe(&self) -> String {
        match self {
            Self::Smtp { server, from, .. } => {
                format!("emails are sent over SMTP to {server}, from {from}")
            }
            Self::Outbox { dir, from } => format!(
                "no SMTP server configured (SKYSLOTS_SMTP_URL): emails from {from} are written to {} as .eml files",
                dir.display()
            ),
        }
    }

    /// Remove outbox files older than `age` (nothing for SMTP); returns how many.
    pub async fn prune(&self, age: Duration) -> std::io::Result<usize> {
        let Self::Outbox { dir, .. } = self else {
            return Ok(0);
        };
        let mut entries = match tokio::fs::read_dir(dir).await {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name();
            if !name.to_string_lossy().ends_with(".eml") {
                continue;
            }
            let old = entry
                .metadata()
                .await
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|elapsed| elapsed > age);
            if old && tokio::fs::remove_file(entry.path()).await.is_ok() {
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn from(&self) -> &Mailbox {
        match self {
            Self::Smtp { from, .. } | Self::Outbox { from, .. } => from,
        }
    }
}

fn parse_from(from: &str) -> Result<Mailbox, String> {
    from.parse::<Mailbox>()
        .map_err(|e| format!("SKYSLOTS_MAIL_FROM {from:?}: {e}"))
}

/// The MIME message of `m`.
fn build(from: &Mailbox, m: &Message) -> Result<lettre::Message, String> {
    let address = m
        .to_email
        .parse()
        .map_err(|e| format!("the recipient address {:?} is not valid: {e}", m.to_email))?;
    let to = Mailbox::new(m.to_name.clone(), address);
    let domain = from.email.domain().to_owned();
    let mut alternative = MultiPart::alternative()
        .singlepart(SinglePart::plain(m.text.clone()))
        .singlepart(SinglePart::html(m.html.clone()));
    let builder = lettre::Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.clone())
        .message_id(Some(format!("<{}@{domain}>", m.email_id)))
        .date_now();
    let body = match &m.calendar {
        None => alternative,
        Some(c) => {
            let inline = ContentType::parse(&format!(
                "text/calendar; charset=utf-8; method={}",
                c.method
            ))
            .map_err(|e| e.to_string())?;
            alternative =
                alternative.singlepart(SinglePart::builder().header(inline).body(c.body.clone()));
            let file = ContentType::parse("application/ics; name=\"invite.ics\"")
                .map_err(|e| e.to_string())?;
            MultiPart::mixed()
                .multipart(alternative)
                .singlepart(Attachment::new("invite.ics".to_owned()).body(c.body.clone(), file))
        }
    };
    builder.multipart(body).map_err(|e| e.to_string())
}

impl Mailer for Mail {
    async fn send(&self, m: &Message) -> Sent {
        let message = match build(self.from(), m) {
            Ok(msg) => msg,
            Err(e) => return Sent::Permanent(e),
        };
        let message_id = message
            .headers()
            .get_raw("Message-ID")
            .unwrap_or_default()
            .to_owned();
        match self {
            Self::Smtp { transport, .. } => {
                match tokio::time::timeout(SEND_TIMEOUT, transport.send(message)).await {
                    Ok(Ok(_)) => Sent::Accepted { message_id },
                    Ok(Err(e)) if e.is_permanent() => Sent::Permanent(format!("SMTP: {e}")),
                    Ok(Err(e)) => Sent::Transient(format!("SMTP: {e}")),
                    Err(_) => Sent::Transient(format!(
                        "SMTP: no answer within {} s",
                        SEND_TIMEOUT.as_secs()
                    )),
                }
            }
            Self::Outbox { dir, .. } => {
                let bytes = message.formatted();
                let written = async {
                    tokio::fs::create_dir_all(dir).await?;
                    // Written whole, then renamed: a reader never sees half a message.
                    let tmp = dir.join(format!(".{}.eml.tmp", m.email_id));
                    tokio::fs::write(&tmp, &bytes).await?;
                    tokio::fs::rename(&tmp, dir.join(format!("{}.eml", m.email_id))).await
                }
                .await;
                match written {
                    Ok(()) => Sent::Accepted { message_id },
                    Err(e) => Sent::Transient(format!("outbox {}: {e}", dir.display())),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_outbox_prunes_old_messages_only() {
        let dir = std::env::temp_dir().join(format!("skyslots-prune-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).ok();
        std::fs::write(dir.join("eml_a.eml"), "x").ok();
        std::fs::write(dir.join("notes.txt"), "x").ok();
        let mail = Mail::outbox(dir.clone(), "a@example.com").ok();
        let mail = mail.as_ref();
        let kept = mail.map(|m| m.prune(Duration::from_secs(3600)));
        assert_eq!(
            futures_util::future::OptionFuture::from(kept)
                .await
                .map(|r| r.ok()),
            Some(Some(0))
        );
        let all = mail.map(|m| m.prune(Duration::ZERO));
        assert_eq!(
            futures_util::future::OptionFuture::from(all)
                .await
                .map(|r| r.ok()),
            Some(Some(1))
        );
        assert!(
            dir.join("notes.txt").exists(),
            "only .eml files are the outbox's"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn smtp_urls_name_host_port_tls_and_credentials() {
        let c = SmtpConfig::parse("smtp://user%40x.com:p%3As+s@mail.example.com:587").ok();
        let c = c.as_ref();
        assert_eq!(c.map(|c| c.host.as_str()), Some("mail.example.com"));
        assert_eq!(c.map(|c| c.tls), Some(TlsMode::StartTls));
        assert_eq!(
            c.and_then(|c| c.credentials.clone()),
            Some(("user@x.com".into(), "p:s+s".into()))
        );
        assert!(
            !format!("{c:?}").contains("p:s+s"),
            "the password is never printed"
        );
        let local = SmtpConfig::parse("smtp://127.0.0.1:2525?tls=none").ok();
        assert_eq!(
            local.as_ref().map(|c| (c.port, c.tls)),
            Some((2525, TlsMode::None))
        );
        let implicit = SmtpConfig::parse("smtps://mail.example.com").ok();
        assert_eq!(
            implicit.map(|c| (c.port, c.tls)),
            Some((465, TlsMode::Implicit))
        );
        assert!(SmtpConfig::parse("http://mail.example.com").is_err());
        assert!(SmtpConfig::parse("smtp://mail.example.com?tls=maybe").is_err());
        let private = SmtpConfig::parse("smtp://relay.internal?ca_file=/etc/ssl/relay-ca.pem").ok();
        assert_eq!(
            private.and_then(|c| c.ca_file),
            Some(PathBuf::from("/etc/ssl/relay-ca.pem"))
        );
        let missing = SmtpConfig::parse("smtp://relay.internal?ca_file=/nonexistent/ca.pem")
            .ok()
            .map(|c| Mail::smtp(&c, "a@example.com").err());
        assert!(
            missing.flatten().is_some_and(|e| e.contains("ca_file")),
            "a CA file that cannot be read stops the start"
        );
    }
}
