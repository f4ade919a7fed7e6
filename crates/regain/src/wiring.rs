//! The composition root: configuration in, adapters and core services out.

use crate::config::Effective;
use crate::keys::load_keys;
use anyhow::Context;
use regain_core::ids::NodeId;
use regain_core::ports::Clock;
use regain_core::service::Services;
use regain_core::time::Timestamp;
use regain_crypto::KeyedHasher;
use regain_directory::{EmbeddedDirectory, EmbeddedDirectoryConfig, HashPool};
use regain_store::{AuditSigner, Db};
use std::sync::Arc;

/// The wall clock: the only place Regain reads the time.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        Timestamp(ms)
    }
}

pub struct App {
    pub db: Db,
    pub services: Services,
    pub mac: KeyedHasher,
    /// The in-process push channel, shared by the services and the device API.
    pub push_waiters: Arc<regain_web::PushWaiters>,
    /// This node's counters: the services tell them, the directory is timed through them.
    pub metrics: Arc<regain_web::Metrics>,
    /// Base of links printed for people (setup links).
    pub public_url: String,
    /// Whether `server.public_url` was set (else derived from the listen address).
    pub public_url_configured: bool,
    /// Where administrators' times are shown and read.
    pub time_zone: String,
}

/// The store's pools, read by `/metrics` at each scrape.
struct DbPools(Db);

impl regain_web::PoolGauge for DbPools {
    fn pool_use(&self) -> Vec<regain_core::telemetry::PoolUse> {
        self.0.pool_use()
    }
}

/// Opens the database (creating the data directory and keys on first use), migrates it, seeds it
/// and builds the services.
pub async fn open(cfg: &Effective) -> anyhow::Result<App> {
    let (keys, pending) = load_keys(cfg)?;
    let mac = KeyedHasher::new(Arc::new(keys));
    let node = NodeId::parse(&cfg.raw.node_id).map_err(anyhow::Error::msg)?;
    if regain_store::Backend::of_url(&cfg.database_url) == Some(regain_store::Backend::Sqlite) {
        crate::keys::ensure_private_dir(&cfg.raw.data_dir)?;
    }
    let db = Db::connect(
        &cfg.database_url,
        AuditSigner {
            node,
            mac: Arc::new(mac.clone()),
        },
    )
    .await
    .with_context(|| format!("database {}", crate::config::redact_url(&cfg.database_url)))?;
    // Only now that the database answers do new keys go to disk.
    crate::keys::ensure_private_dir(&cfg.raw.data_dir)?;
    for key in pending {
        key.persist()?;
    }
    db.migrate().await.context("migrating the database")?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    db.seed(clock.now()).await.context("seeding the database")?;
    let parallel = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    // One bound on argon2id for directory passwords and temporary codes together.
    let hashes = HashPool::new(parallel);
    let directory: Arc<dyn regain_core::directory::Directory> = match &cfg.ldap {
        Some(l) => Arc::new(regain_directory::LdapDirectory::new(l.clone())?),
        None => Arc::new(EmbeddedDirectory::new(
            Arc::new(db.clone()),
            clock.clone(),
            EmbeddedDirectoryConfig {
                password_policy: cfg.raw.directory.password_policy.clone(),
                lockout: cfg.lockout,
            },
            hashes.clone(),
        )),
    };
    let metrics = Arc::new(regain_web::Metrics::new().context("defining the metrics")?);
    metrics.watch_pools(Box::new(DbPools(db.clone())));
    let directory = Arc::new(regain_web::MeasuredDirectory::new(
        directory,
        metrics.clone(),
    ));
    let push_waiters = Arc::new(regain_web::PushWaiters::default());
    let services = Services {
        store: Arc::new(db.clone()),
        directory,
        clock,
        secrets: Arc::new(mac.clone()),
        audit_mac: Arc::new(mac.clone()),
        code_hashes: Arc::new(hashes.peppered(mac.derived_secret("temporary_code"))),
        answer_hashes: Arc::new(hashes.peppered(mac.derived_secret("security_answer"))),
        sealer: Arc::new(mac.field_cipher()),
        otp: Arc::new(regain_crypto::HmacOtp),
        sms: sms_gateway(cfg)?,
        signatures: Arc::new(regain_crypto::Ed25519Verifier),
        push: Arc::new(crate::push_announce::AnnouncedPush {
            local: push_waiters.clone(),
            db: db.clone(),
        }),
        events: Arc::new(regain_core::events::NoEvents),
        telemetry: metrics.clone(),
    };
    Ok(App {
        db,
        services,
        mac,
        push_waiters,
        metrics,
        public_url: cfg.public_url.clone(),
        public_url_configured: cfg.raw.server.public_url.is_some(),
        time_zone: cfg.time_zone.clone(),
    })
}

/// The outbox's delivery on this node: the configured mail route and the webhook signature.
pub fn notice_delivery(
    app: &App,
    cfg: &Effective,
) -> anyhow::Result<regain_core::service::NoticeDelivery> {
    let n = &cfg.notifications;
    let mail: Option<Arc<dyn regain_notify::MailTransport>> = match &n.mail {
        crate::config::MailRoute::File(path) => Some(Arc::new(regain_notify::FileMailbox::new(
            path.clone(),
            &n.from,
        )?)),
        crate::config::MailRoute::Smtp(c) => Some(Arc::new(regain_notify::SmtpMailer::new(c)?)),
        crate::config::MailRoute::Off => None,
    };
    let sender = regain_notify::NoticeDispatch::new(
        mail,
        n.webhook_secret.clone(),
        std::time::Duration::from_secs(10),
        false,
    )?;
    let default =
        regain_web::i18n::Lang::from_code(&n.language).unwrap_or(regain_web::i18n::Lang::En);
    Ok(regain_core::service::NoticeDelivery {
        store: app.services.store.clone(),
        sender: Arc::new(sender),
        texts: Arc::new(regain_web::i18n::NoticeBundle { default }),
        clock: app.services.clock.clone(),
        telemetry: app.services.telemetry.clone(),
        node: NodeId::parse(&cfg.raw.node_id).map_err(anyhow::Error::msg)?,
        retry: n.retry,
        batch: 20,
    })
}

/// The configured SMS gateway: the file outbox (demo) or the signed HTTPS webhook.
fn sms_gateway(cfg: &Effective) -> anyhow::Result<Arc<dyn regain_core::sms::SmsGateway>> {
    let sms = &cfg.raw.sms;
    if sms.gateway != "webhook" {
        // The demo's phone: messages land in this file, never in the log.
        return Ok(Arc::new(regain_notify::FileOutbox::new(
            cfg.raw.data_dir.join("sms-outbox.txt"),
        )));
    }
    let secret = match (&sms.webhook_secret, &sms.webhook_secret_file) {
        (Some(s), _) => s.clone(),
        (None, Some(f)) => std::fs::read_to_string(f)
            .with_context(|| format!("sms.webhook_secret_file: cannot read {}", f.display()))?
            .trim()
            .to_owned(),
        (None, None) => anyhow::bail!("sms.webhook_secret: missing"),
    };
    let url = sms.webhook_url.clone().unwrap_or_default();
    Ok(Arc::new(regain_notify::WebhookSms::new(
        &url,
        secrecy::SecretString::from(secret),
        cfg.sms_timeout,
        sms.retries,
        false,
    )?))
}
