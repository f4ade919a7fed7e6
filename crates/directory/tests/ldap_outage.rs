//! A directory that goes away and comes back: requests fail with a clear "unavailable" error
//! (never a wrong-password answer), the account is left usable, and the adapter's pooled
//! connections recover by themselves once the server is back. Its own test binary, so stopping
//! the servers cannot disturb the other directory tests (cargo runs test binaries one by one).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::directory::{AuthOutcome, Directory, DirectoryError};
use regain_directory::LdapDirectory;
use std::process::Command;
use support::{Server, pw};

fn script(name: &str, cmd: &str) {
    let path = format!(
        "{}/../../scripts/directories/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = Command::new(&path).arg(cmd).output().unwrap();
    assert!(
        out.status.success(),
        "{name} {cmd}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn outage(server: Server, script_name: &str, user: &str) {
    let mut cfg = server.config();
    cfg.timeout = std::time::Duration::from_secs(3);
    let d = LdapDirectory::new(cfg).unwrap();
    let password = server.user_pass.clone();
    // Warm the pool.
    assert_eq!(
        d.authenticate(user, &pw(&password)).await.unwrap(),
        AuthOutcome::Authenticated
    );
    script(script_name, "stop");
    let e = d.authenticate(user, &pw(&password)).await.unwrap_err();
    assert!(matches!(e, DirectoryError::Unavailable(_)), "{e:?}");
    assert!(e.to_string().contains("unavailable"), "{e}");
    let e = d
        .admin_reset(user, &pw("Never-Set-1!"), false)
        .await
        .unwrap_err();
    assert!(matches!(e, DirectoryError::Unavailable(_)), "{e:?}");
    script(script_name, "start");
    // The pooled connection died with the server: the adapter reconnects by itself, and the
    // account is as it was (the reset never happened, nothing locked).
    assert_eq!(
        d.authenticate(user, &pw(&password)).await.unwrap(),
        AuthOutcome::Authenticated
    );
    assert!(
        d.account(user)
            .await
            .unwrap()
            .unwrap()
            .locked_until
            .is_none()
    );
}

#[tokio::test]
async fn directories_going_away_give_clear_errors_and_recover() {
    outage(support::openldap(), "slapd", "alice").await;
    outage(support::ad(), "samba-ad", "alice").await;
}
