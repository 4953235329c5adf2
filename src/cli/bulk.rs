//! `users bulk SLUG --from-csv FILE`: a CSV of users, one row each, applied as one journaled
//! batch. A header row of mapped names or attributes (`id` required; `action`, `tenant` and
//! `group` are words of their own); an empty cell leaves a value alone, `-` deletes it; all
//! the changes of one entry become one modify. Every problem is listed with its row number
//! before anything is sent; then the same plan, send, journal and undo as `apply`.

use std::collections::HashMap;

use clap::Args;

use super::apply::{Step, finish, read_input};
use super::output::Output;
use super::password::PasswordArgs;
use super::users::Place;
use super::write::{Confirm, connect, runtime, writable};
use crate::config::Provider;
use crate::error::Error;
use crate::ldap::net::connect::Connected;
use crate::ldap::write::account::Scheme;
use crate::ldap::write::change::{Change, Image, Mod, Want, diff};
use crate::ldap::write::{membership, new_user};

/// `users bulk`
#[derive(Debug, Args)]
pub struct BulkArgs {
    /// Provider slug.
    pub slug: String,
    /// The CSV file (`-` reads standard input): header `id,...` and an optional `action`
    /// column (create, modify, disable, enable, delete, add-group, remove-group).
    #[arg(long = "from-csv", value_name = "FILE")]
    pub from_csv: String,
    /// Go on after a change fails (by default the first failure stops the rest).
    #[arg(long)]
    pub continue_on_error: bool,
    /// All or nothing, in one LDAP transaction (RFC 5805), where the server offers them.
    #[arg(long, conflicts_with = "continue_on_error")]
    pub atomic: bool,
    #[command(flatten)]
    confirm: Confirm,
    #[command(flatten)]
    password: PasswordArgs,
}

const ACTIONS: [&str; 7] = [
    "create",
    "modify",
    "disable",
    "enable",
    "delete",
    "add-group",
    "remove-group",
];

/// One row as read: its number, the words of its own columns, and field → cell.
struct Row {
    n: usize,
    id: String,
    action: String,
    place: Place,
    cells: Vec<(String, String)>,
}

/// The column's attribute: a mapped field's, or the name itself when it is an attribute.
fn attribute(p: &Provider, column: &str) -> Option<String> {
    p.attribute(column).map(str::to_string).or_else(|| {
        crate::syntax::attr::check_attribute_description(column)
            .ok()
            .map(|_| column.to_string())
    })
}

