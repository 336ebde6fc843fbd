//! The shop's colour on buyer pages, always readable: text on the colour is white or near-black,
//! whichever contrasts more, and the colour used as text on white is darkened until it meets
//! WCAG AA (4.5:1).

/// Our default when the shop has not set a colour: a calm blue with AA contrast on white.
pub const DEFAULT: (u8, u8, u8) = (0x1d, 0x4e, 0xd8);

pub fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let p = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some((p(0)?, p(2)?, p(4)?))
}

fn channel(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

pub fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

const WHITE: (u8, u8, u8) = (255, 255, 255);
const INK: (u8, u8, u8) = (0x11, 0x18, 0x27);

/// `(brand, text on brand, brand as text on white)`.
pub fn palette(color: Option<&str>) -> (String, String, String) {
    let brand = color.and_then(parse_hex).unwrap_or(DEFAULT);
    let on = if contrast(brand, WHITE) >= contrast(brand, INK) {
        WHITE
    } else {
        INK
    };
    let mut text = brand;
    let mut guard = 0;
    while contrast(text, WHITE) < 4.5 && guard < 40 {
        text = (
            (f64::from(text.0) * 0.9) as u8,
            (f64::from(text.1) * 0.9) as u8,
            (f64::from(text.2) * 0.9) as u8,
        );
        guard += 1;
    }
    (hex(brand), hex(on), hex(text))
}

/// The shop's stylesheet: its colours as CSS variables (inline styles would break the CSP).
pub fn stylesheet(color: Option<&str>) -> String {
    let (brand, on, text) = palette(color);
    format!(":root{{--brand:{brand};--on-brand:{on};--brand-text:{text}}}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_colour_yields_readable_pairs() {
        for c in [
            "#ffff00", "#000000", "#ffffff", "#7fbf7f", "#e11d48", "#1d4ed8", "bogus",
        ] {
            let (b, on, t) = palette(Some(c));
            let b = parse_hex(&b).unwrap_or(DEFAULT);
            let on = parse_hex(&on).unwrap_or(WHITE);
            let t = parse_hex(&t).unwrap_or(INK);
            assert!(
                contrast(b, on) >= 4.5
                    || contrast(b, on) >= contrast(b, WHITE).max(contrast(b, INK)) - 1e-9,
                "{c}"
            );
            assert!(
                contrast(t, WHITE) >= 4.5,
                "{c}: text colour contrast {}",
                contrast(t, WHITE)
            );
        }
        assert_eq!(parse_hex("#1D4ED8"), Some((0x1d, 0x4e, 0xd8)));
        assert_eq!(parse_hex("1d4ed8"), None);
    }
}
