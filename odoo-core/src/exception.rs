//! The Python exception classes Odoo raises over its external API: one list, which the client
//! reads to classify what a server sent and the emulator uses to send them, with how each
//! protocol writes a class (XML-RPC's fault code, JSON-2's HTTP status).

use std::fmt;

/// The Python class of an exception Odoo raises.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExceptionClass {
    /// `odoo.exceptions.AccessDenied`: wrong login, password or API key.
    AccessDenied,
    /// `odoo.exceptions.AccessError`: the user may not do this (access rights, private methods).
    AccessError,
    /// `odoo.exceptions.MissingError`: a record does not exist (any more).
    MissingError,
    /// `odoo.exceptions.ValidationError`: a constraint failed (required field, recursion...).
    ValidationError,
    /// `odoo.exceptions.UserError`: a business rule refused the operation. The legacy names
    /// `odoo.exceptions.Warning` and `except_orm` read as this class.
    UserError,
    /// `odoo.exceptions.RedirectWarning`: a user error that offers an action.
    RedirectWarning,
    /// `odoo.exceptions.LockError`: a record locked by another transaction.
    LockError,
    /// `builtins.ValueError`: a bad value, such as an unknown field in a domain.
    ValueError,
    /// `builtins.TypeError`: a bad call, such as an unexpected keyword argument.
    TypeError,
    /// `builtins.AttributeError`: a method that does not exist.
    AttributeError,
    /// `builtins.KeyError`: an unknown service or model name.
    KeyError,
    /// `psycopg2.OperationalError`: PostgreSQL refused, e.g. a database that does not exist.
    OperationalError,
    /// `odoo.http.SessionExpiredException`: no valid web session.
    SessionExpired,
    /// `werkzeug.exceptions.NotFound` (HTTP 404).
    NotFound,
    /// `werkzeug.exceptions.Unauthorized` (HTTP 401).
    Unauthorized,
    /// `werkzeug.exceptions.Forbidden` (HTTP 403).
    Forbidden,
    /// `werkzeug.exceptions.BadRequest` (HTTP 400).
    BadRequest,
    /// `werkzeug.exceptions.UnprocessableEntity` (HTTP 422).
    UnprocessableEntity,
    /// Any other Python exception, by its qualified class name (`module.Class`).
    Other(String),
}

/// The classes of the list with their qualified names; [`ExceptionClass::Other`] holds the rest.
const CLASSES: &[(ExceptionClass, &str)] = &[
    (ExceptionClass::AccessDenied, "odoo.exceptions.AccessDenied"),
    (ExceptionClass::AccessError, "odoo.exceptions.AccessError"),
    (ExceptionClass::MissingError, "odoo.exceptions.MissingError"),
    (
        ExceptionClass::ValidationError,
        "odoo.exceptions.ValidationError",
    ),
    (ExceptionClass::UserError, "odoo.exceptions.UserError"),
    (
        ExceptionClass::RedirectWarning,
        "odoo.exceptions.RedirectWarning",
    ),
    (ExceptionClass::LockError, "odoo.exceptions.LockError"),
    (ExceptionClass::ValueError, "builtins.ValueError"),
    (ExceptionClass::TypeError, "builtins.TypeError"),
    (ExceptionClass::AttributeError, "builtins.AttributeError"),
    (ExceptionClass::KeyError, "builtins.KeyError"),
    (
        ExceptionClass::OperationalError,
        "psycopg2.OperationalError",
    ),
    (
        ExceptionClass::SessionExpired,
        "odoo.http.SessionExpiredException",
    ),
    (ExceptionClass::NotFound, "werkzeug.exceptions.NotFound"),
    (
        ExceptionClass::Unauthorized,
        "werkzeug.exceptions.Unauthorized",
    ),
    (ExceptionClass::Forbidden, "werkzeug.exceptions.Forbidden"),
    (ExceptionClass::BadRequest, "werkzeug.exceptions.BadRequest"),
    (
        ExceptionClass::UnprocessableEntity,
        "werkzeug.exceptions.UnprocessableEntity",
    ),
];

