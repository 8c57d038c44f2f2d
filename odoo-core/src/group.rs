//! Grouped reads with aggregates, typed: one API over `read_group` (Odoo 16 to 18) and
//! `formatted_read_group` (Odoo 19).
//!
//! ```no_run
//! # #[cfg(feature = "derive")]
//! # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
//! use odoo_core::group::Granularity;
//! use odoo_core::types::{DateTime, Many2one};
//! use odoo_core::{Model, OdooModel};
//!
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "sale.order")]
//! struct Order {
//!     id: i64,
//!     state: Option<String>,
//!     partner_id: Many2one,
//!     date_order: DateTime,
//!     amount_total: f64,
//! }
//!
//! let f = Order::fields();
//! let groups = client
//!     .model::<Order>()
//!     .read_group()
//!     .filter(f.state.eq("sale"))
//!     .by(&f.partner_id)
//!     .by_period(&f.date_order, Granularity::Month)
//!     .sum(&f.amount_total)
//!     .fetch()
//!     .await?;
//! for group in &groups {
//!     let partner: Many2one = group.key(&f.partner_id)?;
//!     let month = group.period(&f.date_order).map(|p| p.label.clone());
//!     println!("{partner:?} {month:?}: {} orders, {}", group.count(), group.sum(&f.amount_total)?);
//! }
//! # Ok(()) }
//! ```
//!
//! Odoo 16 to 18 name an aggregate by its field alone, so there a field cannot be both grouped
//! by and aggregated, nor aggregated twice (Odoo 16 not even when it groups the field by
//! period); such a query is refused before it is sent, with the reason.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde_json::{Map, Value};

use crate::availability::Needs;
use crate::error::{Error, ErrorContext, Result};
use crate::model::{Field, Model, OdooField, RustKind};
use crate::transport::Call;
use crate::types::{Date, DateTime};
use crate::version::Feature;
use crate::{Client, Context, Domain};

/// The step by which a date or datetime groups its records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Granularity {
    /// One group a day.
    Day,
    /// One group an ISO week (Monday to Sunday).
    Week,
    /// One group a month.
    Month,
    /// One group a quarter.
    Quarter,
    /// One group a year.
    Year,
}

impl Granularity {
    /// Odoo's name for it (`month`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }
}

impl fmt::Display for Granularity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Field types that can be summed and averaged: integers and floats (monetary included).
#[diagnostic::on_unimplemented(
    message = "a field of type `{Self}` cannot be summed or averaged",
    label = "not an integer, float or monetary field",
    note = "sum and avg take numeric fields; min, max and count_distinct take any field"
)]
pub trait Numeric: OdooField {}
impl Numeric for i64 {}
impl Numeric for f64 {}
// A number that some versions lack (`#[odoo(since = ..)]`) is an `Option`.
impl Numeric for Option<i64> {}
impl Numeric for Option<f64> {}

/// Field types that group by period: dates and datetimes.
#[diagnostic::on_unimplemented(
    message = "a field of type `{Self}` cannot be grouped by period",
    label = "not a date or datetime field",
    note = "by_period takes date and datetime fields; group other fields with `by`"
)]
pub trait Temporal: OdooField {}
impl Temporal for Date {}
impl Temporal for DateTime {}
impl Temporal for Option<Date> {}
impl Temporal for Option<DateTime> {}

/// The period of a group made by [`ReadGroup::by_period`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// Its first moment, as Odoo sends it: `YYYY-MM-DD` for a date field, `YYYY-MM-DD
    /// HH:MM:SS` (UTC) for a datetime field.
    pub start: String,
    /// The first moment after it, likewise (when the server tells it).
    pub end: Option<String>,
    /// Its name as Odoo shows it (`November 2026`, `W48 2026`, `Q4 2026`).
    pub label: String,
}

impl Period {
    /// The first day of the period.
    ///
    /// # Errors
    ///
    /// When the server sent something that is not a date.
    pub fn start_date(&self) -> std::result::Result<Date, crate::types::ValueError> {
        Date::parse(&self.start)
    }
}

