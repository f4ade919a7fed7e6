// Each test binary uses the helpers it needs.
#![allow(dead_code)]

pub mod cli;
pub mod demo;
pub mod directories;
pub mod nginx;
pub mod radius;
pub mod webdriver;
