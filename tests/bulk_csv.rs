//! `ldapdeck users bulk --from-csv` against a real slapd: one combined modify per entry, a
//! disable with a field in the same modify, group joins as one modify of the group, a create,
//! the batch undone as one; and every problem listed with its row number before anything is
//! sent.

mod support;

use serde_json::Value;
use support::cli::Run;
use support::rw::{Rw, entry, has};
use support::slapd::{self, ADMIN_DN, ADMIN_PW, SUFFIX};

fn setup(ou: &str) -> Rw {
    let s = slapd::shared();
    Rw::new(
        &format!(
            "[[provider]]\nslug = \"csv\"\nserver_type = \"openldap\"\nurls = [\"{}\"]\nca_file = \"{}\"\n\
             bind_dn = \"{ADMIN_DN}\"\nbind_password_env = \"TEST_ADMIN_PW\"\nbase_dn = \"{SUFFIX}\"\n\
             users_base = \"{ou}\"\ngroups_base = \"{ou}\"\nstatus_disabled_value = \"disabled\"\n\
             [provider.attributes]\nlogin = \"uid\"\nstatus = \"employeeType\"\nmail = \"mail\"\nfull_name = \"cn\"\n",
            s.ldaps_url(),
            s.ca_file.display()
        ),
        "TEST_ADMIN_PW",
        ADMIN_PW,
    )
}

fn bulk(t: &Rw, csv: &str) -> Run {
    t.run(
        &["users", "bulk", "csv", "--from-csv", "-", "--yes", "--json"],
        Some(csv),
    )
}

fn fixture(ou: &str) {
    let mut ldif = format!(
        "dn: {ou}\nobjectClass: organizationalUnit\nou: {}\n\n",
        &ou[3..ou.find(',').unwrap_or(3)]
    );
    for u in ["c1", "c2", "c3"] {
        ldif.push_str(&format!(
            "dn: uid={u},{ou}\nobjectClass: inetOrgPerson\nuid: {u}\ncn: {u}\nsn: {u}\ndescription: old\n\n"
        ));
    }
    ldif.push_str(&format!(
        "dn: cn=team,{ou}\nobjectClass: groupOfNames\ncn: team\nmember: uid=c3,{ou}\n\n"
    ));
    slapd::as_admin("ldapadd", &ldif);
}

#[test]
fn rows_become_one_modify_per_entry_and_the_batch_undoes_as_one() {
    let ou = format!("ou=csv1,{SUFFIX}");
    fixture(&ou);
    let t = setup(&ou);
    let csv = "id,action,mail,description,group\n\
               c1,,c1@x,-,\n\
               c2,disable,c2@x,,\n\
               c1b,create,c1b@x,,\n\
               c3,add-group,,,team\n";
    let r = bulk(&t, csv);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v: Value = r.json();
    // c1: one modify (mail set, description deleted); c2: one modify (mail and the lock);
    // c1b: an add; c3 is in team already: nothing to send for it.
    assert_eq!(v["applied"], 3, "{v:#}");
    assert!(
        r.stderr.contains("batch of 3: 1 add, 2 modify"),
        "{}",
        r.stderr
    );
    let (c1, c2) = (format!("uid=c1,{ou}"), format!("uid=c2,{ou}"));
    assert!(
        has(&c1, "mail: c1@x") && !has(&c1, "description: old"),
        "{:?}",
        entry(&c1)
    );
    assert!(
        has(&c2, "mail: c2@x") && has(&c2, "employeeType: disabled"),
        "{:?}",
        entry(&c2)
    );
    assert!(
        has(&c2, "description: old"),
        "an empty cell leaves it alone"
    );
    assert!(has(&format!("uid=c1b,{ou}"), "mail: c1b@x"));
    // One undo takes the batch back.
    let id = v["journal"].as_str().expect("id").to_string();
    let r = t.run(&["journal", "undo", &id, "--yes", "--json"], None);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(has(&c1, "description: old") && !has(&c1, "mail: c1@x"));
    assert!(!has(&c2, "employeeType: disabled"));
    assert!(
        entry(&format!("uid=c1b,{ou}")).is_none(),
        "the create is undone"
    );
    // Joining a group: every row for it goes in one modify of the group.
    let r = bulk(
        &t,
        "id,action,group\nc1,add-group,team\nc2,add-group,team\n",
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("batch of 1: 1 modify"), "{}", r.stderr);
    let team = format!("cn=team,{ou}");
    assert!(has(&team, &format!("member: {c1}")) && has(&team, &format!("member: {c2}")));
}

#[test]
fn every_problem_is_listed_with_its_row_before_anything_is_sent() {
    let ou = format!("ou=csv2,{SUFFIX}");
    fixture(&ou);
    let t = setup(&ou);
    let csv = "id,action,mail,no such column!\n\
               c1,,a@x,\n\
               c1,,b@x,\n\
               nobody,,c@x,\n\
               c2,frobnicate,,\n\
               c3,,\n";
    let r = bulk(&t, csv);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("column 4 (no such column!)"),
        "{}",
        r.stderr
    );
    // The header problem stops there; without it every row is looked at.
    let csv = "id,action,mail\nc1,,a@x\nc1,,b@x\nnobody,,c@x\nc2,frobnicate,\nc3,\n";
    let r = bulk(&t, csv);
    assert_eq!(r.code, 2);
    for needle in [
        "row 3: id c1 appears again (first at row 2)",
        "row 5: action frobnicate",
        "row 6: 2 fields, the header has 3",
    ] {
        assert!(r.stderr.contains(needle), "{needle}:\n{}", r.stderr);
    }
    let csv = "id,mail\nc1,a@x\nnobody,c@x\n";
    let r = bulk(&t, csv);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("row 3: nobody: no user has uid=nobody"),
        "{}",
        r.stderr
    );
    assert!(
        !has(&format!("uid=c1,{ou}"), "mail: a@x"),
        "nothing was sent"
    );
}
