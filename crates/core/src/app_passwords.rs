//! Application passwords (F-S8): the credentials a user keeps for their applications (name,
//! address, user name, password), for the times they need them without their normal factor.
//! The password is sealed with the field key and bound to its user and row, so a sealed value
//! copied to another row or user does not open; administrators have no way to read it.

use crate::ids::UserId;
use crate::time::Timestamp;

/// One stored entry. `sealed_password` is never shown but through
/// [`crate::service::Services::reveal_app_password`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPassword {
    /// `ap-…`, random: part of what the seal is bound to.
    pub id: String,
    pub user_id: UserId,
    pub name: String,
    pub address: String,
    pub login: String,
    pub sealed_password: Vec<u8>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl AppPassword {
    /// What the seal of the password is bound to: the user and the row.
    pub fn aad(user: UserId, id: &str) -> String {
        format!("app_password:{}:{id}", user.0)
    }
}

/// An entry as the user types it (the password in clear, only on its way to the seal).
pub struct AppPasswordInput<'a> {
    pub name: &'a str,
    pub address: &'a str,
    pub login: &'a str,
    pub password: &'a str,
}

/// Why an entry is refused, per field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppPasswordRefusal {
    NameMissing,
    NameTooLong,
    AddressTooLong,
    LoginTooLong,
    PasswordMissing,
    PasswordTooLong,
    /// The user keeps at most [`MAX_ENTRIES`].
    TooMany,
}

impl AppPasswordRefusal {
    /// The stable code (the translation key's last part, the field of the API's error).
    pub fn code(self) -> &'static str {
        match self {
            AppPasswordRefusal::NameMissing => "name-missing",
            AppPasswordRefusal::NameTooLong => "name-too-long",
            AppPasswordRefusal::AddressTooLong => "address-too-long",
            AppPasswordRefusal::LoginTooLong => "login-too-long",
            AppPasswordRefusal::PasswordMissing => "password-missing",
            AppPasswordRefusal::PasswordTooLong => "password-too-long",
            AppPasswordRefusal::TooMany => "too-many",
        }
    }
}

pub const MAX_NAME: usize = 80;
pub const MAX_ADDRESS: usize = 300;
pub const MAX_LOGIN: usize = 200;
pub const MAX_PASSWORD: usize = 500;
pub const MAX_ENTRIES: usize = 100;

/// The entry's fields trimmed (the password as typed), or why not.
pub fn validate(
    input: &AppPasswordInput<'_>,
) -> Result<(String, String, String), AppPasswordRefusal> {
    let name = input.name.trim();
    let address = input.address.trim();
    let login = input.login.trim();
    if name.is_empty() {
        return Err(AppPasswordRefusal::NameMissing);
    }
    if name.chars().count() > MAX_NAME {
        return Err(AppPasswordRefusal::NameTooLong);
    }
    if address.chars().count() > MAX_ADDRESS {
        return Err(AppPasswordRefusal::AddressTooLong);
    }
    if login.chars().count() > MAX_LOGIN {
        return Err(AppPasswordRefusal::LoginTooLong);
    }
    if input.password.is_empty() {
        return Err(AppPasswordRefusal::PasswordMissing);
    }
    if input.password.chars().count() > MAX_PASSWORD {
        return Err(AppPasswordRefusal::PasswordTooLong);
    }
    Ok((name.to_owned(), address.to_owned(), login.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(name: &'a str, password: &'a str) -> AppPasswordInput<'a> {
        AppPasswordInput {
            name,
            address: " https://crm.example.test ",
            login: " jsmith ",
            password,
        }
    }

    #[test]
    fn each_field_is_checked_and_trimmed_but_the_password_is_kept_as_typed() {
        assert_eq!(
            validate(&input("  CRM ", " pass ")),
            Ok((
                "CRM".into(),
                "https://crm.example.test".into(),
                "jsmith".into()
            ))
        );
        assert_eq!(
            validate(&input(" ", "x")),
            Err(AppPasswordRefusal::NameMissing)
        );
        assert_eq!(
            validate(&input(&"n".repeat(81), "x")),
            Err(AppPasswordRefusal::NameTooLong)
        );
        assert_eq!(
            validate(&input("CRM", "")),
            Err(AppPasswordRefusal::PasswordMissing)
        );
        assert_eq!(
            validate(&input("CRM", &"p".repeat(501))),
            Err(AppPasswordRefusal::PasswordTooLong)
        );
        assert_ne!(
            AppPassword::aad(UserId(1), "ap-a"),
            AppPassword::aad(UserId(2), "ap-a")
        );
        assert_ne!(
            AppPassword::aad(UserId(1), "ap-a"),
            AppPassword::aad(UserId(1), "ap-b")
        );
    }
}
