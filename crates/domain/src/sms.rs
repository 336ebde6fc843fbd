//! What an SMS costs: how many segments a text takes. A text entirely in the GSM 03.38 alphabet
//! is sent in GSM-7 (160 characters, or 153 per part when split; characters of the extension
//! table count twice); anything else — ő, ű, ı, ş, emoji — makes the whole text UCS-2 (70 UTF-16
//! units, 67 per part).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

/// The GSM 03.38 basic character set.
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1b}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The extension table: each takes two septets (an escape and the character).
const EXTENSION: &str = "^{}\\[~]|€\u{c}";

/// (encoding, segments, units counted): units are septets for GSM-7, UTF-16 units for UCS-2.
pub fn segments(text: &str) -> (Encoding, usize, usize) {
    let mut septets = 0usize;
    let mut gsm = true;
    for ch in text.chars() {
        if BASIC.contains(ch) {
            septets += 1;
        } else if EXTENSION.contains(ch) {
            septets += 2;
        } else {
            gsm = false;
            break;
        }
    }
    if gsm {
        let parts = if septets <= 160 {
            1
        } else {
            septets.div_ceil(153)
        };
        (Encoding::Gsm7, parts.max(1), septets)
    } else {
        let units = text.encode_utf16().count();
        let parts = if units <= 70 { 1 } else { units.div_ceil(67) };
        (Encoding::Ucs2, parts.max(1), units)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_gsm7_and_ucs2_segments() {
        assert_eq!(
            segments("Your parcel arrives today"),
            (Encoding::Gsm7, 1, 25)
        );
        assert_eq!(segments(&"a".repeat(160)).1, 1);
        assert_eq!(segments(&"a".repeat(161)).1, 2);
        assert_eq!(segments(&"a".repeat(306)).1, 2);
        assert_eq!(segments(&"a".repeat(307)).1, 3);
        // Extension characters take two septets.
        assert_eq!(segments("€5 {x}"), (Encoding::Gsm7, 1, 9));
        assert_eq!(segments(&"€".repeat(80)).1, 1);
        assert_eq!(segments(&"€".repeat(81)).1, 2);
        // One Hungarian ő or Turkish ı turns the whole text into UCS-2.
        assert_eq!(
            segments("Csomagod megérkezett, kód: 1234 ő").0,
            Encoding::Ucs2
        );
        assert_eq!(segments(&"ı".repeat(70)).1, 1);
        assert_eq!(segments(&"ı".repeat(71)).1, 2);
        // An emoji is two UTF-16 units.
        assert_eq!(segments("📦").2, 2);
        assert_eq!(segments(""), (Encoding::Gsm7, 1, 0));
    }
}
