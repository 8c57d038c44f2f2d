//! Grouped reads in the emulator: `read_group` (lazy or not) and Odoo 19's
//! `formatted_read_group`, with the answer shapes the real servers give (a many2one key as
//! `[id, name]`, a period as its label plus `__range` before 19 and as `[start, label]` with
//! `__extra_domain` on 19, aggregates keyed by field before 19 and by `field:function` on 19).

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::{json, Map, Value};

use super::error::EmulatorError;
use super::store::{invalid_field, Store};
use super::{Feature, OdooVersion};
use odoo_schema::FieldType;

/// One `groupby` entry: `state` or `date_order:month`.
struct GroupSpec {
    spec: String,
    field: String,
    /// For dates: the period (`month` when the spec names none, as Odoo does).
    granularity: Option<String>,
    field_type: FieldType,
    relation: Option<String>,
}

/// One aggregate: `amount_total:sum`; `__count` is the count.
struct AggSpec {
    spec: String,
    field: String,
    function: String,
    field_type: FieldType,
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

fn field_of(
    store: &Store,
    model: &str,
    name: &str,
) -> Result<(FieldType, Option<String>), EmulatorError> {
    let field = store
        .schema()
        .model(model)
        .and_then(|m| m.field(name))
        .ok_or_else(|| invalid_field(name, model))?;
    Ok((field.field_type.clone(), field.relation.clone()))
}

/// The period of a date text (`YYYY-MM-DD...`): its start, the next one's start, its label.
fn period(text: &str, granularity: &str) -> Option<(NaiveDate, NaiveDate, String)> {
    let date = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    let month_start = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1);
    let add_months = |d: NaiveDate, n: u32| {
        let total = d.year() * 12 + i32::try_from(d.month0() + n).ok()?;
        month_start(
            total.div_euclid(12),
            u32::try_from(total.rem_euclid(12)).ok()? + 1,
        )
    };
    Some(match granularity {
        "day" => (
            date,
            date + Duration::days(1),
            date.format("%d %b %Y").to_string(),
        ),
        "week" => {
            let start = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
            let week = start.iso_week();
            (
                start,
                start + Duration::days(7),
                format!("W{} {}", week.week(), week.year()),
            )
        }
        "quarter" => {
            let start = month_start(date.year(), date.month0() / 3 * 3 + 1)?;
            (
                start,
                add_months(start, 3)?,
                format!("Q{} {}", date.month0() / 3 + 1, date.year()),
            )
        }
        "year" => {
            let start = month_start(date.year(), 1)?;
            (start, add_months(start, 12)?, date.year().to_string())
        }
        _ => {
            let start = month_start(date.year(), date.month())?;
            (
                start,
                add_months(start, 1)?,
                date.format("%B %Y").to_string(),
            )
        }
    })
}

/// The key of one record for one groupby entry, and (for periods) its range and label.
fn key_of(
    store: &Store,
    model: &str,
    id: i64,
    spec: &GroupSpec,
) -> (Value, Option<(String, String, String)>) {
    let value = store.stored_value(model, id, &spec.field);
    if let Some(granularity) = &spec.granularity {
        let Some((start, end, label)) = value.as_str().and_then(|text| period(text, granularity))
        else {
            return (Value::Bool(false), None);
        };
        let time = if spec.field_type == FieldType::Datetime {
            " 00:00:00"
        } else {
            ""
        };
        let (start, end) = (format!("{start}{time}"), format!("{end}{time}"));
        return (json!(start), Some((start, end, label)));
    }
    let key = match value {
        Value::Null => Value::Bool(false),
        Value::Array(ids) if spec.field_type == FieldType::Many2one => {
            ids.first().cloned().unwrap_or(Value::Bool(false))
        }
        other => other,
    };
    (key, None)
}

fn aggregate(store: &Store, model: &str, ids: &[i64], agg: &AggSpec) -> Value {
    let values: Vec<Value> = ids
        .iter()
        .map(|id| store.stored_value(model, *id, &agg.field))
        .filter(|v| !v.is_null() && *v != Value::Bool(false))
        .collect();
    let numbers: Vec<f64> = values.iter().filter_map(Value::as_f64).collect();
    let integer = agg.field_type == FieldType::Integer;
    let number = |n: f64| {
        if integer && n.fract() == 0.0 {
            json!(n as i64)
        } else {
            json!(n)
        }
    };
    match agg.function.as_str() {
        "sum" => number(numbers.iter().sum()),
        "avg" if numbers.is_empty() => Value::Null,
        "avg" => json!(numbers.iter().sum::<f64>() / numbers.len() as f64),
        "count_distinct" => {
            let distinct: std::collections::BTreeSet<String> =
                values.iter().map(Value::to_string).collect();
            json!(distinct.len())
        }
        "count" => json!(values.len()),
        "min" | "max" => {
            let mut sorted = values.clone();
            sorted.sort_by(|a, b| match (a.as_f64(), b.as_f64()) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                _ => a.to_string().cmp(&b.to_string()),
            });
            let pick = if agg.function == "min" {
                sorted.first()
            } else {
                sorted.last()
            };
            pick.cloned().unwrap_or(Value::Bool(false))
        }
        _ => Value::Null,
    }
}

