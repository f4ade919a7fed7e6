//! PSKC (RFC 6030) token files from hardware-token vendors, turned into the import lines the
//! core understands (`serial,username,hex seed,type,algorithm,digits,period`). Plain-value
//! secrets only: a file with encrypted secrets is refused with an explanation.

use base64::Engine;
use std::collections::HashMap;

const HOTP: &str = "urn:ietf:params:xml:ns:keyprov:pskc:hotp";
const TOTP: &str = "urn:ietf:params:xml:ns:keyprov:pskc:totp";

fn child<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn text_at(n: roxmltree::Node<'_, '_>, path: &[&str]) -> Option<String> {
    let mut cur = n;
    for p in path {
        cur = child(cur, p)?;
    }
    cur.text()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// Converts a PSKC document; `users` maps serial numbers to user names for keys without a
/// `UserId`. Errors name the key package (1-based).
pub fn to_import_lines(xml: &str, users: &HashMap<String, String>) -> Result<String, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("not a PSKC file: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "KeyContainer" {
        return Err("not a PSKC file: the root element is not KeyContainer".into());
    }
    let mut out = String::new();
    for (i, kp) in root
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "KeyPackage")
        .enumerate()
    {
        let n = i + 1;
        let bad = |m: &str| format!("key package {n}: {m}");
        let key = child(kp, "Key").ok_or_else(|| bad("no Key element"))?;
        let serial = text_at(kp, &["DeviceInfo", "SerialNo"])
            .or_else(|| key.attribute("Id").map(str::to_owned))
            .ok_or_else(|| bad("no serial number (DeviceInfo/SerialNo or Key Id)"))?;
        let kind = match key.attribute("Algorithm") {
            Some(HOTP) => "hotp",
            Some(TOTP) => "totp",
            other => {
                return Err(bad(&format!(
                    "algorithm {other:?}: only HOTP and TOTP keys can be imported"
                )));
            }
        };
        let secret = child(key, "Data")
            .and_then(|d| child(d, "Secret"))
            .ok_or_else(|| bad("no Data/Secret"))?;
        if child(secret, "EncryptedValue").is_some() {
            return Err(bad(
                "the secret is encrypted; export the file with plain values (or decrypt it with the vendor's tool) and import that",
            ));
        }
        let b64 = text_at(secret, &["PlainValue"]).ok_or_else(|| bad("no Secret/PlainValue"))?;
        let seed = base64::engine::general_purpose::STANDARD
            .decode(b64.split_whitespace().collect::<String>())
            .map_err(|_| bad("the secret is not base64"))?;
        let digits = key
            .descendants()
            .find(|d| d.tag_name().name() == "ResponseFormat")
            .and_then(|r| r.attribute("Length"))
            .unwrap_or("6")
            .to_owned();
        let period = child(key, "Data")
            .and_then(|d| text_at(d, &["TimeInterval", "PlainValue"]))
            .unwrap_or_else(|| "30".into());
        let user = text_at(key, &["UserId"])
            .or_else(|| text_at(kp, &["DeviceInfo", "UserId"]))
            .or_else(|| users.get(&serial).cloned())
            .ok_or_else(|| {
                bad(&format!(
                    "no user for serial {serial}: add UserId to the file or map it with --user-map"
                ))
            })?;
        let hex: String = seed.iter().map(|b| format!("{b:02x}")).collect();
        let period = if kind == "totp" {
            period
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{serial},{user},{hex},{kind},sha1,{digits},{period}\n"
        ));
    }
    if out.is_empty() {
        return Err("the PSKC file has no KeyPackage".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6030 Figure 2 (HOTP, plain value), with a UserId added.
    const RFC6030_FIG2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<KeyContainer Version="1.0" Id="exampleID1" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">
  <KeyPackage>
    <DeviceInfo><Manufacturer>Manufacturer</Manufacturer><SerialNo>987654321</SerialNo></DeviceInfo>
    <CryptoModuleInfo><Id>CM_ID_001</Id></CryptoModuleInfo>
    <Key Id="12345678" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">
      <Issuer>Issuer-A</Issuer>
      <AlgorithmParameters><ResponseFormat Length="8" Encoding="DECIMAL"/></AlgorithmParameters>
      <Data>
        <Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue></Secret>
        <Counter><PlainValue>0</PlainValue></Counter>
      </Data>
      <UserId>alice</UserId>
    </Key>
  </KeyPackage>
</KeyContainer>"#;

    #[test]
    fn rfc6030_plain_hotp_key() {
        let lines = to_import_lines(RFC6030_FIG2, &HashMap::new()).unwrap();
        assert_eq!(
            lines,
            "987654321,alice,3132333435363738393031323334353637383930,hotp,sha1,8,\n"
        );
    }

    #[test]
    fn users_come_from_the_map_when_the_file_has_none() {
        let xml = RFC6030_FIG2.replace("<UserId>alice</UserId>", "");
        assert!(
            to_import_lines(&xml, &HashMap::new())
                .unwrap_err()
                .contains("--user-map")
        );
        let map = HashMap::from([("987654321".to_owned(), "bob".to_owned())]);
        assert!(
            to_import_lines(&xml, &map)
                .unwrap()
                .starts_with("987654321,bob,")
        );
    }

    #[test]
    fn encrypted_and_foreign_files_are_refused_with_reasons() {
        let enc = RFC6030_FIG2.replace(
            "<PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue>",
            "<EncryptedValue/>",
        );
        assert!(
            to_import_lines(&enc, &HashMap::new())
                .unwrap_err()
                .contains("encrypted")
        );
        assert!(
            to_import_lines("<html/>", &HashMap::new())
                .unwrap_err()
                .contains("not a PSKC file")
        );
        assert!(to_import_lines("not xml", &HashMap::new()).is_err());
        let ocra = RFC6030_FIG2.replace("pskc:hotp", "pskc:ocra");
        assert!(
            to_import_lines(&ocra, &HashMap::new())
                .unwrap_err()
                .contains("only HOTP and TOTP")
        );
    }
}
