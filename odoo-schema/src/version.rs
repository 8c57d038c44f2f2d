//! The one table of Odoo's version facts: what each version brings or removes, for the
//! client, the generator, the derive and the emulator alike.
//!
//! Every decision "this server does X" that rests on a version number is made here and nowhere
//! else (the workspace's architecture test fails on a version comparison in any other file):
//! a [`Feature`] names the behaviour, [`Feature::fact`] gives the version that brings it and
//! the one that removes it, and [`OdooVersion::has`] answers for one version. Texts that Odoo
//! words differently from one version to the next are chosen with [`OdooVersion::pick`], from
//! a list of (version, text) pairs; the comparison stays in this module.
//!
//! A version newer than every row still gets an answer: a feature brought by an older version
//! and not (yet) known to be removed counts as present. Where the client can, it decides by
//! what the server answers instead (a field or route exists) and caches that per client, so a
//! server newer than this table works too; those probes are documented where they live.
//!
//! ```
//! use odoo_schema::version::{Feature, OdooVersion};
//!
//! assert!(!OdooVersion::V18.has(Feature::Json2Api));
//! assert!(OdooVersion::V19.has(Feature::Json2Api));
//! // A saas release counts by its minor number too: `read_group` left the public API in 19.1.
//! assert!(OdooVersion::V19.has(Feature::PublicReadGroup));
//! assert!(!OdooVersion::new(19, 1).has(Feature::PublicReadGroup));
//! assert!(!OdooVersion::new(20, 0).has(Feature::PublicReadGroup));
//! // Texts by version: the first applies before the first listed version.
//! let word = |v: OdooVersion| v.pick("leaf", &[(OdooVersion::V19, "condition")]);
//! assert_eq!((word(OdooVersion::V17), word(OdooVersion::new(20, 0))), ("leaf", "condition"));
//! ```

use std::fmt;
use std::str::FromStr;

/// An Odoo release, `major.minor`: 17.0, or a saas release such as 19.2. Ordered as Odoo
/// orders them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OdooVersion {
    major: u32,
    minor: u32,
}

impl OdooVersion {
    /// Odoo 16.0.
    pub const V16: Self = Self::new(16, 0);
    /// Odoo 17.0.
    pub const V17: Self = Self::new(17, 0);
    /// Odoo 18.0.
    pub const V18: Self = Self::new(18, 0);
    /// Odoo 19.0.
    pub const V19: Self = Self::new(19, 0);
    /// Odoo 20.0: not recorded here; its behaviour is what [`Feature::fact`] says of it.
    pub const V20: Self = Self::new(20, 0);

    /// The versions whose behaviour is recorded from real servers (16.0 to 19.0), oldest first.
    pub const ALL: [Self; 4] = [Self::V16, Self::V17, Self::V18, Self::V19];

    /// The version `major.minor`.
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }

    /// The version `major.0`, when it is one of [`OdooVersion::ALL`].
    pub fn from_major(major: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.major == major)
    }

    /// The major number: 16, 17, ...
    pub const fn major(self) -> u32 {
        self.major
    }

    /// The minor number: 0 for `x.0`, the saas release otherwise.
    pub const fn minor(self) -> u32 {
        self.minor
    }

    /// `server_version` as Odoo writes it: `"18.0"`, or `"saas~19.2"` for a saas release.
    pub fn release_text(self) -> String {
        if self.minor == 0 {
            self.to_string()
        } else {
            format!("saas~{self}")
        }
    }

    /// `server_version_info` as Odoo writes it: `[18, 0, 0, "final", 0, ""]`, and
    /// `["saas~19", 2, 0, "final", 0, ""]` for a saas release.
    pub fn version_info(self) -> serde_json::Value {
        let major = if self.minor == 0 {
            serde_json::json!(self.major)
        } else {
            serde_json::json!(format!("saas~{}", self.major))
        };
        serde_json::json!([major, self.minor, 0, "final", 0, ""])
    }

    /// The recorded version whose recordings stand for this one: itself when recorded, else
    /// the newest recorded version before it (16.0 for older ones).
    pub fn recorded(self) -> OdooVersion {
        let later: Vec<(OdooVersion, OdooVersion)> = Self::ALL.iter().map(|v| (*v, *v)).collect();
        self.pick(Self::V16, &later)
    }

    /// Whether this version is newer than every recorded one ([`OdooVersion::ALL`]): its
    /// behaviour comes from [`Feature::fact`] and from what the server answers, not from recordings.
    pub fn is_newer_than_recorded(self) -> bool {
        Self::ALL.iter().all(|recorded| self > *recorded)
    }

    /// Whether this version has `feature`: it is at or after the version that brings it, and
    /// before the one that removes it.
    pub fn has(self, feature: Feature) -> bool {
        let fact = feature.fact();
        self >= fact.since && fact.removed_in.is_none_or(|removed| self < removed)
    }

    /// The value for this version from values by version: `first` before the first listed
    /// version, then the value of the latest listed version at or before this one. List the
    /// versions oldest first.
    pub fn pick<T: Copy>(self, first: T, later: &[(OdooVersion, T)]) -> T {
        later
            .iter()
            .take_while(|(since, _)| self >= *since)
            .last()
            .map_or(first, |(_, value)| *value)
    }
}

