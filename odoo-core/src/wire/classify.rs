//! Which [`ErrorKind`] an exception the server raised is: from the Python class JSON-RPC and
//! JSON-2 name, or from XML-RPC's fault code and traceback.

use crate::error::{ErrorContext, ErrorKind, OdooError};
use crate::exception::ExceptionClass;

/// Classifies a server-side exception from the Python class name Odoo sent, the message and the
/// call it belongs to. `None` for the class means the protocol did not say (XML-RPC faults).
pub(crate) fn kind_from_name(name: &str, message: &str, context: &ErrorContext) -> ErrorKind {
    use ExceptionClass as C;
    match ExceptionClass::from_name(name) {
        C::AccessDenied | C::Unauthorized => ErrorKind::AccessDenied,
        // `/web/session/authenticate` with a database the server does not have.
        C::AccessError if message.trim() == "Database not found." => ErrorKind::DatabaseNotFound,
        C::AccessError | C::Forbidden => ErrorKind::AccessError,
        // JSON-RPC and XML-RPC with a database the server does not have: PostgreSQL's refusal.
        C::OperationalError if missing_database(message).is_some() => ErrorKind::DatabaseNotFound,
        C::MissingError => ErrorKind::MissingError,
        C::ValidationError => ErrorKind::ValidationError,
        C::SessionExpired => ErrorKind::SessionExpired,
        C::NotFound => ErrorKind::NotFound,
        C::UserError | C::RedirectWarning | C::LockError => {
            if is_missing_model_message(message) {
                ErrorKind::NotFound
            } else {
                ErrorKind::UserError
            }
        }
        C::AttributeError if is_missing_method_message(message) => ErrorKind::NotFound,
        // An external ID (`module.name`) that names nothing: a report, an action, a record.
        C::ValueError if message.starts_with("External ID not found in the system") => {
            ErrorKind::NotFound
        }
        // Odoo 16's web client route raises a bare KeyError naming the unknown model.
        C::KeyError if names_the_model(message, context) => ErrorKind::NotFound,
        _ => ErrorKind::Server,
    }
}

/// The database that PostgreSQL's `FATAL:  database "x" does not exist` names, as Odoo passes
/// it on from psycopg2 (all versions, JSON-RPC and XML-RPC).
pub(crate) fn missing_database(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("database \"")?;
    let (name, rest) = rest.split_once('"')?;
    rest.trim_start()
        .starts_with("does not exist")
        .then_some(name)
}

/// The page JSON-2 answers (HTTP 404, HTML) when the `X-Odoo-Database` header names no
/// database of the server: "No database is selected and the requested URL was not found in
/// the server-wide controllers."
pub(crate) fn is_no_database_page(status: u16, body: &str) -> bool {
    status == 404 && body.contains("No database is selected")
}

/// `Object no.such.model doesn't exist` (all versions, all RPC families).
fn is_missing_model_message(message: &str) -> bool {
    message.starts_with("Object ") && message.trim_end().ends_with("doesn't exist")
}

/// `The method 'res.partner.x' does not exist` (17+) or
/// `The method 'x' does not exist on the model 'res.partner'` (16).
fn is_missing_method_message(message: &str) -> bool {
    message.starts_with("The method '") && message.contains("does not exist")
}

fn names_the_model(message: &str, context: &ErrorContext) -> bool {
    let bare = message.trim().trim_matches(|c| c == '\'' || c == '"');
    context.model.as_deref() == Some(bare)
}

/// Classifies an XML-RPC fault. Odoo's fault codes: 1 anything else (the fault string is a
/// traceback whose last line is `Class: message`), 2 the `UserError` family, 3 `AccessDenied`,
/// 4 `AccessError`.
pub(crate) fn from_xmlrpc_fault(
    code: i64,
    fault_string: &str,
    context: &ErrorContext,
) -> OdooError {
    let (kind, name, message, debug) = match code {
        3 => (ErrorKind::AccessDenied, None, fault_string.to_owned(), None),
        4 => (ErrorKind::AccessError, None, fault_string.to_owned(), None),
        2 => (
            refine_user_error(fault_string),
            None,
            fault_string.to_owned(),
            None,
        ),
        _ => {
            let (name, message) = traceback_conclusion(fault_string);
            let kind = match name {
                Some(name) => kind_from_name(name, message, context),
                None => ErrorKind::Server,
            };
            (
                kind,
                name.map(str::to_owned),
                message.to_owned(),
                Some(fault_string.to_owned()),
            )
        }
    };
    OdooError {
        kind,
        name,
        message,
        debug,
        code: Some(code),
        credential: None,
        context: context.clone(),
    }
}