/// A grouped read of model `M`, from [`ModelClient::read_group`](crate::ModelClient::read_group):
/// the records matching a domain, grouped by fields (dates by period), each group with its
/// count and the aggregates asked for.
#[must_use = "a grouped read does nothing until `fetch`"]
pub struct ReadGroup<M: Model> {
    client: Client,
    domain: Domain<M::Base>,
    /// What the group-bys and aggregates use that exists on some versions only.
    needs: Needs,
    /// `(field, spec)`: `state`, or `date_order:month`.
    groupby: Vec<(String, String)>,
    /// `(field, function)`: `("amount_total", "sum")`.
    aggregates: Vec<(String, &'static str)>,
    limit: Option<u64>,
    offset: Option<u64>,
    context: Option<Context>,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> fmt::Debug for ReadGroup<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadGroup")
            .field("model", &M::MODEL)
            .field("domain", &self.domain)
            .field("groupby", &self.groupby)
            .field("aggregates", &self.aggregates)
            .field("limit", &self.limit)
            .field("offset", &self.offset)
            .finish_non_exhaustive()
    }
}

impl<M: Model> ReadGroup<M> {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            client,
            domain: Domain::all(),
            needs: Needs::default(),
            groupby: Vec::new(),
            aggregates: Vec::new(),
            limit: None,
            offset: None,
            context: None,
            marker: PhantomData,
        }
    }

    /// Groups only the records matching `domain` (default: all).
    pub fn filter(mut self, domain: Domain<M::Base>) -> Self {
        self.domain = domain;
        self
    }

    /// Groups by the values of a field (a many2one groups by record, a date field by month,
    /// as Odoo does, with its [`Group::period`]; use [`ReadGroup::by_period`] to choose).
    pub fn by<T: OdooField, A>(mut self, field: &Field<M::Base, T, A>) -> Self {
        self.need(field);
        let name = field.name().to_owned();
        if matches!(T::KIND, RustKind::Date | RustKind::DateTime) {
            // Odoo 19 wants the period named; month is what the versions before it take.
            let spec = format!("{name}:{}", Granularity::Month);
            self.groupby.push((name, spec));
        } else {
            self.groupby.push((name.clone(), name));
        }
        self
    }

    /// Groups a date or datetime field by period.
    pub fn by_period<T: Temporal, A>(
        mut self,
        field: &Field<M::Base, T, A>,
        step: Granularity,
    ) -> Self {
        self.need(field);
        let name = field.name().to_owned();
        let spec = format!("{name}:{step}");
        self.groupby.push((name, spec));
        self
    }

    fn need<T, A>(&mut self, field: &Field<M::Base, T, A>) {
        self.needs.add(field.need());
    }

    fn aggregate<T, A>(mut self, field: &Field<M::Base, T, A>, function: &'static str) -> Self {
        self.need(field);
        self.aggregates.push((field.name().to_owned(), function));
        self
    }

    /// The sum of a numeric field in each group.
    pub fn sum<T: Numeric, A>(self, field: &Field<M::Base, T, A>) -> Self {
        self.aggregate(field, "sum")
    }

    /// The average of a numeric field in each group.
    pub fn avg<T: Numeric, A>(self, field: &Field<M::Base, T, A>) -> Self {
        self.aggregate(field, "avg")
    }

    /// The smallest value of a field in each group.
    pub fn min<T: OdooField, A>(self, field: &Field<M::Base, T, A>) -> Self {
        self.aggregate(field, "min")
    }

    /// The largest value of a field in each group.
    pub fn max<T: OdooField, A>(self, field: &Field<M::Base, T, A>) -> Self {
        self.aggregate(field, "max")
    }

    /// How many distinct values a field takes in each group.
    pub fn count_distinct<T: OdooField, A>(self, field: &Field<M::Base, T, A>) -> Self {
        self.aggregate(field, "count_distinct")
    }

    /// At most this many groups.
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Skips this many groups.
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Merges `context` over the client's for this call.
    pub fn context(mut self, context: Context) -> Self {
        self.context = Some(context);
        self
    }

    /// Odoo 19 has `formatted_read_group`; the versions before it `read_group` (which 19.1
    /// and later no longer serve), as the ORM's table says.
    fn modern(&self) -> bool {
        let version = self.client.server_version().odoo_version();
        crate::orm::method_on("formatted_read_group", version, M::MODEL).is_some()
    }

    fn call(&self) -> Result<Call> {
        let modern = self.modern();
        let method = if modern {
            "formatted_read_group"
        } else {
            "read_group"
        };
        let context = ErrorContext::call(M::MODEL, method).on(self.client.transport_kind());
        if self.groupby.is_empty() {
            return Err(Error::invalid(
                "a grouped read needs at least one field to group by",
                context,
            ));
        }
        let domain = self.domain.to_value();
        let groupby = strings(self.groupby.iter().map(|(_, spec)| spec.as_str()));
        let mut call = if modern {
            let mut aggregates: Vec<String> = self
                .aggregates
                .iter()
                .map(|(field, function)| format!("{field}:{function}"))
                .collect();
            aggregates.push("__count".into());
            Call::new(M::MODEL, method)
                .kwarg("domain", domain)
                .kwarg("groupby", groupby)
                .kwarg("aggregates", strings(aggregates.iter().map(String::as_str)))
        } else {
            // `read_group` names each aggregate by its field: two of one field, or one of a
            // field also grouped by, would overwrite each other in the answer. Odoo 16 leaves
            // out the aggregate of a field grouped by period too.
            let version = self.client.server_version();
            let period_drops_aggregate = !version.has(Feature::ReadGroupKeepsPeriodAggregate);
            let mut names: Vec<&str> = self
                .groupby
                .iter()
                .filter(|(field, spec)| field == spec || period_drops_aggregate)
                .map(|(field, _)| field.as_str())
                .collect();
            for (field, _) in &self.aggregates {
                if names.contains(&field.as_str()) {
                    return Err(Error::invalid(
                        format!(
                            "Odoo {} names the aggregates of read_group by their field alone: \
                             `{field}` cannot be aggregated twice, nor both grouped by and \
                             aggregated (Odoo 19's formatted_read_group can)",
                            self.client.server_version().major
                        ),
                        context,
                    ));
                }
                names.push(field);
            }
            let fields: Vec<String> = self
                .aggregates
                .iter()
                .map(|(field, function)| format!("{field}:{function}"))
                .collect();
            Call::new(M::MODEL, method)
                .arg(domain)
                .arg(strings(fields.iter().map(String::as_str)))
                .arg(groupby)
                .kwarg("lazy", false)
        };
        if let Some(offset) = self.offset {
            call = call.kwarg("offset", offset);
        }
        if let Some(limit) = self.limit {
            call = call.kwarg("limit", limit);
        }
        if let Some(context) = &self.context {
            call = call.kwarg("context", Value::Object(context.clone().into_map()));
        }
        Ok(call)
    }

    /// Sends the grouped read; the groups in Odoo's order (by the grouped fields).
    pub async fn fetch(self) -> Result<Vec<Group<M>>> {
        let method = if self.modern() {
            "formatted_read_group"
        } else {
            "read_group"
        };
        crate::server_check::check::<M>(&self.client, method, &[self.domain.needs(), &self.needs])?;
        let call = self.call()?;
        let modern = self.modern();
        let context = call.error_context().on(self.client.transport_kind());
        let rows: Vec<Map<String, Value>> = self.client.call_as(call).await?;
        rows.into_iter()
            .enumerate()
            .map(|(index, row)| {
                Group::from_row(row, modern, &self.groupby, &self.domain).map_err(|message| {
                    Error::decode(format!("[{index}]"), message, context.clone())
                })
            })
            .collect()
    }
}