/// Reads the rows, listing what is wrong with the file itself.
fn rows(p: &Provider, text: &str, problems: &mut Vec<String>) -> Vec<Row> {
    let records = match crate::syntax::csv_read::parse(text) {
        Ok(r) => r,
        Err(e) => {
            problems.push(e.to_string());
            return Vec::new();
        }
    };
    let Some((_, header)) = records.first() else {
        problems.push("the file is empty: a header row (id,...) comes first".into());
        return Vec::new();
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let Some(id_col) = find("id") else {
        problems.push("row 1: the header has no id column".into());
        return Vec::new();
    };
    for (i, h) in header.iter().enumerate() {
        let own = ["id", "action", "tenant", "group"]
            .iter()
            .any(|w| h.eq_ignore_ascii_case(w));
        if !own && attribute(p, h).is_none() {
            problems.push(format!(
                "row 1: column {} ({h}) is neither a mapped field nor an attribute name",
                i + 1
            ));
        }
        if header[..i].iter().any(|x| x.eq_ignore_ascii_case(h)) {
            problems.push(format!("row 1: column {h} appears twice"));
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (k, (_, fields)) in records.iter().enumerate().skip(1) {
        let n = k + 1;
        if fields.len() != header.len() {
            problems.push(format!(
                "row {n}: {} fields, the header has {}",
                fields.len(),
                header.len()
            ));
            continue;
        }
        let get = |name: &str| find(name).map(|i| fields[i].trim().to_string());
        let id = fields[id_col].trim().to_string();
        if id.is_empty() {
            problems.push(format!("row {n}: the id is empty"));
            continue;
        }
        if let Some(first) = seen.insert(id.to_lowercase(), n) {
            problems.push(format!(
                "row {n}: id {id} appears again (first at row {first})"
            ));
            continue;
        }
        let action = get("action")
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| "modify".into())
            .to_lowercase();
        if !ACTIONS.contains(&action.as_str()) {
            problems.push(format!(
                "row {n}: action {action}: one of {}",
                ACTIONS.join(", ")
            ));
            continue;
        }
        let nonempty = |v: Option<String>| v.filter(|x| !x.is_empty());
        let place = Place {
            tenant: nonempty(get("tenant")),
            group: nonempty(get("group")),
        };
        let cells = header
            .iter()
            .zip(fields)
            .filter(|(h, v)| {
                !["id", "action", "tenant", "group"]
                    .iter()
                    .any(|w| h.eq_ignore_ascii_case(w))
                    && !v.trim().is_empty()
            })
            .filter_map(|(h, v)| attribute(p, h).map(|a| (a, v.trim().to_string())))
            .collect();
        out.push(Row {
            n,
            id,
            action,
            place,
            cells,
        });
    }
    out
}

/// What one row asks: the wants of its cells (`-` deletes).
fn wants(row: &Row) -> Vec<(String, Want)> {
    row.cells
        .iter()
        .map(|(a, v)| {
            if v == "-" {
                (a.clone(), Want::Unset)
            } else {
                (a.clone(), Want::Set(vec![v.clone()]))
            }
        })
        .collect()
}

/// Reads and checks every row; the steps, or every problem with its row.
async fn plan(p: &Provider, c: &mut Connected, rows: &[Row]) -> Result<Vec<Step>, Vec<String>> {
    let schema = crate::ldap::read::schema::read(&mut c.session).await.ok();
    let scheme = Scheme::of(p);
    let mut problems = Vec::new();
    let mut steps = Vec::new();
    // Group changes gathered per (group, join): one modify for each group.
    let mut groups: Vec<GroupRows> = Vec::new();
    for row in rows {
        let say = |m: String| format!("row {}: {}: {m}", row.n, row.id);
        if let Some(s) = &schema {
            for (a, _) in &row.cells {
                if !s.knows(a) {
                    problems.push(say(format!("the server's schema has no attribute {a}")));
                }
            }
        }
        if row.action == "create" {
            let attrs: Vec<(String, Vec<String>)> = row
                .cells
                .iter()
                .filter(|(_, v)| v != "-")
                .map(|(a, v)| (a.clone(), vec![v.clone()]))
                .collect();
            match new_user::build(
                p,
                row.place.tenant.as_deref(),
                row.place.group.as_deref(),
                &row.id,
                &attrs,
            ) {
                Ok(user) => {
                    if let Some(s) = &schema {
                        for pr in s.check(&user.attrs) {
                            problems.push(say(pr.to_string()));
                        }
                    }
                    if crate::ldap::read::search::base_entry(&mut c.session, &user.dn, &["1.1"])
                        .await
                        .is_ok()
                    {
                        problems.push(say(format!("{} exists already", user.dn)));
                    }
                    if let Some(g) = &user.join {
                        gather(
                            &mut groups,
                            (g.clone(), true),
                            (row.n, user.dn.clone(), row.id.clone()),
                        );
                    }
                    steps.push(Step {
                        line: row.n,
                        change: Change::Add {
                            dn: user.dn,
                            attrs: user.attrs,
                            rejoin: Vec::new(),
                        },
                        before: None,
                    });
                }
                Err(e) => problems.push(say(e)),
            }
            continue;
        }
        // For a group action the group column names the group to join or leave, not where
        // the user is.
        let place = if row.action.ends_with("-group") {
            Place {
                tenant: row.place.tenant.clone(),
                group: None,
            }
        } else {
            Place {
                tenant: row.place.tenant.clone(),
                group: row.place.group.clone(),
            }
        };
        let (dn, before) = match super::user_edit::find(p, c, &place, &row.id).await {
            Ok(found) => found,
            Err(e) => {
                problems.push(say(e.to_string()));
                continue;
            }
        };
        match row.action.as_str() {
            "delete" => {
                let login = crate::ldap::write::change::first_text(
                    &before,
                    crate::ldap::read::record::login_attr(p),
                );
                match membership::naming(p, &mut c.session, &dn, login.as_deref()).await {
                    Ok(leave) => steps.push(Step {
                        line: row.n,
                        change: Change::Delete { dn, leave },
                        before: Some(before),
                    }),
                    Err(e) => problems.push(say(e.to_string())),
                }
            }
            "add-group" | "remove-group" => match &row.place.group {
                Some(g) => gather(
                    &mut groups,
                    (g.clone(), row.action == "add-group"),
                    (row.n, dn, row.id.clone()),
                ),
                None => problems.push(say(format!("{} needs a group column", row.action))),
            },
            action => {
                // modify, disable, enable: the cells and the account state in one modify.
                let mut w = wants(row);
                if action != "modify" {
                    match scheme.want(&before, action == "disable") {
                        Ok(x) => w.push(x),
                        Err(e) => {
                            problems.push(say(e));
                            continue;
                        }
                    }
                }
                let mods: Vec<Mod> = diff(&before, &w);
                if mods.is_empty() {
                    continue;
                }
                if let Some(s) = &schema {
                    for pr in s.check_modify(&before, &mods) {
                        problems.push(say(pr));
                    }
                }
                steps.push(Step {
                    line: row.n,
                    change: Change::Modify { dn, mods },
                    before: Some(before),
                });
            }
        }
    }
    for ((name, join), members) in groups {
        match group_step(p, c, &name, join, &members).await {
            Ok(Some(step)) => steps.push(step),
            Ok(None) => {}
            Err(e) => problems.push(format!(
                "row {}: group {name}: {e}",
                members.first().map_or(0, |m| m.0)
            )),
        }
    }
    if problems.is_empty() {
        Ok(steps)
    } else {
        Err(problems)
    }
}

/// A row joining or leaving a group: its number, the user's DN and login.
type Member = (usize, String, String);
/// A group (name, join) and the rows for it.
type GroupRows = ((String, bool), Vec<Member>);

fn gather(groups: &mut Vec<GroupRows>, key: (String, bool), m: Member) {
    match groups
        .iter_mut()
        .find(|(k, _)| k.0.eq_ignore_ascii_case(&key.0) && k.1 == key.1)
    {
        Some((_, list)) => list.push(m),
        None => groups.push((key, vec![m])),
    }
}

/// One modify of a group for every row that joins (or leaves) it.
async fn group_step(
    p: &Provider,
    c: &mut Connected,
    name: &str,
    join: bool,
    members: &[Member],
) -> Result<Option<Step>, String> {
    let Some((row, first_dn, first_id)) = members.first() else {
        return Ok(None);
    };
    let list = membership::groups_of(p, &mut c.session, first_dn, first_id)
        .await
        .map_err(|e| e.to_string())?;
    let group = membership::pick(&list, name)
        .map_err(|e| e.to_string())?
        .dn
        .clone();
    let img: Image = crate::ldap::write::edit::read(&mut c.session, &group)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{group} is gone"))?;
    let mut mods: Vec<Mod> = Vec::new();
    for (_, dn, id) in members {
        if let Some(m) = membership::plan(&img, dn, id, join)? {
            match mods.iter_mut().find(|x| {
                x.attr().eq_ignore_ascii_case(m.attr())
                    && std::mem::discriminant(*x) == std::mem::discriminant(&m)
            }) {
                Some(Mod::Add(_, v) | Mod::Delete(_, v)) => v.extend(m.values().iter().cloned()),
                _ => mods.push(m),
            }
        }
    }
    if mods.is_empty() {
        return Ok(None);
    }
    Ok(Some(Step {
        line: *row,
        change: Change::Modify { dn: group, mods },
        before: Some(img),
    }))
}

/// `users bulk`.
pub fn run(path: &std::path::Path, a: BulkArgs, out: &Output) -> Result<i32, Error> {
    let p = writable(out, path, &a.slug)?;
    let text = read_input(&a.from_csv)?;
    let mut problems = Vec::new();
    let rows = rows(&p, &text, &mut problems);
    if !problems.is_empty() {
        return Err(super::apply::refuse(&problems, &a.from_csv));
    }
    if rows.is_empty() {
        return Err(Error::Input(format!(
            "{}: no rows: nothing to do",
            a.from_csv
        )));
    }
    runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let steps = match plan(&p, &mut c, &rows).await {
            Ok(s) => s,
            Err(problems) => {
                c.session.close().await;
                return Err(super::apply::refuse(&problems, &a.from_csv));
            }
        };
        if steps.is_empty() {
            c.session.close().await;
            out.note("every row is as the file says already: nothing to send");
            return Ok(crate::error::EXIT_OK);
        }
        let how = super::apply::How {
            label: "row",
            continue_on_error: a.continue_on_error,
            atomic: a.atomic,
        };
        let mut planned = super::apply::Planned::default();
        let problems: Vec<String> = steps
            .into_iter()
            .filter_map(|s| planned.push(s, "row").err())
            .collect();
        if !problems.is_empty() {
            c.session.close().await;
            return Err(super::apply::refuse(&problems, &a.from_csv));
        }
        finish(&p, c, planned, how, &a.confirm, out).await
    })
}
