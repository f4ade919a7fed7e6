//! Regain's domain: the types and pure rules every adapter and front end shares.
//!
//! Nothing here performs I/O, reads the clock or draws randomness: time arrives as a
//! [`time::Timestamp`] argument, and the outside world is reached only through the traits in
//! [`ports`]. Services in [`service`] are async only because they call those ports.

pub mod admin;
pub mod app_passwords;
pub mod audit;
pub mod audit_action;
pub mod directory;
pub mod events;
pub mod ids;
pub mod lockout;
pub mod logon_hours;
pub mod methods;
pub mod notifications;
pub mod otp;
pub mod password_policy;
pub mod password_reset;
pub mod policy;
pub mod ports;
pub mod push;
pub mod questions;
pub mod radius;
pub mod second_factor;
pub mod security_answers;
pub mod service;
pub mod session;
pub mod settings;
pub mod signin;
pub mod sms;
pub mod telemetry;
pub mod temp_code;
pub mod time;
pub mod user;
pub mod workflow;
