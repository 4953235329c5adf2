//! `ldapdeck apply` against a real slapd: every record kind in one file (folded and base64
//! values), one undo for the batch, a failure in the middle (stop, continue-on-error, undo of
//! the applied part), a dry run, and every problem listed with its line before anything is
//! sent.

mod support;

use serde_json::Value;
use support::cli::{Env, Run};
use support::rw::{Rw, entry, has};
use support::slapd::{self, ADMIN_DN, ADMIN_PW, SUFFIX};

/// A provider bound as the rootdn, and a journal of its own.
fn setup() -> Rw {
    let s = slapd::shared();
    Rw::new(
        &format!(
            "[[provider]]\nslug = \"rw\"\nserver_type = \"openldap\"\nurls = [\"{}\"]\nca_file = \"{}\"\n\
             bind_dn = \"{ADMIN_DN}\"\nbind_password_env = \"TEST_ADMIN_PW\"\nbase_dn = \"{SUFFIX}\"\n",
            s.ldaps_url(),
            s.ca_file.display()
        ),
        "TEST_ADMIN_PW",
        ADMIN_PW,
    )
}

trait Apply {
    fn apply(&self, ldif: &str, flags: &[&str]) -> Run;
}

impl Apply for Rw {
    fn apply(&self, ldif: &str, flags: &[&str]) -> Run {
        let mut args = vec!["apply", "rw", "-", "--json"];
        args.extend(flags);
        self.run(&args, Some(ldif))
    }
}

