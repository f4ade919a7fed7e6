use crate::Failure;
use crate::cli::RoleCmd;
use crate::wiring::App;
use regain_core::admin::Permission;
use regain_core::service::Caller;
use regain_core::time::{format_duration, parse_duration};

fn permissions(raw: &[String]) -> Result<Vec<Permission>, Failure> {
    raw.iter()
        .map(|p| Permission::parse(p).map_err(Failure::Input))
        .collect()
}

pub async fn run(app: &App, caller: &Caller, cmd: RoleCmd) -> Result<(), Failure> {
    let s = &app.services;
    match cmd {
        RoleCmd::List => {
            for r in s.list_roles(caller).await? {
                let perms: Vec<&str> = r.permissions.iter().map(|p| p.key()).collect();
                let limit = r
                    .limits
                    .max_temporary_code_lifetime
                    .map(|d| format!(" (temporary codes up to {})", format_duration(d)))
                    .unwrap_or_default();
                println!(
                    "{}{}{limit}",
                    r.name,
                    if r.builtin {
                        " [built in: every permission]"
                    } else {
                        ""
                    }
                );
                if !r.builtin {
                    println!(
                        "  permissions: {}",
                        if perms.is_empty() {
                            "none".into()
                        } else {
                            perms.join(", ")
                        }
                    );
                }
            }
            println!();
            println!("administrators:");
            for (user, role) in s.list_admins(caller).await? {
                println!("  {user:<24} {role}");
            }
        }
        RoleCmd::Create { name } => {
            let r = s.create_role(caller, &name).await?;
            println!(
                "created role {} with no permissions; grant some with `regain role grant`",
                r.name
            );
        }
        RoleCmd::Grant {
            role,
            permissions: raw,
        }
        | RoleCmd::Revoke {
            role,
            permissions: raw,
        } if raw.is_empty() => {
            return Err(Failure::Input(format!(
                "name at least one permission for {role}"
            )));
        }
        RoleCmd::Grant {
            role,
            permissions: raw,
        } => {
            for p in permissions(&raw)? {
                s.set_role_permission(caller, &role, p, true).await?;
            }
            println!("granted {} to {role}", raw.join(", "));
        }
        RoleCmd::Revoke {
            role,
            permissions: raw,
        } => {
            for p in permissions(&raw)? {
                s.set_role_permission(caller, &role, p, false).await?;
            }
            println!("revoked {} from {role}", raw.join(", "));
        }
        RoleCmd::Assign { role, username } => {
            s.assign_role(caller, &role, &username).await?;
            println!("{username} is now an administrator with role {role}");
        }
        RoleCmd::Limit {
            role,
            max_temporary_code_lifetime: raw,
        } => {
            let limit = if raw == "none" {
                None
            } else {
                Some(parse_duration(&raw).map_err(Failure::Input)?)
            };
            s.set_role_temp_code_limit(caller, &role, limit).await?;
            println!(
                "{role}: temporary codes up to {}",
                limit
                    .map(format_duration)
                    .unwrap_or_else(|| "the enterprise maximum".into())
            );
        }
        RoleCmd::Permissions => {
            for p in Permission::ALL {
                println!("{:<26} {:?}: {}", p.key(), p.group(), p.label());
            }
        }
    }
    Ok(())
}
