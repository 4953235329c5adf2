//! The Netaxis structured filter (`{"mode":"and","criteria":[{attribute, operation, value}]}`)
//! compiled to an RFC 4515 filter. Values only ever become escaped assertion values, so no
//! value can change the filter's structure.

use serde::{Deserialize, Serialize};

use crate::syntax::attr::check_attribute_description;
use crate::syntax::filter::{Filter, parse_filter};

/// How criteria combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// All must match.
    #[default]
    And,
    /// Any may match.
    Or,
}

/// What a criterion tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// `(a=v)`.
    Equals,
    /// `(!(a=v))`.
    NotEquals,
    /// `(a=*v*)`.
    Contains,
    /// `(a=v*)`.
    StartsWith,
    /// `(a=*v)`.
    EndsWith,
    /// `(a=*)`.
    Exists,
    /// `(!(a=*))`.
    NotExists,
    /// `(a>=v)`.
    GreaterOrEqual,
    /// `(a<=v)`.
    LessOrEqual,
    /// `(a~=v)`.
    Approx,
}

impl Operation {
    /// Every operation, in the order the filter builder offers them.
    pub const ALL: [Operation; 10] = [
        Operation::Equals,
        Operation::NotEquals,
        Operation::Contains,
        Operation::StartsWith,
        Operation::EndsWith,
        Operation::Exists,
        Operation::NotExists,
        Operation::GreaterOrEqual,
        Operation::LessOrEqual,
        Operation::Approx,
    ];

    /// Whether it takes a value.
    pub fn needs_value(self) -> bool {
        !matches!(self, Operation::Exists | Operation::NotExists)
    }

    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Equals => "equals",
            Operation::NotEquals => "not_equals",
            Operation::Contains => "contains",
            Operation::StartsWith => "starts_with",
            Operation::EndsWith => "ends_with",
            Operation::Exists => "exists",
            Operation::NotExists => "not_exists",
            Operation::GreaterOrEqual => "greater_or_equal",
            Operation::LessOrEqual => "less_or_equal",
            Operation::Approx => "approx",
        }
    }
}

/// One criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// A mapped name (`extension`, `mail`) or an LDAP attribute.
    pub attribute: String,
    /// The test.
    pub operation: Operation,
    /// The value (not for exists / not_exists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A structured filter.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StructuredFilter {
    /// and / or.
    #[serde(default)]
    pub mode: Mode,
    /// The criteria.
    pub criteria: Vec<Criterion>,
}

impl StructuredFilter {
    /// Parses the JSON form; the message says what is wrong.
    pub fn from_json(text: &str) -> Result<StructuredFilter, String> {
        // Accept both the bare object and Netaxis' {"filter": {...}} request body.
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
        let inner = v.get("filter").cloned().unwrap_or(v);
        serde_json::from_value(inner).map_err(|e| {
            format!("{e}; expected {{\"mode\":\"and\",\"criteria\":[{{\"attribute\":\"mail\",\"operation\":\"equals\",\"value\":\"x\"}}]}}")
        })
    }