fn strings<'a>(items: impl Iterator<Item = &'a str>) -> Value {
    Value::Array(items.map(|item| Value::String(item.to_owned())).collect())
}

/// One group of a [`ReadGroup`]: its key per grouped field, its count and its aggregates.
pub struct Group<M> {
    count: i64,
    /// The key per grouped field name (a period's start for a field grouped by period).
    keys: Map<String, Value>,
    /// The period per field grouped by period (none for the group of records without a date).
    periods: BTreeMap<String, Period>,
    /// Aggregates by `field:function`.
    values: Map<String, Value>,
    domain: Value,
    raw: Map<String, Value>,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> fmt::Debug for Group<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Group")
            .field("model", &M::MODEL)
            .field("count", &self.count)
            .field("keys", &self.keys)
            .field("values", &self.values)
            .finish_non_exhaustive()
    }
}

/// The period a date key stands for: `[start, label]` on 19, the label and `__range` before.
fn period_of(
    raw: &Map<String, Value>,
    value: &Value,
    modern: bool,
    field: &str,
    spec: &str,
) -> Option<Period> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
    if modern {
        let Value::Array(pair) = value else {
            return None;
        };
        return Some(Period {
            start: text(pair.first()),
            end: range_end(raw.get("__extra_domain"), field),
            label: text(pair.get(1)),
        });
    }
    let range = raw.get("__range").and_then(|r| r.get(spec))?;
    let Value::String(label) = value else {
        return None;
    };
    Some(Period {
        start: text(range.get("from")),
        end: range.get("to").and_then(Value::as_str).map(str::to_owned),
        label: label.clone(),
    })
}