/// A group being built: its key per groupby entry, its period (start, end, label) per entry
/// grouped by period, and its records.
type Members = (Vec<Value>, Vec<Option<(String, String, String)>>, Vec<i64>);

/// The groups in the order of their keys (empty values last), as Odoo orders them by default.
type Groups = BTreeMap<Vec<(u8, String)>, Members>;

/// A grouped read being answered: its model, its query and the shape of its answer.
struct GroupQuery<'a> {
    store: &'a Store,
    model: &'a str,
    domain: Value,
    groupby: Vec<GroupSpec>,
    aggregates: Vec<AggSpec>,
    /// `formatted_read_group` (19) rather than `read_group`.
    modern: bool,
    /// `read_group` without `lazy=False`: grouped by the first field only.
    lazy: bool,
}

/// Answers `read_group` (`modern == false`) or `formatted_read_group` (`modern == true`).
pub(crate) fn read_group(
    store: &Store,
    model: &str,
    bound: &Map<String, Value>,
    version: OdooVersion,
    modern: bool,
) -> Result<Value, EmulatorError> {
    let get = |k: &str| bound.get(k).filter(|v| !v.is_null());
    let mut groupby = group_specs(store, model, strings(get("groupby")), modern)?;
    // Without `lazy=False`, read_group groups by the first field only.
    let lazy = !modern && get("lazy").and_then(Value::as_bool) != Some(false);
    if lazy {
        groupby.truncate(1);
    }
    let list = if modern {
        strings(get("aggregates"))
    } else {
        strings(get("fields"))
    };
    let aggregates = agg_specs(store, model, list, &groupby, version, modern)?;
    let query = GroupQuery {
        store,
        model,
        domain: get("domain").cloned().unwrap_or_else(|| json!([])),
        groupby,
        aggregates,
        modern,
        lazy,
    };
    let groups = query.groups()?;
    let offset = get("offset").and_then(Value::as_u64).unwrap_or(0) as usize;
    let limit = get("limit")
        .and_then(Value::as_u64)
        .map_or(usize::MAX, |n| n as usize);
    let rows = groups
        .into_values()
        .skip(offset)
        .take(limit)
        .map(|members| query.row(members))
        .collect();
    Ok(Value::Array(rows))
}

/// The `groupby` entries, checked against the schema; a date without a period is grouped by
/// month (refused by `formatted_read_group`, which wants the period named).
fn group_specs(
    store: &Store,
    model: &str,
    specs: Vec<String>,
    modern: bool,
) -> Result<Vec<GroupSpec>, EmulatorError> {
    let mut groupby = Vec::new();
    for spec in specs {
        let (field, granularity) = match spec.split_once(':') {
            Some((field, g)) => (field.to_owned(), Some(g.to_owned())),
            None => (spec.clone(), None),
        };
        let (field_type, relation) = field_of(store, model, &field)?;
        store.check_groupable(model, &field)?;
        let temporal = matches!(field_type, FieldType::Date | FieldType::Datetime);
        if modern && temporal && granularity.is_none() {
            return Err(EmulatorError::value_error(format!(
                "Granularity not set on a date(time) field: '{field}'"
            )));
        }
        let granularity = granularity.or_else(|| temporal.then(|| "month".to_owned()));
        groupby.push(GroupSpec {
            spec,
            field,
            granularity,
            field_type,
            relation,
        });
    }
    if groupby.is_empty() {
        return Err(EmulatorError::value_error(
            "groupby must name at least one field",
        ));
    }
    Ok(groupby)
}

/// The aggregates asked (`field:function`, `sum` when no function is named), `__count`
/// apart.
fn agg_specs(
    store: &Store,
    model: &str,
    specs: Vec<String>,
    groupby: &[GroupSpec],
    version: OdooVersion,
    modern: bool,
) -> Result<Vec<AggSpec>, EmulatorError> {
    let mut aggregates = Vec::new();
    for spec in specs {
        if spec == "__count" {
            continue;
        }
        let (field, function) = match spec.split_once(':') {
            Some((field, function)) => (field.to_owned(), function.to_owned()),
            None => (spec.clone(), "sum".to_owned()),
        };
        // Before 19 an aggregate is keyed by its field, so the group key wins; Odoo 16 also
        // drops the aggregate of a field it groups by period.
        let grouped = groupby.iter().any(|g| {
            g.spec == field
                || (!version.has(Feature::ReadGroupKeepsPeriodAggregate) && g.field == field)
        });
        if grouped && !modern {
            continue;
        }
        let (field_type, _) = field_of(store, model, &field)?;
        aggregates.push(AggSpec {
            spec,
            field,
            function,
            field_type,
        });
    }
    Ok(aggregates)
}

