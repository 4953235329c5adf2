//! The test log pane: the doctor's steps as they arrive, for one provider.

use std::collections::BTreeSet;

use super::action::JobId;
use crate::config::{Provider, Secret};
use crate::ldap::doctor::{Report, Status, Step};

/// One run of the doctor, shown live.
#[derive(Debug, Clone)]
pub struct TestLog {
    /// The job whose messages this pane accepts.
    pub job: JobId,
    /// What is being tested (kept to run it again).
    pub provider: Provider,
    /// A password typed for it, kept in memory only for `t` again.
    pub password: Option<Secret>,
    /// The form's unsaved provider rather than the saved one.
    pub unsaved: bool,
    /// Steps so far.
    pub steps: Vec<Step>,
    /// Still running.
    pub running: bool,
    /// Esc stopped it.
    pub cancelled: bool,
    /// The final report.
    pub report: Option<Report>,
    /// Selected step.
    pub selected: usize,
    /// Steps whose detail lines are shown.
    pub expanded: BTreeSet<usize>,
    /// Each step's equivalent command is shown under it (`c`).
    pub commands: bool,
}

impl TestLog {
    /// A fresh, running log.
    pub fn new(job: JobId, provider: Provider, password: Option<Secret>, unsaved: bool) -> TestLog {
        TestLog {
            job,
            provider,
            password,
            unsaved,
            steps: Vec::new(),
            running: true,
            cancelled: false,
            report: None,
            selected: 0,
            expanded: BTreeSet::new(),
            commands: false,
        }
    }

    /// A step arrived.
    pub fn step(&mut self, s: Step) {
        let failed = s.status == Status::Failed;
        self.steps.push(s);
        if failed
            && !self.steps[..self.steps.len() - 1]
                .iter()
                .any(|x| x.status == Status::Failed)
        {
            // Show the first failure's details without a key press.
            self.selected = self.steps.len() - 1;
            self.expanded.insert(self.selected);
        }
    }

    /// The run ended.
    pub fn done(&mut self, report: Report) {
        self.running = false;
        self.steps = report.steps.clone();
        if let Some(i) = self.steps.iter().position(|s| s.status == Status::Failed) {
            self.selected = i;
            self.expanded.insert(i);
        }
        self.report = Some(report);
    }

    /// Shows or hides the selected step's lines.
    pub fn toggle(&mut self) {
        if !self.expanded.remove(&self.selected) {
            self.expanded.insert(self.selected);
        }
    }

    /// Moves the selection.
    pub fn move_by(&mut self, delta: isize) {
        let n = self.steps.len() as isize;
        self.selected = (self.selected as isize + delta).clamp(0, (n - 1).max(0)) as usize;
    }
}
