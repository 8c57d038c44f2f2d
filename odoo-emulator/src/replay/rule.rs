//! [`Rule`]: what a [`Replay`](super::Replay) leaves out when it compares a request with a
//! recorded one, for the values that change from one run to the next.

use std::fmt;

/// A matching rule of a [`Replay`](super::Replay): which parts of a request are not compared
/// with the recorded one, or are compared more loosely. Rules make a recording replay when a
/// run sends values that change from one run to the next: a timestamp, a generated name, ids
/// listed in no fixed order.
///
/// Rules apply to the request's *view*: for a call of the ORM, on any transport, the call
/// view `{"model": .., "method": .., "args": [..], "kwargs": {..}}` (`args` and `kwargs` as the
/// transport sent them: `execute_kw`'s over XML-RPC and JSON-RPC, the web session's `call_kw`,
/// and JSON-2's named arguments as `kwargs` with `args` empty); for any other request, its
/// JSON body (an XML-RPC call as `{"method": .., "params": [..]}`, any other body as a
/// string).
///
/// One [`Rule`] value can hold several: [`Rule::ignore_keys`], [`Rule::all`] and
/// [`Rule::and`] combine them, [`Rule::on`] and [`Rule::on_path`] narrow where they apply.
///
/// ```
/// use odoo_emulator::Rule;
///
/// // What changes between runs of a typical integration, as one rule:
/// let rule = Rule::ignore_keys(["date_order", "name"])
///     .and(Rule::ids_as_sets())
///     .and(Rule::ignore_at("/args/0/ref").on("res.partner", "create"))
///     .and(Rule::ignore_at("/params/args/1").on_path("/jsonrpc"));
/// # let _ = rule;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    parts: Vec<Part>,
}

/// One comparison rule and where it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub what: What,
    /// All of them hold where the rule applies (none: everywhere).
    pub scope: Vec<Scope>,
}

/// What a rule does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum What {
    /// The key is left out of every object, and the value of a domain leaf on that field.
    IgnoreKey(String),
    /// The value at this JSON pointer (`*` for any key or index) is left out.
    IgnoreAt(String),
    /// Arrays of integers are compared as sets.
    IdsAsSets,
}

/// Where a rule applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Calls of the ORM of this model and method (`*` for any).
    Call { model: String, method: String },
    /// Requests to this path (without the query; a final `*` for any path that begins so).
    Path(String),
}

impl Rule {
    fn one(what: What) -> Rule {
        Rule {
            parts: vec![Part {
                what,
                scope: Vec::new(),
            }],
        }
    }

    /// Leaves out `key` wherever it stands: in every object of the request (its value, and
    /// whether it is there at all), and the value of every domain leaf `[key, operator, value]`
    /// (also `[path.key, ..]`). `Rule::ignore_key("date_order")` matches a `create` of an order
    /// whose `date_order` is the time of the run, and a search for orders since that time.
    pub fn ignore_key(key: impl Into<String>) -> Rule {
        Rule::one(What::IgnoreKey(key.into()))
    }

    /// [`Rule::ignore_key`] for each of `keys`, as one rule.
    pub fn ignore_keys<K: Into<String>>(keys: impl IntoIterator<Item = K>) -> Rule {
        Rule::all(keys.into_iter().map(Rule::ignore_key))
    }

    /// Leaves out the value at `pointer`, a JSON pointer into the request's view (see
    /// [`Rule`]), where a segment `*` stands for any key or index: `/args/0/name` is the
    /// `name` of the values of a `create` over RPC, `/kwargs/vals_list/*/name` over JSON-2. An
    /// object's key is left out (its value, and whether it is there); an array's element is
    /// not compared. Narrow it with [`Rule::on`] or [`Rule::on_path`]. A pointer that is not
    /// empty and does not begin with `/` is refused when the replay starts
    /// ([`SetupError::Rule`](crate::SetupError::Rule)).
    pub fn ignore_at(pointer: impl Into<String>) -> Rule {
        Rule::one(What::IgnoreAt(pointer.into()))
    }

