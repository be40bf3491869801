//! One-line text sparklines ("▁▃▅█") and trend glyphs, readable without colour.

/// Block characters for the values, scaled between the series' own lowest and highest.
pub fn sparkline(values: &[i32]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let (Some(&lo), Some(&hi)) = (values.iter().min(), values.iter().max()) else {
        return String::new();
    };
    values
        .iter()
        .map(|&v| {
            if hi == lo {
                BARS[0]
            } else {
                let i = (i64::from(v - lo) * 7 / i64::from(hi - lo)) as usize;
                BARS[i.min(7)]
            }
        })
        .collect()
}

/// ▲ up, ▼ down, = unchanged.
pub fn trend_glyph(delta: i32) -> char {
    match delta.signum() {
        1 => '▲',
        -1 => '▼',
        _ => '=',
    }
}

/// ✓ better, ✗ worse, for the role the value belongs to; blank without a stated direction.
pub fn verdict_glyph(verdict: Option<bool>) -> &'static str {
    match verdict {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_to_the_series() {
        assert_eq!(sparkline(&[0, 5, 10]), "▁▄█");
        assert_eq!(sparkline(&[3, 3]), "▁▁");
        assert_eq!(sparkline(&[]), "");
    }
}
