//! The `skyslots` binary: serve, migrate, export-spec, org create.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use std::time::Duration;

use skyslots_api::connections::HttpLimits;
use skyslots_api::limits::RateLimitConfig;
use skyslots_api::server::{self, DbConfig, LogFormat};
use skyslots_api::tokens::{KeyRing, SigningKeys};
use skyslots_api::AppState;

#[derive(Parser)]
#[command(
    name = "skyslots",
    version,
    about = "Headless scheduling and booking API"
)]
struct Cli {
    /// PostgreSQL URL (postgres://...); without it an embedded SQLite file is used.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    database_url: Option<String>,
    /// Directory of the embedded SQLite database.
    #[arg(
        long,
        env = "SKYSLOTS_DATA_DIR",
        default_value = "./skyslots-data",
        global = true
    )]
    data_dir: PathBuf,
    #[arg(long, value_enum, default_value = "text", global = true)]
    log_format: Format,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server (migrating the database first).
    Serve(Box<ServeArgs>),
    /// Apply pending database migrations.
    Migrate,
    /// Print the OpenAPI document (no database needed).
    ExportSpec {
        /// Print the one-line-per-operation listing instead.
        #[arg(long)]
        operations: bool,
    },
    /// Organizations.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// The signing keys of scoped tokens (no database needed).
    Keys {
        /// The key file; default `signing-keys.json` in the data directory.
        #[arg(long, env = "SKYSLOTS_SIGNING_KEYS_FILE")]
        file: Option<PathBuf>,
        #[command(subcommand)]
        command: KeysCommand,
    },
}

#[derive(clap::Args)]
struct ServeArgs {
    #[arg(long, env = "SKYSLOTS_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The URL clients reach this server at, for links in responses (one-time link URLs);
    /// default `http://ADDR`.
    #[arg(long, env = "SKYSLOTS_PUBLIC_URL")]
    public_url: Option<String>,
    /// The signing key file of scoped tokens; default `signing-keys.json` in the data
    /// directory, created with one key if missing. Instances sharing a database share it.
    #[arg(long, env = "SKYSLOTS_SIGNING_KEYS_FILE")]
    signing_keys_file: Option<PathBuf>,
    /// Public reads per client IP: `N/S` (N requests per S seconds) or `off`.
    #[arg(
        long,
        env = "SKYSLOTS_RATE_LIMIT_PUBLIC_READ",
        default_value = "300/60"
    )]
    rate_limit_public_read: Limit,
    /// Public bookings, cancellations and reschedules per client IP: `N/S` or `off`.
    #[arg(
        long,
        env = "SKYSLOTS_RATE_LIMIT_PUBLIC_WRITE",
        default_value = "20/60"
    )]
    rate_limit_public_write: Limit,
    /// Requests per API key or token subject: `N/S` or `off`.
    #[arg(long, env = "SKYSLOTS_RATE_LIMIT_API", default_value = "6000/60")]
    rate_limit_api: Limit,
    /// Failed authentications (wrong, revoked or malformed keys and tokens) per client IP:
    /// `N/S` or `off`. Past it the address gets 429 instead of another lookup.
    #[arg(
        long,
        env = "SKYSLOTS_RATE_LIMIT_AUTH_FAILURES",
        default_value = "60/60"
    )]
    rate_limit_auth_failures: Limit,
    /// Seconds a client has to send a request's head (request line and headers).
    #[arg(long, env = "SKYSLOTS_HEADER_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    header_timeout_secs: u64,
    /// Seconds a kept-alive connection may wait for its next request before it is closed.
    #[arg(long, env = "SKYSLOTS_IDLE_TIMEOUT_SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    idle_timeout_secs: u64,
    /// Seconds a client has to send a request body (408 past it), and to read a response.
    #[arg(long, env = "SKYSLOTS_BODY_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    body_timeout_secs: u64,
    /// Connections open at once; more wait until one closes. Kept below the open-file limit
    /// (raised to its hard limit at start).
    #[arg(long, env = "SKYSLOTS_MAX_CONNECTIONS", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    max_connections: u64,
    /// Take the client IP from this header (set by your reverse proxy, e.g.
    /// `x-forwarded-for`; its last entry is used). Only set it behind a proxy that sets it:
    /// otherwise clients choose their own IP.
    #[arg(long, env = "SKYSLOTS_CLIENT_IP_HEADER")]
    client_ip_header: Option<String>,
    /// Seconds between writes of counted link views to the database.
    #[arg(long, env = "SKYSLOTS_VIEWS_FLUSH_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    views_flush_secs: u64,
    /// Days events stay readable in `GET /v1/events` before the hourly purge removes them.
    #[arg(long, env = "SKYSLOTS_EVENT_RETENTION_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3650))]
    event_retention_days: u32,
    /// Run the background workers here (event numbering, due jobs such as expiries). Set to
    /// false on API-only instances; at least one instance per database must run them.
    #[arg(long, env = "SKYSLOTS_WORKER", default_value_t = true, action = clap::ArgAction::Set)]
    worker: bool,
    /// Let outbound requests (webhooks) use http and reach loopback, private and link-local
    /// addresses. For development and tests only: it opens the server to SSRF.
    #[arg(long, env = "SKYSLOTS_ALLOW_PRIVATE_URLS", default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    allow_private_urls: bool,
    /// The key that seals webhook secrets at rest (created if missing); default
    /// `secrets.key` in the data directory. Instances sharing a database must share it.
    #[arg(long, env = "SKYSLOTS_SECRETS_KEY_FILE")]
    secrets_key_file: Option<PathBuf>,
    /// The SMTP server emails go through: `smtp://user:pass@host:587` (STARTTLS),
    /// `smtps://host:465` (TLS), `smtp://127.0.0.1:2525?tls=none` (plain, local only).
    /// Without it, emails are written as `.eml` files to `outbox/` in the data directory.
    #[arg(long, env = "SKYSLOTS_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// Take payments with Stripe: the secret key (`sk_test_…` in test mode). Without it,
    /// links that collect online cannot be booked (`payments_not_configured`).
    #[arg(long, env = "SKYSLOTS_STRIPE_SECRET_KEY", hide_env_values = true)]
    stripe_secret_key: Option<String>,
    /// The signing secret of the Stripe webhook endpoint (`whsec_…`) that points at
    /// `/v1/stripe/webhook`; payments are confirmed by those webhooks.
    #[arg(long, env = "SKYSLOTS_STRIPE_WEBHOOK_SECRET", hide_env_values = true)]
    stripe_webhook_secret: Option<String>,
    /// The Stripe publishable key (`pk_test_…`) booking pages and the widget load Stripe.js
    /// with, to pay with Stripe Elements.
    #[arg(long, env = "SKYSLOTS_STRIPE_PUBLISHABLE_KEY")]
    stripe_publishable_key: Option<String>,
    /// Where the Stripe API is: a Stripe-compatible server for tests (localstripe).
    #[arg(
        long,
        env = "SKYSLOTS_STRIPE_API_BASE",
        default_value = "https://api.stripe.com"
    )]
    stripe_api_base: String,
    /// The platform's fee on payments to organizations' connected Stripe accounts, in
    /// hundredths of a percent (250 = 2.5 %).
    #[arg(long, env = "SKYSLOTS_PLATFORM_FEE_BASIS_POINTS", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    platform_fee_basis_points: u32,
    /// A fixed part of the platform's fee, in minor units of each payment's currency.
    #[arg(long, env = "SKYSLOTS_PLATFORM_FEE_FIXED", default_value_t = 0, value_parser = clap::value_parser!(i64).range(0..=100_000_000))]
    platform_fee_fixed: i64,
    /// The sender of emails: `Name <address>` or an address.
    #[arg(long, env = "SKYSLOTS_MAIL_FROM", default_value = skyslots_api::state::DEFAULT_MAIL_FROM)]
    mail_from: String,
}

