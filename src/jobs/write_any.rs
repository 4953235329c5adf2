//! Planning the tree's writes on any entry: change one attribute, rename or move (modrdn
//! with newSuperior), delete a leaf or (with the tree-delete control) a subtree, and bring
//! back a deleted AD object. Read only: the plan is previewed, then sent as any write.

use ldap3::Scope;

use crate::app::tree::AttrEdit;
use crate::app::write::{Planned, Step};
use crate::config::Provider;
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::write::change::{Change, Mod, TREE_DELETE};
use crate::ldap::write::edit;
use crate::syntax::dn::{parse_dn, split_rdn};

fn read_failed(e: ldap3::LdapError, c: &Connected) -> String {
    classify_ldap(&e, Phase::Search, &c.ctx).to_string()
}

fn one(change: Change, before: Option<crate::ldap::write::change::Image>) -> Vec<Step> {
    vec![Step {
        change,
        before,
        undoes: None,
    }]
}

/// One attribute of `dn` changed as typed.
pub async fn set_attr(c: &mut Connected, dn: &str, e: &AttrEdit) -> Result<Planned, String> {
    let attr = match e {
        AttrEdit::Set(a, _) | AttrEdit::Add(a, _) | AttrEdit::Remove(a, _) | AttrEdit::Clear(a) => {
            a.clone()
        }
    };
    if crate::ldap::write::change::is_secret(&attr) {
        return Err(format!(
            "{attr} is a password attribute: set passwords with p on the user (never typed in clear here)"
        ));
    }
    let before = edit::read_with(&mut c.session, dn, &[attr.as_str()])
        .await
        .map_err(|e| read_failed(e, c))?
        .ok_or_else(|| format!("{dn} is gone"))?;
    let v = |s: &str| vec![s.as_bytes().to_vec()];
    let m = match e {
        AttrEdit::Set(a, x) => Mod::Replace(a.clone(), v(x)),
        AttrEdit::Add(a, x) => Mod::Add(a.clone(), v(x)),
        AttrEdit::Remove(a, x) => Mod::Delete(a.clone(), v(x)),
        AttrEdit::Clear(a) => Mod::Delete(a.clone(), Vec::new()),
    };
    let held = crate::ldap::write::change::values(&before, &attr).cloned();
    let nothing = match (&m, &held) {
        (Mod::Replace(_, new), Some(old)) => new == old,
        (Mod::Delete(_, d), None) if d.is_empty() => true,
        _ => false,
    };
    let title = format!("Change {attr} of {dn}");
    if nothing {
        let mut p = Planned::new(title, Vec::new());
        p.note = Some(format!("{attr} is like that already: nothing to send"));
        return Ok(p);
    }
    let schema = crate::ldap::read::schema::read(&mut c.session).await.ok();
    let warning = schema.and_then(|s| {
        (!s.knows(&attr)).then(|| format!("the server's schema has no attribute {attr}"))
    });
    let mut p = Planned::new(
        title,
        one(
            Change::Modify {
                dn: dn.to_string(),
                mods: vec![m],
            },
            Some(before),
        ),
    );
    p.warning = warning;
    Ok(p)
}

/// `dn` renamed or moved to `to`.
pub async fn move_to(c: &mut Connected, dn: &str, to: &str) -> Result<Planned, String> {
    let (old, new) = (
        parse_dn(dn).map_err(|e| format!("{dn}: {e}"))?,
        parse_dn(to.trim()).map_err(|e| format!("the new DN: {e}"))?,
    );
    if old == new {
        return Err("that is the DN it has: type the new one".into());
    }
    let to = to.trim();
    let (new_rdn, new_parent) = split_rdn(to);
    let same_parent = match (old.parent(), new.parent()) {
        (Some(a), Some(b)) => a.same_entry(&b),
        (None, None) => true,
        _ => false,
    };
    let moves = !same_parent;
    if moves && !new_parent.is_empty() {
        crate::ldap::read::search::base_entry(&mut c.session, new_parent, &["1.1"])
            .await
            .map_err(|_| format!("there is no entry {new_parent} to move it under"))?;
    }
    if crate::ldap::read::search::base_entry(&mut c.session, to, &["1.1"])
        .await
        .is_ok()
    {
        return Err(format!("{to} exists already: choose another name"));
    }
    let change = Change::ModRdn {
        dn: dn.to_string(),
        new_rdn: new_rdn.to_string(),
        new_superior: moves.then(|| new_parent.to_string()),
        keep_old_rdn: false,
    };
    let verb = if moves { "Move" } else { "Rename" };
    let mut p = Planned::new(format!("{verb} {dn}"), one(change, None));
    p.note = Some(format!("it becomes {to}"));
    Ok(p)
}

