//! The repository contract of application passwords, on SQLite and on PostgreSQL: entries are
//! the user's own (another user's id changes nothing), kept as sealed bytes, changed and
//! deleted with their audit record in the same transaction, and gone with their user.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::app_passwords::AppPassword;
use regain_core::audit::AuditAction;
use regain_core::ports::*;
use regain_core::time::Timestamp;
use support::{Fresh, audit_count, default_policy, ev, user};

async fn entries_are_the_users_own_and_change_with_their_audit(f: Fresh) {
    let p = default_policy(&f.db).await;
    let ada =
        f.db.create_user(&user("ada", "Ada", p), &ev(AuditAction::UserAdd, "ada"))
            .await
            .unwrap();
    let bob =
        f.db.create_user(&user("bob", "Bob", p), &ev(AuditAction::UserAdd, "bob"))
            .await
            .unwrap();
    let sealed: Vec<u8> = (0..=255).collect();
    let mut e = AppPassword {
        id: "ap-1".into(),
        user_id: ada.id,
        name: "CRM".into(),
        address: "https://crm.example.test".into(),
        login: "ada".into(),
        sealed_password: sealed.clone(),
        created_at: Timestamp(1_000),
        updated_at: Timestamp(1_000),
    };
    f.db.add_app_password(&e, &ev(AuditAction::AppPasswordAdd, "ada"))
        .await
        .unwrap();
    assert_eq!(f.db.app_passwords(ada.id).await.unwrap(), vec![e.clone()]);
    assert!(f.db.app_passwords(bob.id).await.unwrap().is_empty());
    // Bob's id on Ada's row changes and deletes nothing, and writes no audit.
    let mut stolen = e.clone();
    stolen.user_id = bob.id;
    assert!(
        !f.db
            .update_app_password(&stolen, &ev(AuditAction::AppPasswordUpdate, "bob"))
            .await
            .unwrap()
    );
    assert!(
        !f.db
            .delete_app_password(bob.id, "ap-1", &ev(AuditAction::AppPasswordDelete, "bob"))
            .await
            .unwrap()
    );
    assert_eq!(audit_count(&f.db, "app_password.update").await, 0);
    assert_eq!(audit_count(&f.db, "app_password.delete").await, 0);
    e.name = "CRM (new)".into();
    e.sealed_password = vec![7; 40];
    e.updated_at = Timestamp(2_000);
    assert!(
        f.db.update_app_password(&e, &ev(AuditAction::AppPasswordUpdate, "ada"))
            .await
            .unwrap()
    );
    assert_eq!(f.db.app_passwords(ada.id).await.unwrap(), vec![e.clone()]);
    assert!(
        f.db.delete_app_password(ada.id, "ap-1", &ev(AuditAction::AppPasswordDelete, "ada"))
            .await
            .unwrap()
    );
    assert!(f.db.app_passwords(ada.id).await.unwrap().is_empty());
    for a in [
        "app_password.add",
        "app_password.update",
        "app_password.delete",
    ] {
        assert_eq!(audit_count(&f.db, a).await, 1, "{a}");
    }
}

contract!(entries_are_the_users_own_and_change_with_their_audit);
