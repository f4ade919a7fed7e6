//! PSKC (RFC 6030) token files from hardware-token vendors, turned into the import lines the
//! core understands (`serial,username,hex seed,type,algorithm,digits,period`). Secrets come as
//! plain values or encrypted with a pre-shared key (RFC 6030 §6.1: AES-CBC, with an HMAC over each
//! encrypted value that is checked before the value is used).

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
pub fn to_import_lines(
    xml: &str,
    users: &HashMap<String, String>,
    psk: Option<&[u8]>,
) -> Result<String, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("not a PSKC file: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "KeyContainer" {
        return Err("not a PSKC file: the root element is not KeyContainer".into());
    }
    let mac = mac_key(root, psk)?;
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
        let seed = match child(secret, "EncryptedValue") {
            Some(enc) => decrypt_secret(enc, secret, psk, mac.as_ref()).map_err(|m| bad(&m))?,
            None => {
                let b64 =
                    text_at(secret, &["PlainValue"]).ok_or_else(|| bad("no Secret/PlainValue"))?;
                b64_decode(&b64).map_err(|_| bad("the secret is not base64"))?
            }
        };
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

fn b64_decode(raw: &str) -> Result<Vec<u8>, base64::DecodeError> {
    base64::engine::general_purpose::STANDARD.decode(raw.split_whitespace().collect::<String>())
}

/// `(MAC algorithm, MAC key)` of an encrypted file: the MAC key is itself encrypted with the
/// pre-shared key.
fn mac_key(
    root: roxmltree::Node<'_, '_>,
    psk: Option<&[u8]>,
) -> Result<Option<(String, Vec<u8>)>, String> {
    let Some(method) = child(root, "MACMethod") else {
        return Ok(None);
    };
    let Some(psk) = psk else {
        return Ok(None);
    };
    let alg = method
        .attribute("Algorithm")
        .ok_or("MACMethod has no Algorithm")?
        .to_owned();
    let enc = child(method, "MACKey").ok_or("MACMethod has no MACKey")?;
    let key = decrypt_value(enc, psk).map_err(|m| format!("MAC key: {m}"))?;
    Ok(Some((alg, key)))
}

fn decrypt_value(enc: roxmltree::Node<'_, '_>, psk: &[u8]) -> Result<Vec<u8>, String> {
    let alg = child(enc, "EncryptionMethod")
        .and_then(|m| m.attribute("Algorithm"))
        .ok_or("no EncryptionMethod Algorithm")?;
    let value = text_at(enc, &["CipherData", "CipherValue"]).ok_or("no CipherData/CipherValue")?;
    let bytes = b64_decode(&value).map_err(|_| "the CipherValue is not base64".to_owned())?;
    regain_crypto::pskc::decrypt_cbc(alg, psk, &bytes).map_err(|e| e.to_string())
}

