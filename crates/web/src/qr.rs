//! QR codes as inline SVG for enrollment pages (no image files, no JavaScript).

use qrcode::QrCode;
use qrcode::render::svg;

/// The QR code of `text` as an SVG element, or `None` if it is too long for a QR code.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build(),
    )
}

/// The QR code for a terminal, two rows per line.
pub fn terminal(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::unicode::Dense1x2>()
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_svg_and_text() {
        let s = super::svg("otpauth://totp/Regain:alice?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert!(s.contains("<svg") && s.contains("</svg>"));
        let t = super::terminal("https://x/push/enroll#t").unwrap();
        assert!(t.lines().count() > 10);
    }
}
