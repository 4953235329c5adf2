//! The plan of an LDIF file, made before anything is sent: each record's change, its entry
//! read (many reads in flight on one connection, each checked as it comes back, in file
//! order), and every problem found: syntax already checked, unknown controls, a DN that must
//! or must not exist (counting what earlier records make or remove), the schema.

use std::collections::HashSet;

use super::apply::{Planned, Step};
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::write::change::{Change, Image, Mod, TREE_DELETE};
use crate::syntax::dn::dn_key;
use crate::syntax::ldif_read::{Kind, ModOp, Record};

/// The change a record asks for, before anything is read.
fn change_of(r: Record) -> Result<Change, String> {
    let tree_delete = r.controls.iter().any(|c| c.oid == TREE_DELETE);
    if let Some(c) = r
        .controls
        .iter()
        .find(|c| !(c.oid == TREE_DELETE && r.kind == Kind::Delete))
    {
        return Err(format!(
            "control {} is not one ldapdeck sends (it knows the tree-delete control on a delete): nothing was sent",
            c.oid
        ));
    }
    let dn = r.dn;
    Ok(match r.kind {
        Kind::Add(pairs) => {
            let mut attrs = Image::new();
            for (a, v) in pairs {
                let key = attrs
                    .keys()
                    .find(|k| k.eq_ignore_ascii_case(&a))
                    .cloned()
                    .unwrap_or(a);
                attrs.entry(key).or_default().push(v);
            }
            Change::Add {
                dn,
                attrs,
                rejoin: Vec::new(),
            }
        }
        Kind::Delete if tree_delete => Change::DeleteTree { dn },
        Kind::Delete => Change::Delete {
            dn,
            leave: Vec::new(),
        },
        Kind::Modify(mods) => Change::Modify {
            dn,
            mods: mods
                .into_iter()
                .map(|(op, a, v)| match op {
                    ModOp::Add => Mod::Add(a, v),
                    ModOp::Delete => Mod::Delete(a, v),
                    ModOp::Replace => Mod::Replace(a, v),
                    ModOp::Increment => Mod::Increment(a, v),
                })
                .collect(),
        },
        Kind::ModRdn {
            new_rdn,
            delete_old,
            new_superior,
        } => Change::ModRdn {
            dn,
            new_rdn,
            new_superior,
            keep_old_rdn: !delete_old,
        },
    })
}

/// Records read as one lot (siblings among them in one search: `by_dn`), and lots in flight
/// at once: each is checked as its answer comes back, in file order, while the next is on the
/// wire. A lot's entries are all that is held of the file's entries at a time.
const LOT: usize = crate::ldap::read::by_dn::MOST_TOGETHER;
const LOTS_AHEAD: usize = 2;

/// What the plan reads of a record's entry: the attributes a modify touches (and the object
/// classes, for the schema, and the change sequence number where the server has one, for the
/// check in the write), all of a delete's (its undo adds it back), none of the rest (whether
/// it exists).
fn needs(change: &Change) -> Vec<String> {
    match change {
        Change::Modify { mods, .. } => {
            let mut a: Vec<String> = mods.iter().map(|m| m.attr().to_string()).collect();
            a.push("objectClass".into());
            a.push(crate::writes::assertion::CSN.into());
            a
        }
        Change::Delete { .. } => vec!["*".into()],
        _ => vec!["1.1".into()],
    }
}

/// A record's change (or why it cannot be one) and its entry as read, if it was.
type Read = (
    usize,
    Result<Change, String>,
    Option<Result<Option<Image>, ldap3::LdapError>>,
);