    /// The filter, with mapped names turned into LDAP attributes by `map`.
    pub fn compile(&self, map: &dyn Fn(&str) -> Option<String>) -> Result<Filter, String> {
        if self.criteria.is_empty() {
            return Err("the filter has no criteria".into());
        }
        let items = self
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| criterion(c, map).map_err(|e| format!("criterion {}: {e}", i + 1)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(match (items.len(), self.mode) {
            (1, _) => items.into_iter().next().unwrap_or(Filter::And(Vec::new())),
            (_, Mode::And) => Filter::And(items),
            (_, Mode::Or) => Filter::Or(items),
        })
    }
}

fn criterion(c: &Criterion, map: &dyn Fn(&str) -> Option<String>) -> Result<Filter, String> {
    let attr = match map(&c.attribute) {
        Some(a) => a,
        None => {
            check_attribute_description(&c.attribute).map_err(|m| {
                format!(
                    "'{}' is neither a mapped field nor an LDAP attribute: {m}",
                    c.attribute
                )
            })?;
            c.attribute.clone()
        }
    };
    let value = match (&c.value, c.operation.needs_value()) {
        (Some(v), true) if !v.is_empty() => v.as_bytes().to_vec(),
        (_, true) => return Err(format!("{} needs a value", c.operation.as_str())),
        _ => Vec::new(),
    };
    Ok(match c.operation {
        Operation::Equals => Filter::Equal(attr, value),
        Operation::NotEquals => Filter::Not(Box::new(Filter::Equal(attr, value))),
        Operation::Contains => Filter::Substring {
            attr,
            initial: None,
            any: vec![value],
            last: None,
        },
        Operation::StartsWith => Filter::Substring {
            attr,
            initial: Some(value),
            any: Vec::new(),
            last: None,
        },
        Operation::EndsWith => Filter::Substring {
            attr,
            initial: None,
            any: Vec::new(),
            last: Some(value),
        },
        Operation::Exists => Filter::Present(attr),
        Operation::NotExists => Filter::Not(Box::new(Filter::Present(attr))),
        Operation::GreaterOrEqual => Filter::GreaterOrEqual(attr, value),
        Operation::LessOrEqual => Filter::LessOrEqual(attr, value),
        Operation::Approx => Filter::Approx(attr, value),
    })
}

/// `(&(base)(extra))`, flattening when `base` is already an AND.
pub fn and_with(base: &str, extra: Option<&Filter>) -> Result<Filter, String> {
    let base = parse_filter(base).map_err(|e| format!("user_filter: {e}"))?;
    Ok(match extra {
        None => base,
        Some(x) => {
            let mut items = match base {
                Filter::And(v) => v,
                other => vec![other],
            };
            items.push(x.clone());
            Filter::And(items)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(name: &str) -> Option<String> {
        match name {
            "extension" => Some("telephoneNumber".into()),
            "userId" => Some("employeeNumber".into()),
            _ => None,
        }
    }

    #[test]
    fn the_netaxis_example_compiles() {
        let f = StructuredFilter::from_json(
            r#"{"filter": {"mode": "and", "criteria": [
                {"attribute": "extension", "operation": "equals", "value": "6677"},
                {"attribute": "userId", "operation": "exists"}]}}"#,
        )
        .expect("parses");
        let compiled = f.compile(&map).expect("compiles");
        assert_eq!(
            compiled.to_string(),
            "(&(telephoneNumber=6677)(employeeNumber=*))"
        );
    }

    #[test]
    fn every_operation() {
        let cases = [
            (Operation::Equals, "(mail=a)"),
            (Operation::NotEquals, "(!(mail=a))"),
            (Operation::Contains, "(mail=*a*)"),
            (Operation::StartsWith, "(mail=a*)"),
            (Operation::EndsWith, "(mail=*a)"),
            (Operation::Exists, "(mail=*)"),
            (Operation::NotExists, "(!(mail=*))"),
            (Operation::GreaterOrEqual, "(mail>=a)"),
            (Operation::LessOrEqual, "(mail<=a)"),
            (Operation::Approx, "(mail~=a)"),
        ];
        for (op, want) in cases {
            let f = StructuredFilter {
                mode: Mode::Or,
                criteria: vec![Criterion {
                    attribute: "mail".into(),
                    operation: op,
                    value: Some("a".into()),
                }],
            };
            assert_eq!(f.compile(&map).expect("compiles").to_string(), want);
        }
    }

    #[test]
    fn injection_stays_a_literal_value() {
        let f = StructuredFilter {
            mode: Mode::And,
            criteria: vec![Criterion {
                attribute: "uid".into(),
                operation: Operation::Equals,
                value: Some("*)(uid=*".into()),
            }],
        };
        let s = f.compile(&map).expect("compiles").to_string();
        assert_eq!(s, r"(uid=\2a\29\28uid=\2a)");
        assert_eq!(
            parse_filter(&s).expect("valid"),
            Filter::Equal("uid".into(), b"*)(uid=*".to_vec())
        );
    }

    #[test]
    fn bad_criteria_are_named() {
        let bad = |attribute: &str, operation, value: Option<&str>| {
            StructuredFilter {
                mode: Mode::And,
                criteria: vec![Criterion {
                    attribute: attribute.into(),
                    operation,
                    value: value.map(str::to_string),
                }],
            }
            .compile(&map)
            .expect_err("refused")
        };
        assert!(bad("mail", Operation::Equals, None).contains("needs a value"));
        assert!(bad("bad attr", Operation::Exists, None).contains("neither a mapped field"));
        assert!(StructuredFilter::default().compile(&map).is_err());
        assert!(StructuredFilter::from_json(r#"{"mode":"xor","criteria":[]}"#).is_err());
    }

    #[test]
    fn anded_with_the_user_filter() {
        let extra = Filter::Present("mail".into());
        assert_eq!(
            and_with("(&(objectClass=person)(uid=*))", Some(&extra))
                .expect("ok")
                .to_string(),
            "(&(objectClass=person)(uid=*)(mail=*))"
        );
        assert_eq!(
            and_with("(objectClass=person)", Some(&extra))
                .expect("ok")
                .to_string(),
            "(&(objectClass=person)(mail=*))"
        );
    }
}
