//! Reading and checking one catalogue file. Shape errors (bad TOML, unknown keys, wrong types)
//! stop at the first; every other problem is collected.

use super::problem::{self, Problem};
use super::{
    Action, Audience, Cadence, CatalogueError, KNOWN_DIMENSIONS, MAX_ACTIONS, MIN_ACTIONS, Origin,
    STUCK_TRIGGER, Signal, Strategy, Trigger, duplicate_problems,
};
use crate::context::RiskRole;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use toml::{Spanned, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    strategy: Vec<Spanned<RawStrategy>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStrategy {
    id: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    audience: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    source: Option<Spanned<String>>,
    summary: Option<Spanned<String>>,
    // The optional flags and roles are read as any value, so that a wrong type is reported with
    // its field like every other problem rather than as a shape error.
    adds_demand: Option<Spanned<Value>>,
    light: Option<Spanned<Value>>,
    beyond_seeds: Option<Spanned<Value>>,
    roles: Option<Spanned<RawList>>,
    #[serde(default)]
    triggers: BTreeMap<Spanned<String>, Spanned<f64>>,
    #[serde(default)]
    actions: Vec<Spanned<RawAction>>,
    #[serde(default)]
    prompts: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    id: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    cadence: Option<Spanned<String>>,
}

/// A value that should be an array: its items, each with its span, or the type found instead.
enum RawList {
    Items(Vec<Spanned<Value>>),
    Other(&'static str),
}

impl<'de> Deserialize<'de> for RawList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawListVisitor)
    }
}

struct RawListVisitor;