/// A rate limit setting: `N/S` or `off`.
#[derive(Clone, Copy, Debug)]
struct Limit(Option<skyslots_api::limits::Rate>);

impl std::str::FromStr for Limit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.trim().eq_ignore_ascii_case("off") {
            Ok(Self(None))
        } else {
            s.parse().map(|r| Self(Some(r)))
        }
    }
}

#[derive(Subcommand)]
enum KeysCommand {
    /// List the keys (ids and creation times; never the secrets). The last one signs.
    List,
    /// Add a new signing key. Tokens signed by older keys stay valid until they expire.
    Rotate,
    /// Remove a key: tokens it signed stop working at once. Retire a key a day after
    /// rotating, when no token it signed can still be unexpired.
    Retire { kid: String },
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Create an organization and its first API key (shown only here).
    Create {
        name: String,
        /// Public slug used in public link URLs (a-z, 0-9, -); derived from the name if
        /// omitted.
        #[arg(long)]
        slug: Option<String>,
        /// Print `{"organization_id": ..., "slug": ..., "api_key": ...}`.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Keys { file, command } = &cli.command {
        let path = file
            .clone()
            .unwrap_or_else(|| cli.data_dir.join("signing-keys.json"));
        return match keys(&path, command) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        };
    }
    if let Command::ExportSpec { operations } = cli.command {
        // A closed pipe (`| head`) is not an error worth a panic.
        use std::io::Write as _;
        let text = if operations {
            skyslots_api::operations_listing()
        } else {
            skyslots_api::spec() + "\n"
        };
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
        return ExitCode::SUCCESS;
    }
    server::init_logging(match cli.log_format {
        Format::Text => LogFormat::Text,
        Format::Json => LogFormat::Json,
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let config = DbConfig {
        database_url: cli.database_url.clone(),
        data_dir: cli.data_dir.clone(),
    };
    let db = config.open().await.map_err(|e| e.to_string())?;
    let location = config.location();
    let applied = db.migrate().await.map_err(|e| e.to_string())?;
    match cli.command {
        Command::Serve(args) => {
            if applied > 0 {
                tracing::info!(applied, "migrations applied");
            }
            tracing::info!(database = %location, "data");
            if !skyslots_app::organizations::any(&db)
                .await
                .map_err(|e| e.to_string())?
            {
                tracing::warn!(
                    "no organization yet: create one with `skyslots org create NAME` using the \
                     same data directory or DATABASE_URL ({location})"
                );
            }
            let keys_file = args
                .signing_keys_file
                .clone()
                .unwrap_or_else(|| cli.data_dir.join("signing-keys.json"));
            let keys = KeyRing::from_file(&keys_file)?;
            let secrets_file = args
                .secrets_key_file
                .clone()
                .unwrap_or_else(|| cli.data_dir.join("secrets.key"));
            let secrets = skyslots_api::tokens::secrets_key_from_file(&secrets_file)?;
            if args.allow_private_urls {
                tracing::warn!(
                    "--allow-private-urls: webhooks may reach loopback and private addresses over http"
                );
            }
            let mail = match &args.smtp_url {
                Some(url) => skyslots_api::mail::Mail::smtp(
                    &skyslots_api::mail::SmtpConfig::parse(url)?,
                    &args.mail_from,
                )?,
                None => skyslots_api::mail::Mail::outbox(
                    std::path::absolute(cli.data_dir.join("outbox"))
                        .unwrap_or_else(|_| cli.data_dir.join("outbox")),
                    &args.mail_from,
                )?,
            };
            tracing::info!("{}", mail.describe());
            let stripe = match &args.stripe_secret_key {
                Some(key) => {
                    let stripe =
                        skyslots_api::stripe::Stripe::new(skyslots_api::stripe::StripeConfig {
                            secret_key: key.clone(),
                            publishable_key: args.stripe_publishable_key.clone(),
                            webhook_secret: args.stripe_webhook_secret.clone(),
                            api_base: args.stripe_api_base.clone(),
                        })?;
                    tracing::info!("{}", stripe.describe());
                    Some(stripe)
                }
                None => {
                    tracing::info!("payments: none configured (SKYSLOTS_STRIPE_SECRET_KEY); links that collect online cannot be booked");
                    None
                }
            };
            let limits = RateLimitConfig {
                public_read: args.rate_limit_public_read.0,
                public_write: args.rate_limit_public_write.0,
                authenticated: args.rate_limit_api.0,
                auth_failures: args.rate_limit_auth_failures.0,
                client_ip_header: args.client_ip_header.clone(),
            };
            let public_url = args
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", args.addr));
            let state = AppState::new(db)
                .with_public_url(&public_url)
                .with_key_ring(keys)
                .with_rate_limits(&limits)
                .with_views_flush_every(std::time::Duration::from_secs(args.views_flush_secs))
                .with_event_retention(chrono::Duration::days(i64::from(args.event_retention_days)))
                .with_worker(args.worker)
                .with_secrets_key(secrets)
                .with_allow_private_urls(args.allow_private_urls)
                .with_mail(mail)
                .with_stripe(stripe)
                .with_platform_fee(skyslots_app::payments::PlatformFee {
                    basis_points: args.platform_fee_basis_points,
                    fixed: args.platform_fee_fixed,
                })
                .with_http_limits(HttpLimits {
                    header_timeout: Duration::from_secs(args.header_timeout_secs),
                    idle_timeout: Duration::from_secs(args.idle_timeout_secs),
                    body_timeout: Duration::from_secs(args.body_timeout_secs),
                    max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
                });
            server::serve(state, args.addr)
                .await
                .map_err(|e| format!("server: {e}"))
        }
        Command::Migrate => {
            println!("{applied} migration(s) applied ({})", db.backend());
            Ok(())
        }
        Command::Org {
            command: OrgCommand::Create { name, slug, json },
        } => {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 200 {
                return Err("the organization name must be 1-200 characters".into());
            }
            let (org, key) = skyslots_app::organizations::create(&db, name, slug.as_deref())
                .await
                .map_err(|e| e.to_string())?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "organization_id": org.id, "slug": org.slug, "api_key": key.secret })
                );
                eprintln!("created in {location}");
            } else {
                println!("database:     {location}");
                println!("organization: {} ({})", org.name, org.id);
                println!("public slug:  {}", org.slug);
                println!("api key:      {}", key.secret);
                println!("The key is shown only now; store it somewhere safe.");
            }
            Ok(())
        }
        Command::ExportSpec { .. } | Command::Keys { .. } => Ok(()),
    }
}

fn keys(path: &std::path::Path, command: &KeysCommand) -> Result<(), String> {
    match command {
        KeysCommand::List => {
            let ring = SigningKeys::load_or_create(path)?;
            let last = ring.keys().len() - 1;
            for (i, k) in ring.keys().iter().enumerate() {
                let role = if i == last { "signing" } else { "verifying" };
                println!("{}  {}  {role}", k.kid, k.created_at.to_rfc3339());
            }
        }
        KeysCommand::Rotate => {
            let key = SigningKeys::rotate(path)?;
            println!("{}", key.kid);
            eprintln!(
                "New tokens are signed with {} once servers re-read the file (within a minute).",
                key.kid
            );
        }
        KeysCommand::Retire { kid } => {
            SigningKeys::retire(path, kid)?;
            eprintln!("Retired {kid}; servers stop accepting it within a minute.");
        }
    }
    Ok(())
}