/// XML-RPC fault 2 is raised for `UserError`, `ValidationError` and `MissingError` alike, with only
/// the message. Refine where the text is unambiguous; else `UserError`.
fn refine_user_error(message: &str) -> ErrorKind {
    if message.starts_with("Record does not exist or has been deleted.") {
        ErrorKind::MissingError
    } else if message.starts_with("The operation cannot be completed:") {
        // The ORM's message for a NOT NULL violation (a required field not set), raised as a
        // ValidationError on 16-19.
        ErrorKind::ValidationError
    } else if is_missing_model_message(message) {
        ErrorKind::NotFound
    } else {
        ErrorKind::UserError
    }
}

/// The last line of a Python traceback, `module.Class: message`, split in two. Multi-line
/// messages are kept whole: the conclusion starts at the first line after the last `  File`
/// frame (or its source line) that looks like `Name: ...`.
pub(crate) fn traceback_conclusion(traceback: &str) -> (Option<&str>, &str) {
    let text = traceback.trim_end();
    // Find the start of the final exception line: after the last frame's source line.
    let mut start = 0;
    let mut offset = 0;
    let mut in_frames = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches('\n');
        if trimmed.starts_with("Traceback (most recent call last)") || trimmed.starts_with("  ") {
            in_frames = true;
            start = offset + line.len();
        } else if in_frames && looks_like_exception_line(trimmed) {
            start = offset;
            in_frames = false;
        }
        offset += line.len();
    }
    let conclusion = text.get(start..).unwrap_or(text).trim();
    if let Some((name, message)) = conclusion.split_once(": ") {
        if looks_like_class(name) {
            return (Some(name), message.trim());
        }
    }
    if looks_like_class(conclusion) {
        return (Some(conclusion), "");
    }
    (None, conclusion)
}

fn looks_like_exception_line(line: &str) -> bool {
    let head = line.split_once(':').map_or(line, |(h, _)| h);
    looks_like_class(head)
}

fn looks_like_class(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && name
            .rsplit('.')
            .next()
            .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traceback_last_line_is_split() {
        let tb = "Traceback (most recent call last):\n  File \"/opt/odoo/x.py\", line 1, in f\n    raise ValueError(x)\nValueError: Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)\n";
        let (name, message) = traceback_conclusion(tb);
        assert_eq!(name, Some("ValueError"));
        assert_eq!(
            message,
            "Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)"
        );
    }

    #[test]
    fn traceback_multi_line_message_is_kept() {
        let tb = "Traceback (most recent call last):\n  File \"a.py\", line 1, in f\n    g()\nodoo.exceptions.UserError: first line\nsecond line\n";
        let (name, message) = traceback_conclusion(tb);
        assert_eq!(name, Some("odoo.exceptions.UserError"));
        assert_eq!(message, "first line\nsecond line");
    }

    #[test]
    fn fault_two_is_refined_only_when_unambiguous() {
        let ctx = ErrorContext::call("res.partner", "write");
        let missing = from_xmlrpc_fault(
            2,
            "Record does not exist or has been deleted.\n(Record: res.partner(59,), User: 2)",
            &ctx,
        );
        assert_eq!(missing.kind, ErrorKind::MissingError);
        let other = from_xmlrpc_fault(2, "You cannot create recursive Partner hierarchies.", &ctx);
        assert_eq!(other.kind, ErrorKind::UserError);
        let model = from_xmlrpc_fault(2, "Object no.such.model doesn't exist", &ctx);
        assert_eq!(model.kind, ErrorKind::NotFound);
    }

    #[test]
    fn names_map_to_kinds() {
        let ctx = ErrorContext::call("no.such.model", "search");
        assert_eq!(
            kind_from_name("odoo.exceptions.AccessError", "x", &ctx),
            ErrorKind::AccessError
        );
        assert_eq!(
            kind_from_name("builtins.KeyError", "no.such.model", &ctx),
            ErrorKind::NotFound
        );
        assert_eq!(
            kind_from_name("builtins.KeyError", "other", &ctx),
            ErrorKind::Server
        );
        assert_eq!(
            kind_from_name(
                "builtins.AttributeError",
                "The method 'res.partner.x' does not exist",
                &ctx
            ),
            ErrorKind::NotFound
        );
    }
}
