//! Shared pieces of the binaries' `clap` command lines.

/// A `clap` value parser for counts that must be at least 1 (`--orders`, `--connections`, …).
pub fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("wants a whole number, not {s:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(at_least_one("1"), Ok(1));
        assert_eq!(at_least_one("20000"), Ok(20_000));
        assert!(at_least_one("0").is_err());
        assert!(at_least_one("-3").is_err());
        assert!(at_least_one("many").is_err());
    }
}
