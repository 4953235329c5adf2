//! Properties of the LDIF and CSV readers: any input ends in records or an error naming a
//! line (never a panic), and what the LDIF reader writes back reads to the same records.

use ldapdeck::syntax::ldif_read::{Control, Kind, ModOp, Record, parse};
use proptest::prelude::*;

fn attr() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["cn", "mail", "description", "2.5.4.3", "cn;lang-en"])
        .prop_map(str::to_string)
}

fn value() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..24)
}

fn dn() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "uid=a,dc=x",
        "cn=J\\, Doe,ou=p,dc=x",
        "ou=émile,dc=x",
        "cn=a+sn=b,dc=x",
    ])
    .prop_map(str::to_string)
}

fn kind() -> impl Strategy<Value = Kind> {
    let op = prop::sample::select(vec![ModOp::Add, ModOp::Delete, ModOp::Replace]);
    prop_oneof![
        prop::collection::vec((attr(), value()), 1..5).prop_map(Kind::Add),
        Just(Kind::Delete),
        prop::collection::vec((op, attr(), prop::collection::vec(value(), 0..3)), 0..4)
            .prop_map(Kind::Modify),
        (any::<bool>(), prop::option::of(dn())).prop_map(|(d, s)| Kind::ModRdn {
            new_rdn: "uid=b".into(),
            delete_old: d,
            new_superior: s,
        }),
    ]
}

fn record() -> impl Strategy<Value = Record> {
    (dn(), kind(), any::<bool>()).prop_map(|(dn, kind, ctl)| Record {
        line: 0,
        dn,
        controls: if ctl {
            vec![Control {
                oid: "1.2.840.113556.1.4.805".into(),
                critical: true,
                value: None,
            }]
        } else {
            Vec::new()
        },
        kind,
    })
}

/// Text near LDIF: its keywords, separators and folds in any order.
fn near_ldif() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "dn: uid=a,dc=x\n",
        "dn:: dWlkPWE=\n",
        "changetype: modify\n",
        "changetype: modrdn\n",
        "add: cn\n",
        "cn: x\n",
        "cn:: ???\n",
        "-\n",
        "\n",
        " folded\n",
        "# comment\n",
        "control: 1.2.3 true: v\n",
        "newrdn: uid=b\n",
        "deleteoldrdn: 2\n",
        "version: 1\n",
        "cn:< file:///nonexistent\n",
        "\r\n",
        ":\n",
    ]);
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_reads_or_fails_with_a_line(text in "\\PC{0,200}") {
        if let Err(e) = parse(&text) {
            prop_assert!(e.line >= 1);
        }
    }

    #[test]
    fn text_near_ldif_never_panics(text in near_ldif()) {
        if let Err(e) = parse(&text) {
            prop_assert!(e.line >= 1 && e.column >= 1, "{e:?}");
        }
    }

    #[test]
    fn any_csv_reads_or_fails_with_a_line(text in "[a-z,\"\r\n ]{0,80}") {
        match ldapdeck::syntax::csv_read::parse(&text) {
            Ok(records) => prop_assert!(records.iter().all(|(line, _)| *line >= 1)),
            Err(e) => prop_assert!(e.line >= 1),
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same(records in prop::collection::vec(record(), 1..6)) {
        let text: String = records.iter().map(|r| r.to_string()).collect();
        let back = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let strip = |v: &[Record]| v.iter().map(|r| (r.dn.clone(), r.kind.clone(), r.controls.clone())).collect::<Vec<_>>();
        prop_assert_eq!(strip(&back), strip(&records), "{}", text);
    }
}