    /// Compares every array of integers as a set: the same ids in any order (and repeated or
    /// not) match. Ids collected through a `HashMap` or a `HashSet` come in an order of their
    /// own at each run. It applies to every array whose items are all integers, x2many
    /// commands such as `[4, id, 0]` included.
    pub fn ids_as_sets() -> Rule {
        Rule::one(What::IdsAsSets)
    }

    /// All of `rules`, as one rule.
    pub fn all(rules: impl IntoIterator<Item = Rule>) -> Rule {
        Rule {
            parts: rules.into_iter().flat_map(|rule| rule.parts).collect(),
        }
    }

    /// This rule and `other`.
    #[must_use]
    pub fn and(mut self, other: Rule) -> Rule {
        self.parts.extend(other.parts);
        self
    }

    /// Narrows the rule (every rule it holds) to the ORM calls of `model` and `method`, where
    /// `*` stands for any model or any method. Narrowing twice keeps what both allow.
    #[must_use]
    pub fn on(self, model: impl Into<String>, method: impl Into<String>) -> Rule {
        self.narrowed(Scope::Call {
            model: model.into(),
            method: method.into(),
        })
    }

    /// Narrows the rule (every rule it holds) to the requests to `path` (compared without the
    /// query; a final `*` stands for the rest of any path: `/web/dataset/call_kw/*`).
    #[must_use]
    pub fn on_path(self, path: impl Into<String>) -> Rule {
        self.narrowed(Scope::Path(path.into()))
    }

    fn narrowed(mut self, scope: Scope) -> Rule {
        for part in &mut self.parts {
            part.scope.push(scope.clone());
        }
        self
    }

    /// The rules it holds, once each is checked.
    pub(crate) fn into_parts(self) -> Result<Vec<Part>, String> {
        for part in &self.parts {
            part.check()?;
        }
        Ok(self.parts)
    }
}

impl Part {
    /// Refuses what cannot apply to any request, saying why.
    fn check(&self) -> Result<(), String> {
        match &self.what {
            What::IgnoreKey(key) if key.is_empty() => {
                return Err("Rule::ignore_key: the key is empty".into());
            }
            What::IgnoreAt(pointer) if !pointer.is_empty() && !pointer.starts_with('/') => {
                return Err(format!(
                    "Rule::ignore_at({pointer:?}): a JSON pointer is empty or begins with `/` \
                     (such as \"/args/0/name\")"
                ));
            }
            _ => {}
        }
        for scope in &self.scope {
            match scope {
                Scope::Call { model, method } if model.is_empty() || method.is_empty() => {
                    return Err(format!(
                        "Rule::on({model:?}, {method:?}): name a model and a method, or `*`"
                    ));
                }
                Scope::Path(path) if !path.starts_with('/') && path != "*" => {
                    return Err(format!(
                        "Rule::on_path({path:?}): a path begins with `/` (such as \"/jsonrpc\")"
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether the rule applies to a request to `path` (without its query) that is the ORM
    /// call `call` (model, method), if it is one.
    pub fn applies(&self, path: &str, call: Option<(&str, &str)>) -> bool {
        self.scope.iter().all(|scope| match scope {
            Scope::Call { model, method } => call.is_some_and(|(m, f)| {
                (model == "*" || model == m) && (method == "*" || method == f)
            }),
            Scope::Path(wanted) => match wanted.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => wanted == path,
            },
        })
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, part) in self.parts.iter().enumerate() {
            if n > 0 {
                f.write_str(", ")?;
            }
            match &part.what {
                What::IgnoreKey(key) => write!(f, "ignore key {key:?}")?,
                What::IgnoreAt(pointer) => write!(f, "ignore {pointer:?}")?,
                What::IdsAsSets => f.write_str("ids as sets")?,
            }
            for scope in &part.scope {
                match scope {
                    Scope::Call { model, method } => write!(f, " on {model}.{method}")?,
                    Scope::Path(path) => write!(f, " on {path}")?,
                }
            }
        }
        Ok(())
    }
}
