//! [`Versions`]: a range of Odoo major versions, on which a model, field or method exists.
//! Plain data that errors name too ([`Unavailable`](crate::Unavailable)); the check that uses
//! it lives in `availability`.

use std::fmt;

/// The Odoo major versions on which a model, field or method exists: from `since` (or any
/// version) up to `until` (or any later version), both included.
///
/// Generated code marks what only some of its snapshots have (`#[odoo(since = 18)]`,
/// `#[odoo(until = 16)]`); a newer server than the newest snapshot counts as having what
/// the newest snapshot has.
///
/// ```
/// use odoo_core::Versions;
/// let storable = Versions::since(18);
/// assert!(storable.contains(19) && !storable.contains(17));
/// assert_eq!(storable.to_string(), "Odoo 18 and later");
/// assert_eq!(Versions::between(16, 17).to_string(), "Odoo 16 to 17");
/// assert!(Versions::ALL.contains(16));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Versions {
    since: Option<u32>,
    until: Option<u32>,
}

impl Versions {
    /// Every version.
    pub const ALL: Self = Self {
        since: None,
        until: None,
    };

    /// `major` and later.
    pub const fn since(major: u32) -> Self {
        Self {
            since: Some(major),
            until: None,
        }
    }

    /// Up to `major`, included.
    pub const fn until(major: u32) -> Self {
        Self {
            since: None,
            until: Some(major),
        }
    }

    /// From `first` to `last`, both included.
    pub const fn between(first: u32, last: u32) -> Self {
        Self {
            since: Some(first),
            until: Some(last),
        }
    }

    /// The first version, when there is one.
    pub const fn first(self) -> Option<u32> {
        self.since
    }

    /// The last version, when there is one.
    pub const fn last(self) -> Option<u32> {
        self.until
    }

    /// Every version.
    pub const fn is_all(self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// Whether the major version `major` is one of them.
    pub const fn contains(self, major: u32) -> bool {
        odoo_schema::version::major_in(major, self.since, self.until)
    }

    /// The versions both have: what a dotted path through two fields needs.
    #[must_use]
    pub const fn and(self, other: Self) -> Self {
        let since = match (self.since, other.since) {
            (Some(a), Some(b)) => Some(if a > b { a } else { b }),
            (Some(a), None) | (None, Some(a)) => Some(a),
            (None, None) => None,
        };
        let until = match (self.until, other.until) {
            (Some(a), Some(b)) => Some(if a < b { a } else { b }),
            (Some(a), None) | (None, Some(a)) => Some(a),
            (None, None) => None,
        };
        Self { since, until }
    }
}

impl fmt::Display for Versions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.since, self.until) {
            (None, None) => f.write_str("every Odoo version"),
            (Some(since), None) => write!(f, "Odoo {since} and later"),
            (None, Some(until)) => write!(f, "Odoo {until} and earlier"),
            (Some(since), Some(until)) if since == until => write!(f, "Odoo {since} only"),
            (Some(since), Some(until)) => write!(f, "Odoo {since} to {until}"),
        }
    }
}