#[test]
fn every_record_kind_applies_as_one_batch_and_one_undo_takes_it_back() {
    let t = setup();
    let ou = format!("ou=apply1,{SUFFIX}");
    let ldif = format!(
        "version: 1\n\n# a vendor's file\n\
         dn: {ou}\nobjectClass: organizationalUnit\nou: apply1\n\n\
         dn: uid=ap1,{ou}\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\nuid: ap1\n\
         cn: Ann\n  Pruitt\nsn:: UHLDvGl0dA==\nuidNumber: 7001\ngidNumber: 7001\nhomeDirectory: /home/ap1\n\n\
         dn: uid=ap2,{ou}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: ap2\ncn: Bo\nsn: B\nmail: old@x\n\n\
         dn: uid=ap1,{ou}\nchangetype: modify\nadd: mail\nmail: ann@x\n-\nreplace: cn\ncn: Ann P\n-\n\
         increment: uidNumber\nuidNumber: 5\n-\n\n\
         dn: uid=ap2,{ou}\nchangetype: modify\ndelete: mail\n-\n\n\
         dn: uid=ap2,{ou}\nchangetype: modrdn\nnewrdn: uid=ap3\ndeleteoldrdn: 1\n\n\
         dn: uid=ap3,{ou}\nchangetype: delete\n"
    );
    // A dry run shows the plan and sends nothing.
    let r = t.apply(&ldif, &["--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("batch of 7: 3 add, 1 delete, 2 modify, 1 modrdn"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("increment: uidNumber"), "{}", r.stderr);
    assert!(entry(&ou).is_none(), "nothing was sent");

    let r = t.apply(&ldif, &["--yes"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v: Value = r.json();
    assert_eq!(
        (v["applied"].as_u64(), v["failed"].as_u64()),
        (Some(7), Some(0)),
        "{v:#}"
    );
    let ap1 = format!("uid=ap1,{ou}");
    assert!(has(&ap1, "cn: Ann P"), "{:?}", entry(&ap1));
    assert!(has(&ap1, "mail: ann@x"));
    assert!(
        has(&ap1, "uidNumber: 7006"),
        "incremented: {:?}",
        entry(&ap1)
    );
    assert!(
        has(&ap1, "sn:: UHLDvGl0dA=="),
        "base64 kept: {:?}",
        entry(&ap1)
    );
    assert!(entry(&format!("uid=ap2,{ou}")).is_none());
    assert!(
        entry(&format!("uid=ap3,{ou}")).is_none(),
        "renamed, then deleted"
    );

    // The batch is one journal record; its undo takes all seven back, last first.
    let id = v["journal"].as_str().expect("journal id").to_string();
    let list = t.run(&["journal", "list", "--json"], None);
    let recs: Value = list.json();
    let batch = recs
        .as_array()
        .and_then(|l| l.iter().find(|r| r["id"] == id.as_str()))
        .unwrap_or_else(|| panic!("{recs:#}"));
    assert_eq!(batch["kind"], "batch", "{batch:#}");
    let r = t.run(&["journal", "undo", &id, "--yes", "--json"], None);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(entry(&ap1).is_none(), "the add is undone");
    assert!(entry(&ou).is_none(), "and the OU");
    assert!(entry(&format!("uid=ap2,{ou}")).is_none());
}

#[test]
fn a_failure_in_the_middle_stops_or_goes_on_and_the_applied_part_is_undone() {
    let t = setup();
    let ou = format!("ou=apply2,{SUFFIX}");
    let make =
        format!("dn: {ou}\nobjectClass: organizationalUnit\nou: apply2\ndescription: start\n");
    let r = t.apply(&make, &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The second change deletes a value the entry does not have: the server refuses it.
    let ldif = format!(
        "dn: {ou}\nchangetype: modify\nreplace: description\ndescription: one\n-\n\n\
         dn: {ou}\nchangetype: modify\ndelete: description\ndescription: not there\n-\n\n\
         dn: {ou}\nchangetype: modify\nadd: l\nl: Paris\n-\n"
    );
    let r = t.apply(&ldif, &["--yes"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let v: Value = r.json();
    let results: Vec<&str> = v["results"]
        .as_array()
        .map(|l| l.iter().filter_map(|x| x["result"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(results, ["applied", "failed", "skipped"], "{v:#}");
    assert_eq!(v["results"][1]["line"], 7, "{v:#}");
    assert!(v["results"][1]["cause"].is_string(), "{v:#}");
    assert!(has(&ou, "description: one"));
    assert!(!has(&ou, "l: Paris"), "skipped");
    // Undo takes back the applied part only.
    let id = v["journal"].as_str().expect("id").to_string();
    let r = t.run(&["journal", "undo", &id, "--yes", "--json"], None);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(has(&ou, "description: start"), "{:?}", entry(&ou));
    // With --continue-on-error the third goes on after the second fails.
    let r = t.apply(&ldif, &["--yes", "--continue-on-error"]);
    assert_eq!(r.code, 1);
    let v: Value = r.json();
    assert_eq!(v["applied"], 2, "{v:#}");
    assert!(has(&ou, "l: Paris"));
}

#[test]
fn every_problem_is_listed_with_its_line_before_anything_is_sent() {
    let t = setup();
    let ldif = format!(
        "dn: ou=people,{SUFFIX}\nobjectClass: organizationalUnit\nou: people\n\n\
         dn: uid=nobody,ou=people,{SUFFIX}\nchangetype: modify\nreplace: cn\ncn: x\n-\n\n\
         dn: ou=apply3,{SUFFIX}\nobjectClass: organizationalUnit\nou: apply3\nmail: not@allowed\n\n\
         dn: ou=apply3b,{SUFFIX}\ncontrol: 1.2.3.4 true\nchangetype: delete\n"
    );
    let r = t.apply(&ldif, &["--yes"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    for needle in [
        "line 1: ou=people,dc=example,dc=org exists already",
        "line 5: there is no entry uid=nobody",
        "line 11: ou=apply3,dc=example,dc=org: mail is not allowed",
        "line 16: control 1.2.3.4",
        "4 problem(s)",
    ] {
        assert!(r.stderr.contains(needle), "{needle}:\n{}", r.stderr);
    }
    assert!(entry(&format!("ou=apply3,{SUFFIX}")).is_none());
    // A syntax error names the line and column, and nothing is sent.
    let r = t.apply(
        &format!("dn: ou=apply4,{SUFFIX}\nchangetype: modify\nadd: l\nl: x\n"),
        &["--yes"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("line 3"), "{}", r.stderr);
    // File URLs are refused unless asked.
    let r = t.apply(
        &format!("dn: ou=apply5,{SUFFIX}\nobjectClass: organizationalUnit\nou: apply5\ndescription:< file:///etc/hostname\n"),
        &["--yes"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--allow-file-urls"), "{}", r.stderr);
}

/// The console as the issue asks: pick users, disable them as one batch after seeing every
/// change, and undo the batch with one key.
#[test]
fn the_console_disables_picked_users_as_one_batch_and_undoes_it_with_one_key() {
    use support::tmux::Tmux;
    let ou = format!("ou=batch,{SUFFIX}");
    let mut ldif = format!("dn: {ou}\nobjectClass: organizationalUnit\nou: batch\n\n");
    for i in 1..=4 {
        ldif.push_str(&format!(
            "dn: uid=b{i},{ou}\nobjectClass: inetOrgPerson\nuid: b{i}\ncn: B {i}\nsn: {i}\n\n"
        ));
    }
    slapd::as_admin("ldapadd", &ldif);
    let s = slapd::shared();
    let env = Env::new();
    env.write(&format!(
        "[[provider]]\nslug = \"batch\"\nserver_type = \"openldap\"\nurls = [\"{}\"]\nca_file = \"{}\"\n\
         bind_dn = \"{ADMIN_DN}\"\nbind_password_env = \"TEST_ADMIN_PW\"\nbase_dn = \"{SUFFIX}\"\n\
         users_base = \"{ou}\"\nstatus_disabled_value = \"disabled\"\n\
         [provider.attributes]\nlogin = \"uid\"\nstatus = \"employeeType\"\n",
        s.ldaps_url(),
        s.ca_file.display()
    ));
    let state = tempfile::tempdir().expect("state");
    let cmd = format!(
        "env NO_COLOR=1 TEST_ADMIN_PW={ADMIN_PW} XDG_STATE_HOME={} {} --config {}; sleep 60",
        state.path().display(),
        support::cli::bin(),
        env.config.display()
    );
    let t = Tmux::start("batch", &cmd);
    t.wait_for(&["batch"], 10);
    t.keys(&["b"]);
    t.wait_for(&["b1", "b4", "4 users"], 10);
    // Three picked with Space, then x: one preview with every change.
    t.keys(&["Space", "Space", "Space"]);
    t.wait_for(&["3 picked", "✓ b3"], 5);
    t.keys(&["x"]);
    let screen = t.wait_for(&["Disable 3 users", "as one batch", "uid=b3,"], 10);
    assert!(
        screen.contains("uid=b1,") && screen.contains("uid=b2,"),
        "{screen}"
    );
    t.keys(&["y"]);
    t.wait_for(&["Disable 3 users: done"], 10);
    for i in 1..=3 {
        assert!(
            has(&format!("uid=b{i},{ou}"), "employeeType: disabled"),
            "b{i}"
        );
    }
    assert!(!has(&format!("uid=b4,{ou}"), "employeeType: disabled"));
    // The journal shows the batch as one row; u undoes it as one.
    t.keys(&["J"]);
    t.wait_for(&["batch of 3"], 10);
    t.keys(&["u"]);
    t.wait_for(&["Undo batch of 3", "delete: employeeType"], 10);
    t.keys(&["y"]);
    t.wait_for(&["Undo batch of 3", "done"], 10);
    for i in 1..=3 {
        assert!(
            !has(&format!("uid=b{i},{ou}"), "employeeType: disabled"),
            "b{i} enabled again"
        );
    }
}

#[test]
fn atomic_sends_the_batch_in_one_transaction_all_or_nothing() {
    let t = setup();
    let ou = format!("ou=apply6,{SUFFIX}");
    let r = t.apply(
        &format!("dn: {ou}\nobjectClass: organizationalUnit\nou: apply6\ndescription: start\n"),
        &["--yes"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let failing = format!(
        "dn: {ou}\nchangetype: modify\nreplace: description\ndescription: one\n-\n\n\
         dn: {ou}\nchangetype: modify\ndelete: description\ndescription: not there\n-\n"
    );
    let r = t.apply(&failing, &["--yes", "--atomic"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let v: Value = r.json();
    assert_eq!(v["applied"], 0, "all or nothing: {v:#}");
    assert!(
        has(&ou, "description: start"),
        "rolled back: {:?}",
        entry(&ou)
    );
    let ok = format!(
        "dn: {ou}\nchangetype: modify\nreplace: description\ndescription: two\n-\n\n\
         dn: {ou}\nchangetype: modify\nadd: l\nl: Lyon\n-\n"
    );
    let r = t.apply(&ok, &["--yes", "--atomic"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        has(&ou, "description: two") && has(&ou, "l: Lyon"),
        "{:?}",
        entry(&ou)
    );
    // And one undo takes the committed batch back.
    let id = r.json()["journal"].as_str().unwrap_or("").to_string();
    let u = t.run(&["journal", "undo", &id, "--yes", "--json"], None);
    assert_eq!(u.code, 0, "{}\n{}", u.stdout, u.stderr);
    assert!(has(&ou, "description: start") && !has(&ou, "l: Lyon"));
}

/// A change made on the server between the plan and the send: the server checks each modify
/// itself (the Assertion control on the entry's CSN, which slapd offers), so a change to an
/// attribute the file replaces is a conflict and nothing is sent for that entry, while a
/// change to another attribute of an entry lets its modify through (decided on a re-read of
/// what it touches). The undo then takes back only what the batch did.
#[test]
fn a_change_made_after_the_plan_is_caught_when_it_is_sent() {
    use support::tmux::Tmux;
    let t = setup();
    let ou = format!("ou=assert,{SUFFIX}");
    let dn = |n: &str| format!("ou={n},{ou}");
    let mut ldif = format!("dn: {ou}\nobjectClass: organizationalUnit\nou: assert\n\n");
    for n in ["a1", "a2", "a3"] {
        ldif.push_str(&format!(
            "dn: {}\nobjectClass: organizationalUnit\nou: {n}\ndescription: start\n\n",
            dn(n)
        ));
    }
    slapd::as_admin("ldapadd", &ldif);
    let file = t.env.dir.path().join("assert.ldif");
    let mut changes = String::new();
    for n in ["a1", "a2", "a3"] {
        changes.push_str(&format!(
            "dn: {}\nchangetype: modify\nreplace: description\ndescription: from the file\n-\n\n",
            dn(n)
        ));
    }
    std::fs::write(&file, changes).expect("write ldif");
    let cmd = format!(
        "env NO_COLOR=1 TEST_ADMIN_PW={ADMIN_PW} XDG_STATE_HOME={} {} --config {} apply rw {} \
         --continue-on-error; sleep 30",
        t.state.path().display(),
        support::cli::bin(),
        t.env.config.display(),
        file.display()
    );
    let tm = Tmux::start("apply-assert", &cmd);
    tm.wait_for(&["batch of 3: 3 modify", "Apply this change? [y/N]"], 20);
    // While the question waits: someone else edits a1's description and a2's postalCode.
    slapd::as_admin(
        "ldapmodify",
        &format!(
            "dn: {}\nchangetype: modify\nreplace: description\ndescription: by someone else\n-\n\n\
             dn: {}\nchangetype: modify\nadd: postalCode\npostalCode: 1000\n-\n",
            dn("a1"),
            dn("a2")
        ),
    );
    tm.text("y");
    tm.keys(&["Enter"]);
    let screen = tm.wait_for(&["2 applied, 1 failed, 0 skipped"], 20);
    assert!(
        screen.contains("conflict") && screen.contains("by someone else"),
        "{screen}"
    );
    // The progress bar on a terminal, full at the end.
    assert!(
        screen.contains(&format!("[{}] 3 / 3", "#".repeat(30))),
        "{screen}"
    );
    assert!(has(&dn("a1"), "description: by someone else"), "a1 kept");
    for n in ["a2", "a3"] {
        assert!(has(&dn(n), "description: from the file"), "{n}");
    }
    assert!(has(&dn("a2"), "postalCode: 1000"));
    let id = screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("journal "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("a journal id in {screen}"))
        .to_string();
    let r = t.run(&["journal", "undo", &id, "--yes", "--json"], None);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    for n in ["a2", "a3"] {
        assert!(has(&dn(n), "description: start"), "{n} undone");
    }
    assert!(has(&dn("a1"), "description: by someone else"));
    assert!(
        has(&dn("a2"), "postalCode: 1000"),
        "not the batch's to undo"
    );
}

/// A deleted entry's password never reaches the journal: the batch's undo puts the entry
/// back without it, and says so.
#[test]
fn a_batch_delete_journals_the_entry_without_its_password() {
    let t = setup();
    let dn = format!("uid=pwdel,{SUFFIX}");
    slapd::as_admin(
        "ldapadd",
        &format!(
            "dn: {dn}\nobjectClass: inetOrgPerson\nuid: pwdel\ncn: Pw Del\nsn: Del\nuserPassword: Batch-Secret-91\n"
        ),
    );
    let r = t.apply(&format!("dn: {dn}\nchangetype: delete\n"), &["--yes"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(entry(&dn).is_none());
    let journal = support::cli::journal_text(t.state.path());
    // slapd keeps it hashed: neither the value nor the attribute is there.
    assert!(!journal.contains("Batch-Secret-91"), "{journal}");
    assert!(
        !journal.to_lowercase().contains("userpassword"),
        "{journal}"
    );
    let v: Value = r.json();
    let id = v["journal"].as_str().expect("id").to_string();
    let list = t.ok(&["journal", "list", "--json"], None);
    assert!(
        list.to_string().contains("without their password"),
        "the record says the undo has no password: {list:#}"
    );
    let r = t.run(&["journal", "undo", &id, "--yes", "--json"], None);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let back = entry(&dn).expect("undone");
    assert!(back.contains(&"cn: Pw Del".to_string()), "{back:?}");
    assert!(
        !back.iter().any(|l| l.starts_with("userPassword")),
        "{back:?}"
    );
}

/// The plan reads siblings in one search by entryDN, and what a base read of each gives.
#[tokio::test]
async fn siblings_are_read_in_one_search_as_base_reads_would_read_them() {
    let s = slapd::shared();
    let sib = support::by_dn::siblings(SUFFIX, "organizationalRole");
    slapd::as_admin("ldapmodify", &sib.ldif);
    let server = ldapdeck::config::ServerType::Openldap;
    let admin = (ADMIN_DN, ADMIN_PW);
    support::by_dn::siblings_come_back_as_base_reads_give_them(
        &s.ldaps_url(),
        &s.ca_file,
        admin,
        server,
        &sib,
    )
    .await;
}

/// One file that changes an entry twice, and deletes one it modified: the batch's own
/// changes are no conflict, and the undo goes back to where the file started.
#[test]
fn an_entry_changed_twice_in_one_file_is_no_conflict_and_its_undo_goes_back_to_the_start() {
    let t = setup();
    let ou = format!("ou=twice,{SUFFIX}");
    let role = format!("cn=t1,{ou}");
    let made = t.apply(
        &format!(
            "dn: {ou}\nobjectClass: organizationalUnit\nou: twice\ndescription: start\n\n\
             dn: {role}\nobjectClass: organizationalRole\ncn: t1\ndescription: start\n"
        ),
        &["--yes"],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let ldif = format!(
        "dn: {ou}\nchangetype: modify\nreplace: description\ndescription: one\n-\n\n\
         dn: OU=Twice,{SUFFIX}\nchangetype: modify\nreplace: description\ndescription: two\n-\n\n\
         dn: {role}\nchangetype: modify\nreplace: description\ndescription: changed\n-\n\n\
         dn: {role}\nchangetype: delete\n"
    );
    let r = t.apply(&ldif, &["--yes"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v: Value = r.json();
    assert_eq!(v["applied"], 4, "{v:#}");
    assert!(has(&ou, "description: two"), "{:?}", entry(&ou));
    assert!(entry(&role).is_none());
    let id = v["journal"].as_str().expect("journal id").to_string();
    let r = t.run(&["journal", "undo", &id, "--yes", "--json"], None);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(has(&ou, "description: start"), "{:?}", entry(&ou));
    assert!(has(&role, "description: start"), "{:?}", entry(&role));
}

/// A batch past a few hundred changes keeps its steps and undo in sealed files beside the
/// journal, unlinked: the batch applies, its record holds its LDIF, the undo takes it back,
/// and nothing is left in the journal's directory but the journal.
#[test]
fn a_large_batch_spills_sealed_and_leaves_only_the_journal() {
    let t = setup();
    let ou = format!("ou=large,{SUFFIX}");
    let n = 300;
    let mut adds = format!("dn: {ou}\nobjectClass: organizationalUnit\nou: large\n");
    let mut mods = String::new();
    for i in 0..n {
        let dn = format!("cn=r{i},{ou}");
        adds.push_str(&format!(
            "\ndn: {dn}\nobjectClass: organizationalRole\ncn: r{i}\ndescription: old {i}\n"
        ));
        mods.push_str(&format!(
            "dn: {dn}\nchangetype: modify\nreplace: description\ndescription: new {i}\n-\n\n"
        ));
    }
    let r = t.apply(&adds, &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = t.apply(&mods, &["--yes"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v: Value = r.json();
    assert_eq!(v["applied"], n, "{v:#}");
    let last = format!("cn=r{},{ou}", n - 1);
    assert!(has(&last, &format!("description: new {}", n - 1)));
    let id = v["journal"].as_str().expect("journal id").to_string();
    let shown = t.run(&["journal", "show", &id], None);
    assert!(
        shown
            .stdout
            .contains(&format!("description: new {}", n - 1)),
        "{}",
        shown.stdout
    );
    let r = t.run(&["journal", "undo", &id, "--yes", "--json"], None);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        has(&last, &format!("description: old {}", n - 1)),
        "{:?}",
        entry(&last)
    );
    assert!(has(&format!("cn=r0,{ou}"), "description: old 0"));
    let left: Vec<String> = std::fs::read_dir(t.state.path().join("ldapdeck/journal"))
        .expect("journal dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["rw.jsonl"]);
}