impl fmt::Display for OdooVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Text that names no Odoo version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseVersionError(String);

impl fmt::Display for ParseVersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` names no Odoo version (expected such as 18.0 or saas~19.2)",
            self.0
        )
    }
}

impl std::error::Error for ParseVersionError {}

impl FromStr for OdooVersion {
    type Err = ParseVersionError;

    /// Reads `18.0`, `18`, `saas~19.2`, `17.0-20240709` or `19.2+e`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut numbers = text
            .trim()
            .trim_start_matches("saas~")
            .split(|c: char| !c.is_ascii_digit())
            .take(2)
            .map(str::parse::<u32>);
        match (numbers.next(), numbers.next()) {
            (Some(Ok(major)), Some(Ok(minor))) => Ok(Self::new(major, minor)),
            (Some(Ok(major)), None | Some(Err(_))) => Ok(Self::new(major, 0)),
            _ => Err(ParseVersionError(text.to_owned())),
        }
    }
}

/// Whether the major version `major` lies in `since..=until` (either end open when `None`):
/// the ranges of `#[odoo(since = 17, until = 18)]` and of the ORM method table.
pub const fn major_in(major: u32, since: Option<u32>, until: Option<u32>) -> bool {
    let after = match since {
        Some(since) => major >= since,
        None => true,
    };
    let before = match until {
        Some(until) => major <= until,
        None => true,
    };
    after && before
}

/// A behaviour of Odoo's external API that some versions have and others not. [`Feature::fact`]
/// says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Feature {
    /// The JSON-2 API: `POST /json/2/<model>/<method>` with a bearer API key, named arguments.
    Json2Api,
    /// `GET /web/version` (and `/json/version`) answer the version without a session.
    WebVersionRoute,
    /// `/json/version` exists for logged-in users only and sends others to the login page.
    JsonVersionNeedsLogin,
    /// The API documentation, `/doc-bearer/<model>.json`: the public methods and their
    /// parameters.
    ApiDocRoute,
    /// `onchange(values, field_names, fields_spec)` takes a field spec (a dict of the fields
    /// wanted); before, `onchange_spec` strings.
    OnchangeFieldSpec,
    /// `formatted_read_group(domain, groupby, aggregates, ...)`.
    FormattedReadGroup,
    /// The public `read_group(domain, fields, groupby, ...)`.
    PublicReadGroup,
    /// `read_group` keeps the aggregate of a field it also groups by period.
    ReadGroupKeepsPeriodAggregate,
    /// `fields_get` names the aggregate function `aggregator` (before: `group_operator`).
    FieldAggregatorAttribute,
    /// `ir.model.fields` has a `company_dependent` column; company-dependent values are
    /// stored per company in the record itself.
    CompanyDependentColumn,
    /// `ir.model.fields.readonly` agrees with `fields_get` (on 16 it does not for some fields).
    ReadonlyColumnMatchesFieldsGet,
    /// `ir.attachment.datas`: an attachment's content as base64.
    AttachmentDatas,
    /// The `db` service (`list`, `server_version`, ...) over `/xmlrpc/2/db` and `/jsonrpc`.
    DbServiceOverRpc,
    /// `ir.access`: access rights and record rules in one model, in place of
    /// `ir.model.access` and `ir.rule`.
    IrAccessModel,
    /// `create` of a list of one record answers a list; over JSON-2, `create` of one record
    /// answers a list too.
    CreateAnswersList,
    /// `write` checks that the caller may read the fields it writes, and refuses with a read
    /// access error.
    WriteChecksReadAccess,
    /// The context a method sees carries `uid`.
    ContextCarriesUid,
    /// `message_post` answers a list of message ids.
    MessagePostAnswersList,
    /// `message_post` stores a plain `body` as escaped text and refuses `partner_ids` that are
    /// not a list of ids.
    MessagePostChecksArguments,
    /// JSON-RPC errors have `code` 0 and `debug` after `context` in their data.
    RpcErrorCodeZero,
    /// The report route answers a user error with 422 and a missing record with a
    /// `MissingError` (before: 500 with QWeb's exception).
    ReportRouteTypedErrors,
    /// `/web/session/get_session_info` tells `is_internal_user`.
    SessionInfoInternalUser,
    /// `/web/session/get_session_info` tells `is_public`.
    SessionInfoPublic,
    /// `/web/dataset` routes answer an unknown model with `NotFound`.
    WebDatasetNotFound,
    /// `load` answers a column that names no field with "Invalid field name".
    LoadInvalidFieldName,
    /// Datetimes in a domain compare to the whole second.
    DomainDatetimeWholeSeconds,
    /// Searching, ordering and grouping check that the caller may read each field named.
    SearchChecksFieldAccess,
    /// `order` on a field the database does not store is refused rather than ignored.
    OrderRefusesNonStored,
    /// Field access errors name the groups that may read the field.
    FieldAccessNamesGroups,
    /// A record rule's access error names the user and the operation.
    RecordRuleErrorNamesUser,
    /// A company access error suggests the companies that would allow the record.
    CompanyErrorSuggestsCompany,
    /// Error messages in Odoo 19's words: a missing method (`'model.method' does not exist`),
    /// a private method (`'model.method'` quoted), a missing required value and a record
    /// another model delegates to.
    RewordedErrors,
    /// `product.template.is_storable` says whether a product is tracked in stock (before:
    /// `detailed_type` is `product`).
    ProductIsStorable,
    /// `stock.immediate.transfer`: validating a transfer without done quantities asks this
    /// wizard, and done quantities are `quantity_done`.
    ImmediateTransfer,
    /// `sale.order.cancel`: cancelling a confirmed order asks this wizard.
    SaleOrderCancelWizard,
    /// Cancelling a locked sale order is refused.
    LockedOrderCancelRefused,
    /// The partner and virtual stock locations sit under view locations.
    NestedStockLocations,
    /// A registered payment is `paid` (before: `posted`).
    PaymentStatePaid,
    /// Posting an entry that is already posted is refused.
    RepostRefused,
    /// `product.template.categ_id` defaults to the first category.
    ProductCategoryDefault,
    /// `stock.move.product_uom_qty` defaults to 1.
    StockMoveQuantityDefault,
    /// `mail.message.message_type` defaults to `email`.
    MessageTypeDefaultEmail,
}

