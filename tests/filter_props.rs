//! Properties of the filter module: compile → text → parse round-trips, and no value can
//! change a filter's structure.

use ldapdeck::syntax::filter::{Filter, parse_filter};
use ldapdeck::syntax::structured::{Criterion, Mode, Operation, StructuredFilter};
use proptest::prelude::*;

fn attr() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "cn",
        "uid",
        "mail",
        "telephoneNumber",
        "2.5.4.3",
        "cn;lang-en",
    ])
    .prop_map(str::to_string)
}

fn value() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..12)
}

fn nonempty() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 1..12)
}

fn leaf() -> impl Strategy<Value = Filter> {
    prop_oneof![
        (attr(), value()).prop_map(|(a, v)| Filter::Equal(a, v)),
        (attr(), value()).prop_map(|(a, v)| Filter::Approx(a, v)),
        (attr(), value()).prop_map(|(a, v)| Filter::GreaterOrEqual(a, v)),
        (attr(), value()).prop_map(|(a, v)| Filter::LessOrEqual(a, v)),
        attr().prop_map(Filter::Present),
        (
            attr(),
            prop::option::of(nonempty()),
            prop::collection::vec(nonempty(), 0..3),
            prop::option::of(nonempty())
        )
            .prop_filter("that is Present", |(_, i, a, l)| i.is_some()
                || !a.is_empty()
                || l.is_some())
            .prop_map(|(attr, initial, any, last)| Filter::Substring {
                attr,
                initial,
                any,
                last
            }),
        (
            prop::option::of(attr()),
            prop::option::of(Just("caseExactMatch".to_string())),
            any::<bool>(),
            value()
        )
            .prop_filter("needs an attribute or a rule", |(a, r, _, _)| a.is_some()
                || r.is_some())
            .prop_map(|(attr, rule, dn_attrs, value)| Filter::Extensible {
                attr,
                rule,
                dn_attrs,
                value
            }),
    ]
}

fn filter() -> impl Strategy<Value = Filter> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Filter::And),
            prop::collection::vec(inner.clone(), 0..4).prop_map(Filter::Or),
            inner.prop_map(|f| Filter::Not(Box::new(f))),
        ]
    })
}

fn op() -> impl Strategy<Value = Operation> {
    prop::sample::select(Operation::ALL.to_vec())
}

proptest! {
    #[test]
    fn text_round_trips(f in filter()) {
        let text = f.to_string();
        prop_assert_eq!(parse_filter(&text).map_err(|e| format!("{text}: {e}")), Ok(f));
    }

    #[test]
    fn no_value_changes_the_structure(
        criteria in prop::collection::vec((op(), ".{1,20}"), 1..5),
        or in any::<bool>(),
    ) {
        let structured = StructuredFilter {
            mode: if or { Mode::Or } else { Mode::And },
            criteria: criteria
                .iter()
                .map(|(operation, v)| Criterion { attribute: "uid".into(), operation: *operation, value: Some(v.clone()) })
                .collect(),
        };
        let compiled = structured.compile(&|_| None).expect("compiles");
        let reparsed = parse_filter(&compiled.to_string()).expect("parses");
        prop_assert_eq!(&reparsed, &compiled);
        // The same criteria with harmless values give the same shape.
        let plain = StructuredFilter {
            criteria: structured.criteria.iter().map(|c| Criterion { value: Some("x".into()), ..c.clone() }).collect(),
            ..structured.clone()
        };
        let plain_compiled = plain.compile(&|_| None).expect("compiles");
        prop_assert_eq!(depth(&reparsed), depth(&plain_compiled));
        prop_assert_eq!(leaves(&reparsed), leaves(&plain_compiled));
    }
}

fn depth(f: &Filter) -> usize {
    match f {
        Filter::And(v) | Filter::Or(v) => 1 + v.iter().map(depth).max().unwrap_or(0),
        Filter::Not(x) => 1 + depth(x),
        _ => 1,
    }
}

fn leaves(f: &Filter) -> usize {
    match f {
        Filter::And(v) | Filter::Or(v) => v.iter().map(leaves).sum(),
        Filter::Not(x) => leaves(x),
        _ => 1,
    }
}
