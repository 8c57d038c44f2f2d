//! What the server's handlers share: the version played, the users, the registered methods,
//! the records and the web sessions.

use crate::traffic::{Serving, Traffic};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use crate::{EmulatorError, Handler, OdooVersion, Operation, Store, User};

/// What the server's handlers share.
pub(crate) struct Shared {
    pub(crate) version: OdooVersion,
    pub(crate) database: String,
    users: Vec<User>,
    handlers: HashMap<(String, String), Handler>,
    store: Mutex<Store>,
    sessions: Mutex<HashMap<String, i64>>,
    pub(crate) serving: Serving,
    pub(crate) traffic: Traffic,
}

impl Shared {
    /// What a started emulator serves: its version, database, users, methods and records.
    pub(crate) fn new(
        version: OdooVersion,
        database: String,
        users: Vec<User>,
        handlers: HashMap<(String, String), Handler>,
        store: Store,
        serving: Serving,
    ) -> Self {
        Self {
            version,
            database,
            users,
            handlers,
            store: Mutex::new(store),
            sessions: Mutex::new(HashMap::new()),
            serving,
            traffic: Traffic::default(),
        }
    }

    pub(crate) fn lock_store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn user(&self, uid: i64) -> Option<&User> {
        self.users.iter().find(|u| u.uid == uid)
    }

    pub(crate) fn handler_names(&self) -> Vec<(String, String)> {
        let mut names: Vec<(String, String)> = self.handlers.keys().cloned().collect();
        names.sort();
        names
    }

    pub(crate) fn handler(&self, model: &str, method: &str) -> Option<Handler> {
        self.handlers
            .get(&(model.to_owned(), method.to_owned()))
            .cloned()
    }

    /// The uid for a login and a password or API key, or `None`.
    pub(crate) fn login(&self, login: &str, secret: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.login == login && (u.password_is(secret) || u.has_key(secret)))
    }

    /// The user whose password or API key this is, for `execute_kw(db, uid, password, ...)`.
    pub(crate) fn check_uid(&self, uid: i64, secret: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.uid == uid && (u.password_is(secret) || u.has_key(secret)))
    }

    /// The user of a JSON-2 bearer key.
    pub(crate) fn user_by_key(&self, key: &str) -> Option<&User> {
        self.users.iter().find(|u| u.has_key(key))
    }

    pub(crate) fn new_session(&self, uid: i64) -> String {
        use std::hash::{BuildHasher, Hasher};
        let mut token = String::new();
        for _ in 0..3 {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_i64(uid);
            hasher.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            token.push_str(&format!("{:016x}", hasher.finish()));
        }
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(token.clone(), uid);
        token
    }

    pub(crate) fn end_sessions(&self) {
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    pub(crate) fn session_uid(&self, token: &str) -> Option<i64> {
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(token)
            .copied()
    }

    pub(crate) fn check_access(
        &self,
        user: Option<&User>,
        store: &Store,
        model: &str,
        operation: Operation,
    ) -> Result<(), EmulatorError> {
        let Some(access) = user.and_then(|u| u.access.get(model)) else {
            return Ok(());
        };
        if access.allows(operation) {
            return Ok(());
        }
        let description = store
            .schema()
            .model(model)
            .and_then(|m| m.description.clone())
            .unwrap_or_else(|| model.to_owned());
        Err(access.error(operation, model, &description))
    }
}
