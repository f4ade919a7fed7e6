//! The command line. Clap types stay here; handlers in `commands/` turn them into service calls.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "regain",
    version,
    about = "Regain: self-hosted access recovery and second-factor server",
    long_about = "Regain issues temporary second-factor codes, runs self-service password reset and verifies second factors.\n\nConfiguration comes from --config (TOML) and REGAIN_SECTION__KEY environment variables; run `regain config check` to see the result.",
    propagate_version = true
)]
pub struct Cli {
    /// Configuration file (TOML). Also REGAIN_CONFIG.
    #[arg(
        long,
        short = 'c',
        global = true,
        env = "REGAIN_CONFIG",
        value_name = "FILE"
    )]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the server (on first start: creates the first administrator; with the embedded directory,
    /// prints their one-time setup link).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Check or show the configuration.
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Manage users.
    #[command(subcommand)]
    User(UserCmd),
    /// Manage user policies.
    #[command(subcommand)]
    Policy(PolicyCmd),
    /// Manage administrator roles.
    #[command(subcommand)]
    Role(RoleCmd),
    /// Show or change enterprise settings.
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Clients of the authentication API (VPN gateway adapters, workstation agents).
    #[command(subcommand)]
    Client(ClientCmd),
    /// Second-factor methods: OTP tokens (enroll, confirm, verify, import) and phone numbers.
    #[command(subcommand)]
    Otp(OtpCmd),
    /// The organisation's directory (Active Directory, OpenLDAP).
    #[command(subcommand)]
    Directory(DirectoryCmd),
    /// Temporary codes: generate, replace, revoke, show (status only; a code is shown once).
    #[command(subcommand)]
    Tempcode(TempcodeCmd),
    /// Read, verify and export the audit log.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Notifications: administrators' subscriptions, a test message, the outbox.
    #[command(subcommand)]
    Notifications(NotificationsCmd),
    /// RADIUS: a new shared secret, the configured clients.
    #[command(subcommand)]
    Radius(RadiusCmd),
    /// Run a demo server with sample users, policies and roles in a throwaway data directory.
    Demo(DemoArgs),
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Subcommand)]
pub enum ConfigCmd {
    /// Validate the configuration and print it with secrets redacted.
    Check,
}