fn decrypt_secret(
    enc: roxmltree::Node<'_, '_>,
    secret: roxmltree::Node<'_, '_>,
    psk: Option<&[u8]>,
    mac: Option<&(String, Vec<u8>)>,
) -> Result<Vec<u8>, String> {
    let psk = psk.ok_or(
        "the secret is encrypted: give the pre-shared key with --psk-file (hex, from the vendor)",
    )?;
    // The MAC is checked first: a wrong key or a damaged file is reported as such, and no
    // unauthenticated plaintext is ever used.
    let (alg, key) = mac.ok_or("the file is encrypted but has no MACMethod/MACKey")?;
    let value = text_at(enc, &["CipherData", "CipherValue"]).ok_or("no CipherData/CipherValue")?;
    let bytes = b64_decode(&value).map_err(|_| "the CipherValue is not base64".to_owned())?;
    let given = text_at(secret, &["ValueMAC"]).ok_or("the encrypted secret has no ValueMAC")?;
    let given = b64_decode(&given).map_err(|_| "the ValueMAC is not base64".to_owned())?;
    if !regain_crypto::pskc::mac_matches(alg, key, &bytes, &given).map_err(|e| e.to_string())? {
        return Err("the MAC does not match: wrong pre-shared key, or the file was changed".into());
    }
    decrypt_value(enc, psk)
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
        let lines = to_import_lines(RFC6030_FIG2, &HashMap::new(), None).unwrap();
        assert_eq!(
            lines,
            "987654321,alice,3132333435363738393031323334353637383930,hotp,sha1,8,\n"
        );
    }

    #[test]
    fn users_come_from_the_map_when_the_file_has_none() {
        let xml = RFC6030_FIG2.replace("<UserId>alice</UserId>", "");
        assert!(
            to_import_lines(&xml, &HashMap::new(), None)
                .unwrap_err()
                .contains("--user-map")
        );
        let map = HashMap::from([("987654321".to_owned(), "bob".to_owned())]);
        assert!(
            to_import_lines(&xml, &map, None)
                .unwrap()
                .starts_with("987654321,bob,")
        );
    }

    /// RFC 6030 Figure 6 (§6.1): AES-128-CBC with a pre-shared key, HMAC-SHA1 over the value;
    /// a UserId added.
    const RFC6030_FIG6: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">
  <EncryptionKey><ds:KeyName>Pre-shared-key</ds:KeyName></EncryptionKey>
  <MACMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1">
    <MACKey>
      <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
      <xenc:CipherData><xenc:CipherValue>
        ESIzRFVmd4iZABEiM0RVZgKn6WjLaTC1sbeBMSvIhRejN9vJa2BOlSaMrR7I5wSX
      </xenc:CipherValue></xenc:CipherData>
    </MACKey>
  </MACMethod>
  <KeyPackage>
    <DeviceInfo><Manufacturer>Manufacturer</Manufacturer><SerialNo>987654321</SerialNo></DeviceInfo>
    <CryptoModuleInfo><Id>CM_ID_001</Id></CryptoModuleInfo>
    <Key Id="12345678" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">
      <Issuer>Issuer</Issuer>
      <AlgorithmParameters><ResponseFormat Length="8" Encoding="DECIMAL"/></AlgorithmParameters>
      <Data>
        <Secret>
          <EncryptedValue>
            <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
            <xenc:CipherData><xenc:CipherValue>
              AAECAwQFBgcICQoLDA0OD+cIHItlB3Wra1DUpxVvOx2lef1VmNPCMl8jwZqIUqGv
            </xenc:CipherValue></xenc:CipherData>
          </EncryptedValue>
          <ValueMAC>Su+NvtQfmvfJzF6bmQiJqoLRExc=</ValueMAC>
        </Secret>
        <Counter><PlainValue>0</PlainValue></Counter>
      </Data>
      <UserId>alice</UserId>
    </Key>
  </KeyPackage>
</KeyContainer>"#;

    #[test]
    fn rfc6030_figure6_pre_shared_key() {
        let psk = [
            0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0x56, 0x78,
            0x90, 0x12,
        ];
        let lines = to_import_lines(RFC6030_FIG6, &HashMap::new(), Some(&psk)).unwrap();
        assert_eq!(
            lines,
            "987654321,alice,3132333435363738393031323334353637383930,hotp,sha1,8,\n"
        );
        let e = to_import_lines(RFC6030_FIG6, &HashMap::new(), None).unwrap_err();
        assert!(e.contains("--psk-file"), "{e}");
        let mut wrong = psk;
        wrong[15] ^= 1;
        let e = to_import_lines(RFC6030_FIG6, &HashMap::new(), Some(&wrong)).unwrap_err();
        assert!(e.contains("pre-shared key"), "{e}");
        let changed = RFC6030_FIG6.replace("Su+NvtQf", "Su+NvtQg");
        let e = to_import_lines(&changed, &HashMap::new(), Some(&psk)).unwrap_err();
        assert!(e.contains("MAC does not match"), "{e}");
    }

    #[test]
    fn encrypted_and_foreign_files_are_refused_with_reasons() {
        let enc = RFC6030_FIG2.replace(
            "<PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue>",
            "<EncryptedValue/>",
        );
        assert!(
            to_import_lines(&enc, &HashMap::new(), None)
                .unwrap_err()
                .contains("encrypted")
        );
        assert!(
            to_import_lines("<html/>", &HashMap::new(), None)
                .unwrap_err()
                .contains("not a PSKC file")
        );
        assert!(to_import_lines("not xml", &HashMap::new(), None).is_err());
        let ocra = RFC6030_FIG2.replace("pskc:hotp", "pskc:ocra");
        assert!(
            to_import_lines(&ocra, &HashMap::new(), None)
                .unwrap_err()
                .contains("only HOTP and TOTP")
        );
    }
}
