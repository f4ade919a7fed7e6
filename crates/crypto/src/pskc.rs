//! Decrypting hardware-token files encrypted with a pre-shared key (RFC 6030 §6.1): AES-CBC with
//! the IV in front of the ciphertext, and an HMAC over IV and ciphertext whose key is itself
//! encrypted with the pre-shared key. Only what import needs; nothing here encrypts.

use aes::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
use hmac::{Hmac, KeyInit, Mac};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PskcCryptoError {
    #[error("unsupported encryption algorithm {0:?}: use aes128-cbc, aes192-cbc or aes256-cbc")]
    Cipher(String),
    #[error(
        "unsupported MAC algorithm {0:?}: use hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384 or hmac-sha512"
    )]
    Mac(String),
    #[error("the pre-shared key is {0} bytes; this algorithm needs {1}")]
    KeyLength(usize, usize),
    #[error("cannot decrypt: the pre-shared key is wrong or the value is damaged")]
    Decrypt,
}

fn key_len(uri: &str) -> Result<usize, PskcCryptoError> {
    match uri.rsplit('#').next().unwrap_or("") {
        "aes128-cbc" => Ok(16),
        "aes192-cbc" => Ok(24),
        "aes256-cbc" => Ok(32),
        _ => Err(PskcCryptoError::Cipher(uri.to_owned())),
    }
}

/// Decrypts `iv || ciphertext` (PKCS#7 padded) with `key`.
pub fn decrypt_cbc(
    uri: &str,
    key: &[u8],
    iv_and_ciphertext: &[u8],
) -> Result<Vec<u8>, PskcCryptoError> {
    let need = key_len(uri)?;
    if key.len() != need {
        return Err(PskcCryptoError::KeyLength(key.len(), need));
    }
    if iv_and_ciphertext.len() < 32 || !iv_and_ciphertext.len().is_multiple_of(16) {
        return Err(PskcCryptoError::Decrypt);
    }
    let (iv, ct) = iv_and_ciphertext.split_at(16);
    let mut buf = ct.to_vec();
    let plain = match need {
        16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(key, iv)
            .map_err(|_| PskcCryptoError::Decrypt)?
            .decrypt_padded::<Pkcs7>(&mut buf)
            .map(<[u8]>::to_vec),
        24 => cbc::Decryptor::<aes::Aes192>::new_from_slices(key, iv)
            .map_err(|_| PskcCryptoError::Decrypt)?
            .decrypt_padded::<Pkcs7>(&mut buf)
            .map(<[u8]>::to_vec),
        _ => cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
            .map_err(|_| PskcCryptoError::Decrypt)?
            .decrypt_padded::<Pkcs7>(&mut buf)
            .map(<[u8]>::to_vec),
    };
    plain.map_err(|_| PskcCryptoError::Decrypt)
}

fn verify<M: Mac + KeyInit>(key: &[u8], data: &[u8], mac: &[u8]) -> bool {
    let Ok(mut m) = <M as KeyInit>::new_from_slice(key) else {
        return false;
    };
    m.update(data);
    m.verify_slice(mac).is_ok()
}

/// Whether `mac` is the HMAC of `data` under `key` (compared in constant time).
pub fn mac_matches(
    uri: &str,
    key: &[u8],
    data: &[u8],
    mac: &[u8],
) -> Result<bool, PskcCryptoError> {
    Ok(match uri.rsplit('#').next().unwrap_or("") {
        "hmac-sha1" => verify::<Hmac<sha1::Sha1>>(key, data, mac),
        "hmac-sha224" => verify::<Hmac<sha2::Sha224>>(key, data, mac),
        "hmac-sha256" => verify::<Hmac<sha2::Sha256>>(key, data, mac),
        "hmac-sha384" => verify::<Hmac<sha2::Sha384>>(key, data, mac),
        "hmac-sha512" => verify::<Hmac<sha2::Sha512>>(key, data, mac),
        _ => return Err(PskcCryptoError::Mac(uri.to_owned())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;

    const AES128: &str = "http://www.w3.org/2001/04/xmlenc#aes128-cbc";

    /// RFC 6030 Figure 6: pre-shared key 12345678901234567890123456789012 (hex).
    #[test]
    fn rfc6030_figure6() {
        let psk = hex::decode("12345678901234567890123456789012").unwrap();
        let mac_key_enc = STANDARD
            .decode("ESIzRFVmd4iZABEiM0RVZgKn6WjLaTC1sbeBMSvIhRejN9vJa2BOlSaMrR7I5wSX")
            .unwrap();
        let mac_key = decrypt_cbc(AES128, &psk, &mac_key_enc).unwrap();
        assert_eq!(
            hex::encode(&mac_key),
            "1122334455667788990011223344556677889900"
        );
        let secret_enc = STANDARD
            .decode("AAECAwQFBgcICQoLDA0OD+cIHItlB3Wra1DUpxVvOx2lef1VmNPCMl8jwZqIUqGv")
            .unwrap();
        assert_eq!(
            decrypt_cbc(AES128, &psk, &secret_enc).unwrap(),
            b"12345678901234567890"
        );
        let mac = STANDARD.decode("Su+NvtQfmvfJzF6bmQiJqoLRExc=").unwrap();
        let sha1 = "http://www.w3.org/2000/09/xmldsig#hmac-sha1";
        assert!(mac_matches(sha1, &mac_key, &secret_enc, &mac).unwrap());
        let mut tampered = secret_enc.clone();
        tampered[20] ^= 1;
        assert!(!mac_matches(sha1, &mac_key, &tampered, &mac).unwrap());
        let wrong = hex::decode("12345678901234567890123456789013").unwrap();
        assert_ne!(
            decrypt_cbc(AES128, &wrong, &secret_enc).ok().as_deref(),
            Some(&b"12345678901234567890"[..])
        );
        assert_eq!(
            decrypt_cbc(AES128, &psk[..8], &secret_enc),
            Err(PskcCryptoError::KeyLength(8, 16))
        );
        assert!(matches!(
            decrypt_cbc("urn:x#des-cbc", &psk, &secret_enc),
            Err(PskcCryptoError::Cipher(_))
        ));
    }
}
