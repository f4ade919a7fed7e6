//! Configuration: defaults, validation errors that name the key, redaction.

use super::*;

#[test]
fn defaults_validate_to_loopback_https_and_sqlite_in_data_dir() {
    let e = Config::default().validate().unwrap();
    assert_eq!(e.listen.to_string(), "127.0.0.1:8443");
    assert_eq!(e.tls, TlsMode::SelfSigned);
    assert!(
        e.database_url.starts_with("sqlite://")
            && e.database_url.ends_with("regain-data/regain.db")
    );
}

#[test]
fn plain_http_only_behind_a_proxy() {
    let mut c = Config::default();
    c.server.tls = "off".into();
    assert!(
        c.clone()
            .validate()
            .err()
            .unwrap()
            .0
            .contains("behind_proxy")
    );
    c.server.behind_proxy = true;
    assert_eq!(c.validate().unwrap().tls, TlsMode::Off);
}

#[test]
fn bad_values_name_the_key_and_the_form() {
    let mut c = Config::default();
    c.server.listen = "localhost".into();
    assert!(
        c.validate()
            .err()
            .unwrap()
            .0
            .starts_with("server.listen: \"localhost\" is not an address")
    );
    let mut c = Config::default();
    c.directory.lockout.window = "soon".into();
    assert!(
        c.validate()
            .err()
            .unwrap()
            .0
            .starts_with("directory.lockout.window")
    );
    let mut c = Config::default();
    c.database.url = Some("mysql://x".into());
    assert!(c.validate().err().unwrap().0.starts_with("database.url"));
}

/// Issue 14, point 11: the metrics settings are checked and the token never printed.
#[test]
fn metrics_listen_and_token_are_checked() {
    let mut c = Config::default();
    c.metrics.listen = "nowhere".into();
    let e = c.clone().validate().err().map(|e| e.0).unwrap_or_default();
    assert!(e.starts_with("metrics.listen"), "{e}");
    c.metrics.listen = "off".into();
    c.metrics.token = Some("short".into());
    let e = c.clone().validate().err().map(|e| e.0).unwrap_or_default();
    assert!(e.starts_with("metrics.token"), "{e}");
    c.metrics.token = Some("a-long-enough-metrics-token-1234".into());
    let eff = c.validate().unwrap();
    assert_eq!(eff.metrics_listen, None);
    assert!(!eff.redacted_toml().contains("a-long-enough"));
    assert_eq!(
        Config::default().validate().unwrap().metrics_listen,
        Some("127.0.0.1:9464".parse().unwrap()),
        "loopback by default"
    );
}

#[test]
fn urls_are_redacted() {
    assert_eq!(
        redact_url("postgres://u:secret@h:5432/db"),
        "postgres://u:[redacted]@h:5432/db"
    );
    assert_eq!(redact_url("sqlite:///x.db"), "sqlite:///x.db");
}

fn notifications_error(change: impl FnOnce(&mut Config)) -> String {
    let mut c = Config::default();
    change(&mut c);
    c.validate().err().map(|e| e.0).unwrap_or_default()
}

#[test]
fn notification_settings_name_the_key_and_the_fix() {
    let e = Config::default().validate().unwrap();
    assert!(matches!(e.notifications.mail, MailRoute::File(_)));
    assert!(e.warnings().iter().any(|w| w.contains("mail-outbox.txt")));
    for (change, says) in [
        (
            (|c: &mut Config| c.notifications.mail = "pigeon".into()) as fn(&mut Config),
            "notifications.mail",
        ),
        (
            |c| c.notifications.mail = "smtp".into(),
            "notifications.smtp.host",
        ),
        (
            |c| {
                c.notifications.mail = "smtp".into();
                c.notifications.smtp.host = "mail.example.org".into();
                c.notifications.smtp.security = "none".into();
            },
            "allowed only to a relay on this machine",
        ),
        (
            |c| {
                c.notifications.mail = "smtp".into();
                c.notifications.smtp.host = "mail.example.org".into();
                c.notifications.smtp.security = "ssl".into();
            },
            "notifications.smtp.security",
        ),
        (
            |c| {
                c.notifications.mail = "smtp".into();
                c.notifications.smtp.host = "mail.example.org".into();
                c.notifications.smtp.ca_file = Some("/nonexistent/ca.pem".into());
            },
            "notifications.smtp.ca_file",
        ),
        (
            |c| c.notifications.language = "tlh".into(),
            "notifications.language",
        ),
        (
            |c| c.notifications.from = "nobody".into(),
            "notifications.from",
        ),
        (
            |c| c.notifications.interval = "0s".into(),
            "notifications.interval",
        ),
        (|c| c.notifications.attempts = 0, "notifications.attempts"),
        (
            |c| c.notifications.webhook_secret = Some("short".into()),
            "notifications.webhook_secret",
        ),
    ] {
        let e = notifications_error(change);
        assert!(e.contains(says), "{says}: {e}");
    }
    let mut c = Config::default();
    c.notifications.mail = "smtp".into();
    c.notifications.smtp.host = "mail.example.org".into();
    c.notifications.smtp.password = Some("s3cret-smtp".into());
    c.notifications.smtp.username = Some("regain".into());
    let e = c.validate().unwrap();
    match &e.notifications.mail {
        MailRoute::Smtp(s) => assert_eq!(s.port, 587),
        other => panic!("{other:?}"),
    }
    assert!(!e.redacted_toml().contains("s3cret-smtp"));
    assert!(e.warnings().iter().any(|w| w.contains("password_file")));
}