/// One lot's changes (or why a record cannot be one) with their entries as read.
async fn read_lot(
    ldap: &ldap3::Ldap,
    t: std::time::Duration,
    attr: &str,
    lot: Vec<Record>,
) -> Vec<Read> {
    use crate::ldap::read::by_dn::{Want, read};
    let changes: Vec<(usize, Result<Change, String>)> =
        lot.into_iter().map(|r| (r.line, change_of(r))).collect();
    let wants: Vec<Want> = changes
        .iter()
        .filter_map(|(_, c)| c.as_ref().ok())
        .map(|ch| Want {
            dn: ch.dn().to_string(),
            attrs: needs(ch),
            together: !matches!(ch, Change::Add { .. }),
        })
        .collect();
    let mut got = read(ldap, t, attr, &wants).await.0.into_iter();
    changes
        .into_iter()
        .map(|(line, change)| {
            let found = change.is_ok().then(|| got.next().unwrap_or(Ok(None)));
            (line, change, found)
        })
        .collect()
}

/// DNs made or removed earlier in the file (a file may add an OU, then users in it), and
/// every entry an earlier record changes (by a hash of its key: a collision only costs a read).
#[derive(Default)]
struct Earlier {
    made: HashSet<String>,
    gone: HashSet<String>,
    touched: HashSet<u64>,
    hasher: std::hash::RandomState,
}

impl Earlier {
    /// Whether an earlier record changes this entry: what the plan read of it is then what the
    /// file found, not what this change will (the batch's own change is no conflict).
    fn again(&mut self, k: &str) -> bool {
        use std::hash::BuildHasher;
        !self.touched.insert(self.hasher.hash_one(k))
    }

    /// What this change leaves for the changes after it.
    fn record(&mut self, change: &Change, k: String) {
        match change {
            Change::Add { .. } => {
                self.gone.remove(&k);
                self.made.insert(k);
            }
            Change::Delete { .. } | Change::DeleteTree { .. } => {
                self.made.remove(&k);
                self.gone.insert(k);
            }
            Change::ModRdn {
                dn,
                new_rdn,
                new_superior,
                ..
            } => {
                self.made.remove(&k);
                self.gone.insert(k);
                let parent = new_superior
                    .clone()
                    .unwrap_or_else(|| crate::syntax::dn::split_rdn(dn).1.to_string());
                let to = dn_key(&format!("{new_rdn},{parent}"));
                self.gone.remove(&to);
                self.made.insert(to);
            }
            _ => {}
        }
    }
}

/// What a modify's entry as read is kept for until it is sent: the attributes it touches
/// (its conflict check and undo) and the change sequence number; the object classes were for
/// the schema check.
fn kept(mut img: Image, mods: &[Mod]) -> Image {
    img.retain(|k, _| {
        k.eq_ignore_ascii_case(crate::writes::assertion::CSN)
            || mods.iter().any(|m| m.attr().eq_ignore_ascii_case(k))
    });
    img
}

