//! `date` and `datetime` fields: Odoo's text formats over chrono's naive types.

use std::fmt;
use std::str::FromStr;
use std::time::SystemTime;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::error::{empty_field, preview, ValueError};

/// The `chrono` format of a `date` field on the wire: `2026-12-28`.
pub const DATE_FORMAT: &str = "%Y-%m-%d";

/// The `chrono` format of a `datetime` field on the wire: `2026-10-28 06:06:00` (UTC).
pub const DATETIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Formats accepted when reading a datetime: Odoo's own, with optional fractional
/// seconds, and the same with ISO 8601's `T` between date and time.
const DATETIME_READ_FORMATS: [&str; 2] = ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"];

/// The number written by the ASCII digits `digits`, if they all are digits.
fn digits(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// Reads exactly `YYYY-MM-DD` without a format string: what Odoo sends, many times per
/// page, so chrono's format parsing (a third of a typed decode) is kept for other shapes.
fn fast_date(text: &[u8]) -> Option<NaiveDate> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text else {
        return None;
    };
    let year = i32::try_from(digits(&[y0, y1, y2, y3])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&[m0, m1])?, digits(&[d0, d1])?)
}

/// Reads exactly `YYYY-MM-DD HH:MM:SS` without a format string (see [`fast_date`]); any
/// other shape, and a leap second, go through chrono.
fn fast_datetime(text: &[u8]) -> Option<NaiveDateTime> {
    let (date, time) = text.split_at_checked(10)?;
    let [b' ', h0, h1, b':', mi0, mi1, b':', s0, s1] = *time else {
        return None;
    };
    fast_date(date)?.and_hms_opt(digits(&[h0, h1])?, digits(&[mi0, mi1])?, digits(&[s0, s1])?)
}

/// Writes a date as `YYYY-MM-DD` without going through a fallible format string.
fn write_date(f: &mut fmt::Formatter<'_>, date: NaiveDate) -> fmt::Result {
    write!(
        f,
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month(),
        date.day()
    )
}

/// A value of an Odoo `date` field, such as `"2026-12-28"`.
///
/// It reads and writes Odoo's `YYYY-MM-DD` text; [`into_inner`](Self::into_inner) and the
/// `From` conversions give the [`chrono::NaiveDate`] inside. An empty date arrives as
/// `false`, so a field that may be empty is an `Option<Date>` with
/// [`odoo_option`](super::odoo_option).
///
/// ```
/// use odoo_core::types::Date;
///
/// let date: Date = serde_json::from_str("\"2026-12-28\"").unwrap();
/// assert_eq!(date.to_string(), "2026-12-28");
/// assert_eq!(date, Date::from_ymd(2026, 12, 28).unwrap());
/// assert!("28/12/2026".parse::<Date>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// Wraps a chrono date.
    pub const fn new(date: NaiveDate) -> Self {
        Self(date)
    }

    /// The date of the given year, month (1-12) and day (1-31), if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Self)
    }

    /// Parses Odoo's `YYYY-MM-DD` text.
    ///
    /// A datetime (`YYYY-MM-DD HH:MM:SS`) is read as its date, as Odoo's own `Date.to_date`
    /// reads it: some reporting models declare a date field over a timestamp column and send
    /// the time along (`stock.avco.report.date` on Odoo 19).
    ///
    /// # Errors
    ///
    /// [`ValueError::Date`] when the text is not a valid date in that format.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        if let Some(date) = fast_date(text.as_bytes()) {
            return Ok(Self(date));
        }
        if let Some(date) = DateTime::parse(text).ok().filter(|_| text.len() > 10) {
            return Ok(Self(date.into_inner().date()));
        }
        NaiveDate::parse_from_str(text, DATE_FORMAT)
            .map(Self)
            .map_err(|_| ValueError::Date {
                text: preview(text),
            })
    }

    /// The chrono date inside.
    pub const fn into_inner(self) -> NaiveDate {
        self.0
    }

    /// The chrono date inside, by reference.
    pub const fn as_naive(&self) -> &NaiveDate {
        &self.0
    }
}

