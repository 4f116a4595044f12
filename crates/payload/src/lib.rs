//! The Decision 1405 personal QR payload.