/// One row of the table: a feature, the version that brings it, and the one that removes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fact {
    /// The behaviour.
    pub feature: Feature,
    /// The first version that has it (16.0 for what every supported version has).
    pub since: OdooVersion,
    /// The first version that no longer has it, when one is known.
    pub removed_in: Option<OdooVersion>,
}

impl Feature {
    /// Its row of the table: the version that brings it and the one that removes it. The
    /// table is this `match`, so every feature has exactly one row. Minor versions are saas
    /// releases, whose changes reach the next major (19.1 to 19.4 reach 20.0).
    pub const fn fact(self) -> Fact {
        use Feature as F;
        let (since, removed_in) = match self {
            F::Json2Api | F::WebVersionRoute | F::ApiDocRoute | F::FormattedReadGroup => {
                (V19, None)
            }
            F::JsonVersionNeedsLogin => (V18, Some(V19)),
            F::OnchangeFieldSpec | F::ReadGroupKeepsPeriodAggregate => (V17, None),
            F::PublicReadGroup => (V16, Some(OdooVersion::new(19, 1))),
            F::FieldAggregatorAttribute | F::CompanyDependentColumn => (V18, None),
            F::ReadonlyColumnMatchesFieldsGet => (V17, None),
            F::AttachmentDatas => (V16, Some(OdooVersion::new(19, 3))),
            F::DbServiceOverRpc => (V16, Some(OdooVersion::new(19, 1))),
            F::IrAccessModel => (OdooVersion::new(19, 4), None),
            F::CreateAnswersList
            | F::WriteChecksReadAccess
            | F::ContextCarriesUid
            | F::MessagePostAnswersList
            | F::RpcErrorCodeZero
            | F::ReportRouteTypedErrors
            | F::DomainDatetimeWholeSeconds
            | F::RewordedErrors => (V19, None),
            F::MessagePostChecksArguments
            | F::SessionInfoInternalUser
            | F::SearchChecksFieldAccess
            | F::RecordRuleErrorNamesUser => (V17, None),
            F::SessionInfoPublic
            | F::WebDatasetNotFound
            | F::LoadInvalidFieldName
            | F::OrderRefusesNonStored
            | F::FieldAccessNamesGroups
            | F::CompanyErrorSuggestsCompany => (V18, None),
            F::ProductIsStorable | F::PaymentStatePaid => (V18, None),
            F::ImmediateTransfer | F::RepostRefused => (V16, Some(V17)),
            F::SaleOrderCancelWizard | F::NestedStockLocations => (V16, Some(V19)),
            F::LockedOrderCancelRefused => (V17, None),
            F::ProductCategoryDefault => (V16, Some(V19)),
            F::StockMoveQuantityDefault | F::MessageTypeDefaultEmail => (V16, Some(V17)),
        };
        Fact {
            feature: self,
            since,
            removed_in,
        }
    }