impl<M: Model> Group<M> {
    fn from_row(
        mut raw: Map<String, Value>,
        modern: bool,
        groupby: &[(String, String)],
        domain: &Domain<M::Base>,
    ) -> std::result::Result<Self, String> {
        let count = raw
            .get("__count")
            .and_then(Value::as_i64)
            .ok_or("a group without `__count`")?;
        let mut keys = Map::new();
        let mut periods = BTreeMap::new();
        for (field, spec) in groupby {
            let value = raw.get(spec).cloned().unwrap_or(Value::Bool(false));
            // A date grouped without a period is grouped by month all the same: a period
            // too (`__range` names it before 19; on 19 the key is `[start, label]`, where a
            // many2one's is `[id, name]`).
            let period_shaped = if modern {
                value
                    .as_array()
                    .is_some_and(|pair| pair.len() == 2 && pair.iter().all(Value::is_string))
            } else {
                raw.get("__range").and_then(|r| r.get(spec)).is_some()
            };
            if field == spec && !period_shaped {
                keys.insert(field.clone(), value);
                continue;
            }
            let period = period_of(&raw, &value, modern, field, spec);
            let start = period.as_ref().map(|p| Value::String(p.start.clone()));
            keys.insert(field.clone(), start.unwrap_or(Value::Bool(false)));
            if let Some(period) = period {
                periods.insert(field.clone(), period);
            }
        }
        let mut values = Map::new();
        for (key, value) in &raw {
            if key.starts_with("__") || groupby.iter().any(|(_, spec)| spec == key) {
                continue;
            }
            // By `field:function` on 19, by the field alone before.
            values.insert(key.clone(), value.clone());
        }
        let group_domain = if modern {
            let mut all = domain.to_value().as_array().cloned().unwrap_or_default();
            if let Some(Value::Array(extra)) = raw.get("__extra_domain") {
                all.extend(extra.iter().cloned());
            }
            Value::Array(all)
        } else {
            raw.remove("__domain").unwrap_or(Value::Array(Vec::new()))
        };
        Ok(Self {
            count,
            keys,
            periods,
            values,
            domain: group_domain,
            raw,
            marker: PhantomData,
        })
    }

    /// How many records the group holds.
    pub fn count(&self) -> i64 {
        self.count
    }

    /// The group's value of a field it was grouped by ([`ReadGroup::by`]), as the field's own
    /// type (`false` for the group of records without a value, so an `Option` reads `None`).
    ///
    /// # Errors
    ///
    /// When the query did not group by this field, or the value does not fit the type.
    pub fn key<T: OdooField, A>(&self, field: &Field<M::Base, T, A>) -> Result<T> {
        let context = ErrorContext::call(M::MODEL, "read_group");
        let value = self.keys.get(field.name()).ok_or_else(|| {
            Error::invalid(
                format!("the groups are not grouped by `{}`", field.name()),
                context.clone(),
            )
        })?;
        T::deserialize_field(value.clone())
            .map_err(|e| Error::decode(field.name(), e.to_string(), context))
    }

