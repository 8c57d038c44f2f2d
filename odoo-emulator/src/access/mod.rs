//! Per-model access rights of emulated users, and the AccessError Odoo words for them;
//! [`field_groups`] decides which fields a user may access, [`caller`] is who runs a call.

pub(crate) mod caller;
pub(crate) mod field_groups;

use super::error::EmulatorError;

/// The four operations Odoo's access rights (`ir.model.access`) distinguish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Search and read.
    Read,
    /// Write.
    Write,
    /// Create.
    Create,
    /// Delete (`unlink`).
    Unlink,
}

impl Operation {
    fn verb(self) -> &'static str {
        match self {
            Operation::Read => "access",
            Operation::Write => "modify",
            Operation::Create => "create",
            Operation::Unlink => "delete",
        }
    }
}

/// What a user may do on one model. Users have every right on models they have no entry for.
///
/// ```
/// use odoo_emulator::Access;
/// let read_only = Access::read_only();
/// assert!(read_only.read && !read_only.write);
/// let nothing = Access::none().groups(["Sales / User"]);
/// assert!(!nothing.read);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// May search and read.
    pub read: bool,
    /// May write.
    pub write: bool,
    /// May create.
    pub create: bool,
    /// May delete.
    pub unlink: bool,
    /// Names of the groups that would grant the missing rights, listed in the AccessError
    /// message as Odoo lists them; empty gives Odoo's "No group currently allows this
    /// operation."
    pub allowed_groups: Vec<String>,
}

impl Access {
    /// Every right.
    pub fn all() -> Self {
        Self {
            read: true,
            write: true,
            create: true,
            unlink: true,
            allowed_groups: Vec::new(),
        }
    }

    /// No right at all: any call on the model is an AccessError.
    pub fn none() -> Self {
        Self {
            read: false,
            write: false,
            create: false,
            unlink: false,
            allowed_groups: Vec::new(),
        }
    }

    /// Read only.
    pub fn read_only() -> Self {
        Self {
            read: true,
            ..Self::none()
        }
    }

    /// The groups named in the AccessError message.
    pub fn groups<I, S>(mut self, groups: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allowed_groups = groups.into_iter().map(Into::into).collect();
        self
    }

    /// Whether the operation is allowed.
    pub fn allows(&self, operation: Operation) -> bool {
        match operation {
            Operation::Read => self.read,
            Operation::Write => self.write,
            Operation::Create => self.create,
            Operation::Unlink => self.unlink,
        }
    }

    /// The AccessError Odoo raises when this access refuses `operation` on `model`.
    pub(crate) fn error(
        &self,
        operation: Operation,
        model: &str,
        description: &str,
    ) -> EmulatorError {
        // Without read access Odoo reports that one first, whatever the operation.
        let operation = if self.read {
            operation
        } else {
            Operation::Read
        };
        let groups = if self.allowed_groups.is_empty() {
            "No group currently allows this operation.".to_owned()
        } else {
            let list: Vec<String> = self
                .allowed_groups
                .iter()
                .map(|g| format!("\t- {g}"))
                .collect();
            format!(
                "This operation is allowed for the following groups:\n{}",
                list.join("\n")
            )
        };
        EmulatorError::access_error(format!(
            "You are not allowed to {} '{description}' ({model}) records.\n\n{groups}\n\nContact your administrator to request access if necessary.",
            operation.verb()
        ))
    }
}

impl Default for Access {
    fn default() -> Self {
        Self::all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_error_message() {
        let e = Access::none().groups(["Sales/User"]).error(
            Operation::Read,
            "sale.order",
            "Sales Order",
        );
        assert_eq!(
            e.message(),
            "You are not allowed to access 'Sales Order' (sale.order) records.\n\nThis operation is allowed for the following groups:\n\t- Sales/User\n\nContact your administrator to request access if necessary."
        );
        let e = Access::none().error(Operation::Write, "sale.order", "Sales Order");
        assert!(e
            .message()
            .starts_with("You are not allowed to access 'Sales Order'"));
        let e = Access::read_only().error(Operation::Unlink, "sale.order", "Sales Order");
        assert!(e
            .message()
            .contains("No group currently allows this operation."));
        assert!(e
            .message()
            .starts_with("You are not allowed to delete 'Sales Order'"));
        assert!(Access::read_only().allows(Operation::Read));
        assert!(!Access::read_only().allows(Operation::Unlink));
    }
}