impl<'de> Visitor<'de> for RawListVisitor {
    type Value = RawList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawList, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(item);
        }
        Ok(RawList::Items(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawList, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(RawList::Other("a table"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<RawList, E> {
        Ok(RawList::Other("a string"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawList, E> {
        Ok(RawList::Other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawList, E> {
        Ok(RawList::Other("an integer"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawList, E> {
        Ok(RawList::Other("an integer"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawList, E> {
        Ok(RawList::Other("a float"))
    }
}

/// Reads one catalogue file. `source_name` names the file in error messages.
///
/// Pure: the caller reads the file. Returns every problem found (file, line, field, what is
/// allowed), or the strategies in file order.
pub fn parse(source_name: &str, text: &str) -> Result<Vec<Strategy>, CatalogueError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| CatalogueError {
        problems: vec![Problem::from_toml(source_name, text, &e)],
    })?;
    let mut checker = Checker {
        file: source_name,
        text,
        problems: Vec::new(),
    };
    if raw.strategy.is_empty() {
        checker.problems.push(Problem {
            file: source_name.to_string(),
            line: None,
            field: "strategy".to_string(),
            message: "no strategies: a catalogue file holds one or more [[strategy]] tables"
                .to_string(),
        });
    }
    let strategies: Vec<Strategy> = raw
        .strategy
        .iter()
        .enumerate()
        .filter_map(|(i, s)| checker.strategy(i + 1, s))
        .collect();
    let mut problems = checker.problems;
    problems.extend(duplicate_problems(&strategies));
    if problems.is_empty() {
        Ok(strategies)
    } else {
        Err(CatalogueError { problems })
    }
}

struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn push(&mut self, offset: usize, field: String, message: String) {
        self.problems
            .push(Problem::at(self.file, self.text, offset, field, message));
    }

    fn origin(&self, offset: usize) -> Origin {
        Origin {
            file: self.file.to_string(),
            line: problem::line_at(self.text, offset),
        }
    }

    /// A required, non-blank string field; reports and returns `None` when missing or blank.
    fn text_field(
        &mut self,
        value: &Option<Spanned<String>>,
        parent_offset: usize,
        path: &str,
        name: &str,
    ) -> Option<(String, usize)> {
        let field = format!("{path}.{name}");
        match value {
            None => {
                self.push(parent_offset, field, format!("missing `{name}`"));
                None
            }
            Some(v) if v.get_ref().trim().is_empty() => {
                self.push(v.span().start, field, "must not be empty".to_string());
                None
            }
            Some(v) => Some((v.get_ref().trim().to_string(), v.span().start)),
        }
    }

    fn id_field(
        &mut self,
        value: &Option<Spanned<String>>,
        parent_offset: usize,
        path: &str,
    ) -> Option<String> {
        let (id, offset) = self.text_field(value, parent_offset, path, "id")?;
        if is_valid_id(&id) {
            Some(id)
        } else {
            self.push(
                offset,
                format!("{path}.id"),
                format!("`{id}` is not a valid id; use lowercase letters, digits and `_`, starting with a letter"),
            );
            None
        }
    }

    fn strategy(&mut self, position: usize, raw: &Spanned<RawStrategy>) -> Option<Strategy> {
        let at = raw.span().start;
        let path = format!("strategy[{position}]");
        let s = raw.get_ref();
        let id = self.id_field(&s.id, at, &path);
        let title = self.text_field(&s.title, at, &path, "title");
        let summary = self.text_field(&s.summary, at, &path, "summary");
        let source = self.source(&s.source, at, &path);
        let audience = self.audience(&s.audience, at, &path);
        let kind = self.kind(&s.kind, audience, at, &path);
        let triggers = self.triggers(&s.triggers, at, &path);
        let actions = self.actions(&s.actions, at, &path);
        let prompts = self.prompts(&s.prompts, &path);
        let adds_demand = self.flag(&s.adds_demand, &path, "adds_demand");
        let light = self.flag(&s.light, &path, "light");
        let beyond_seeds = self.flag(&s.beyond_seeds, &path, "beyond_seeds");
        let roles = self.roles(&s.roles, &path);
        Some(Strategy {
            id: id?,
            title: title?.0,
            audience: audience?,
            kind: kind?,
            source: source?,
            summary: summary?.0,
            triggers: triggers?,
            actions: actions?,
            prompts: prompts?,
            adds_demand: adds_demand?,
            light: light?,
            beyond_seeds: beyond_seeds?,
            roles: roles?,
            origin: self.origin(at),
        })
    }

    fn source(&mut self, value: &Option<Spanned<String>>, at: usize, path: &str) -> Option<String> {
        let (source, offset) = self.text_field(value, at, path, "source")?;
        match source.split_once('#') {
            Some((file, section)) if !file.trim().is_empty() && !section.trim().is_empty() => {
                Some(source)
            }
            _ => {
                self.push(
                    offset,
                    format!("{path}.source"),
                    format!("`{source}` must be `seed-file#Section heading`, e.g. `000_cfd499ba598e930a.txt#Simmer burnout`"),
                );
                None
            }
        }
    }

    fn audience(
        &mut self,
        value: &Option<Spanned<String>>,
        at: usize,
        path: &str,
    ) -> Option<Audience> {
        let (name, offset) = self.text_field(value, at, path, "audience")?;
        let audience = Audience::parse(&name);
        if audience.is_none() {
            self.push(
                offset,
                format!("{path}.audience"),
                format!("unknown audience `{name}`; allowed: person, leader"),
            );
        }
        audience
    }

    fn kind(
        &mut self,
        value: &Option<Spanned<String>>,
        audience: Option<Audience>,
        at: usize,
        path: &str,
    ) -> Option<String> {
        let (kind, offset) = self.text_field(value, at, path, "kind")?;
        // With an unknown audience, check against every kind so the kind gets its own verdict.
        let allowed: Vec<&str> = match audience {
            Some(a) => a.kinds().to_vec(),
            None => {
                let mut all = Audience::Person.kinds().to_vec();
                all.extend(
                    Audience::Leader
                        .kinds()
                        .iter()
                        .filter(|k| !Audience::Person.kinds().contains(k)),
                );
                all
            }
        };
        if allowed.contains(&kind.as_str()) {
            return Some(kind);
        }
        let whose = audience.map_or(String::new(), |a| format!(" for audience {a}"));
        self.push(
            offset,
            format!("{path}.kind"),
            format!(
                "unknown kind `{kind}`{whose}; allowed: {}",
                allowed.join(", ")
            ),
        );
        None
    }

    fn triggers(
        &mut self,
        raw: &BTreeMap<Spanned<String>, Spanned<f64>>,
        at: usize,
        path: &str,
    ) -> Option<Vec<Trigger>> {
        if raw.is_empty() {
            self.push(
                at,
                format!("{path}.triggers"),
                "no triggers: a strategy needs at least one, or it is never recommended"
                    .to_string(),
            );
            return None;
        }
        let mut triggers = Vec::new();
        let mut ok = true;
        for (name, weight) in raw {
            let field = format!("{path}.triggers.{}", name.get_ref());
            let signal = Signal::parse(name.get_ref());
            if signal.is_none() {
                ok = false;
                self.push(
                    name.span().start,
                    field.clone(),
                    format!(
                        "unknown trigger `{}`; allowed: burnout, rustout, {STUCK_TRIGGER}, or a dimension id: {}",
                        name.get_ref(),
                        KNOWN_DIMENSIONS.join(", ")
                    ),
                );
            }
            let w = *weight.get_ref();
            if !(w > 0.0 && w <= 1.0) {
                ok = false;
                self.push(
                    weight.span().start,
                    field,
                    format!("weight {w} is out of range; allowed: above 0 and at most 1"),
                );
            }
            if let Some(signal) = signal {
                triggers.push(Trigger { signal, weight: w });
            }
        }
        ok.then_some(triggers)
    }

    fn actions(
        &mut self,
        raw: &[Spanned<RawAction>],
        at: usize,
        path: &str,
    ) -> Option<Vec<Action>> {
        let mut ok = true;
        if !(MIN_ACTIONS..=MAX_ACTIONS).contains(&raw.len()) {
            ok = false;
            self.push(
                at,
                format!("{path}.actions"),
                format!(
                    "{} action(s); a strategy has {MIN_ACTIONS} to {MAX_ACTIONS}",
                    raw.len()
                ),
            );
        }
        let mut actions = Vec::new();
        for (i, action) in raw.iter().enumerate() {
            let action_path = format!("{path}.actions[{}]", i + 1);
            match self.action(action, &action_path) {
                Some(a) => actions.push(a),
                None => ok = false,
            }
        }
        ok.then_some(actions)
    }

    fn action(&mut self, raw: &Spanned<RawAction>, path: &str) -> Option<Action> {
        let at = raw.span().start;
        let a = raw.get_ref();
        let id = self.id_field(&a.id, at, path);
        let text = self.text_field(&a.text, at, path, "text");
        let cadence = self.text_field(&a.cadence, at, path, "cadence");
        let cadence = cadence.and_then(|(name, offset)| {
            let cadence = Cadence::parse(&name);
            if cadence.is_none() {
                self.push(
                    offset,
                    format!("{path}.cadence"),
                    format!("unknown cadence `{name}`; allowed: once, daily, weekly, monthly"),
                );
            }
            cadence
        });
        Some(Action {
            id: id?,
            text: text?.0,
            cadence: cadence?,
            origin: self.origin(at),
        })
    }

    /// An optional `true`/`false` field; absent means `false`.
    fn flag(&mut self, value: &Option<Spanned<Value>>, path: &str, name: &str) -> Option<bool> {
        let Some(value) = value else {
            return Some(false);
        };
        match value.get_ref() {
            Value::Boolean(b) => Some(*b),
            other => {
                self.push(
                    value.span().start,
                    format!("{path}.{name}"),
                    format!(
                        "must be true or false, not {} {other}; leave it out for false",
                        article(other.type_str())
                    ),
                );
                None
            }
        }
    }

    /// The optional list of risk roles; absent means none.
    fn roles(&mut self, raw: &Option<Spanned<RawList>>, path: &str) -> Option<Vec<RiskRole>> {
        let Some(raw) = raw else {
            return Some(Vec::new());
        };
        let allowed = RiskRole::ALL.map(RiskRole::as_str).join(", ");
        let items = match raw.get_ref() {
            RawList::Items(items) => items,
            RawList::Other(found) => {
                self.push(
                    raw.span().start,
                    format!("{path}.roles"),
                    format!("must be an array of role names, not {found}; allowed: {allowed}"),
                );
                return None;
            }
        };
        let mut ok = true;
        let mut roles = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let field = format!("{path}.roles[{}]", i + 1);
            let message = match item.get_ref() {
                Value::String(name) => match RiskRole::parse(name.trim()) {
                    Some(role) if roles.contains(&role) => {
                        format!("`{}` is listed twice", role.as_str())
                    }
                    Some(role) => {
                        roles.push(role);
                        continue;
                    }
                    None => format!("unknown role `{name}`; allowed: {allowed}"),
                },
                other => format!(
                    "must be a role name, not {} {other}; allowed: {allowed}",
                    article(other.type_str())
                ),
            };
            ok = false;
            self.push(item.span().start, field, message);
        }
        ok.then_some(roles)
    }

    fn prompts(&mut self, raw: &[Spanned<String>], path: &str) -> Option<Vec<String>> {
        let mut ok = true;
        let mut prompts = Vec::new();
        for (i, prompt) in raw.iter().enumerate() {
            if prompt.get_ref().trim().is_empty() {
                ok = false;
                self.push(
                    prompt.span().start,
                    format!("{path}.prompts[{}]", i + 1),
                    "must not be empty".to_string(),
                );
            } else {
                prompts.push(prompt.get_ref().trim().to_string());
            }
        }
        ok.then_some(prompts)
    }
}

/// "a string", "an integer", ...
fn article(type_name: &str) -> String {
    if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {type_name}")
    } else {
        format!("a {type_name}")
    }
}

/// Lowercase ASCII letters, digits and `_`, starting with a letter.
fn is_valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