#[derive(Subcommand)]
pub enum UserCmd {
    /// Add a user (and, with the embedded directory, their account).
    Add {
        username: String,
        #[arg(long, default_value = "")]
        display_name: String,
        /// User policy (default: "Default").
        #[arg(long)]
        policy: Option<String>,
        /// Read the initial password from the first line of standard input. Without it, a
        /// one-time link is printed for the user to choose one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users, optionally filtered by a search on user name and display name.
    List {
        #[arg(long, short = 's', default_value = "")]
        search: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Show a user's details, policy, role and directory state.
    Show { username: String },
    /// Disable a user (they can no longer sign in).
    Disable { username: String },
    /// Enable a disabled user.
    Enable { username: String },
    /// Set a user's password (read from standard input), as an administrator.
    SetPassword {
        username: String,
        /// Required: read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Make the user change it at next sign-in.
        #[arg(long)]
        must_change: bool,
    },
    /// Release a locked account.
    Unlock { username: String },
    /// Set where a user's notices go: their email address (`--email ""` removes it) and the
    /// language of the messages.
    SetContact {
        username: String,
        #[arg(long)]
        email: Option<String>,
        /// One of: pt-BR, da, de, en, es, fr, it, nl, fi, sv.
        #[arg(long)]
        language: Option<String>,
    },
    /// Print a one-time link (valid 24 hours) for the user to choose a password.
    SetupLink { username: String },
    /// Move a user to another policy.
    SetPolicy { username: String, policy: String },
    /// List a user's authentication methods (second factors).
    Methods { username: String },
    /// Delete one of a user's enrollments (stolen device). Cannot be undone.
    DeleteMethod { username: String, method_id: String },
    /// Record that the user's identity was proofed again, which reopens order signing after a
    /// deleted enrollment.
    RecordProofing {
        username: String,
        /// How the identity was checked, for the audit log.
        #[arg(long)]
        note: String,
    },
}

#[derive(Subcommand)]
pub enum RadiusCmd {
    /// Print a new shared secret (32 random letters and digits) for a gateway and its
    /// [[radius.clients]] entry.
    Secret,
    /// List the configured RADIUS clients; with --from, the client that answers requests from
    /// that address.
    Clients {
        #[arg(long)]
        from: Option<std::net::IpAddr>,
    },
    /// Send an Access-Request to a RADIUS server (Regain or another) as a gateway would and
    /// print each step. The first line of standard input is the password; each later line
    /// answers a challenge (empty: Enter).
    Test {
        /// The server, e.g. 127.0.0.1:1812.
        #[arg(long)]
        server: std::net::SocketAddr,
        #[arg(long)]
        user: String,
        /// A file holding the shared secret (first line).
        #[arg(long)]
        secret_file: std::path::PathBuf,
        /// Send no Message-Authenticator (as pam_radius_auth does).
        #[arg(long)]
        no_message_authenticator: bool,
        /// Seconds to wait for each answer.
        #[arg(long, default_value_t = 5)]
        timeout: u64,
    },
}

#[derive(Subcommand)]
pub enum NotificationsCmd {
    /// List the subscriptions.
    List,
    /// Subscribe an address to an event: enrollment_declined, locked_out, push_limit or
    /// audit_write_failed.
    Subscribe {
        #[arg(long)]
        event: String,
        /// email or webhook.
        #[arg(long, default_value = "email")]
        channel: String,
        /// The email address, or the webhook's https:// URL.
        #[arg(long)]
        address: String,
        /// Only for this user (default: any user).
        #[arg(long, default_value = "")]
        user: String,
    },
    /// Remove a subscription (its number from `list`).
    Unsubscribe { id: i64 },
    /// Queue a test message to an address.
    Test {
        #[arg(long, default_value = "email")]
        channel: String,
        #[arg(long)]
        address: String,
    },
    /// The newest notices and their state.
    Outbox {
        /// pending, sent or failed.
        #[arg(long)]
        state: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Subcommand)]
pub enum ClientCmd {
    /// Register a client; prints its credential once.
    Add {
        name: String,
        /// Trusted clients receive refusal reasons (never give this to third parties).
        #[arg(long)]
        trusted: bool,
        /// The credential acts for this administrator (helpdesk integrations: temporary codes),
        /// with their role's permissions, instead of starting sign-ins.
        #[arg(long)]
        admin: Option<String>,
    },
    List,
    /// Revoke a client's credential at once.
    Revoke {
        name: String,
    },
}

#[derive(Subcommand)]
pub enum OtpCmd {
    /// Start enrolling a software OTP token for a user: prints the otpauth:// URI and the seed.
    Enroll {
        username: String,
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Finish an enrollment with the first code the app shows.
    Confirm {
        username: String,
        method_id: String,
        code: String,
    },
    /// Check a code as a second factor (it is used up when accepted).
    Verify { username: String, code: String },
    /// Start enrolling a phone number for SMS codes: a code is sent to it (demo: data_dir/sms-outbox.txt).
    EnrollPhone { username: String, number: String },
    /// Finish a phone-number enrollment with the code that was sent.
    ConfirmPhone {
        username: String,
        method_id: String,
        code: String,
    },
    /// Start enrolling a push authenticator: prints a one-time link (valid 15 minutes) and its QR
    /// code for the user's app (`regain-authenticator enroll LINK`).
    EnrollPush {
        username: String,
        /// Print only the link (for scripts), no QR code.
        #[arg(long)]
        no_qr: bool,
    },
    /// Import hardware tokens from a vendor's PSKC file (RFC 6030; plain values, or encrypted with
    /// a pre-shared key given by --psk-file), or from CSV:
    /// serial,username,seed[,type[,algorithm[,digits[,period]]]]
    /// (seed in hex, or base32:...). The whole file is checked first; a bad line imports nothing.
    Import {
        file: std::path::PathBuf,
        /// For PSKC files whose keys carry no UserId: a CSV of serial,username.
        #[arg(long)]
        user_map: Option<std::path::PathBuf>,
        /// For PSKC files encrypted with a pre-shared key (RFC 6030 §6.1): a file holding the
        /// key in hex, as the vendor delivered it.
        #[arg(long)]
        psk_file: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum PolicyCmd {
    /// List policies.
    List,
    /// Show every setting of a policy, as key = value.
    Show { name: String },
    /// Create a policy with safe defaults, or as a copy of another.
    Create {
        name: String,
        #[arg(long)]
        copy_of: Option<String>,
    },
    /// Change settings: `regain policy set NAME remote_access.factors=push,otp lockout.threshold=5`.
    /// All changes apply together or not at all.
    Set {
        name: String,
        #[arg(required = true, value_name = "KEY=VALUE")]
        changes: Vec<String>,
    },
}

#[derive(Subcommand)]
pub enum RoleCmd {
    /// List roles with their permissions, and the administrators.
    List,
    /// Create a role with no permissions (deny by default).
    Create { name: String },
    /// Grant permissions to a role. `regain role grant Helpdesk users.unlock temporary_codes.manage`.
    Grant {
        role: String,
        #[arg(required = true, value_name = "PERMISSION")]
        permissions: Vec<String>,
    },
    /// Revoke permissions from a role.
    Revoke {
        role: String,
        #[arg(required = true, value_name = "PERMISSION")]
        permissions: Vec<String>,
    },
    /// Make a user an administrator with this role.
    Assign { role: String, username: String },
    /// Cap the lifetime of temporary codes the role may issue (e.g. 24h), or `none`.
    Limit {
        role: String,
        max_temporary_code_lifetime: String,
    },
    /// List every permission with its label.
    Permissions,
}

#[derive(Subcommand)]
pub enum SettingsCmd {
    Show,
    /// Change settings: `regain settings set allow_temporary_codes=true`.
    Set {
        #[arg(required = true, value_name = "KEY=VALUE")]
        changes: Vec<String>,
    },
}

#[derive(Subcommand)]
pub enum AuditCmd {
    /// List records, newest first.
    List(AuditFilterArgs),
    /// Check the hash chain; names the first broken or missing record. Exit code 1 if broken.
    Verify {
        /// Also check the signed checkpoints in this directory (NODE.jsonl files): notices
        /// records cut below a checkpoint, a deleted chain, and a rewrite with the chain's key.
        #[arg(long)]
        checkpoints: Option<PathBuf>,
        /// The checkpoint key's public key (base64) to trust; default: this installation's
        /// checkpoint key (pin it when the data directory itself may have been replaced).
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Write a signed checkpoint of this node's chain now (`regain serve` writes them at
    /// audit.checkpoint_interval); prints the checkpoint key's public key.
    Checkpoint,
    /// Write records as JSON lines (oldest first per node) to standard output or a file.
    Export {
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
}

#[derive(Args)]
pub struct AuditFilterArgs {
    #[arg(long)]
    pub actor: Option<String>,
    #[arg(long)]
    pub target: Option<String>,
    #[arg(long)]
    pub action: Option<String>,
    /// From this UTC time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z), inclusive.
    #[arg(long)]
    pub since: Option<String>,
    /// Until this UTC time, exclusive.
    #[arg(long)]
    pub until: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    /// Print JSON lines instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct DemoArgs {
    /// Where the demo keeps its data; wiped and re-created on every start.
    #[arg(long, default_value = "regain-demo-data")]
    pub data_dir: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8443")]
    pub listen: String,
    /// Seed the data, print the credentials, and exit without serving.
    #[arg(long)]
    pub seed_only: bool,
    /// Also add this many generated users (no password), to try search and paging.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub extra_users: u32,
    /// The address people reach the demo at, when it runs behind a reverse proxy (for example
    /// deploy/nginx/regain-sspr.conf): links and redirects use it.
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// A reverse proxy whose X-Forwarded-For is believed (repeatable).
    #[arg(long, value_name = "ADDRESS")]
    pub trusted_proxy: Vec<String>,
}

/// Splits `KEY=VALUE` arguments.
pub fn key_values(args: &[String]) -> Result<Vec<(String, String)>, String> {
    args.iter()
        .map(|a| {
            a.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| format!("{a:?} is not KEY=VALUE"))
        })
        .collect()
}

#[derive(Subcommand)]
pub enum TempcodeCmd {
    /// Issue a temporary code (shown once): `--uses once|multiple --expires 24h` or
    /// `--expires 2026-12-01T17:00` (in server.time_zone, or with an offset).
    Generate {
        username: String,
        #[arg(long)]
        uses: String,
        #[arg(long)]
        expires: String,
    },
    /// Replace the user's code with a new one (the old one stops working at once).
    Replace {
        username: String,
        #[arg(long)]
        uses: String,
        #[arg(long)]
        expires: String,
    },
    /// Stop the user's code at once.
    Revoke { username: String },
    /// Whether the user is eligible and has a code, until when (never the code).
    Show { username: String },
}

#[derive(Subcommand)]
pub enum DirectoryCmd {
    /// Check the directory settings: TLS to every server, the service account, a user search,
    /// the service account's rights, and a minimum password age of zero. Exit code 1 on a failure.
    Test {
        /// A user to look up (and check the service account's rights on).
        #[arg(long)]
        user: Option<String>,
    },
    /// Add the directory's users to Regain (under directory.base_dn and user_filter). Policy by
    /// the first matching rule, else --default-policy. Rules:
    /// `--rule 'ou:OU=Contractors,DC=example,DC=org=Contractors'`,
    /// `--rule 'group:CN=Clinicians,OU=Groups,DC=example,DC=org=Clinicians'`.
    Import {
        /// `ou:<DN>=<policy>` or `group:<DN>=<policy>`; repeat for several (first match wins).
        #[arg(long = "rule")]
        rules: Vec<String>,
        #[arg(long, default_value = "Default")]
        default_policy: String,
        /// Also move existing users to the policy their rule names.
        #[arg(long)]
        update_policies: bool,
        /// Only report what would change.
        #[arg(long)]
        dry_run: bool,
    },
}