fn client(name: &str, address: &str, secret: &str) -> RadiusClientConfigForTests {
    RadiusClientConfigForTests {
        name: name.into(),
        address: address.into(),
        secret: secret.into(),
    }
}

struct RadiusClientConfigForTests {
    name: String,
    address: String,
    secret: String,
}

fn with_clients(clients: &[RadiusClientConfigForTests]) -> Config {
    let toml = clients
        .iter()
        .map(|c| {
            format!(
                "[[radius.clients]]\nname = {:?}\naddress = {:?}\nsecret = {:?}\nworkflow = \"remote_access\"\n",
                c.name, c.address, c.secret
            )
        })
        .collect::<String>();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("regain.toml");
    std::fs::write(&path, toml).unwrap();
    Config::load(Some(&path)).unwrap()
}

#[test]
fn req36_radius_secrets_up_to_64_octets_and_a_warning_at_12_or_fewer() {
    let good = "Q7mYw2rTa9LkXe4PcV8nBd3sHf6JuZ1g";
    let e = with_clients(&[client("vpn-1", "192.0.2.0/24", good)])
        .validate()
        .unwrap();
    assert!(e.radius.warnings.is_empty(), "{:?}", e.radius.warnings);
    assert!(!e.redacted_toml().contains(good), "the secret is redacted");
    let e = with_clients(&[client("vpn-1", "192.0.2.10", "testing123")])
        .validate()
        .unwrap();
    assert!(
        e.warnings()
            .iter()
            .any(|w| w.contains("10 octets") && w.contains("regain radius secret"))
    );
    let e = with_clients(&[client("vpn-1", "192.0.2.10", &"x".repeat(64))]).validate();
    assert!(e.is_ok());
    let e = with_clients(&[client("vpn-1", "192.0.2.10", &"x".repeat(65))])
        .validate()
        .err()
        .unwrap();
    assert!(
        e.0.contains("radius.clients[0].secret") && e.0.contains("at most 64"),
        "{e}"
    );
}

#[test]
fn radius_clients_name_what_is_wrong() {
    let s = "Q7mYw2rTa9LkXe4PcV8nBd3sHf6JuZ1g";
    for (clients, says) in [
        (
            vec![client("vpn", "vpn.example.org", s)],
            "radius.clients[0].address",
        ),
        (vec![client("vpn", "10.1.2.3/16", s)], "10.1.0.0/16"),
        (
            vec![
                client("vpn", "10.1.0.0/16", s),
                client("vpn", "10.2.0.0/16", s),
            ],
            "another client",
        ),
        (
            vec![client("a", "10.1.0.0/16", s), client("b", "10.1.0.0/16", s)],
            "already the address",
        ),
        (vec![client("", "10.1.0.0/16", s)], "radius.clients[0].name"),
    ] {
        let e = with_clients(&clients).validate().err().unwrap();
        assert!(e.0.contains(says), "{says}: {e}");
    }
    let mut c = Config::default();
    c.radius.reject_delay = "0s".into();
    assert!(
        c.validate()
            .err()
            .unwrap()
            .0
            .contains("radius.reject_delay")
    );
    let mut c = Config::default();
    c.radius.listen = "1812".into();
    assert!(c.validate().err().unwrap().0.contains("radius.listen"));
    // The most specific network answers.
    let e = with_clients(&[
        client("site", "10.1.0.0/16", s),
        client("gw", "10.1.2.3", s),
    ])
    .validate()
    .unwrap();
    assert_eq!(
        e.radius
            .client_for("10.1.2.3".parse().unwrap())
            .unwrap()
            .name,
        "gw"
    );
    assert_eq!(
        e.radius
            .client_for("10.1.9.9".parse().unwrap())
            .unwrap()
            .name,
        "site"
    );
    assert!(e.radius.client_for("10.2.0.1".parse().unwrap()).is_none());
}