impl From<NaiveDate> for Date {
    fn from(date: NaiveDate) -> Self {
        Self(date)
    }
}

impl From<Date> for NaiveDate {
    fn from(date: Date) -> Self {
        date.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_date(f, self.0)
    }
}

impl FromStr for Date {
    type Err = ValueError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

/// Reads a [`Date`] from a string.
struct DateVisitor;

impl Visitor<'_> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Odoo date string \"YYYY-MM-DD\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
        Date::parse(text).map_err(E::custom)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Date, E> {
        if value {
            Err(E::invalid_type(de::Unexpected::Bool(true), &self))
        } else {
            Err(empty_field("an Odoo date string \"YYYY-MM-DD\"", "false"))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Date, E> {
        Err(empty_field("an Odoo date string \"YYYY-MM-DD\"", "null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<Date, E> {
        self.visit_unit()
    }
}

/// A value of an Odoo `datetime` field, such as `"2026-10-28 06:06:00"`, in UTC.
///
/// Odoo stores and sends datetimes as naive UTC text `YYYY-MM-DD HH:MM:SS`, whatever the
/// user's time zone. Reading also accepts fractional seconds (`06:06:00.123456`) and a
/// `T` instead of the space; writing always gives Odoo's own format, dropping any
/// fraction of a second (Odoo keeps whole seconds). [`to_utc`](Self::to_utc) gives a
/// time-zone-aware [`chrono::DateTime<Utc>`].
///
/// ```
/// use odoo_core::types::DateTime;
///
/// let at: DateTime = serde_json::from_str("\"2026-10-28 06:06:00\"").unwrap();
/// assert_eq!(at.to_string(), "2026-10-28 06:06:00");
/// assert_eq!(at.to_utc().to_rfc3339(), "2026-10-28T06:06:00+00:00");
/// assert_eq!(serde_json::to_string(&at).unwrap(), "\"2026-10-28 06:06:00\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(NaiveDateTime);

impl DateTime {
    /// Wraps a chrono naive datetime, taken to be in UTC.
    pub const fn new(datetime: NaiveDateTime) -> Self {
        Self(datetime)
    }

    /// The current time, from the system clock.
    pub fn now() -> Self {
        Self::from(chrono::DateTime::<Utc>::from(SystemTime::now()))
    }

    /// Parses Odoo's `YYYY-MM-DD HH:MM:SS` text (fractional seconds and a `T` separator
    /// are accepted too).
    ///
    /// # Errors
    ///
    /// [`ValueError::DateTime`] when the text is not a valid datetime in that format.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        if let Some(datetime) = fast_datetime(text.as_bytes()) {
            return Ok(Self(datetime));
        }
        DATETIME_READ_FORMATS
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
            .map(Self)
            .ok_or_else(|| ValueError::DateTime {
                text: preview(text),
            })
    }

    /// The chrono naive datetime inside (UTC).
    pub const fn into_inner(self) -> NaiveDateTime {
        self.0
    }

    /// The chrono naive datetime inside (UTC), by reference.
    pub const fn as_naive(&self) -> &NaiveDateTime {
        &self.0
    }

    /// The same instant as a time-zone-aware chrono datetime in UTC.
    pub const fn to_utc(&self) -> chrono::DateTime<Utc> {
        self.0.and_utc()
    }

    /// The date part (in UTC).
    pub fn date(&self) -> Date {
        Date(self.0.date())
    }
}

impl From<NaiveDateTime> for DateTime {
    fn from(datetime: NaiveDateTime) -> Self {
        Self(datetime)
    }
}

impl From<DateTime> for NaiveDateTime {
    fn from(datetime: DateTime) -> Self {
        datetime.0
    }
}

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(datetime: chrono::DateTime<Utc>) -> Self {
        Self(datetime.naive_utc())
    }
}

impl From<DateTime> for chrono::DateTime<Utc> {
    fn from(datetime: DateTime) -> Self {
        datetime.to_utc()
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_date(f, self.0.date())?;
        write!(
            f,
            " {:02}:{:02}:{:02}",
            self.0.hour(),
            self.0.minute(),
            // A leap second is kept by chrono as second 59 plus a whole extra second of
            // nanoseconds; Odoo's format has no room for it, so it prints as :59.
            self.0.second()
        )
    }
}

impl FromStr for DateTime {
    type Err = ValueError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateTimeVisitor)
    }
}

