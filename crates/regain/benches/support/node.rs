//! A `regain serve` node for a benchmark: configured by environment only, on plain HTTP behind
//! a proxy, with the run's keys; killed on drop (also when the run panics).

use regain_crypto::{KeyMaterial, KeyedHasher};
use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

/// The run's two keys, as `keys.mac_key` and `keys.field_key` take them.
pub struct Keys {
    pub mac: String,
    pub field: String,
}

impl Keys {
    pub fn generate() -> Keys {
        Keys {
            mac: KeyMaterial::generate_key().unwrap(),
            field: KeyMaterial::generate_key().unwrap(),
        }
    }

    pub fn hasher(&self) -> KeyedHasher {
        KeyedHasher::new(Arc::new(
            KeyMaterial::from_base64(&self.mac, &self.field).unwrap(),
        ))
    }
}

pub struct Node(pub Child);

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `program` (the regain binary, or a wrapper of it such as valgrind) as `serve` on
/// `port` against `url`, as node `node-N` with its own data directory, and waits until it
/// listens.
pub fn serve(
    mut program: Command,
    data: &Path,
    url: &str,
    keys: &Keys,
    port: u16,
    node: usize,
) -> Node {
    std::fs::create_dir_all(data).unwrap();
    let mut child = program
        .arg("serve")
        .env_remove("REGAIN_CONFIG")
        .env("REGAIN_DATA_DIR", data)
        .env("REGAIN_NODE_ID", format!("node-{node}"))
        .env("REGAIN_DATABASE__URL", url)
        .env("REGAIN_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("REGAIN_SERVER__TLS", "off")
        .env("REGAIN_SERVER__BEHIND_PROXY", "true")
        .env("REGAIN_KEYS__MAC_KEY", &keys.mac)
        .env("REGAIN_KEYS__FIELD_KEY", &keys.field)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut first)
        .unwrap();
    let node = Node(child);
    assert!(first.starts_with("regain listening on"), "{first}");
    node
}
