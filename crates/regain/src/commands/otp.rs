use crate::Failure;
use crate::cli::OtpCmd;
use crate::wiring::App;
use regain_core::service::{Caller, OtpOutcome};

pub async fn run(app: &App, caller: &Caller, cmd: OtpCmd) -> Result<(), Failure> {
    let s = &app.services;
    match cmd {
        OtpCmd::Enroll { username, label } => {
            let e = s.begin_otp_enrollment(caller, &username, &label).await?;
            println!("enrollment {} started for {username}", e.method_id);
            println!("add this to the authenticator app (or show it as a QR code):");
            println!("  {}", e.otpauth_uri);
            println!("seed (base32): {}", e.seed_base32);
            println!(
                "then confirm with: regain otp confirm {username} {} CODE",
                e.method_id
            );
        }
        OtpCmd::Confirm {
            username,
            method_id,
            code,
        } => {
            s.confirm_otp_enrollment(caller, &username, &method_id, &code)
                .await?;
            println!("OTP token of {username} is active");
        }
        OtpCmd::EnrollPhone { username, number } => {
            let (id, masked) = s.begin_phone_enrollment(caller, &username, &number).await?;
            println!(
                "a code was sent to {masked}; confirm with: regain otp confirm-phone {username} {id} CODE"
            );
        }
        OtpCmd::EnrollPush { username, no_qr } => {
            let l = s.begin_push_enrollment(caller, &username).await?;
            let link = format!("{}/push/enroll#{}", app.public_url, l.token);
            if !app.public_url_configured {
                eprintln!(
                    "note: the link uses {} (from server.listen); set server.public_url to the address devices reach",
                    app.public_url
                );
            }
            if no_qr {
                println!("{link}");
            } else {
                println!(
                    "enrollment link for {} (valid until {}, works once):",
                    l.username,
                    l.expires_at.to_rfc3339()
                );
                println!("  {link}");
                if let Some(qr) = regain_web::qr::terminal(&link) {
                    println!("{qr}");
                }
                println!("on the device: regain-authenticator enroll '{link}'");
            }
        }
        OtpCmd::ConfirmPhone {
            username,
            method_id,
            code,
        } => {
            s.confirm_phone_enrollment(caller, &username, &method_id, &code)
                .await?;
            println!("phone number of {username} is active for SMS codes");
        }
        OtpCmd::Import {
            file,
            user_map,
            psk_file,
        } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::Input(format!("cannot read {}: {e}", file.display())))?;
            let lines = if text.trim_start().starts_with('<') {
                let mut users = std::collections::HashMap::new();
                if let Some(map) = user_map {
                    let m = std::fs::read_to_string(&map).map_err(|e| {
                        Failure::Input(format!("cannot read {}: {e}", map.display()))
                    })?;
                    for l in m.lines().filter(|l| !l.trim().is_empty()) {
                        let (serial, user) = l.split_once(',').ok_or_else(|| {
                            Failure::Input(format!(
                                "{}: {l:?} is not serial,username",
                                map.display()
                            ))
                        })?;
                        users.insert(serial.trim().to_owned(), user.trim().to_owned());
                    }
                }
                // Each key package becomes one line, so "line N" in an error is key package N.
                let psk = match &psk_file {
                    Some(f) => {
                        let raw = std::fs::read_to_string(f).map_err(|e| {
                            Failure::Input(format!("cannot read {}: {e}", f.display()))
                        })?;
                        Some(hex_key(raw.trim()).ok_or_else(|| {
                            Failure::Input(format!(
                                "{}: the pre-shared key must be hex (32, 48 or 64 digits)",
                                f.display()
                            ))
                        })?)
                    }
                    None => None,
                };
                crate::pskc::to_import_lines(&text, &users, psk.as_deref())
                    .map_err(Failure::Input)?
            } else {
                text
            };
            let n = s.import_otp_tokens(caller, &lines).await?;
            println!("imported {n} hardware tokens");
        }
        OtpCmd::Verify { username, code } => {
            match s.verify_otp(&username, &code, Some("cli")).await? {
                OtpOutcome::Accepted { method_id } => println!("accepted (token {method_id})"),
                OtpOutcome::Rejected { reason } => {
                    return Err(Failure::Input(format!("code refused ({reason})")));
                }
            }
        }
    }
    Ok(())
}

fn hex_key(raw: &str) -> Option<Vec<u8>> {
    if !matches!(raw.len(), 32 | 48 | 64) {
        return None;
    }
    (0..raw.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(raw.get(i..i + 2)?, 16).ok())
        .collect()
}
