//! The services' test harness (see `services.rs`).

#![allow(dead_code, unused_imports)]

mod services;
pub use services::*;
