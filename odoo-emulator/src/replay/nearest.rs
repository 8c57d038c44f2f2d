//! The answer to a request that no recorded exchange matches: the nearest unused recorded
//! request, and the first place where it differs from the one sent.

use odoo_core::recording::REDACTED;
use serde_json::Value;

use super::compare::{Difference, Differences};
use super::normalise::Normalised;
use super::view::RequestView;

/// The most characters of the answer: the client keeps the first 512 of an HTTP error's body
/// in its error message, and all of this must be seen there.
const ANSWER_CHARS: usize = 500;
/// The most characters of a value quoted in the answer.
const VALUE_CHARS: usize = 60;
/// The most characters of a path quoted in the answer.
const PATH_CHARS: usize = 120;

/// An unused recorded exchange, as a candidate for the nearest.
pub(crate) struct Candidate<'a> {
    /// Its place in the recording, from 1.
    pub position: usize,
    pub request: &'a RequestView,
    pub normalised: &'a Normalised,
}

/// The text of the HTTP 500 answered to `sent`, which none of `unused` matched: the nearest
/// of those of the same method and path (else of all), and the first place where it differs.
pub(crate) fn no_match_text(
    sent: &RequestView,
    normalised: &Normalised,
    unused: &[Candidate<'_>],
) -> String {
    let same_route: Vec<&Candidate<'_>> = unused
        .iter()
        .filter(|c| c.request.method == sent.method && c.request.path == sent.path)
        .collect();
    let pool: Vec<&Candidate<'_>> = if same_route.is_empty() {
        unused.iter().collect()
    } else {
        same_route
    };
    let nearest = pool
        .into_iter()
        .map(|candidate| (candidate, differences(candidate, normalised)))
        .min_by_key(|(candidate, found)| (found.count, candidate.position));
    let mut text = format!(
        "no recorded exchange matches {}",
        cut(&sent.describe(), PATH_CHARS)
    );
    let mut excerpt = sent.view.clone();
    match &nearest {
        None => text.push_str("; every recorded exchange was used"),
        Some((candidate, found)) => {
            text.push_str(&format!(
                "; nearest unused: #{} {}",
                candidate.position,
                cut(&candidate.request.describe(), PATH_CHARS)
            ));
            describe_difference(&mut text, sent, found);
            mask_like(&mut excerpt, &candidate.request.view);
        }
    }
    // A body that is not an ORM call (a login) may hold a secret, which only a recorded
    // `<redacted>` in a body of the same route shows where to hide. A call view holds none:
    // the secret is outside the call.
    let masked = nearest.as_ref().is_some_and(|(candidate, _)| {
        candidate.request.call.is_none() && candidate.request.route() == sent.route()
    });
    if sent.call.is_some() || masked {
        let room = ANSWER_CHARS.saturating_sub(text.chars().count() + 8);
        if room > 20 {
            text.push_str("; sent: ");
            text.push_str(&cut(&compact(&excerpt), room));
        }
    }
    cut(&text, ANSWER_CHARS)
}

/// The differences of a candidate's view and envelope from the sent ones.
fn differences(candidate: &Candidate<'_>, sent: &Normalised) -> Differences {
    let mut found = Differences::between(&candidate.normalised.view, &sent.view);
    found.add(Differences::between(
        &candidate.normalised.envelope,
        &sent.envelope,
    ));
    found
}

/// `, differing at /args/0/name of the call: recorded "a", sent "b" (and 2 more places)`.
fn describe_difference(text: &mut String, sent: &RequestView, found: &Differences) {
    let Some(Difference {
        pointer,
        recorded,
        sent: value,
    }) = &found.first
    else {
        text.push_str(", whose body is the same");
        return;
    };
    let of = if sent.call.is_some() {
        "the call"
    } else {
        "the body"
    };
    let at = if pointer.is_empty() {
        "/".to_owned()
    } else {
        cut(pointer, PATH_CHARS)
    };
    text.push_str(&format!(
        ", differing at {at} of {of}: recorded {}, sent {}",
        quoted(recorded.as_ref()),
        quoted(value.as_ref())
    ));
    if found.count > 1 {
        text.push_str(&format!(" (and {} more places)", found.count - 1));
    }
    text.push_str(" (a replay Rule can leave it out)");
}

/// A value as compact JSON, cut; `nothing` when there is none.
fn quoted(value: Option<&Value>) -> String {
    value.map_or_else(|| "nothing".to_owned(), |v| cut(&compact(v), VALUE_CHARS))
}

fn compact(value: &Value) -> String {
    match value {
        Value::String(text) if text.len() > 4 * ANSWER_CHARS => {
            let head: String = text.chars().take(ANSWER_CHARS).collect();
            Value::String(head).to_string()
        }
        other => other.to_string(),
    }
}

/// The first `chars` characters, the last of them `…` when some were cut.
fn cut(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Hides in `sent` the values that `recorded` has as `<redacted>` (secrets).
fn mask_like(sent: &mut Value, recorded: &Value) {
    match (sent, recorded) {
        (sent, Value::String(s)) if s == REDACTED => *sent = Value::String(REDACTED.into()),
        (Value::Array(a), Value::Array(b)) => {
            a.iter_mut().zip(b).for_each(|(x, y)| mask_like(x, y));
        }
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a.iter_mut() {
                if let Some(recorded) = b.get(key) {
                    mask_like(value, recorded);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::normalise::Rules;

    fn read(path: &str, body: &str) -> (RequestView, Normalised) {
        let request = RequestView::read("POST", path, Some("application/json"), body);
        let normalised = Rules::default().normalise(&request);
        (request, normalised)
    }

    #[test]
    fn a_login_shows_its_body_only_with_the_recorded_secrets_hidden() {
        let login = |db: &str, password: &str| {
            format!(
                r#"{{"jsonrpc":"2.0","id":1,"params":{{"service":"common","method":"authenticate","args":["{db}","admin","{password}",{{}}]}}}}"#
            )
        };
        let (recorded, recorded_normalised) = read("/jsonrpc", &login("odoo", REDACTED));
        let (sent, sent_normalised) = read("/jsonrpc", &login("other", "s3cret-pw"));
        let candidate = Candidate {
            position: 1,
            request: &recorded,
            normalised: &recorded_normalised,
        };
        let text = no_match_text(&sent, &sent_normalised, &[candidate]);
        assert!(
            text.contains(
                r#"differing at /params/args/0 of the body: recorded "odoo", sent "other""#
            ),
            "{text}"
        );
        assert!(
            text.contains("sent: {") && !text.contains("s3cret-pw"),
            "{text}"
        );
        // With no recorded login to hide the secret like, the body is not shown.
        let text = no_match_text(&sent, &sent_normalised, &[]);
        assert!(text.contains("every recorded exchange was used"), "{text}");
        assert!(
            !text.contains("s3cret-pw") && !text.contains("sent:"),
            "{text}"
        );
    }
}