/// Deletes `dn`: a leaf with its before-image (undo adds it back), a subtree only with the
/// tree-delete control, typed to confirm and without undo.
pub async fn delete(p: &Provider, c: &mut Connected, dn: &str) -> Result<Planned, String> {
    let mut below = 0usize;
    let r = crate::ldap::read::dit::search(
        &mut c.session,
        dn,
        Scope::OneLevel,
        "(objectClass=*)",
        &["1.1".to_string()],
        Some(1),
        std::time::Duration::from_secs(p.timeout_secs.max(1)),
        &mut |_| {
            below += 1;
            true
        },
    )
    .await
    .map_err(|e| read_failed(e, c))?;
    let name = crate::ldap::read::directory::rdn_value(dn);
    if below == 0 && !r.truncated {
        let before = edit::read(&mut c.session, dn)
            .await
            .map_err(|e| read_failed(e, c))?
            .ok_or_else(|| format!("{dn} is gone"))?;
        let leave = crate::ldap::write::membership::naming(p, &mut c.session, dn, None)
            .await
            .map_err(|e| read_failed(e, c))?;
        let mut plan = Planned::new(
            format!("Delete {dn}"),
            one(
                Change::Delete {
                    dn: dn.to_string(),
                    leave,
                },
                Some(before),
            ),
        );
        plan.type_to_confirm = Some(name);
        plan.note = Some("undo (J) adds it back as it was".into());
        return Ok(plan);
    }
    let root = crate::ldap::read::search::base_entry(&mut c.session, "", &["supportedControl"])
        .await
        .map_err(|e| read_failed(e, c))?;
    let offered = crate::ldap::read::record::values(&root, "supportedControl")
        .iter()
        .any(|o| o == TREE_DELETE);
    if !offered {
        return Err(format!(
            "{dn} has entries below it, and this server offers no tree-delete control: delete \
             them first (open it with l, then D on each), or move them away with R"
        ));
    }
    let mut plan = Planned::new(
        format!("Delete {dn} and everything below it"),
        one(Change::DeleteTree { dn: dn.to_string() }, None),
    );
    plan.warning = Some(
        "every entry below it is deleted too, with the tree-delete control: this cannot be undone"
            .into(),
    );
    plan.type_to_confirm = Some(name);
    Ok(plan)
}

/// Brings the tombstone `guid` back as `to`.
pub async fn restore(c: &mut Connected, guid: &str, to: &str) -> Result<Planned, String> {
    use crate::ldap::write::undelete::{Refusal, plan_restore};
    parse_dn(to).map_err(|e| format!("the DN to restore as: {e}"))?;
    let parent = split_rdn(to).1;
    let name = crate::ldap::read::directory::rdn_value(to);
    let change = plan_restore(&mut c.session, guid, Some(&name), Some(parent))
        .await
        .map_err(|r| match r {
            Refusal::Ldap(e) => read_failed(e, c),
            Refusal::NotFound(m) => m,
            Refusal::Conflict(m, hint) => format!("{m}: {hint} (edit the DN)"),
        })?;
    let mut p = Planned::new(format!("Restore {}", change.dn()), one(change, None));
    p.note = Some("undo (J) deletes it again".into());
    Ok(p)
}
