//! Shared helpers of the integration tests.

#![allow(dead_code, unreachable_pub)]

use qr1405_payload::PersonalCode;
use qr1405_sign::Time;

/// The official example of the Decision 1405 guidance.
pub const EXAMPLE: &str =
    "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";

pub fn code(text: &str) -> PersonalCode {
    PersonalCode::parse(text).expect("test code conforms")
}

pub fn time(text: &str) -> Time {
    text.parse().expect("test time is rfc 3339")
}
