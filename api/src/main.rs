//! The `skyslots` binary: serve, migrate, export-spec, org create.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use skyslots_api::server::{self, DbConfig, LogFormat};

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
    Serve {
        #[arg(long, env = "SKYSLOTS_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
    },
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
    let applied = db.migrate().await.map_err(|e| e.to_string())?;
    match cli.command {
        Command::Serve { addr } => {
            if applied > 0 {
                tracing::info!(applied, "migrations applied");
            }
            server::serve(db, addr)
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
            let (org, key) = db
                .create_organization(name, slug.as_deref())
                .await
                .map_err(|e| e.to_string())?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "organization_id": org.id, "slug": org.slug, "api_key": key.secret })
                );
            } else {
                println!("organization: {} ({})", org.name, org.id);
                println!("public slug:  {}", org.slug);
                println!("api key:      {}", key.secret);
                println!("The key is shown only now; store it somewhere safe.");
            }
            Ok(())
        }
        Command::ExportSpec { .. } => Ok(()),
    }
}