/// Reads a [`DateTime`] from a string.
struct DateTimeVisitor;

impl Visitor<'_> for DateTimeVisitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Odoo datetime string \"YYYY-MM-DD HH:MM:SS\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<DateTime, E> {
        DateTime::parse(text).map_err(E::custom)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<DateTime, E> {
        if value {
            Err(E::invalid_type(de::Unexpected::Bool(true), &self))
        } else {
            Err(empty_field(
                "an Odoo datetime string \"YYYY-MM-DD HH:MM:SS\"",
                "false",
            ))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<DateTime, E> {
        Err(empty_field(
            "an Odoo datetime string \"YYYY-MM-DD HH:MM:SS\"",
            "null",
        ))
    }

    fn visit_none<E: de::Error>(self) -> Result<DateTime, E> {
        self.visit_unit()
    }
}

#[cfg(test)]
mod fast_parse_tests {
    use super::*;
    use proptest::prelude::*;

    fn chrono_datetime(text: &str) -> Option<NaiveDateTime> {
        DATETIME_READ_FORMATS
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    }

    #[test]
    fn the_fast_path_reads_odoo_shapes_and_leaves_the_rest_to_chrono() {
        for text in [
            "2026-11-28 06:05:04",
            "2024-02-29 23:59:59",
            "0001-01-01 00:00:00",
            "9999-12-31 23:59:59",
        ] {
            assert_eq!(
                fast_datetime(text.as_bytes()),
                chrono_datetime(text),
                "{text}"
            );
            assert!(DateTime::parse(text).is_ok(), "{text}");
        }
        for text in [
            "2026-11-28T06:05:04",
            "2026-11-28 06:05:04.250",
            "2016-12-31 23:59:60",
        ] {
            assert_eq!(fast_datetime(text.as_bytes()), None, "{text}");
            assert_eq!(
                DateTime::parse(text).ok().map(DateTime::into_inner),
                chrono_datetime(text),
                "{text}"
            );
        }
        for text in [
            "2023-02-29 00:00:00",
            "2026-13-01 00:00:00",
            "2026-11-28 24:00:00",
            "2026-11-28 06:05",
            "2026-11-2806:05:04x",
            "+026-11-28 06:05:04",
            "",
        ] {
            assert_eq!(fast_datetime(text.as_bytes()), None, "{text}");
            assert_eq!(
                DateTime::parse(text).is_ok(),
                chrono_datetime(text).is_some(),
                "{text}"
            );
        }
        assert_eq!(
            fast_date(b"2026-11-28"),
            NaiveDate::parse_from_str("2026-11-28", DATE_FORMAT).ok()
        );
        assert_eq!(fast_date(b"2026-02-30"), None);
        assert!(Date::parse("2026-02-30").is_err());
        // A datetime sent for a date field reads as its date, as in Odoo; nothing else does.
        assert_eq!(
            Date::parse("2026-12-01 22:38:03").ok(),
            Date::from_ymd(2026, 12, 1)
        );
        for bad in ["2026-12-01 25:38:03", "2026-12-01x", "2026-12-01 "] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        /// Whatever the fast path accepts, chrono reads the same.
        #[test]
        fn the_fast_path_agrees_with_chrono(text in "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}") {
            if let Some(fast) = fast_datetime(text.as_bytes()) {
                prop_assert_eq!(Some(fast), chrono_datetime(&text));
            } else {
                prop_assert_eq!(
                    DateTime::parse(&text).ok().map(DateTime::into_inner),
                    chrono_datetime(&text)
                );
            }
        }
    }
}