    /// The period of a field grouped by [`ReadGroup::by_period`]; `None` for the group of
    /// records without a date, or when the query did not group it by period.
    pub fn period<T, A>(&self, field: &Field<M::Base, T, A>) -> Option<Period> {
        self.periods.get(field.name()).cloned()
    }

    fn aggregate(&self, field: &str, function: &str) -> Result<&Value> {
        let modern_key = format!("{field}:{function}");
        self.values
            .get(&modern_key)
            .or_else(|| self.values.get(field))
            .ok_or_else(|| {
                Error::invalid(
                    format!("the groups do not hold the {function} of `{field}`: ask for it on the query"),
                    ErrorContext::call(M::MODEL, "read_group"),
                )
            })
    }

    fn number(&self, field: &str, function: &str) -> Result<f64> {
        match self.aggregate(field, function)? {
            // An empty group (or only empty values) aggregates to nothing.
            Value::Null | Value::Bool(false) => Ok(0.0),
            value => value.as_f64().ok_or_else(|| {
                Error::decode(
                    field,
                    format!("the {function} is not a number: {value}"),
                    ErrorContext::call(M::MODEL, "read_group"),
                )
            }),
        }
    }

    /// The sum of a field in the group (asked with [`ReadGroup::sum`]).
    pub fn sum<T: Numeric, A>(&self, field: &Field<M::Base, T, A>) -> Result<f64> {
        self.number(field.name(), "sum")
    }

    /// The average of a field in the group (asked with [`ReadGroup::avg`]).
    pub fn avg<T: Numeric, A>(&self, field: &Field<M::Base, T, A>) -> Result<f64> {
        self.number(field.name(), "avg")
    }

    /// How many distinct values the field takes in the group (asked with
    /// [`ReadGroup::count_distinct`]).
    pub fn count_distinct<T, A>(&self, field: &Field<M::Base, T, A>) -> Result<i64> {
        let value = self.number(field.name(), "count_distinct")?;
        Ok(value as i64)
    }

    /// The smallest value of the field in the group, as its own type (asked with
    /// [`ReadGroup::min`]).
    pub fn min<T: OdooField, A>(&self, field: &Field<M::Base, T, A>) -> Result<T> {
        self.extreme(field, "min")
    }

    /// The largest value of the field in the group (asked with [`ReadGroup::max`]).
    pub fn max<T: OdooField, A>(&self, field: &Field<M::Base, T, A>) -> Result<T> {
        self.extreme(field, "max")
    }

    fn extreme<T: OdooField, A>(&self, field: &Field<M::Base, T, A>, function: &str) -> Result<T> {
        let value = self.aggregate(field.name(), function)?;
        let value = if value.is_null() {
            Value::Bool(false)
        } else {
            value.clone()
        };
        T::deserialize_field(value).map_err(|e| {
            Error::decode(
                field.name(),
                e.to_string(),
                ErrorContext::call(M::MODEL, "read_group"),
            )
        })
    }

    /// The domain of the group's records, to search or read them.
    pub fn domain(&self) -> &Value {
        &self.domain
    }

    /// The group as Odoo sent it.
    pub fn raw(&self) -> &Map<String, Value> {
        &self.raw
    }
}

/// The end of a period from 19's `__extra_domain`: the leaf `[field, "<", end]`.
fn range_end(extra: Option<&Value>, field: &str) -> Option<String> {
    extra?.as_array()?.iter().find_map(|leaf| {
        let leaf = leaf.as_array()?;
        (leaf.first()?.as_str()? == field && leaf.get(1)?.as_str()? == "<")
            .then(|| leaf.get(2)?.as_str().map(str::to_owned))
            .flatten()
    })
}