/// Reads every entry the records name (a lot at a time) and checks each record against
/// it, the schema and the records before it; every problem is listed, or the steps returned.
pub(super) async fn plan(
    c: &mut Connected,
    server: crate::config::ServerType,
    records: impl Iterator<Item = Record>,
) -> Result<Planned, Vec<String>> {
    use futures::StreamExt;
    let schema = crate::ldap::read::schema::read(&mut c.session).await.ok();
    let t = c.session.timeout;
    let ldap = c.session.ldap.clone();
    let attr = crate::ldap::read::by_dn::dn_attribute(server);
    let mut records = records;
    let lots = std::iter::from_fn(move || {
        let lot: Vec<Record> = records.by_ref().take(LOT).collect();
        (!lot.is_empty()).then_some(lot)
    });
    let mut reads = futures::stream::iter(lots)
        .map(|lot| read_lot(&ldap, t, attr, lot))
        .buffered(LOTS_AHEAD)
        .flat_map(futures::stream::iter);
    let mut problems = Vec::new();
    let mut steps = Planned::default();
    let mut earlier = Earlier::default();
    while let Some((line, change, found)) = reads.next().await {
        let change = match change {
            Ok(ch) => ch,
            Err(m) => {
                problems.push(format!("line {line}: {m}"));
                continue;
            }
        };
        let dn = change.dn();
        let exists_now = matches!(found, Some(Ok(Some(_))));
        let k = dn_key(change.dn());
        let again = earlier.again(&k);
        let made = earlier.made.contains(&k);
        let removed = !made && earlier.gone.contains(&k);
        let unread = |e: &ldap3::LdapError| {
            format!(
                "line {line}: {dn}: {}",
                classify_ldap(e, Phase::Search, &c.ctx)
            )
        };
        let mut before = None;
        match &change {
            Change::Add { attrs, .. } => {
                if made || (!removed && exists_now) {
                    problems.push(format!("line {line}: {dn} exists already"));
                }
                if let Some(s) = &schema {
                    for p in s.check(attrs) {
                        problems.push(format!("line {line}: {dn}: {p}"));
                    }
                }
            }
            _ if removed => problems.push(format!(
                "line {line}: {dn} was deleted or renamed earlier in this file"
            )),
            // Made earlier in this file: nothing on the server to read yet.
            _ if made => {}
            Change::Modify { mods, .. } => match found.unwrap_or(Ok(None)) {
                Ok(Some(img)) => {
                    if let Some(s) = &schema {
                        for p in s.check_modify(&img, mods) {
                            problems.push(format!("line {line}: {dn}: {p}"));
                        }
                    }
                    before = Some(kept(img, mods));
                }
                Ok(None) => problems.push(format!("line {line}: there is no entry {dn}")),
                Err(e) => problems.push(unread(&e)),
            },
            _ => {
                // A delete keeps the whole entry (its undo adds it back); a rename needs
                // only to know it is there.
                let full = matches!(change, Change::Delete { .. });
                match found.unwrap_or(Ok(None)) {
                    Ok(Some(img)) => before = full.then_some(img),
                    Ok(None) => problems.push(format!("line {line}: there is no entry {dn}")),
                    Err(e) => problems.push(unread(&e)),
                }
            }
        }
        if again {
            // Read just before it is sent instead, after the earlier ones.
            before = None;
        }
        earlier.record(&change, k);
        // Once the file is refused, only its problems are kept.
        if problems.is_empty()
            && let Err(p) = steps.push(
                Step {
                    line,
                    change,
                    before,
                },
                "line",
            )
        {
            problems.push(p);
        }
    }
    if problems.is_empty() {
        Ok(steps)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modify(dn: &str) -> Change {
        Change::Modify {
            dn: dn.into(),
            mods: vec![Mod::Replace("description".into(), vec![b"x".to_vec()])],
        }
    }

    #[test]
    fn a_modify_keeps_what_it_touches_and_the_csn() {
        let img = Image::from([
            (
                "objectClass".into(),
                vec![b"top".to_vec(), b"person".to_vec()],
            ),
            ("Description".into(), vec![b"old".to_vec()]),
            ("entryCSN".into(), vec![b"1#2".to_vec()]),
        ]);
        let Change::Modify { mods, .. } = modify("cn=a,dc=x") else {
            unreachable!()
        };
        let k = kept(img, &mods);
        assert_eq!(
            k.keys().map(String::as_str).collect::<Vec<_>>(),
            ["Description", "entryCSN"]
        );
    }

    #[test]
    fn earlier_records_are_tracked_by_dn_in_any_spelling() {
        let mut e = Earlier::default();
        let k = dn_key(modify("cn=a,dc=x").dn());
        assert!(!e.again(&k));
        assert!(e.again(&dn_key(modify("CN=A, dc=x").dn())));
        let add = Change::Add {
            dn: "OU=New,DC=x".into(),
            attrs: Image::new(),
            rejoin: Vec::new(),
        };
        let k = dn_key(add.dn());
        e.record(&add, k);
        let k = dn_key(modify("ou=new,dc=X").dn());
        assert!(e.made.contains(&k));
        let rename = Change::ModRdn {
            dn: "ou=new,dc=x".into(),
            new_rdn: "ou=renamed".into(),
            new_superior: None,
            keep_old_rdn: false,
        };
        let k = dn_key(rename.dn());
        e.record(&rename, k);
        assert!(e.gone.contains(&dn_key("ou=new,dc=x")));
        assert!(e.made.contains(&dn_key("OU=Renamed,dc=x")));
    }
}