    /// The first version that has it.
    pub const fn since(self) -> OdooVersion {
        self.fact().since
    }

    /// The first version that no longer has it, when one is known.
    pub const fn removed_in(self) -> Option<OdooVersion> {
        self.fact().removed_in
    }
}

const V16: OdooVersion = OdooVersion::V16;
const V17: OdooVersion = OdooVersion::V17;
const V18: OdooVersion = OdooVersion::V18;
const V19: OdooVersion = OdooVersion::V19;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_feature_is_removed_before_it_is_brought() {
        for feature in [
            Feature::JsonVersionNeedsLogin,
            Feature::PublicReadGroup,
            Feature::AttachmentDatas,
            Feature::DbServiceOverRpc,
            Feature::ImmediateTransfer,
            Feature::SaleOrderCancelWizard,
            Feature::NestedStockLocations,
            Feature::RepostRefused,
            Feature::ProductCategoryDefault,
            Feature::StockMoveQuantityDefault,
            Feature::MessageTypeDefaultEmail,
        ] {
            let fact = feature.fact();
            assert!(
                fact.removed_in.is_some_and(|removed| removed > fact.since),
                "{feature:?}"
            );
        }
    }

    #[test]
    fn versions_read_and_order_as_odoo_names_them() {
        let read = |text: &str| text.parse::<OdooVersion>().expect(text);
        assert_eq!(read("18.0"), OdooVersion::V18);
        assert_eq!(read("saas~19.2"), OdooVersion::new(19, 2));
        assert_eq!(read("17.0-20240709"), OdooVersion::V17);
        assert_eq!(read("19.2+e"), OdooVersion::new(19, 2));
        assert_eq!(read("20"), OdooVersion::V20);
        assert!("x".parse::<OdooVersion>().is_err());
        assert!(OdooVersion::V19 < OdooVersion::new(19, 1));
        assert!(OdooVersion::new(19, 4) < OdooVersion::V20);
        assert!(OdooVersion::new(19, 1).is_newer_than_recorded());
        assert!(!OdooVersion::V19.is_newer_than_recorded());
        assert_eq!(OdooVersion::V20.recorded(), OdooVersion::V19);
        assert_eq!(OdooVersion::new(17, 2).recorded(), OdooVersion::V17);
        assert_eq!(OdooVersion::V18.recorded(), OdooVersion::V18);
        assert_eq!(OdooVersion::new(19, 2).to_string(), "19.2");
        assert_eq!(OdooVersion::new(19, 2).release_text(), "saas~19.2");
        assert_eq!(OdooVersion::V18.release_text(), "18.0");
        assert_eq!(OdooVersion::V18.version_info()[0], 18);
        assert_eq!(OdooVersion::new(19, 2).version_info()[0], "saas~19");
        assert_eq!(OdooVersion::new(19, 2).version_info()[1], 2);
    }

    #[test]
    fn a_feature_holds_from_its_version_until_its_removal() {
        assert!(!OdooVersion::V16.has(Feature::OnchangeFieldSpec));
        assert!(OdooVersion::V17.has(Feature::OnchangeFieldSpec));
        assert!(OdooVersion::V18.has(Feature::JsonVersionNeedsLogin));
        assert!(!OdooVersion::V19.has(Feature::JsonVersionNeedsLogin));
        assert!(OdooVersion::new(19, 2).has(Feature::AttachmentDatas));
        assert!(!OdooVersion::new(19, 3).has(Feature::AttachmentDatas));
        assert!(!OdooVersion::new(19, 3).has(Feature::IrAccessModel));
        assert!(OdooVersion::V20.has(Feature::IrAccessModel));
        assert!(OdooVersion::new(21, 0).has(Feature::Json2Api));
    }

    #[test]
    fn pick_takes_the_latest_listed_version_at_or_before() {
        let pick = |v: OdooVersion| v.pick(1, &[(OdooVersion::V17, 2), (OdooVersion::V19, 3)]);
        assert_eq!(pick(OdooVersion::V16), 1);
        assert_eq!(pick(OdooVersion::V17), 2);
        assert_eq!(pick(OdooVersion::V18), 2);
        assert_eq!(pick(OdooVersion::new(19, 2)), 3);
        assert_eq!(OdooVersion::V18.pick("only", &[]), "only");
    }

    #[test]
    fn major_ranges_are_inclusive_and_open_ended() {
        assert!(major_in(17, Some(17), Some(18)));
        assert!(!major_in(16, Some(17), None));
        assert!(major_in(30, Some(17), None));
        assert!(!major_in(19, None, Some(18)));
        assert!(major_in(12, None, None));
    }
}
