//! The statuses and scopes a rule set gives.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The colour of the card; in JSON `green`, `yellow`, `red`, `pale_blue` or `no_card`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// Green card (thẻ xanh).
    Green,
    /// Yellow: partly protected (Khánh Hòa).
    Yellow,
    /// Red: none of the rule set's conditions are met (Khánh Hòa).
    Red,
    /// Pale blue: the province has no green-card rules.
    PaleBlue,
    /// No card: the rule set issues only green cards, and this holder gets none (HCMC).
    NoCard,
}

impl Status {
    /// Every status, in the order of this enum.
    pub const ALL: [Status; 5] = [
        Status::Green,
        Status::Yellow,
        Status::Red,
        Status::PaleBlue,
        Status::NoCard,
    ];

    /// Whether nothing restricts the holder: green (any scope), or pale blue where the province
    /// has no rules. This is what the CLI's exit code 0 means.
    pub fn passes(self) -> bool {
        matches!(self, Status::Green | Status::PaleBlue)
    }

    /// The letter of this status in a claim.
    pub(crate) fn letter(self) -> char {
        match self {
            Status::Green => 'G',
            Status::Yellow => 'Y',
            Status::Red => 'R',
            Status::PaleBlue => 'B',
            Status::NoCard => 'N',
        }
    }

    pub(crate) fn from_letter(letter: u8) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|status| status.letter() as u32 == u32::from(letter))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Green => "green",
            Status::Yellow => "yellow",
            Status::Red => "red",
            Status::PaleBlue => "pale blue",
            Status::NoCard => "no card",
        })
    }
}

/// What a green card lets its holder do (HCMC Decision 3328); in JSON `full` or `limited`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Scope {
    /// Every activity open to green-card holders.
    Full,
    /// Only the activities the rule set opens to partly vaccinated holders.
    Limited,
}

impl Scope {
    /// The letter of this scope in a claim.
    pub(crate) fn letter(self) -> char {
        match self {
            Scope::Full => 'F',
            Scope::Limited => 'L',
        }
    }

    pub(crate) fn from_letter(letter: u8) -> Option<Scope> {
        [Scope::Full, Scope::Limited]
            .into_iter()
            .find(|scope| scope.letter() as u32 == u32::from(letter))
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scope::Full => "full scope",
            Scope::Limited => "limited scope",
        })
    }
}
