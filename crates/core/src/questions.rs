//! Security questions offered to users for self-service enrollment.

use crate::ids::QuestionId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityQuestion {
    pub id: QuestionId,
    pub text: String,
    /// Mandatory questions are always asked; the rest are drawn at random.
    pub mandatory: bool,
}

/// The default set an installation starts with; administrators edit it later.
pub const DEFAULT_QUESTIONS: [&str; 10] = [
    "What was the name of your first pet?",
    "In what city were you born?",
    "What was the name of your first school?",
    "What is the name of the street you grew up on?",
    "What was the make of your first car?",
    "What is your oldest cousin's first name?",
    "In what city did your parents meet?",
    "What was the first concert you attended?",
    "What was your childhood nickname?",
    "What is the middle name of your oldest sibling?",
];

pub fn validate_text(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let n = s.chars().count();
    if !(5..=200).contains(&n) || s.chars().any(char::is_control) {
        return Err("question text: use 5 to 200 printable characters".into());
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_distinct() {
        let set: std::collections::BTreeSet<_> = DEFAULT_QUESTIONS.iter().collect();
        assert_eq!(set.len(), DEFAULT_QUESTIONS.len());
        for q in DEFAULT_QUESTIONS {
            assert!(validate_text(q).is_ok());
        }
        assert!(validate_text("Why?").is_err());
    }
}