impl GroupQuery<'_> {
    /// The matching records, grouped.
    fn groups(&self) -> Result<Groups, EmulatorError> {
        let (store, model) = (self.store, self.model);
        let ids = store.search_ids(model, &self.domain, None, 0, None, None)?;
        let mut groups = Groups::new();
        for id in ids {
            let (mut keys, mut ranges, mut order) = (Vec::new(), Vec::new(), Vec::new());
            for spec in &self.groupby {
                let (key, range) = key_of(store, model, id, spec);
                let sort = match (&key, spec.relation.as_deref()) {
                    (Value::Bool(false), _) => (1, String::new()),
                    (Value::Number(n), Some(relation)) => (
                        0,
                        store.display_name(relation, n.as_i64().unwrap_or_default()),
                    ),
                    (Value::String(text), _) => (0, text.clone()),
                    (other, _) => (0, other.to_string()),
                };
                order.push(sort);
                keys.push(key);
                ranges.push(range);
            }
            groups
                .entry(order)
                .or_insert_with(|| (keys, ranges, Vec::new()))
                .2
                .push(id);
        }
        Ok(groups)
    }

    /// One group of the answer: its keys, aggregates, count and domain.
    fn row(&self, (keys, ranges, members): Members) -> Value {
        let store = self.store;
        let mut row = Map::new();
        let mut extra = Vec::new();
        let mut range_map = Map::new();
        for ((spec, key), range) in self.groupby.iter().zip(&keys).zip(&ranges) {
            let shown = match (range, spec.relation.as_deref(), key) {
                (Some((start, _, label)), _, _) if self.modern => json!([start, label]),
                (Some((_, _, label)), _, _) => json!(label),
                (None, Some(relation), Value::Number(n)) => {
                    let id = n.as_i64().unwrap_or_default();
                    json!([id, store.display_name(relation, id)])
                }
                (None, _, key) => key.clone(),
            };
            row.insert(spec.spec.clone(), shown);
            match range {
                Some((start, end, _)) => {
                    extra.push(json!([spec.field, ">=", start]));
                    extra.push(json!([spec.field, "<", end]));
                    range_map.insert(spec.spec.clone(), json!({"from": start, "to": end}));
                }
                None => extra.push(json!([spec.field, "=", key])),
            }
        }
        for agg in &self.aggregates {
            let key = if self.modern {
                agg.spec.clone()
            } else {
                agg.field.clone()
            };
            row.insert(key, aggregate(store, self.model, &members, agg));
        }
        let count = json!(members.len());
        if self.modern {
            row.insert("__extra_domain".into(), Value::Array(extra));
            row.insert("__count".into(), count);
            return Value::Object(row);
        }
        let count_key = if self.lazy {
            format!("{}_count", self.groupby[0].field)
        } else {
            "__count".into()
        };
        row.insert(count_key, count);
        let mut all = extra;
        if let Value::Array(base) = &self.domain {
            all.extend(base.iter().cloned());
        }
        row.insert("__domain".into(), Value::Array(all));
        if !range_map.is_empty() {
            row.insert("__range".into(), Value::Object(range_map));
        }
        Value::Object(row)
    }
}

#[cfg(test)]
mod tests {
    use super::period;

    #[test]
    fn periods_and_labels() {
        let (start, end, label) = period("2026-11-04 14:33:00", "month").expect("month");
        assert_eq!(
            (start.to_string(), end.to_string(), label.as_str()),
            ("2026-11-01".into(), "2026-12-01".into(), "November 2026")
        );
        let (start, end, label) = period("2026-12-31", "month").expect("december");
        assert_eq!(
            (start.to_string(), end.to_string(), label.as_str()),
            ("2026-12-01".into(), "2027-01-01".into(), "December 2026")
        );
        let (start, end, label) = period("2026-11-04", "quarter").expect("quarter");
        assert_eq!(
            (start.to_string(), end.to_string(), label.as_str()),
            ("2026-10-01".into(), "2027-01-01".into(), "Q4 2026")
        );
        let (start, _, label) = period("2026-11-04", "week").expect("week");
        assert_eq!(
            (start.to_string(), label.as_str()),
            ("2026-11-02".into(), "W45 2026")
        );
        let (_, end, label) = period("2026-11-04", "year").expect("year");
        assert_eq!(
            (end.to_string(), label.as_str()),
            ("2027-01-01".into(), "2026")
        );
        assert_eq!(
            period("2026-11-04", "day").map(|p| p.2),
            Some("04 Nov 2026".to_owned())
        );
        assert!(period("not a date", "month").is_none());
    }
}