impl ExceptionClass {
    /// The class a server names, qualified (`odoo.exceptions.UserError`) or not (`UserError`,
    /// as an XML-RPC traceback may end); a class outside the list is
    /// [`ExceptionClass::Other`] with the name as given.
    pub fn from_name(name: &str) -> Self {
        let short = |qualified: &str| qualified.rsplit('.').next().unwrap_or(qualified).to_owned();
        let wanted = short(name);
        if matches!(wanted.as_str(), "Warning" | "except_orm") {
            return Self::UserError;
        }
        CLASSES
            .iter()
            .find(|(_, qualified)| short(qualified) == wanted)
            .map_or_else(|| Self::Other(name.to_owned()), |(class, _)| class.clone())
    }

    /// The qualified Python class name Odoo sends in `data.name`, e.g.
    /// `odoo.exceptions.UserError`.
    pub fn class_name(&self) -> &str {
        match self {
            Self::Other(name) => name,
            class => CLASSES
                .iter()
                .find(|(listed, _)| listed == class)
                .map_or("builtins.Exception", |(_, name)| name),
        }
    }

    /// The HTTP status a werkzeug exception carries, `None` for other classes.
    pub fn werkzeug_status(&self) -> Option<u16> {
        match self {
            Self::NotFound => Some(404),
            Self::Unauthorized => Some(401),
            Self::Forbidden => Some(403),
            Self::BadRequest => Some(400),
            Self::UnprocessableEntity => Some(422),
            _ => None,
        }
    }

    /// The HTTP status JSON-2 answers this exception with (Odoo 19's dispatcher).
    pub fn json2_status(&self) -> u16 {
        if let Some(status) = self.werkzeug_status() {
            return status;
        }
        match self {
            Self::AccessDenied | Self::SessionExpired => 401,
            Self::AccessError => 403,
            Self::MissingError => 404,
            Self::UserError | Self::ValidationError => 422,
            _ => 500,
        }
    }

    /// The XML-RPC fault code Odoo sends for this exception: 3 `AccessDenied`, 4
    /// `AccessError`, 2 the `UserError` family (the bare message as the fault string), 1 any
    /// other (a traceback as the fault string).
    pub fn xmlrpc_fault_code(&self) -> i64 {
        match self {
            Self::AccessDenied => 3,
            Self::AccessError => 4,
            Self::UserError | Self::ValidationError | Self::MissingError => 2,
            _ => 1,
        }
    }
}

impl fmt::Display for ExceptionClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.class_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_to_their_class() {
        for (class, name) in CLASSES {
            assert_eq!(&ExceptionClass::from_name(name), class);
            assert_eq!(class.class_name(), *name);
            let short = name.rsplit('.').next().unwrap_or(name);
            assert_eq!(&ExceptionClass::from_name(short), class);
        }
        assert_eq!(
            ExceptionClass::from_name("odoo.exceptions.Warning"),
            ExceptionClass::UserError
        );
        let other = ExceptionClass::from_name("odoo.addons.base.models.ir_qweb.QWebException");
        assert_eq!(
            other.class_name(),
            "odoo.addons.base.models.ir_qweb.QWebException"
        );
    }

    #[test]
    fn each_protocol_writes_its_status_and_code() {
        assert_eq!(ExceptionClass::NotFound.json2_status(), 404);
        assert_eq!(ExceptionClass::UserError.json2_status(), 422);
        assert_eq!(ExceptionClass::KeyError.json2_status(), 500);
        assert_eq!(ExceptionClass::ValidationError.xmlrpc_fault_code(), 2);
        assert_eq!(ExceptionClass::AccessDenied.xmlrpc_fault_code(), 3);
        assert_eq!(ExceptionClass::ValueError.xmlrpc_fault_code(), 1);
    }
}
